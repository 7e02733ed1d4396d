"""Second-factor secrets are encrypted at rest: the database column never holds the secret,
signing in with a code still works, old keys still read after a rotation, and the migration
encrypted the secrets stored in clear before it."""

from __future__ import annotations

import pyotp
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from complaintdesk.accounts.field_encryption import decrypt
from complaintdesk.accounts.models import SecondFactor
from complaintdesk.audit.models import Event
from tests.configuration.test_settings_from_environment import run_check
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("console:login")
CODE_STEP = reverse("accounts:second_factor")
SETTINGS = reverse("accounts:two_factor")
OLD_KEY = "o" * 40
NEW_KEY = "n" * 40


def stored(factor_pk: int) -> str:
    """The secret column as the database holds it, past the model field."""
    table = connection.ops.quote_name(SecondFactor._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {table} WHERE id = %s", [factor_pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def enrol(client, user) -> SecondFactor:
    """Through the real settings page: shown a key, switched on with a first code."""
    client.force_login(user)
    client.get(SETTINGS)
    factor = SecondFactor.objects.get(user=user)
    client.post(SETTINGS, {"intent": "on", "code": pyotp.TOTP(factor.secret).now()})
    client.logout()
    factor.refresh_from_db()
    assert factor.active
    return factor


def test_the_database_column_does_not_contain_the_secret(client, agent):
    factor = enrol(client, agent)

    column = stored(factor.pk)

    assert factor.secret not in column
    assert factor.secret.lower() not in column.lower()
    assert decrypt(column) == factor.secret


def test_two_factors_with_the_same_secret_are_stored_differently(agent, handler):
    first = SecondFactor.objects.create(user=agent, secret="JBSWY3DPEHPK3PXP")
    second = SecondFactor.objects.create(user=handler, secret="JBSWY3DPEHPK3PXP")

    assert stored(first.pk) != stored(second.pk)


def test_signing_in_with_the_password_and_a_code_works_with_the_secret_encrypted(client, agent):
    factor = enrol(client, agent)
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})

    code = pyotp.TOTP(factor.secret).at(timezone.now(), counter_offset=1)
    response = client.post(CODE_STEP, {"code": code})

    assert (response.status_code, client.session.get("_auth_user_id")) == (302, str(agent.pk))


def test_a_secret_written_under_an_old_key_still_works_after_the_key_changes(
    client, agent, settings
):
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    factor = enrol(client, agent)
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_ENCRYPTION_OLD_KEYS = [OLD_KEY]
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})

    code = pyotp.TOTP(factor.secret).at(timezone.now(), counter_offset=1)
    client.post(CODE_STEP, {"code": code})

    assert client.session.get("_auth_user_id") == str(agent.pk)


def test_the_rotation_command_reencrypts_every_secret_so_the_old_key_can_go(
    client, agent, settings
):
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    factor = enrol(client, agent)
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY
    settings.FIELD_ENCRYPTION_OLD_KEYS = [OLD_KEY]

    call_command("rotate_field_key", verbosity=0)

    settings.FIELD_ENCRYPTION_OLD_KEYS = []
    assert SecondFactor.objects.get(pk=factor.pk).secret == factor.secret
    assert Event.objects.filter(action="second_factor.secrets_reencrypted").count() == 1
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY"):
        SecondFactor.objects.get(pk=factor.pk)


def test_a_secret_no_configured_key_opens_stops_with_the_setting_named(client, agent, settings):
    settings.FIELD_ENCRYPTION_KEY = OLD_KEY
    factor = enrol(client, agent)
    settings.FIELD_ENCRYPTION_KEY = NEW_KEY

    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY"):
        SecondFactor.objects.get(pk=factor.pk)


def test_without_a_key_of_its_own_the_key_is_drawn_from_the_secret_key(client, agent, settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    factor = enrol(client, agent)
    settings.SECRET_KEY = "s" * 50

    with pytest.raises(ImproperlyConfigured):
        SecondFactor.objects.get(pk=factor.pk)


def test_a_short_field_encryption_key_stops_start_up_naming_it(tmp_path):
    result = run_check(tmp_path, FIELD_ENCRYPTION_KEY="too short")

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY" in result.stderr
