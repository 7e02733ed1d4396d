"""How the complaint page tells the complaint's story: audit codes and field changes in words,
and the story's entries as HTML (`story_html`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.defaultfilters import capfirst, filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaintdesk.audit.models import Event
from complaintdesk.complaints.lifecycle import TRANSITIONS
from complaintdesk.complaints.models import Complaint, DeliveryStatus, Direction, Message, Status
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


# The History card's entries, as the complaint page's template wrote them. Through the template
# engine 50 entries cost more than the page's SQL: each `get_…_display` translated all of the
# field's choices again and each entry was dozens of nodes. format_html escapes every value, as
# the template did; `linebreaksbr` and `filesizeformat` are the template's own filters.
MESSAGE = (
    '<li class="entry entry-{direction}" id="message-{pk}" data-visibility="{visibility}">\n'
    '<p class="entry-head">\n<strong>{direction_label}</strong>\n· {author}\n· {time}\n'
    "{staff_only}{delivery}</p>\n{subject}"
    '<div class="entry-body">{body}</div>\n{attachments}</li>\n'
)
EVENT = (
    '<li class="entry entry-event" id="event-{pk}" data-event="{action}">\n'
    '<p class="entry-head">\n<strong>{label}</strong>\n· {actor}\n· {time}\n{status}</p>\n'
    "{note}{changes}</li>\n"
)
EMPTY = "—"


def _time(at: Any) -> SafeString:
    # As |date:'c' and |date:"DATETIME_FORMAT" in a template: in the current time zone.
    local = timezone.localtime(at)
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(), date_format(local, "DATETIME_FORMAT")
    )


def _shown(value: Any) -> str:
    # As {{ value|default:"—" }} inside {% blocktranslate %}: localised, then escaped.
    return conditional_escape(localize(value) if value else EMPTY)


def story_html(entries: list[Entry], reference: str) -> list[SafeString]:
    # Each label translated once per page, in the request's language.
    directions = {value: str(label) for value, label in Direction.choices}
    deliveries = {value: str(label) for value, label in DeliveryStatus.choices}
    staff_only = format_html('<span class="badge">{}</span>', gettext("Staff only"))
    change_text = gettext("%(field)s: %(old)s → %(new)s")
    rows = []
    for entry in entries:
        message = entry.message
        if message is not None:
            files = list(message.attachments.all())
            rows.append(
                format_html(
                    MESSAGE,
                    direction=message.direction,
                    pk=message.pk,
                    visibility=message.visibility,
                    direction_label=directions.get(message.direction, message.direction),
                    author=message.author_label,
                    time=_time(message.created_at),
                    staff_only=staff_only if message.visibility == "internal" else "",
                    delivery=format_html(
                        '<span class="badge">{}</span>',
                        deliveries.get(message.delivery_status, message.delivery_status),
                    )
                    if message.delivery_status
                    else "",
                    subject=format_html('<p class="entry-subject">{}</p>', message.subject)
                    if message.subject
                    else "",
                    body=linebreaksbr(message.body, autoescape=True),
                    attachments=format_html(
                        '<ul class="attachments">{}</ul>',
                        format_html_join(
                            "",
                            '<li><a href="{}">{}</a> <span class="muted">({})</span></li>',
                            (
                                (
                                    reverse("console:attachment", args=[reference, file.pk]),
                                    file.filename,
                                    filesizeformat(file.size),
                                )
                                for file in files
                            ),
                        ),
                    )
                    if files
                    else "",
                )
            )
            continue
        event = entry.event
        assert event is not None
        changes = [
            # As {% blocktranslate %}: the values escaped, the catalogue's own text as it is.
            mark_safe(  # noqa: S308 (every value escaped; the text is our translation)
                change_text
                % {
                    "field": conditional_escape(capfirst(str(change.label))),
                    "old": _shown(change.old),
                    "new": _shown(change.new),
                }
            )
            for change in entry.changes
        ]
        rows.append(
            format_html(
                EVENT,
                pk=event.pk,
                action=event.action,
                label=entry.label,
                actor=event.actor_label,
                time=_time(entry.at),
                status=format_html(
                    '<span class="status status-{}">{}</span>',
                    event.status_after,
                    entry.status_after,
                )
                if entry.status_after
                else "",
                note=format_html(
                    '<div class="entry-body">{}</div>', linebreaksbr(event.note, autoescape=True)
                )
                if event.note
                else "",
                changes=format_html(
                    '<ul class="changes">{}</ul>',
                    format_html_join("", "<li>{}</li>", ((change,) for change in changes)),
                )
                if changes
                else "",
            )
        )
    return rows
