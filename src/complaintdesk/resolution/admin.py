"""Resolution in admin: the root-cause taxonomy and the compensation limits are configuration;
the rest is shown read-only (the ledger can never be changed)."""

from __future__ import annotations

from django.contrib import admin

from complaintdesk.complaints.admin import ReadOnlyAdmin
from complaintdesk.resolution.models import (
    CompensationEntry,
    CompensationLimit,
    CompensationRequest,
    RootCauseCategory,
)


@admin.register(RootCauseCategory)
class RootCauseCategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "position", "active")
    list_editable = ("position", "active")
    search_fields = ("code", "name")


@admin.register(CompensationLimit)
class CompensationLimitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("role", "currency", "max_amount")
    list_filter = ("currency", "role")


@admin.register(CompensationRequest)
class CompensationRequestAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "amount", "currency", "kind", "state", "requested_by")
    list_filter = ("state", "currency")


@admin.register(CompensationEntry)
class CompensationEntryAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "amount", "currency", "kind", "created_by", "created_at")
    list_filter = ("currency",)
