from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from complaintdesk.complaints.lifecycle import LifecycleError
from complaintdesk.intake.mail.services import (
    MailNotPending,
    add_held_mail_to_named_complaint,
    dismiss_mail,
    file_held_mail_as_new,
    reprocess_mail,
)
from complaintdesk.intake.models import ExternalSubmission, InboundMail, IntakeSource


def _run(modeladmin, request, queryset, service, done_message):
    done = 0
    for mail in queryset:
        try:
            service(mail_id=mail.pk, actor=request.user)
        except (MailNotPending, LifecycleError) as exc:
            modeladmin.message_user(request, f"#{mail.pk}: {exc}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.action(description=_("Process again (quarantined or held e-mail)"))
def process_again(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        reprocess_mail,
        lambda n: ngettext("%d e-mail processed again.", "%d e-mails processed again.", n) % n,
    )


@admin.action(description=_("Open a new complaint from it (held e-mail)"))
def open_as_new_complaint(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        file_held_mail_as_new,
        lambda n: ngettext("%d complaint opened.", "%d complaints opened.", n) % n,
    )


@admin.action(description=_("Add it to the complaint its subject names (held e-mail)"))
def add_to_named_complaint(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        add_held_mail_to_named_complaint,
        lambda n: ngettext("%d e-mail added.", "%d e-mails added.", n) % n,
    )


@admin.action(description=_("Dismiss (nothing to do)"))
def dismiss(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        dismiss_mail,
        lambda n: ngettext("%d e-mail dismissed.", "%d e-mails dismissed.", n) % n,
    )


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    """Every received e-mail and what became of it. Read-only: what happens to a held or
    quarantined message is decided through the actions, which go through the services."""

    list_display = ("received_at", "status", "sender", "subject", "complaint", "source")
    list_filter = ("status", "source")
    search_fields = ("sender", "subject", "message_id", "complaint__reference")
    date_hierarchy = "received_at"
    actions = [process_again, open_as_new_complaint, add_to_named_complaint, dismiss]
    list_select_related = ("complaint",)
    fields = (
        "status",
        "reason",
        "error",
        "complaint",
        "added_message",
        "named_complaint",
        "sender_name",
        "sender",
        "subject",
        "sent_at",
        "received_at",
        "source",
        "envelope_sender",
        "envelope_recipients",
        "message_id",
        "language",
        "charsets",
        "size",
        "sha256",
        "original",
        "attempts",
        "processed_at",
        "text",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # The raw bytes can be tens of megabytes: loaded only for the download.
        return super().get_queryset(request).defer("raw")

    @admin.display(description=_("original message"))
    def original(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("admin:intake_inboundmail_original", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download (.eml)"))

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_original)
        return [
            path("<int:pk>/original/", download, name="intake_inboundmail_original"),
            *super().get_urls(),
        ]

    def download_original(self, request, pk):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        mail = get_object_or_404(InboundMail, pk=pk)
        response = HttpResponse(bytes(mail.raw), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="inbound-{mail.pk}.eml"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IntakeSource)
class IntakeSourceAdmin(admin.ModelAdmin):
    """Systems that may send complaints to /api/v1/intake/<slug>, each with its own signing
    secret. Switching one off refuses its requests at once."""

    list_display = ("name", "slug", "channel", "active", "created_at")
    list_filter = ("active", "channel")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "channel", "active", "secret", "address")
    readonly_fields = ("address",)

    @admin.display(description=_("address to post to"))
    def address(self, obj):
        if obj.pk is None:
            return "-"
        return f"{settings.SITE_URL}/api/v1/intake/{obj.slug}"


@admin.register(ExternalSubmission)
class ExternalSubmissionAdmin(admin.ModelAdmin):
    """Which complaint each source's external id opened. Read-only."""

    list_display = ("received_at", "source", "external_id", "complaint")
    list_filter = ("source",)
    search_fields = ("external_id", "complaint__reference")
    list_select_related = ("source", "complaint")
    readonly_fields = ("source", "external_id", "complaint", "received_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
