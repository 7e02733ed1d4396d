"""A complaint's whole life through the API alone: filed, triaged, investigated, remedied,
resolved, followed up and closed, each step answered with the next allowed actions and each
one visible in its audit trail."""

from __future__ import annotations

from complaintdesk.complaints.models import Complaint, Outcome
from tests.api.clients import BASE, NEW_COMPLAINT, bearer, send
from tests.factories import CategoryFactory, ready_for

WALK = [
    ("triage", "triaged"),
    ("start_investigation", "investigating"),
    ("propose_remedy", "remedy_proposed"),
    ("accept_remedy", "in_remedy"),
    ("resolve", "resolved"),
    ("start_follow_up", "follow_up"),
    ("close", "closed"),
]


def test_a_complaint_filed_through_the_api_is_walked_to_closed_and_every_step_is_recorded(
    agent, handler, supervisor, billing
):
    client = bearer(agent)
    category = CategoryFactory(code="billing")
    fields = {
        "triage": {
            "category": category.pk,
            "severity": "medium",
            "department": billing.pk,
            "owner": handler.pk,
        },
        "propose_remedy": {"remedy_plan": "Refund the second charge."},
        "resolve": {"resolution_summary": "Second charge refunded.", "outcome": Outcome.UPHELD},
        "close": {"close_reason": "The customer confirmed the refund by phone."},
    }
    filed = send(client, "post", "/complaints", NEW_COMPLAINT).json()
    reference, version = filed["reference"], filed["version"]

    for action, status in WALK:
        if action == "close":
            # Closing before the survey is answered is a supervisor's decision.
            client = bearer(supervisor)
        assert action in client.get(f"{BASE}/complaints/{reference}").json()["allowed_actions"]
        # A proposed plan with a step, then a root cause and the steps done (resolution).
        ready_for(
            action,
            Complaint.objects.get(reference=reference),
            actor=agent,
            **fields.get(action, {}),
        )
        body = {"action": action, "version": version, "note": f"step {action}"}
        response = send(
            client, "post", f"/complaints/{reference}/transitions", body | fields.get(action, {})
        )
        assert (response.status_code, response.json()["status"]) == (200, status), action
        assert response.json()["version"] == version + 1
        version = response.json()["version"]

    final = response.json()
    assert (final["outcome"], final["allowed_actions"]) == ("upheld", ["reopen"])
    events = client.get(f"{BASE}/complaints/{reference}/events").json()
    assert [event["action"] for event in events] == [
        "complaint.received",
        "complaint.acknowledged",
        "complaint.assessed",
        "complaint.triaged",
        "complaint.investigation_started",
        "complaint.remedy_proposed",
        "complaint.remedy_accepted",
        "complaint.resolved",
        # The decision's reaction, the system's own action (followup).
        "survey.sent",
        "complaint.follow_up_started",
        "complaint.closed",
    ]
    steps = [event for event in events[3:] if event["action"] != "survey.sent"]
    assert [event["status_after"] for event in steps] == [status for _, status in WALK]
    assert [event["actor"] for event in steps] == ["Alice"] * 6 + ["Sofia"]
    assert [event["note"] for event in steps] == [f"step {action}" for action, _ in WALK]
