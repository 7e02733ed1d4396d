"""The whole road from investigation to closed, once for each outcome, as an integrator and a
customer take it: the handler investigates through the API and records the cause where the
outcome needs one, proposes a plan the customer accepts on their tracking page in their own
language, compensates within the rules where the complaint is upheld, carries the plan out and
resolves; the customer reads the decision — with the ombudsman and the consumer authority when
it is not fully upheld — answers the survey, and the complaint closes. Every step is in the
audit trail."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.utils import translation

from complaintdesk.complaints.models import Outcome, Status
from complaintdesk.followup.models import AppealKind, AppealOption
from complaintdesk.resolution.tests.helpers import (
    customer_answers,
    draft,
    get,
    post,
    propose,
    record_cause,
    tracking_url,
)
from tests.api.clients import bearer, send
from tests.factories import complaint_in

# outcome: the customer's language, whether a root cause is needed, compensation granted.
OUTCOMES = {
    Outcome.UPHELD: ("es", True, "40.00"),
    Outcome.PARTIALLY_UPHELD: ("fr", True, "20.00"),
    Outcome.NOT_UPHELD: ("zh-hans", False, None),
}
EXTERNAL = {
    "es": ("Defensor del Cliente", "Oficina de Consumo"),
    "fr": ("Médiateur de la consommation", "Direction de la protection des consommateurs"),
    "zh-hans": ("消费者权益调解专员", "市场监督管理部门"),
}


@pytest.fixture
def external_options(db):
    """The ombudsman and the consumer authority in each language, as configured in admin."""
    for language, (ombudsman, authority) in EXTERNAL.items():
        for kind, name in (
            (AppealKind.OMBUDSMAN, ombudsman),
            (AppealKind.CONSUMER_AUTHORITY, authority),
        ):
            AppealOption.objects.create(
                kind=kind, language=language, name=name, how=f"{name}: www.example.org"
            )


def _take(api, complaint, action, **fields):
    response = send(
        api, "post", f"/complaints/{complaint.reference}/transitions", {"action": action, **fields}
    )
    assert response.status_code == 200, response.json()
    return response.json()


def _text(response) -> str:
    return unescape(response.content.decode())


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_a_complaint_goes_from_investigation_to_closed_through_the_api_for_each_outcome(
    outcome, handler, supervisor, billing, client, external_options
):
    language, needs_cause, compensation = OUTCOMES[outcome]
    complaint = complaint_in(
        Status.TRIAGED,
        actor=handler,
        department=billing,
        language=language,
        name="Customer",
        email=f"customer.{language}@example.com",
    )
    api = bearer(handler)

    # The handler investigates.
    assert _take(api, complaint, "start_investigation")["status"] == Status.INVESTIGATING
    evidence = {"kind": "evidence", "text": "Gateway log.", "record_reference": "order 1001"}
    assert post(api, complaint, "/investigation", evidence).status_code == 201
    contact = {"kind": "contact", "text": "Called the customer.", "channel": "phone"}
    assert post(api, complaint, "/investigation", contact).status_code == 201
    if needs_cause:
        assert record_cause(api, complaint).status_code == 200

    # A plan the customer accepts on their tracking page, in their language.
    plan = draft(api, complaint)
    assert propose(api, complaint, plan).json()["state"] == "proposed"
    page = client.get(tracking_url(complaint))
    assert f'lang="{language}"' in page.content.decode()
    assert customer_answers(client, complaint, "accept_remedy").status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_REMEDY

    # Compensation where the complaint is upheld: above the handler's limit, so a supervisor
    # approves it before it is paid.
    if compensation:
        claim = {"amount": compensation, "currency": "EUR", "kind": "money", "reason": "Fair."}
        request = post(api, complaint, "/compensation", claim).json()
        assert request["state"] == "pending"
        path = f"/compensation/{request['id']}"
        assert post(bearer(supervisor), complaint, f"{path}/approve", {}).status_code == 200
        paid = post(api, complaint, f"{path}/pay", {})
        assert (paid.status_code, paid.json()["amount"]) == (201, compensation)

    # The plan carried out, then the decision.
    for step in plan["steps"]:
        done = post(api, complaint, f"/plans/{plan['id']}/steps/{step['id']}/done", {})
        assert done.status_code == 200, done.json()
    resolved = _take(
        api, complaint, "resolve", resolution_summary="Our findings.", outcome=str(outcome)
    )
    assert (resolved["status"], resolved["outcome"]) == (Status.RESOLVED, outcome)

    # The customer reads the decision in their language, with the external options unless
    # the complaint was fully upheld.
    page = _text(client.get(tracking_url(complaint)))
    with translation.override(language):
        assert str(Outcome(outcome).label) in page
    external_shown = [name in page for name in EXTERNAL[language]]
    assert external_shown == [outcome != Outcome.UPHELD] * 2
    assert 'class="appeal-internal"' in page
    decision_mail = complaint.messages.filter(direction="outbound").order_by("id")
    assert any(EXTERNAL[language][0] in m.body for m in decision_mail) == (
        outcome != Outcome.UPHELD
    )

    # The customer answers the survey from the link on the page; a satisfied answer closes.
    link = re.search(r'href="([^"]+)" id="track-survey-link"', page)
    assert link is not None
    assert client.get(link.group(1)).status_code == 200
    answered = client.post(
        link.group(1), {"survey-score": "4", "survey-solved": "yes", "survey-comment": ""}
    )
    assert answered.status_code == 200

    closed = get(api, complaint, "").json()
    assert (closed["status"], closed["outcome"]) == (Status.CLOSED, outcome)
    surveys = get(api, complaint, "/surveys").json()
    assert [(s["state"], s["score"], s["solved"]) for s in surveys] == [("answered", 4, True)]

    # Every step is in the trail, in order.
    trail = [event["action"] for event in get(api, complaint, "/events").json()]
    expected = [
        "complaint.investigation_started",
        "investigation.evidence_added",
        "investigation.contact_recorded",
        *(["root_cause.recorded"] if needs_cause else []),
        "remedy.plan_drafted",
        "complaint.remedy_proposed",
        "complaint.remedy_accepted",
        *(
            ["compensation.requested", "compensation.approved", "compensation.paid"]
            if compensation
            else []
        ),
        "remedy.step_done",
        "remedy.step_done",
        "complaint.resolved",
        "survey.sent",
        "survey.answered",
        "complaint.closed",
    ]
    assert [action for action in trail if action in set(expected)][-len(expected) :] == expected
