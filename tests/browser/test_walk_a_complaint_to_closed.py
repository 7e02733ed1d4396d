"""An agent signs in and walks a complaint from its arrival to closed in the console (a
supervisor closes it); every step is in its history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Status
from tests.browser.console import sign_in, take
from tests.factories import CategoryFactory, file

pytestmark = pytest.mark.browser


def propose_a_plan(page, text):
    """Through the resolution panel: a plan with one step, proposed to the customer."""
    page.click("#plan-toggle")
    page.fill("#id_plan-objectives", text)
    page.check('input[name="plan-remedy_types"][value="refund"]')
    page.click("#plan-submit")
    page.locator('summary[id^="step-toggle-"]').click()
    page.fill("#id_step-description", text)
    soon = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_step-due_at", soon)
    page.locator('button[id^="step-submit-"]').click()
    page.locator('button[id^="propose-"]').click()


def finish_the_plan(page):
    """The plan's step done and the root cause recorded, which resolving an upheld one needs."""
    page.locator("button[data-step-submit]").click()
    expect(page.locator("li[data-status='done']")).to_be_visible()
    page.click("#cause-toggle")
    page.select_option("#id_cause-category", label="Process")
    page.fill("#id_cause-explanation", "The gateway captured the payment twice.")
    page.click("#cause-submit")
    expect(page.locator("#root-cause")).to_be_visible()


def test_an_agent_walks_a_complaint_from_received_to_closed_in_the_console(
    page, agent, supervisor, billing
):
    category = CategoryFactory(code="billing-and-charges", name="Billing and charges")
    complaint = file(subject="Charged twice for order 1001")
    sign_in(page, agent)

    page.click(f"#row-{complaint.reference} a")
    status = page.locator("#complaint-status")
    expect(status).to_have_attribute("data-status", Status.ACKNOWLEDGED)

    take(page, "triage", category=str(category.pk), severity="high", department=str(billing.pk))
    expect(status).to_have_attribute("data-status", Status.TRIAGED)
    take(page, "start_investigation")
    expect(status).to_have_attribute("data-status", Status.INVESTIGATING)
    propose_a_plan(page, "Refund the second charge within 3 days.")
    expect(status).to_have_attribute("data-status", Status.REMEDY_PROPOSED)
    take(page, "accept_remedy", note="Accepted by phone.")
    expect(status).to_have_attribute("data-status", Status.IN_REMEDY)
    finish_the_plan(page)
    take(
        page,
        "resolve",
        resolution_summary="The second charge was refunded.",
        outcome="upheld",
    )
    expect(status).to_have_attribute("data-status", Status.RESOLVED)
    take(page, "start_follow_up")
    expect(status).to_have_attribute("data-status", Status.FOLLOW_UP)
    # Closing before the customer's survey answer is a supervisor's decision, with its reason.
    page.context.clear_cookies()
    sign_in(page, supervisor)
    page.goto(f"/complaints/{complaint.reference}/")
    take(page, "close", close_reason="The customer confirmed the refund by phone.")
    expect(status).to_have_attribute("data-status", Status.CLOSED)

    expect(page.locator("#timeline")).to_contain_text("The second charge was refunded.")
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.outcome == "upheld"
    assert list(
        Event.objects.filter(complaint=complaint)
        .exclude(status_after="")
        .values_list("status_after", flat=True)
    ) == [
        "received",
        "acknowledged",
        "triaged",
        "investigating",
        "remedy_proposed",
        "in_remedy",
        "resolved",
        "follow_up",
        "closed",
    ]
