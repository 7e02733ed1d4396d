"""A complaint whose coordination tasks are still open is not merged away: the merge is refused
naming each task, through the service, the API and the console, until the lead has them
completed or closed. Tasks are never carried over to the survivor unasked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaintdesk.accounts.models import Role
from complaintdesk.audit.models import Event
from complaintdesk.complaints.lifecycle import ActionNotAllowed
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.relations.models import ComplaintLink
from complaintdesk.relations.services import merge_complaints
from complaintdesk.routing import coordination
from complaintdesk.routing.models import CoordinationTask
from tests.api.clients import bearer, send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(duplicate, supervisor, delivery):
    """Delivery is asked to find the parcel for the duplicate (an abnormal complaint)."""
    Complaint.objects.filter(pk=duplicate.pk).update(abnormal=True)
    duplicate.refresh_from_db()
    with transaction.atomic():
        return coordination.add_task(
            complaint=duplicate,
            actor=supervisor,
            department=delivery,
            owner=UserFactory(
                username="dora", first_name="Dora", role=Role.HANDLER, departments=[delivery]
            ),
            description="Find the parcel",
            due_at=timezone.now() + timedelta(days=2),
        )


def merge(duplicate, into, actor):
    return merge_complaints(duplicate=duplicate, into=into, actor=actor, reason="Same charge.")


def test_a_complaint_with_an_open_task_is_not_merged(original, duplicate, task, agent):
    with pytest.raises(ActionNotAllowed) as refusal:
        merge(duplicate, original, agent)

    assert f"task {task.pk} for Delivery (Dora" in refusal.value.message
    assert "Find the parcel" in refusal.value.message
    duplicate.refresh_from_db()
    assert duplicate.status == Status.TRIAGED
    assert not ComplaintLink.objects.exists()
    assert not Event.objects.filter(action__in=["complaint.merged", "complaint.merged_in"]).exists()


def test_once_the_lead_closes_the_task_the_merge_goes_through(
    original, duplicate, task, agent, supervisor
):
    with transaction.atomic():
        coordination.close_task(
            complaint=duplicate, task=task, actor=supervisor, reason="Handled under the other one."
        )

    merge(duplicate, original, agent)

    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    # The task stays with the complaint it was asked for, in its history.
    assert CoordinationTask.objects.get(pk=task.pk).complaint_id == duplicate.pk


def test_an_open_task_on_the_survivor_does_not_stop_the_merge(
    original, duplicate, agent, supervisor, delivery
):
    Complaint.objects.filter(pk=original.pk).update(abnormal=True)
    original.refresh_from_db()
    with transaction.atomic():
        coordination.add_task(
            complaint=original,
            actor=supervisor,
            department=delivery,
            description="Check the courier's log",
            due_at=timezone.now() + timedelta(days=2),
        )

    assert merge(duplicate, original, agent) == original


def test_the_api_refuses_the_merge_with_a_409_naming_the_task(original, duplicate, task, agent):
    response = send(
        bearer(agent),
        "post",
        f"/complaints/{duplicate.reference}/merge",
        {"into": original.reference, "reason": "Same charge."},
    )

    assert response.status_code == 409
    assert "open coordination tasks" in response.json()["detail"]
    assert "Delivery" in response.json()["detail"]


def test_the_console_shows_the_refusal_naming_the_task(client, original, duplicate, task, agent):
    client.force_login(agent)

    response = client.post(
        reverse("relations:merge", args=[duplicate.reference]),
        {"merge-into": original.reference, "merge-reason": "Same charge.", "merge-version": ""},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert 'id="relations-alert"' in html
    assert "Find the parcel" in html
