"""The one table of reactions: when a lifecycle action succeeds, what happens next.

Reactions run inside the action's transaction, so what they queue commits with the change.
Listed here rather than hidden in signals, so the whole flow can be read in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from complaintdesk.accounts.models import SYSTEM_PARTY, Party, User
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.lifecycle import TRIAGE_FIELDS
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import mark_first_response
from complaintdesk.followup import services as followup
from complaintdesk.notifications.services import tell_customer
from complaintdesk.notifications.webhooks import announce_transition
from complaintdesk.relations.forwarding import survivor_of
from complaintdesk.resolution import plans
from complaintdesk.routing.involvement import follow_category, involve_departments
from complaintdesk.routing.services import route_complaint
from complaintdesk.sla import services as clocks
from complaintdesk.sla.models import ClockKind
from complaintdesk.triage.selectors import waits_for_triage
from complaintdesk.triage.services import assess_complaint, record_corrections

Reaction = Callable[[Complaint, User | Party, str], None]


def _tell(kind: str, *, first_response: bool = False) -> Reaction:
    def reaction(complaint: Complaint, actor: User | Party, note: str) -> None:
        tell_customer(complaint, kind, note=note)
        if first_response and isinstance(actor, User):
            mark_first_response(complaint)

    reaction.__name__ = f"tell_customer_{kind}"
    return reaction


def _assess(complaint: Complaint, actor: User | Party, note: str) -> None:
    # Before routing: the rules route on the category, severity and priority it fills in.
    assess_complaint(complaint)


def _triage_when_confident(complaint: Complaint, actor: User | Party, note: str) -> None:
    # Nothing left for a person: the assessment stands as the triage, recorded as the system's.
    # Otherwise the complaint waits, acknowledged, in the needs-triage queue.
    if lifecycle.ready_for_automatic_triage(complaint) and not waits_for_triage(complaint):
        lifecycle.perform(complaint, "triage", actor=SYSTEM_PARTY, note=_("Assessed automatically"))


def _route(complaint: Complaint, actor: User | Party, note: str) -> None:
    route_complaint(complaint=complaint, actor=actor)


def _involve(complaint: Complaint, actor: User | Party, note: str) -> None:
    # The category's responsibility matrix: consulted departments get a task, informed ones
    # an alert (routing; its responsible department was already chosen by _route).
    involve_departments(complaint=complaint, actor=actor)


# A person who sets the department or owner along with the category has chosen them.
CHOSEN = frozenset({"department", "owner"})


def _follow_triaged_category(complaint: Complaint, actor: User | Party, note: str) -> None:
    # A category set or changed at triage: routed again by its matrix (unless the person chose
    # the department too), its departments consulted and informed.
    changes = (
        complaint.events.filter(action=lifecycle.TRANSITIONS["triage"].event)
        .order_by("-id")
        .values_list("changes", flat=True)
        .first()
    ) or {}
    if "category" in changes:
        follow_category(
            complaint=complaint, actor=actor, department_chosen=bool(CHOSEN & set(changes))
        )


def _start_clocks(complaint: Complaint, actor: User | Party, note: str) -> None:
    clocks.start_clocks(complaint)


def _stop_clocks(*kinds: str) -> Reaction:
    def reaction(complaint: Complaint, actor: User | Party, note: str) -> None:
        # The first response is met when staff first answered, which may be earlier.
        clocks.stop_first_response(complaint)
        clocks.stop_clocks(complaint, kinds)

    reaction.__name__ = f"stop_clocks_{'_'.join(kinds)}"
    return reaction


def _pause_clocks(complaint: Complaint, actor: User | Party, note: str) -> None:
    clocks.stop_first_response(complaint)
    clocks.pause_clocks(complaint)


def _resume_clocks(complaint: Complaint, actor: User | Party, note: str) -> None:
    clocks.resume_clocks(complaint)


def _recompute_clocks(complaint: Complaint, actor: User | Party, note: str) -> None:
    clocks.recompute_clocks(complaint, actor=actor, reason=_("Assessed at triage"))


def _learn_from_triage(complaint: Complaint, actor: User | Party, note: str) -> None:
    # What the person confirmed or corrected at triage is a label for the next training.
    if isinstance(actor, User):
        record_corrections(complaint, {name: [] for name in TRIAGE_FIELDS}, actor=actor)


def _restart_clocks(complaint: Complaint, actor: User | Party, note: str) -> None:
    clocks.restart_after_reopening(complaint)


def _tell_merged(complaint: Complaint, actor: User | Party, note: str) -> None:
    tell_customer(complaint, "merged", survivor=survivor_of(complaint))


def _start_follow_up_clock(complaint: Complaint, actor: User | Party, note: str) -> None:
    clocks.start_follow_up_clock(complaint)


def _send_survey(complaint: Complaint, actor: User | Party, note: str) -> None:
    # After the decision: was the problem solved? (followup; the answer reopens or closes).
    followup.send_survey(complaint)


def _tell_plan(complaint: Complaint, actor: User | Party, note: str) -> None:
    # The plan itself, its steps and due dates, in the customer's language (resolution).
    plans.tell_plan_proposed(complaint)
    if isinstance(actor, User):
        mark_first_response(complaint)


def _plan_accepted(complaint: Complaint, actor: User | Party, note: str) -> None:
    plans.plan_accepted(complaint, note)


def _plan_rejected(complaint: Complaint, actor: User | Party, note: str) -> None:
    # The customer's words stay with the rejected plan, for the next one.
    plans.plan_rejected(complaint, note)


def _withdraw_surveys(complaint: Complaint, actor: User | Party, note: str) -> None:
    followup.withdraw_surveys(complaint)


K = ClockKind
ALL_CLOCKS = tuple(K.values)

REACTIONS: dict[str, list[Reaction]] = {
    # Routed and timed before the acknowledgement, which tells the customer the due time.
    "acknowledge": [
        _assess,
        _route,
        _start_clocks,
        _involve,
        _tell("acknowledgement"),
        _triage_when_confident,
    ],
    "triage": [_learn_from_triage, _follow_triaged_category, _recompute_clocks],
    "request_information": [_tell("information_requested", first_response=True), _pause_clocks],
    "customer_replied": [_resume_clocks],
    "propose_remedy": [_tell_plan, _stop_clocks(K.PLAN)],
    "accept_remedy": [_plan_accepted],
    "reject_remedy": [_plan_rejected],
    "resolve": [
        _tell("resolved", first_response=True),
        _stop_clocks(K.PLAN, K.RESOLUTION),
        _start_follow_up_clock,
        _send_survey,
    ],
    "close": [_tell("closed"), _stop_clocks(*ALL_CLOCKS)],
    "reopen": [_tell("reopened"), _restart_clocks, _withdraw_surveys],
    "withdraw": [_tell("withdrawn"), _stop_clocks(*ALL_CLOCKS)],
    # Told once, on the merged complaint, which complaint goes on (relations).
    "merge": [_tell_merged, _stop_clocks(*ALL_CLOCKS), _withdraw_surveys],
}

# Fields whose change outside a transition (update_complaint) moves the deadlines: the
# policy depends on the priority and category, the ladder on severity and the abnormal flag,
# the calendar on the department.
CLOCK_FIELDS = frozenset({"priority", "category", "severity", "abnormal", "department"})


def react(action: str, complaint: Complaint, *, actor: User | Party, note: str) -> None:
    for reaction in REACTIONS.get(action, []):
        reaction(complaint, actor, note)
    # Every status change is announced to the webhooks subscribed to it.
    announce_transition(complaint, action)


def react_to_changes(
    complaint: Complaint, changes: dict[str, list[Any]], *, actor: User | Party, note: str
) -> None:
    """What follows a change of fields outside a transition (complaints.services
    .update_complaint), inside its transaction."""
    if isinstance(actor, User):
        record_corrections(complaint, changes, actor=actor)
    if "category" in changes:
        # The new category's responsibility matrix (routing), as at triage.
        follow_category(
            complaint=complaint, actor=actor, department_chosen=bool(CHOSEN & set(changes))
        )
    moved = sorted(CLOCK_FIELDS & set(changes))
    if moved:
        reason = "; ".join(
            f"{name}: {changes[name][0] or '—'} → {changes[name][1] or '—'}" for name in moved
        )
        clocks.recompute_clocks(complaint, actor=actor, reason=reason)
