"""How the complaint page tells the complaint's story: audit codes and field changes in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from complaintdesk.audit.models import Event
from complaintdesk.complaints.lifecycle import TRANSITIONS
from complaintdesk.complaints.models import Complaint, Message, Status
from complaintdesk.complaints.selectors import timeline

EVENT_LABELS: dict[str, str | Promise] = {
    "complaint.received": _("Complaint received"),
    "complaint.acknowledged": _("Acknowledged"),
    "complaint.triaged": _("Triaged"),
    "complaint.investigation_started": _("Investigation started"),
    "complaint.information_requested": _("Information asked of the customer"),
    "complaint.customer_replied": _("Customer answered"),
    "complaint.remedy_proposed": _("Remedy proposed"),
    "complaint.remedy_accepted": _("Remedy accepted"),
    "complaint.remedy_rejected": _("Remedy rejected"),
    "complaint.resolved": _("Resolved"),
    "complaint.follow_up_started": _("Follow-up started"),
    "complaint.closed": _("Closed"),
    "complaint.reopened": _("Reopened"),
    "complaint.withdrawn": _("Withdrawn"),
    "complaint.updated": _("Assessment changed"),
    "complaint.reassigned": _("Reassigned"),
    "complaint.routed": _("Routed"),
    "complaint.taken": _("Taken"),
    "sla.recomputed": _("Deadlines recomputed"),
    "sla.warning": _("Deadline warning"),
    "sla.escalated": _("Escalated"),
    "sla.breached": _("Deadline missed"),
    "task.added": _("Task for another department"),
    "task.completed": _("Task completed"),
    "task.closed": _("Task closed by the lead"),
    "access.granted": _("Access granted"),
    # The category's responsibility matrix consulted and informed departments (routing).
    "matrix.applied": _("Responsibility matrix applied"),
    # Related complaints (relations).
    "complaint.linked": _("Linked to another complaint"),
    "complaint.merged_in": _("A duplicate was merged into this complaint"),
    "complaint.split": _("A second matter was split off"),
    "complaint.split_off": _("Split off from another complaint"),
}
STATUS_LABELS = dict(Status.choices)
# These events accompany a message that the timeline already shows.
SHOWN_AS_MESSAGES = {"note.added", "message.sent", "message.received"}


def event_label(action: str) -> str | Promise:
    if action in EVENT_LABELS:
        return EVENT_LABELS[action]
    for transition in TRANSITIONS.values():
        if transition.event == action:
            return transition.label
    return action


@dataclass(frozen=True)
class Change:
    label: str | Promise
    old: Any
    new: Any


@dataclass(frozen=True)
class Entry:
    kind: str  # "message" or "event"
    at: Any
    message: Message | None = None
    event: Event | None = None
    label: str | Promise = ""
    changes: list[Change] = field(default_factory=list)
    status_after: str | Promise = ""


def _readable(name: str, value: Any) -> Any:
    """A recorded value as people read it: a choice's label rather than its code."""
    try:
        model_field = Complaint._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if not isinstance(model_field, models.Field):
        return value
    choices = dict(model_field.flatchoices) if model_field.choices else {}
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    return choices.get(value, value)


def field_label(name: str) -> str | Promise:
    try:
        field = Complaint._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    # A reverse relation (e.g. resolution's root_cause) has no label of its own.
    return getattr(field, "verbose_name", None) or name.replace("_", " ")


def describe_changes(changes: dict[str, list[Any]]) -> list[Change]:
    return [
        Change(field_label(name), _readable(name, old), _readable(name, new))
        for name, (old, new) in changes.items()
        # Timestamps and the waiting state are bookkeeping; the event already says what happened.
        if not name.endswith("_at") and name != "resume_status"
    ]


def complaint_story(complaint: Complaint) -> list[Entry]:
    entries = []
    for kind, item in timeline(complaint, include_internal=True):
        if isinstance(item, Message):
            entries.append(Entry("message", item.created_at, message=item))
        elif isinstance(item, Event) and item.action not in SHOWN_AS_MESSAGES:
            moved = item.status_after and item.status_after != item.status_before
            entries.append(
                Entry(
                    kind,
                    item.at,
                    event=item,
                    label=event_label(item.action),
                    changes=describe_changes(item.changes),
                    status_after=STATUS_LABELS.get(item.status_after, "") if moved else "",
                )
            )
    return entries
