"""Internal notes leaking to customers (a published advisory class of peer helpdesks): a note
for colleagues never reaches the customer by any path: the tracking page, an e-mail, or the
export of their data."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from complaintdesk.complaints import tracking
from complaintdesk.complaints.services import add_internal_note, reply_to_customer
from complaintdesk.notifications.tasks import deliver_message
from complaintdesk.privacy.services import export_customer_data

pytestmark = pytest.mark.django_db

NOTE = "Between us: this customer is a known serial complainer"


@pytest.fixture
def noted(agent, billing_complaint):
    add_internal_note(complaint=billing_complaint, actor=agent, body=NOTE)
    return billing_complaint


def test_an_internal_note_is_not_on_the_customers_tracking_page(client, noted):
    html = client.get(tracking.tracking_path(noted)).content.decode()

    assert ("Charged twice" in html, NOTE in html) == (True, False)


def test_an_internal_note_is_in_no_email_to_the_customer(agent, noted):
    message = reply_to_customer(complaint=noted, actor=agent, body="We are checking your bank.")
    deliver_message.call(message.pk)

    sent = [email.message().as_string() for email in mail.outbox]
    assert (len(sent) >= 1, any(NOTE in text for text in sent)) == (True, False)


def test_an_internal_note_is_not_in_the_export_of_the_customers_data(quality_manager, noted):
    export = export_customer_data(customer=noted.customer, actor=quality_manager)

    assert NOTE not in str(export)


def test_an_internal_note_is_not_in_the_export_downloaded_from_the_privacy_page(
    client, quality_manager, noted
):
    client.force_login(quality_manager)

    response = client.post(reverse("privacy:export", args=[noted.customer_id]))

    assert (response.status_code, NOTE.encode() in response.content) == (200, False)
