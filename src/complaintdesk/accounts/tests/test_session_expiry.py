"""Staff sessions end: after SESSION_IDLE_MINUTES without a request, and SESSION_COOKIE_AGE
after signing in however busy."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

QUEUE = reverse("console:queue")


@pytest.fixture
def signed_in(client, agent):
    client.post(reverse("console:login"), {"username": "alice", "password": PASSWORD})
    return client


def test_a_session_left_idle_ends(signed_in, settings):
    later = timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1)

    with time_machine.travel(later, tick=False):
        response = signed_in.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:login"))


def test_a_busy_session_ends_its_time_after_signing_in(signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 60
    start = timezone.now()
    answers = []
    for minutes in range(50, settings.SESSION_COOKIE_AGE // 60 + 50, 50):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            answers.append(signed_in.get(QUEUE).status_code)

    assert (answers[0], answers[-1]) == (200, 302)


def test_an_active_session_goes_on(signed_in, settings):
    later = timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)

    with time_machine.travel(later, tick=False):
        response = signed_in.get(QUEUE)

    assert response.status_code == 200
