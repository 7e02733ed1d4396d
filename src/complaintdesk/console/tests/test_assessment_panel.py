"""The assessment beside the complaint, the needs-triage and not-a-complaint queues, and a
handler's one-click correction (issue #4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Category, Complaint, Nature, Status
from complaintdesk.routing.models import RoutingSettings
from complaintdesk.triage.models import FieldAssessment, Source
from complaintdesk.triage.selectors import training_examples
from tests.factories import complaint_in, file

QUEUE = reverse("console:queue")


def page(client, complaint):
    return client.get(reverse("console:complaint", args=[complaint.reference]))


def references(response) -> list[str]:
    return [c.reference for c in response.context["page"].object_list]


@pytest.fixture
def billing_category(db):
    return Category.objects.create(code="billing-and-charges", name="Billing and charges")


@pytest.fixture
def routed_to_billing(billing):
    settings = RoutingSettings.current()
    settings.default_department = billing
    settings.save()
    return billing


def test_a_complaint_triage_is_unsure_of_waits_acknowledged_in_needs_triage(
    client, agent, routed_to_billing, billing_category
):
    # "Charged twice" names the category, but nothing in it says how serious it is.
    unsure = file()
    client.force_login(agent)

    response = client.get(QUEUE, {"triage": "needed"})

    unsure.refresh_from_db()
    assert unsure.status == Status.ACKNOWLEDGED
    assert references(response) == [unsure.reference]


def test_a_complaint_triage_is_sure_of_is_triaged_by_the_system(routed_to_billing):
    Category.objects.create(code="emergency-and-safety", name="Emergency and safety")
    complaint = file(
        subject="Gas smell",
        description="The boiler you installed is faulty: there is a strong smell of gas.",
    )

    complaint.refresh_from_db()
    assert complaint.status == Status.TRIAGED, complaint.events.values_list("action", "note")
    triaged = complaint.events.get(action="complaint.triaged")
    assert (triaged.actor, triaged.actor_label) == (None, "system")


def test_the_needs_triage_queue_holds_only_the_users_own_departments_complaints(
    client, outsider, routed_to_billing, billing_category
):
    file()
    client.force_login(outsider)

    assert references(client.get(QUEUE, {"triage": "needed"})) == []


def test_what_is_not_a_complaint_waits_in_its_own_queue_and_not_in_the_process(
    client, agent, routed_to_billing
):
    praise = file(subject="Thank you", description="Just wanted to say your staff were lovely.")
    Complaint.objects.filter(pk=praise.pk).update(nature=Nature.NOT_A_COMPLAINT)
    ordinary = file(email="eve@example.com")
    client.force_login(agent)

    assert references(client.get(QUEUE)) == [ordinary.reference]
    assert references(client.get(QUEUE, {"triage": "not_a_complaint"})) == [praise.reference]


def test_the_queue_lists_what_is_due_first_unless_asked_otherwise(client, agent, billing):
    later = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    sooner = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    Complaint.objects.filter(pk=sooner.pk).update(next_due_at=later.next_due_at)
    Complaint.objects.filter(pk=later.pk).update(next_due_at=None)
    client.force_login(agent)

    assert references(client.get(QUEUE))[:2] == [sooner.reference, later.reference]


def test_the_page_shows_each_assessed_field_with_its_confidence_reason_and_guidance(
    client, agent, routed_to_billing, billing_category
):
    complaint = file()
    client.force_login(agent)

    html = page(client, complaint).content.decode()

    assert 'id="assessed-category" data-applied="yes"' in html
    assert "matched &quot;charged twice&quot;" in html
    assert 'id="assessed-severity" data-applied="no"' in html
    assert "Explain the steps and when each will happen" in html


def test_a_handlers_correction_is_one_click_recorded_and_becomes_a_training_label(
    client, agent, routed_to_billing, billing_category
):
    complaint = file()
    client.force_login(agent)

    response = client.post(
        reverse("console:correct", args=[complaint.reference]),
        {"field": "severity", "value": "high", "version": complaint.version},
    )

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.severity == "high"
    event = Event.objects.filter(complaint=complaint, action="complaint.updated").latest("id")
    assert event.changes["severity"] == ["", "high"]
    assert event.actor == agent
    row = FieldAssessment.objects.get(complaint=complaint, field="severity")
    assert (row.value, row.applied, row.source) == ("high", True, Source.HUMAN)
    Complaint.objects.filter(pk=complaint.pk).update(triaged_at=complaint.received_at)
    assert training_examples("severity")[1] == ["high"]


def test_a_correction_to_a_value_that_does_not_exist_is_refused_naming_it(
    client, agent, routed_to_billing, billing_category
):
    complaint = file()
    client.force_login(agent)

    response = client.post(
        reverse("console:correct", args=[complaint.reference]),
        {"field": "severity", "value": "apocalyptic", "version": complaint.version},
    )

    assert response.status_code == 422
    assert "must be one of" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.severity == ""


def test_a_correction_made_on_an_old_version_is_refused_and_changes_nothing(
    client, agent, routed_to_billing, billing_category
):
    complaint = file()
    client.force_login(agent)

    response = client.post(
        reverse("console:correct", args=[complaint.reference]),
        {"field": "severity", "value": "high", "version": 1},
    )

    assert response.status_code == 409
    assert "Someone else changed this complaint" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.severity == ""


def test_an_auditor_sees_the_assessment_but_cannot_correct_it(
    client, auditor, routed_to_billing, billing_category
):
    complaint = file()
    client.force_login(auditor)

    html = page(client, complaint).content.decode()
    response = client.post(
        reverse("console:correct", args=[complaint.reference]),
        {"field": "severity", "value": "high", "version": complaint.version},
    )

    assert 'id="assessment-table"' in html
    assert 'data-correct="severity"' not in html
    assert response.status_code == 403
