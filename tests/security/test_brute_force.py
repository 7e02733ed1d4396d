"""Brute force on staff sign-in: failed passwords lock the account, and the guessing client,
out for a while, even for the right password; the lock-out is on the audit trail. And each API
token is held to a rate."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaintdesk.audit.models import Event
from tests.api.clients import bearer
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("console:login")


def _try(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_brute_force_on_one_account_locks_it_even_for_the_right_password(client, agent, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 3
    for guess in ("123456", "password", "alice2025"):
        _try(client, "alice", guess)

    response = _try(client, "alice", PASSWORD)

    assert (response.status_code, "_auth_user_id" in client.session) == (429, False)
    assert 'id="login-error"' in response.content.decode()


def test_the_lock_out_is_recorded_on_the_audit_trail(client, agent, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 2
    for guess in ("123456", "password"):
        _try(client, "alice", guess)

    assert Event.objects.filter(action="user.locked_out", subject=f"user:{agent.pk}").exists()


def test_the_lock_out_ends_after_its_time(client, agent, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 2
    for guess in ("123456", "password"):
        _try(client, "alice", guess)

    later = timezone.now() + timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES, seconds=5)
    with time_machine.travel(later, tick=False):
        response = _try(client, "alice", PASSWORD)

    assert (response.status_code, "_auth_user_id" in client.session) == (302, True)


def test_one_client_guessing_many_accounts_is_stopped(client, agent, settings):
    settings.SIGN_IN_FAILURES_PER_CLIENT = 3
    for n in range(3):
        _try(client, f"someone{n}", "123456")

    response = _try(client, "alice", PASSWORD)

    assert response.status_code == 429


def test_a_colleague_at_another_address_is_not_stopped_by_one_guessing_client(agent, settings):
    settings.SIGN_IN_FAILURES_PER_CLIENT = 3
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(3):
        _try(attacker, f"someone{n}", "123456")

    colleague = Client(REMOTE_ADDR="198.51.100.20")
    response = _try(colleague, "alice", PASSWORD)

    assert response.status_code == 302


def test_a_successful_sign_in_forgets_earlier_failures(client, agent, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 3
    _try(client, "alice", "123456")
    _try(client, "alice", "password")
    _try(client, "alice", PASSWORD)
    client.logout()
    _try(client, "alice", "wrong-again")

    response = _try(client, "alice", PASSWORD)

    assert response.status_code == 302


def test_the_lock_out_does_not_tell_whether_the_account_exists(client, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 2
    UserFactory(username="bob")
    for name in ("bob", "nobody"):
        for guess in ("1", "2"):
            _try(client, name, guess)

    bob = _try(client, "bob", "3")
    nobody = _try(client, "nobody", "3")

    assert (bob.status_code, nobody.status_code) == (429, 429)


def test_an_api_token_is_held_to_its_rate_and_told_when_to_come_back(agent, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    client = bearer(agent)

    answers = [client.get("/api/v1/complaints") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0


def test_another_token_is_not_held_back_by_a_busy_one(agent, handler, settings):
    settings.API_REQUESTS_PER_MINUTE = 2
    busy = bearer(agent)
    for _ in range(3):
        busy.get("/api/v1/complaints")

    assert bearer(handler).get("/api/v1/complaints").status_code == 200
