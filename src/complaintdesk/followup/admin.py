from django.contrib import admin

from complaintdesk.followup.models import AppealOption, ReplyTemplate, Survey


@admin.register(AppealOption)
class AppealOptionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "language", "order", "active")
    list_filter = ("kind", "language", "active")
    search_fields = ("name", "how", "contact")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "language", "active")
    list_filter = ("language", "active", "category")
    search_fields = ("title", "body")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    """The answers, to read: they are the customer's, never edited."""

    list_display = ("complaint", "state", "score", "solved", "created_at", "answered_at")
    list_filter = ("state", "score", "solved")
    search_fields = ("complaint__reference",)
    readonly_fields = [f.name for f in Survey._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
