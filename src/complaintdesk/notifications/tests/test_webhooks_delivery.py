"""Webhooks go out from the worker, signed, to a real receiver on loopback; a failing receiver
is tried again with a growing pause, and every attempt is logged on the delivery."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.jobs.worker import run_pending_tasks
from complaintdesk.notifications.models import (
    DeliveryState,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from complaintdesk.notifications.tasks import MAX_ATTEMPTS, deliver_webhook
from complaintdesk.notifications.tests.receiver import webhook_receiver
from tests.factories import file

pytestmark = pytest.mark.django_db

SECRET = "the-receivers-own-secret-of-32-chars-or-more"


def endpoint_at(url, events=(WebhookEvent.RECEIVED,)):
    return WebhookEndpoint.objects.create(name="CRM", url=url, secret=SECRET, events=list(events))


def retries_queued():
    return DBTaskResult.objects.filter(task_path__endswith="deliver_webhook", status="READY")


def test_the_worker_posts_a_signed_event_the_receiver_can_verify():
    with webhook_receiver(200) as receiver:
        endpoint_at(receiver.url)
        complaint = file()

        run_pending_tasks()

    (received,) = receiver.received
    timestamp = received.headers["X-Complaintdesk-Timestamp"]
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + received.body, hashlib.sha256)
    assert received.headers["X-Complaintdesk-Signature"] == f"sha256={expected.hexdigest()}"
    assert received.headers["X-Complaintdesk-Event"] == "complaint.received"
    payload = json.loads(received.body)
    assert payload["event"] == "complaint.received"
    assert payload["complaint"]["reference"] == complaint.reference
    assert "dana@example.com" not in received.body.decode()


def test_a_delivered_event_is_logged_with_the_receivers_answer():
    with webhook_receiver(204) as receiver:
        endpoint_at(receiver.url)
        file()
        run_pending_tasks()

    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.DELIVERED
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (1, 204, "")
    assert delivery.delivered_at is not None


def test_a_failing_receiver_is_logged_and_tried_again_later():
    with webhook_receiver(500) as receiver:
        endpoint_at(receiver.url)
        file()
        run_pending_tasks()

    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.PENDING
    assert (delivery.attempts, delivery.last_status_code) == (1, 500)
    assert "receiver says no" in delivery.last_error
    (retry,) = retries_queued()
    assert retry.run_after >= timezone.now() + timedelta(seconds=50)
    assert delivery.next_attempt_at == retry.run_after


def test_each_retry_waits_longer_than_the_one_before():
    with webhook_receiver(500) as receiver:
        endpoint_at(receiver.url)
        file()
        delivery = WebhookDelivery.objects.get()
        waits = []
        for _ in range(3):
            deliver_webhook.call(delivery.pk)
            delivery.refresh_from_db()
            waits.append(delivery.next_attempt_at - delivery.last_attempt_at)

    assert waits[0] < waits[1] < waits[2]


def test_the_retry_delivers_once_the_receiver_is_back():
    with webhook_receiver(503, 200) as receiver:
        endpoint_at(receiver.url)
        file()
        delivery = WebhookDelivery.objects.get()
        deliver_webhook.call(delivery.pk)

        assert deliver_webhook.call(delivery.pk) == "delivered"

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 2)
    assert len({r.headers["X-Complaintdesk-Delivery"] for r in receiver.received}) == 1


def test_delivery_gives_up_after_the_last_attempt_and_says_so():
    with webhook_receiver(500) as receiver:
        endpoint_at(receiver.url)
        file()
        delivery = WebhookDelivery.objects.get()
        WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=MAX_ATTEMPTS - 1)

        deliver_webhook.call(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert deliver_webhook.call(delivery.pk) == "nothing to do"


def test_an_unreachable_receiver_is_logged_as_a_failure_without_a_status():
    with webhook_receiver() as receiver:
        url = receiver.url
    endpoint_at(url)  # the receiver has stopped: nothing listens any more
    file()

    deliver_webhook.call(WebhookDelivery.objects.get().pk)

    delivery = WebhookDelivery.objects.get()
    assert delivery.last_status_code is None
    assert "Connection refused" in delivery.last_error or "URLError" in delivery.last_error


def test_a_redirect_is_not_followed():
    with webhook_receiver(302) as receiver:
        receiver.redirect_to = receiver.url + "/elsewhere"
        endpoint_at(receiver.url)
        file()
        deliver_webhook.call(WebhookDelivery.objects.get().pk)

    assert [r.path for r in receiver.received] == ["/hooks/complaints"]
    assert WebhookDelivery.objects.get().last_status_code == 302


def test_a_switched_off_endpoint_is_not_sent_what_was_queued_for_it():
    with webhook_receiver(200) as receiver:
        endpoint = endpoint_at(receiver.url)
        file()
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
        deliver_webhook.call(WebhookDelivery.objects.get().pk)

    assert receiver.received == []
    assert WebhookDelivery.objects.get().state == DeliveryState.FAILED
