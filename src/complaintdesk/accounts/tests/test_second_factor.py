"""The optional second factor: switched on with a first code, then asked for after the
password; each code works once; switched off only with a current code."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from complaintdesk.accounts import second_factor
from complaintdesk.accounts.models import SecondFactor
from complaintdesk.audit.models import Event
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("console:login")
CODE_STEP = reverse("accounts:second_factor")
SETTINGS = reverse("accounts:two_factor")


@pytest.fixture(autouse=True)
def _clock_inside_one_code_step():
    """A code is valid for a 30-second step: a test that crossed into the next step between
    using a code and computing it again would compute a different one (seen once in CI)."""
    now = timezone.now()
    start_of_step = now - timedelta(seconds=now.timestamp() % 30, microseconds=0)
    with time_machine.travel(start_of_step + timedelta(seconds=1), tick=False):
        yield


def _code(factor: SecondFactor, *, later: int = 0) -> str:
    return pyotp.TOTP(factor.secret).at(timezone.now() + timedelta(seconds=30 * later))


@pytest.fixture
def enrolled(agent):
    factor = second_factor.start_setting_up(user=agent)
    assert second_factor.confirm(user=agent, code=_code(factor))
    factor.refresh_from_db()
    return factor


def test_the_settings_page_shows_a_new_key_to_type_into_the_app(client, agent):
    client.force_login(agent)

    html = client.get(SETTINGS).content.decode()

    factor = SecondFactor.objects.get(user=agent)
    assert (factor.active, factor.secret in html, "otpauth://totp/" in html) == (False, True, True)


def test_a_first_code_from_the_app_switches_it_on_and_is_recorded(client, agent):
    client.force_login(agent)
    client.get(SETTINGS)
    factor = SecondFactor.objects.get(user=agent)

    client.post(SETTINGS, {"intent": "on", "code": _code(factor)})

    factor.refresh_from_db()
    assert (factor.active, Event.objects.filter(action="second_factor.enabled").count()) == (
        True,
        1,
    )


def test_a_wrong_first_code_leaves_it_off_and_says_so(client, agent):
    client.force_login(agent)
    client.get(SETTINGS)

    response = client.post(SETTINGS, {"intent": "on", "code": "000000"})

    assert (response.status_code, SecondFactor.objects.get(user=agent).active) == (422, False)


def test_with_it_on_the_password_alone_does_not_sign_in(client, enrolled):
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})

    assert (response["Location"], "_auth_user_id" in client.session) == (CODE_STEP, False)


def test_the_password_then_a_current_code_signs_in_to_where_the_user_was_going(client, enrolled):
    client.post(LOGIN + "?next=/complaints/new/", {"username": "alice", "password": PASSWORD})

    response = client.post(CODE_STEP, {"code": _code(enrolled, later=1)})

    assert (response["Location"], "_auth_user_id" in client.session) == (
        "/complaints/new/",
        True,
    )


def test_a_code_already_used_is_refused(client, enrolled):
    used = _code(enrolled)  # confirmed the factor with it
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})

    response = client.post(CODE_STEP, {"code": used})

    assert (response.status_code, "_auth_user_id" in client.session) == (422, False)


def test_wrong_codes_count_towards_the_lock_out(client, enrolled, settings):
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 2
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    client.post(CODE_STEP, {"code": "000000"})
    client.post(CODE_STEP, {"code": "111111"})

    response = client.post(CODE_STEP, {"code": _code(enrolled, later=1)})

    assert (response.status_code, "_auth_user_id" in client.session) == (429, False)


def test_the_code_step_without_a_password_first_goes_back_to_signing_in(client, enrolled):
    response = client.post(CODE_STEP, {"code": _code(enrolled, later=1)})

    assert (response["Location"], "_auth_user_id" in client.session) == (LOGIN, False)


def test_the_code_step_expires(client, enrolled):
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})

    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=False):
        response = client.post(CODE_STEP, {"code": _code(enrolled)})

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302


def test_switching_it_off_needs_a_current_code(client, agent, enrolled):
    client.force_login(agent)

    refused = client.post(SETTINGS, {"intent": "off", "code": "000000"})
    client.post(SETTINGS, {"intent": "off", "code": _code(enrolled, later=1)})

    assert (refused.status_code, SecondFactor.objects.filter(user=agent).exists()) == (422, False)
