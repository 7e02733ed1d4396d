from __future__ import annotations

from smtplib import SMTPServerDisconnected
from unittest import mock

from django.core import mail
from django_tasks_db.models import DBTaskResult

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import DeliveryStatus
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint
from complaintdesk.notifications.tasks import MAX_ATTEMPTS, deliver_message
from tests.factories import file


def test_the_acknowledgement_is_queued_with_the_complaint_not_sent_inline(db):
    complaint = file()
    message = complaint.messages.get()
    assert mail.outbox == []
    queued = DBTaskResult.objects.get(task_path__endswith="deliver_message")
    assert queued.args_kwargs["args"] == [message.pk]


def test_delivering_sends_the_message_with_the_tracking_link_and_marks_it_sent(db):
    complaint = file()
    message = complaint.messages.get()
    assert deliver_message.call(message.pk) == "sent"
    sent = mail.outbox[0]
    assert sent.to == ["dana@example.com"]
    assert complaint.reference in sent.subject
    assert tracking.tracking_url(complaint) in sent.body
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.SENT


def test_a_message_already_sent_is_not_sent_again(db):
    message = file().messages.get()
    deliver_message.call(message.pk)
    assert deliver_message.call(message.pk) == "nothing to do"
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_leaves_the_message_pending_and_schedules_a_retry(db):
    message = file().messages.get()
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=SMTPServerDisconnected("down")
    ):
        assert deliver_message.call(message.pk) == "failed"
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.PENDING
    assert message.delivery_attempts == 1
    assert "down" in message.delivery_error
    retries = DBTaskResult.objects.filter(task_path__endswith="deliver_message").order_by(
        "enqueued_at"
    )
    assert retries.count() == 2
    assert retries.last().run_after > retries.first().enqueued_at


def test_delivery_gives_up_after_the_last_attempt_and_says_so(db):
    message = file().messages.get()
    type(message).objects.filter(pk=message.pk).update(delivery_attempts=MAX_ATTEMPTS - 1)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refused")):
        deliver_message.call(message.pk)
    message.refresh_from_db()
    assert message.delivery_status == DeliveryStatus.FAILED


def test_a_customer_without_email_gets_the_message_recorded_for_the_agent_to_give(db):
    complaint = file_complaint(
        channel="phone",
        customer=CustomerDetails(name="Li Wei", phone="+8613800000000"),
        complaint=ComplaintDetails(subject="Broken heater", description="It broke."),
    )
    message = complaint.messages.get()
    assert message.delivery_status == DeliveryStatus.RECORDED
    assert not DBTaskResult.objects.exists()


def test_a_name_with_quotes_is_not_html_escaped_in_the_plain_text_mail(db):
    message = file(name="Seán O'Brien <sean>").messages.get()
    assert "Seán O'Brien <sean>" in message.body
