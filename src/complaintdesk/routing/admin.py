"""Routing in admin: rules in order, teams, the default department; and trying a rule on a
sample complaint as it is being edited, before it is saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import Department
from complaintdesk.complaints.models import Channel, Complaint, Priority, Severity
from complaintdesk.complaints.selectors import REFERENCE_MAX_LENGTH
from complaintdesk.routing.matrix import matrix_for
from complaintdesk.routing.models import (
    AccessGrant,
    CoordinationTask,
    MatrixCategory,
    MatrixRole,
    ResponsibilityEntry,
    RoutingRule,
    RoutingSettings,
    Team,
)
from complaintdesk.routing.selectors import (
    Check,
    active_rules,
    checks,
    choose_owner,
    facts_of,
    rule_outranks_matrix,
)

TRY = "_try"


def _choices(label: Any, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any."),
    )


@dataclass(frozen=True)
class Trial:
    complaint: Complaint
    checks: list[Check]
    met: bool
    # Where the complaint would go with this rule in place among the active ones.
    decided_by: str
    department: str
    owner: str


class RoutingRuleForm(forms.ModelForm):
    channels = _choices(_("channels"), Channel.choices)
    languages = _choices(_("languages"), settings.LANGUAGES)
    severities = _choices(_("severities"), Severity.choices)
    priorities = _choices(_("priorities"), Priority.choices)
    sample = forms.CharField(
        label=_("Sample complaint"),
        required=False,
        max_length=REFERENCE_MAX_LENGTH,
        help_text=_(
            "The reference of a complaint to try the rule on, as filled in above, without "
            "saving it."
        ),
    )

    class Meta:
        model = RoutingRule
        fields = [
            "name",
            "position",
            "active",
            "categories",
            "channels",
            "languages",
            "severities",
            "priorities",
            "segments",
            "products",
            "keywords",
            "department",
            "team",
            "owner",
            "skill",
        ]

    trial: Trial | None = None

    def is_valid(self) -> bool:
        """A trial is never saved: the form comes back with the result instead."""
        valid = super().is_valid()
        if not valid or TRY not in self.data:
            return valid
        reference = self.cleaned_data.get("sample", "").strip().upper()
        complaint = (
            Complaint.objects.select_related("customer", "category__parent")
            .filter(reference=reference)
            .first()
            if reference
            else None
        )
        if complaint is None:
            self.add_error("sample", _("Give the reference of an existing complaint."))
            return False
        self.trial = self._try_on(complaint)
        return False

    def _try_on(self, complaint: Complaint) -> Trial:
        draft: RoutingRule = self.instance
        category_ids = [c.pk for c in self.cleaned_data.get("categories") or []]
        facts = facts_of(complaint)
        found = checks(draft, facts, category_ids)
        rules = [rule for rule in active_rules() if rule.pk != draft.pk]
        if draft.active:
            rules.append(draft)
        rules.sort(key=lambda rule: (rule.position, rule.pk or 0))
        winner = next(
            (
                rule
                for rule in rules
                if all(c.met for c in checks(rule, facts, category_ids if rule is draft else None))
            ),
            None,
        )
        matrix = matrix_for(complaint.category)
        responsible = matrix.responsible if matrix is not None else None
        department: Department | None
        if (
            matrix is not None
            and responsible is not None
            and not (
                winner is not None
                and (
                    winner.department_id == responsible.pk
                    or rule_outranks_matrix(
                        winner, facts, matrix, category_ids if winner is draft else None
                    )
                )
            )
        ):
            # The category's responsibility matrix is at least as specific (selectors).
            decided_by = str(_("the responsibility matrix of %(category)s")) % {
                "category": matrix.category.name
            }
            department, team, person, skill = responsible, None, None, ""
        elif winner is None:
            default = RoutingSettings.current().default_department
            decided_by, department = str(_("the default department")), default
            team = person = None
            skill = ""
        else:
            decided_by = str(_("this rule")) if winner is draft else winner.name
            department, team, person, skill = (
                winner.department,
                winner.team,
                winner.owner,
                winner.skill,
            )
        owner = "—"
        if department is not None:
            choice = choose_owner(department, complaint, team=team, skill=skill, person=person)
            owner = choice.explanation or str(choice.owner or "—")
        return Trial(
            complaint=complaint,
            checks=found,
            met=all(check.met for check in found),
            decided_by=decided_by,
            department=str(department or "—"),
            owner=owner,
        )


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm
    list_display = ("position", "name", "department", "team", "owner", "active")
    list_display_links = ("name",)
    list_editable = ("position", "active")
    list_filter = ("active", "department")
    search_fields = ("name", "keywords")
    filter_horizontal = ("categories",)
    autocomplete_fields = ("owner",)
    list_select_related = ("department", "team", "owner")
    fieldsets = (
        (None, {"fields": ("name", "position", "active")}),
        (
            _("When the complaint has (every condition given)"),
            {
                "fields": (
                    "categories",
                    "channels",
                    "languages",
                    "severities",
                    "priorities",
                    "segments",
                    "products",
                    "keywords",
                )
            },
        ),
        (_("Send it to"), {"fields": ("department", "team", "owner", "skill")}),
        (_("Try it"), {"fields": ("sample",)}),
    )
    change_form_template = "admin/routing/routingrule/change_form.html"


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "department")
    list_filter = ("department",)
    filter_horizontal = ("members",)


@admin.register(RoutingSettings)
class RoutingSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "default_department")

    def has_add_permission(self, request):
        return not RoutingSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CoordinationTask)
class CoordinationTaskAdmin(admin.ModelAdmin):
    list_display = ("complaint", "department", "owner", "due_at", "state")
    list_filter = ("state", "department")
    search_fields = ("complaint__reference", "description")
    list_select_related = ("complaint", "department", "owner")
    readonly_fields = [f.name for f in CoordinationTask._meta.fields]

    def has_add_permission(self, request):
        # Tasks are added by the lead in the console, where they are recorded.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessGrant)
class AccessGrantAdmin(admin.ModelAdmin):
    list_display = ("complaint", "user", "granted_by", "created_at")
    search_fields = ("complaint__reference", "user__username")
    readonly_fields = ("complaint", "user", "granted_by", "reason", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ResponsibilityFormSet(forms.BaseInlineFormSet):
    """A category's row of the matrix: exactly one responsible department, and each department
    in one role only (never, say, both responsible and consulted). No entries at all: the
    category takes the row of the category above it."""

    def validate_unique(self) -> None:
        # Both unique constraints are checked in clean(), with messages that say what to do.
        return

    def clean(self) -> None:
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("department")
        ]
        if not kept:
            return
        errors: list[str] = []
        responsible = [row["department"] for row in kept if row["role"] == MatrixRole.RESPONSIBLE]
        if not responsible:
            errors.append(
                str(_("Name exactly one responsible department (or remove every department)."))
            )
        elif len(responsible) > 1:
            errors.append(
                _("Name exactly one responsible department, not %(count)d: %(departments)s.")
                % {
                    "count": len(responsible),
                    "departments": ", ".join(d.name for d in responsible),
                }
            )
        roles: dict[int, list[str]] = {}
        for row in kept:
            roles.setdefault(row["department"].pk, []).append(str(MatrixRole(row["role"]).label))
        for row in kept:
            named = roles.pop(row["department"].pk, [])
            if len(named) > 1:
                errors.append(
                    _("%(department)s is named more than once (%(roles)s): a department has one "
                      "role per category, it cannot be both responsible and consulted.")
                    % {"department": row["department"].name, "roles": ", ".join(named)}
                )  # fmt: skip
        if errors:
            raise forms.ValidationError(errors)


class ResponsibilityInline(admin.TabularInline):
    model = ResponsibilityEntry
    formset = ResponsibilityFormSet
    extra = 3
    fields = ("department", "role")


@admin.register(MatrixCategory)
class ResponsibilityMatrixAdmin(admin.ModelAdmin):
    """The matrix, one category per line: who is responsible for its complaints, who is
    consulted and who is informed. Routing uses it (docs/routing.md)."""

    list_display = ("__str__", "responsible", "consulted", "informed")
    search_fields = ("name", "code")
    fields = ("code", "name", "parent")
    readonly_fields = ("code", "name", "parent")
    inlines = [ResponsibilityInline]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .prefetch_related("responsibilities__department")
        )

    def _named(self, category: MatrixCategory, role: str) -> str:
        names = [e.department.name for e in category.responsibilities.all() if e.role == role]
        return ", ".join(names) or "—"

    @admin.display(description=_("responsible"))
    def responsible(self, category: MatrixCategory) -> str:
        return self._named(category, MatrixRole.RESPONSIBLE)

    @admin.display(description=_("consulted"))
    def consulted(self, category: MatrixCategory) -> str:
        return self._named(category, MatrixRole.CONSULTED)

    @admin.display(description=_("informed"))
    def informed(self, category: MatrixCategory) -> str:
        return self._named(category, MatrixRole.INFORMED)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # Categories are added with the categories (complaints); here they get their row.
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
