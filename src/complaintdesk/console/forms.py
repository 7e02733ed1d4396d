"""The agent console's forms. They only check and convert input; what may happen to a complaint
is decided by the lifecycle table and the services they hand their data to."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from functools import cache
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import Department, User
from complaintdesk.complaints.lifecycle import HANDLERS, TRIAGE_FIELDS, Transition
from complaintdesk.complaints.models import (
    Category,
    Channel,
    Complaint,
    Nature,
    Outcome,
    Priority,
    Remedy,
    Severity,
    Status,
)
from complaintdesk.complaints.search import SearchedFields, matching_text
from complaintdesk.complaints.services import ARCHIVED
from complaintdesk.console.widgets import long_select
from complaintdesk.triage.selectors import needs_triage

# What the queue shows when no status is chosen: everything still being handled.
OPEN = ""
ALL = "all"
MINE = "mine"
NOBODY = "none"
NEEDS_TRIAGE = "needed"
NOT_A_COMPLAINT = "not_a_complaint"
DUE_FIRST = "next_due"

SORTS: dict[str, list[Any]] = {
    "-received": ["-received_at", "-id"],
    "received": ["received_at", "id"],
    "due": [F("first_response_due").asc(nulls_last=True), "-received_at"],
    # The deadline owed next, whatever it is (sla keeps next_due_at); nothing owed comes last.
    "next_due": [F("next_due_at").asc(nulls_last=True), "-received_at"],
    # Unassessed complaints (no priority yet) last, P1 first.
    "priority": [
        Case(When(priority="", then=Value(1)), default=Value(0)),
        "priority",
        "-received_at",
    ],
    "status": [
        Case(*(When(status=s, then=Value(i)) for i, s in enumerate(Status.values))),
        "-received_at",
    ],
}


def staff_who_handle() -> QuerySet[User]:
    """People a complaint can be given to."""
    return User.objects.filter(is_active=True, role__in=HANDLERS).order_by(
        "first_name", "last_name", "username"
    )


def person_label(first_name: str, last_name: str, username: str) -> str:
    """str(user) (the full name, else the username) from the columns alone."""
    return f"{first_name} {last_name}".strip() or username


def category_paths() -> dict[int, str]:
    """Every category with its parents ("Billing › Double charge"), from one query."""
    rows = {
        pk: (name, parent)
        for pk, name, parent in Category.objects.values_list("pk", "name", "parent_id")
    }
    paths = {}
    for pk in rows:
        names, node, seen = [], pk, set()
        while node is not None and node in rows and node not in seen:
            seen.add(node)
            name, node = rows[node]
            names.append(name)
        paths[pk] = " › ".join(reversed(names))
    return paths


# The choice fields below build their options from plain rows: hundreds of staff or
# categories cost more as model instances (with their JSON columns decoded) than as markup.
class RowChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from cast(Any, self.field).rows(self.queryset)


class PersonChoiceField(forms.ModelChoiceField):
    iterator = RowChoiceIterator

    def rows(self, queryset: QuerySet[User]) -> list[tuple[int, str]]:
        people = queryset.values_list("pk", "first_name", "last_name", "username")
        return [(pk, person_label(first, last, username)) for pk, first, last, username in people]


class DepartmentChoiceField(forms.ModelChoiceField):
    iterator = RowChoiceIterator

    def rows(self, queryset: QuerySet[Department]) -> list[tuple[int, str]]:
        return list(queryset.values_list("pk", "name"))


class CategoryChoiceField(forms.ModelChoiceField):
    """Shows each category with its parents ("Billing › Double charge")."""

    iterator = RowChoiceIterator

    def rows(self, queryset: QuerySet[Category]) -> list[tuple[int, str]]:
        paths = category_paths()
        return [(pk, paths[pk]) for pk in queryset.values_list("pk", flat=True)]

    def label_from_instance(self, obj: Any) -> str:
        return category_paths().get(obj.pk, obj.name)


def _categories(current: Category | None = None) -> QuerySet[Category]:
    # An inactive category stays selectable on the complaints that already have it.
    condition = Q(active=True)
    if current is not None:
        condition |= Q(pk=current.pk)
    return Category.objects.filter(condition)


class ConsoleForm(forms.Form):
    required_css_class = "required"
    error_css_class = "invalid"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            long_select(field)


# What the queue's search box looks in: a whole reference, the subject, the product reference,
# the customer's name or e-mail (indexed on PostgreSQL: complaints.search).
QUEUE_TEXT = SearchedFields(
    containing=("subject", "product_reference"), customer=("name", "email"), equal=("reference",)
)


class QueueFilters(ConsoleForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Reference, subject, customer name or e-mail, product reference"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Open complaints")), (ALL, _("All statuses")), *Status.choices],
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("Any")), *Priority.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any")), *Channel.choices]
    )
    abnormal = forms.ChoiceField(
        label=_("Abnormal"),
        required=False,
        choices=[("", _("Either")), ("yes", _("Abnormal only")), ("no", _("Normal only"))],
    )
    # What the dashboard's charts link to (insights): the complaints behind a figure.
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any")), *settings.LANGUAGES]
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any")), *Severity.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any")), *Outcome.choices]
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput({"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput({"type": "date"})
    )
    triage = forms.ChoiceField(
        label=_("Triage"),
        required=False,
        choices=[
            ("", _("Complaints")),
            (NEEDS_TRIAGE, _("Needs triage")),
            (NOT_A_COMPLAINT, _("Not a complaint")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            # What is owed next comes first: the queue is worked in deadline order.
            (DUE_FIRST, _("What is due first")),
            ("-received", _("Newest first")),
            ("received", _("Oldest first")),
            ("due", _("First response due")),
            ("priority", _("Priority")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Read once, when the form is shown or a value is checked: the results alone (htmx)
        # with no category, department or owner chosen need none of these lists.
        category = cast(forms.ChoiceField, self.fields["category"])
        department = cast(forms.ChoiceField, self.fields["department"])
        owner = cast(forms.ChoiceField, self.fields["owner"])
        category.choices = cache(
            lambda: [("", _("Any")), *((str(pk), path) for pk, path in category_paths().items())]
        )
        department.choices = cache(
            lambda: [
                ("", _("Any")),
                (NOBODY, _("Not routed yet")),
                *((str(pk), name) for pk, name in Department.objects.values_list("pk", "name")),
            ]
        )
        owner.choices = cache(
            lambda: [
                ("", _("Anyone")),
                (MINE, _("Mine")),
                (NOBODY, _("Nobody yet")),
                *(
                    (str(pk), person_label(*names))
                    for pk, *names in staff_who_handle().values_list(
                        "pk", "first_name", "last_name", "username"
                    )
                ),
            ]
        )

    @property
    def searches_text(self) -> bool:
        """Whether the valid filters include a text search (its total is capped)."""
        self.is_valid()  # cleans once; an invalid field elsewhere does not drop `q`
        return bool(getattr(self, "cleaned_data", {}).get("q", "").strip())

    def apply(self, complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
        """Narrow and order the user's scoped complaints by the valid filters (an invalid one
        is shown next to its field and ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        status = data.get("status", OPEN)
        if status == OPEN:
            complaints = complaints.exclude(status__in=ARCHIVED)
        elif status != ALL:
            complaints = complaints.filter(status=status)
        if category := data.get("category"):
            complaints = complaints.filter(
                Q(category_id=category) | Q(category__parent_id=category)
            )
        if department := data.get("department"):
            if department == NOBODY:
                complaints = complaints.filter(department__isnull=True)
            else:
                complaints = complaints.filter(department_id=department)
        if owner := data.get("owner"):
            if owner == MINE:
                complaints = complaints.filter(owner=self.user)
            elif owner == NOBODY:
                complaints = complaints.filter(owner__isnull=True)
            else:
                complaints = complaints.filter(owner_id=owner)
        for name in ("priority", "channel", "language", "severity", "outcome"):
            if value := data.get(name):
                complaints = complaints.filter(**{name: value})
        zone = timezone.get_current_timezone()
        if received_from := data.get("received_from"):
            start = datetime.combine(received_from, time.min, tzinfo=zone)
            complaints = complaints.filter(received_at__gte=start)
        if received_to := data.get("received_to"):
            end = datetime.combine(received_to + timedelta(days=1), time.min, tzinfo=zone)
            complaints = complaints.filter(received_at__lt=end)
        if abnormal := data.get("abnormal"):
            complaints = complaints.filter(abnormal=abnormal == "yes")
        # What triage found not to be a complaint waits in its own queue, out of the process.
        triage = data.get("triage", "")
        if triage == NOT_A_COMPLAINT:
            complaints = complaints.filter(nature=Nature.NOT_A_COMPLAINT)
        else:
            complaints = complaints.exclude(nature=Nature.NOT_A_COMPLAINT)
        if triage == NEEDS_TRIAGE:
            complaints = complaints.filter(pk__in=needs_triage().values("pk"))
        if q := data.get("q", "").strip():
            complaints = complaints.filter(matching_text(q, QUEUE_TEXT))
        return complaints.order_by(*SORTS[data.get("sort") or DUE_FIRST])


