"""The API's part: take and reassign, the deadlines in a complaint's detail, and the
coordination tasks of an abnormal complaint."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaintdesk.complaints.models import Complaint, Status
from tests.api.clients import bearer, send
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def triaged(agent, billing):
    return complaint_in(Status.TRIAGED, actor=agent, department=billing)


def test_an_agent_takes_a_complaint(agent, triaged):
    response = send(bearer(agent), "post", f"/complaints/{triaged.reference}/take", {})

    assert response.status_code == 200
    assert response.json()["owner"]["username"] == "alice"


def test_taking_a_complaint_someone_has_is_a_conflict_naming_them(agent, handler, triaged):
    send(bearer(handler), "post", f"/complaints/{triaged.reference}/take", {})

    response = send(bearer(agent), "post", f"/complaints/{triaged.reference}/take", {})

    assert response.status_code == 409
    assert "Hugo" in response.json()["detail"]


def test_a_supervisor_reassigns_with_a_reason(supervisor, handler, triaged):
    response = send(
        bearer(supervisor),
        "post",
        f"/complaints/{triaged.reference}/reassign",
        {"owner": handler.pk, "reason": "Hugo knows them."},
    )

    assert response.status_code == 200
    assert response.json()["owner"]["username"] == "hugo"


def test_a_reassignment_to_nobody_known_names_the_field(supervisor, triaged):
    response = send(
        bearer(supervisor),
        "post",
        f"/complaints/{triaged.reference}/reassign",
        {"owner": 999_999, "reason": "x"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "owner"


def test_an_agent_reassigning_is_forbidden(agent, handler, triaged):
    response = send(
        bearer(agent),
        "post",
        f"/complaints/{triaged.reference}/reassign",
        {"owner": handler.pk, "reason": "x"},
    )

    assert response.status_code == 403


def test_the_detail_lists_each_deadline_with_its_state(agent, triaged):
    body = bearer(agent).get(f"/api/v1/complaints/{triaged.reference}").json()

    kinds = {clock["kind"]: clock["state"] for clock in body["clocks"]}
    assert kinds == {"first_response": "ok", "resolution": "ok"}
    assert body["next_due_at"] is not None


def test_the_lead_adds_a_task_and_the_collaborator_completes_it(agent, outsider, delivery, triaged):
    Complaint.objects.filter(pk=triaged.pk).update(abnormal=True, owner=agent)
    due = (timezone.now() + timedelta(days=2)).isoformat()

    added = send(
        bearer(agent),
        "post",
        f"/complaints/{triaged.reference}/tasks",
        {"department": delivery.pk, "owner": outsider.pk, "description": "Scan?", "due_at": due},
    )
    task = added.json()
    done = send(
        bearer(outsider),
        "post",
        f"/complaints/{triaged.reference}/tasks/{task['id']}/complete",
        {"text": "Scanned at 14:02."},
    )

    assert (added.status_code, done.status_code) == (201, 200)
    assert done.json()["state"] == "done"


def test_a_task_of_another_complaint_is_not_found(agent, triaged):
    response = send(
        bearer(agent), "post", f"/complaints/{triaged.reference}/tasks/1/close", {"text": "x"}
    )

    assert response.status_code == 404


def test_an_outsider_cannot_see_the_tasks(outsider, triaged):
    response = bearer(outsider).get(f"/api/v1/complaints/{triaged.reference}/tasks")

    assert response.status_code == 404


def test_a_task_id_beyond_what_the_database_holds_is_refused_naming_it(agent, triaged):
    path = f"/complaints/{triaged.reference}/tasks/{2**64}/complete"

    response = send(bearer(agent), "post", path, {"text": "Done."})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "task_id"
