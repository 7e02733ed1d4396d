"""Erasing a customer's personal data on request: contact details, words and files go, the
statistics stay, the links stop working, and the erasure is recorded."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Attachment, Complaint, Status
from complaintdesk.intake.attachments import IncomingFile, keep_attachments
from complaintdesk.privacy.services import ERASED, StillOpen, erase_customer
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(agent, billing):
    complaint = complaint_in(
        Status.CLOSED, actor=agent, department=billing, location="12 Rue de la Paix"
    )
    with transaction.atomic():
        keep_attachments(
            complaint=complaint,
            files=[IncomingFile.from_bytes("id-card.pdf", "application/pdf", b"%PDF-1.4 id")],
            actor_label="Dana Customer",
        )
    return complaint


def test_erasure_removes_contact_details_words_and_files(quality_manager, closed):
    erase_customer(customer=closed.customer, actor=quality_manager, reason="Asked on 3 May")

    closed.refresh_from_db()
    customer = closed.customer
    assert (customer.name, customer.email, customer.phone) == (
        f"Erased customer #{customer.pk}",
        "",
        "",
    )
    assert (closed.subject, closed.description, closed.location) == (ERASED, ERASED, "")
    assert set(closed.messages.values_list("body", flat=True)) == {ERASED}
    assert Attachment.objects.filter(complaint=closed).count() == 0


def test_erasure_keeps_what_the_statistics_count(quality_manager, closed):
    before = Complaint.objects.values(
        "category", "severity", "department", "outcome", "received_at", "closed_at", "status"
    ).get(pk=closed.pk)

    erase_customer(customer=closed.customer, actor=quality_manager, reason="Asked on 3 May")

    after = Complaint.objects.values(*before).get(pk=closed.pk)
    assert after == before


def test_erasure_is_recorded_with_who_and_why(quality_manager, closed):
    erase_customer(customer=closed.customer, actor=quality_manager, reason="Asked on 3 May")

    event = Event.objects.get(action="customer.erased")
    assert (event.actor, event.note) == (quality_manager, "Asked on 3 May")


def test_erasure_stops_the_tracking_link(client, quality_manager, closed):
    path = tracking.tracking_path(closed)

    erase_customer(customer=closed.customer, actor=quality_manager, reason="Asked on 3 May")

    assert client.get(path).status_code == 404


def test_erasure_is_refused_while_a_complaint_is_open_naming_it(quality_manager, agent, billing):
    open_one = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)

    with pytest.raises(StillOpen) as refusal:
        erase_customer(customer=open_one.customer, actor=quality_manager, reason="Asked")

    assert refusal.value.references == [open_one.reference]


def test_erasure_from_the_privacy_page_needs_a_reason(client, quality_manager, closed):
    client.force_login(quality_manager)

    client.post(reverse("privacy:erase", args=[closed.customer_id]), {"reason": ""})

    closed.customer.refresh_from_db()
    assert closed.customer.email == "dana@example.com"


def test_erasure_from_the_privacy_page_erases(client, quality_manager, closed):
    client.force_login(quality_manager)

    response = client.post(
        reverse("privacy:erase", args=[closed.customer_id]), {"reason": "Asked on 3 May"}
    )

    closed.customer.refresh_from_db()
    assert (response.status_code, closed.customer.email) == (302, "")
