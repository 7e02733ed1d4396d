"""The shapes of the complaints API: what callers send (checked field by field, so every refusal
names its field) and what they get back."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Schema
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import core_schema

from complaintdesk.accounts.models import User
from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle, tracking
from complaintdesk.complaints.models import (
    Channel,
    Complaint,
    Complexity,
    ImpactScope,
    Message,
    Nature,
    Outcome,
    Priority,
    Remedy,
    Severity,
    Status,
)
from complaintdesk.complaints.selectors import DEFAULT_SORT, MAX_ID, SORTS
from complaintdesk.routing.matrix import Matrix, matrix_for
from complaintdesk.sla.models import Clock
from complaintdesk.sla.schemas import ClockOut
from complaintdesk.sla.selectors import clocks_of

# A row named in a URL (/plans/{plan_id}, /tasks/{task_id} ...): a larger id cannot exist and
# is refused with a 422 naming the parameter before it reaches the database driver.
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]

# A complaint's clock may run a little ahead of ours; "in the future" means beyond this.
CLOCK_SKEW = timedelta(minutes=5)
SUBJECT_FROM_DESCRIPTION_LENGTH = 120
# The longest complaint text taken on any channel (settings.COMPLAINT_TEXT_MAX_CHARS).
TEXT_MAX = settings.COMPLAINT_TEXT_MAX_CHARS
NOTE_MAX = 5_000
PHONE = re.compile(r"^\+?[0-9(][0-9 ()./-]{3,38}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
CENT = Decimal("0.01")


def _language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _checked_language(value: str) -> str:
    value = value.strip().lower()
    if value and value not in _language_codes():
        raise ValueError(_("must be one of: %s") % ", ".join(_language_codes()))
    return value


def _aware(value: datetime | None) -> datetime | None:
    """A time without a zone is read in the installation's time zone. Every time is taken in
    UTC, so an offset PostgreSQL cannot hold (beyond ±15:59) never reaches it; a time that has
    no UTC equivalent (before year 1, after 9999) is refused."""
    if value is None:
        return None
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError(_("is out of range")) from None


def _without_nul(value: Any) -> Any:
    # PostgreSQL cannot store a NUL character; refuse it here rather than fail on saving.
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(_("may not contain NUL characters"))
    return value


def _present(value: Any) -> Any:
    # Fields that are optional to send but have no "nothing" value: null is a mistake.
    if value is None:
        raise ValueError(_("may not be null; leave the field out to keep its value"))
    return value


class NotNull:
    """Marks a field that may be left out but has no "nothing" value, as in
    `Annotated[int | None, NOT_NULL]`: null is refused naming the field, and the OpenAPI
    document does not offer it (Input takes null out of the field's schema), so the two cannot
    disagree (tests/security/test_nullable_fields.py)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_present, handler(source))


NOT_NULL = NotNull()


def _null_only_where_taken(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The document of an Input: fields marked NOT_NULL lose their null branch and default."""
    for name, field in model.model_fields.items():
        documented = schema.get("properties", {}).get(field.alias or name)
        if documented is None or not any(isinstance(m, NotNull) for m in field.metadata):
            continue
        branches = [b for b in documented.pop("anyOf", []) if b.get("type") != "null"]
        if len(branches) == 1:
            documented.update(branches[0])
        elif branches:
            documented["anyOf"] = branches
        if "default" in documented and documented["default"] is None:
            del documented["default"]


def subject_from(description: str) -> str:
    """The subject of a complaint sent without one: the first line of its description,
    shortened at a word boundary."""
    first_line = next((line.strip() for line in description.splitlines() if line.strip()), "")
    if len(first_line) <= SUBJECT_FROM_DESCRIPTION_LENGTH:
        return first_line
    cut = first_line[: SUBJECT_FROM_DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def checked_text(
    errors: dict[str, str], name: str, value: str, *, limit: int, missing: str | None
) -> str:
    """A service's free text stripped; an overlong one, or an empty one when `missing` (the
    message for it) is given, is named in `errors` (for lifecycle.InvalidFields)."""
    value = value.strip()
    if missing is not None and not value:
        errors[name] = missing
    elif len(value) > limit:
        errors[name] = _("at most %(max)d characters") % {"max": limit}
    return value


class Input(BaseModel):
    """What a caller sends: unknown fields are refused by name, never silently ignored."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        use_enum_values=True,
        json_schema_extra=_null_only_where_taken,
    )

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return _without_nul(value)


