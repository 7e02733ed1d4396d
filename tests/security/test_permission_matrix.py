"""The permission matrix: every kind of caller against every API operation and every staff
page, through the real HTTP interface, each answer written down here.

Read a row as: what this endpoint answers each caller. 401/302 anonymous (no token / to the
sign-in page), 403 a role that may not use it at all (accounts.permissions), 404 a complaint
outside the caller's scope (the outsider is a handler of another department), and otherwise
the endpoint's own answer (a 409 or 422 there means the caller got through and the endpoint
judged the request itself). A new endpoint without a row here fails
test_the_matrix_has_a_row_for_every_operation_and_staff_page."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaintdesk.accounts.models import Role
from complaintdesk.accounts.permissions import (
    URL_RULES,
    Access,
    api_operations,
)
from complaintdesk.accounts.services import issue_token
from complaintdesk.api import api
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.intake.attachments import IncomingFile, keep_attachments
from complaintdesk.routing import coordination
from tests.api.clients import NEW_COMPLAINT
from tests.factories import UserFactory, complaint_in
from tests.security.conftest import CALLERS

pytestmark = pytest.mark.django_db


@dataclass
class World:
    """One complaint of billing under investigation, abnormal, with a file and a coordination
    task for delivery (owned by a colleague of the outsider, not by the outsider); and the
    people."""

    complaint: Complaint
    people: dict[str, Any]
    billing: Any
    delivery: Any
    task_id: int = 0
    attachment_id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return self.complaint.reference

    def resolved(self) -> Complaint:
        return complaint_in(Status.RESOLVED, actor=self.people["agent"], department=self.billing)


Request = tuple[str, str, dict[str, Any] | None]
API = "/api/v1"
SOON = (timezone.now() + timedelta(days=3)).isoformat()

API_REQUESTS: dict[str, Callable[[World], Request]] = {
    "file_complaint": lambda w: ("post", "/complaints", NEW_COMPLAINT),
    "list_complaints": lambda w: ("get", "/complaints", None),
    "read_complaint": lambda w: ("get", f"/complaints/{w.ref}", None),
    "change_complaint": lambda w: (
        "patch",
        f"/complaints/{w.ref}",
        {"priority": "p2", "version": w.complaint.version},
    ),
    "take_action": lambda w: (
        "post",
        f"/complaints/{w.resolved().reference}/transitions",
        {"action": "reopen", "note": "The refund never came."},
    ),
    "list_events": lambda w: ("get", f"/complaints/{w.ref}/events", None),
    "list_messages": lambda w: ("get", f"/complaints/{w.ref}/messages", None),
    "write_message": lambda w: (
        "post",
        f"/complaints/{w.ref}/messages",
        {"kind": "note", "body": "Checked the ledger."},
    ),
    "receive_signed_complaint": lambda w: ("post", "/intake/chat", {"description": "x"}),
    "take_complaint": lambda w: ("post", f"/complaints/{w.ref}/take", None),
    "reassign_complaint": lambda w: (
        "post",
        f"/complaints/{w.ref}/reassign",
        {"reason": "Delivery's matter", "department": w.delivery.pk},
    ),
    "list_tasks": lambda w: ("get", f"/complaints/{w.ref}/tasks", None),
    "add_task": lambda w: (
        "post",
        f"/complaints/{w.ref}/tasks",
        {"department": w.delivery.pk, "description": "Check the van", "due_at": SOON},
    ),
    "complete_task": lambda w: (
        "post",
        f"/complaints/{w.ref}/tasks/{w.task_id}/complete",
        {"text": "Parcel found."},
    ),
    "close_task": lambda w: (
        "post",
        f"/complaints/{w.ref}/tasks/{w.task_id}/close",
        {"text": "No longer needed."},
    ),
    "grant_access": lambda w: (
        "post",
        f"/complaints/{w.ref}/grants",
        {"user": w.people["outsider"].pk, "reason": "Knows the customer."},
    ),
}

PAGE_REQUESTS: dict[str, Callable[[World], Request]] = {
    "console:queue": lambda w: ("get", reverse("console:queue"), None),
    "console:queue_csv": lambda w: ("get", reverse("console:queue_csv"), None),
    "console:complaint": lambda w: ("get", reverse("console:complaint", args=[w.ref]), None),
    "console:attachment": lambda w: (
        "get",
        reverse("console:attachment", args=[w.ref, w.attachment_id]),
        None,
    ),
    "console:new_complaint": lambda w: ("get", reverse("console:new_complaint"), None),
    "console:edit": lambda w: ("post", reverse("console:edit", args=[w.ref]), {}),
    "console:correct": lambda w: ("post", reverse("console:correct", args=[w.ref]), {}),
    "console:note": lambda w: (
        "post",
        reverse("console:note", args=[w.ref]),
        {"note-body": "Checked the ledger."},
    ),
    "console:reply": lambda w: (
        "post",
        reverse("console:reply", args=[w.ref]),
        {"reply-body": "We are on it."},
    ),
    "console:action": lambda w: (
        "post",
        reverse("console:action", args=[(c := w.resolved()).reference, "reopen"]),
        {"reopen-version": c.version, "reopen-note": "The refund never came."},
    ),
    "console:take": lambda w: ("post", reverse("console:take", args=[w.ref]), {}),
    "console:reassign": lambda w: ("post", reverse("console:reassign", args=[w.ref]), {}),
    "console:add_task": lambda w: ("post", reverse("console:add_task", args=[w.ref]), {}),
    "console:finish_task": lambda w: (
        "post",
        reverse("console:finish_task", args=[w.ref, w.task_id, "complete"]),
        {},
    ),
    "privacy:customers": lambda w: (
        "get",
        reverse("privacy:customers") + "?q=dana@example.com",
        None,
    ),
    "privacy:export": lambda w: (
        "post",
        reverse("privacy:export", args=[w.complaint.customer_id]),
        {},
    ),
    "privacy:erase": lambda w: (
        "post",
        reverse("privacy:erase", args=[w.complaint.customer_id]),
        {"reason": "Asked by phone."},
    ),
    "accounts:two_factor": lambda w: ("get", reverse("accounts:two_factor"), None),
    "admin:index": lambda w: ("get", reverse("admin:index"), None),
}

# fmt: off
#                         anonymous agent handler supervisor quality auditor admin outsider
API_MATRIX: dict[str, tuple[int, ...]] = {
    "file_complaint":           (401, 201, 201, 201, 403, 403, 403, 201),
    "list_complaints":          (401, 200, 200, 200, 200, 200, 200, 200),
    "read_complaint":           (401, 200, 200, 200, 200, 200, 200, 404),
    "change_complaint":         (401, 200, 200, 200, 403, 403, 403, 404),
    "take_action":              (401, 200, 200, 200, 200, 403, 403, 404),
    "list_events":              (401, 200, 200, 200, 200, 200, 200, 404),
    "list_messages":            (401, 200, 200, 200, 200, 200, 200, 404),
    "write_message":            (401, 201, 201, 201, 201, 403, 403, 404),
    "receive_signed_complaint": (401, 401, 401, 401, 401, 401, 401, 401),
    "take_complaint":           (401, 200, 200, 200, 403, 403, 403, 404),
    "reassign_complaint":       (401, 403, 403, 200, 200, 403, 403, 403),
    "list_tasks":               (401, 200, 200, 200, 200, 200, 200, 404),
    "add_task":                 (401, 403, 403, 201, 201, 403, 403, 404),
    "complete_task":            (401, 403, 403, 200, 200, 403, 403, 404),
    "close_task":               (401, 403, 403, 200, 200, 403, 403, 404),
    "grant_access":             (401, 403, 403, 204, 204, 403, 403, 404),
}
PAGE_MATRIX: dict[str, tuple[int, ...]] = {
    "console:queue":            (302, 200, 200, 200, 200, 200, 200, 200),
    "console:queue_csv":        (302, 200, 200, 200, 200, 200, 200, 200),
    "console:complaint":        (302, 200, 200, 200, 200, 200, 200, 404),
    "console:attachment":       (302, 200, 200, 200, 200, 200, 200, 404),
    "console:new_complaint":    (302, 200, 200, 200, 403, 403, 403, 200),
    "console:edit":             (302, 422, 422, 422, 403, 403, 403, 404),
    "console:correct":          (302, 422, 422, 422, 403, 403, 403, 404),
    "console:note":             (302, 302, 302, 302, 302, 403, 403, 404),
    "console:reply":            (302, 302, 302, 302, 403, 403, 403, 404),
    "console:action":           (302, 302, 302, 302, 302, 403, 403, 404),
    "console:take":             (302, 302, 302, 302, 403, 403, 403, 404),
    "console:reassign":         (302, 403, 403, 422, 422, 403, 403, 403),
    "console:add_task":         (302, 422, 422, 422, 422, 403, 403, 404),
    "console:finish_task":      (302, 422, 422, 422, 422, 403, 403, 404),
    "privacy:customers":        (302, 403, 403, 403, 200, 403, 403, 403),
    "privacy:export":           (302, 403, 403, 403, 200, 403, 403, 403),
    "privacy:erase":            (302, 403, 403, 403, 302, 403, 403, 403),
    "accounts:two_factor":      (302, 200, 200, 200, 200, 200, 200, 200),
    "admin:index":              (302, 403, 403, 403, 403, 403, 200, 403),
}
# fmt: on


@pytest.fixture
def world(callers, billing, delivery, billing_complaint) -> World:
    people = callers.by_name
    Complaint.objects.filter(pk=billing_complaint.pk).update(abnormal=True)
    billing_complaint.refresh_from_db()
    with transaction.atomic():
        task = coordination.add_task(
            complaint=billing_complaint,
            actor=people["supervisor"],
            department=delivery,
            owner=UserFactory(username="dora", role=Role.HANDLER, departments=[delivery]),
            description="Find the parcel",
            due_at=timezone.now() + timedelta(days=2),
        )
        kept = keep_attachments(
            complaint=billing_complaint,
            files=[IncomingFile.from_bytes("receipt.pdf", "application/pdf", b"%PDF-1.4 r")],
            actor_label="Dana Customer",
        )
    return World(
        complaint=billing_complaint,
        people=people,
        billing=billing,
        delivery=delivery,
        task_id=task.pk,
        attachment_id=kept.kept[0].pk,
    )


def _api_client(world: World, caller: str) -> Client:
    user = world.people[caller]
    if user is None:
        return Client()
    _token, raw = issue_token(user=user, name="matrix")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _send(client: Client, method: str, path: str, body: dict[str, Any] | None, *, as_json: bool):
    if body is None:
        return getattr(client, method)(path)
    if as_json:
        return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(path, data=body)


def _row(world: World, send: Callable[[str], Any]) -> dict[str, int]:
    """Each caller's answer, each in a transaction rolled back after it, so one caller's
    change (taking the complaint, say) does not decide the next caller's answer."""
    answers = {}
    for caller in CALLERS:
        with transaction.atomic():
            answers[caller] = send(caller).status_code
            transaction.set_rollback(True)
    return answers


