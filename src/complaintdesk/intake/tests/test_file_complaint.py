from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Customer, DeliveryStatus, Direction, Status
from complaintdesk.intake.references import ALPHABET
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint
from tests.factories import file


def test_a_filed_complaint_is_acknowledged_with_a_readable_reference(db):
    complaint = file()
    prefix, first, second = complaint.reference.split("-")
    assert prefix == "CD"
    assert len(first + second) == 8
    assert set(first + second) <= set(ALPHABET)
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.acknowledged_at is not None


def test_the_first_response_is_due_within_the_configured_hours(db, settings):
    settings.FIRST_RESPONSE_HOURS = 24
    complaint = file()
    assert complaint.first_response_due - complaint.received_at == timedelta(hours=24)


def test_the_acknowledgement_is_queued_in_the_customers_language(db):
    complaint = file(language="es", subject="Cobro doble", description="Me cobraron dos veces.")
    message = complaint.messages.get()
    assert message.direction == Direction.OUTBOUND
    assert message.delivery_status == DeliveryStatus.PENDING
    assert complaint.reference in message.subject
    assert message.subject == f"Hemos recibido su reclamación {complaint.reference}"


def test_a_returning_customer_is_found_again_by_email(db):
    first = file(email="Dana@Example.com")
    second = file(email="dana@example.com", subject="Another matter")
    assert first.customer_id == second.customer_id
    assert Customer.objects.count() == 1


def test_a_returning_customer_is_found_again_by_phone(db):
    details = ComplaintDetails(subject="Broken", description="It broke.")
    first = file_complaint(
        channel="phone",
        customer=CustomerDetails(name="Li Wei", phone="+8613800000000"),
        complaint=details,
    )
    second = file_complaint(
        channel="phone",
        customer=CustomerDetails(name="Li Wei", phone="+8613800000000", email="li@example.cn"),
        complaint=details,
    )
    assert first.customer_id == second.customer_id
    second.customer.refresh_from_db()
    assert second.customer.email == "li@example.cn"


def test_text_in_any_script_is_stored_exactly(db):
    text = "产品质量太差了 😡 — très déçu, ¡nunca más! \u200b\n\tfin"
    complaint = file(description=text)
    complaint.refresh_from_db()
    assert complaint.description == text


def test_the_claimed_amount_is_kept_as_a_decimal_with_its_currency(db):
    complaint = file(claimed_amount=Decimal("149.90"), claimed_currency="eur")
    complaint.refresh_from_db()
    assert (complaint.claimed_amount, complaint.claimed_currency) == (Decimal("149.90"), "EUR")


def test_an_unknown_remedy_is_refused(db):
    with pytest.raises(ValueError, match="remedies"):
        file(remedy_sought=("revenge",))


def test_the_tracking_link_finds_the_complaint_and_only_its_hash_is_stored(db):
    complaint = file()
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)
    assert len(token) >= 43  # 256 bits, base64
    assert token not in complaint.tracking_hash
    assert complaint.tracking_hash == tracking.hash_of(token)


def test_the_received_time_may_be_given_for_a_letter_that_arrived_earlier(db):
    when = timezone.now() - timedelta(days=2)
    complaint = file_complaint(
        channel="letter",
        customer=CustomerDetails(name="Jean Dupont", phone="+33100000000"),
        complaint=ComplaintDetails(subject="Lettre", description="Courrier reçu."),
        received_at=when,
    )
    assert complaint.received_at == when