class AssessmentIn(Input):
    """The assessment, shared by PATCH and the triage transition. A field left out is not
    changed; only the owner may be sent as null (to unassign)."""

    category: Annotated[int | None, NOT_NULL] = Field(
        default=None, ge=1, le=MAX_ID, description="Category id."
    )
    severity: Annotated[Severity | None, NOT_NULL] = None
    department: Annotated[int | None, NOT_NULL] = Field(
        default=None, ge=1, le=MAX_ID, description="Department id."
    )
    nature: Annotated[Nature | None, NOT_NULL] = None
    impact_scope: Annotated[ImpactScope | None, NOT_NULL] = None
    complexity: Annotated[Complexity | None, NOT_NULL] = None
    immediate_action: Annotated[bool | None, NOT_NULL] = None
    priority: Annotated[Priority | None, NOT_NULL] = None
    owner: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="User id of the owner; null to unassign."
    )

    def given(self, *excluded: str) -> dict[str, Any]:
        """Only the fields the caller actually sent."""
        return self.model_dump(exclude_unset=True, exclude=set(excluded))


class CustomerIn(Input):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40, validate_default=True)
    language: str = Field(default="", max_length=10, description="One of settings.LANGUAGES.")

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError(_("is not a valid e-mail address")) from None
        return value.lower()

    @field_validator("phone")
    @classmethod
    def _reachable(cls, value: str, info: ValidationInfo) -> str:
        if value and not PHONE.match(value):
            raise ValueError(_("is not a phone number"))
        # An invalid e-mail is reported on its own; only a missing one is reported here.
        if not value and info.data.get("email") == "":
            raise ValueError(_("an e-mail address or a phone number is required"))
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        return _checked_language(value)


class ComplaintIn(Input):
    customer: CustomerIn
    subject: str = Field(
        default="",
        max_length=300,
        description="When left out, the first line of the description, at most 120 characters.",
    )
    # Stored exactly as sent (no trimming, unlike the other fields), but never blank.
    description: Annotated[str, StringConstraints(strip_whitespace=False)] = Field(
        min_length=1, max_length=TEXT_MAX
    )
    language: str = Field(
        default="",
        max_length=10,
        description="One of settings.LANGUAGES; the customer's language when left out.",
    )
    occurred_at: datetime | None = Field(default=None, description="Not in the future.")
    location: str = Field(default="", max_length=300)
    product_reference: str = Field(default="", max_length=200)
    remedy_sought: list[Remedy] = Field(default_factory=list, max_length=len(Remedy.values))
    claimed_amount: Decimal | None = Field(
        default=None,
        ge=0,
        max_digits=14,
        decimal_places=2,
        description='A decimal number or string such as "49.90"; returned as a string.',
    )
    claimed_currency: str = Field(
        default="",
        max_length=3,
        validate_default=True,
        description="ISO 4217 code, e.g. EUR; required with an amount.",
    )
    channel: Channel = Channel.API

    @field_validator("description")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("may not be blank")
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        return _checked_language(value)

    @field_validator("occurred_at")
    @classmethod
    def _not_in_future(cls, value: datetime | None) -> datetime | None:
        value = _aware(value)
        if value is not None and value > timezone.now() + CLOCK_SKEW:
            raise ValueError(_("may not be in the future"))
        return value

    @field_validator("remedy_sought")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("claimed_amount")
    @classmethod
    def _in_cents(cls, value: Decimal | None) -> Decimal | None:
        # Stored with two places; answered the same way before and after a reload.
        return None if value is None else value.quantize(CENT)

    @field_validator("claimed_currency")
    @classmethod
    def _currency(cls, value: str, info: ValidationInfo) -> str:
        value = value.upper()
        if value and not CURRENCY.match(value):
            raise ValueError(_("must be a three-letter ISO 4217 code such as EUR"))
        if not value and info.data.get("claimed_amount") is not None:
            raise ValueError(_("is required when an amount is claimed"))
        return value

    def derived_subject(self) -> str:
        return self.subject or subject_from(self.description)


