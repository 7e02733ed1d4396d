from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from complaintdesk.sla.models import (
    Breach,
    Clock,
    ClosingDay,
    Escalation,
    EscalationLadder,
    EscalationStep,
    SlaPolicy,
    StaffAlert,
)


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "priority",
        "category",
        "segment",
        "business_hours",
        "first_response",
        "plan",
        "resolution",
        "follow_up",
        "active",
    )
    list_filter = ("active", "priority", "business_hours")
    search_fields = ("name",)
    fieldsets = (
        (None, {"fields": ("name", "active")}),
        (_("Applies to"), {"fields": ("priority", "category", "segment")}),
        (
            _("Deadlines"),
            {"fields": ("business_hours", "first_response", "plan", "resolution", "follow_up")},
        ),
    )


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "department")
    list_filter = ("department",)
    date_hierarchy = "date"


class EscalationStepInline(admin.TabularInline):
    model = EscalationStep
    extra = 1


@admin.register(EscalationLadder)
class EscalationLadderAdmin(admin.ModelAdmin):
    list_display = ("name", "department", "urgent_start")
    inlines = [EscalationStepInline]
    # Running deadlines take a changed ladder into account from their next step on.
    fieldsets = (
        (
            None,
            {
                "fields": ("name", "department", "urgent_start"),
                "description": _(
                    "Complaints already running take a changed ladder into account from their "
                    "next step on."
                ),
            },
        ),
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the system keeps: looked at, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "kind", "started_at", "due_at", "paused_at", "stopped_at", "met")
    list_filter = ("kind", "met")
    search_fields = ("complaint__reference",)
    list_select_related = ("complaint",)


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "kind", "due_at", "breached_at", "department_name", "owner_name")
    list_filter = ("kind", "department")
    search_fields = ("complaint__reference", "owner_name", "department_name")
    date_hierarchy = "breached_at"
    list_select_related = ("complaint",)


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "clock", "step", "percent", "notify", "recipients", "at")
    list_filter = ("notify", "step")
    search_fields = ("complaint__reference",)
    list_select_related = ("complaint", "clock")


@admin.register(StaffAlert)
class StaffAlertAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "subject", "mail_state", "read_at")
    list_filter = ("kind", "mail_state")
    search_fields = ("subject", "recipient__username")
    list_select_related = ("recipient",)
