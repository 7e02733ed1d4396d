"""Compensation within each role's limit: a request is approved at once when the requester's
own limit covers it, otherwise it waits for someone whose limit does (never the requester).
A claim above COMPENSATION_INVESTIGATION_THRESHOLD needs a recorded investigation (an
evidence entry and a root cause) before it is approved. Paying writes a ledger entry that is
never changed; a correction is a reversing entry."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import User
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.audit.services import record
from complaintdesk.complaints.lifecycle import (
    ActionNotAllowed,
    GuardFailed,
    InvalidFields,
    RoleNotAllowed,
)
from complaintdesk.complaints.models import Complaint
from complaintdesk.resolution.models import (
    CompensationEntry,
    CompensationKind,
    CompensationLimit,
    CompensationRequest,
    EntryKind,
    InvestigationEntry,
    RequestState,
    RootCause,
)
from complaintdesk.resolution.services import checked_text, refuse_if_archived

CURRENCY = re.compile(r"^[A-Z]{3}$")
CENT = Decimal("0.01")
AMOUNT_MAX = Decimal("999999999999.99")


def limit_for(user: User, currency: str) -> CompensationLimit | None:
    """The user's role's limit in that currency; None: they may grant nothing in it."""
    return CompensationLimit.objects.filter(role=user.role, currency=currency).first()


def covers(user: User, amount: Decimal, currency: str) -> bool:
    limit = limit_for(user, currency)
    return limit is not None and limit.covers(amount)


def needs_investigation(request: CompensationRequest) -> bool:
    return request.amount > settings.COMPENSATION_INVESTIGATION_THRESHOLD


def investigation_recorded(complaint: Complaint) -> bool:
    """At least one piece of evidence and a root cause."""
    return (
        InvestigationEntry.objects.filter(complaint=complaint, kind=EntryKind.EVIDENCE).exists()
        and RootCause.objects.filter(complaint=complaint).exists()
    )


def _refuse_unless_handling(actor: User, complaint: Complaint) -> None:
    if not may(actor, Can.TAKE_ACTIONS):
        raise RoleNotAllowed(_("a %(role)s may not handle compensation") % {"role": actor.role})
    refuse_if_archived(complaint, actor)


def _checked_amount(errors: dict[str, str], amount: Decimal | str, currency: str) -> Decimal:
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        errors["amount"] = _("must be a decimal amount such as 49.90")
        return Decimal(0)
    if not value.is_finite() or value <= 0:
        errors["amount"] = _("must be more than zero")
    elif value != value.quantize(CENT) or value > AMOUNT_MAX:
        errors["amount"] = _("must have at most two decimal places and twelve digits before them")
    if not CURRENCY.match(currency):
        errors["currency"] = _("must be a three-letter ISO 4217 code such as EUR")
    return value


def _approve(request: CompensationRequest, actor: User, note: str) -> None:
    CompensationRequest.objects.filter(pk=request.pk, state=RequestState.PENDING).update(
        state=RequestState.APPROVED, decided_by=actor, decided_at=timezone.now(), decision_note=note
    )
    request.refresh_from_db()
    record(
        action="compensation.approved",
        actor=actor,
        complaint=request.complaint,
        subject=f"compensation:{request.pk}",
        changes={"state": [RequestState.PENDING, RequestState.APPROVED]},
        note=note,
    )


def request_compensation(
    *,
    complaint: Complaint,
    actor: User,
    amount: Decimal,
    currency: str,
    kind: str,
    reason: str,
) -> CompensationRequest:
    """Ask to compensate the customer. Within the requester's own limit (and, for a large claim,
    with the investigation recorded) it is approved at once; otherwise it waits for approval."""
    _refuse_unless_handling(actor, complaint)
    errors: dict[str, str] = {}
    currency = currency.strip().upper()
    amount = _checked_amount(errors, amount, currency)
    if kind not in CompensationKind.values:
        errors["kind"] = _("must be one of: %s") % ", ".join(CompensationKind.values)
    reason = checked_text(errors, "reason", reason, _("say why the customer is compensated"))
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        request = CompensationRequest.objects.create(
            complaint=complaint,
            amount=amount,
            currency=currency,
            kind=kind,
            reason=reason,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        record(
            action="compensation.requested",
            actor=actor,
            complaint=complaint,
            subject=f"compensation:{request.pk}",
            changes={"amount": [None, f"{amount} {currency}"], "kind": [None, kind]},
            note=reason,
        )
        if covers(actor, amount, currency) and (
            not needs_investigation(request) or investigation_recorded(complaint)
        ):
            _approve(request, actor, _("Within the requester's own limit."))
    return request


def _refuse_unless_approver(request: CompensationRequest, actor: User) -> None:
    _refuse_unless_handling(actor, request.complaint)
    if request.requested_by_id == actor.pk:
        raise RoleNotAllowed(_("nobody approves or declines their own request"))
    if request.state != RequestState.PENDING:
        raise ActionNotAllowed(
            _("the request is no longer waiting: it is %(state)s")
            % {"state": request.get_state_display()}
        )
    if not covers(actor, request.amount, request.currency):
        limit = limit_for(actor, request.currency)
        raise RoleNotAllowed(
            _("%(amount)s %(currency)s is above your limit (%(limit)s); someone whose limit "
              "covers it must decide")
            % {
                "amount": request.amount,
                "currency": request.currency,
                "limit": f"{limit.max_amount} {request.currency}" if limit else _("none"),
            }
        )  # fmt: skip


def approve_compensation(
    *, request: CompensationRequest, actor: User, note: str = ""
) -> CompensationRequest:
    """Approve someone else's request, within one's own limit; a large claim only once the
    investigation is recorded."""
    _refuse_unless_approver(request, actor)
    if needs_investigation(request) and not investigation_recorded(request.complaint):
        raise GuardFailed(
            {
                "investigation": _(
                    "a claim above %(threshold)s needs a recorded investigation first: at least "
                    "one piece of evidence and the root cause"
                )
                % {"threshold": settings.COMPENSATION_INVESTIGATION_THRESHOLD}
            },
            allowed_actions=[],
        )
    with transaction.atomic():
        _approve(request, actor, note.strip())
    return request


def decline_compensation(
    *, request: CompensationRequest, actor: User, reason: str
) -> CompensationRequest:
    _refuse_unless_approver(request, actor)
    errors: dict[str, str] = {}
    reason = checked_text(errors, "reason", reason, _("say why it is declined"))
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        CompensationRequest.objects.filter(pk=request.pk, state=RequestState.PENDING).update(
            state=RequestState.DECLINED,
            decided_by=actor,
            decided_at=timezone.now(),
            decision_note=reason,
        )
        request.refresh_from_db()
        record(
            action="compensation.declined",
            actor=actor,
            complaint=request.complaint,
            subject=f"compensation:{request.pk}",
            changes={"state": [RequestState.PENDING, RequestState.DECLINED]},
            note=reason,
        )
    return request


def pay_compensation(
    *, request: CompensationRequest, actor: User, note: str = ""
) -> CompensationEntry:
    """Record that an approved request was paid: one ledger entry, never changed afterwards."""
    _refuse_unless_handling(actor, request.complaint)
    with transaction.atomic():
        claimed = CompensationRequest.objects.filter(
            pk=request.pk, state=RequestState.APPROVED
        ).update(state=RequestState.PAID)
        if not claimed:
            raise ActionNotAllowed(
                _("only an approved request is paid; this one is %(state)s")
                % {"state": request.get_state_display()}
            )
        request.refresh_from_db()
        entry = CompensationEntry.objects.create(
            complaint=request.complaint,
            request=request,
            amount=request.amount,
            currency=request.currency,
            kind=request.kind,
            note=note.strip(),
            created_by=actor,
            created_at=timezone.now(),
        )
        record(
            action="compensation.paid",
            actor=actor,
            complaint=request.complaint,
            subject=f"compensation_entry:{entry.pk}",
            changes={"paid": [None, f"{entry.amount} {entry.currency}"]},
            note=note.strip(),
        )
    return entry


def reverse_compensation(
    *, entry: CompensationEntry, actor: User, reason: str
) -> CompensationEntry:
    """Correct a payment with an entry for the opposite amount; the first stays as it was. Only
    someone whose limit covers the amount may."""
    _refuse_unless_handling(actor, entry.complaint)
    if not covers(actor, abs(entry.amount), entry.currency):
        raise RoleNotAllowed(_("reversing this amount is above your limit"))
    if entry.reverses_id is not None:
        raise ActionNotAllowed(_("a reversing entry is not itself reversed; add a new payment"))
    errors: dict[str, str] = {}
    reason = checked_text(errors, "reason", reason, _("say why the payment is reversed"))
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        if CompensationEntry.objects.filter(reverses=entry).exists():
            raise ActionNotAllowed(_("this payment was already reversed"))
        reversal = CompensationEntry.objects.create(
            complaint=entry.complaint,
            request=entry.request,
            amount=-entry.amount,
            currency=entry.currency,
            kind=entry.kind,
            reverses=entry,
            note=reason,
            created_by=actor,
            created_at=timezone.now(),
        )
        record(
            action="compensation.reversed",
            actor=actor,
            complaint=entry.complaint,
            subject=f"compensation_entry:{reversal.pk}",
            changes={"paid": [f"{entry.amount} {entry.currency}", None]},
            note=reason,
        )
    return reversal
