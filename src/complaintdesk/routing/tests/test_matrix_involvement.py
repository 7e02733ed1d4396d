"""What the matrix sets off when a complaint's category is set: consulted departments become
collaborators (a task that must be answered before resolving), informed departments'
supervisors get an alert; a corrected category routes the complaint again. All in the
transaction of the change."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.lifecycle import GuardFailed
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.complaints.services import update_complaint
from complaintdesk.routing.coordination import complete_task
from complaintdesk.routing.involvement import involve_departments
from complaintdesk.routing.models import CoordinationTask, MatrixRole, ResponsibilityEntry
from complaintdesk.sla.models import StaffAlert
from tests.factories import CategoryFactory, UserFactory, file, ready_for

pytestmark = pytest.mark.django_db

RESOLVE = {"resolution_summary": "Refunded.", "outcome": "not_upheld"}


def matrix(category, responsible, consulted=(), informed=()):
    for role, departments in (
        (MatrixRole.RESPONSIBLE, [responsible]),
        (MatrixRole.CONSULTED, consulted),
        (MatrixRole.INFORMED, informed),
    ):
        for department in departments:
            ResponsibilityEntry.objects.create(category=category, department=department, role=role)


@pytest.fixture
def charges(db):
    # The category triage's seeded rules give "Charged twice for one order" on arrival.
    return CategoryFactory(code="billing-and-charges", name="Billing and charges")


@pytest.fixture
def parcels(db):
    return CategoryFactory(code="zz-parcels", name="Parcels")


@pytest.fixture
def quality_supervisor(quality):
    person = UserFactory(username="qiana", first_name="Qiana", role="supervisor")
    quality.supervisors.add(person)
    return person


@pytest.fixture
def charges_matrix(charges, billing, delivery, quality, quality_supervisor):
    matrix(charges, billing, consulted=[delivery], informed=[quality])
    return charges


def test_a_consulted_department_becomes_a_collaborator_who_sees_the_complaint(
    charges_matrix, outsider
):
    complaint = file()

    task = CoordinationTask.objects.get(complaint=complaint)
    assert (task.department.code, task.owner, task.consultation) == ("delivery", outsider, True)
    assert task.created_by is None
    assert "Consulted on complaints of Billing and charges" in task.description
    assert StaffAlert.objects.filter(recipient=outsider, kind="task").exists()
    assert scoped_complaints(outsider).filter(pk=complaint.pk).exists()


def test_the_complaint_is_not_resolved_before_the_consulted_department_answers(
    charges_matrix, agent, outsider
):
    complaint = file()
    lifecycle.perform(complaint, "triage", actor=agent, severity="low")
    lifecycle.perform(complaint, "start_investigation", actor=agent)
    ready_for("resolve", complaint, actor=agent, **RESOLVE)

    with pytest.raises(GuardFailed) as refused:
        lifecycle.perform(complaint, "resolve", actor=agent, **RESOLVE)
    assert "Delivery" in refused.value.errors["open_tasks"]

    task = CoordinationTask.objects.get(complaint=complaint)
    complete_task(complaint=complaint, task=task, actor=outsider, outcome="No courier issue.")
    lifecycle.perform(complaint, "resolve", actor=agent, **RESOLVE)
    assert complaint.status == "resolved"


def test_an_informed_departments_supervisors_get_an_alert_and_the_trail_says_who(
    charges_matrix, quality_supervisor
):
    complaint = file()

    alert = StaffAlert.objects.get(recipient=quality_supervisor)
    assert alert.kind == "informed"
    assert alert.subject == f"[{complaint.reference}] for your information"
    assert "Billing answers for it" in alert.body
    event = Event.objects.get(complaint=complaint, action="matrix.applied")
    assert event.changes == {
        "consulted": [None, "Delivery"],
        "informed": [None, "Quality and safety"],
    }


def test_the_matrix_is_applied_once_for_a_category(charges_matrix, quality_supervisor):
    complaint = file()

    involve_departments(complaint=complaint, actor=quality_supervisor)

    assert CoordinationTask.objects.filter(complaint=complaint).count() == 1
    assert StaffAlert.objects.filter(kind="informed").count() == 1
    assert Event.objects.filter(complaint=complaint, action="matrix.applied").count() == 1


def test_correcting_the_category_routes_it_again_and_withdraws_consultations_no_longer_due(
    charges_matrix, parcels, agent, billing, delivery, quality, supervisor
):
    matrix(parcels, delivery, consulted=[quality], informed=[billing])
    complaint = file()
    assert complaint.department == billing

    update_complaint(
        complaint=complaint, actor=agent, expected_version=None, fields={"category": parcels}
    )

    complaint.refresh_from_db()
    assert complaint.department == delivery
    old = CoordinationTask.objects.get(complaint=complaint, department=delivery)
    assert old.state == "closed"
    assert "the complaint's category is now Parcels" in old.outcome
    assert CoordinationTask.objects.get(complaint=complaint, department=quality).is_open
    assert StaffAlert.objects.filter(recipient=supervisor, kind="informed").exists()


def test_a_department_changed_along_with_the_category_stands(
    charges_matrix, parcels, agent, quality, delivery
):
    matrix(parcels, delivery)
    complaint = file()

    update_complaint(
        complaint=complaint,
        actor=agent,
        expected_version=None,
        fields={"category": parcels, "department": quality},
        note="Quality handles this customer.",
    )

    complaint.refresh_from_db()
    assert complaint.department == quality


def test_a_category_set_at_triage_routes_the_complaint_to_its_responsible_department(
    parcels, agent, default_to_billing, delivery
):
    matrix(parcels, delivery)
    complaint = file(subject="Something odd", description="Nothing a rule recognises.")
    assert (complaint.category, complaint.department) == (None, default_to_billing)

    lifecycle.perform(
        complaint,
        "triage",
        actor=agent,
        category=parcels,
        severity="low",
        department=default_to_billing,
    )

    complaint.refresh_from_db()
    assert (complaint.status, complaint.department) == ("triaged", delivery)
    assert Event.objects.filter(complaint=complaint, action="matrix.applied").exists()


def test_a_failure_while_informing_undoes_the_whole_change(
    charges_matrix, parcels, agent, quality, delivery, monkeypatch
):
    matrix(parcels, delivery, consulted=[quality])
    complaint = file()
    version = Complaint.objects.get(pk=complaint.pk).version

    def broken(*args, **kwargs):
        raise RuntimeError("alerts are down")

    monkeypatch.setattr("complaintdesk.routing.involvement.alert_staff", broken)
    with pytest.raises(RuntimeError):
        update_complaint(
            complaint=complaint, actor=agent, expected_version=None, fields={"category": parcels}
        )

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.category.code, stored.version) == ("billing-and-charges", version)
    assert not CoordinationTask.objects.filter(department=quality).exists()
