from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import ApiToken, Department, SecondFactor, User


def _sign_in_through_the_console(
    request: HttpRequest, extra_context: object = None
) -> HttpResponse:
    """The admin site has no sign-in of its own: the console's is throttled and asks for the
    second factor, and a second door would skip both."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = _sign_in_through_the_console  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "absent", "departments")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (
            _("Complaint handling"),
            {"fields": ("role", "language", "languages_read", "skills", "absent")},
        ),
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


@admin.register(SecondFactor)
class SecondFactorAdmin(admin.ModelAdmin):
    """Who has two-step sign-in on. An administrator may remove a lost one, so its owner can
    sign in with the password alone and set up a new one."""

    list_display = ("user", "confirmed_at", "created_at")
    fields = ("user", "confirmed_at", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
