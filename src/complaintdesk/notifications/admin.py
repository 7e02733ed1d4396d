from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from complaintdesk.complaints.admin import ReadOnlyAdmin
from complaintdesk.complaints.models import DeliveryStatus, Direction
from complaintdesk.notifications.models import (
    OutboxMessage,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from complaintdesk.notifications.webhooks import deliver_again


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events this address is sent."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("name", "url", "secret", "events", "active")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Other systems told of what happens to complaints. Each delivery is signed with the
    endpoint's secret, and logged below under Webhook deliveries."""

    form = WebhookEndpointForm
    list_display = ("name", "url", "subscribed", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("name", "url")

    @admin.display(description=_("events"))
    def subscribed(self, obj):
        return ", ".join(obj.events)


@admin.action(description=_("Send again (failed deliveries)"))
def send_again(modeladmin, request, queryset):
    try:
        count = deliver_again(
            delivery_ids=list(queryset.values_list("pk", flat=True)), actor=request.user
        )
    except PermissionError as refusal:
        modeladmin.message_user(request, str(refusal), messages.ERROR)
        return
    modeladmin.message_user(
        request,
        ngettext("%d delivery queued again.", "%d deliveries queued again.", count) % count,
        messages.SUCCESS,
    )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every event sent to every endpoint, with the receiver's last answer.
    Read-only; a failed delivery can be sent again."""

    list_display = (
        "created_at",
        "event",
        "endpoint",
        "complaint",
        "state",
        "attempts",
        "last_status_code",
        "last_attempt_at",
    )
    list_filter = ("state", "event", "endpoint")
    search_fields = ("complaint__reference", "event_id")
    date_hierarchy = "created_at"
    list_select_related = ("endpoint", "complaint")
    actions = [send_again]
    readonly_fields = (
        "endpoint",
        "event",
        "event_id",
        "complaint",
        "state",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "payload",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryErrorFilter(admin.SimpleListFilter):
    title = _("delivery error")
    parameter_name = "delivery_error"

    def lookups(self, request, model_admin):
        return [("yes", _("With an error")), ("no", _("Without an error"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(delivery_error="")
        if self.value() == "no":
            return queryset.filter(delivery_error="")
        return queryset


@admin.register(OutboxMessage)
class OutboxAdmin(ReadOnlyAdmin):
    """Every message to a customer that goes by e-mail, and how its delivery went. A message
    that failed stays pending and is tried again with a growing pause; one given up is
    'Failed'. Read-only: the worker does the sending."""

    list_display = (
        "created_at",
        "complaint",
        "subject",
        "delivery_status",
        "delivery_attempts",
        "short_error",
        "retry_at",
        "sent_at",
    )
    list_filter = ("delivery_status", DeliveryErrorFilter)
    search_fields = ("complaint__reference", "subject", "delivery_error")
    date_hierarchy = "created_at"
    list_select_related = ("complaint",)
    ordering = ("-created_at", "-id")
    fields = readonly_fields = (
        "complaint",
        "subject",
        "body",
        "created_at",
        "delivery_status",
        "delivery_attempts",
        "delivery_error",
        "retry_at",
        "waits_for_server",
        "sent_at",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(direction=Direction.OUTBOUND)
            .exclude(delivery_status__in=[DeliveryStatus.NOT_APPLICABLE, DeliveryStatus.RECORDED])
        )

    @admin.display(description=_("last error"), ordering="delivery_error")
    def short_error(self, obj):
        return obj.delivery_error[:120]
