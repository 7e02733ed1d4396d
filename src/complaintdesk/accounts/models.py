from __future__ import annotations

import hashlib
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.field_encryption import EncryptedTextField
from complaintdesk.sla.working_hours import InvalidWorkingHours, parse_working_hours


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    HANDLER = "handler", _("Department handler")
    SUPERVISOR = "supervisor", _("Supervisor")
    QUALITY_MANAGER = "quality_manager", _("Quality manager")
    ADMIN = "admin", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


def default_time_zone() -> str:
    return settings.TIME_ZONE


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(zone)s” is not a time zone; use a name such as Europe/Paris"),
            params={"zone": value},
        ) from None


def validate_working_hours(value: str) -> None:
    try:
        parse_working_hours(value)
    except InvalidWorkingHours as exc:
        raise ValidationError(str(exc)) from None


def validate_holiday_country(value: str) -> None:
    import holidays

    if value and value.upper() not in holidays.list_supported_countries():
        raise ValidationError(
            _("“%(country)s” is not a country the holidays library knows; use e.g. FR, US, CN"),
            params={"country": value},
        )


class Assignment(models.TextChoices):
    LOAD = "load", _("To whoever has the fewest open complaints")
    ROUND_ROBIN = "round_robin", _("In turn (round robin)")
    MANUAL = "manual", _("Nobody: the team takes them from the queue")


class Department(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisors"),
        blank=True,
        related_name="supervised_departments",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="departments",
    )
    # The calendar its deadlines are counted in.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
    )
    working_hours = models.CharField(
        _("working hours"),
        max_length=300,
        default="Mon-Fri 09:00-17:00",
        validators=[validate_working_hours],
        help_text=_(
            "Local time, e.g. “Mon-Thu 08:30-12:30, 13:30-17:00; Fri 08:30-15:00”, "
            "or “24/7” for round the clock."
        ),
    )
    holiday_country = models.CharField(
        _("public holidays of"),
        max_length=3,
        blank=True,
        validators=[validate_holiday_country],
        help_text=_("Country code (e.g. FR); its public holidays are not working days."),
    )
    holiday_subdivision = models.CharField(
        _("region"),
        max_length=10,
        blank=True,
        help_text=_("Region for regional holidays, e.g. BY for Bavaria; empty for national."),
    )
    assignment = models.CharField(
        _("new complaints go"),
        max_length=20,
        choices=Assignment.choices,
        default=Assignment.LOAD,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.holiday_subdivision and not self.holiday_country:
            raise ValidationError(
                {"holiday_subdivision": _("A region needs the country it is in.")}
            )
        if self.holiday_country:
            import holidays

            self.holiday_country = self.holiday_country.upper()
            regions = holidays.list_supported_countries().get(self.holiday_country, [])
            if self.holiday_subdivision and self.holiday_subdivision not in regions:
                raise ValidationError(
                    {
                        "holiday_subdivision": _("Not a region of %(country)s; one of: %(regions)s")
                        % {"country": self.holiday_country, "regions": ", ".join(regions)}
                    }
                )


class LanguageListField(models.JSONField):
    """A list of language codes, edited as check boxes."""

    def formfield(self, **kwargs: Any) -> Any:
        return forms.MultipleChoiceField(
            label=self.verbose_name,
            choices=settings.LANGUAGES,
            required=not self.blank,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class TagListInput(forms.CharField):
    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value) or ""
        return sorted({tag.strip().lower() for tag in text.split(",") if tag.strip()})


class TagListField(models.JSONField):
    """A list of short tags, edited as text separated by commas."""

    def formfield(self, **kwargs: Any) -> Any:
        return TagListInput(
            label=self.verbose_name, required=not self.blank, help_text=self.help_text
        )


def validate_languages(value: object) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not set(map(str, value)) <= known:
        raise ValidationError(_("Choose among: %(codes)s") % {"codes": ", ".join(sorted(known))})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # For routing: who can read a complaint in which language, and who knows what.
    languages_read = LanguageListField(
        _("reads complaints in"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("Besides the preferred language."),
    )
    skills = TagListField(
        _("skills"),
        default=list,
        blank=True,
        help_text=_("Category codes or other tags, separated by commas, e.g. refunds, safety."),
    )
    absent = models.BooleanField(
        _("away"),
        default=False,
        help_text=_("On holiday or leave: receives no new complaints."),
    )
    last_assigned_at = models.DateTimeField(_("last given a complaint"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def label(self) -> str:
        return str(self)

    def reads(self, language: str) -> bool:
        return language == self.language or language in self.languages_read


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Party:
    """Someone who acts on a complaint without a staff account: the customer through their
    tracking link, or the system itself (intake, the worker's sweeps)."""

    __slots__ = ("label", "role")

    def __init__(self, role: str, label: str) -> None:
        self.role = role
        self.label = label

    def __repr__(self) -> str:
        return f"Party({self.role!r}, {self.label!r})"

    def __str__(self) -> str:
        return self.label


CUSTOMER = "customer"
SYSTEM = "system"
SYSTEM_PARTY = Party(SYSTEM, "system")


def role_of(actor: User | Party) -> str:
    return actor.role


def user_of(actor: User | Party) -> User | None:
    return actor if isinstance(actor, User) else None


class AttemptKind(models.TextChoices):
    SIGN_IN_ACCOUNT = "sign_in_account", _("Failed sign-in to one account")
    SIGN_IN_CLIENT = "sign_in_client", _("Failed sign-in from one address")
    TRACKING_LOOKUP = "tracking_lookup", _("Unknown tracking link from one address")
    NEW_LINK_REQUEST = "new_link_request", _("Request for a new tracking link")


class FailedAttempt(models.Model):
    """One failed guess (a password, a second-factor code, a tracking link) or one request
    that is limited per hour, counted to throttle. Only a keyed hash of the account or the
    client address is kept, never the name or the address itself."""

    kind = models.CharField(max_length=20, choices=AttemptKind.choices)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "at"], name="failed_attempt_kind_key_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class SecondFactor(models.Model):
    """A staff member's authenticator app (TOTP, RFC 6238). Switched on once a first code
    confirms it; each code is accepted once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor"
    )
    # Base32, as authenticator apps take it; encrypted in the database (field_encryption).
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The time step of the last code accepted: that code, and older ones, never work again.
    last_used_step = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("second factor")
        verbose_name_plural = _("second factors")

    def __str__(self) -> str:
        return f"{self.user}: {'on' if self.confirmed_at else 'being set up'}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None


class ApiRequestCount(models.Model):
    """How many requests one API token (or one signed-in browser) made in one minute. Kept in
    the database, so every web server process and machine counts against the same limit
    (accounts.request_rate); minutes past are removed by a periodic job. Only a keyed hash of
    the token is kept."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    requests = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="api_request_count_key_window"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="api_request_count_window")]

    def __str__(self) -> str:
        return f"{self.requests} at {self.window_start:%Y-%m-%d %H:%M}"
