"""Header injection in outgoing e-mail: CR/LF in a customer's name or a subject never adds a
header (a Bcc to a stranger, a forged From) to what we send."""

from __future__ import annotations

from email import message_from_string
from email.message import Message as EmailMessage

import pytest
from django.core import mail

from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.services import reply_to_customer
from complaintdesk.notifications.tasks import deliver_message
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db

INJECTED = "Refund\r\nBcc: victim@attacker.example\r\nX-Injected: yes"


def _sent(message) -> EmailMessage:
    """The e-mail as it goes on the wire, read back as a mail program reads it."""
    deliver_message.call(message.pk)
    return message_from_string(mail.outbox[-1].message().as_string())


def test_header_injection_through_a_staff_reply_subject_adds_no_header(agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)

    sent = _sent(reply_to_customer(complaint=complaint, actor=agent, body="Hi", subject=INJECTED))

    assert (sent["Bcc"], sent["X-Injected"], "\n" in sent["Subject"]) == (None, None, False)
    assert mail.outbox[-1].recipients() == ["dana@example.com"]


def test_header_injection_through_a_complaint_subject_and_name_adds_no_header(db):
    complaint: Complaint = file(subject=INJECTED, name=INJECTED)
    # The acknowledgement, whose subject and greeting carry both.
    message = complaint.messages.filter(direction="outbound").first()

    sent = _sent(message)

    assert (sent["Bcc"], sent["X-Injected"], "\n" in sent["Subject"]) == (None, None, False)
    assert mail.outbox[-1].recipients() == ["dana@example.com"]
