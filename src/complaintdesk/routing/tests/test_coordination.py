"""An abnormal complaint led by one department, with tasks for the others: it cannot be
resolved while a task is open unless the lead closes it with a reason; collaborators see it,
their colleagues do not unless let in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaintdesk.accounts.models import Role
from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.selectors import scoped_complaints
from complaintdesk.routing.coordination import add_task, close_task, complete_task, grant_access
from complaintdesk.sla.models import StaffAlert
from tests.factories import UserFactory, complaint_in, ready_for

pytestmark = pytest.mark.django_db

TOMORROW = timezone.now() + timedelta(days=1)


@pytest.fixture
def abnormal(agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    Complaint.objects.filter(pk=complaint.pk).update(abnormal=True, owner=agent)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def task(abnormal, agent, delivery, outsider):
    return add_task(
        complaint=abnormal,
        actor=agent,
        department=delivery,
        owner=outsider,
        description="Check the courier's scan of the parcel.",
        due_at=TOMORROW,
    )


def resolve(complaint, actor):
    fields = {"resolution_summary": "Refunded.", "outcome": "upheld"}
    # With the root cause recorded, as an upheld complaint needs (resolution).
    ready_for("resolve", complaint, actor=actor, **fields)
    lifecycle.perform(complaint, "resolve", actor=actor, **fields)


def test_the_lead_asks_another_department_and_its_owner_is_told(task, outsider):
    assert task.is_open
    assert StaffAlert.objects.filter(recipient=outsider, kind="task").exists()
    assert Event.objects.filter(action="task.added", note__contains="courier").exists()


def test_only_abnormal_complaints_are_coordinated(agent, supervisor, billing, delivery):
    normal = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)

    with pytest.raises(lifecycle.ActionNotAllowed, match="abnormal"):
        add_task(
            complaint=normal,
            actor=supervisor,
            department=delivery,
            description="x",
            due_at=TOMORROW,
        )


def test_only_the_lead_asks_for_tasks(abnormal, handler, delivery):
    with pytest.raises(lifecycle.RoleNotAllowed):
        add_task(
            complaint=abnormal,
            actor=handler,
            department=delivery,
            description="x",
            due_at=TOMORROW,
        )


def test_a_task_needs_a_future_deadline_and_another_department(abnormal, agent, billing):
    with pytest.raises(lifecycle.InvalidFields) as refusal:
        add_task(
            complaint=abnormal,
            actor=agent,
            department=billing,
            description="x",
            due_at=timezone.now() - timedelta(hours=1),
        )

    assert set(refusal.value.errors) == {"department", "due_at"}


def test_resolving_is_refused_while_a_task_is_open(abnormal, task, agent):
    with pytest.raises(lifecycle.GuardFailed) as refusal:
        resolve(abnormal, agent)

    assert "Delivery" in refusal.value.errors["open_tasks"]


def test_once_the_collaborator_completes_its_task_the_complaint_can_be_resolved(
    abnormal, task, agent, outsider
):
    complete_task(complaint=abnormal, task=task, actor=outsider, outcome="Scanned at 14:02.")

    resolve(abnormal, agent)

    assert abnormal.status == Status.RESOLVED


def test_the_lead_may_close_an_open_task_with_a_reason_and_then_resolve(abnormal, task, agent):
    close_task(complaint=abnormal, task=task, actor=agent, reason="The courier answered us.")

    resolve(abnormal, agent)

    assert Event.objects.get(action="task.closed").note == "The courier answered us."


def test_closing_a_task_needs_a_reason(abnormal, task, agent):
    with pytest.raises(lifecycle.InvalidFields):
        close_task(complaint=abnormal, task=task, actor=agent, reason="")


def test_the_collaborator_sees_the_complaint_and_their_colleagues_do_not(
    abnormal, task, outsider, delivery
):
    colleague = UserFactory(username="carl", role=Role.HANDLER, departments=[delivery])

    assert scoped_complaints(outsider).filter(pk=abnormal.pk).exists()
    assert not scoped_complaints(colleague).filter(pk=abnormal.pk).exists()


def test_a_colleague_the_lead_lets_in_sees_it(abnormal, task, agent, delivery):
    colleague = UserFactory(username="carl", role=Role.HANDLER, departments=[delivery])

    grant_access(complaint=abnormal, actor=agent, user=colleague, reason="Runs the depot.")

    assert scoped_complaints(colleague).filter(pk=abnormal.pk).exists()
    assert Event.objects.filter(action="access.granted").exists()


def test_a_collaborator_works_on_their_task_but_takes_no_step_of_the_complaint(
    abnormal, task, outsider
):
    with pytest.raises(lifecycle.RoleNotAllowed, match="responsible department"):
        lifecycle.perform(abnormal, "request_information", actor=outsider, note="Which parcel?")

    assert lifecycle.allowed_actions(abnormal, outsider) == []
    complete_task(complaint=abnormal, task=task, actor=outsider, outcome="Scan found.")
    abnormal.refresh_from_db()
    assert abnormal.status == Status.INVESTIGATING


def test_a_collaborator_neither_edits_the_complaint_nor_writes_to_the_customer(
    abnormal, task, outsider
):
    from complaintdesk.complaints.services import reply_to_customer, update_complaint

    with pytest.raises(lifecycle.RoleNotAllowed):
        update_complaint(
            complaint=abnormal, actor=outsider, expected_version=None, fields={"severity": "low"}
        )
    with pytest.raises(lifecycle.RoleNotAllowed):
        reply_to_customer(complaint=abnormal, actor=outsider, body="We found your parcel.")