class VersionedForm(ConsoleForm):
    """A change to a complaint, carrying the version the user saw so a stale change is
    refused instead of overwriting someone else's."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _complaint_fields(names: tuple[str, ...], complaint: Complaint) -> dict[str, forms.Field]:
    fields = forms.fields_for_model(
        Complaint,
        fields=list(names),
        field_classes={
            "category": CategoryChoiceField,
            "department": DepartmentChoiceField,
            "owner": PersonChoiceField,
        },
    )
    for name, field in fields.items():
        field.required = False
        if name == "category":
            field.queryset = _categories(complaint.category)  # type: ignore[attr-defined]
        elif name == "owner":
            # The current owner stays selectable even if they have since left or changed role,
            # so saving the form never unassigns them by accident.
            field.queryset = User.objects.filter(  # type: ignore[attr-defined]
                Q(pk__in=staff_who_handle()) | Q(pk=complaint.owner_id)
            ).order_by("first_name", "last_name", "username")
        elif isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 4
        long_select(field)
    return fields


def _initial(names: tuple[str, ...], complaint: Complaint) -> dict[str, Any]:
    # attname: a foreign key's id ("owner_id"), so building the form loads no related row.
    return {
        name: getattr(complaint, Complaint._meta.get_field(name).attname)  # type: ignore[union-attr]
        for name in names
    }


class ActionForm(VersionedForm):
    """One transition of the lifecycle: exactly the fields its table row takes, and a note.
    Fields the guard says are missing right now are marked required; the guard itself still
    decides when the action is taken."""

    def __init__(
        self, transition: Transition, complaint: Complaint, *args: Any, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", transition.action)
        kwargs.setdefault(
            "initial", {"version": complaint.version, **_initial(transition.fields, complaint)}
        )
        super().__init__(*args, **kwargs)
        self.transition = transition
        # The note comes last, after the fields the action is about.
        note = self.fields.pop("note")
        self.fields.update(_complaint_fields(transition.fields, complaint))
        self.fields["note"] = note
        missing = transition.guard(complaint, "", complaint.status)
        for name in missing:
            if name in self.fields:
                self.fields[name].required = True
        if "note" in missing:
            note.help_text = _("Required: say why.")

    def transition_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.transition.fields}


class AssessmentForm(VersionedForm):
    """The assessment, department and owner, changed outside a transition."""

    prefix = "edit"

    def __init__(self, complaint: Complaint, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"version": complaint.version, **_initial(TRIAGE_FIELDS, complaint)}
        )
        super().__init__(*args, **kwargs)
        note = self.fields.pop("note")
        self.fields.update(_complaint_fields(TRIAGE_FIELDS, complaint))
        note.label = _("Reason for the change")
        self.fields["note"] = note

    def changed_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name] for name in TRIAGE_FIELDS if name in self.changed_data
        }


class NoteForm(ConsoleForm):
    prefix = "note"
    body = forms.CharField(
        label=_("Internal note"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff can see notes."),
    )


class ReplyForm(ConsoleForm):
    prefix = "reply"
    subject = forms.CharField(label=_("Subject"), required=False, max_length=300)
    body = forms.CharField(
        label=_("Message to the customer"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NewComplaintForm(ConsoleForm):
    """A complaint an agent takes down from a call, a letter or a visit."""

    channel = forms.ChoiceField(
        label=_("How did it reach us?"),
        choices=[
            (Channel.PHONE, Channel.PHONE.label),
            (Channel.LETTER, Channel.LETTER.label),
            (Channel.IN_PERSON, Channel.IN_PERSON.label),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Customer's name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    language = forms.ChoiceField(
        label=_("Language to write to them in"), choices=settings.LANGUAGES
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    description = forms.CharField(
        label=_("What happened, in the customer's words"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(label=_("Where did it happen?"), required=False, max_length=300)
    product_reference = forms.CharField(
        label=_("Product, order or service reference"), required=False, max_length=200
    )
    remedy_sought = forms.MultipleChoiceField(
        label=_("What would the customer like us to do?"),
        required=False,
        choices=Remedy.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    claimed_amount = forms.DecimalField(
        label=_("Amount claimed"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    claimed_currency = forms.CharField(
        label=_("Currency"),
        required=False,
        min_length=3,
        max_length=3,
        help_text=_("Three letters, e.g. EUR"),
    )

    # Taking a call: when it came in, and what the agent promised the caller.
    called_at = forms.DateTimeField(
        label=_("Time of the call"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("For a phone call: when it came in. Leave empty for now."),
    )
    promised = forms.CharField(
        label=_("What was promised to the customer"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept as a note for the colleagues who take the complaint on."),
    )

    CUSTOMER_FIELDS = ("channel", "name", "email", "phone", "language")
    CALL_FIELDS = ("called_at", "promised")

    def customer_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CUSTOMER_FIELDS]

    def complaint_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in self.fields
            if name not in self.CUSTOMER_FIELDS and name not in self.CALL_FIELDS
        ]

    def call_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CALL_FIELDS]

    def clean_called_at(self) -> Any:
        called = self.cleaned_data["called_at"]
        if called and called > timezone.now():
            raise forms.ValidationError(_("This is in the future."))
        return called

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if phone and not any(ch.isdigit() for ch in phone):
            raise forms.ValidationError(_("Enter a phone number with digits."))
        return phone

    def clean_occurred_at(self) -> Any:
        occurred = self.cleaned_data["occurred_at"]
        if occurred and occurred > timezone.now():
            raise forms.ValidationError(_("This is in the future."))
        return occurred

    def clean_claimed_currency(self) -> str:
        currency: str = self.cleaned_data["claimed_currency"].strip().upper()
        if currency and not (currency.isascii() and currency.isalpha()):
            raise forms.ValidationError(_("Use the three-letter currency code, e.g. EUR."))
        return currency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Give an e-mail address or a phone number to reach them."))
        if (
            data.get("claimed_amount") is not None
            and not data.get("claimed_currency")
            and "claimed_currency" not in self.errors
        ):
            self.add_error("claimed_currency", _("Say which currency the amount is in."))
        return data


class ReassignForm(ConsoleForm):
    """A supervisor gives the complaint to another person or department, saying why."""

    prefix = "reassign"
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    department = DepartmentChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("Keep the current one"),
    )
    owner = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose someone for me"),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, complaint: Complaint, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": complaint.version})
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff_who_handle()


class TaskForm(ConsoleForm):
    """The lead asks a collaborating department for its part."""

    prefix = "task"
    department = DepartmentChoiceField(label=_("Department"), queryset=Department.objects.all())
    owner = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose someone in the department"),
    )
    description = forms.CharField(
        label=_("What is needed"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_at = forms.DateTimeField(
        label=_("Due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, complaint: Complaint, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = cast(forms.ModelChoiceField, self.fields["department"])
        department.queryset = Department.objects.exclude(id=complaint.department_id or 0)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff_who_handle()


class TaskOutcomeForm(ConsoleForm):
    """Completing a task (what was done) or, for the lead, closing it (why)."""

    text = forms.CharField(max_length=5_000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, task_id: int, kind: str, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"{kind}-{task_id}")
        super().__init__(*args, **kwargs)
        self.task_id = task_id
        self.kind = kind
        self.fields["text"].label = (
            _("What was done") if kind == "complete" else _("Why it is closed")
        )


class CorrectionForm(ConsoleForm):
    """One assessed field set by a person (triage.services.correct_assessment checks the
    field and the value)."""

    field = forms.CharField(max_length=20)
    value = forms.CharField(max_length=60)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
