"""The decision told to the customer with how to appeal inside the company and, where the
complaint is not fully upheld, the external options configured in admin; a customer who does
not accept the decision has their final position recorded (tracking page and API)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle, tracking
from complaintdesk.complaints.models import Direction, Status
from complaintdesk.followup.models import AppealKind, AppealOption, FinalPosition
from complaintdesk.sla.models import StaffAlert
from tests.factories import complaint_in, ready_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ombudsman(db):
    AppealOption.objects.create(
        kind=AppealKind.OMBUDSMAN,
        language="en",
        name="The Energy Ombudsman",
        how="Free; within 12 months of our decision.",
        contact="www.ombudsman.example",
    )
    return AppealOption.objects.create(
        kind=AppealKind.OMBUDSMAN,
        language="es",
        name="Defensor del cliente",
        how="Gratuito; en los 12 meses siguientes a nuestra decisión.",
    )


def _resolve(complaint, actor, outcome):
    ready_for("resolve", complaint, actor=actor, outcome=outcome)
    lifecycle.perform(
        complaint, "resolve", actor=actor, resolution_summary="We looked.", outcome=outcome
    )
    return complaint.messages.filter(subject__contains="decision").get()


def _decided(agent, billing, outcome, **extra):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing, **extra)
    return complaint, _resolve(complaint, agent, outcome)


def test_a_not_upheld_decision_names_the_internal_appeal_and_the_external_options(
    agent, billing, ombudsman
):
    _complaint, decision = _decided(agent, billing, "not_upheld")

    assert "Review by a supervisor" in decision.body
    assert "The Energy Ombudsman (Ombudsman)" in decision.body
    assert "www.ombudsman.example" in decision.body


def test_an_upheld_decision_names_only_the_internal_appeal(agent, billing, ombudsman):
    _complaint, decision = _decided(agent, billing, "upheld")

    assert "Review by a supervisor" in decision.body
    assert "Ombudsman" not in decision.body


def test_the_external_options_come_in_the_customers_language(agent, billing, ombudsman):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing, language="es")
    lifecycle.perform(
        complaint, "resolve", actor=agent, resolution_summary="Hecho.", outcome="not_upheld"
    )
    decision = complaint.messages.filter(direction=Direction.OUTBOUND).get(
        subject__startswith="Nuestra decisión"
    )

    assert "Defensor del cliente" in decision.body
    assert "Revisión por un supervisor" in decision.body
    assert "Energy Ombudsman" not in decision.body


def test_the_tracking_page_shows_the_options_with_the_decision(client, agent, billing, ombudsman):
    complaint, _decision = _decided(agent, billing, "partially_upheld")

    response = client.get(tracking.tracking_path(complaint))

    assert b'id="track-appeal"' in response.content
    assert b"The Energy Ombudsman" in response.content


def test_a_customer_records_their_final_position_on_the_tracking_page(
    client, agent, billing, supervisor
):
    complaint, _decision = _decided(agent, billing, "not_upheld")
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)

    response = client.post(
        reverse("followup:final_position", args=[token]),
        {"position-position": "I still think the fee is unfair."},
    )

    position = FinalPosition.objects.get(complaint=complaint)
    page = client.get(tracking.tracking_path(complaint))
    assert response.status_code == 302
    assert position.recorded_by is None
    assert position.outcome == "not_upheld"
    assert b"I still think the fee is unfair." in page.content
    assert Event.objects.filter(complaint=complaint, action="decision.disputed").exists()
    assert StaffAlert.objects.filter(complaint=complaint, recipient=supervisor).exists()


def test_an_empty_position_is_refused_naming_the_field(client, agent, billing):
    complaint, _decision = _decided(agent, billing, "not_upheld")
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)

    response = client.post(
        reverse("followup:final_position", args=[token]), {"position-position": " "}
    )

    assert response.status_code == 422
    assert b"id_position-position" in response.content
    assert not FinalPosition.objects.exists()


def test_staff_record_a_position_taken_by_phone_through_the_api(client, agent, billing):
    complaint, _decision = _decided(agent, billing, "not_upheld")
    client.force_login(agent)
    url = f"/api/v1/complaints/{complaint.reference}/final-positions"

    first = client.post(url, {"position": "Said on the phone: unfair."}, "application/json")
    second = client.post(url, {"position": "Again."}, "application/json")
    listed = client.get(url)

    assert first.status_code == 201
    assert first.json()["recorded_by_label"] == str(agent)
    assert second.status_code == 409
    assert [p["position"] for p in listed.json()] == ["Said on the phone: unfair."]


def test_a_position_is_refused_while_no_decision_stands(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)

    response = client.post(
        f"/api/v1/complaints/{complaint.reference}/final-positions",
        {"position": "Unfair."},
        "application/json",
    )

    assert response.status_code == 409
    assert "decision" in response.json()["detail"]


def test_an_outsider_cannot_see_the_surveys_of_another_department(client, agent, billing, outsider):
    complaint, _decision = _decided(agent, billing, "upheld")
    client.force_login(outsider)

    response = client.get(f"/api/v1/complaints/{complaint.reference}/surveys")

    assert response.status_code == 404
