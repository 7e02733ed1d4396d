"""POST /api/v1/complaints: filing a complaint through the API."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Status
from tests.api.clients import BASE, NEW_COMPLAINT, bearer, send


def _file(user, **changes):
    return send(bearer(user), "post", "/complaints", {**NEW_COMPLAINT, **changes})


def _errors(response) -> dict[str, str]:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def test_filing_answers_201_with_the_reference_status_and_tracking_link(agent):
    response = _file(agent)

    assert response.status_code == 201
    body = response.json()
    complaint = Complaint.objects.get(reference=body["reference"])
    assert body["status"] == Status.ACKNOWLEDGED == complaint.status
    assert body["tracking_url"].startswith("http")
    assert "/track/" in body["tracking_url"]


def test_filing_stores_what_was_sent(agent):
    body = _file(agent).json()

    complaint = Complaint.objects.select_related("customer").get(reference=body["reference"])
    assert (complaint.subject, complaint.channel) == ("Charged twice for one order", "api")
    assert complaint.customer.email == "dana@example.com"
    assert complaint.remedy_sought == ["refund"]
    assert (complaint.claimed_amount, complaint.claimed_currency) == (Decimal("49.90"), "EUR")
    assert body["customer"]["name"] == "Dana Customer"


def test_a_claimed_amount_sent_as_a_json_number_is_stored_exactly(agent):
    # Written by hand: a JSON number with a fraction, as other languages' clients send it.
    body = (
        '{"customer": {"name": "Dana", "email": "dana@example.com"},'
        ' "description": "Charged twice.", "claimed_amount": 19.99, "claimed_currency": "EUR"}'
    )
    response = bearer(agent).post(BASE + "/complaints", body, content_type="application/json")

    assert response.json()["claimed_amount"] == "19.99"
    assert Complaint.objects.get().claimed_amount == Decimal("19.99")


def test_a_whole_claimed_amount_is_returned_with_two_decimal_places(agent):
    body = _file(agent, claimed_amount=5).json()

    assert body["claimed_amount"] == "5.00"


def test_filing_queues_the_acknowledgement_email(agent):
    _file(agent)

    assert DBTaskResult.objects.filter(queue_name="mail").count() == 1


def test_filing_records_who_filed_it(agent):
    reference = _file(agent).json()["reference"]

    received = Event.objects.get(complaint__reference=reference, action="complaint.received")
    assert received.actor == agent


def test_a_complaint_without_a_subject_takes_the_first_line_of_its_description(agent):
    description = "\n  Parcel arrived crushed\nThe box was open and the vase broken."
    body = _file(agent, subject="", description=description).json()

    assert body["subject"] == "Parcel arrived crushed"


def test_a_derived_subject_is_cut_at_a_word_boundary(agent):
    body = _file(agent, subject="", description="word " * 100).json()

    assert len(body["subject"]) <= 120
    assert body["subject"].endswith("word…")


def test_a_customer_reachable_only_by_phone_may_complain(agent):
    customer = {"name": "Pat Phone", "phone": "+44 20 7946 0000"}

    assert _file(agent, customer=customer).status_code == 201


def test_a_customer_with_neither_email_nor_phone_is_refused_naming_the_phone(agent):
    response = _file(agent, customer={"name": "Nobody"})

    assert response.status_code == 422
    assert "customer.phone" in _errors(response)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"customer": {"name": "Dana", "email": "not-an-address"}}, "customer.email"),
        ({"customer": {"name": "", "email": "dana@example.com"}}, "customer.name"),
        ({"description": "   \n  "}, "description"),
        ({"language": "de"}, "language"),
        ({"occurred_at": (timezone.now() + timedelta(days=1)).isoformat()}, "occurred_at"),
        ({"remedy_sought": ["a pony"]}, "remedy_sought.0"),
        ({"claimed_amount": "-1"}, "claimed_amount"),
        ({"claimed_amount": "12.345"}, "claimed_amount"),
        ({"claimed_amount": "lots"}, "claimed_amount"),
        ({"claimed_currency": ""}, "claimed_currency"),
        ({"claimed_currency": "EU"}, "claimed_currency"),
        ({"channel": "pigeon"}, "channel"),
        ({"subject": "x" * 301}, "subject"),
    ],
)
def test_a_bad_field_is_refused_with_422_naming_it(agent, changes, field):
    response = _file(agent, **changes)

    assert response.status_code == 422
    assert field in _errors(response)
    assert not Complaint.objects.exists()


def test_a_field_the_api_does_not_take_is_refused_by_name(agent):
    response = _file(agent, status="closed")

    assert response.status_code == 422
    assert "status" in _errors(response)


def test_every_bad_field_is_named_in_one_answer(agent):
    response = _file(agent, language="de", description="", channel="pigeon")

    assert {"language", "description", "channel"} <= set(_errors(response))


@pytest.mark.parametrize("persona", ["quality_manager", "auditor", "admin_user"])
def test_only_front_line_roles_may_file(request, persona):
    response = _file(request.getfixturevalue(persona))

    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_a_description_is_stored_exactly_as_sent_spaces_and_all(agent):
    text = "  Mi pedido 1001 llegó roto 😡\n\n  我的订单 — encore cassé.  \n"

    response = _file(agent, description=text)

    assert response.status_code == 201, response.content
    assert Complaint.objects.get().description == text


def test_a_description_of_only_spaces_is_refused_naming_it(agent):
    response = _file(agent, description=" \n\t ")

    assert "description" in _errors(response)
    assert not Complaint.objects.exists()


def test_a_description_longer_than_the_configured_maximum_is_refused(agent, settings):
    from complaintdesk.complaints.schemas import TEXT_MAX

    response = _file(agent, description="x" * (TEXT_MAX + 1))

    assert "description" in _errors(response)
