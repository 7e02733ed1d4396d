"""The customer's tracking page: what they may see, and what they may do, without an account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Complaint, Message, Status
from complaintdesk.complaints.services import add_internal_note, update_complaint
from complaintdesk.portal.customer_status import CUSTOMER_STATUS
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db


def url(complaint, name="portal:track", *args):
    return reverse(
        name, args=[tracking.token_for(complaint.reference, complaint.tracking_salt), *args]
    )


def answer(client, complaint, action, *, note="", version=None):
    complaint.refresh_from_db()
    return client.post(
        url(complaint, "portal:respond", action),
        {f"{action}-note": note, f"{action}-version": version or complaint.version},
    )


def test_the_page_shows_the_reference_status_and_first_response_time(client):
    complaint = file()

    response = client.get(url(complaint))

    html = response.content.decode()
    assert response.status_code == 200
    assert complaint.reference in html
    assert str(CUSTOMER_STATUS[Status.ACKNOWLEDGED].meaning) in html
    assert 'id="track-first-response-due"' in html


def test_a_bad_tracking_token_is_not_found(client):
    file()

    assert client.get(reverse("portal:track", args=["not-a-real-token"])).status_code == 404


def test_internal_notes_never_appear_on_the_tracking_page(client, agent):
    complaint = file()
    add_internal_note(complaint=complaint, actor=agent, body="Customer sounds litigious.")

    html = client.get(url(complaint)).content.decode()

    assert "litigious" not in html


def test_internal_details_of_events_never_appear(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    update_complaint(
        complaint=complaint,
        actor=agent,
        expected_version=None,
        fields={"severity": "critical"},
        note="Escalated: repeat offender.",
    )

    html = client.get(url(complaint)).content.decode()

    assert "repeat offender" not in html
    assert "Alice" not in html


def test_every_status_has_a_customer_explanation():
    assert set(CUSTOMER_STATUS) == set(Status.values)


def test_the_page_is_kept_out_of_caches_referrers_and_search_engines(client):
    response = client.get(url(file()))

    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_the_customer_adds_information(client):
    complaint = file()

    response = client.post(url(complaint, "portal:add_information"), {"info-body": "Order 1001."})

    assert response.status_code == 302
    assert Message.objects.filter(complaint=complaint, body="Order 1001.", direction="inbound")


def test_answering_a_question_puts_the_complaint_back_to_work(client, agent, billing):
    complaint = complaint_in(Status.WAITING_ON_CUSTOMER, actor=agent, department=billing)

    client.post(url(complaint, "portal:add_information"), {"info-body": "The Visa card."})

    complaint.refresh_from_db()
    assert complaint.status == Status.INVESTIGATING
    assert Event.objects.get(complaint=complaint, action="complaint.customer_replied").actor is None


def test_an_empty_message_is_refused_next_to_its_field(client):
    complaint = file()

    response = client.post(url(complaint, "portal:add_information"), {"info-body": " "})

    assert response.status_code == 422
    assert 'id="id_info-body_error"' in response.content.decode()


def test_a_change_needs_a_post(client, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)

    assert client.get(url(complaint, "portal:respond", "accept_remedy")).status_code == 405


def test_the_customer_accepts_the_proposed_remedy(client, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)

    response = answer(client, complaint, "accept_remedy")

    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == Status.IN_REMEDY
    event = Event.objects.get(complaint=complaint, action="complaint.remedy_accepted")
    assert event.actor_label == "Dana Customer"


def test_the_customer_rejects_the_remedy_in_their_own_words(client, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)

    answer(client, complaint, "reject_remedy", note="I want a refund, not a voucher.")

    assert Complaint.objects.get(pk=complaint.pk).status == Status.INVESTIGATING
    event = Event.objects.get(complaint=complaint, action="complaint.remedy_rejected")
    assert event.note == "I want a refund, not a voucher."


def test_rejecting_without_saying_why_is_refused_next_to_the_note(client, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)

    response = answer(client, complaint, "reject_remedy", note="")

    assert response.status_code == 422
    assert 'id="id_reject_remedy-note_error"' in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == Status.REMEDY_PROPOSED


def test_accepting_a_proposal_that_changed_meanwhile_is_refused(client, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)
    seen = complaint.version
    update_complaint(
        complaint=complaint, actor=agent, expected_version=None, fields={"severity": "high"}
    )

    response = answer(client, complaint, "accept_remedy", version=seen)

    assert response.status_code == 409
    assert 'id="track-alert"' in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == Status.REMEDY_PROPOSED


def test_the_customer_cannot_take_a_staff_action(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)

    assert answer(client, complaint, "resolve").status_code == 404


def test_the_customer_may_only_answer_what_the_state_allows(client):
    complaint = file()

    response = answer(client, complaint, "accept_remedy")

    assert response.status_code == 409
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ACKNOWLEDGED


def test_the_customer_reopens_a_closed_complaint(client, agent, billing):
    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)

    answer(client, complaint, "reopen", note="The refund never arrived.")

    assert Complaint.objects.get(pk=complaint.pk).status == Status.REOPENED


def test_a_closed_complaint_offers_no_form_to_add_information(client, agent, billing):
    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)

    response = client.get(url(complaint))

    assert response.context["information_form"] is None
    assert 'data-action="reopen"' in response.content.decode()
