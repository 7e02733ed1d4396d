"""Links between complaints in admin: to look at, not to change (the services write them, with
their audit events and the merge's lifecycle action)."""

from __future__ import annotations

from django.contrib import admin

from complaintdesk.complaints.admin import ReadOnlyAdmin
from complaintdesk.relations.models import ComplaintLink


@admin.register(ComplaintLink)
class ComplaintLinkAdmin(ReadOnlyAdmin):
    list_display = ("source", "kind", "target", "created_by", "created_at")
    list_filter = ("kind",)
    search_fields = ("source__reference", "target__reference")
    list_select_related = ("source", "target", "created_by")
    readonly_fields = ("source", "target", "kind", "note", "created_by", "created_at")
