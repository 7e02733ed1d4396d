"""An agent takes down a complaint made by phone, by letter or in person."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Status

pytestmark = pytest.mark.django_db

NEW = reverse("console:new_complaint")
VALID = {
    "channel": "phone",
    "name": "Ravi Patel",
    "phone": "+44 20 7946 0000",
    "language": "en",
    "subject": "Engineer did not come",
    "description": "I waited at home all day on Tuesday and nobody came.",
    "remedy_sought": ["apology", "compensation"],
    "claimed_amount": "45.50",
    "claimed_currency": "gbp",
}


def test_a_phone_complaint_is_recorded_acknowledged_and_shown(client, agent):
    client.force_login(agent)

    response = client.post(NEW, VALID)

    complaint = Complaint.objects.get(subject="Engineer did not come")
    assert response["Location"].startswith(reverse("console:complaint", args=[complaint.reference]))
    assert complaint.status == Status.ACKNOWLEDGED
    assert (complaint.channel, complaint.customer.phone) == ("phone", "+44 20 7946 0000")
    assert (complaint.claimed_amount, complaint.claimed_currency) == (Decimal("45.50"), "GBP")
    assert Event.objects.filter(complaint=complaint, action="complaint.received", actor=agent)


def test_a_customer_without_e_mail_or_phone_is_refused_next_to_the_e_mail(client, agent):
    client.force_login(agent)

    response = client.post(NEW, {**VALID, "phone": ""})

    assert response.status_code == 422
    assert 'id="id_email_error"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_an_amount_without_a_currency_is_refused_next_to_the_currency(client, agent):
    client.force_login(agent)

    response = client.post(NEW, {**VALID, "claimed_currency": ""})

    assert 'id="id_claimed_currency_error"' in response.content.decode()


def test_a_channel_other_than_phone_letter_or_visit_is_refused(client, agent):
    client.force_login(agent)

    response = client.post(NEW, {**VALID, "channel": "api"})

    assert response.context["form"].errors["channel"]


def test_an_auditor_may_not_take_complaints_in(client, auditor):
    client.force_login(auditor)

    assert client.get(NEW).status_code == 403
