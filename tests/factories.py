"""Factories with fixed defaults. Complaints are built through the real services, so every
complaint in a test got where it is the way a real one would, events and all."""

from __future__ import annotations

import factory

from complaintdesk.accounts.models import SYSTEM_PARTY, Department, Role, User
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Category, Complaint, Status
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, file_complaint

PASSWORD = "correct horse battery staple"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@staff.example.com")
    first_name = factory.LazyAttribute(lambda o: o.username.title())
    role = Role.AGENT
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        for department in extracted or []:
            department.members.add(self)


def file(
    *,
    subject: str = "Charged twice for one order",
    description: str = "My card was charged twice for order 1001 on Monday.",
    email: str = "dana@example.com",
    name: str = "Dana Customer",
    language: str = "en",
    channel: str = "api",
    **extra,
) -> Complaint:
    """A new complaint as intake leaves it: received, then acknowledged."""
    return file_complaint(
        channel=channel,
        customer=CustomerDetails(name=name, email=email, language=language),
        complaint=ComplaintDetails(
            subject=subject, description=description, language=language, **extra
        ),
    )


# The shortest road from acknowledged to each state, with the fields each step needs.
ROAD: dict[str, list[tuple[str, dict]]] = {
    Status.ACKNOWLEDGED: [],
    Status.TRIAGED: [("triage", {})],
    Status.INVESTIGATING: [("triage", {}), ("start_investigation", {})],
    Status.WAITING_ON_CUSTOMER: [
        ("triage", {}),
        ("start_investigation", {}),
        ("request_information", {"note": "Which card was charged?"}),
    ],
    Status.REMEDY_PROPOSED: [
        ("triage", {}),
        ("start_investigation", {}),
        ("propose_remedy", {"remedy_plan": "Refund the second charge."}),
    ],
    Status.IN_REMEDY: [
        ("triage", {}),
        ("start_investigation", {}),
        ("propose_remedy", {"remedy_plan": "Refund the second charge."}),
        ("accept_remedy", {}),
    ],
    Status.RESOLVED: [
        ("triage", {}),
        ("start_investigation", {}),
        ("resolve", {"resolution_summary": "Refunded.", "outcome": "upheld"}),
    ],
    Status.FOLLOW_UP: [
        ("triage", {}),
        ("start_investigation", {}),
        ("resolve", {"resolution_summary": "Refunded.", "outcome": "upheld"}),
        ("start_follow_up", {}),
    ],
    Status.CLOSED: [
        ("triage", {}),
        ("start_investigation", {}),
        ("resolve", {"resolution_summary": "Refunded.", "outcome": "upheld"}),
        ("start_follow_up", {}),
        ("close", {"close_reason": "The customer answered the survey: satisfied."}),
    ],
    Status.REOPENED: [
        ("triage", {}),
        ("start_investigation", {}),
        ("resolve", {"resolution_summary": "Refunded.", "outcome": "upheld"}),
        ("reopen", {"note": "The refund never arrived."}),
    ],
    Status.WITHDRAWN: [("withdraw", {"note": "The customer sorted it out with the shop."})],
}


def complaint_in(status: str, *, actor: User, department: Department, **extra) -> Complaint:
    """A complaint walked through the real lifecycle to `status`."""
    complaint = file(**extra)
    if status == Status.RECEIVED:
        # Intake always acknowledges; a complaint still 'received' exists only when intake
        # was interrupted, so it is written directly here.
        Complaint.objects.filter(pk=complaint.pk).update(status=Status.RECEIVED)
        complaint.refresh_from_db()
        return complaint
    category = CategoryFactory(code="billing", name="Billing and charges")
    for action, fields in ROAD[status]:
        fields = dict(fields)
        note = fields.pop("note", "")
        if action == "triage":
            fields = {"category": category, "severity": "medium", "department": department}
        ready_for(action, complaint, actor=actor, **fields)
        # Closing is the system's, after a satisfied survey (or a supervisor's decision).
        by = SYSTEM_PARTY if action == "close" else actor
        lifecycle.perform(complaint, action, actor=by, note=note, **fields)
    return complaint


def ready_for(action: str, complaint: Complaint, *, actor: User, **fields) -> None:
    """What an action's guard needs besides its own fields (resolution): a proposed plan with a
    step before `propose_remedy`; before `resolve`, a root cause when it is upheld and the
    plan's steps done."""
    from datetime import timedelta

    from django.utils import timezone

    from complaintdesk.resolution.models import (
        PlanState,
        PlanStep,
        RemedyPlan,
        RootCause,
        RootCauseCategory,
        StepStatus,
    )

    if action == "propose_remedy":
        plan = RemedyPlan.objects.create(
            complaint=complaint,
            version=RemedyPlan.objects.filter(complaint=complaint).count() + 1,
            objectives=fields.get("remedy_plan") or "Refund the second charge.",
            remedy_types=["refund"],
            state=PlanState.PROPOSED,
            created_by=actor,
        )
        PlanStep.objects.create(
            plan=plan,
            description="Refund the second charge.",
            due_at=timezone.now() + timedelta(days=3),
        )
    elif action == "resolve":
        if fields.get("outcome") in {"upheld", "partially_upheld"}:
            RootCause.objects.get_or_create(
                complaint=complaint,
                defaults={
                    "category": RootCauseCategory.objects.get_or_create(
                        code="process", defaults={"name": "Process"}
                    )[0],
                    "explanation": "The payment was captured twice.",
                    "recorded_by": actor,
                },
            )
        PlanStep.objects.filter(plan__complaint=complaint, status=StepStatus.OPEN).update(
            status=StepStatus.DONE, done_at=timezone.now()
        )
