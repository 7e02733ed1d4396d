"""Erasure reaches every app: a complaint with words in every free-text field of intake,
investigation, plans, compensation, follow-up, relations, coordination and the quality process
is erased, and none of those words, nor the customer's name, address or number, is left in any
table of the database — the audit trail included, whose events all stay."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from complaintdesk.accounts.models import CUSTOMER, Party
from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.services import add_internal_note, reply_to_customer
from complaintdesk.followup.models import Survey
from complaintdesk.followup.services import SurveyAnswer, answer_survey, record_final_position
from complaintdesk.insights.audit import draw_audit_sample, review_audit_item
from complaintdesk.insights.models import AuditItem, Lesson
from complaintdesk.insights.services import mark_as_lesson
from complaintdesk.intake.attachments import IncomingFile, keep_attachments
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint
from complaintdesk.privacy.erasure import ERASED
from complaintdesk.privacy.services import erase_customer
from complaintdesk.relations.services import link_complaints, merge_complaints, split_complaint
from complaintdesk.resolution import compensation, plans, services
from complaintdesk.resolution.models import (
    CompensationEntry,
    RemedyPlan,
    RootCauseCategory,
)
from complaintdesk.routing.coordination import add_task, grant_access
from tests.factories import CategoryFactory, UserFactory, file

pytestmark = pytest.mark.django_db

# One word of each kind the customer or staff wrote; none may survive the erasure.
WORDS = {
    name: f"Qzx{name.replace('_', '')}Wv"
    for name in (
        "subject", "description", "location", "product", "reply", "internal_note", "file_name",
        "inv_note", "evidence", "order_ref", "contact", "explanation", "why_one", "why_two",
        "objectives", "step", "plan_comment", "accept_note", "step_done", "second_plan",
        "no_confirmation", "comp_reason", "pay_note", "reverse_reason", "big_reason",
        "decline_note", "link_note", "dup_subject", "merge_reason", "split_text",
        "split_withdrawn", "task", "task_outcome", "grant_reason", "resolution", "position",
        "survey_comment", "lesson", "finding",
    )
}  # fmt: skip
NAME = "Qzxcustomername Wvsurname"
EMAIL = "qzx.customer.wv@example.org"
PHONE = "+44 7700 900123"


def _customer() -> Party:
    return Party(CUSTOMER, NAME)


def _file(**extra) -> Complaint:
    return file_complaint(
        channel="api",
        customer=CustomerDetails(name=NAME, email=EMAIL, phone=PHONE, language="en"),
        complaint=ComplaintDetails(language="en", **extra),
    )


def _investigate(complaint: Complaint, agent, billing, colleague) -> None:
    category = CategoryFactory(code="billing", name="Billing and charges")
    lifecycle.perform(
        complaint, "triage", actor=agent, category=category, severity="medium", department=billing
    )
    lifecycle.perform(complaint, "start_investigation", actor=agent)
    reply_to_customer(complaint=complaint, actor=agent, body=WORDS["reply"])
    add_internal_note(complaint=complaint, actor=agent, body=WORDS["internal_note"])
    with transaction.atomic():
        kept = keep_attachments(
            complaint=complaint,
            files=[
                IncomingFile.from_bytes(
                    f"{WORDS['file_name']}.pdf", "application/pdf", b"%PDF-1.4 " + b"x" * 40
                )
            ],
            actor_label=NAME,
        )
    services.add_investigation_note(complaint=complaint, actor=agent, text=WORDS["inv_note"])
    services.add_evidence(
        complaint=complaint,
        actor=agent,
        text=WORDS["evidence"],
        record_reference=WORDS["order_ref"],
        attachment=complaint.attachments.get(pk=kept.kept[0].pk),
    )
    services.record_customer_contact(
        complaint=complaint, actor=agent, text=WORDS["contact"], channel="phone"
    )
    services.record_root_cause(
        complaint=complaint,
        actor=agent,
        category=RootCauseCategory.objects.get(code="process"),
        explanation=WORDS["explanation"],
        five_whys=[WORDS["why_one"], WORDS["why_two"]],
    )
    # Coordination with another department, and someone let in, with their reasons.
    Complaint.objects.filter(pk=complaint.pk).update(abnormal=True, owner=agent)
    complaint.refresh_from_db()
    task = add_task(
        complaint=complaint,
        actor=agent,
        department=colleague.departments.first(),
        description=WORDS["task"],
        due_at=timezone.now() + timedelta(days=2),
    )
    from complaintdesk.routing.coordination import complete_task

    complete_task(complaint=complaint, task=task, actor=agent, outcome=WORDS["task_outcome"])
    grant_access(complaint=complaint, actor=agent, user=colleague, reason=WORDS["grant_reason"])


def _plan_and_compensate(complaint: Complaint, agent, supervisor) -> None:
    plan = plans.draft_plan(
        complaint=complaint,
        actor=agent,
        objectives=WORDS["objectives"],
        remedy_types=["refund"],
        steps=[plans.StepDraft(WORDS["step"], timezone.now() + timedelta(days=2))],
    )
    plans.propose_plan(complaint=complaint, plan=plan, actor=agent)
    plans.comment_on_plan(
        complaint=complaint, plan=plan, actor=_customer(), text=WORDS["plan_comment"]
    )
    lifecycle.perform(complaint, "accept_remedy", actor=_customer(), note=WORDS["accept_note"])
    plans.draft_plan(
        complaint=complaint,
        actor=agent,
        objectives=WORDS["second_plan"],
        remedy_types=["explanation"],
        needs_confirmation=False,
        no_confirmation_reason=WORDS["no_confirmation"],
    )
    currency = settings.DEFAULT_CURRENCY
    paid = compensation.request_compensation(
        complaint=complaint,
        actor=agent,
        amount=Decimal("20.00"),
        currency=currency,
        kind="money",
        reason=WORDS["comp_reason"],
    )
    entry = compensation.pay_compensation(request=paid, actor=agent, note=WORDS["pay_note"])
    compensation.reverse_compensation(entry=entry, actor=agent, reason=WORDS["reverse_reason"])
    big = compensation.request_compensation(
        complaint=complaint,
        actor=agent,
        amount=Decimal("400.00"),
        currency=currency,
        kind="money",
        reason=WORDS["big_reason"],
    )
    compensation.decline_compensation(request=big, actor=supervisor, reason=WORDS["decline_note"])
    step = RemedyPlan.objects.get(pk=plan.pk).steps.get()
    plans.complete_step(complaint=complaint, step=step, actor=agent, note=WORDS["step_done"])


def _relate(complaint: Complaint, agent) -> None:
    other = file(email="someone.else@example.com", name="Someone Else")
    link_complaints(
        complaint=complaint, other=other, actor=agent, kind="related", note=WORDS["link_note"]
    )
    duplicate = _file(subject=WORDS["dup_subject"], description=WORDS["dup_subject"])
    merge_complaints(duplicate=duplicate, into=complaint, actor=agent, reason=WORDS["merge_reason"])
    split = split_complaint(complaint=complaint, actor=agent, text=WORDS["split_text"])
    lifecycle.perform(split, "withdraw", actor=agent, note=WORDS["split_withdrawn"])


def _decide_and_follow_up(complaint: Complaint, agent, quality_manager) -> None:
    lifecycle.perform(
        complaint,
        "resolve",
        actor=agent,
        resolution_summary=WORDS["resolution"],
        outcome="upheld",
    )
    complaint.refresh_from_db()
    record_final_position(complaint=complaint, position=WORDS["position"], actor=_customer())
    answer_survey(
        survey=Survey.objects.get(complaint=complaint, state="pending"),
        answer=SurveyAnswer(score=5, solved=True, comment=WORDS["survey_comment"]),
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    mark_as_lesson(actor=agent, complaint=complaint, summary=WORDS["lesson"])
    today = timezone.localdate()
    sample = draw_audit_sample(
        actor=quality_manager, start=today - timedelta(days=1), end=today, department=None, size=50
    )
    review_audit_item(
        actor=quality_manager,
        item=sample.items.get(complaint=complaint),
        answers={"remedy_fair": False},
        finding=WORDS["finding"],
    )


@pytest.fixture
def handled(agent, supervisor, quality_manager, billing, delivery):
    """A complaint with words in every field, closed after a satisfied survey."""
    colleague = UserFactory(username="carla", role="handler", departments=[delivery])
    complaint = _file(
        subject=WORDS["subject"],
        description=WORDS["description"],
        location=WORDS["location"],
        product_reference=WORDS["product"],
    )
    _investigate(complaint, agent, billing, colleague)
    _plan_and_compensate(complaint, agent, supervisor)
    _relate(complaint, agent)
    _decide_and_follow_up(complaint, agent, quality_manager)
    return complaint


def _dump() -> list[tuple[str, str]]:
    """Every table of the database, every row and column, as text."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    if isinstance(value, bytes):
                        value = value.decode("latin-1")
                    found.append((table, str(value)))
    return found


