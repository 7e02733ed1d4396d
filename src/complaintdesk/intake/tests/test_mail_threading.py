"""Replies join their complaint: by the signed token of our Message-ID that comes back in
In-Reply-To/References, or by the reference in the subject, but only from the customer. A
reference alone from anyone else writes nothing and is held for review."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint, Direction, Status
from complaintdesk.complaints.services import reply_to_customer
from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.mail.thread_tokens import referenced_complaint
from complaintdesk.intake.models import MailSource, MailStatus
from complaintdesk.notifications.tasks import email_for, message_id_for
from tests.factories import complaint_in, file
from tests.mail.samples import eml


def our_message_id(complaint: Complaint) -> str:
    return message_id_for(complaint.messages.filter(direction=Direction.OUTBOUND).first())


def deliver(raw: bytes):
    return receive_mail(raw=raw, source=MailSource.SMTP).mail


def subject_naming(complaint: Complaint, sender: str, nonce: str = "1") -> bytes:
    return eml(
        "subject_names_a_reference.eml", reference=complaint.reference, sender=sender, nonce=nonce
    )


def test_our_message_id_carries_a_signed_token_for_its_complaint(db):
    complaint = file()
    message_id = our_message_id(complaint)
    assert message_id.startswith(f"<cd.{complaint.reference}.")
    assert referenced_complaint([message_id]) == complaint.reference


def test_a_token_with_a_wrong_signature_names_no_complaint(db):
    message_id = our_message_id(file())
    signature = message_id.split("@")[0].rsplit(".", 1)[1]
    assert referenced_complaint([message_id.replace(signature, "0" * 24)]) is None


def test_our_mail_asks_for_replies_at_the_complaints_address(db, settings):
    settings.INTAKE_MAIL_ADDRESS = "complaints@shop.example"
    email = email_for(file().messages.get())
    assert email.reply_to == ["complaints@shop.example"]
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_message_written_by_staff_is_not_marked_automatic(db, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    message = reply_to_customer(complaint=complaint, actor=agent, body="We are on it.")
    assert "Auto-Submitted" not in email_for(message).extra_headers


def test_a_reply_naming_our_message_joins_its_complaint(db):
    complaint = file()
    mail = deliver(eml("reply_by_in_reply_to.eml", in_reply_to=our_message_id(complaint)))
    assert (mail.status, mail.complaint) == (MailStatus.THREADED, complaint)
    assert Complaint.objects.count() == 1
    reply = complaint.messages.get(direction=Direction.INBOUND)
    assert reply.body.startswith("It was the Visa card ending 4242.")
    assert mail.added_message == reply


def test_a_reply_with_our_token_joins_even_from_another_address(db):
    complaint = file(email="someone.else@example.com")
    mail = deliver(eml("reply_by_in_reply_to.eml", in_reply_to=our_message_id(complaint)))
    assert mail.complaint == complaint


def test_a_forged_token_does_not_join_a_complaint(db):
    complaint = file(email="victim@example.com")
    forged = f"<cd.{complaint.reference}.1.{'0' * 24}@localhost>"
    mail = deliver(eml("reply_by_in_reply_to.eml", in_reply_to=forged))
    assert mail.status == MailStatus.FILED
    assert mail.complaint != complaint


def test_a_reply_to_a_complaint_waiting_on_the_customer_resumes_it(db, agent, billing):
    complaint = complaint_in(Status.WAITING_ON_CUSTOMER, actor=agent, department=billing)
    deliver(eml("reply_by_in_reply_to.eml", in_reply_to=our_message_id(complaint)))
    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING


def test_the_reference_in_the_subject_joins_when_the_customer_writes(db):
    complaint = file(email="dana@example.com")
    mail = deliver(subject_naming(complaint, "Dana Customer <Dana@Example.com>"))
    assert (mail.status, mail.complaint) == (MailStatus.THREADED, complaint)


def test_a_stranger_naming_a_reference_writes_nothing_and_is_held_for_review(db):
    complaint = file(email="dana@example.com")
    mail = deliver(subject_naming(complaint, "Mallory <mallory@example.net>"))
    assert mail.status == MailStatus.REVIEW
    assert (mail.complaint, mail.named_complaint) == (None, complaint)
    assert complaint.reference in mail.reason
    assert not complaint.messages.filter(direction=Direction.INBOUND).exists()
    assert Complaint.objects.count() == 1


def test_the_customers_address_forged_by_a_stranger_is_held_for_review(db):
    complaint = file(email="dana@example.com")
    raw = b"Authentication-Results: mx.shop.example; dmarc=fail header.from=example.com\r\n"
    mail = deliver(raw + subject_naming(complaint, "Dana <dana@example.com>"))
    assert mail.status == MailStatus.REVIEW
    assert "DMARC" in mail.reason


def test_an_unknown_reference_in_the_subject_opens_a_new_complaint(db):
    complaint = file()
    raw = subject_naming(complaint, "Dana <dana@example.com>").replace(
        complaint.reference.encode(), b"CD-0000-0000"
    )
    assert deliver(raw).status == MailStatus.FILED
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize("name", ["auto_reply_out_of_office.eml", "bounce_delivery_status.eml"])
def test_an_automatic_answer_to_our_message_is_not_added_to_the_complaint(db, name):
    complaint = file()
    raw = f"In-Reply-To: {our_message_id(complaint)}\r\n".encode() + eml(name)
    assert deliver(raw).status == MailStatus.IGNORED_AUTO
    assert not complaint.messages.filter(direction=Direction.INBOUND).exists()


def test_files_sent_with_a_reply_belong_to_the_reply(db):
    complaint = file(email="priya@example.in")
    raw = f"In-Reply-To: {our_message_id(complaint)}\r\n".encode() + eml(
        "forwarded_with_attachments.eml"
    )
    mail = deliver(raw)
    assert mail.added_message is not None
    assert mail.added_message.attachments.count() == 3