class ComplaintChangeIn(AssessmentIn):
    version: int = Field(ge=1, le=MAX_ID, description="The version the change was made on.")
    note: str = Field(default="", max_length=NOTE_MAX, description="Why it changed.")


class TransitionIn(AssessmentIn):
    action: str = Field(
        min_length=1, max_length=40, description=f"One of: {', '.join(lifecycle.TRANSITIONS)}."
    )
    note: str = Field(default="", max_length=NOTE_MAX)
    version: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="Refuse the action if the complaint changed."
    )
    remedy_plan: Annotated[str | None, NOT_NULL] = Field(default=None, max_length=TEXT_MAX)
    resolution_summary: Annotated[str | None, NOT_NULL] = Field(default=None, max_length=TEXT_MAX)
    outcome: Annotated[Outcome | None, NOT_NULL] = None
    close_reason: Annotated[str | None, NOT_NULL] = Field(default=None, max_length=NOTE_MAX)


class MessageIn(Input):
    body: str = Field(min_length=1, max_length=TEXT_MAX)
    kind: Literal["reply", "note"] = Field(
        description="reply: to the customer, by e-mail where we have an address; "
        "note: for staff only."
    )


class ComplaintListQuery(Schema):
    status: list[Status] = Field(default_factory=list, description="Repeat for several.")
    category: str = Field(default="", max_length=60, description="Id or code.")
    department: str = Field(default="", max_length=60, description="Id or code.")
    owner: str = Field(default="", max_length=150, description="Id or username.")
    priority: Priority | None = None
    channel: Channel | None = None
    abnormal: bool | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    q: str = Field(
        default="",
        max_length=200,
        description="Text in the reference, subject, description, customer name or e-mail.",
    )
    sort: str = Field(default=DEFAULT_SORT, json_schema_extra={"enum": list(SORTS)})
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=25, ge=1, le=settings.API_PAGE_SIZE_MAX)

    # A form left blank sends `priority=`: that does not filter, rather than being refused.
    @field_validator(
        "priority", "channel", "abnormal", "received_from", "received_to", mode="before"
    )
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("status", mode="before")
    @classmethod
    def _without_blanks(cls, value: Any) -> Any:
        return [v for v in value if v != ""] if isinstance(value, list) else value

    @field_validator("category", "department", "owner", "q")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        return _without_nul(value)  # type: ignore[no-any-return]

    @field_validator("sort")
    @classmethod
    def _known_sort(cls, value: str) -> str:
        if value not in SORTS:
            raise ValueError(_("must be one of: %s") % ", ".join(SORTS))
        return value

    @field_validator("received_from", "received_to")
    @classmethod
    def _zoned(cls, value: datetime | None) -> datetime | None:
        return _aware(value)


# What the API answers.


class FieldError(Schema):
    field: str = Field(description="Dotted path of the field, e.g. customer.email.")
    message: str


class Refusal(Schema):
    """Every 4xx answer: what went wrong and, where it helps, what to do instead."""

    detail: str
    errors: list[FieldError] | None = Field(
        default=None,
        description="On 422, and on 409 when an action lacks fields: each field named.",
    )
    allowed_actions: list[str] | None = Field(
        default=None, description="On 409 (and 403): the actions the caller may take now."
    )
    current_version: int | None = Field(
        default=None, description="On 409 for a stale version: the version to read again."
    )


