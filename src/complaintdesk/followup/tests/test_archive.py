"""A closed complaint is read-only in the console and the API (no field edits, messages or
notes), except reopening, which is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Message, Status
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(agent, billing):
    return complaint_in(Status.CLOSED, actor=agent, department=billing)


def _api(client, user, method, path, body=None):
    client.force_login(user)
    return getattr(client, method)(path, body or {}, "application/json")


def test_the_api_refuses_to_change_a_closed_complaint(client, agent, closed):
    response = _api(
        client,
        agent,
        "patch",
        f"/api/v1/complaints/{closed.reference}",
        {"severity": "high", "version": closed.version},
    )

    assert response.status_code == 409
    assert "read-only" in response.json()["detail"]


@pytest.mark.parametrize("kind", ["note", "reply"])
def test_the_api_refuses_messages_and_notes_on_a_closed_complaint(client, agent, closed, kind):
    before = Message.objects.filter(complaint=closed).count()

    response = _api(
        client,
        agent,
        "post",
        f"/api/v1/complaints/{closed.reference}/messages",
        {"kind": kind, "body": "One more thing."},
    )

    assert response.status_code == 409
    assert "reopen" in response.json()["detail"]
    assert Message.objects.filter(complaint=closed).count() == before


def test_the_console_refuses_a_note_on_a_closed_complaint_with_a_clear_message(
    client, agent, closed
):
    client.force_login(agent)

    response = client.post(
        reverse("console:note", args=[closed.reference]), {"note-body": "Late note."}
    )

    assert response.status_code == 409
    assert b"archived-notice" in response.content
    assert not Message.objects.filter(complaint=closed, body="Late note.").exists()


def test_the_console_offers_no_forms_on_a_closed_complaint_but_reopening(client, agent, closed):
    client.force_login(agent)

    page = client.get(reverse("console:complaint", args=[closed.reference])).content

    assert b'id="reply-form"' not in page
    assert b'id="note-form"' not in page
    assert b'data-action="reopen"' in page or b"actions/reopen/" in page


def test_reopening_a_closed_complaint_is_audited(client, agent, closed):
    response = _api(
        client,
        agent,
        "post",
        f"/api/v1/complaints/{closed.reference}/transitions",
        {"action": "reopen", "note": "The customer called: the refund bounced."},
    )

    event = Event.objects.filter(complaint=closed, action="complaint.reopened").get()
    assert response.status_code == 200
    assert (event.status_before, event.status_after) == ("closed", "reopened")
    assert event.note == "The customer called: the refund bounced."
