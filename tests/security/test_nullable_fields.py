"""The OpenAPI document and the API agree on null: for every field of every request body
(nested objects and list items included), a field the document marks nullable takes null as
a request without it would be taken, and every other field sent as null is refused with 422
naming it. A client generated from the document (or schemathesis) never has null refused
where it was offered, nor offered where it is refused.

Each operation is sent its ordinary request from the permission matrix, by a caller who may
use it, once with each field set to null, every request rolled back after its answer."""

from __future__ import annotations

import base64
import copy
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from complaintdesk.accounts.services import issue_token
from complaintdesk.api import api
from complaintdesk.complaints.models import Status
from complaintdesk.intake.models import IntakeSource
from complaintdesk.notifications.webhooks import signature_for
from tests.factories import CategoryFactory, complaint_in
from tests.security.test_permission_matrix import (  # noqa: F401 (world is a fixture)
    API,
    API_REQUESTS,
    SOON,
    World,
    world,
)

pytestmark = pytest.mark.django_db

DOCUMENT = api.get_openapi_schema(path_prefix=API + "/")
SCHEMAS: dict[str, Any] = DOCUMENT["components"]["schemas"]
SIGNED_INTAKE = "receive_signed_complaint"
INTAKE_SECRET = "a-long-secret-shared-with-the-nullable-test-only"

# A valid item for each shape that appears only inside a list, so a field of it can be tried.
ITEMS: dict[str, dict[str, Any]] = {
    "StepIn": {"description": "Refund.", "due_at": SOON},
    "TranscriptLineIn": {"at": "2024-03-01T10:02:00Z", "author": "Dana", "text": "Broken."},
    "FileIn": {
        "filename": "receipt.pdf",
        "content_type": "application/pdf",
        "content_base64": base64.b64encode(b"%PDF-1.4 receipt").decode(),
    },
}
SIGNED_BODY = {
    "external_id": "chat-null-1",
    "customer": {"name": "Dana Customer", "email": "dana@example.com"},
    "description": "My parcel came broken.",
}


def _ref_name(schema: dict[str, Any]) -> str | None:
    for branch in [schema, *schema.get("anyOf", [])]:
        if "$ref" in branch:
            return str(branch["$ref"]).rsplit("/", 1)[-1]
    return None


def _nullable(schema: dict[str, Any]) -> bool:
    branches = [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]
    return any(
        branch.get("type") == "null"
        or (isinstance(branch.get("type"), list) and "null" in branch["type"])
        or branch.get("nullable") is True
        for branch in branches
    )


def fields_of(name: str, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, bool]]:
    """(path, nullable) for each field of the shape `name`, and of the shapes inside it."""
    for field, schema in SCHEMAS[name].get("properties", {}).items():
        path = (*prefix, field)
        yield path, _nullable(schema)
        inner = _ref_name(schema)
        if inner and "properties" in SCHEMAS[inner]:
            yield from fields_of(inner, path)
        items = _ref_name(schema.get("items", {})) if schema.get("type") == "array" else None
        if items and "properties" in SCHEMAS[items]:
            yield from fields_of(items, (*path, 0))


def body_operations() -> dict[str, str]:
    """Operation id → the shape of its JSON body, for every operation that takes one."""
    found = {}
    for operations in DOCUMENT["paths"].values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if name := _ref_name(schema):
                found[operation["operationId"]] = name
    return found


OPERATIONS = body_operations()


def _shape_at(name: str, path: tuple) -> str:
    """The shape name of the list item at the end of `path` (for a missing list)."""
    shape = name
    for step in path:
        if isinstance(step, int):
            continue
        schema = SCHEMAS[shape]["properties"][step]
        shape = _ref_name(schema.get("items", {}) if schema.get("type") == "array" else schema)
    return shape