def answers(ok: dict[int, Any], *refusals: int) -> dict[int, Any]:
    """The answers an endpoint gives, for the OpenAPI document; 401 is always among them."""
    return {**ok, **dict.fromkeys((401, *refusals), Refusal)}


class CodeRef(Schema):
    id: int
    code: str
    name: str


class ResponsibilityOut(Schema):
    """The responsibility matrix of the complaint's category (routing)."""

    category: CodeRef = Field(
        description="The category the row belongs to: the complaint's own or one above it."
    )
    responsible: CodeRef | None
    consulted: list[CodeRef]
    informed: list[CodeRef]


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return str(obj)


class CustomerOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    language: str


class ComplaintSummary(Schema):
    reference: str
    subject: str
    status: str
    channel: str
    priority: str
    severity: str
    abnormal: bool
    customer: CustomerOut
    category: CodeRef | None
    department: CodeRef | None
    owner: UserRef | None
    received_at: datetime
    first_response_due: datetime | None
    resolution_due: datetime | None
    next_due_at: datetime | None = Field(
        description="The earliest due time of the running deadlines; null while waiting on "
        "the customer or when nothing is owed."
    )
    updated_at: datetime
    version: int


class ComplaintDetail(ComplaintSummary):
    description: str
    language: str
    occurred_at: datetime | None
    location: str
    product_reference: str
    remedy_sought: list[str]
    claimed_amount: Decimal | None = Field(description='A decimal string, e.g. "49.90".')
    claimed_currency: str
    nature: str
    impact_scope: str
    complexity: str
    immediate_action: bool
    abnormal_reasons: list[Any]
    outcome: str
    remedy_plan: str
    resolution_summary: str
    close_reason: str
    acknowledged_at: datetime | None
    first_response_at: datetime | None
    triaged_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    status_changed_at: datetime
    allowed_actions: list[str] = Field(description="What the caller may do next.")
    clocks: list[ClockOut] = Field(
        description="Each deadline (the latest of each kind): due time, state and basis."
    )
    responsibility: ResponsibilityOut | None = Field(
        description="Who is responsible for, consulted on and informed of complaints of its "
        "category (the responsibility matrix); null when no matrix covers the category."
    )

    @staticmethod
    def resolve_allowed_actions(obj: Complaint, context: dict[str, Any]) -> list[str]:
        return lifecycle.allowed_actions(obj, context["request"].auth)

    @staticmethod
    def resolve_clocks(obj: Complaint) -> list[Clock]:
        return clocks_of(obj)

    @staticmethod
    def resolve_responsibility(obj: Complaint) -> Matrix | None:
        return matrix_for(obj.category)


class FiledComplaint(ComplaintDetail):
    tracking_url: str = Field(description="The customer's own link to follow the complaint.")

    @staticmethod
    def resolve_tracking_url(obj: Complaint) -> str:
        return tracking.tracking_url(obj)


class ComplaintPage(Schema):
    items: list[ComplaintSummary]
    total: int
    total_capped: bool = Field(
        default=False,
        description=(
            "True when more complaints match than `total`: a text search (`q`) counts up to "
            "1,000, or to the end of the page asked for, and stops there."
        ),
    )
    page: int
    page_size: int


class EventOut(Schema):
    at: datetime
    actor: str
    action: str
    status_before: str
    status_after: str
    changes: dict[str, Any]
    note: str

    @staticmethod
    def resolve_actor(obj: Event) -> str:
        return obj.actor_label


class MessageOut(Schema):
    id: int
    direction: str
    visibility: str
    channel: str
    author: str
    subject: str
    body: str
    created_at: datetime
    delivery_status: str

    @staticmethod
    def resolve_author(obj: Message) -> str:
        return obj.author_label
