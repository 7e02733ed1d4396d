"""Where complaints go: the routing rules an administrator orders, the teams inside
departments, the default department; and for abnormal complaints, the tasks of the
departments that work with the lead one, and who else was let in."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import TagListField, validate_languages
from complaintdesk.complaints.models import Category, Channel, Complaint, Priority, Severity


def _check_list(value: object, allowed: list[str]) -> None:
    if not isinstance(value, list) or not set(map(str, value)) <= set(allowed):
        raise ValidationError(_("Choose among: %(values)s") % {"values": ", ".join(allowed)})


def validate_channels(value: object) -> None:
    _check_list(value, Channel.values)


def validate_severities(value: object) -> None:
    _check_list(value, Severity.values)


def validate_priorities(value: object) -> None:
    _check_list(value, Priority.values)


class Team(models.Model):
    """Some of a department's people, who take a kind of complaint (e.g. Billing's refunds
    desk)."""

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="teams",
    )
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="teams"
    )

    class Meta:
        ordering = ["department", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="team_name_per_department")
        ]

    def __str__(self) -> str:
        return f"{self.department} › {self.name}"


class RoutingRule(models.Model):
    """When a complaint meets every condition given (an empty one is met by anything), it goes
    to the department, and within it to the team or person named. Rules are tried in order;
    the first that matches decides."""

    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("order"), default=100, db_index=True)
    active = models.BooleanField(_("active"), default=True)

    categories = models.ManyToManyField(
        "complaints.Category",
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_("A category includes those below it."),
    )
    channels = models.JSONField(
        _("channels"), default=list, blank=True, validators=[validate_channels]
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_languages]
    )
    severities = models.JSONField(
        _("severities"), default=list, blank=True, validators=[validate_severities]
    )
    priorities = models.JSONField(
        _("priorities"), default=list, blank=True, validators=[validate_priorities]
    )
    segments = TagListField(
        _("customer segments"),
        default=list,
        blank=True,
        help_text=_("Segment codes separated by commas, e.g. business, vip."),
    )
    products = TagListField(
        _("product references containing"),
        default=list,
        blank=True,
        help_text=_("Any of these texts, separated by commas, e.g. FIBRE, TV-."),
    )
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("One word or phrase per line; any of them in the subject or description."),
    )

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("send to department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("and its team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("and this person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("While they are away, the department's usual assignment applies."),
    )
    skill = models.SlugField(
        _("preferring the skill"),
        max_length=60,
        blank=True,
        help_text=_("Among those who can take it, prefer people with this skill."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        team = self.team if self.team_id else None
        if team is not None and self.department_id and team.department_id != self.department_id:
            errors["team"] = _("This team belongs to another department.")
        if self.owner_id and self.department_id:
            owner = self.owner
            assert owner is not None
            if not (
                owner.departments.filter(pk=self.department_id).exists()
                or owner.supervised_departments.filter(pk=self.department_id).exists()
            ):
                errors["owner"] = _("This person does not work in the department.")
        if errors:
            raise ValidationError(errors)

    def keyword_list(self) -> list[str]:
        return [line.strip().casefold() for line in self.keywords.splitlines() if line.strip()]

    def looks_beyond_category(self) -> bool:
        """Whether the rule sets a condition other than the category: then it is more specific
        than the responsibility matrix, which knows only the category."""
        return bool(
            self.channels
            or self.languages
            or self.severities
            or self.priorities
            or self.segments
            or self.products
            or self.keyword_list()
        )


class RoutingSettings(models.Model):
    """The one row of routing settings."""

    default_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("default department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where a complaint goes when no rule matches."),
    )

    class Meta:
        verbose_name = _("routing settings")
        verbose_name_plural = _("routing settings")

    def __str__(self) -> str:
        return str(_("Routing settings"))

    @classmethod
    def current(cls) -> RoutingSettings:
        # With its default department, in the same query: every caller reads it (routing
        # an unmatched complaint at filing, the rules' page).
        found, _created = cls.objects.select_related("default_department").get_or_create(pk=1)
        return found


class TaskState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed by the lead")


class CoordinationTask(models.Model):
    """What a collaborating department must do for an abnormal complaint led by another."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="coordination_tasks"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="coordination_tasks",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordination_tasks",
    )
    description = models.TextField(_("what is needed"))
    due_at = models.DateTimeField(_("due"), db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN
    )
    # Nobody when the system asked (a department consulted by the responsibility matrix).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Asked by the responsibility matrix of the complaint's category, not by the lead.
    consultation = models.BooleanField(_("consulted by the matrix"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # What was done, or why the lead closed it.
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("coordination task")
        verbose_name_plural = _("coordination tasks")
        indexes = [models.Index(fields=["complaint", "state"], name="task_complaint_state")]

    def __str__(self) -> str:
        return f"{self.department}: {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.state == TaskState.OPEN

    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()


class AccessGrant(models.Model):
    """Someone outside the lead and collaborating roles whom the lead let see the complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="access_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "user"], name="one_grant_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.complaint}"


class MatrixRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("Responsible")
    CONSULTED = "consulted", _("Consulted")
    INFORMED = "informed", _("Informed")


class ResponsibilityEntry(models.Model):
    """One department's part in the complaints of one category: responsible (exactly one per
    category: routing sends the complaints there), consulted (asked for its view: a
    coordination task) or informed (told: a staff alert). A category without entries takes
    those of the nearest category above it that has some."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="responsibilities",
    )
    role = models.CharField(_("role"), max_length=12, choices=MatrixRole.choices)

    class Meta:
        ordering = ["category", "role", "department"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "department"],
                name="one_role_per_department_and_category",
                violation_error_message=_(
                    "A department has one role per category: it cannot be, say, both "
                    "responsible and consulted."
                ),
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(role="responsible"),
                name="one_responsible_department_per_category",
                violation_error_message=_("A category has exactly one responsible department."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.department} ({self.get_role_display()})"


class MatrixCategory(Category):
    """A category as the responsibility matrix's admin shows it: its departments and roles."""

    class Meta:
        proxy = True
        verbose_name = _("responsibility matrix (category)")
        verbose_name_plural = _("responsibility matrix")
