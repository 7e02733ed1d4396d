from django.contrib import admin

from complaintdesk.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the trail can be searched here, never edited."""

    list_display = ("at", "action", "actor_label", "complaint", "status_before", "status_after")
    list_filter = ("action",)
    search_fields = ("action", "actor_label", "complaint__reference", "note")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
