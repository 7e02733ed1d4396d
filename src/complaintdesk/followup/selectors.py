"""Reads of the follow-up: the survey behind a link, the expected date we tell the customer,
the ways to appeal a decision, the reply templates that fit a complaint."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation

from complaintdesk.complaints.models import Complaint, Outcome, Status
from complaintdesk.followup.models import (
    AppealKind,
    AppealOption,
    FinalPosition,
    ProgressUpdate,
    ReplyTemplate,
    Survey,
    SurveyState,
)
from complaintdesk.resolution.models import PlanState, PlanStep, StepStatus

SURVEY_SALT = "complaintdesk.followup.survey"
# A decision may be disputed while it stands: from the decision to the close.
DECIDED = (Status.RESOLVED, Status.FOLLOW_UP)


class SurveyLinkRefused(Exception):
    """A survey link that cannot be used: `reason` is invalid (404), answered (409) or
    closed (410, expired or no longer asked)."""

    STATUS = {"invalid": 404, "answered": 409, "closed": 410}

    def __init__(self, reason: str, survey: Survey | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.survey = survey

    @property
    def status(self) -> int:
        return self.STATUS[self.reason]


def survey_token(survey: Survey) -> str:
    """The survey's key signed with the secret key: a changed character is refused."""
    return signing.Signer(salt=SURVEY_SALT).sign(survey.key)


def survey_url(survey: Survey) -> str:
    return settings.SITE_URL + reverse("followup:survey", args=[survey_token(survey)])


def survey_for_link(token: str, *, now: datetime | None = None) -> Survey:
    """The survey a link opens, still waiting for its answer; refused otherwise."""
    try:
        key = signing.Signer(salt=SURVEY_SALT).unsign(token)
    except signing.BadSignature:
        raise SurveyLinkRefused("invalid") from None
    survey = (
        Survey.objects.select_related("complaint", "complaint__customer").filter(key=key).first()
    )
    if survey is None:
        raise SurveyLinkRefused("invalid")
    if survey.state == SurveyState.ANSWERED:
        raise SurveyLinkRefused("answered", survey)
    if survey.state != SurveyState.PENDING or (now or timezone.now()) >= survey.expires_at:
        raise SurveyLinkRefused("closed", survey)
    return survey


def pending_survey(complaint: Complaint) -> Survey | None:
    return complaint.surveys.filter(state=SurveyState.PENDING).first()


def surveys_of(complaint: Complaint) -> QuerySet[Survey]:
    return complaint.surveys.order_by("-created_at", "-id")


def final_positions_of(complaint: Complaint) -> QuerySet[FinalPosition]:
    return complaint.final_positions.order_by("-recorded_at", "-id")


def current_final_position(complaint: Complaint) -> FinalPosition | None:
    """The customer's position on the decision that now stands, if they recorded one."""
    if complaint.resolved_at is None:
        return None
    return complaint.final_positions.filter(resolved_at=complaint.resolved_at).first()


def may_dispute(complaint: Complaint) -> bool:
    return complaint.status in DECIDED and bool(complaint.outcome)


def progress_updates_of(complaint: Complaint) -> QuerySet[ProgressUpdate]:
    return complaint.progress_updates.order_by("-sent_at", "-id")


def _open_step_due(complaint: Complaint) -> datetime | None:
    """The due date of the latest open step of the accepted remedy plan (resolution app)."""
    latest: datetime | None = PlanStep.objects.filter(
        plan__complaint=complaint, plan__state=PlanState.ACCEPTED, status=StepStatus.OPEN
    ).aggregate(latest=Max("due_at"))["latest"]
    return latest


def satisfaction_scores(complaints: list[Complaint]) -> dict[int, int]:
    """The survey score each complaint was given, by complaint id (the latest answer)."""
    rows = (
        Survey.objects.filter(complaint__in=complaints, score__isnull=False)
        .order_by("answered_at")
        .values_list("complaint_id", "score")
    )
    return {complaint_id: score for complaint_id, score in rows if score is not None}


def expected_date(complaint: Complaint) -> datetime | None:
    """When we now expect to be done: the last open step of the plan being carried out, else
    the resolution due time."""
    return _open_step_due(complaint) or complaint.resolution_due


def appeal_options(complaint: Complaint) -> list[AppealOption]:
    """The ways to take the decision further, in the complaint's language (else the default
    language): the internal appeal always; the external options when the complaint was not
    fully upheld."""
    kinds: list[str] = [AppealKind.INTERNAL]
    if complaint.outcome and complaint.outcome != Outcome.UPHELD:
        kinds += [kind for kind in AppealKind.values if kind != AppealKind.INTERNAL]
    options = AppealOption.objects.filter(active=True, kind__in=kinds)
    for language in (complaint.language, settings.LANGUAGE_CODE):
        found = list(options.filter(language=language))
        if found:
            return found
    return []


def reply_templates_for(complaint: Complaint) -> QuerySet[ReplyTemplate]:
    """Active templates in the complaint's language, for its category (or a category above
    it) and those for every category."""
    categories: list[int] = []
    category = complaint.category
    while category is not None and len(categories) < 10:
        categories.append(category.pk)
        category = category.parent
    return ReplyTemplate.objects.filter(
        Q(category__isnull=True) | Q(category__in=categories),
        active=True,
        language=complaint.language,
    ).order_by("category", "title")


def placeholder_values(complaint: Complaint) -> dict[str, str]:
    due = expected_date(complaint)
    with translation.override(complaint.language):
        due_text = formats.date_format(timezone.localtime(due), "DATE_FORMAT") if due else "—"
    return {
        "customer_name": complaint.customer.name,
        "reference": complaint.reference,
        "due_date": due_text,
    }