def _left(words: list[str]) -> dict[str, set[str]]:
    left: dict[str, set[str]] = {}
    for table, text in _dump():
        for word in words:
            if word.lower() in text.lower():
                left.setdefault(word, set()).add(table)
    return left


def test_every_word_is_in_the_database_before_the_erasure(handled):
    # The test sees what it means to: each word was really stored somewhere.
    words = [*WORDS.values(), NAME, EMAIL, PHONE]

    assert set(_left(words)) == set(words)


def test_after_the_erasure_no_word_name_address_or_number_is_left_anywhere(
    handled, quality_manager
):
    erase_customer(customer=handled.customer, actor=quality_manager, reason="Asked on 3 May")

    assert _left([*WORDS.values(), NAME, EMAIL, PHONE]) == {}


def test_the_erasure_keeps_every_event_and_what_happened(handled, quality_manager):
    before = list(
        Event.objects.filter(complaint=handled).values_list("pk", "action", "status_after", "at")
    )

    erase_customer(customer=handled.customer, actor=quality_manager, reason="Asked on 3 May")

    after = Event.objects.filter(complaint=handled).values_list(
        "pk", "action", "status_after", "at"
    )
    assert list(after)[: len(before)] == before


def test_the_erasure_keeps_amounts_causes_and_states(handled, quality_manager):
    ledger = list(CompensationEntry.objects.values_list("amount", "currency", "kind"))

    erase_customer(customer=handled.customer, actor=quality_manager, reason="Asked on 3 May")

    assert list(CompensationEntry.objects.values_list("amount", "currency", "kind")) == ledger
    assert set(CompensationEntry.objects.values_list("note", flat=True)) == {ERASED}
    assert handled.root_cause.category.code == "process"
    assert AuditItem.objects.get(complaint=handled).answers["remedy_fair"] is False
    assert not Lesson.objects.filter(complaint=handled).exists()
