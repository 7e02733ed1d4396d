"""POST /api/v1/complaints/{reference}/messages: replies to the customer and internal notes."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from complaintdesk.complaints.models import Message, Status, Visibility
from tests.api.clients import bearer, send
from tests.factories import complaint_in


@pytest.fixture
def complaint(agent, billing):
    return complaint_in(Status.INVESTIGATING, actor=agent, department=billing)


def _write(user, complaint, **body):
    return send(bearer(user), "post", f"/complaints/{complaint.reference}/messages", body)


def test_a_reply_is_created_for_the_customer_and_its_email_queued(agent, complaint):
    mail_before = DBTaskResult.objects.filter(queue_name="mail").count()

    response = _write(agent, complaint, kind="reply", body="We have refunded the charge.")

    assert response.status_code == 201
    assert (response.json()["visibility"], response.json()["direction"]) == ("customer", "outbound")
    assert DBTaskResult.objects.filter(queue_name="mail").count() == mail_before + 1


def test_a_reply_counts_as_the_first_response(agent, complaint):
    _write(agent, complaint, kind="reply", body="We are looking into it.")

    complaint.refresh_from_db()
    assert complaint.first_response_at is not None


def test_a_note_stays_internal(agent, complaint):
    response = _write(agent, complaint, kind="note", body="Card issuer says it was a retry.")

    assert response.status_code == 201
    assert Message.objects.get(pk=response.json()["id"]).visibility == Visibility.INTERNAL


def test_a_blank_message_is_refused_naming_the_body(agent, complaint):
    response = _write(agent, complaint, kind="note", body="   ")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


def test_a_message_must_say_whether_it_is_a_reply_or_a_note(agent, complaint):
    response = _write(agent, complaint, body="Hello")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


def test_an_auditor_may_not_write(auditor, complaint):
    assert _write(auditor, complaint, kind="note", body="Looks fine.").status_code == 403


def test_a_quality_manager_may_add_a_note(quality_manager, complaint):
    assert _write(quality_manager, complaint, kind="note", body="Watch this.").status_code == 201


def test_a_quality_manager_may_not_reply_to_the_customer(quality_manager, complaint):
    assert _write(quality_manager, complaint, kind="reply", body="Hello.").status_code == 403


def test_no_reply_is_sent_on_a_closed_complaint(agent, billing):
    closed = complaint_in(Status.CLOSED, actor=agent, department=billing)

    response = _write(agent, closed, kind="reply", body="One more thing.")

    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["reopen"]


def test_a_complaint_outside_the_callers_scope_is_not_found(outsider, complaint):
    assert _write(outsider, complaint, kind="note", body="Hi.").status_code == 404
