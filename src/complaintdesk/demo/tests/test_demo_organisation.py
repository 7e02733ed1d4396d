"""The demo organisation, loaded once for the module (inside a transaction rolled back at the
end) because writing ninety days of history takes a few seconds."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from complaintdesk.accounts.models import Department, Role, User
from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import (
    Category,
    Complaint,
    Customer,
    DeliveryStatus,
    Direction,
    Message,
    Status,
)
from complaintdesk.demo.loader import load_demo
from complaintdesk.demo.organisation import CATEGORIES, DEPARTMENTS, ROLE_ACCOUNTS


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Module-scoped, so the suite's per-test fast hasher is not in force yet.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        result = load_demo()
        yield result
        transaction.set_rollback(True)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Complaint, Customer, Message, Event, User, Department, Category)
    }


def test_loading_the_demo_again_changes_nothing(demo, db):
    before = counts()
    again = load_demo()
    assert (again.skipped, counts()) == (True, before)


def test_the_demo_holds_about_two_hundred_complaints(demo, db):
    assert demo.complaints == Complaint.objects.count()
    assert 180 <= demo.complaints <= 220


def test_demo_complaints_rest_in_every_state_a_complaint_can_rest_in(demo, db):
    # Intake acknowledges at once: "received" only exists while intake is interrupted.
    resting = set(Status.values) - {Status.RECEIVED}
    assert set(Complaint.objects.values_list("status", flat=True)) == resting


def test_the_demo_speaks_english_spanish_french_and_chinese(demo, db):
    languages = set(Complaint.objects.values_list("language", flat=True))
    assert languages == {"en", "es", "fr", "zh-hans"}


def test_demo_complaints_were_received_over_the_last_ninety_days(demo, db):
    now = timezone.now()
    received = list(Complaint.objects.values_list("received_at", flat=True))
    assert min(received) >= now - timedelta(days=91)
    assert min(received) <= now - timedelta(days=60)
    assert max(received) >= now - timedelta(days=3)


def test_every_demo_event_falls_between_its_complaints_receipt_and_now(demo, db):
    now = timezone.now()
    for complaint in Complaint.objects.prefetch_related("events"):
        times = [event.at for event in complaint.events.all()]
        assert complaint.received_at <= min(times)
        assert max(times) <= now
        assert times == sorted(times)


def test_messages_are_dated_with_the_events_that_wrote_them(demo, db):
    for message in Message.objects.select_related("complaint")[:300]:
        assert message.complaint.received_at <= message.created_at <= timezone.now()


def test_every_closed_demo_complaint_has_an_outcome(demo, db):
    closed = Complaint.objects.filter(status=Status.CLOSED)
    assert closed.exists()
    assert not closed.filter(outcome="").exists()


def test_the_demo_leaves_nothing_queued_for_its_made_up_customers(demo, db):
    assert not DBTaskResult.objects.exists()
    pending = Message.objects.filter(
        direction=Direction.OUTBOUND, delivery_status=DeliveryStatus.PENDING
    )
    assert not pending.exists()


def test_demo_customers_only_have_addresses_that_can_never_receive_mail(demo, db):
    domains = {
        email.rpartition("@")[2]
        for email in Customer.objects.values_list("email", flat=True)
        if email
    }
    assert domains <= {"example.com", "example.org", "example.net"}


def test_the_demo_has_every_department_category_and_role(demo, db):
    assert set(Department.objects.values_list("code", flat=True)) >= set(DEPARTMENTS)
    assert set(Category.objects.values_list("code", flat=True)) >= set(CATEGORIES)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


def test_each_demo_login_works_with_the_password_the_command_prints(demo, db):
    for account in ROLE_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert (user.role, user.check_password(account.password)) == (account.role, True)


def test_every_department_has_a_head_and_people_to_do_the_work(demo, db):
    for department in Department.objects.filter(code__in=DEPARTMENTS):
        assert department.head is not None
        assert department.members.exists()


def test_the_demo_command_on_a_loaded_database_prints_the_logins(demo, db):
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "already loaded" in out.getvalue()
    for account in ROLE_ACCOUNTS:
        assert f"{account.username}" in out.getvalue()
        assert account.password in out.getvalue()


def test_a_new_complaint_in_the_demo_is_routed_by_its_category_and_timed_by_its_priority(demo, db):
    from complaintdesk.demo.service_levels import ROUTES, SERVICE_LEVELS
    from complaintdesk.routing.models import RoutingRule
    from complaintdesk.sla.models import EscalationLadder, SlaPolicy
    from tests.factories import file

    complaint = file(email="new.customer@example.com")
    complaint.refresh_from_db()

    assert complaint.category.code == "billing-and-charges"
    assert complaint.department.code == "billing"
    assert complaint.first_response_due is not None
    assert RoutingRule.objects.count() == len(ROUTES)
    assert SlaPolicy.objects.count() == len(SERVICE_LEVELS)
    assert EscalationLadder.objects.get(department=None).steps.count() == 4
