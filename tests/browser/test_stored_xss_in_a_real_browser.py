"""Stored XSS, checked in a real browser (the HTTP side is tests/security/test_stored_xss.py):
hostile text from an e-mail and from every field is shown on the console and tracking pages,
and no script of it runs: the page's title stays ours and no dialog opens."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Status
from complaintdesk.complaints.services import reply_to_customer
from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.models import MailSource
from tests.factories import PASSWORD, complaint_in
from tests.security.mail import hostile_mail
from tests.security.test_stored_xss import HANDLER, PAYLOADS, SCRIPT

pytestmark = pytest.mark.browser


def test_no_script_from_hostile_complaint_text_runs_in_a_real_browser(page, agent, billing):
    payload = " ".join(PAYLOADS)
    raw = hostile_mail(subject=f"Refund {SCRIPT}", html=f"<p>{payload}</p>{SCRIPT}{HANDLER}")
    emailed = receive_mail(raw=raw, source=MailSource.SMTP).mail.complaint
    typed = complaint_in(Status.INVESTIGATING, actor=agent, department=billing, subject=payload)
    reply_to_customer(complaint=typed, actor=agent, body=payload)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(reverse("console:login"))
    page.fill("#id_username", agent.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#queue-results")).to_be_visible()

    titles = []
    for path in (
        reverse("console:queue"),
        reverse("console:complaint", args=[emailed.reference]),
        reverse("console:complaint", args=[typed.reference]),
        tracking.tracking_path(typed),
    ):
        page.goto(path)
        page.wait_for_load_state("load")
        titles.append(page.title())

    assert ("pwned" not in " ".join(titles), dialogs) == (True, [])
