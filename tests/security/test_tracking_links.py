"""Tracking links that never expire (a published advisory class of peer helpdesks), and
guessing them: a link is unguessable, kept only as a hash, ends some time after its complaint
closed, is revoked when a new one is sent, and a client opening unknown links is stopped."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from complaintdesk.audit.models import Event
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Direction, Status
from complaintdesk.notifications.tasks import deliver_message
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db

NEW_LINK = reverse("portal:new_link")


@pytest.fixture
def closed(agent, billing):
    return complaint_in(Status.CLOSED, actor=agent, department=billing)


def test_a_tracking_link_that_never_expires_is_refused_once_its_time_after_closing_is_over(
    client, closed, settings
):
    path = tracking.tracking_path(closed)
    over = closed.closed_at + timedelta(days=settings.TRACKING_LINK_DAYS_AFTER_CLOSING, hours=1)

    still = client.get(path).status_code
    with time_machine.travel(over, tick=False):
        after = client.get(path).status_code

    assert (still, after) == (200, 404)


def test_a_tracking_link_of_an_open_complaint_does_not_expire(client, billing_complaint):
    with time_machine.travel(timezone.now() + timedelta(days=3650), tick=False):
        response = client.get(tracking.tracking_path(billing_complaint))

    assert response.status_code == 200


def test_the_link_carries_256_bits_from_128_random_ones_and_only_its_hash_is_stored(
    billing_complaint,
):
    token = tracking.token_for(billing_complaint.reference, billing_complaint.tracking_salt)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM complaints_complaint")
        stored = repr(cursor.fetchall())

    assert (len(billing_complaint.tracking_salt), len(token), token in stored) == (32, 43, False)


def test_guessing_tracking_links_stops_the_client_even_for_a_real_link(
    client, billing_complaint, settings
):
    settings.TRACKING_LOOKUP_FAILURES_PER_CLIENT = 3
    guesses = [client.get(f"/track/guess{n}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/") for n in range(3)]

    real = client.get(tracking.tracking_path(billing_complaint))

    assert ([g.status_code for g in guesses], real.status_code) == ([404, 404, 404], 429)
    assert int(real["Retry-After"]) > 0


def test_a_new_link_is_emailed_to_the_customer_and_the_old_one_stops_working(
    client, billing_complaint
):
    old = tracking.tracking_path(billing_complaint)

    answer = client.post(
        NEW_LINK, {"reference": billing_complaint.reference.lower(), "email": "DANA@example.com"}
    )
    billing_complaint.refresh_from_db()

    email = _delivered(billing_complaint)
    assert (answer.status_code, client.get(old).status_code) == (200, 404)
    assert (tracking.tracking_path(billing_complaint) in email.body, email.to) == (
        True,
        ["dana@example.com"],
    )


def test_asking_with_another_address_sends_nothing_and_answers_the_same(client, billing_complaint):
    messages_before = billing_complaint.messages.count()

    wrong = client.post(
        NEW_LINK, {"reference": billing_complaint.reference, "email": "eve@attacker.example"}
    )
    unknown = client.post(NEW_LINK, {"reference": "CD-0000-NONE", "email": "eve@attacker.example"})

    assert (billing_complaint.messages.count(), wrong.status_code, unknown.status_code) == (
        messages_before,
        200,
        200,
    )
    assert _text(wrong) == _text(unknown)


def test_asking_for_new_links_is_throttled_per_client(client, billing_complaint, settings):
    settings.NEW_TRACKING_LINKS_PER_HOUR = 2
    asks = [
        client.post(NEW_LINK, {"reference": f"CD-0000-000{n}", "email": "eve@attacker.example"})
        for n in range(3)
    ]

    assert [ask.status_code for ask in asks] == [200, 200, 429]


def test_an_expired_link_is_not_renewed_by_asking(client, closed, settings):
    later = closed.closed_at + timedelta(days=settings.TRACKING_LINK_DAYS_AFTER_CLOSING + 1)
    messages_before = closed.messages.count()

    with time_machine.travel(later, tick=False):
        client.post(NEW_LINK, {"reference": closed.reference, "email": "dana@example.com"})

    assert closed.messages.count() == messages_before


def test_sending_a_new_link_is_recorded_on_the_complaints_trail(client, billing_complaint):
    client.post(NEW_LINK, {"reference": billing_complaint.reference, "email": "dana@example.com"})

    assert Event.objects.filter(
        complaint=billing_complaint, action="tracking_link.revoked"
    ).exists()


def _delivered(complaint):
    """Send the message the worker would (the mail queue), and return the e-mail."""
    message = complaint.messages.filter(direction=Direction.OUTBOUND).order_by("-id").first()
    deliver_message.call(message.pk)
    return mail.outbox[-1]


def _text(response) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return html
