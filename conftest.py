"""Personas used across the suite: an agent and a handler in two departments, a supervisor, a
quality manager, an auditor, an admin, a customer without an account, and an outsider from
another department who must be refused."""

from __future__ import annotations

import importlib

import pytest
from pytest_django.plugin import blocking_manager_key

from complaintdesk.accounts.models import CUSTOMER, Party, Role
from tests.factories import DepartmentFactory, UserFactory

# Migrations that write rows every installation starts with. A test that commits (transactional)
# ends with the database flushed, rows and all; they are written again after it, so the tests
# that follow find what a migrated database has whatever the order. (Instead of
# serialized_rollback, which reloads a snapshot that collides with the content types the flush
# of an earlier transactional test recreated.)
SEEDING_MIGRATIONS = [
    "complaintdesk.triage.migrations.0002_default_rules_and_priority_matrix",
    "complaintdesk.resolution.migrations.0002_seed_root_causes_limits_and_ledger_guard",
    "complaintdesk.followup.migrations.0002_seed_reply_templates_and_internal_appeal",
]


def _flushes(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    names = set(getattr(item, "fixturenames", ()))
    return transactional or bool({"transactional_db", "live_server"} & names)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    # After every fixture's teardown, the flush included (live_server's comes from an autouse
    # fixture of pytest-django, torn down after ours would be).
    result = yield
    if nextitem is not None and _flushes(item):
        from django.apps import apps

        with item.config.stash[blocking_manager_key].unblock():
            for name in SEEDING_MIGRATIONS:
                # Each seed is get_or_create throughout, so a full table is left as it is.
                importlib.import_module(name).seed(apps, None)
    return result


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"


@pytest.fixture
def billing(db):
    return DepartmentFactory(code="billing", name="Billing")


@pytest.fixture
def delivery(db):
    return DepartmentFactory(code="delivery", name="Delivery")


@pytest.fixture
def agent(billing):
    return UserFactory(username="alice", first_name="Alice", role=Role.AGENT, departments=[billing])


@pytest.fixture
def handler(billing):
    return UserFactory(username="hugo", first_name="Hugo", role=Role.HANDLER, departments=[billing])


@pytest.fixture
def supervisor(billing):
    user = UserFactory(username="sofia", first_name="Sofia", role=Role.SUPERVISOR)
    billing.supervisors.add(user)
    return user


@pytest.fixture
def quality_manager(db):
    return UserFactory(username="quinn", first_name="Quinn", role=Role.QUALITY_MANAGER)


@pytest.fixture
def auditor(db):
    return UserFactory(username="audrey", first_name="Audrey", role=Role.AUDITOR)


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="adam", first_name="Adam", role=Role.ADMIN, is_staff=True, is_superuser=True
    )


@pytest.fixture
def outsider(delivery):
    """A handler of another department: must never see billing's complaints."""
    return UserFactory(
        username="oscar", first_name="Oscar", role=Role.HANDLER, departments=[delivery]
    )


@pytest.fixture
def customer():
    return Party(CUSTOMER, "Dana Customer")
