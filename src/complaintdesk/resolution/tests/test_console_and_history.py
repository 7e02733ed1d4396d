"""The resolution panel on the console's complaint page, the customer's history with its
flags, and the approvals page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.resolution.models import InvestigationEntry
from complaintdesk.resolution.tests.helpers import draft, post, propose, tracking_url
from tests.api.clients import bearer
from tests.factories import PASSWORD, complaint_in


@pytest.fixture
def investigating(agent, billing):
    return complaint_in(Status.INVESTIGATING, actor=agent, department=billing)


def _page(client, user, complaint):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("console:complaint", args=[complaint.reference]))


def test_an_agent_records_evidence_from_the_complaint_page(client, agent, investigating):
    _page(client, agent, investigating)
    response = client.post(
        reverse("resolution:write", args=[investigating.reference, "entry"]),
        {"entry-kind": "evidence", "entry-text": "Gateway log", "entry-record_reference": "1001"},
    )

    assert response.status_code == 302
    html = _page(client, agent, investigating).content.decode()
    assert 'id="resolution-investigation"' in html
    assert "Gateway log" in html
    assert InvestigationEntry.objects.get().author == agent


def test_a_repeat_in_the_same_category_is_flagged_and_earlier_outcomes_shown(
    client, agent, billing
):
    earlier = complaint_in(Status.RESOLVED, actor=agent, department=billing)
    Complaint.objects.filter(pk=earlier.pk).update(outcome="not_upheld")
    current = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)

    html = _page(client, agent, current).content.decode()

    assert 'id="flag-repeat"' in html
    assert earlier.reference in html
    assert "Not upheld" in html
    assert 'id="flag-not-upheld"' not in html


def test_the_history_links_only_the_earlier_complaints_the_agent_may_open(
    client, agent, billing, delivery
):
    own = complaint_in(Status.RESOLVED, actor=agent, department=billing)
    elsewhere = complaint_in(Status.RESOLVED, actor=agent, department=billing)
    Complaint.objects.filter(pk=elsewhere.pk).update(department=delivery)
    current = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)

    html = _page(client, agent, current).content.decode()

    assert f'<a href="/complaints/{own.reference}/">{own.reference}</a>' in html
    assert f"<td>{elsewhere.reference}</td>" in html


def test_several_claims_not_upheld_ask_for_a_careful_look_never_an_accusation(agent, billing):
    for _ in range(2):
        earlier = complaint_in(Status.RESOLVED, actor=agent, department=billing)
        Complaint.objects.filter(pk=earlier.pk).update(outcome="not_upheld")
    current = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)

    body = bearer(agent).get(f"/api/v1/complaints/{current.reference}/history").json()

    assert (body["not_upheld"], body["look_carefully"]) == (2, True)


def test_the_history_shows_the_satisfaction_the_customer_last_gave_an_earlier_complaint(
    client, agent, billing
):
    from complaintdesk.followup.models import Survey
    from complaintdesk.followup.services import SurveyAnswer, answer_survey

    earlier = complaint_in(Status.RESOLVED, actor=agent, department=billing)
    answer_survey(survey=Survey.objects.get(complaint=earlier), answer=SurveyAnswer(4, True))
    current = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)

    body = bearer(agent).get(f"/api/v1/complaints/{current.reference}/history").json()

    assert [(row["reference"], row["satisfaction"]) for row in body["earlier"]] == [
        (earlier.reference, 4)
    ]


def test_the_approvals_page_lists_only_what_the_person_may_decide(
    client, agent, supervisor, investigating
):
    claim = {"amount": "80", "currency": "EUR", "kind": "money", "reason": "Two charges."}
    post(bearer(agent), investigating, "/compensation", claim)
    client.login(username=supervisor.username, password=PASSWORD)

    html = client.get(reverse("resolution:approvals")).content.decode()

    assert investigating.reference in html
    assert "80.00 EUR" in html


def test_the_customer_sees_the_plan_and_its_steps_on_the_tracking_page(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing, language="fr")
    propose(bearer(agent), complaint, draft(bearer(agent), complaint))

    html = client.get(tracking_url(complaint)).content.decode()

    assert 'id="track-plan"' in html
    assert "Refund the second charge." in html
    assert "Ce que nous allons faire" in html
    assert 'id="plan-comment-form"' in html
