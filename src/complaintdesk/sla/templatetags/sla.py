"""{% time_left complaint %} and {% clock_left clock %}: how long until a deadline, in words
and in colour (the colour is also said in words, for those who do not see it)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.complaints.models import Complaint
from complaintdesk.sla.models import Clock
from complaintdesk.sla.selectors import next_clock

register = template.Library()


def span(duration: timedelta) -> str:
    minutes = max(0, int(duration.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


def describe(clock: Clock | None, now: datetime | None = None) -> dict[str, Any]:
    if clock is None:
        return {"clock": None, "state": "none", "text": "—"}
    now = now or timezone.now()
    state = clock.state(now)
    if state == "paused":
        text = _("paused: waiting on the customer")
    elif state == "overdue":
        text = _("overdue by %(time)s") % {"time": span(now - clock.due_at)}
    elif state in {"met", "missed"}:
        text = _("met") if state == "met" else _("missed")
    else:
        text = _("%(time)s left") % {"time": span(clock.due_at - now)}
        if state == "warning":
            text = _("%(text)s, running late") % {"text": text}
    return {"clock": clock, "state": state, "text": text}


@register.inclusion_tag("sla/_time_left.html")
def time_left(complaint: Complaint, now: datetime | None = None) -> dict[str, Any]:
    """The deadline a complaint's handlers must meet next."""
    return describe(next_clock(complaint), now)


@register.inclusion_tag("sla/_time_left.html")
def clock_left(clock: Clock, now: datetime | None = None) -> dict[str, Any]:
    return describe(clock, now)
