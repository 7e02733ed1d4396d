"""Which events reach which endpoints: a delivery per event and subscribed endpoint, written in
the transaction of the change, and configured by an administrator."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Status
from complaintdesk.intake import services
from complaintdesk.notifications.admin import WebhookEndpointForm
from complaintdesk.notifications.models import (
    DeliveryState,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from complaintdesk.notifications.webhooks import announce_deadline_breached
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db

SECRET = "x" * 40


def endpoint(name, *events, active=True):
    return WebhookEndpoint.objects.create(
        name=name,
        url=f"https://{name}.example.com/hook",
        secret=SECRET,
        events=list(events),
        active=active,
    )


def sent(event):
    return list(
        WebhookDelivery.objects.filter(event=event).values_list("endpoint__name", flat=True)
    )


def test_a_new_complaint_is_announced_to_each_endpoint_subscribed_to_it():
    endpoint("crm", WebhookEvent.RECEIVED)
    endpoint("bi", WebhookEvent.RECEIVED, WebhookEvent.CLOSED)
    endpoint("alerts", WebhookEvent.DEADLINE_BREACHED)
    endpoint("old", WebhookEvent.RECEIVED, active=False)

    file()

    assert sorted(sent(WebhookEvent.RECEIVED)) == ["bi", "crm"]
    queued = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")
    assert queued.count() == 2


def test_one_event_carries_one_id_for_every_endpoint():
    endpoint("crm", WebhookEvent.RECEIVED)
    endpoint("bi", WebhookEvent.RECEIVED)

    file()

    assert WebhookDelivery.objects.values("event_id").distinct().count() == 1


def test_nothing_is_announced_when_the_complaint_is_not_stored():
    endpoint("crm", WebhookEvent.RECEIVED)

    with (
        mock.patch.object(services.lifecycle, "perform", side_effect=RuntimeError("fault")),
        pytest.raises(RuntimeError),
    ):
        file()

    assert not WebhookDelivery.objects.exists()


def test_every_status_change_is_announced_with_where_it_came_from(agent, billing):
    endpoint("crm", WebhookEvent.STATUS_CHANGED)

    complaint_in(Status.TRIAGED, actor=agent, department=billing)

    changes = [d.payload["data"] for d in WebhookDelivery.objects.order_by("id")]
    assert [(c["previous_status"], c["status"]) for c in changes] == [
        ("received", "acknowledged"),
        ("acknowledged", "triaged"),
    ]


def test_resolving_and_closing_are_announced_as_their_own_events(agent, supervisor, billing):
    endpoint("crm", WebhookEvent.RESOLVED, WebhookEvent.CLOSED)
    complaint = complaint_in(Status.RESOLVED, actor=agent, department=billing)
    lifecycle.perform(complaint, "start_follow_up", actor=agent)
    lifecycle.perform(complaint, "close", actor=supervisor, close_reason="Refund confirmed.")

    assert list(WebhookDelivery.objects.order_by("id").values_list("event", flat=True)) == [
        WebhookEvent.RESOLVED,
        WebhookEvent.CLOSED,
    ]


def test_a_breached_deadline_can_be_announced_by_the_sla_sweep():
    endpoint("alerts", WebhookEvent.DEADLINE_BREACHED)
    complaint = file()
    due = timezone.now() - timedelta(hours=1)

    announce_deadline_breached(complaint, deadline="first_response", due=due)

    (delivery,) = WebhookDelivery.objects.filter(event=WebhookEvent.DEADLINE_BREACHED)
    assert delivery.payload["data"] == {"deadline": "first_response", "due": due.isoformat()}


def test_the_payload_says_where_the_complaint_stands():
    endpoint("crm", WebhookEvent.RECEIVED)

    complaint = file()

    payload = WebhookDelivery.objects.get().payload
    assert payload["complaint"]["reference"] == complaint.reference
    assert payload["complaint"]["first_response_due"] == complaint.first_response_due.isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "ftp://crm.example.com/hook"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"secret": "short"}, "secret"),
        ({"events": []}, "events"),
    ],
)
def test_an_endpoint_is_refused_with_a_bad_address_a_short_secret_or_no_events(change, field):
    data = {
        "name": "CRM",
        "url": "https://crm.example.com/hook",
        "secret": SECRET,
        "events": [WebhookEvent.RECEIVED],
        "active": True,
        **change,
    }

    form = WebhookEndpointForm(data)

    assert not form.is_valid()
    assert field in form.errors


def test_the_delivery_log_shows_each_attempt_to_administrators(client, admin_user):
    endpoint("crm", WebhookEvent.RECEIVED)
    file()
    WebhookDelivery.objects.update(attempts=3, last_status_code=503, last_error="HTTP 503")
    client.force_login(admin_user)

    html = client.get("/admin/notifications/webhookdelivery/").content.decode()

    assert "503" in html
    assert "complaint.received" in html


def test_an_administrator_sends_a_failed_delivery_again(client, admin_user):
    endpoint("crm", WebhookEvent.RECEIVED)
    file()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.update(state=DeliveryState.FAILED, attempts=8)
    client.force_login(admin_user)

    client.post(
        "/admin/notifications/webhookdelivery/",
        {"action": "send_again", "_selected_action": [delivery.pk]},
    )

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 0)
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_webhook").count() == 2


def test_filing_reads_the_endpoints_once_for_every_event_it_announces():
    endpoint("crm", WebhookEvent.RECEIVED, WebhookEvent.STATUS_CHANGED)

    with CaptureQueriesContext(connection) as captured:
        file()

    reads = [q for q in captured.captured_queries if "notifications_webhookendpoint" in q["sql"]]
    assert len(reads) == 1
    assert sent(WebhookEvent.RECEIVED) == ["crm"]
    assert sent(WebhookEvent.STATUS_CHANGED) == ["crm"]
