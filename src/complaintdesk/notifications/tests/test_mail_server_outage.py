"""Guarantee 3, mail server outage, against a real SMTP server on loopback that goes away and
comes back: the outbox keeps every message, retries with a growing pause, alerts the
administrators after MAIL_ALERT_AFTER_FAILURES failures, and catches up in order."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.complaints.models import DeliveryStatus, Direction, Message
from complaintdesk.jobs.worker import run_pending_tasks
from complaintdesk.notifications.tasks import MAIL_OUTAGE_ALERT, message_id_for
from complaintdesk.sla.models import StaffAlert
from tests.factories import file
from tests.reliability.mail_sink import MailSink
from tests.reliability.processes import free_port

COMPLAINTS = 4


@pytest.fixture
def sink():
    sink = MailSink(port=free_port())
    with override_settings(MAILERS=sink.settings(), MAIL_ALERT_AFTER_FAILURES=3):
        yield sink
    sink.stop()


def acknowledgements() -> list[Message]:
    return list(Message.objects.filter(direction=Direction.OUTBOUND).order_by("pk"))


def run_retries(clock, times: int) -> None:
    """Run what is due, then move past the longest pause (an hour), `times` times."""
    for _turn in range(times):
        run_pending_tasks()
        clock.shift(timedelta(hours=1, seconds=1))


@pytest.fixture
def outage(db, sink, admin_user):
    """The mail server is down while four complaints are filed and three rounds of retries
    run; the test then decides what happens next."""
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for number in range(COMPLAINTS):
            file(email=f"customer{number}@example.com", subject=f"Complaint {number}")
        run_retries(clock, 3)
        yield clock


def test_while_the_mail_server_is_down_every_message_stays_pending_with_its_error(outage):
    messages = acknowledgements()
    assert [m.delivery_status for m in messages] == [DeliveryStatus.PENDING] * COMPLAINTS
    assert all("Connection" in m.delivery_error for m in messages)
    assert all(m.waits_for_server for m in messages)


def test_while_the_mail_server_is_down_only_the_oldest_message_knocks_once_per_pause(outage):
    oldest, *newer = acknowledgements()
    assert oldest.delivery_attempts == 3
    # The newer ones wait behind it untried, keeping their attempts for when it is back.
    assert [m.delivery_attempts for m in newer] == [0] * (COMPLAINTS - 1)
    assert all(m.retry_at == oldest.retry_at for m in newer)


def test_each_waiting_message_has_exactly_one_delivery_queued(outage):
    for message in acknowledgements():
        queued = DBTaskResult.objects.filter(
            task_path__endswith="deliver_message", args_kwargs__args=[message.pk], status="READY"
        )
        assert queued.count() == 1, message


def test_each_retry_waits_twice_as_long_as_the_one_before(outage):
    first = acknowledgements()[0]
    retries = DBTaskResult.objects.filter(
        task_path__endswith="deliver_message", args_kwargs__args=[first.pk]
    ).order_by("enqueued_at")
    pauses = [round((r.run_after - r.enqueued_at).total_seconds()) for r in retries[1:]]
    assert pauses[:3] == [60, 120, 240]


def test_the_administrators_are_alerted_once_when_failures_reach_the_threshold(outage, admin_user):
    alerts = StaffAlert.objects.filter(recipient=admin_user, kind=MAIL_OUTAGE_ALERT)
    assert alerts.count() == 1
    assert "waiting in the outbox" in alerts.get().body


def test_when_the_mail_server_returns_the_outbox_catches_up_in_the_order_it_filled(outage, sink):
    sink.start()
    run_retries(outage, 2)
    messages = acknowledgements()
    assert [m.delivery_status for m in messages] == [DeliveryStatus.SENT] * COMPLAINTS
    assert sink.message_ids() == [message_id_for(m) for m in messages]


def test_every_delivery_failure_is_listed_for_administrators_with_a_filter(
    outage, client, admin_user
):
    client.force_login(admin_user)
    page = client.get(
        reverse("admin:notifications_outboxmessage_changelist"), {"delivery_error": "yes"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("ConnectionRefusedError") == COMPLAINTS


def test_a_message_the_server_refuses_on_its_own_does_not_hold_up_the_newer_ones(db, sink):
    sink.refused.add("nobody@example.com")
    sink.start()
    file(email="nobody@example.com", subject="To an address that does not exist")
    run_pending_tasks()
    file(email="dana@example.com", subject="To a real customer")
    run_pending_tasks()
    refused, delivered = acknowledgements()
    assert delivered.delivery_status == DeliveryStatus.SENT
    assert sink.message_ids() == [message_id_for(delivered)]
    assert refused.delivery_status == DeliveryStatus.PENDING
    assert "SMTPRecipientsRefused" in refused.delivery_error
    # Its own retry is queued once, not again by the delivery that tried it on the way.
    assert (
        DBTaskResult.objects.filter(
            task_path__endswith="deliver_message", args_kwargs__args=[refused.pk], status="READY"
        ).count()
        == 1
    )
