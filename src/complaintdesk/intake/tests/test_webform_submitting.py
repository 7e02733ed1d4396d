"""The public web form: no account, four languages, a confirmation with everything the
customer needs, and every mistake named next to its field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from complaintdesk.complaints.models import Channel, Complaint, DeliveryStatus, Status
from complaintdesk.intake.tests.webform import COMPLAIN, RECEIVED, VALID, in_language, send

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "confirmation"),
    [
        ("en", "We have received your complaint"),
        ("es", "Hemos recibido su reclamación"),
        ("fr", "Nous avons bien reçu votre réclamation"),
        ("zh-hans", "我们已收到您的投诉"),
    ],
)
def test_a_complaint_sent_in_each_language_is_kept_in_it_and_confirmed_in_it(
    client, language, confirmation
):
    response = send(in_language(client, language), follow=True)

    complaint = Complaint.objects.get()
    html = response.content.decode()
    assert (complaint.language, complaint.customer.language) == (language, language)
    assert confirmation in html
    assert complaint.reference in html
    assert response["Content-Language"] == language


def test_the_browsers_language_is_used_when_none_was_chosen(client):
    send(client, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert Complaint.objects.get().language == "fr"


def test_the_language_chosen_on_the_form_wins_over_the_language_of_the_text(client):
    send(
        in_language(client, "en"),
        {**VALID, "description": "Me cobraron dos veces el mismo pedido y nadie responde."},
    )

    assert Complaint.objects.get().language == "en"


def test_everything_the_form_asks_is_recorded_on_the_complaint(client):
    send(client)

    complaint = Complaint.objects.get()
    assert complaint.channel == Channel.WEB
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.customer.email == "dana@example.com"
    assert complaint.description == VALID["description"]
    assert complaint.subject == VALID["description"]
    assert complaint.occurred_at.date().isoformat() == "2024-03-01"
    assert (complaint.location, complaint.product_reference) == ("Online shop", "Order 1001")
    assert complaint.remedy_sought == ["replacement", "compensation"]
    assert (complaint.claimed_amount, complaint.claimed_currency) == (Decimal("15.00"), "EUR")


def test_the_confirmation_gives_the_reference_the_deadline_and_a_working_tracking_link(client):
    response = send(client, follow=True)

    complaint = Complaint.objects.get()
    tracking_link = response.context["tracking_path"]
    html = response.content.decode()
    assert response.redirect_chain == [(RECEIVED, 302)]
    assert 'id="received-first-response-due"' in html
    assert date_format(timezone.localtime(complaint.first_response_due), "DATETIME_FORMAT") in html
    assert f'href="{tracking_link}"' in html
    assert complaint.reference in client.get(tracking_link).content.decode()


def test_the_acknowledgement_is_queued_in_the_customers_language(client):
    send(in_language(client, "es"))

    acknowledgement = Complaint.objects.get().messages.get()
    assert acknowledgement.delivery_status == DeliveryStatus.PENDING
    assert acknowledgement.subject.startswith("Hemos recibido su reclamación")


def test_a_phone_number_alone_is_enough_to_reach_the_customer(client):
    send(client, {**VALID, "email": "", "phone": "+34 600 000 000"})

    assert Complaint.objects.get().customer.phone == "+34 600 000 000"


def test_the_same_form_sent_twice_files_one_complaint(client):
    shown = client.get(COMPLAIN).content.decode()
    key = shown.split('name="form_key" value="')[1].split('"')[0]

    first = client.post(COMPLAIN, {**VALID, "form_key": key})
    second = client.post(COMPLAIN, {**VALID, "form_key": key})

    assert Complaint.objects.count() == 1
    assert first["Location"] == second["Location"] == RECEIVED


def test_the_confirmation_page_without_a_complaint_sends_back_to_the_form(client):
    assert client.get(RECEIVED)["Location"] == COMPLAIN


def test_the_form_links_to_a_short_privacy_notice(client):
    privacy = reverse("webform:privacy")

    assert f'href="{privacy}"' in client.get(COMPLAIN).content.decode()
    assert client.get(privacy).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"email": "", "phone": ""}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"description": "   \n  "}, "description"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"occurred_on": "2024-02-30"}, "occurred_on"),
        ({"occurred_on": "", "occurred_time": "10:30"}, "occurred_on"),
        ({"claimed_currency": ""}, "claimed_currency"),
        ({"claimed_currency": "E1"}, "claimed_currency"),
        ({"consent": ""}, "consent"),
        ({"name": ""}, "name"),
    ],
)
def test_a_mistake_is_named_next_to_its_field_and_nothing_is_filed(client, change, field):
    response = send(client, {**VALID, **change})

    html = response.content.decode()
    assert response.status_code == 422
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_error"' in html or f'id_{field}_error"' in html
    assert f'<a href="#id_{field}">' in html
    assert not Complaint.objects.exists()


def test_a_date_in_the_future_is_explained(client):
    response = send(client, {**VALID, "occurred_on": "2999-01-01"})

    assert "This date is in the future" in response.content.decode()


def test_the_error_summary_comes_before_the_form(client):
    html = send(client, {**VALID, "name": ""}).content.decode()

    assert html.index('id="error-summary"') < html.index('id="complaint-form"')


def test_text_in_any_script_with_emoji_is_stored_exactly(client):
    text = "Le colis 📦 est arrivé cassé — 包裹破损了 — ¡roto! \u202e"

    send(client, {**VALID, "description": text})

    assert Complaint.objects.get().description == text


def test_the_description_keeps_its_own_spacing_but_may_not_be_blank(client):
    send(client, {**VALID, "description": "  Line one.\n\n    Indented line two.  "})
    assert Complaint.objects.get().description == "  Line one.\n\n    Indented line two.  "

    response = send(client, {**VALID, "description": "   \n  "})

    assert 'id="id_description_error"' in response.content.decode()
    assert Complaint.objects.count() == 1


def test_a_nul_character_is_refused_next_to_its_field_not_stored(client):
    response = send(client, {**VALID, "location": "Shop\x00 42"})

    assert 'id="id_location_error"' in response.content.decode()
    assert not Complaint.objects.exists()
