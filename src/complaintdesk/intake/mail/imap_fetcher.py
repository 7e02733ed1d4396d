"""`complaintdesk fetchmail`: takes complaints from an existing IMAP mailbox.

Unseen messages are read without marking them (BODY.PEEK), stored, and only once the
complaint is committed marked as seen (and with our keyword) or moved to the processed
folder. A crash in between leaves the message unseen; the next pass reads it again and the
Message-ID makes that harmless, so nothing is lost and nothing recorded twice."""

from __future__ import annotations

import logging
import ssl
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from imapclient import IMAPClient

from complaintdesk.intake.mail.services import receive_mail, record_oversized_mail
from complaintdesk.intake.models import MailSource

logger = logging.getLogger(__name__)
SEEN = b"\\Seen"
DELETED = b"\\Deleted"
KEYWORD = b"$Complaintdesk"
BATCH = 20


@dataclass(frozen=True)
class MailboxSettings:
    host: str
    port: int
    user: str
    password: str
    use_ssl: bool
    folder: str
    processed_folder: str
    timeout: float = 60.0

    @classmethod
    def from_settings(cls) -> MailboxSettings:
        return cls(
            host=settings.IMAP_HOST,
            port=settings.IMAP_PORT,
            user=settings.IMAP_USER,
            password=settings.IMAP_PASSWORD,
            use_ssl=settings.IMAP_SSL,
            folder=settings.IMAP_FOLDER,
            processed_folder=settings.IMAP_PROCESSED_FOLDER,
        )


@dataclass
class FetchReport:
    stored: int = 0
    duplicates: int = 0
    oversized: int = 0
    # Messages left unmarked on the server for the next pass, with why.
    left: list[str] = field(default_factory=list)


def fetch_once(mailbox: MailboxSettings, *, stop: threading.Event | None = None) -> FetchReport:
    """One pass over the unseen messages of the mailbox."""
    report = FetchReport()
    context = ssl.create_default_context() if mailbox.use_ssl else None
    with IMAPClient(
        mailbox.host,
        port=mailbox.port,
        ssl=mailbox.use_ssl,
        ssl_context=context,
        timeout=mailbox.timeout,
    ) as client:
        client.login(mailbox.user, mailbox.password)
        selected = client.select_folder(mailbox.folder)
        keywords_allowed = b"\\*" in selected.get(b"PERMANENTFLAGS", ())
        if mailbox.processed_folder and not client.folder_exists(mailbox.processed_folder):
            client.create_folder(mailbox.processed_folder)
        uids = sorted(client.search(["UNSEEN"]))
        for start in range(0, len(uids), BATCH):
            if stop is not None and stop.is_set():
                break
            batch = uids[start : start + BATCH]
            sizes = client.fetch(batch, ["RFC822.SIZE"])
            for uid in batch:
                if stop is not None and stop.is_set():
                    break
                size = int(sizes.get(uid, {}).get(b"RFC822.SIZE", 0))
                try:
                    stored_whole = _take(client, mailbox, uid, size, report)
                except DatabaseError as exc:
                    # Nothing can be stored now: leave this and the rest for the next pass.
                    report.left.append(f"uid {uid}: {exc}")
                    logger.error("database unavailable; stopping this pass: %s", exc)
                    return report
                if stored_whole is not None:
                    _mark(
                        client, mailbox, uid, keywords_allowed=keywords_allowed, move=stored_whole
                    )
    return report


def _take(
    client: IMAPClient, mailbox: MailboxSettings, uid: int, size: int, report: FetchReport
) -> bool | None:
    """Store one message. True: stored whole; False: only its headers were kept and it must
    stay where it is; None: it vanished from the server meanwhile (nothing to mark)."""
    if size > settings.INTAKE_MAIL_MAX_BYTES:
        found = client.fetch([uid], ["BODY.PEEK[HEADER]"]).get(uid)
        if found is None:
            return None
        record_oversized_mail(
            headers=found[b"BODY[HEADER]"],
            size=size,
            source=MailSource.IMAP,
            where=f"{mailbox.user}@{mailbox.host}/{mailbox.folder} uid {uid}",
        )
        report.oversized += 1
        return False
    found = client.fetch([uid], ["BODY.PEEK[]"]).get(uid)
    if found is None:
        return None
    delivery = receive_mail(raw=found[b"BODY[]"], source=MailSource.IMAP)
    if delivery.duplicate:
        report.duplicates += 1
    else:
        report.stored += 1
    return True


def _mark(
    client: IMAPClient, mailbox: MailboxSettings, uid: int, *, keywords_allowed: bool, move: bool
) -> None:
    """Only after the commit: seen, with our keyword where the server keeps keywords, and
    moved to the processed folder where one is configured (never for oversized mail, which
    stays where an administrator was told to find it)."""
    client.add_flags([uid], [SEEN, KEYWORD] if keywords_allowed else [SEEN])
    if not (move and mailbox.processed_folder):
        return
    if client.has_capability("MOVE"):
        client.move([uid], mailbox.processed_folder)
        return
    client.copy([uid], mailbox.processed_folder)
    client.add_flags([uid], [DELETED])
    if client.has_capability("UIDPLUS"):
        client.uid_expunge([uid])
    else:
        client.expunge()


def run_fetcher(mailbox: MailboxSettings, *, interval: float, stop: threading.Event) -> None:
    """Poll until `stop` is set; a failing server is logged and tried again next time."""
    while not stop.is_set():
        # A long-running poller: drop a connection the database closed since the last pass.
        close_old_connections()
        try:
            report = fetch_once(mailbox, stop=stop)
            if report.stored or report.duplicates or report.oversized or report.left:
                logger.info("fetchmail: %s", report)
        except Exception as exc:  # any server or network failure: the next pass retries
            logger.error("fetchmail: %s: %s", type(exc).__name__, exc)
        stop.wait(interval)
