"""The console's part in who answers for a complaint and by when: time left in colour on the
queue and the complaint page, taking and reassigning, alerts, and coordination tasks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.routing.models import CoordinationTask
from complaintdesk.sla.escalation import run_escalation_sweep
from complaintdesk.sla.models import StaffAlert
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db

QUEUE = reverse("console:queue")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def page(reference):
    return reverse("console:complaint", args=[reference])


@pytest.fixture
def triaged(agent, billing):
    with time_machine.travel(START, tick=False):
        return complaint_in(Status.TRIAGED, actor=agent, department=billing)


def test_the_queue_shows_the_time_left_in_words_and_colour(client, agent, triaged):
    client.force_login(agent)
    with time_machine.travel(START + timedelta(hours=2), tick=False):
        html = client.get(QUEUE).content.decode()

    assert 'class="time-left time-left-ok" data-state="ok"' in html
    assert "22 h 00 min left" in html


def test_an_overdue_complaint_is_shown_overdue(client, agent, triaged):
    client.force_login(agent)
    with time_machine.travel(START + timedelta(hours=26), tick=False):
        html = client.get(QUEUE).content.decode()

    assert 'data-state="overdue"' in html
    assert "overdue by 2 h 00 min" in html


def test_the_queue_can_put_what_is_due_first_on_top(client, agent, billing):
    with time_machine.travel(START, tick=False):
        later = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    with time_machine.travel(START - timedelta(hours=5), tick=False):
        sooner = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    client.force_login(agent)

    response = client.get(QUEUE, {"sort": "next_due"})

    assert [c.reference for c in response.context["page"].object_list] == [
        sooner.reference,
        later.reference,
    ]


def test_an_unowned_complaint_offers_to_take_it_and_taking_it_makes_it_yours(
    client, agent, triaged
):
    client.force_login(agent)
    assert 'id="take-form"' in client.get(page(triaged.reference)).content.decode()

    response = client.post(reverse("console:take", args=[triaged.reference]))

    assert response.status_code == 302
    assert Complaint.objects.get(pk=triaged.pk).owner == agent


def test_taking_what_someone_else_took_says_who_has_it(client, agent, handler, triaged):
    Complaint.objects.filter(pk=triaged.pk).update(owner=handler)
    client.force_login(agent)

    response = client.post(reverse("console:take", args=[triaged.reference]), follow=True)

    assert "Hugo has already taken this complaint" in response.content.decode()


def test_only_a_supervisor_is_offered_to_reassign(client, agent, supervisor, triaged):
    client.force_login(agent)
    assert 'id="reassign-form"' not in client.get(page(triaged.reference)).content.decode()
    client.force_login(supervisor)
    assert 'id="reassign-form"' in client.get(page(triaged.reference)).content.decode()


def test_a_reassignment_without_a_reason_is_shown_next_to_the_field(
    client, supervisor, handler, triaged
):
    client.force_login(supervisor)

    response = client.post(
        reverse("console:reassign", args=[triaged.reference]),
        {"reassign-version": triaged.version, "reassign-owner": handler.pk},
    )

    assert response.status_code == 422
    assert response.context["reassign_form"].errors["reason"]


def test_a_supervisor_reassigns_from_the_page(client, supervisor, handler, triaged):
    client.force_login(supervisor)

    client.post(
        reverse("console:reassign", args=[triaged.reference]),
        {
            "reassign-version": triaged.version,
            "reassign-owner": handler.pk,
            "reassign-reason": "Hugo knows them.",
        },
    )

    assert Complaint.objects.get(pk=triaged.pk).owner == handler


def test_the_page_shows_each_deadline_with_its_basis(client, agent, triaged):
    client.force_login(agent)

    html = client.get(page(triaged.reference)).content.decode()

    assert 'id="clock-first_response"' in html
    assert "Default: 24 h, counted in calendar hours" in html


def test_alerts_are_listed_on_the_queue_until_the_complaint_is_opened(
    client, agent, billing, triaged
):
    Complaint.objects.filter(pk=triaged.pk).update(owner=agent)
    run_escalation_sweep(now=START + timedelta(hours=19))
    client.force_login(agent)

    assert 'id="staff-alerts"' in client.get(QUEUE).content.decode()
    client.get(page(triaged.reference))
    assert StaffAlert.objects.get(recipient=agent).read_at is not None


def test_the_lead_adds_a_task_for_another_department(client, agent, delivery, outsider, triaged):
    Complaint.objects.filter(pk=triaged.pk).update(abnormal=True, owner=agent)
    client.force_login(agent)

    client.post(
        reverse("console:add_task", args=[triaged.reference]),
        {
            "task-department": delivery.pk,
            "task-owner": outsider.pk,
            "task-description": "Check the courier's scan.",
            "task-due_at": (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    task = CoordinationTask.objects.get()
    assert (task.department, task.owner) == (delivery, outsider)
    assert 'id="tasks"' in client.get(page(triaged.reference)).content.decode()


def test_resolving_with_an_open_task_is_refused_on_the_page(
    client, agent, delivery, outsider, billing
):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    Complaint.objects.filter(pk=complaint.pk).update(abnormal=True, owner=agent)
    CoordinationTask.objects.create(
        complaint=complaint,
        department=delivery,
        owner=outsider,
        description="Scan?",
        due_at=datetime.now(UTC) + timedelta(days=1),
        created_by=agent,
    )
    client.force_login(agent)

    response = client.post(
        reverse("console:action", args=[complaint.reference, "resolve"]),
        {
            "resolve-version": Complaint.objects.get(pk=complaint.pk).version,
            "resolve-resolution_summary": "Refunded.",
            "resolve-outcome": "upheld",
        },
    )

    assert response.status_code == 422
    assert "still open for Delivery" in response.content.decode()
