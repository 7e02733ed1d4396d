"""The queue's rows as HTML, each label, date and deadline worked out once per page.

Through the template engine a page of 25 rows cost more than the page's SQL: every
`get_status_display` translated all of the field's choices again, every date went through a
filter, the time left was a template of its own per row, and each of the 11 cells was a dozen
template nodes. Written with format_html, which escapes every value, as a template would."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from complaintdesk.complaints.models import Channel, Complaint, Priority, Status
from complaintdesk.sla.models import ClockKind
from complaintdesk.sla.selectors import next_clock
from complaintdesk.sla.templatetags.sla import describe

EMPTY = "—"
ABNORMAL_ROW = mark_safe(' class="abnormal"')

ROW = (
    '<tr id="row-{reference}" data-reference="{reference}" data-status="{status}"{abnormal_class}>'
    '<th scope="row" data-label="{label_reference}"><a href="{url}">{reference}</a>{abnormal}</th>'
    '<td data-label="{label_subject}">{subject}<br><span class="muted">{customer}</span></td>'
    '<td data-label="{label_status}">'
    '<span class="status status-{status}">{status_label}</span></td>'
    '<td data-label="{label_priority}">{priority}</td>'
    '<td data-label="{label_category}">{category}</td>'
    '<td data-label="{label_department}">{department}</td>'
    '<td data-label="{label_owner}">{owner}</td>'
    '<td data-label="{label_channel}">{channel}</td>'
    '<td data-label="{label_received}">{received}</td>'
    '<td data-label="{label_due}">{due}</td>'
    '<td data-label="{label_time_left}" class="time-left-cell">{time_left}</td>'
    "</tr>"
)


def _time(at: datetime, form: str = "SHORT_DATETIME_FORMAT") -> SafeString:
    # As |date:'c' and |date:"SHORT_DATETIME_FORMAT" in a template: in the current time zone.
    local = timezone.localtime(at)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), date_format(local, form))


def queue_rows(complaints: Iterable[Complaint], now: datetime) -> list[SafeString]:
    # Each label translated once per page, in the request's language.
    statuses = {value: str(label) for value, label in Status.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    channels = {value: str(label) for value, label in Channel.choices}
    kinds = {value: str(label) for value, label in ClockKind.choices}
    labels = {
        "label_reference": gettext("Reference"),
        "label_subject": gettext("Subject and customer"),
        "label_status": gettext("Status"),
        "label_priority": gettext("Priority"),
        "label_category": gettext("Category"),
        "label_department": gettext("Department"),
        "label_owner": gettext("Owner"),
        "label_channel": gettext("Channel"),
        "label_received": pgettext("when", "Received"),
        "label_due": gettext("First response due"),
        "label_time_left": gettext("Time left"),
    }
    abnormal = format_html('<span class="badge badge-warning">{}</span>', gettext("Abnormal"))
    overdue = format_html('<span class="badge badge-danger">{}</span>', gettext("Overdue"))
    rows = []
    for complaint in complaints:
        due = complaint.first_response_due
        if due is None:
            due_cell: str = EMPTY
        else:
            late = not complaint.first_response_at and complaint.is_open and due < now
            due_cell = format_html("{}{}", _time(due), overdue if late else "")
        rows.append(
            format_html(
                ROW,
                **labels,
                reference=complaint.reference,
                url=reverse("console:complaint", args=[complaint.reference]),
                status=complaint.status,
                abnormal_class=ABNORMAL_ROW if complaint.abnormal else "",
                abnormal=abnormal if complaint.abnormal else "",
                subject=complaint.subject,
                customer=complaint.customer.name,
                status_label=statuses.get(complaint.status, complaint.status),
                priority=priorities.get(complaint.priority, complaint.priority) or EMPTY,
                category=(complaint.category.name if complaint.category else "") or EMPTY,
                department=(complaint.department.name if complaint.department else "") or EMPTY,
                owner=(str(complaint.owner) if complaint.owner else "") or EMPTY,
                channel=channels.get(complaint.channel, complaint.channel),
                received=_time(complaint.received_at),
                due=due_cell,
                time_left=_time_left(complaint, now, kinds),
            )
        )
    return rows


def _time_left(complaint: Complaint, now: datetime, kinds: dict[str, str]) -> SafeString:
    """The markup of sla/_time_left.html ({% time_left %}), from the same `describe`."""
    clock = next_clock(complaint)
    shown = describe(clock, now)
    if clock is None:
        return format_html('<span class="muted" data-state="none">{}</span>', EMPTY)
    kind = kinds.get(clock.kind, clock.kind)
    return format_html(
        '<span class="time-left time-left-{state}" data-state="{state}" title="{kind}: {due}">'
        "{kind} · {text}</span>",
        state=shown["state"],
        kind=kind,
        due=date_format(timezone.localtime(clock.due_at), "DATETIME_FORMAT"),
        text=shown["text"],
    )
