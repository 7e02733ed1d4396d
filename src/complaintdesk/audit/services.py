"""The only way anything is written to the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from complaintdesk.audit.models import Event

if TYPE_CHECKING:
    from complaintdesk.accounts.models import User


def record(
    *,
    action: str,
    actor: User | None = None,
    actor_label: str = "",
    complaint: Any = None,
    subject: str = "",
    status_before: str = "",
    status_after: str = "",
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> Event:
    """Append one event. Must run inside the caller's transaction, so the event and the change
    it describes commit together or not at all."""
    if "." not in action:
        raise ValueError("audit actions are namespaced codes such as 'complaint.triaged'")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the service's transaction")
    label = actor_label or (str(actor) if actor is not None else "system")
    return Event.objects.create(
        # Read the clock here rather than through the field default, so a loader that sets
        # the clock (the demo's history) dates its events too.
        at=timezone.now(),
        action=action,
        actor=actor,
        actor_label=label[:150],
        complaint=complaint,
        subject=subject or (f"complaint:{complaint.pk}" if complaint is not None else ""),
        status_before=status_before,
        status_after=status_after,
        changes=changes or {},
        note=note,
    )
