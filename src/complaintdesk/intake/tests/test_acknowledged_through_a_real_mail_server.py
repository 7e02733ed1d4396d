"""What issue #3 calls done: a complaint sent by e-mail (to the running SMTP listener), on the
web form and through the API is stored once, in its language, and its acknowledgement reaches
a real SMTP server on loopback; the customer's reply to it joins the complaint, even when the
relay delivers it twice."""

from __future__ import annotations

import smtplib
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from complaintdesk.complaints.models import Complaint, Direction
from complaintdesk.intake.mail.smtp_listener import MailListener
from complaintdesk.intake.models import InboundMail, MailStatus
from complaintdesk.intake.tests import test_mail_smtp_listener
from complaintdesk.intake.tests.webform import in_language, send
from complaintdesk.jobs.worker import run_pending_tasks
from tests.api.clients import NEW_COMPLAINT, bearer
from tests.api.clients import send as send_json

FRENCH = (
    "Bonjour, la machine à laver livrée lundi fuit dès le premier lavage et l'eau a abîmé le "
    "parquet de la cuisine. Je voudrais qu'elle soit remplacée rapidement. Merci."
)
# The running listener of the listener's own tests, on a free loopback port.
listener = test_mail_smtp_listener.listener


class Sink:
    """aiosmtpd's handler: keeps every message it is given, as a mail server would."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 Queued"

    def to(self, address: str) -> list[EmailMessage]:
        return [mail for mail in self.received if mail["To"] == address]


@pytest.fixture
def mail_server(settings):
    sink = Sink()
    with socket.socket() as probe:  # aiosmtpd's Controller needs a port named in advance
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield sink
    controller.stop()


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # The worker loop drops stale connections between tasks; here that would be the test's.
    monkeypatch.setattr("complaintdesk.jobs.worker.close_old_connections", lambda: None)


def relay(listener: MailListener, mail: EmailMessage) -> None:
    with smtplib.SMTP("127.0.0.1", listener.port, timeout=30) as client:
        client.send_message(mail, to_addrs=["complaints@shop.example"])


def test_an_e_mailed_complaint_is_acknowledged_in_its_language_and_the_reply_threads(
    listener, mail_server
):
    complaint_mail = EmailMessage()
    complaint_mail["From"] = "Élodie Martin <elodie@example.fr>"
    complaint_mail["To"] = "complaints@shop.example"
    complaint_mail["Subject"] = "Machine à laver qui fuit"
    complaint_mail["Message-ID"] = "<plainte-1@example.fr>"
    complaint_mail.set_content(FRENCH)
    relay(listener, complaint_mail)

    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.language) == ("email", "fr")
    run_pending_tasks()
    [acknowledgement] = mail_server.to("elodie@example.fr")
    assert acknowledgement["Subject"] == (
        f"Nous avons bien reçu votre réclamation {complaint.reference}"
    )
    assert acknowledgement["Auto-Submitted"] == "auto-generated"

    reply = EmailMessage()
    reply["From"] = "Élodie Martin <elodie@example.fr>"
    reply["To"] = "complaints@shop.example"
    reply["Subject"] = f"Re: {acknowledgement['Subject']}"
    reply["Message-ID"] = "<reponse-1@example.fr>"
    reply["In-Reply-To"] = acknowledgement["Message-ID"]
    reply["References"] = acknowledgement["Message-ID"]
    reply.set_content("Voici la photo de la fuite, prise ce matin.")
    relay(listener, reply)
    relay(listener, reply)  # the relay delivered it twice

    assert Complaint.objects.count() == 1
    [answer] = complaint.messages.filter(direction=Direction.INBOUND)
    assert answer.body.startswith("Voici la photo de la fuite")
    assert list(InboundMail.objects.order_by("pk").values_list("status", flat=True)) == [
        MailStatus.FILED,
        MailStatus.THREADED,
    ]


def test_a_web_form_complaint_in_spanish_is_acknowledged_in_spanish_by_mail(
    transactional_db, mail_server
):
    answer = send(
        in_language(Client(), "es"),
        {
            "name": "Lucía Fernández",
            "email": "lucia@example.es",
            "description": "El jarrón llegó roto y la caja estaba aplastada.",
            "consent": "on",
        },
    )
    assert answer.status_code == 302

    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.language) == ("web", "es")
    run_pending_tasks()
    [acknowledgement] = mail_server.to("lucia@example.es")
    assert acknowledgement["Subject"] == f"Hemos recibido su reclamación {complaint.reference}"


def test_an_api_complaint_in_chinese_is_acknowledged_in_chinese_by_mail(
    transactional_db, mail_server, agent
):
    body = {
        **NEW_COMPLAINT,
        "customer": {"name": "王芳", "email": "wangfang@example.cn", "language": "zh-hans"},
        "subject": "洗衣机外壳破损",
        "description": "我订购的洗衣机送到时外壳破损，无法正常使用。",
    }
    answer = send_json(bearer(agent), "post", "/complaints", body)
    assert answer.status_code == 201

    complaint = Complaint.objects.get()
    assert complaint.language == "zh-hans"
    run_pending_tasks()
    [acknowledgement] = mail_server.to("wangfang@example.cn")
    assert acknowledgement["Subject"] == f"我们已收到您的投诉 {complaint.reference}"
