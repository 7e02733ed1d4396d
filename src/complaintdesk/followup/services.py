"""The follow-up after a decision, one function per use case, each the transaction boundary:
send the satisfaction survey, take the customer's answer (reopen or close), close what was not
answered in time, and record a customer's final position on a decision they do not accept.
Status changes go through lifecycle.perform()."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import CUSTOMER, SYSTEM_PARTY, Party, User, role_of, user_of
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.audit.services import record
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint
from complaintdesk.followup.models import FinalPosition, Survey, SurveyState
from complaintdesk.followup.selectors import (
    DECIDED,
    SurveyLinkRefused,
    current_final_position,
    may_dispute,
    survey_url,
)
from complaintdesk.notifications.services import tell_customer
from complaintdesk.sla.alerts import alert_staff
from complaintdesk.sla.models import AlertKind

TEXT_MAX = 5_000
BATCH = 200


def _customer(complaint: Complaint) -> Party:
    return Party(CUSTOMER, complaint.customer.name)


def _tell_staff(complaint: Complaint, *, template: str, **context: object) -> None:
    """The owner and the department's supervisors, by alert and e-mail."""
    people: list[User] = []
    if complaint.owner is not None:
        people.append(complaint.owner)
    if complaint.department is not None:
        people += list(complaint.department.supervisors.filter(is_active=True).order_by("id"))
    alert_staff(
        people,
        complaint=complaint,
        kind=AlertKind.ESCALATION,
        template=template,
        email=True,
        **context,
    )


def send_survey(complaint: Complaint, *, now: datetime | None = None) -> Survey:
    """After a decision: ask the customer whether we solved their problem (e-mail and
    tracking page). Runs in the `resolve` action's transaction (wiring.py)."""
    now = now or timezone.now()
    # A survey of an earlier decision is not asked any more.
    complaint.surveys.filter(state=SurveyState.PENDING).update(
        state=SurveyState.WITHDRAWN, result="replaced by a new decision"
    )
    survey = Survey.objects.create(
        complaint=complaint,
        created_at=now,
        expires_at=now + timedelta(days=settings.FOLLOW_UP_DAYS),
    )
    message = tell_customer(
        complaint, "survey", survey_url=survey_url(survey), expires_at=survey.expires_at
    )
    # Sending the survey is the system's own action, so it has its own event, written with
    # the survey and its queued message (the `resolve` event stays that action's one event).
    record(
        action="survey.sent",
        actor_label=SYSTEM_PARTY.label,
        complaint=complaint,
        subject=f"survey:{survey.pk}",
        changes={
            "expires_at": [None, survey.expires_at.isoformat()],
            "message": [None, message.pk],
        },
    )
    return survey


def withdraw_surveys(complaint: Complaint) -> None:
    """Reopened or merged: the survey of the decision it had is no longer asked."""
    complaint.surveys.filter(state=SurveyState.PENDING).update(
        state=SurveyState.WITHDRAWN, result="the decision no longer stands"
    )


@dataclass(frozen=True)
class SurveyAnswer:
    score: int
    solved: bool
    comment: str = ""


def _check(answer: SurveyAnswer) -> None:
    errors = {}
    if not 1 <= answer.score <= 5:
        errors["score"] = _("must be a whole number from 1 to 5")
    if len(answer.comment) > TEXT_MAX:
        errors["comment"] = _("may be at most %(max)d characters") % {"max": TEXT_MAX}
    if errors:
        raise lifecycle.InvalidFields(errors)


def _reopen_note(complaint: Complaint, answer: SurveyAnswer) -> str:
    """The customer's words, introduced in their own language."""
    with translation.override(complaint.language):
        head = (
            _("Satisfaction survey: %(score)d of 5; problem solved: no.")
            if answer.solved is False
            else _("Satisfaction survey: %(score)d of 5.")
        ) % {"score": answer.score}
    return f"{head}\n{answer.comment.strip()}".strip()


@transaction.atomic
def answer_survey(*, survey: Survey, answer: SurveyAnswer, now: datetime | None = None) -> Survey:
    """Record the customer's answer, once. A score of 1–2 or "not solved" reopens the complaint
    in the customer's name with their words and tells its owner and supervisors; a satisfied
    answer closes a complaint still waiting for it."""
    _check(answer)
    now = now or timezone.now()
    claimed = Survey.objects.filter(
        pk=survey.pk, state=SurveyState.PENDING, expires_at__gt=now
    ).update(
        state=SurveyState.ANSWERED,
        score=answer.score,
        solved=answer.solved,
        comment=answer.comment.strip(),
        answered_at=now,
    )
    if not claimed:
        survey.refresh_from_db()
        raise SurveyLinkRefused(
            "answered" if survey.state == SurveyState.ANSWERED else "closed", survey
        )
    survey.refresh_from_db()
    complaint = Complaint.objects.select_related("customer", "department", "owner").get(
        pk=survey.complaint_id
    )
    customer = _customer(complaint)
    record(
        action="survey.answered",
        actor_label=customer.label,
        complaint=complaint,
        subject=f"survey:{survey.pk}",
        changes={"score": [None, answer.score], "solved": [None, answer.solved]},
        note=answer.comment.strip(),
    )
    if survey.satisfied:
        result = "satisfied; nothing to do"
        if complaint.status in DECIDED:
            # Kept for staff, so in the default language whatever the customer reads.
            with translation.override(settings.LANGUAGE_CODE):
                reason = _("The customer is satisfied (survey: %(score)d of 5).") % {
                    "score": answer.score
                }
            lifecycle.perform(complaint, "close", actor=SYSTEM_PARTY, close_reason=reason)
            result = "satisfied; closed"
    else:
        result = "not satisfied; owner and supervisors told"
        if "reopen" in lifecycle.allowed_actions(complaint, customer):
            lifecycle.perform(
                complaint, "reopen", actor=customer, note=_reopen_note(complaint, answer)
            )
            result = "not satisfied; reopened"
        with translation.override(settings.LANGUAGE_CODE):
            _tell_staff(complaint, template="followup_unsatisfied", survey=survey)
    Survey.objects.filter(pk=survey.pk).update(result=result)
    survey.result = result
    return survey


