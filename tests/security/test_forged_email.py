"""E-mail is an unauthenticated way in. Forged e-mail threading (a published advisory class):
a stranger naming someone else's complaint, in the subject or in forged In-Reply-To and
References headers, never writes into it. And remote content in e-mail is never fetched by
the server (no request to an address a sender chose)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from complaintdesk.complaints.models import Direction
from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.models import MailSource
from tests.security.mail import hostile_mail

pytestmark = pytest.mark.django_db


def _inbound(complaint) -> int:
    return complaint.messages.filter(direction=Direction.INBOUND).count()


def test_forged_email_threading_by_the_subject_does_not_write_into_a_strangers_complaint(
    billing_complaint,
):
    before = _inbound(billing_complaint)

    mail = receive_mail(
        raw=hostile_mail(
            subject=f"Re: [{billing_complaint.reference}] Charged twice",
            html="<p>Please refund to my new account FR76 0000 0000.</p>",
        ),
        source=MailSource.SMTP,
    ).mail

    assert (_inbound(billing_complaint), mail.complaint_id) == (before, None)


def test_forged_email_threading_by_a_made_up_in_reply_to_does_not_write_into_a_complaint(
    billing_complaint,
):
    before = _inbound(billing_complaint)
    forged_id = f"<cd.{billing_complaint.reference}.1.0000000000000000000000@localhost>"

    receive_mail(
        raw=hostile_mail(
            subject="Re: your complaint",
            html="<p>Send the refund to FR76 0000 0000.</p>",
            headers={"In-Reply-To": forged_id, "References": forged_id},
        ),
        source=MailSource.SMTP,
    )

    assert _inbound(billing_complaint) == before


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def listening():
    """An address on loopback that counts every request made to it."""
    _Counter.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_remote_images_and_links_in_email_are_never_fetched_by_the_server(client, agent, listening):
    mail = receive_mail(
        raw=hostile_mail(
            subject="Broken kettle",
            html=(
                f'<p>See the photo <img src="{listening}/tracker.gif"> and '
                f'<a href="{listening}/page">my page</a>.</p>'
                f'<link rel="stylesheet" href="{listening}/style.css">'
            ),
        ),
        source=MailSource.SMTP,
    ).mail
    client.force_login(agent)
    client.get(reverse("console:complaint", args=[mail.complaint.reference]))

    assert _Counter.hits == []
