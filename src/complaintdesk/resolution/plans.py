"""Remedy plans: drafted by the handler, proposed to the customer (who accepts, rejects or
comments), carried out step by step with the customer told of each step done.

The status moves only through the lifecycle: `propose_plan` takes the `propose_remedy` action
(whose guard wants a proposed plan with a step), and the customer's answer is the
`accept_remedy` or `reject_remedy` action; wiring.py then calls `plan_accepted`,
`plan_rejected` and `tell_plan_proposed` here. A plan that needs no confirmation is accepted
at once by the handler who proposes it, with the reason as the note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import CUSTOMER, Party, User, role_of, user_of
from complaintdesk.audit.services import record
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.lifecycle import (
    HANDLERS,
    ActionNotAllowed,
    InvalidFields,
    RoleNotAllowed,
    allowed_actions,
)
from complaintdesk.complaints.models import Channel, Complaint
from complaintdesk.complaints.services import receive_customer_message
from complaintdesk.notifications.services import tell_customer
from complaintdesk.resolution.models import (
    PlanState,
    PlanStep,
    RemedyPlan,
    RemedyType,
    StepStatus,
)
from complaintdesk.resolution.services import checked_text, refuse_if_archived

PLANNERS = lifecycle.TRANSITIONS["propose_remedy"].roles
# The plans whose open steps keep a complaint from being resolved.
BINDING = (PlanState.PROPOSED, PlanState.ACCEPTED)


@dataclass(frozen=True)
class StepDraft:
    description: str
    due_at: datetime
    owner: User | None = None


def _refuse_unless_planner(actor: User, complaint: Complaint) -> None:
    if role_of(actor) not in PLANNERS:
        raise RoleNotAllowed(_("a %(role)s may not plan remedies") % {"role": actor.role})
    refuse_if_archived(complaint, actor)


def _checked_step(errors: dict[str, str], step: StepDraft, prefix: str) -> str:
    description = checked_text(
        errors, f"{prefix}description", step.description, _("say what will be done")
    )
    if step.due_at <= timezone.now():
        errors[f"{prefix}due_at"] = _("must be in the future")
    owner = step.owner
    if owner is not None and (not owner.is_active or owner.role not in HANDLERS):
        errors[f"{prefix}owner"] = _("must be an active agent, handler or supervisor")
    return description


def draft_plan(
    *,
    complaint: Complaint,
    actor: User,
    objectives: str,
    remedy_types: Sequence[str],
    steps: Sequence[StepDraft] = (),
    needs_confirmation: bool = True,
    no_confirmation_reason: str = "",
) -> RemedyPlan:
    """A new plan, the next version for the complaint, with its first steps; not yet shown to
    the customer."""
    _refuse_unless_planner(actor, complaint)
    errors: dict[str, str] = {}
    objectives = checked_text(
        errors, "objectives", objectives, _("say what the plan is to achieve")
    )
    kinds = list(dict.fromkeys(remedy_types))
    if not kinds:
        errors["remedy_types"] = _("choose at least one kind of remedy")
    elif set(kinds) - set(RemedyType.values):
        errors["remedy_types"] = _("must be among: %s") % ", ".join(RemedyType.values)
    reason = no_confirmation_reason.strip()
    if not needs_confirmation and not reason:
        errors["no_confirmation_reason"] = _(
            "say why the customer need not confirm (e.g. an explanation only)"
        )
    descriptions = [_checked_step(errors, step, f"steps.{n}.") for n, step in enumerate(steps)]
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        latest = RemedyPlan.objects.filter(complaint=complaint).aggregate(v=Max("version"))["v"]
        plan = RemedyPlan.objects.create(
            complaint=complaint,
            version=(latest or 0) + 1,
            objectives=objectives,
            remedy_types=kinds,
            needs_confirmation=needs_confirmation,
            no_confirmation_reason="" if needs_confirmation else reason,
            created_by=actor,
            created_at=timezone.now(),
        )
        for step, description in zip(steps, descriptions, strict=True):
            PlanStep.objects.create(
                plan=plan, description=description, due_at=step.due_at, owner=step.owner
            )
        record(
            action="remedy.plan_drafted",
            actor=actor,
            complaint=complaint,
            subject=f"plan:{plan.pk}",
            changes={
                "remedy_types": [None, kinds],
                "steps": [None, len(descriptions)],
                "needs_confirmation": [None, needs_confirmation],
            },
            note=objectives,
        )
    return plan


def add_plan_step(
    *, complaint: Complaint, plan: RemedyPlan, actor: User, step: StepDraft
) -> PlanStep:
    """One more step, to a plan not yet proposed or already under way."""
    _refuse_unless_planner(actor, complaint)
    if plan.state not in (PlanState.DRAFT, PlanState.ACCEPTED):
        raise ActionNotAllowed(
            _("steps are added to a draft or to an accepted plan; this one is %(state)s")
            % {"state": plan.get_state_display()}
        )
    errors: dict[str, str] = {}
    description = _checked_step(errors, step, "")
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        added = PlanStep.objects.create(
            plan=plan, description=description, due_at=step.due_at, owner=step.owner
        )
        record(
            action="remedy.step_added",
            actor=actor,
            complaint=complaint,
            subject=f"plan_step:{added.pk}",
            changes={"due_at": [None, step.due_at.isoformat()]},
            note=description,
        )
    return added


def propose_plan(
    *, complaint: Complaint, plan: RemedyPlan, actor: User, expected_version: int | None = None
) -> RemedyPlan:
    """Put the plan to the customer (the `propose_remedy` action). Earlier plans still open are
    superseded. A plan that needs no confirmation is under way at once (`accept_remedy`, by the
    same handler, the reason as its note)."""
    _refuse_unless_planner(actor, complaint)
    if plan.state != PlanState.DRAFT:
        raise ActionNotAllowed(
            _("only a draft plan can be proposed; this one is %(state)s")
            % {"state": plan.get_state_display()},
            allowed_actions=allowed_actions(complaint, actor),
        )
    with transaction.atomic():
        now = timezone.now()
        RemedyPlan.objects.filter(
            complaint=complaint, state__in=[PlanState.DRAFT, *BINDING]
        ).exclude(pk=plan.pk).update(state=PlanState.SUPERSEDED, decided_at=now)
        RemedyPlan.objects.filter(pk=plan.pk).update(state=PlanState.PROPOSED, proposed_at=now)
        lifecycle.perform(
            complaint,
            "propose_remedy",
            actor=actor,
            expected_version=expected_version,
            remedy_plan=plan.objectives,
        )
        if not plan.needs_confirmation:
            lifecycle.perform(
                complaint, "accept_remedy", actor=actor, note=plan.no_confirmation_reason
            )
    plan.refresh_from_db()
    return plan


def proposed_plan(complaint: Complaint) -> RemedyPlan | None:
    return (
        RemedyPlan.objects.filter(complaint=complaint, state=PlanState.PROPOSED)
        .order_by("-version")
        .first()
    )


def tell_plan_proposed(complaint: Complaint) -> None:
    """The proposal, in the customer's language: what we will do, by when, and whether we
    need their answer (reaction to `propose_remedy`)."""
    plan = proposed_plan(complaint)
    if plan is None:
        return
    steps = list(plan.steps.exclude(status=StepStatus.CANCELLED))
    tell_customer(complaint, "remedy_plan_proposed", plan=plan, steps=steps)


def _answered(complaint: Complaint, state: str, note: str) -> None:
    plan = proposed_plan(complaint)
    if plan is None:
        return
    comment = "\n\n".join(part for part in (plan.customer_comment, note.strip()) if part)
    RemedyPlan.objects.filter(pk=plan.pk).update(
        state=state, decided_at=timezone.now(), customer_comment=comment
    )


def plan_accepted(complaint: Complaint, note: str) -> None:
    """Reaction to `accept_remedy`: the proposed plan is the one carried out."""
    _answered(complaint, PlanState.ACCEPTED, note)


def plan_rejected(complaint: Complaint, note: str) -> None:
    """Reaction to `reject_remedy`: the plan keeps the customer's words for the next one."""
    _answered(complaint, PlanState.REJECTED, note)


