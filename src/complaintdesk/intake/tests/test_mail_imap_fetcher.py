"""fetchmail against a real Dovecot on loopback: unseen mail becomes complaints, and is marked
or moved on the server only after it is committed, so a crash in between neither loses nor
duplicates anything."""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from imapclient import IMAPClient

from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.mail import imap_fetcher
from complaintdesk.intake.mail.imap_fetcher import KEYWORD, MailboxSettings, fetch_once
from complaintdesk.intake.models import InboundMail, MailSource, MailStatus
from tests.mail.dovecot import dovecot_binary, running_dovecot
from tests.mail.samples import eml

pytestmark = pytest.mark.skipif(
    dovecot_binary() is None,
    reason="needs Dovecot for a real IMAP server: apt-get install dovecot-imapd",
)


@pytest.fixture(scope="module")
def dovecot():
    # Not pytest's tmp_path: Dovecot's unprivileged processes must be able to reach it.
    with (
        tempfile.TemporaryDirectory(prefix="complaintdesk-dovecot-") as root,
        running_dovecot(Path(root)) as server,
    ):
        yield server


@pytest.fixture
def mailbox(dovecot, request):
    """A fresh folder per test, so tests never see each other's mail."""
    folder = f"T{abs(hash(request.node.name)) % 10**8}"
    with client_for(dovecot) as client:
        for name in (folder, f"{folder}.Done"):
            if client.folder_exists(name):
                client.delete_folder(name)
        client.create_folder(folder)
    return MailboxSettings(
        host=dovecot.host,
        port=dovecot.port,
        user=dovecot.user,
        password=dovecot.password,
        use_ssl=False,
        folder=folder,
        processed_folder="",
        timeout=10,
    )


def client_for(server) -> IMAPClient:
    client = IMAPClient(server.host, port=server.port, ssl=False, timeout=10)
    client.login(server.user, server.password)
    return client


def put(mailbox: MailboxSettings, *names: str) -> None:
    with client_for(mailbox) as client:
        for name in names:
            client.append(mailbox.folder, eml(name))


def flags(mailbox: MailboxSettings, folder: str | None = None) -> list[set[bytes]]:
    with client_for(mailbox) as client:
        client.select_folder(folder or mailbox.folder, readonly=True)
        found = client.fetch(client.search(["ALL"]), ["FLAGS"])
        return [set(found[uid][b"FLAGS"]) for uid in sorted(found)]


def test_unseen_mail_becomes_complaints_and_is_then_marked(db, mailbox):
    put(mailbox, "multipart_alternative.eml", "gbk_subject_and_body.eml")
    report = fetch_once(mailbox)
    assert report.stored == 2
    assert set(Complaint.objects.values_list("customer__email", flat=True)) == {
        "claire.martin@example.fr",
        "zhang.zhe@example.cn",
    }
    assert all({b"\\Seen", KEYWORD} <= marks for marks in flags(mailbox))
    assert set(InboundMail.objects.values_list("source", flat=True)) == {MailSource.IMAP}


def test_a_second_pass_finds_nothing_new(db, mailbox):
    put(mailbox, "big5.eml")
    fetch_once(mailbox)
    assert fetch_once(mailbox).stored == 0
    assert Complaint.objects.count() == 1


def test_stored_mail_is_moved_to_the_processed_folder(db, mailbox):
    mailbox = MailboxSettings(**{**mailbox.__dict__, "processed_folder": f"{mailbox.folder}.Done"})
    put(mailbox, "big5.eml")
    fetch_once(mailbox)
    assert flags(mailbox) == []
    (moved,) = flags(mailbox, mailbox.processed_folder)
    assert {b"\\Seen", KEYWORD} <= moved


def test_a_crash_before_marking_leaves_the_mail_for_the_next_pass_without_a_duplicate(db, mailbox):
    put(mailbox, "big5.eml")
    with (
        mock.patch.object(imap_fetcher, "_mark", side_effect=ConnectionResetError),
        pytest.raises(ConnectionResetError),
    ):
        fetch_once(mailbox)
    assert b"\\Seen" not in flags(mailbox)[0]
    report = fetch_once(mailbox)
    assert (report.stored, report.duplicates) == (0, 1)
    assert Complaint.objects.count() == 1
    assert b"\\Seen" in flags(mailbox)[0]


def test_when_the_database_is_down_mail_stays_unseen_on_the_server(db, mailbox):
    put(mailbox, "big5.eml", "multipart_alternative.eml")
    with mock.patch.object(imap_fetcher, "receive_mail", side_effect=OperationalError("down")):
        report = fetch_once(mailbox)
    assert len(report.left) == 1
    assert all(b"\\Seen" not in marks for marks in flags(mailbox))
    assert fetch_once(mailbox).stored == 2


def test_unreadable_and_automatic_mail_is_recorded_and_marked(db, mailbox):
    put(mailbox, "garbage.eml", "auto_reply_out_of_office.eml")
    fetch_once(mailbox)
    assert set(InboundMail.objects.values_list("status", flat=True)) == {
        MailStatus.QUARANTINED,
        MailStatus.IGNORED_AUTO,
    }
    assert not Complaint.objects.exists()
    assert all(b"\\Seen" in marks for marks in flags(mailbox))


def test_mail_over_the_size_limit_is_quarantined_by_its_headers_and_left_in_place(
    db, mailbox, settings
):
    settings.INTAKE_MAIL_MAX_BYTES = 1000
    mailbox = MailboxSettings(**{**mailbox.__dict__, "processed_folder": f"{mailbox.folder}.Done"})
    put(mailbox, "forwarded_with_attachments.eml")
    assert fetch_once(mailbox).oversized == 1
    mail = InboundMail.objects.get()
    assert mail.status == MailStatus.QUARANTINED
    assert "left on the server" in mail.error
    assert mail.subject == "Fwd: Your order 9034 has shipped"
    (left,) = flags(mailbox)
    assert {b"\\Seen", KEYWORD} <= left


def test_the_fetchmail_command_makes_one_pass(db, mailbox, settings):
    settings.IMAP_HOST, settings.IMAP_PORT = mailbox.host, mailbox.port
    settings.IMAP_USER, settings.IMAP_PASSWORD = mailbox.user, mailbox.password
    settings.IMAP_SSL, settings.IMAP_FOLDER = False, mailbox.folder
    settings.IMAP_PROCESSED_FOLDER = ""
    put(mailbox, "big5.eml")
    out = StringIO()
    call_command("fetchmail", "--once", stdout=out)
    assert out.getvalue().startswith("stored 1,")


def test_the_fetchmail_command_names_a_wrong_password(db, mailbox, settings):
    settings.IMAP_HOST, settings.IMAP_PORT = mailbox.host, mailbox.port
    settings.IMAP_USER, settings.IMAP_PASSWORD = mailbox.user, "wrong"
    settings.IMAP_SSL = False
    with pytest.raises(CommandError, match="cannot fetch from"):
        call_command("fetchmail", "--once")


def test_the_fetchmail_command_needs_a_server(settings):
    settings.IMAP_HOST = ""
    with pytest.raises(CommandError, match="IMAP_HOST is not set"):
        call_command("fetchmail", "--once")
