"""POST /api/v1/complaints with an Idempotency-Key: a retry gets the first answer and files
nothing new, even when the two requests race."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from complaintdesk.complaints.models import Complaint
from complaintdesk.intake import idempotency
from complaintdesk.intake.idempotency import forget_expired_keys
from complaintdesk.intake.models import IdempotencyKey
from tests.api.clients import BASE, NEW_COMPLAINT, bearer

URL = f"{BASE}/complaints"


def post(client, body=NEW_COMPLAINT, key="order-1001-complaint"):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(URL, data=json.dumps(body), content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_a_retry_gets_the_first_answer_and_files_nothing_new(agent):
    client = bearer(agent)
    first = post(client)

    retry = post(client)

    assert (retry.status_code, retry.content) == (first.status_code, first.content)
    assert first.status_code == 201
    assert (first["Idempotent-Replayed"], retry["Idempotent-Replayed"]) == ("false", "true")
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_first_answer_is_the_usual_one(agent):
    client = bearer(agent)

    with_key, without_key = post(client).json(), post(client, key=None).json()

    assert with_key.keys() == without_key.keys()
    assert with_key["subject"] == without_key["subject"]


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused_and_files_nothing(agent):
    client = bearer(agent)
    post(client)

    response = post(client, {**NEW_COMPLAINT, "subject": "Something else"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert "different request" in response.json()["errors"][0]["message"]
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_keys_belong_to_their_user(agent, handler):
    post(bearer(agent))

    response = post(bearer(handler))

    assert response.status_code == 201
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_request_keeps_no_key_so_the_corrected_one_goes_through(agent, auditor):
    assert post(bearer(auditor)).status_code == 403
    assert post(bearer(agent), {**NEW_COMPLAINT, "description": " "}).status_code == 422

    assert post(bearer(agent)).status_code == 201
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
def test_a_malformed_key_is_refused_naming_the_header(agent):
    response = post(bearer(agent), key="has spaces in it")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


@pytest.mark.django_db
def test_keys_are_kept_for_a_day_then_forgotten(agent):
    client = bearer(agent)
    post(client)

    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert post(client).status_code == 201
        assert forget_expired_keys() == 0  # the expired key was replaced by the new request
    with time_machine.travel(timezone.now() + timedelta(hours=50)):
        assert forget_expired_keys() == 1
    assert Complaint.objects.count() == 2


def test_two_requests_racing_with_one_key_file_one_complaint(transactional_db, agent):
    client_a, client_b = bearer(agent), bearer(agent)
    both_looked = threading.Barrier(2, timeout=10)
    real_stored = idempotency._stored
    looked = 0

    def stored_then_wait(user, key):
        nonlocal looked
        found = real_stored(user, key)
        looked += 1
        if looked <= 2:
            both_looked.wait()  # both have seen no key before either inserts one
        return found

    answers = {}

    def send(name, client):
        try:
            answers[name] = post(client)
        finally:
            connection.close()

    with mock.patch.object(idempotency, "_stored", side_effect=stored_then_wait):
        threads = [
            threading.Thread(target=send, args=(name, client))
            for name, client in (("a", client_a), ("b", client_b))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

    assert Complaint.objects.count() == 1
    assert {answer.status_code for answer in answers.values()} == {201}
    assert answers["a"].content == answers["b"].content
    assert sorted(answer["Idempotent-Replayed"] for answer in answers.values()) == ["false", "true"]
