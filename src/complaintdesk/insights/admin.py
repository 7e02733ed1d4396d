from django.contrib import admin

from complaintdesk.insights.models import (
    AuditItem,
    AuditSample,
    CorrectiveAction,
    Lesson,
    ManagementReview,
    Problem,
    ReportSchedule,
    SpikeAlert,
    Target,
    TargetResult,
)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("measure", "department", "percent", "within_hours")
    list_filter = ("measure", "department")


@admin.register(TargetResult)
class TargetResultAdmin(admin.ModelAdmin):
    """The trend: written by the daily check, read here."""

    list_display = ("month", "measure", "department", "value", "percent", "met", "counted")
    list_filter = ("measure", "met", "department")
    date_hierarchy = "month"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ("name", "frequency", "format", "department", "active", "last_period")
    filter_horizontal = ("recipients",)
    readonly_fields = ("last_period", "last_sent_at")


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "owner", "department", "due_date", "status")
    list_filter = ("status", "kind", "department")
    search_fields = ("title", "problem")
    raw_id_fields = ("complaints",)


@admin.register(SpikeAlert)
class SpikeAlertAdmin(admin.ModelAdmin):
    list_display = ("label", "window", "dimension", "starts_at", "count", "baseline", "state")
    list_filter = ("window", "dimension", "state")


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("title", "state", "created_at", "resolved_at")
    raw_id_fields = ("complaints",)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "language", "created_at")
    list_filter = ("language", "category")
    search_fields = ("title", "summary")
    raw_id_fields = ("complaint",)


class AuditItemInline(admin.TabularInline):
    model = AuditItem
    raw_id_fields = ("complaint", "action")
    extra = 0


@admin.register(AuditSample)
class AuditSampleAdmin(admin.ModelAdmin):
    list_display = ("start", "end", "department", "size", "drawn_at")
    inlines = [AuditItemInline]


@admin.register(ManagementReview)
class ManagementReviewAdmin(admin.ModelAdmin):
    list_display = ("held_on", "period")
    filter_horizontal = ("actions",)
