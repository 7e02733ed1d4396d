from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import ApiToken, Department, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "departments")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Complaint handling"), {"fields": ("role", "language")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Complaint handling"), {"fields": ("role", "email", "language")}),
    )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "head")
    search_fields = ("name", "code")
    filter_horizontal = ("supervisors", "members")
    prepopulated_fields = {"code": ("name",)}


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at", "user", "name")
    list_filter = ("revoked_at",)

    def has_add_permission(self, request):
        # Tokens are issued with `complaintdesk token issue`, which shows the secret once.
        return False
