"""The API describes itself: /api/v1/openapi.json and the docs page built from it."""

from __future__ import annotations

import pytest
from django.test import Client

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
    ("post", "/api/v1/intake/{source}"),
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
