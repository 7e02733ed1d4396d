"""The complaint's life as one table. Nothing else changes a complaint's status.

Each row says which states an action may start from, where it leads, who may take it, which
fields it takes and what must be true afterwards. The API's 409 answers, the console's buttons
and the diagram in docs/architecture.md are all derived from TRANSITIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import CUSTOMER, SYSTEM, Party, Role, User, role_of, user_of
from complaintdesk.accounts.selectors import department_ids
from complaintdesk.audit.services import record
from complaintdesk.complaints.models import Complaint, Nature, Outcome, Status

S = Status
OPEN_WORKING_STATES = frozenset(
    {S.ACKNOWLEDGED, S.TRIAGED, S.INVESTIGATING, S.REOPENED, S.REMEDY_PROPOSED, S.IN_REMEDY}
)
HANDLERS = frozenset({Role.AGENT, Role.HANDLER, Role.SUPERVISOR})

# A guard looks at the complaint as it would be after the action and names what is missing.
Guard = Callable[[Complaint, str, str], dict[str, str]]


class LifecycleError(Exception):
    """Base of the refusals below; each carries what the caller may do instead."""

    def __init__(self, message: str, *, allowed_actions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.allowed_actions = allowed_actions or []


class UnknownAction(LifecycleError):
    pass


class ActionNotAllowed(LifecycleError):
    """The action does not start from the complaint's current state (HTTP 409)."""


class RoleNotAllowed(LifecycleError):
    """The actor's role may not take this action (HTTP 403)."""


class GuardFailed(LifecycleError):
    """Something the action needs is missing (HTTP 409, naming the fields)."""

    def __init__(self, errors: dict[str, str], *, allowed_actions: list[str]) -> None:
        super().__init__(
            "; ".join(f"{k}: {v}" for k, v in errors.items()), allowed_actions=allowed_actions
        )
        self.errors = errors


class StaleVersion(LifecycleError):
    """Someone else changed the complaint since the caller read it (HTTP 409)."""

    def __init__(self, current_version: int) -> None:
        super().__init__(
            f"the complaint was changed by someone else; it is now at version {current_version}"
        )
        self.current_version = current_version


