"""GET /healthz, for load balancers: 200 while the database answers, 503 when it does not."""

from __future__ import annotations

from django.db import OperationalError
from django.test import Client


class _DownDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_answers_ok_while_the_database_answers(db):
    response = Client().get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_healthz_answers_503_when_the_database_is_down(db, monkeypatch):
    monkeypatch.setattr("complaintdesk.api.connection", _DownDatabase())

    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
