"""The SMTP listener, talked to with smtplib over loopback: a message is answered 250 only
once it is committed, 451 when it cannot be stored now, 552 when it is too large."""

from __future__ import annotations

import asyncio
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from unittest import mock

import pytest
from django.db import OperationalError, connections

from complaintdesk.complaints.models import Complaint
from complaintdesk.intake.mail import smtp_listener
from complaintdesk.intake.mail.smtp_listener import MailListener
from complaintdesk.intake.models import InboundMail, MailSource, MailStatus
from tests.mail.samples import eml


@pytest.fixture
def listener(transactional_db):
    server = MailListener("127.0.0.1", 0, workers=2)
    thread = threading.Thread(target=asyncio.run, args=(server.serve(),), daemon=True)
    thread.start()
    assert server.ready.wait(10), "the listener did not start"
    yield server
    server.stop()
    thread.join(timeout=60)
    connections.close_all()


def send(server: MailListener, raw: bytes, *, sender="customer@example.com", to=None):
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as client:
        return client.sendmail(sender, to or ["complaints@shop.example"], raw)


def test_a_message_sent_to_the_listener_is_a_complaint_when_the_send_returns(listener):
    send(listener, eml("gbk_subject_and_body.eml"))
    complaint = Complaint.objects.get()
    assert complaint.subject == "投诉：电饭煲内胆破裂（朱镕基路门店）"
    mail = InboundMail.objects.get()
    assert (mail.source, mail.envelope_sender) == (MailSource.SMTP, "customer@example.com")


def test_any_recipient_is_accepted_and_recorded(listener):
    send(listener, eml("big5.eml"), to=["klachten@shop.example", "quejas+x@shop.example"])
    assert InboundMail.objects.get().envelope_recipients == [
        "klachten@shop.example",
        "quejas+x@shop.example",
    ]


def test_the_same_message_sent_twice_opens_one_complaint(listener):
    send(listener, eml("multipart_alternative.eml"))
    send(listener, eml("multipart_alternative.eml"))
    assert Complaint.objects.count() == 1


def test_a_bounce_with_the_null_sender_opens_nothing(listener):
    send(listener, eml("mislabelled_utf8_as_ascii.eml"), sender="")
    assert InboundMail.objects.get().status == MailStatus.IGNORED_AUTO
    assert not Complaint.objects.exists()


def test_garbage_is_accepted_and_kept_in_quarantine(listener):
    send(listener, eml("garbage.eml"))
    assert InboundMail.objects.get().status == MailStatus.QUARANTINED


def test_a_message_that_cannot_be_stored_now_is_answered_451_to_be_sent_again(listener):
    with (
        mock.patch.object(smtp_listener, "receive_mail", side_effect=OperationalError("down")),
        pytest.raises(smtplib.SMTPDataError) as refused,
    ):
        send(listener, eml("big5.eml"))
    assert refused.value.smtp_code == 451
    send(listener, eml("big5.eml"))
    assert Complaint.objects.count() == 1


def test_a_message_over_the_size_limit_is_refused_with_552(listener, settings):
    settings.INTAKE_MAIL_MAX_BYTES = 1000
    with pytest.raises(smtplib.SMTPSenderRefused) as refused:
        send(listener, eml("forwarded_with_attachments.eml"))
    assert refused.value.smtp_code == 552
    assert not InboundMail.objects.exists()


def test_the_listener_command_stops_cleanly_on_sigterm(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "COMPLAINTDESK_DATA": str(tmp_path)}
    environment.pop("DATABASE_URL", None)
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "complaintdesk.cli", "smtpd", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
                    assert client.noop()[0] == 250
                break
            except OSError:
                time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "stopped" in output
