"""Every step that is not allowed is refused with a message naming what is wrong."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from complaintdesk.complaints.models import Status
from complaintdesk.resolution.models import CompensationEntry, LedgerError, RequestState
from complaintdesk.resolution.tests.helpers import draft, get, post, propose, record_cause
from tests.api.clients import bearer, send
from tests.factories import complaint_in


@pytest.fixture
def investigating(agent, billing):
    return complaint_in(Status.INVESTIGATING, actor=agent, department=billing)


def _fields(response):
    return [error["field"] for error in response.json().get("errors", [])]


def _resolve(client, complaint, outcome="upheld"):
    body = {"action": "resolve", "resolution_summary": "Done.", "outcome": outcome}
    return send(client, "post", f"/complaints/{complaint.reference}/transitions", body)


def _request(client, complaint, amount):
    body = {"amount": amount, "currency": "EUR", "kind": "money", "reason": "Two charges."}
    return post(client, complaint, "/compensation", body)


def test_resolving_an_upheld_complaint_without_a_root_cause_is_refused_naming_it(
    agent, investigating
):
    response = _resolve(bearer(agent), investigating)

    assert (response.status_code, _fields(response)) == (409, ["root_cause"])


def test_resolving_while_plan_steps_are_open_is_refused_naming_them(agent, investigating, client):
    api = bearer(agent)
    record_cause(api, investigating)
    plan = draft(api, investigating, needs_confirmation=False, no_confirmation_reason="Explained.")
    propose(api, investigating, plan)

    response = _resolve(api, investigating)

    assert (response.status_code, _fields(response)) == (409, ["plan_steps"])


def test_proposing_a_remedy_without_a_plan_is_refused_naming_the_plan(agent, investigating):
    body = {"action": "propose_remedy", "remedy_plan": "Refund."}
    response = send(
        bearer(agent), "post", f"/complaints/{investigating.reference}/transitions", body
    )

    assert (response.status_code, _fields(response)) == (409, ["remedy_plan"])


def test_a_plan_without_confirmation_must_say_why(agent, investigating):
    body = {"objectives": "Explain.", "remedy_types": ["explanation"], "needs_confirmation": False}
    response = post(bearer(agent), investigating, "/plans", body)

    assert (response.status_code, _fields(response)) == (422, ["no_confirmation_reason"])


def test_a_request_within_the_agents_limit_is_approved_at_once(agent, investigating):
    response = _request(bearer(agent), investigating, "49.90")

    assert (response.status_code, response.json()["state"]) == (201, "approved")
    assert response.json()["amount"] == "49.90"


def test_nobody_approves_their_own_request(agent, investigating):
    api = bearer(agent)
    pending = _request(api, investigating, "80.00").json()
    assert pending["state"] == RequestState.PENDING

    response = post(api, investigating, f"/compensation/{pending['id']}/approve", {})

    assert response.status_code == 403
    assert "own request" in response.json()["detail"]


def test_approving_above_ones_limit_is_refused(agent, supervisor, investigating):
    pending = _request(bearer(agent), investigating, "600.00").json()

    response = post(bearer(supervisor), investigating, f"/compensation/{pending['id']}/approve", {})

    assert response.status_code == 403
    assert "above your limit" in response.json()["detail"]


def test_a_large_claim_is_approved_only_after_a_recorded_investigation(
    agent, quality_manager, investigating
):
    pending = _request(bearer(agent), investigating, "600.00").json()
    approver = bearer(quality_manager)
    path = f"/compensation/{pending['id']}/approve"

    refused = post(approver, investigating, path, {})
    assert (refused.status_code, _fields(refused)) == (409, ["investigation"])

    api = bearer(agent)
    post(api, investigating, "/investigation", {"kind": "evidence", "text": "Two captures."})
    record_cause(api, investigating)
    approved = post(approver, investigating, path, {})
    assert (approved.status_code, approved.json()["state"]) == (200, "approved")


def test_the_pending_list_shows_what_the_approver_may_decide_with_the_evidence(
    agent, supervisor, investigating
):
    _request(bearer(agent), investigating, "80.00")
    post(bearer(agent), investigating, "/investigation", {"kind": "evidence", "text": "Log."})

    rows = bearer(supervisor).get("/api/v1/compensation/pending").json()
    own = bearer(agent).get("/api/v1/compensation/pending").json()

    assert [(row["amount"], [e["text"] for e in row["evidence"]]) for row in rows] == [
        ("80.00", ["Log."])
    ]
    assert own == []


def _paid(agent, investigating):
    api = bearer(agent)
    approved = _request(api, investigating, "20.00").json()
    response = post(api, investigating, f"/compensation/{approved['id']}/pay", {})
    assert response.status_code == 201
    return CompensationEntry.objects.get(pk=response.json()["id"])


def test_a_ledger_entry_cannot_be_edited_through_the_orm(agent, investigating):
    entry = _paid(agent, investigating)
    entry.amount = Decimal("2.00")

    with pytest.raises(LedgerError):
        entry.save()
    with pytest.raises(LedgerError):
        CompensationEntry.objects.filter(pk=entry.pk).update(amount=Decimal("2.00"))
    with pytest.raises(LedgerError):
        entry.delete()


def test_the_database_itself_refuses_to_change_a_ledger_entry(agent, investigating):
    entry = _paid(agent, investigating)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE resolution_compensationentry SET amount = 1 WHERE id = %s", [entry.pk]
        )
    assert CompensationEntry.objects.get(pk=entry.pk).amount == Decimal("20.00")


def test_a_payment_is_corrected_by_a_reversing_entry_once(agent, supervisor, investigating):
    entry = _paid(agent, investigating)
    path = f"/compensation/ledger/{entry.pk}/reverse"

    reversed_ = post(bearer(supervisor), investigating, path, {"text": "Paid twice."})
    again = post(bearer(supervisor), investigating, path, {"text": "Again."})

    assert (reversed_.status_code, reversed_.json()["amount"]) == (201, "-20.00")
    assert again.status_code == 409
    totals = bearer(agent).get(f"/api/v1/complaints/{investigating.reference}/compensation")
    assert totals.json()["paid"] == {"EUR": "0.00"}


def test_a_plan_id_beyond_what_the_database_holds_is_refused_naming_it(agent, investigating):
    # Found by the fuzzer: an id past 64 bits reached the driver (OverflowError, a 500).
    path = "/plans/1290973854841911902208/steps/2888/done"

    response = post(bearer(agent), investigating, path, {"text": "Done."})

    assert (response.status_code, _fields(response)) == (422, ["plan_id"])


def test_the_compensation_list_answers_in_the_shape_its_document_describes(agent, investigating):
    # Found by the fuzzer: the dashboard's CompensationOut replaced this one in the document.
    document = bearer(agent).get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/complaints/{reference}/compensation"]["get"]
    name = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    shape = document["components"]["schemas"][name.rsplit("/", 1)[1]]

    body = get(bearer(agent), investigating, "/compensation").json()

    assert set(body) == set(shape["required"]) == set(shape["properties"])
