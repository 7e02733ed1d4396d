"""Internal notes and replies to the customer from the complaint page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.complaints.models import Direction, Message, Status, Visibility
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db


def test_a_note_is_added_as_internal(client, agent):
    complaint = file()
    client.force_login(agent)

    client.post(
        reverse("console:note", args=[complaint.reference]), {"note-body": "Called the bank."}
    )

    note = Message.objects.get(complaint=complaint, direction=Direction.INTERNAL)
    assert (note.body, note.visibility) == ("Called the bank.", Visibility.INTERNAL)


def test_an_empty_note_is_refused_next_to_its_field(client, agent):
    complaint = file()
    client.force_login(agent)

    response = client.post(reverse("console:note", args=[complaint.reference]), {"note-body": ""})

    assert response.status_code == 422
    assert 'id="id_note-body_error"' in response.content.decode()


def test_a_reply_is_sent_to_the_customer(client, agent):
    complaint = file()
    client.force_login(agent)

    response = client.post(
        reverse("console:reply", args=[complaint.reference]),
        {"reply-body": "We are looking into it."},
    )

    assert response.status_code == 302
    assert Message.objects.filter(
        complaint=complaint, direction=Direction.OUTBOUND, body="We are looking into it."
    ).exists()


def test_replying_on_a_closed_complaint_is_refused(client, agent, billing):
    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)
    client.force_login(agent)

    response = client.post(
        reverse("console:reply", args=[complaint.reference]), {"reply-body": "Hello again."}
    )

    assert response.status_code == 409
    assert not Message.objects.filter(body="Hello again.").exists()