def comment_on_plan(
    *, complaint: Complaint, plan: RemedyPlan, actor: User | Party, text: str
) -> RemedyPlan:
    """The customer comments on the proposal without answering it yet: from the tracking page,
    or taken down by staff. Kept on the plan and as a message from the customer."""
    if role_of(actor) != CUSTOMER and role_of(actor) not in PLANNERS:
        raise RoleNotAllowed(_("only the customer, or staff on their behalf, may comment"))
    if plan.state != PlanState.PROPOSED:
        raise ActionNotAllowed(_("the plan is no longer waiting for an answer"))
    errors: dict[str, str] = {}
    text = checked_text(errors, "text", text, _("write your comment"))
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        comment = "\n\n".join(part for part in (plan.customer_comment, text) if part)
        RemedyPlan.objects.filter(pk=plan.pk).update(customer_comment=comment)
        channel = Channel.WEB if role_of(actor) == CUSTOMER else Channel.PHONE
        receive_customer_message(complaint=complaint, body=text, channel=channel, actor=actor)
        record(
            action="remedy.commented",
            actor=user_of(actor),
            actor_label=str(actor),
            complaint=complaint,
            subject=f"plan:{plan.pk}",
            note=text,
        )
    plan.refresh_from_db()
    return plan


def _refuse_unless_step_worker(actor: User, complaint: Complaint, step: PlanStep) -> None:
    if step.owner_id != actor.pk and role_of(actor) not in PLANNERS:
        raise RoleNotAllowed(_("only the step's owner or a handler of the complaint may"))
    refuse_if_archived(complaint, actor)
    if step.plan.state != PlanState.ACCEPTED:
        raise ActionNotAllowed(
            _("steps are carried out once the plan is accepted; this one is %(state)s")
            % {"state": step.plan.get_state_display()}
        )


