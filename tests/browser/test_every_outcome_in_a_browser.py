"""For each outcome, the whole road from investigation to closed in a real browser: the handler
investigates in the console and records the root cause where the outcome needs one, proposes a
plan; the customer accepts it on their tracking page in their own language; the handler
carries it out and resolves with the outcome; the customer reads the decision — with the
ombudsman and the consumer authority when it is not fully upheld — answers the survey, and the
complaint closes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from complaintdesk.audit.models import Event
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Complaint, Outcome, Status
from complaintdesk.followup.models import AppealKind, AppealOption
from tests.browser.console import sign_in, take
from tests.factories import complaint_in

pytestmark = pytest.mark.browser

# outcome: the customer's language and whether the outcome needs a root cause.
OUTCOMES = {
    Outcome.UPHELD: ("es", True),
    Outcome.PARTIALLY_UPHELD: ("fr", True),
    Outcome.NOT_UPHELD: ("zh-hans", False),
}
OMBUDSMAN = {"es": "Defensor del Cliente", "fr": "Médiateur", "zh-hans": "消费者权益调解专员"}
AUTHORITY = {"es": "Oficina de Consumo", "fr": "DGCCRF", "zh-hans": "市场监督管理部门"}


@pytest.fixture
def customer_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def investigate(page):
    page.click("#entry-toggle")
    page.select_option("#id_entry-kind", "evidence")
    page.fill("#id_entry-text", "The gateway log shows two captures.")
    page.fill("#id_entry-record_reference", "order 1001")
    page.click("#entry-submit")
    expect(page.locator("li[data-kind='evidence']")).to_be_visible()


def record_the_cause(page):
    page.click("#cause-toggle")
    page.select_option("#id_cause-category", label="Process")
    page.fill("#id_cause-explanation", "The gateway captured the payment twice.")
    page.click("#cause-submit")
    expect(page.locator("#root-cause")).to_be_visible()


def propose_a_plan(page, text):
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


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_each_outcome_goes_from_investigation_to_closed_in_a_browser(
    outcome, page, customer_page, handler, billing
):
    language, needs_cause = OUTCOMES[outcome]
    for kind, names in (
        (AppealKind.OMBUDSMAN, OMBUDSMAN),
        (AppealKind.CONSUMER_AUTHORITY, AUTHORITY),
    ):
        AppealOption.objects.create(
            kind=kind, language=language, name=names[language], how="www.example.org"
        )
    complaint = complaint_in(
        Status.TRIAGED,
        actor=handler,
        department=billing,
        language=language,
        email=f"customer.{language}@example.com",
    )
    track = tracking.tracking_path(complaint)
    with translation.override(language):
        decision_heading = gettext("Our decision")
        outcome_label = str(Outcome(outcome).label)

    # The handler investigates, records the cause where needed and proposes a plan.
    sign_in(page, handler)
    page.goto(f"/complaints/{complaint.reference}/")
    status = page.locator("#complaint-status")
    take(page, "start_investigation")
    expect(status).to_have_attribute("data-status", Status.INVESTIGATING)
    investigate(page)
    if needs_cause:
        record_the_cause(page)
    propose_a_plan(page, "Refund the second charge within 3 days.")
    expect(status).to_have_attribute("data-status", Status.REMEDY_PROPOSED)

    # The customer accepts it on their tracking page, which speaks their language.
    customer_page.goto(track)
    expect(customer_page.locator("html")).to_have_attribute("lang", language)
    customer_page.click('summary[data-action="accept_remedy"]')
    customer_page.click("#answer-submit-accept_remedy")
    expect(customer_page.locator("#track-status")).to_have_attribute(
        "data-status", Status.IN_REMEDY
    )

    # The handler carries the plan out and resolves with the outcome.
    page.reload()
    expect(status).to_have_attribute("data-status", Status.IN_REMEDY)
    page.locator("button[data-step-submit]").click()
    expect(page.locator("li[data-status='done']")).to_be_visible()
    take(page, "resolve", resolution_summary="Our findings, step by step.", outcome=outcome)
    expect(status).to_have_attribute("data-status", Status.RESOLVED)

    # The customer reads the decision, with the external options unless fully upheld.
    customer_page.goto(track)
    decision = customer_page.locator("#track-decision")
    expect(decision).to_contain_text(decision_heading)
    expect(decision).to_contain_text(outcome_label)
    expect(customer_page.locator("#track-appeal .appeal-internal")).to_be_visible()
    ombudsman = customer_page.locator("#track-appeal .appeal-ombudsman")
    authority = customer_page.locator("#track-appeal .appeal-consumer_authority")
    if outcome == Outcome.UPHELD:
        expect(ombudsman).to_have_count(0)
        expect(authority).to_have_count(0)
    else:
        expect(ombudsman).to_contain_text(OMBUDSMAN[language])
        expect(authority).to_contain_text(AUTHORITY[language])

    # The customer answers the survey; their satisfied answer closes the complaint.
    customer_page.click("#track-survey-link")
    customer_page.check('input[name="survey-score"][value="5"]')
    customer_page.check('input[name="survey-solved"][value="yes"]')
    customer_page.click("#survey-submit")
    expect(customer_page.locator("#survey-result")).to_have_attribute("data-result", "satisfied")

    page.reload()
    expect(status).to_have_attribute("data-status", Status.CLOSED)
    closed = Complaint.objects.get(pk=complaint.pk)
    trail = list(
        Event.objects.filter(complaint=closed)
        .exclude(status_after="")
        .values_list("status_after", flat=True)
    )
    assert closed.outcome == outcome
    assert trail[-5:] == ["investigating", "remedy_proposed", "in_remedy", "resolved", "closed"]
    assert Event.objects.filter(complaint=closed, action="survey.answered").exists()
