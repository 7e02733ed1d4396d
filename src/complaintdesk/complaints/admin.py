"""Configuration in the admin: the category tree is edited here; customers and complaints can
only be looked at, because every change to them must go through the services and be audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Category, Complaint, Customer, Message


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable, searchable, never changed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent", "active")
    list_filter = ("active", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent", "parent__parent")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    autocomplete_fields = ("parent",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A category in use is kept (the database protects it); retire it with "active".
        if obj is not None and obj.complaints.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Customer)
class CustomerAdmin(ReadOnlyAdmin):
    list_display = ("name", "email", "phone", "language", "created_at")
    list_filter = ("language",)
    search_fields = ("name", "email", "phone")
    date_hierarchy = "created_at"


class EventInline(ReadOnlyInline):
    model = Event
    verbose_name_plural = _("audit trail")
    # Text columns only: no per-row query for the actor.
    fields = ("at", "action", "actor_label", "status_before", "status_after", "note", "changes")
    readonly_fields = fields
    ordering = ("at", "id")


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ("created_at", "direction", "visibility", "author_label", "subject", "body")
    readonly_fields = fields


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "subject",
        "status",
        "priority",
        "department",
        "owner",
        "received_at",
        "first_response_due",
    )
    list_filter = ("status", "channel", "priority", "severity", "abnormal", "department")
    list_select_related = ("department", "owner")
    search_fields = ("reference", "subject", "customer__name", "customer__email")
    date_hierarchy = "received_at"
    inlines = (MessageInline, EventInline)
    # The tracking secrets never leave the database, not even to administrators.
    exclude = ("tracking_salt", "tracking_hash")