class InvalidFields(LifecycleError):
    """Fields the action does not take (HTTP 422)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _needs(*names: str) -> Guard:
    def guard(complaint: Complaint, note: str, source: str) -> dict[str, str]:
        return {
            name: str(_("is required for this action"))
            for name in names
            if getattr(complaint, name) in (None, "", [])
        }

    return guard


def _note_needed(complaint: Complaint, note: str, source: str) -> dict[str, str]:
    return {} if note.strip() else {"note": str(_("a note saying why is required"))}


def _close_guard(complaint: Complaint, note: str, source: str) -> dict[str, str]:
    # A complaint closes when the customer is satisfied, when the follow-up window passes
    # without an answer (both by the system, followup), or when a supervisor decides so; every
    # one of them with the reason on the record.
    if not complaint.close_reason.strip():
        if source == S.RESOLVED:
            return {"close_reason": str(_("is required to close before the follow-up"))}
        return {"close_reason": str(_("is required: say why the complaint can be closed"))}
    return {}


def _resolve_guard(complaint: Complaint, note: str, source: str) -> dict[str, str]:
    errors = _needs("resolution_summary", "outcome")(complaint, note, source)
    if complaint.outcome and complaint.outcome not in Outcome.values:
        errors["outcome"] = str(_("must be one of: %s")) % ", ".join(Outcome.values)
    return errors


def _plan_proposed(complaint: Complaint, note: str, source: str) -> dict[str, str]:
    # A remedy is proposed through a plan with steps (resolution.plans.propose_plan marks it
    # proposed, then takes this action); the text of remedy_plan alone is not enough.
    if complaint.remedy_plans.filter(state="proposed", steps__isnull=False).exists():
        return {}
    return {
        "remedy_plan": str(
            _("needs a remedy plan with at least one step, proposed from the plan itself")
        )
    }


def _remedy_finished(complaint: Complaint, note: str, source: str) -> dict[str, str]:
    # resolution: an upheld complaint says why it happened; an agreed plan is carried out (each
    # step done or cancelled with a reason) before the complaint is resolved.
    errors: dict[str, str] = {}
    if complaint.outcome in (Outcome.UPHELD, Outcome.PARTIALLY_UPHELD) and not (
        Complaint.objects.filter(pk=complaint.pk, root_cause__isnull=False).exists()
    ):
        errors["root_cause"] = str(
            _("is required when the complaint is upheld or partially upheld; record what caused it")
        )
    open_steps = complaint.remedy_plans.filter(
        state__in=("proposed", "accepted"), steps__status="open"
    ).count()
    if open_steps:
        errors["plan_steps"] = str(
            _("%(count)d step(s) of the remedy plan still open; mark them done or cancel them")
        ) % {"count": open_steps}
    return errors


def _coordination_done(complaint: Complaint, note: str, source: str) -> dict[str, str]:
    # Departments still working on an abnormal complaint (routing's coordination tasks): each
    # finishes its task, or the lead closes it with a reason, before the complaint is resolved.
    waiting = list(
        complaint.coordination_tasks.filter(state="open")
        .order_by("due_at")
        .values_list("department__name", flat=True)
    )
    if not waiting:
        return {}
    return {
        "open_tasks": str(
            _("still open for %(departments)s; finish them or close them with a reason")
        )
        % {"departments": ", ".join(waiting)}
    }


def _merge_guard(complaint: Complaint, note: str, source: str) -> dict[str, str]:
    # Only relations.services.merge_complaints merges: it records the surviving complaint (a
    # merged_into link) first, in the same transaction, and says so in the close reason.
    errors = _needs("close_reason")(complaint, note, source)
    if not complaint.outgoing_links.filter(kind="merged_into").exists():
        errors["merged_into"] = str(
            _("name the surviving complaint: merge from the related complaints panel")
        )
    return errors


def _all_of(*guards: Guard) -> Guard:
    def guard(complaint: Complaint, note: str, source: str) -> dict[str, str]:
        errors: dict[str, str] = {}
        for check in guards:
            errors.update(check(complaint, note, source))
        return errors

    return guard


def _no_guard(complaint: Complaint, note: str, source: str) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: frozenset[str]
    # None: back to where the complaint was before it started waiting.
    target: str | None
    roles: frozenset[str]
    fields: tuple[str, ...] = ()
    guard: Guard = _no_guard
    # Timestamp field set when the action succeeds.
    stamps: tuple[str, ...] = ()
    # Fields emptied when the action succeeds (e.g. the old outcome on reopening).
    clears: tuple[str, ...] = ()
    # Shown in a warning colour in the console.
    style: str = "primary"
    # False for an action with a use case of its own (merge, in relations), not offered among
    # the console's generic action buttons.
    generic: bool = True

    @property
    def event(self) -> str:
        return f"complaint.{EVENT_NAMES.get(self.action, self.action)}"


TRIAGE_FIELDS = (
    "category",
    "severity",
    "department",
    "nature",
    "impact_scope",
    "complexity",
    "immediate_action",
    "priority",
    "owner",
)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "acknowledge",
            _("Acknowledge"),
            frozenset({S.RECEIVED}),
            S.ACKNOWLEDGED,
            HANDLERS | {SYSTEM},
            stamps=("acknowledged_at",),
        ),
        Transition(
            "triage",
            _("Triage"),
            frozenset({S.ACKNOWLEDGED}),
            S.TRIAGED,
            HANDLERS | {SYSTEM},
            fields=TRIAGE_FIELDS,
            guard=_needs("category", "severity", "department"),
            stamps=("triaged_at",),
        ),
        Transition(
            "start_investigation",
            _("Start investigation"),
            frozenset({S.TRIAGED, S.REOPENED}),
            S.INVESTIGATING,
            HANDLERS,
        ),
        Transition(
            "request_information",
            _("Ask the customer"),
            OPEN_WORKING_STATES - {S.REMEDY_PROPOSED},
            S.WAITING_ON_CUSTOMER,
            HANDLERS,
            guard=_note_needed,
            style="secondary",
        ),
        Transition(
            "customer_replied",
            _("Customer answered"),
            frozenset({S.WAITING_ON_CUSTOMER}),
            None,
            HANDLERS | {CUSTOMER, SYSTEM},
            style="secondary",
        ),
        Transition(
            "propose_remedy",
            _("Propose remedy"),
            frozenset({S.INVESTIGATING, S.REOPENED}),
            S.REMEDY_PROPOSED,
            HANDLERS,
            fields=("remedy_plan",),
            guard=_plan_proposed,
            # Proposed from a plan (resolution.plans.propose_plan), not a bare button.
            generic=False,
        ),
        Transition(
            "accept_remedy",
            _("Remedy accepted"),
            frozenset({S.REMEDY_PROPOSED}),
            S.IN_REMEDY,
            HANDLERS | {CUSTOMER},
        ),
        Transition(
            "reject_remedy",
            _("Remedy rejected"),
            frozenset({S.REMEDY_PROPOSED}),
            S.INVESTIGATING,
            HANDLERS | {CUSTOMER},
            guard=_note_needed,
            style="secondary",
        ),
        Transition(
            "resolve",
            _("Resolve"),
            frozenset({S.INVESTIGATING, S.REOPENED, S.IN_REMEDY}),
            S.RESOLVED,
            HANDLERS,
            fields=("resolution_summary", "outcome"),
            guard=_all_of(_resolve_guard, _coordination_done, _remedy_finished),
            stamps=("resolved_at",),
        ),
        Transition(
            "start_follow_up",
            _("Start follow-up"),
            frozenset({S.RESOLVED}),
            S.FOLLOW_UP,
            HANDLERS | {SYSTEM},
        ),
        Transition(
            "close",
            _("Close"),
            frozenset({S.FOLLOW_UP, S.RESOLVED}),
            S.CLOSED,
            # Until the customer is satisfied, or a supervisor closes it with a reason.
            frozenset({Role.SUPERVISOR, Role.QUALITY_MANAGER, SYSTEM}),
            fields=("close_reason",),
            guard=_close_guard,
            stamps=("closed_at",),
        ),
        Transition(
            "reopen",
            _("Reopen"),
            frozenset({S.RESOLVED, S.FOLLOW_UP, S.CLOSED}),
            S.REOPENED,
            HANDLERS | {Role.QUALITY_MANAGER, CUSTOMER, SYSTEM},
            guard=_note_needed,
            clears=("outcome", "resolved_at", "closed_at", "close_reason"),
            style="warning",
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            frozenset({S.RECEIVED, S.WAITING_ON_CUSTOMER} | OPEN_WORKING_STATES),
            S.WITHDRAWN,
            HANDLERS | {CUSTOMER},
            guard=_note_needed,
            stamps=("closed_at",),
            style="danger",
        ),
        Transition(
            "merge",
            _("Merge into another complaint"),
            frozenset(S.values) - {S.CLOSED, S.WITHDRAWN},
            S.CLOSED,
            HANDLERS,
            fields=("close_reason",),
            guard=_merge_guard,
            stamps=("closed_at",),
            style="danger",
            generic=False,
        ),
    ]
}

# Audit codes read better in the past tense.
EVENT_NAMES = {
    "acknowledge": "acknowledged",
    "triage": "triaged",
    "start_investigation": "investigation_started",
    "request_information": "information_requested",
    "customer_replied": "customer_replied",
    "propose_remedy": "remedy_proposed",
    "accept_remedy": "remedy_accepted",
    "reject_remedy": "remedy_rejected",
    "resolve": "resolved",
    "start_follow_up": "follow_up_started",
    "close": "closed",
    "reopen": "reopened",
    "withdraw": "withdrawn",
    "merge": "merged",
}


def allowed_actions(complaint: Complaint, actor: User | Party | None = None) -> list[str]:
    """Actions that start from the complaint's state, for this actor's role when one is given."""
    if actor is not None and not answers_for(actor, complaint):
        return []
    role = role_of(actor) if actor is not None else None
    return [
        t.action
        for t in TRANSITIONS.values()
        if complaint.status in t.sources and (role is None or role in t.roles)
    ]


def audit_value(value: Any) -> Any:
    """A field value as it is written into the audit trail: JSON, readable, stable."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return f"{value} (#{value.pk})"
    if isinstance(value, list | tuple):
        return [audit_value(v) for v in value]
    return str(value)


def field_changes(complaint: Complaint, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Set each field on the complaint and return those that really changed, old and new."""
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        old = getattr(complaint, name)
        if old != value:
            changes[name] = [audit_value(old), audit_value(value)]
            setattr(complaint, name, value)
    return changes


def save_versioned(complaint: Complaint, names: list[str], expected_version: int | None) -> None:
    """Write the named fields only if nobody else wrote since `expected_version`.

    A conditional UPDATE rather than a lock, so the check holds on SQLite and PostgreSQL alike
    and a stale write never overwrites a fresher one."""
    expected = complaint.version if expected_version is None else expected_version
    now = timezone.now()
    values = {name: getattr(complaint, name) for name in names}
    values.update(version=expected + 1, updated_at=now)
    updated = Complaint.objects.filter(pk=complaint.pk, version=expected).update(**values)
    if updated != 1:
        current = Complaint.objects.filter(pk=complaint.pk).values_list("version", flat=True)
        raise StaleVersion(current.first() or 0)
    complaint.version = expected + 1
    complaint.updated_at = now


def answers_for(actor: User | Party, complaint: Complaint) -> bool:
    """Whether the actor may act on the complaint itself, beyond seeing it. The front line acts
    on their own department's complaints, those they own, and those not routed yet;
    collaborators on an abnormal complaint led elsewhere see it and work on their task, but
    the lead department takes its steps, edits it and writes to the customer."""
    if not isinstance(actor, User) or actor.role not in HANDLERS:
        return True
    return (
        complaint.owner_id == actor.pk
        or complaint.department_id is None
        or complaint.department_id in department_ids(actor)
    )


def refuse_collaborators(actor: User | Party, complaint: Complaint) -> None:
    if not answers_for(actor, complaint):
        raise RoleNotAllowed(
            str(
                _(
                    "only the responsible department acts on this complaint; as a "
                    "collaborator you work on your coordination task"
                )
            ),
            allowed_actions=[],
        )


def ready_for_automatic_triage(complaint: Complaint) -> bool:
    """The system may triage: still acknowledged, the triage guard passes, and triage found
    a complaint (what is not one waits for a person in its own queue)."""
    transition = TRANSITIONS["triage"]
    return (
        complaint.status in transition.sources
        and complaint.nature != Nature.NOT_A_COMPLAINT
        and not transition.guard(complaint, "", complaint.status)
    )


def perform(
    complaint: Complaint,
    action: str,
    *,
    actor: User | Party,
    expected_version: int | None = None,
    note: str = "",
    **fields: Any,
) -> Complaint:
    """Take one action on a complaint: check it, change the status, record the event and queue
    what follows, all in one transaction. Raises a LifecycleError subclass when refused."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise UnknownAction(
            f"unknown action {action!r}", allowed_actions=allowed_actions(complaint, actor)
        )
    refuse_collaborators(actor, complaint)
    if role_of(actor) not in transition.roles:
        raise RoleNotAllowed(
            f"a {role_of(actor)} may not {action}",
            allowed_actions=allowed_actions(complaint, actor),
        )
    if complaint.status not in transition.sources:
        raise ActionNotAllowed(
            f"{action} is not allowed while the complaint is {complaint.status}",
            allowed_actions=allowed_actions(complaint, actor),
        )
    unknown = sorted(set(fields) - set(transition.fields))
    if unknown:
        raise InvalidFields({name: str(_("is not taken by this action")) for name in unknown})

    with transaction.atomic():
        source = complaint.status
        target = transition.target or complaint.resume_status or S.INVESTIGATING
        changes = field_changes(complaint, fields)
        errors = transition.guard(complaint, note, source)
        if errors:
            complaint.refresh_from_db()
            raise GuardFailed(errors, allowed_actions=allowed_actions(complaint, actor))

        now = timezone.now()
        extra: dict[str, Any] = {"status": target, "status_changed_at": now}
        extra["resume_status"] = source if target == S.WAITING_ON_CUSTOMER else ""
        for stamp in transition.stamps:
            extra[stamp] = now
        for cleared in transition.clears:
            extra[cleared] = "" if isinstance(getattr(complaint, cleared), str) else None
        changes.update(field_changes(complaint, extra))
        changes.pop("status_changed_at", None)
        changes.pop("status", None)
        save_versioned(complaint, [*fields, *extra], expected_version)

        record(
            action=transition.event,
            actor=user_of(actor),
            actor_label=str(actor),
            complaint=complaint,
            status_before=source,
            status_after=target,
            changes=changes,
            note=note,
        )
        from complaintdesk import wiring

        wiring.react(action, complaint, actor=actor, note=note)
    return complaint


def mermaid_diagram() -> str:
    """The lifecycle as a Mermaid state diagram, drawn from TRANSITIONS (docs/architecture.md
    holds a copy that a test keeps current)."""
    lines = ["stateDiagram-v2", f"    [*] --> {S.RECEIVED}"]
    for transition in TRANSITIONS.values():
        for source in sorted(transition.sources):
            if transition.target is None:
                # Back to whichever state the complaint was waiting from.
                waited_from = set().union(
                    *(t.sources for t in TRANSITIONS.values() if t.target == source)
                )
                for back in sorted(waited_from):
                    lines.append(f"    {source} --> {back}: {transition.action}")
                continue
            lines.append(f"    {source} --> {transition.target}: {transition.action}")
    lines += [f"    {S.CLOSED} --> [*]", f"    {S.WITHDRAWN} --> [*]"]
    return "\n".join(lines)
