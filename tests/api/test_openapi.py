"""The API describes itself: /api/v1/openapi.json and the docs page built from it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any, get_args

import pytest
from django.test import Client
from pydantic import BaseModel

from complaintdesk.api import api
from tests.api.clients import BASE

ENDPOINTS = {
    ("post", "/api/v1/complaints"),
    ("get", "/api/v1/complaints"),
    ("get", "/api/v1/complaints/{reference}"),
    ("patch", "/api/v1/complaints/{reference}"),
    ("post", "/api/v1/complaints/{reference}/transitions"),
    ("get", "/api/v1/complaints/{reference}/events"),
    ("get", "/api/v1/complaints/{reference}/messages"),
    ("post", "/api/v1/complaints/{reference}/messages"),
    ("post", "/api/v1/complaints/{reference}/take"),
    ("post", "/api/v1/complaints/{reference}/reassign"),
    ("get", "/api/v1/complaints/{reference}/tasks"),
    ("post", "/api/v1/complaints/{reference}/tasks"),
    ("post", "/api/v1/complaints/{reference}/tasks/{task_id}/complete"),
    ("post", "/api/v1/complaints/{reference}/tasks/{task_id}/close"),
    ("post", "/api/v1/complaints/{reference}/grants"),
    ("get", "/api/v1/complaints/{reference}/surveys"),
    ("get", "/api/v1/complaints/{reference}/progress-updates"),
    ("get", "/api/v1/complaints/{reference}/final-positions"),
    ("post", "/api/v1/complaints/{reference}/final-positions"),
    ("get", "/api/v1/complaints/{reference}/reply-templates"),
    ("get", "/api/v1/complaints/{reference}/links"),
    ("post", "/api/v1/complaints/{reference}/links"),
    ("post", "/api/v1/complaints/{reference}/links/{link_id}/unlink"),
    ("get", "/api/v1/complaints/{reference}/duplicates"),
    ("post", "/api/v1/complaints/{reference}/merge"),
    ("post", "/api/v1/complaints/{reference}/split"),
    ("post", "/api/v1/intake/{source}"),
    # resolution: investigation, root cause, history, plans, compensation.
    ("get", "/api/v1/complaints/{reference}/investigation"),
    ("post", "/api/v1/complaints/{reference}/investigation"),
    ("get", "/api/v1/complaints/{reference}/root-cause"),
    ("put", "/api/v1/complaints/{reference}/root-cause"),
    ("get", "/api/v1/complaints/{reference}/history"),
    ("get", "/api/v1/complaints/{reference}/plans"),
    ("post", "/api/v1/complaints/{reference}/plans"),
    ("post", "/api/v1/complaints/{reference}/plans/{plan_id}/steps"),
    ("post", "/api/v1/complaints/{reference}/plans/{plan_id}/propose"),
    ("post", "/api/v1/complaints/{reference}/plans/{plan_id}/answer"),
    ("post", "/api/v1/complaints/{reference}/plans/{plan_id}/steps/{step_id}/done"),
    ("post", "/api/v1/complaints/{reference}/plans/{plan_id}/steps/{step_id}/cancel"),
    ("get", "/api/v1/complaints/{reference}/compensation"),
    ("post", "/api/v1/complaints/{reference}/compensation"),
    ("post", "/api/v1/complaints/{reference}/compensation/{request_id}/approve"),
    ("post", "/api/v1/complaints/{reference}/compensation/{request_id}/decline"),
    ("post", "/api/v1/complaints/{reference}/compensation/{request_id}/pay"),
    ("post", "/api/v1/complaints/{reference}/compensation/ledger/{entry_id}/reverse"),
    ("get", "/api/v1/compensation/pending"),
    # insights: the dashboard's figures.
    ("get", "/api/v1/insights/dashboard"),
    # privacy: who read sensitive records, for auditors.
    ("get", "/api/v1/privacy/reads"),
}


@pytest.fixture
def document(db):
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_lists_every_endpoint(document):
    listed = {
        (method, path) for path, operations in document["paths"].items() for method in operations
    }

    assert listed == ENDPOINTS


def test_every_endpoint_asks_for_a_bearer_token(document):
    schemes = document["components"]["securitySchemes"]

    assert {"type": "http", "scheme": "bearer"}.items() <= next(iter(schemes.values())).items()
    for operations in document["paths"].values():
        for operation in operations.values():
            assert operation["security"], operation["operationId"]


def test_every_endpoint_documents_its_refusals(document):
    for operations in document["paths"].values():
        for operation in operations.values():
            refusal = operation["responses"]["401"]["content"]["application/json"]["schema"]
            assert refusal == {"$ref": "#/components/schemas/Refusal"}, operation["operationId"]


def test_the_document_advertises_the_sort_orders(document):
    parameters = document["paths"]["/api/v1/complaints"]["get"]["parameters"]
    sort = next(parameter for parameter in parameters if parameter["name"] == "sort")

    assert "-received_at" in sort["schema"]["enum"]


def test_the_docs_page_loads_without_logging_in(db):
    response = Client().get(f"{BASE}/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content


def _shapes(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _shapes(field.annotation)
    for argument in get_args(annotation):
        yield from _shapes(argument)


def test_no_two_shapes_share_a_name_in_the_document():
    # Names are global in the document: a second CompensationOut silently replaced the first
    # and the compensation list answered outside its documented schema.
    owners: dict[str, set[str]] = defaultdict(set)
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                models = [*operation.models, *operation.response_models.values()]
                for shape in (s for model in models for s in _shapes(model)):
                    owners[shape.__name__].add(shape.__module__)

    shared = {name: modules for name, modules in owners.items() if len(modules) > 1}
    assert not shared
