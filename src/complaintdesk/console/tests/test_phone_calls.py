"""An agent logs a phone call: the complaint is filed on the caller's behalf at the time of the
call, the acknowledgement is recorded as given on the phone, and the promise kept as a note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.complaints.models import (
    Complaint,
    DeliveryStatus,
    Direction,
    Visibility,
)
from complaintdesk.notifications.tasks import deliver_message

pytestmark = pytest.mark.django_db

NEW = reverse("console:new_complaint")
CALLED_AT = (timezone.localtime() - timedelta(minutes=20)).replace(second=0, microsecond=0)
CALL = {
    "channel": "phone",
    "name": "Ravi Patel",
    "phone": "+44 20 7946 0000",
    "email": "ravi@example.com",
    "language": "en",
    "subject": "Engineer did not come",
    "description": "He waited at home all day on Tuesday and nobody came.",
    "called_at": CALLED_AT.strftime("%Y-%m-%dT%H:%M"),
    "promised": "A call back from the planning team by Friday.",
}


def test_the_call_is_filed_as_a_phone_complaint_received_when_the_call_came_in(client, agent):
    client.force_login(agent)

    client.post(NEW, CALL)

    complaint = Complaint.objects.get()
    assert complaint.channel == "phone"
    assert complaint.received_at == CALLED_AT
    assert complaint.first_response_due == CALLED_AT + timedelta(hours=24)


def test_the_acknowledgement_is_recorded_as_given_by_the_agent_and_not_e_mailed(client, agent):
    client.force_login(agent)

    client.post(NEW, CALL)

    acknowledgement = Complaint.objects.get().messages.get(direction=Direction.OUTBOUND)
    assert acknowledgement.delivery_status == DeliveryStatus.RECORDED
    assert (acknowledgement.author, acknowledgement.channel) == (agent, "phone")
    assert deliver_message.call(acknowledgement.pk) == "nothing to do"


def test_what_was_promised_is_kept_as_a_note_for_colleagues(client, agent):
    client.force_login(agent)

    client.post(NEW, CALL)

    note = Complaint.objects.get().messages.get(direction=Direction.INTERNAL)
    assert note.visibility == Visibility.INTERNAL
    assert "A call back from the planning team by Friday." in note.body


def test_the_agent_is_told_what_to_say_to_the_caller(client, agent):
    client.force_login(agent)

    response = client.post(NEW, CALL, follow=True)

    complaint = Complaint.objects.get()
    assert f"Tell the caller their reference, {complaint.reference}" in response.content.decode()


def test_a_call_time_in_the_future_is_refused_next_to_the_field(client, agent):
    client.force_login(agent)
    later = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(NEW, {**CALL, "called_at": later})

    assert 'id="id_called_at_error"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_letter_from_a_customer_with_e_mail_is_still_acknowledged_by_e_mail(client, agent):
    client.force_login(agent)

    client.post(NEW, {**CALL, "channel": "letter", "promised": ""})

    acknowledgement = Complaint.objects.get().messages.get()
    assert acknowledgement.delivery_status == DeliveryStatus.PENDING
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_message").exists()