@dataclass
class LapseReport:
    closed: int = 0
    lapsed: int = 0
    skipped: int = 0


def _due_surveys(now: datetime) -> list[Survey]:
    due = Survey.objects.filter(state=SurveyState.PENDING, expires_at__lte=now).order_by(
        "expires_at", "pk"
    )
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True, of=("self",))
    return list(due[:BATCH])


def close_unanswered_surveys(*, now: datetime | None = None) -> LapseReport:
    """The worker's sweep: a survey not answered within FOLLOW_UP_DAYS lapses, and a complaint
    still waiting for it is closed with that recorded. Each survey is claimed with a
    conditional UPDATE in the transaction of its close (SKIP LOCKED on PostgreSQL), so two
    workers never close one twice."""
    now = now or timezone.now()
    report = LapseReport()
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            with transaction.atomic():
                surveys = _due_surveys(now)
                for survey in surveys:
                    with transaction.atomic():
                        _lapse(survey, now, report)
            if len(surveys) < BATCH:
                return report


def lapse_survey(survey: Survey, *, now: datetime | None = None) -> bool:
    """One survey whose window has passed, as the sweep takes it: it lapses, and a complaint
    still waiting for it is closed with that recorded. False when it is still open or no
    longer pending."""
    now = now or timezone.now()
    if survey.expires_at > now:
        return False
    report = LapseReport()
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        _lapse(survey, now, report)
    return report.lapsed == 1


def _lapse(survey: Survey, now: datetime, report: LapseReport) -> None:
    result = "not answered in time"
    claimed = Survey.objects.filter(pk=survey.pk, state=SurveyState.PENDING).update(
        state=SurveyState.LAPSED, result=result
    )
    if not claimed:
        report.skipped += 1
        return
    complaint = Complaint.objects.select_related("customer").get(pk=survey.complaint_id)
    days = settings.FOLLOW_UP_DAYS
    reason = _("No answer to the satisfaction survey within %(days)d days.") % {"days": days}
    record(
        action="survey.lapsed",
        actor_label="system",
        complaint=complaint,
        subject=f"survey:{survey.pk}",
        note=reason,
    )
    report.lapsed += 1
    if complaint.status in DECIDED:
        lifecycle.perform(complaint, "close", actor=SYSTEM_PARTY, close_reason=reason)
        Survey.objects.filter(pk=survey.pk).update(result=f"{result}; closed")
        report.closed += 1


@transaction.atomic
def record_final_position(
    *, complaint: Complaint, position: str, actor: User | Party
) -> FinalPosition:
    """The customer does not accept the decision: keep their position in their words (from
    the tracking page, or taken down by staff from a call or letter) and tell the owner and
    supervisors. The decision stands; the customer may still reopen or appeal."""
    if role_of(actor) != CUSTOMER and not may(actor, Can.WRITE_TO_CUSTOMERS):
        raise lifecycle.RoleNotAllowed(
            _("a %(role)s may not record a customer's position") % {"role": role_of(actor)}
        )
    position = position.strip()
    if not position:
        raise lifecycle.InvalidFields({"position": _("may not be empty")})
    if len(position) > TEXT_MAX:
        raise lifecycle.InvalidFields(
            {"position": _("may be at most %(max)d characters") % {"max": TEXT_MAX}}
        )
    if not may_dispute(complaint):
        raise lifecycle.ActionNotAllowed(
            _("a position on the decision can be recorded only while the decision stands"),
            allowed_actions=lifecycle.allowed_actions(complaint, actor),
        )
    if current_final_position(complaint) is not None:
        raise lifecycle.ActionNotAllowed(
            _("the customer's position on this decision is already recorded"),
            allowed_actions=lifecycle.allowed_actions(complaint, actor),
        )
    assert complaint.resolved_at is not None  # may_dispute: a decision stands
    final = FinalPosition.objects.create(
        complaint=complaint,
        position=position,
        resolved_at=complaint.resolved_at,
        outcome=complaint.outcome,
        recorded_by=user_of(actor),
        recorded_by_label=str(actor),
    )
    record(
        action="decision.disputed",
        actor=user_of(actor),
        actor_label=str(actor),
        complaint=complaint,
        subject=f"final_position:{final.pk}",
        note=position,
    )
    with translation.override(settings.LANGUAGE_CODE):
        _tell_staff(complaint, template="followup_disputed", position=final)
    return final
