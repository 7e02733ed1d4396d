"""Exporting everything about one customer: what they may be given, recorded as a read."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Status
from complaintdesk.complaints.services import reply_to_customer
from complaintdesk.privacy.services import export_customer_data
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_customer_and_every_complaint_with_its_messages(
    quality_manager, agent, billing
):
    first = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    second = file(subject="Late delivery", email="dana@example.com")
    reply_to_customer(complaint=first, actor=agent, body="We are checking.")

    data = export_customer_data(customer=first.customer, actor=quality_manager)

    assert (data["customer"]["email"], [c["reference"] for c in data["complaints"]]) == (
        "dana@example.com",
        [first.reference, second.reference],
    )
    assert "We are checking." in [m["text"] for m in data["complaints"][0]["messages"]]


def test_the_export_is_recorded_as_a_read_of_the_customers_data(quality_manager):
    complaint = file()

    export_customer_data(customer=complaint.customer, actor=quality_manager)

    event = Event.objects.get(action="customer.exported")
    assert (event.actor, event.subject) == (quality_manager, f"customer:{complaint.customer_id}")


def test_the_privacy_page_finds_a_customer_by_email_and_downloads_json(client, quality_manager):
    complaint = file()
    client.force_login(quality_manager)

    page = client.get(reverse("privacy:customers"), {"q": "DANA@example.com"})
    download = client.post(reverse("privacy:export", args=[complaint.customer_id]))

    assert f'id="customer-{complaint.customer_id}"' in page.content.decode()
    assert (download["Content-Disposition"], json.loads(download.content)["customer"]["name"]) == (
        f'attachment; filename="customer-{complaint.customer_id}.json"',
        "Dana Customer",
    )


def test_the_privacy_page_says_when_nobody_matches(client, quality_manager):
    client.force_login(quality_manager)

    html = client.get(reverse("privacy:customers"), {"q": "nobody@example.com"}).content.decode()

    assert 'id="no-customer"' in html
