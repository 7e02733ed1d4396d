"""Giving complaints to departments and people: routing by the rules, an agent taking one from
the queue, a supervisor reassigning one. Each change of department or owner is written with a
conditional UPDATE and recorded as an audit event with its reason, in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import SYSTEM_PARTY, Department, Party, Role, User, user_of
from complaintdesk.accounts.selectors import department_ids
from complaintdesk.audit.services import record
from complaintdesk.complaints.lifecycle import (
    HANDLERS,
    ActionNotAllowed,
    InvalidFields,
    RoleNotAllowed,
    allowed_actions,
    audit_value,
    field_changes,
    save_versioned,
)
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.routing.matrix import Matrix
from complaintdesk.routing.selectors import Choice, Destination, choose_owner, destination_for
from complaintdesk.sla.alerts import alert_staff
from complaintdesk.sla.models import AlertKind
from complaintdesk.sla.services import recompute_clocks

ARCHIVED = (Status.CLOSED, Status.WITHDRAWN)
REASON_MAX = 5_000


def _note_assigned(owner: User | None, complaint: Complaint, why: str) -> None:
    if owner is None:
        return
    User.objects.filter(pk=owner.pk).update(last_assigned_at=timezone.now())
    alert_staff(
        [owner], complaint=complaint, kind=AlertKind.ASSIGNED, template="assigned", email=False,
        why=why,
    )  # fmt: skip


def _apply(
    complaint: Complaint,
    *,
    department: Department | None,
    owner: User | None,
    actor: User | Party,
    action: str,
    note: str,
    expected_version: int | None = None,
) -> dict[str, list[Any]]:
    """Write the new department and owner, record why, and recompute the clocks when the
    department (and so the calendar) changed."""
    changes = field_changes(complaint, {"department": department, "owner": owner})
    if not changes:
        return changes
    save_versioned(complaint, ["department", "owner"], expected_version)
    record(
        action=action,
        actor=user_of(actor),
        actor_label=str(actor),
        complaint=complaint,
        changes=changes,
        note=note,
        status_before=complaint.status,
        status_after=complaint.status,
    )
    if "department" in changes:
        recompute_clocks(
            complaint,
            actor=actor,
            reason=_("Now counted in the calendar of %(department)s")
            % {"department": department.name if department else "—"},
        )
    if "owner" in changes:
        _note_assigned(owner, complaint, note)
    return changes


def route_complaint(
    *, complaint: Complaint, actor: User | Party = SYSTEM_PARTY, matrix: Matrix | None = None
) -> Destination:
    """Send the complaint where the routing rules say, and give it to someone there. Safe to
    call again whenever its assessment changes: the owner is kept while the department stays
    the same, and nothing is written when nothing changes. `matrix`: its category's
    responsibility matrix when the caller has it already."""
    # No savepoint of its own: a failure fails the caller's transaction anyway.
    with transaction.atomic(savepoint=False):
        destination = destination_for(complaint, matrix=matrix)
        if destination.department is None:
            return destination
        same_department = destination.department.pk == complaint.department_id
        rule = destination.rule
        if same_department and complaint.owner_id is not None:
            choice = Choice(complaint.owner, "")
        else:
            choice = choose_owner(
                destination.department,
                complaint,
                team=rule.team if rule else None,
                skill=rule.skill if rule else "",
                person=rule.owner if rule else None,
            )
        note = " ".join(filter(None, [destination.explanation, choice.explanation]))
        _apply(
            complaint,
            department=destination.department,
            owner=choice.owner,
            actor=actor,
            action="complaint.routed",
            note=note,
        )
    return destination


def take_complaint(*, complaint: Complaint, actor: User) -> Complaint:
    """An agent takes an unowned complaint of their department from the queue. Two taking it
    at the same moment: the conditional UPDATE lets exactly one have it."""
    if actor.role not in HANDLERS:
        raise RoleNotAllowed(_("a %(role)s may not take complaints") % {"role": actor.role})
    if complaint.status in ARCHIVED:
        raise ActionNotAllowed(
            _("the complaint is %(status)s; there is nothing to take")
            % {"status": complaint.status},
            allowed_actions=allowed_actions(complaint, actor),
        )
    if complaint.department_id is None:
        raise ActionNotAllowed(
            _("the complaint has no department yet; triage it first"),
            allowed_actions=allowed_actions(complaint, actor),
        )
    if complaint.department_id not in department_ids(actor):
        raise RoleNotAllowed(
            _("only people of %(department)s may take it") % {"department": complaint.department}
        )
    with transaction.atomic():
        now = timezone.now()
        taken = Complaint.objects.filter(pk=complaint.pk, owner__isnull=True).update(
            owner=actor, version=F("version") + 1, updated_at=now
        )
        if not taken:
            holder = Complaint.objects.select_related("owner").get(pk=complaint.pk).owner
            if holder is not None and holder.pk == actor.pk:
                return complaint
            raise ActionNotAllowed(
                _("%(person)s has already taken this complaint") % {"person": holder},
                allowed_actions=allowed_actions(complaint, actor),
            )
        complaint.refresh_from_db(fields=["owner", "version", "updated_at"])
        record(
            action="complaint.taken",
            actor=actor,
            complaint=complaint,
            changes={"owner": [None, audit_value(actor)]},
            note=_("Taken from the queue."),
            status_before=complaint.status,
            status_after=complaint.status,
        )
        User.objects.filter(pk=actor.pk).update(last_assigned_at=now)
    return complaint


def may_reassign(user: User, complaint: Complaint) -> bool:
    if user.role == Role.QUALITY_MANAGER:
        return True
    return user.role == Role.SUPERVISOR and (
        complaint.department_id is None or complaint.department_id in department_ids(user)
    )


def reassign_complaint(
    *,
    complaint: Complaint,
    actor: User,
    reason: str,
    department: Department | None = None,
    owner: User | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """A supervisor (or a quality manager) gives the complaint to another department or
    person, saying why. A new department without a named person assigns it as routing would."""
    if not may_reassign(actor, complaint):
        raise RoleNotAllowed(
            _("only a supervisor of its department or a quality manager may reassign it")
        )
    if complaint.status in ARCHIVED:
        raise ActionNotAllowed(
            _("a %(status)s complaint is archived; reopen it first") % {"status": complaint.status},
            allowed_actions=allowed_actions(complaint, actor),
        )
    errors: dict[str, str] = {}
    reason = reason.strip()
    if not reason:
        errors["reason"] = _("say why it is reassigned")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("at most %(max)d characters") % {"max": REASON_MAX}
    if department is None and owner is None:
        errors["owner"] = _("name a person or a department")
    target = department or complaint.department
    if target is None:
        errors["department"] = _("the complaint has no department yet; choose one")
    elif owner is not None:
        if not owner.is_active or owner.role not in HANDLERS:
            errors["owner"] = _("must be an active agent, handler or supervisor")
        elif owner.absent:
            errors["owner"] = _("%(person)s is away") % {"person": owner}
        elif target.pk not in department_ids(owner):
            errors["owner"] = _("%(person)s does not work in %(department)s") % {
                "person": owner,
                "department": target,
            }
    if errors:
        raise InvalidFields(errors)
    assert target is not None
    explanation = ""
    if owner is None:
        choice = choose_owner(target, complaint)
        owner, explanation = choice.owner, choice.explanation
    with transaction.atomic():
        _apply(
            complaint,
            department=target,
            owner=owner,
            actor=actor,
            action="complaint.reassigned",
            note=" ".join(filter(None, [reason, explanation])),
            expected_version=expected_version,
        )
    return complaint