@pytest.mark.parametrize("operation", list(API_MATRIX))
def test_each_caller_gets_the_answer_the_matrix_gives_for_each_api_operation(world, operation):
    method, path, body = API_REQUESTS[operation](world)

    def send(caller: str) -> Any:
        return _send(_api_client(world, caller), method, API + path, body, as_json=True)

    assert _row(world, send) == dict(zip(CALLERS, API_MATRIX[operation], strict=True))


@pytest.mark.parametrize("name", list(PAGE_MATRIX))
def test_each_caller_gets_the_answer_the_matrix_gives_for_each_staff_page(world, name):
    method, path, body = PAGE_REQUESTS[name](world)

    def send(caller: str) -> Any:
        client = Client()
        if world.people[caller] is not None:
            client.force_login(world.people[caller])
        return _send(client, method, path, body, as_json=False)

    assert _row(world, send) == dict(zip(CALLERS, PAGE_MATRIX[name], strict=True))


def test_the_matrix_has_a_row_for_every_operation_and_staff_page():
    operations = {operation_id for operation_id, _operation in api_operations(api)}
    staff_pages = {
        name for name, rule in URL_RULES.items() if rule.access in {Access.STAFF, Access.SIGNED_IN}
    } | {"admin:index"}

    assert (set(API_MATRIX), set(PAGE_MATRIX)) == (operations, staff_pages)
