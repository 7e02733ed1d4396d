"""The whole road through the API: investigate, record the cause, propose a plan the customer
accepts in Spanish on their tracking page, carry it out with the customer told of each step,
resolve. And the other road: the customer rejects the plan, in their own words."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Direction, Message, Status
from complaintdesk.resolution.models import PlanState, RemedyPlan
from complaintdesk.resolution.tests.helpers import (
    customer_answers,
    draft,
    post,
    propose,
    record_cause,
    tracking_url,
)
from tests.api.clients import bearer, send
from tests.factories import complaint_in


@pytest.fixture
def spanish(agent, billing):
    return complaint_in(
        Status.INVESTIGATING,
        actor=agent,
        department=billing,
        language="es",
        name="Lucía Pérez",
        email="lucia@example.es",
    )


def _outbound(complaint):
    return list(Message.objects.filter(complaint=complaint, direction=Direction.OUTBOUND))


def test_a_complaint_is_investigated_planned_accepted_in_spanish_carried_out_and_resolved(
    agent, spanish, client
):
    api = bearer(agent)
    evidence = post(
        api,
        spanish,
        "/investigation",
        {"kind": "evidence", "text": "Two captures in the log.", "record_reference": "order 1001"},
    )
    contact = post(
        api,
        spanish,
        "/investigation",
        {"kind": "contact", "text": "Called her; she confirmed.", "channel": "phone"},
    )
    assert (evidence.status_code, contact.status_code) == (201, 201)
    assert record_cause(api, spanish).status_code == 200
    plan = draft(api, spanish)

    proposed = propose(api, spanish, plan)
    assert (proposed.status_code, proposed.json()["state"]) == (200, "proposed")
    proposal = _outbound(spanish)[-1]
    assert proposal.subject.startswith("Nuestra propuesta")
    assert "Refund the second charge." in proposal.body

    page = customer_answers(client, spanish, "accept_remedy", note="De acuerdo.")
    assert page.status_code == 302
    spanish.refresh_from_db()
    assert spanish.status == Status.IN_REMEDY
    assert RemedyPlan.objects.get(pk=plan["id"]).state == PlanState.ACCEPTED

    for step in plan["steps"]:
        done = post(api, spanish, f"/plans/{plan['id']}/steps/{step['id']}/done", {})
        assert (done.status_code, done.json()["status"]) == (200, "done")
    progress = _outbound(spanish)[-2:]
    assert [m.subject.split(" CD-")[0] for m in progress] == ["Avance de su reclamación"] * 2

    resolved = send(
        api,
        "post",
        f"/complaints/{spanish.reference}/transitions",
        {"action": "resolve", "resolution_summary": "Devuelto.", "outcome": "upheld"},
    )
    assert (resolved.status_code, resolved.json()["status"]) == (200, "resolved")
    codes = list(Event.objects.filter(complaint=spanish).values_list("action", flat=True))
    for code in (
        "investigation.evidence_added",
        "investigation.contact_recorded",
        "root_cause.recorded",
        "remedy.plan_drafted",
        "complaint.remedy_proposed",
        "complaint.remedy_accepted",
        "remedy.step_done",
        "complaint.resolved",
    ):
        assert code in codes


def test_a_customer_who_rejects_the_plan_sends_it_back_to_investigation_with_their_words(
    agent, spanish, client
):
    api = bearer(agent)
    plan = draft(api, spanish)
    propose(api, spanish, plan)

    customer_answers(client, spanish, "reject_remedy", note="Quiero el reembolso completo.")

    spanish.refresh_from_db()
    rejected = RemedyPlan.objects.get(pk=plan["id"])
    assert spanish.status == Status.INVESTIGATING
    assert (rejected.state, rejected.customer_comment) == (
        PlanState.REJECTED,
        "Quiero el reembolso completo.",
    )


def test_a_plan_that_needs_no_confirmation_is_under_way_at_once(agent, spanish):
    api = bearer(agent)
    plan = draft(
        api,
        spanish,
        remedy_types=["explanation"],
        needs_confirmation=False,
        no_confirmation_reason="An explanation only.",
    )

    assert propose(api, spanish, plan).json()["state"] == "accepted"
    assert Complaint.objects.get(pk=spanish.pk).status == Status.IN_REMEDY
    assert _outbound(spanish)[-1].subject.startswith("Lo que estamos haciendo")


def test_a_customer_comment_on_the_plan_is_kept_and_shown_to_staff(agent, spanish, client):
    api = bearer(agent)
    plan = draft(api, spanish)
    propose(api, spanish, plan)
    url = tracking_url(spanish, "resolution:comment")

    response = client.post(url, {"comment-text": "¿Puede ser antes del viernes?"})

    assert response.status_code == 302
    assert RemedyPlan.objects.get(pk=plan["id"]).customer_comment == "¿Puede ser antes del viernes?"
    assert Message.objects.filter(
        complaint=spanish, direction=Direction.INBOUND, body="¿Puede ser antes del viernes?"
    ).exists()
