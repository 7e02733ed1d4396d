"""Two workers never send one message twice: a send is claimed with a lease, and a newer
message's catch-up passes a message another worker is sending (found by the two-server test:
1–4 acknowledgements in 24 reached the mail server twice)."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.complaints.models import DeliveryStatus, Message
from complaintdesk.jobs.worker import run_pending_tasks
from complaintdesk.notifications.tasks import deliver_message, send_lease
from tests.factories import file


def being_sent_by_another_worker(message: Message) -> None:
    """What the other worker's claim leaves: the attempt counted and the lease taken."""
    Message.objects.filter(pk=message.pk).update(
        delivery_attempts=1, retry_at=timezone.now() + send_lease()
    )


def test_a_newer_message_does_not_send_an_older_one_another_worker_is_sending(db):
    older = file(email="ana@example.com").messages.get()
    newer = file(email="ben@example.com").messages.get()
    being_sent_by_another_worker(older)

    assert deliver_message.call(newer.pk) == "sent"

    assert [sent.to for sent in mail.outbox] == [["ben@example.com"]]
    older.refresh_from_db()
    assert older.delivery_status == DeliveryStatus.PENDING


def test_the_messages_own_task_does_not_send_it_while_another_worker_is_sending_it(db):
    message = file().messages.get()
    being_sent_by_another_worker(message)

    assert deliver_message.call(message.pk) == "not yet"

    assert mail.outbox == []
    # It carries the message on from when the lease runs out.
    [next_try] = DBTaskResult.objects.filter(
        task_path__endswith="deliver_message", args_kwargs__args=[message.pk], status="READY"
    ).order_by("-enqueued_at")[:1]
    assert next_try.run_after > timezone.now()


def test_a_message_whose_sender_died_is_sent_once_when_its_lease_runs_out(db):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        message = file().messages.get()
        being_sent_by_another_worker(message)  # ... and that worker was killed mid-send
        run_pending_tasks()
        assert mail.outbox == []

        clock.shift(send_lease() + timedelta(seconds=2))
        run_pending_tasks()
        run_pending_tasks()

    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.SENT
    assert message.retry_at is None
