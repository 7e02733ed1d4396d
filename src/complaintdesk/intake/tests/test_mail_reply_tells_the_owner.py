"""A customer's e-mail reply joins its complaint and its owner is told, as with information
added on the tracking page; a reply to a closed complaint is kept with it, the owner told, and
the complaint stays closed (the owner, or the customer on the tracking page, may reopen it);
the customer is answered at once, in their language, with the way to reopen it."""

from __future__ import annotations

import pytest
from django.core import mail as outbox
from django.utils import timezone

from complaintdesk.complaints.models import Complaint, Direction, Status
from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.models import MailSource, MailStatus
from complaintdesk.jobs.worker import run_pending_tasks
from complaintdesk.notifications.tasks import message_id_for
from tests.factories import complaint_in
from tests.mail.samples import eml


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):
    # The worker loop drops stale connections between tasks; here that would be the test's.
    monkeypatch.setattr("complaintdesk.jobs.worker.close_old_connections", lambda: None)


def owned_by(agent, status: str, billing) -> Complaint:
    complaint = complaint_in(status, actor=agent, department=billing)
    Complaint.objects.filter(pk=complaint.pk).update(owner=agent)
    complaint.refresh_from_db()
    return complaint


def reply_to(complaint: Complaint):
    ours = complaint.messages.filter(direction=Direction.OUTBOUND).first()
    raw = eml("reply_by_in_reply_to.eml", in_reply_to=message_id_for(ours))
    return receive_mail(raw=raw, source=MailSource.SMTP).mail


def told_owner(agent, complaint: Complaint) -> list:
    run_pending_tasks()
    return [
        sent
        for sent in outbox.outbox
        if sent.to == [agent.email] and complaint.reference in sent.subject
    ]


def test_an_e_mail_reply_to_an_open_complaint_is_told_to_its_owner(db, agent, billing):
    complaint = owned_by(agent, Status.INVESTIGATING, billing)

    received = reply_to(complaint)

    assert (received.status, received.complaint) == (MailStatus.THREADED, complaint)
    [told] = told_owner(agent, complaint)
    assert complaint.reference in told.body
    assert "Visa card ending 4242" not in told.body  # the words stay in the console


def test_an_e_mail_reply_to_a_closed_complaint_is_kept_with_it_and_its_owner_told(
    db, agent, billing
):
    complaint = owned_by(agent, Status.CLOSED, billing)

    received = reply_to(complaint)

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert (received.status, received.complaint) == (MailStatus.THREADED, complaint)
    assert received.added_message.body.startswith("It was the Visa card ending 4242.")
    assert "it was not reopened" in received.reason
    assert Complaint.objects.count() == 1
    assert len(told_owner(agent, complaint)) == 1


def test_an_e_mail_reply_to_a_complaint_without_an_owner_tells_no_one(db, agent, billing):
    complaint = complaint_in(Status.ACKNOWLEDGED, actor=agent, department=billing)
    Complaint.objects.filter(pk=complaint.pk).update(owner=None)
    complaint.refresh_from_db()

    received = reply_to(complaint)

    assert received.status == MailStatus.THREADED
    assert told_owner(agent, complaint) == []


def answers_to_customer(complaint: Complaint) -> list:
    run_pending_tasks()
    return [
        sent
        for sent in outbox.outbox
        if sent.to == [complaint.customer.email] and "closed" in sent.body
    ]


def test_a_customer_who_writes_about_a_closed_complaint_is_told_how_to_reopen_it(
    db, agent, billing
):
    complaint = owned_by(agent, Status.CLOSED, billing)
    run_pending_tasks()
    outbox.outbox.clear()

    reply_to(complaint)

    [answer] = answers_to_customer(complaint)
    assert complaint.reference in answer.subject
    assert "reopen your complaint through the link below" in answer.body
    assert "/track/" in answer.body
    assert answer.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_answer_about_a_closed_complaint_is_in_the_customers_language(db, agent, billing):
    complaint = owned_by(agent, Status.CLOSED, billing)
    Complaint.objects.filter(pk=complaint.pk).update(language="fr")
    complaint.refresh_from_db()
    run_pending_tasks()
    outbox.outbox.clear()

    reply_to(complaint)
    run_pending_tasks()

    [answer] = [sent for sent in outbox.outbox if sent.to == [complaint.customer.email]]
    assert "rouvrir" in answer.body


def test_a_second_reply_the_same_day_is_kept_but_not_answered_again(db, agent, billing):
    complaint = owned_by(agent, Status.CLOSED, billing)
    run_pending_tasks()
    outbox.outbox.clear()

    first, second = reply_to(complaint), reply_to_again(complaint)

    assert first.status == second.status == MailStatus.THREADED
    assert len(answers_to_customer(complaint)) == 1
    assert complaint.messages.filter(direction=Direction.INBOUND).count() >= 2


def reply_to_again(complaint: Complaint):
    ours = complaint.messages.filter(direction=Direction.OUTBOUND).first()
    raw = eml("reply_by_in_reply_to.eml", in_reply_to=message_id_for(ours)).replace(
        b"Message-ID: <", f"Message-ID: <again-{timezone.now().timestamp()}-".encode(), 1
    )
    return receive_mail(raw=raw, source=MailSource.SMTP).mail