def with_null(body: dict[str, Any], name: str, path: tuple) -> dict[str, Any]:
    """`body` with the field at `path` set to null, making the objects on the way if missing."""
    body = copy.deepcopy(body)
    holder: Any = body
    for depth, step in enumerate(path[:-1]):
        following = path[depth + 1]
        if isinstance(step, int):
            continue
        if isinstance(following, int):
            if not holder.get(step):
                holder[step] = [copy.deepcopy(ITEMS[_shape_at(name, path[: depth + 1])])]
            holder = holder[step][following]
        else:
            holder = holder.setdefault(step, {})
    holder[path[-1]] = None
    return body


def left_out(body: dict[str, Any], name: str, path: tuple) -> dict[str, Any]:
    """`body` without the field at `path` (the objects on the way made as for with_null)."""
    body = with_null(body, name, path)
    holder: Any = body
    for step in path[:-1]:
        holder = holder[step]
    del holder[path[-1]]
    return body


def named_fields(response: Any) -> set[str]:
    if response.status_code != 422:
        return set()
    return {error["field"] for error in response.json().get("errors", [])}


def triage(w: World) -> tuple[str, str, dict[str, Any]]:
    """Triage takes every field of the assessment, the owner too (null: nobody yet), so the
    transition is tried with one that does rather than the matrix's reopen, which takes none."""
    complaint = complaint_in(Status.ACKNOWLEDGED, actor=w.people["agent"], department=w.billing)
    category = CategoryFactory(code="billing")
    body = {
        "action": "triage",
        "category": category.pk,
        "severity": "medium",
        "department": w.billing.pk,
        "owner": w.people["handler"].pk,
    }
    return "post", f"/complaints/{complaint.reference}/transitions", body


REQUESTS = {**API_REQUESTS, "take_action": triage}


class Sender:
    def __init__(self, w: World, operation: str) -> None:
        self.operation = operation
        self.method, path, body = REQUESTS[operation](w)
        self.body = SIGNED_BODY if operation == SIGNED_INTAKE else body or {}
        self.url = API + path
        if operation == SIGNED_INTAKE:
            IntakeSource.objects.create(name="Chat tool", slug="chat", secret=INTAKE_SECRET)
            self.client = Client()
        else:
            _token, raw = issue_token(user=w.people["supervisor"], name="nullable")
            self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def send(self, body: dict[str, Any]) -> Any:
        raw = json.dumps(body).encode()
        headers = {}
        if self.operation == SIGNED_INTAKE:
            timestamp = str(int(time.time()))
            headers = {
                "X-Complaintdesk-Signature": signature_for(INTAKE_SECRET, timestamp, raw),
                "X-Complaintdesk-Timestamp": timestamp,
            }
        with transaction.atomic():
            response = getattr(self.client, self.method)(
                self.url, data=raw, content_type="application/json", headers=headers
            )
            transaction.set_rollback(True)
        return response


def test_every_operation_with_a_body_is_tried():
    assert set(OPERATIONS) <= set(API_REQUESTS)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_null_is_taken_exactly_where_the_document_offers_it(world, operation):  # noqa: F811
    sender = Sender(world, operation)
    shape = OPERATIONS[operation]
    # The ordinary request is one the endpoint takes (or judges on the complaint's state).
    assert sender.send(sender.body).status_code in {200, 201, 204, 409}

    disagreements = []
    for path, nullable in fields_of(shape):
        field = ".".join(str(step) for step in path)
        response = sender.send(with_null(sender.body, shape, path))
        answer = (response.status_code, named_fields(response))
        if nullable:
            # Null stands for "none": taken as a request without the field would be.
            omitted = sender.send(left_out(sender.body, shape, path))
            expected = (omitted.status_code, named_fields(omitted) - {field})
            if answer != expected:
                disagreements.append(
                    f"{field}: nullable in the document, but null answered {answer} and "
                    f"leaving it out {expected}: {response.content[:300]!r}"
                )
        elif response.status_code != 422 or field not in answer[1]:
            disagreements.append(
                f"{field}: not nullable in the document, but null answered {answer}: "
                f"{response.content[:300]!r}"
            )

    assert disagreements == []
