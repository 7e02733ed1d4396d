import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from complaintdesk.intake.mail.imap_fetcher import MailboxSettings, fetch_once, run_fetcher


class Command(BaseCommand):
    help = (
        "Take complaints from the IMAP mailbox set by IMAP_HOST, IMAP_USER, IMAP_PASSWORD "
        "(IMAP_PORT, IMAP_SSL, IMAP_FOLDER, IMAP_PROCESSED_FOLDER): unseen mail is stored, then "
        "marked seen or moved. Polls every --interval seconds until SIGINT or SIGTERM."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="seconds between passes (default IMAP_POLL_SECONDS)",
        )

    def handle(self, *args: object, once: bool, interval: float | None, **options: object) -> None:
        if not settings.IMAP_HOST:
            raise CommandError("IMAP_HOST is not set: name the IMAP server to fetch mail from")
        if interval is not None and interval < 1:
            raise CommandError(f"--interval must be at least 1 second (got {interval})")
        mailbox = MailboxSettings.from_settings()
        if once:
            try:
                report = fetch_once(mailbox)
            except Exception as exc:
                raise CommandError(
                    f"cannot fetch from {mailbox.host}:{mailbox.port}: {type(exc).__name__}: {exc}"
                ) from exc
            self.stdout.write(
                f"stored {report.stored}, already had {report.duplicates}, "
                f"too large {report.oversized}, left for later {len(report.left)}"
            )
            if report.left:
                raise CommandError("some messages could not be stored: " + "; ".join(report.left))
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        run_fetcher(mailbox, interval=interval or settings.IMAP_POLL_SECONDS, stop=stop)