def _finish_step(step: PlanStep, actor: User, status: str) -> bool:
    now = timezone.now()
    return bool(
        PlanStep.objects.filter(pk=step.pk, status=StepStatus.OPEN).update(
            status=status, done_at=now, done_by=actor
        )
    )


def complete_step(*, complaint: Complaint, step: PlanStep, actor: User, note: str = "") -> PlanStep:
    """A step is done; the customer is told, with what remains."""
    _refuse_unless_step_worker(actor, complaint, step)
    with transaction.atomic():
        if not _finish_step(step, actor, StepStatus.DONE):
            raise ActionNotAllowed(_("the step is no longer open"))
        step.refresh_from_db()
        record(
            action="remedy.step_done",
            actor=actor,
            complaint=complaint,
            subject=f"plan_step:{step.pk}",
            changes={"step": [StepStatus.OPEN, StepStatus.DONE]},
            note=note.strip() or step.description,
        )
        remaining = list(step.plan.steps.filter(status=StepStatus.OPEN).order_by("due_at", "id"))
        tell_customer(complaint, "remedy_progress", step=step, remaining=remaining)
    return step


def cancel_step(*, complaint: Complaint, step: PlanStep, actor: User, reason: str) -> PlanStep:
    """A step that will not be done (no longer needed, replaced), with the reason."""
    _refuse_unless_step_worker(actor, complaint, step)
    errors: dict[str, str] = {}
    reason = checked_text(errors, "reason", reason, _("say why the step is cancelled"))
    if errors:
        raise InvalidFields(errors)
    with transaction.atomic():
        if not _finish_step(step, actor, StepStatus.CANCELLED):
            raise ActionNotAllowed(_("the step is no longer open"))
        step.refresh_from_db()
        record(
            action="remedy.step_cancelled",
            actor=actor,
            complaint=complaint,
            subject=f"plan_step:{step.pk}",
            changes={"step": [StepStatus.OPEN, StepStatus.CANCELLED]},
            note=reason,
        )
    return step
