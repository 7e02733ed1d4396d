"""Stored XSS, the most common helpdesk advisory: script in an e-mail's subject or HTML, or in
any text a customer or colleague typed, must reach staff's and customers' pages as text.
tests/browser/test_stored_xss_in_a_real_browser.py checks in Chromium that none of it runs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.services import add_internal_note, reply_to_customer
from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.models import MailSource
from tests.api.clients import NEW_COMPLAINT, bearer, send
from tests.factories import complaint_in
from tests.security.mail import hostile_mail

pytestmark = pytest.mark.django_db

SCRIPT = "<script>document.title='pwned'</script>"
HANDLER = "<img src=x onerror=\"document.title='pwned'\">"
BREAKOUT = '"><svg onload="document.title=\'pwned\'">'
PAYLOADS = (SCRIPT, HANDLER, BREAKOUT)
# What a payload must never appear as in a page: live markup.
LIVE = ("<script>document.title", "<img src=x onerror", "<svg onload")


def _live_markup(html: str) -> list[str]:
    return [fragment for fragment in LIVE if fragment in html]


def test_stored_xss_through_an_email_subject_and_html_is_shown_as_text_to_staff(client, agent):
    raw = hostile_mail(
        subject=f"Refund {SCRIPT}",
        html=f"<p>Hello</p>{SCRIPT}<p onclick=\"document.title='pwned'\">{HANDLER}</p>",
    )
    complaint = receive_mail(raw=raw, source=MailSource.SMTP).mail.complaint
    client.force_login(agent)

    pages = [
        client.get(reverse("console:queue")).content.decode(),
        client.get(reverse("console:complaint", args=[complaint.reference])).content.decode(),
    ]

    assert [_live_markup(page) for page in pages] == [[], []]


def test_stored_xss_in_every_text_field_of_a_complaint_is_escaped_in_the_console(
    client, agent, billing
):
    payload = " ".join(PAYLOADS)
    body = {
        **NEW_COMPLAINT,
        "customer": {"name": payload, "email": "dana@example.com", "phone": "+33 1 23"},
        "subject": payload[:300],
        "description": payload,
        "location": payload[:300],
        "product_reference": payload[:200],
    }
    reference = send(bearer(agent), "post", "/complaints", body).json()["reference"]
    complaint = Complaint.objects.get(reference=reference)
    add_internal_note(complaint=complaint, actor=agent, body=payload)
    reply_to_customer(complaint=complaint, actor=agent, body=payload, subject=payload[:200])
    client.force_login(agent)

    html = client.get(reverse("console:complaint", args=[reference])).content.decode()
    queue = client.get(reverse("console:queue")).content.decode()

    assert (_live_markup(html), _live_markup(queue), "&lt;script&gt;" in html) == ([], [], True)


def test_stored_xss_in_a_message_is_escaped_on_the_customers_tracking_page(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    reply_to_customer(complaint=complaint, actor=agent, body=" ".join(PAYLOADS))

    html = client.get(tracking.tracking_path(complaint)).content.decode()

    assert _live_markup(html) == []
