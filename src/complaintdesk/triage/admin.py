from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from complaintdesk.triage.models import (
    FieldAssessment,
    FieldThreshold,
    ModelVersion,
    PriorityCell,
    Rule,
    TriageSettings,
)
from complaintdesk.triage.services import activate_model, assess, forget_cached_configuration


class _ForgetsCachedConfiguration(admin.ModelAdmin):
    """Changes take effect in this process at once (others within a few seconds)."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        forget_cached_configuration()

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        super().delete_model(request, obj)
        forget_cached_configuration()


class TryTextForm(forms.Form):
    text = forms.CharField(label=_("Sample complaint"), widget=forms.Textarea(attrs={"rows": 6}))
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[
            ("", _("Detect")),
            ("en", "English"),
            ("es", "Español"),
            ("fr", "Français"),
            ("zh", "中文"),
        ],
    )


@admin.register(Rule)
class RuleAdmin(_ForgetsCachedConfiguration):
    list_display = ("name", "field", "language", "value", "order", "confidence", "active")
    list_filter = ("field", "language", "active")
    list_editable = ("order", "active")
    search_fields = ("name", "expression", "value")
    change_list_template = "admin/triage/rule/change_list.html"

    def get_urls(self):  # type: ignore[no-untyped-def]
        return [
            path(
                "try/",
                self.admin_site.admin_view(self.try_text),
                name="triage_rule_try",
            ),
            *super().get_urls(),
        ]

    def try_text(self, request: HttpRequest) -> HttpResponse:
        """The test box: what a sample text gets from the rules and models in force."""
        form = TryTextForm(request.POST or None)
        assessment = None
        if request.method == "POST" and form.is_valid():
            forget_cached_configuration()
            assessment = assess(
                form.cleaned_data["text"], language=form.cleaned_data["language"] or None
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Try the triage rules"),
            "form": form,
            "assessment": assessment,
        }
        return TemplateResponse(request, "admin/triage/rule/try.html", context)


@admin.register(PriorityCell)
class PriorityCellAdmin(_ForgetsCachedConfiguration):
    list_display = ("urgency", "importance", "priority")
    list_editable = ("priority",)


@admin.register(TriageSettings)
class TriageSettingsAdmin(_ForgetsCachedConfiguration):
    list_display = (
        "__str__",
        "claimed_amount_threshold",
        "repeat_complaints",
        "repeat_days",
        "several_departments",
    )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return not TriageSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(FieldThreshold)
class FieldThresholdAdmin(_ForgetsCachedConfiguration):
    list_display = ("field", "minimum_confidence")
    list_editable = ("minimum_confidence",)


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "field", "source", "examples", "active", "created_at", "activated_at")
    list_filter = ("field", "active", "source")
    readonly_fields = (
        "field",
        "name",
        "path",
        "source",
        "examples",
        "report",
        "active",
        "created_at",
        "activated_at",
    )
    actions = ["activate"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        # Versions come from `complaintdesk train`, which evaluates them first.
        return False

    @admin.action(description=_("Activate the selected version"))
    def activate(self, request, queryset):  # type: ignore[no-untyped-def]
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one version."), messages.ERROR)
            return
        version = queryset.get()
        activate_model(version, actor=request.user)
        self.message_user(request, _("%(name)s is now active.") % {"name": version.name})


@admin.register(FieldAssessment)
class FieldAssessmentAdmin(admin.ModelAdmin):
    list_display = ("complaint", "field", "value", "applied", "confidence", "source")
    list_filter = ("field", "source", "applied")
    search_fields = ("complaint__reference",)
    readonly_fields = (
        "complaint",
        "field",
        "value",
        "applied",
        "confidence",
        "source",
        "explanation",
        "model_version",
        "assessed_at",
    )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
