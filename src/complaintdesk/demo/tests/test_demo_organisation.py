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


# What the demo shows of resolution and follow-up (demo/decisions.py).


def test_satisfied_demo_customers_answered_the_survey_and_their_answer_closed_the_complaint(
    demo, db
):
    from complaintdesk.followup.models import Survey, SurveyState

    answered = Survey.objects.filter(state=SurveyState.ANSWERED, score__gte=3, solved=True)
    closed = [survey.complaint for survey in answered.select_related("complaint")]
    assert len(closed) >= 5
    for complaint in closed[:5]:
        actions = list(complaint.events.values_list("action", flat=True))
        closing = actions.index("survey.answered") + 1
        assert actions[closing] == "complaint.closed"
        assert (
            "satisfied"
            in complaint.events.get(action="complaint.closed").changes["close_reason"][1]
        )


def test_an_unhappy_survey_answer_reopened_a_demo_complaint_in_the_customers_name(demo, db):
    from complaintdesk.followup.models import Survey, SurveyState

    unhappy = Survey.objects.filter(state=SurveyState.ANSWERED, solved=False, score__lte=2)
    assert unhappy.exists()
    for survey in unhappy.select_related("complaint__customer"):
        reopened = survey.complaint.events.filter(action="complaint.reopened").last()
        assert reopened.actor_label == survey.complaint.customer.name
        assert survey.comment in reopened.note


def test_every_survey_the_demo_sent_is_in_the_audit_trail(demo, db):
    from complaintdesk.followup.models import Survey

    sent = Event.objects.filter(action="survey.sent")
    assert sent.count() == Survey.objects.count() > 0
    assert set(sent.values_list("subject", flat=True)) == {
        f"survey:{pk}" for pk in Survey.objects.values_list("pk", flat=True)
    }


def test_demo_decisions_waiting_for_the_customer_can_still_be_answered(demo, db):
    from complaintdesk.followup.selectors import pending_survey

    waiting = Complaint.objects.filter(status__in=[Status.RESOLVED, Status.FOLLOW_UP])
    assert waiting.exists()
    for complaint in waiting:
        assert pending_survey(complaint).expires_at > timezone.now()


def test_demo_compensation_was_approved_within_the_rules_and_paid_into_the_ledger(demo, db):
    from complaintdesk.resolution.compensation import covers
    from complaintdesk.resolution.models import CompensationEntry, RequestState

    entries = CompensationEntry.objects.select_related("request__decided_by")
    assert entries.exists()
    for entry in entries:
        request = entry.request
        assert request.state == RequestState.PAID
        assert covers(request.decided_by, request.amount, request.currency)
        trail = set(
            Event.objects.filter(subject__in=[f"compensation:{request.pk}"]).values_list(
                "action", flat=True
            )
        )
        assert trail == {"compensation.requested", "compensation.approved"}
        assert Event.objects.filter(
            action="compensation.paid", subject=f"compensation_entry:{entry.pk}"
        ).exists()


def test_a_demo_request_above_the_agents_limit_waits_for_someone_who_may_approve_it(demo, db):
    from complaintdesk.resolution.models import CompensationLimit, CompensationRequest
    from complaintdesk.resolution.selectors import pending_approvals

    agent_limits = dict(
        CompensationLimit.objects.filter(role=Role.AGENT).values_list("currency", "max_amount")
    )
    waiting = [
        request
        for request in CompensationRequest.objects.filter(state="pending")
        if request.amount > agent_limits[request.currency]
    ]
    assert waiting
    deciders = User.objects.filter(role__in=[Role.SUPERVISOR, Role.QUALITY_MANAGER])
    for request in waiting:
        assert any(request in pending_approvals(user) for user in deciders)


def test_the_demo_configures_the_appeal_and_external_options_in_every_language(demo, db):
    from complaintdesk.followup.models import AppealOption

    configured = set(AppealOption.objects.filter(active=True).values_list("language", "kind"))
    for language in ("en", "es", "fr", "zh-hans"):
        assert {
            (language, "internal"),
            (language, "ombudsman"),
            (language, "consumer_authority"),
        } <= configured


def test_a_demo_decision_not_upheld_tells_the_customer_the_external_options(demo, db):
    from complaintdesk.followup.models import AppealOption

    not_upheld = Complaint.objects.filter(
        outcome="not_upheld", status__in=[Status.RESOLVED, Status.FOLLOW_UP, Status.CLOSED]
    )
    assert not_upheld.exists()
    for complaint in not_upheld:
        ombudsman = AppealOption.objects.get(kind="ombudsman", language=complaint.language)
        told = complaint.messages.filter(direction=Direction.OUTBOUND)
        assert told.filter(body__contains=ombudsman.name).exists()


def test_demo_remedy_plans_have_steps_with_owners_and_due_dates(demo, db):
    from complaintdesk.resolution.models import PlanStep, RemedyPlan

    plans = RemedyPlan.objects.prefetch_related("steps")
    assert plans.exists()
    for plan in plans:
        steps = list(plan.steps.all())
        assert len(steps) >= 2
        assert all(step.due_at is not None for step in steps)
        assert steps[0].owner is not None
    assert PlanStep.objects.filter(status="done").exists()
