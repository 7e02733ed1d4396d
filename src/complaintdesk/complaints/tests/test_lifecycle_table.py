"""The state machine, tested exhaustively from its own table: every action from every state."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Status
from complaintdesk.relations.models import ComplaintLink, LinkKind
from tests.factories import CategoryFactory, complaint_in, file, ready_for

# Fields that satisfy each action's guard, so only the table decides.
SATISFYING = {
    "triage": lambda department: {
        "category": CategoryFactory(code="billing"),
        "severity": "high",
        "department": department,
    },
    "propose_remedy": lambda d: {"remedy_plan": "Refund."},
    "resolve": lambda d: {"resolution_summary": "Refunded.", "outcome": "upheld"},
    "close": lambda d: {"close_reason": "Customer confirmed by phone."},
    "merge": lambda d: {"close_reason": "Merged into the customer's earlier complaint."},
}
NOTE = "Because the customer asked."

PAIRS = [(status, action) for status in Status.values for action in lifecycle.TRANSITIONS]


@pytest.mark.parametrize(("status", "action"), PAIRS)
def test_every_action_from_every_state_follows_the_table(
    status, action, agent, supervisor, billing
):
    complaint = complaint_in(status, actor=agent, department=billing)
    transition = lifecycle.TRANSITIONS[action]
    # Someone the table lets take the action, so only the state decides.
    actor = agent if agent.role in transition.roles else supervisor
    fields = SATISFYING.get(action, lambda d: {})(billing)
    if action == "merge":
        # The merge service names the surviving complaint before it takes the action.
        survivor = file(subject="The same charge again")
        ComplaintLink.objects.create(source=complaint, target=survivor, kind=LinkKind.MERGED_INTO)
    events_before = Event.objects.filter(complaint=complaint).count()
    version_before = complaint.version

    if status in transition.sources:
        ready_for(action, complaint, actor=actor, **fields)
        lifecycle.perform(complaint, action, actor=actor, note=NOTE, **fields)
        complaint.refresh_from_db()
        expected = transition.target or complaint.resume_status or Status.INVESTIGATING
        if transition.target is None:
            assert complaint.status != Status.WAITING_ON_CUSTOMER
        else:
            assert complaint.status == expected
        assert complaint.version == version_before + 1
        # The action's own event: reactions may record theirs after it (the assessment).
        event = Event.objects.filter(complaint=complaint, action=transition.event).latest("id")
        assert (event.action, event.status_before, event.status_after) == (
            transition.event,
            status,
            complaint.status,
        )
    else:
        with pytest.raises(lifecycle.ActionNotAllowed) as refusal:
            lifecycle.perform(complaint, action, actor=actor, note=NOTE, **fields)
        assert refusal.value.allowed_actions == lifecycle.allowed_actions(complaint, actor)
        complaint.refresh_from_db()
        assert complaint.status == status
        assert complaint.version == version_before
        assert Event.objects.filter(complaint=complaint).count() == events_before


def test_waiting_on_the_customer_returns_to_where_the_complaint_was(agent, billing):
    complaint = complaint_in(Status.REOPENED, actor=agent, department=billing)
    lifecycle.perform(complaint, "request_information", actor=agent, note="Which card?")
    assert complaint.resume_status == Status.REOPENED
    lifecycle.perform(complaint, "customer_replied", actor=agent)
    assert complaint.status == Status.REOPENED
    assert complaint.resume_status == ""
