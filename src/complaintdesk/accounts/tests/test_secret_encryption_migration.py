"""The migration that encrypted second-factor secrets: a secret stored in clear before it is
encrypted in place, and its owner still signs in with their app's codes afterwards."""

from __future__ import annotations

import pyotp
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaintdesk.accounts.models import SecondFactor
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("accounts", "0003_failed_attempts_second_factors")
ENCRYPTING = ("accounts", "0004_second_factor_secret_encrypted")
CLEAR_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def migrate_to(*targets: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))


def stored(user_pk: int) -> str:
    table = connection.ops.quote_name(SecondFactor._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {table} WHERE user_id = %s", [user_pk])  # noqa: S608
        return str(cursor.fetchone()[0])


@pytest.fixture
def clear_secret_before_the_migration():
    user = UserFactory(username="clara")
    # Every app's latest, not only accounts': going back to BEFORE also unapplies the other
    # apps' migrations that depend on later accounts ones (insights' rollup, say).
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate_to(BEFORE)
    try:
        old_state = MigrationExecutor(connection).loader.project_state(BEFORE)
        old_factor = old_state.apps.get_model("accounts", "SecondFactor")
        old_factor.objects.create(user_id=user.pk, secret=CLEAR_SECRET, confirmed_at=timezone.now())
        assert stored(user.pk) == CLEAR_SECRET
        yield user
    finally:
        migrate_to(*latest)


def test_the_migration_encrypts_a_secret_stored_in_clear(clear_secret_before_the_migration):
    user = clear_secret_before_the_migration

    migrate_to(ENCRYPTING)

    assert CLEAR_SECRET not in stored(user.pk)
    assert SecondFactor.objects.get(user=user).secret == CLEAR_SECRET


def test_after_the_migration_the_owner_signs_in_with_a_code_from_the_same_app(
    clear_secret_before_the_migration,
):
    user = clear_secret_before_the_migration
    migrate_to(ENCRYPTING)
    client = Client()
    client.post(reverse("console:login"), {"username": user.username, "password": PASSWORD})

    client.post(reverse("accounts:second_factor"), {"code": pyotp.TOTP(CLEAR_SECRET).now()})

    assert client.session.get("_auth_user_id") == str(user.pk)


def test_going_back_before_the_migration_decrypts_the_secret(clear_secret_before_the_migration):
    user = clear_secret_before_the_migration
    migrate_to(ENCRYPTING)

    migrate_to(BEFORE)

    assert stored(user.pk) == CLEAR_SECRET
