"""Routing in admin: rules in order, teams, the default department; and trying a rule on a
sample complaint as it is being edited, before it is saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from complaintdesk.complaints.models import Channel, Complaint, Priority, Severity
from complaintdesk.complaints.selectors import REFERENCE_MAX_LENGTH
from complaintdesk.routing.models import (
    AccessGrant,
    CoordinationTask,
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
        if winner is None:
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
