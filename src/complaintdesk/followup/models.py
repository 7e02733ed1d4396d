"""After the decision: the satisfaction survey, what the customer says when they do not accept
the decision, the ways to appeal, the progress updates sent while a complaint is open, and the
reply templates agents start their messages from."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Outcome


def new_survey_key() -> str:
    return secrets.token_hex(16)


class SurveyState(models.TextChoices):
    PENDING = "pending", _("Waiting for the customer")
    ANSWERED = "answered", _("Answered")
    LAPSED = "lapsed", _("Not answered in time")
    WITHDRAWN = "withdrawn", _("No longer asked (reopened)")


class Survey(models.Model):
    """The satisfaction survey sent with a decision: one per resolution of a complaint. The
    customer answers through a signed link (no login); only a POST records an answer."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    # Random; the link carries it signed with the secret key.
    key = models.CharField(max_length=32, unique=True, default=new_survey_key, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.PENDING
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("open until"))
    score = models.PositiveSmallIntegerField(
        _("score (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    solved = models.BooleanField(_("problem solved"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # What was done with the answer, or with its absence (closed, reopened, nothing).
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        indexes = [
            # The worker looks for pending surveys whose window has passed.
            models.Index(
                fields=["expires_at"],
                condition=Q(state="pending"),
                name="survey_pending_expiry",
            ),
            models.Index(fields=["answered_at"], name="survey_answered_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="survey_score_1_to_5",
            ),
            models.UniqueConstraint(
                fields=["complaint"],
                condition=Q(state="pending"),
                name="one_pending_survey_per_complaint",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.get_state_display()}"

    @property
    def satisfied(self) -> bool | None:
        """Satisfied: a score of 3 or more and the problem not said to be unsolved."""
        if self.score is None:
            return None
        return self.score >= 3 and self.solved is not False


class FinalPosition(models.Model):
    """The customer does not accept the decision: their position in their own words, kept with
    the decision it answers (a complaint decided again after reopening may have another)."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="final_positions",
    )
    position = models.TextField(_("the customer's position"))
    # The decision it answers.
    resolved_at = models.DateTimeField(_("decision of"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # Staff taking it down from a call or a letter; empty when the customer wrote it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by_label = models.CharField(_("recorded by"), max_length=150)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("final position")
        verbose_name_plural = _("final positions")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "resolved_at"], name="one_final_position_per_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.recorded_at:%Y-%m-%d}"


class AppealKind(models.TextChoices):
    INTERNAL = "internal", _("Appeal inside the company")
    OMBUDSMAN = "ombudsman", _("Ombudsman")
    CONSUMER_AUTHORITY = "consumer_authority", _("Consumer authority")
    OTHER = "other", _("Other external option")


class AppealOption(models.Model):
    """Where a customer can take a decision they do not accept, in one language. The internal
    appeal is told with every decision; the external options (ombudsman, consumer authority)
    with every decision that does not fully uphold the complaint."""

    kind = models.CharField(_("kind"), max_length=20, choices=AppealKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=200)
    how = models.TextField(
        _("how to use it"), help_text=_("In the customer's words: what to do, by when.")
    )
    contact = models.CharField(
        _("address, telephone or web site"), max_length=300, blank=True, default=""
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["language", "order", "name"]
        verbose_name = _("appeal option")
        verbose_name_plural = _("appeal options")

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    @property
    def external(self) -> bool:
        return self.kind != AppealKind.INTERNAL


class ProgressUpdate(models.Model):
    """A progress update told to the customer because nothing else had been told for the
    configured number of days. Unique per complaint and the moment it fell due: the claim that
    keeps two workers from sending the same update twice."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    due_at = models.DateTimeField(_("due"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expected_at = models.DateTimeField(_("expected answer"), null=True, blank=True)
    # The expected date told in the previous update, when this one is later.
    slipped_from = models.DateTimeField(_("previously expected"), null=True, blank=True)
    message = models.ForeignKey(
        "complaints.Message",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "due_at"], name="one_progress_update_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.sent_at:%Y-%m-%d}"


# {name} placeholders a reply template may use, filled from the complaint.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PLACEHOLDERS = {
    "customer_name": _("the customer's name"),
    "reference": _("the complaint's reference"),
    "due_date": _("the date we expect to answer by"),
}


class ReplyTemplate(models.Model):
    """A starting point for a reply, per category and language, written to the handling
    principles: acknowledge the customer's feelings, do not argue or make excuses, explain
    the steps and realistic times, apologise where the company was wrong."""

    title = models.CharField(_("title"), max_length=120)
    category = models.ForeignKey(
        "complaints.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: for every category."),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    body = models.TextField(
        _("text"),
        help_text=_("Placeholders: {customer_name}, {reference}, {due_date}."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["language", "title"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def clean(self) -> None:
        unknown = sorted(set(PLACEHOLDER.findall(self.body)) - set(PLACEHOLDERS))
        if unknown:
            raise ValidationError(
                {
                    "body": _("Unknown placeholders: %(names)s. Known: %(known)s.")
                    % {
                        "names": ", ".join(f"{{{name}}}" for name in unknown),
                        "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
                    }
                }
            )

    def fill(self, values: Mapping[str, str]) -> str:
        """The text with each known placeholder replaced; anything else left as written."""
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), self.body)
