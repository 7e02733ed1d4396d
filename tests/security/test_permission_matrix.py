"""The permission matrix: every kind of caller against every API operation and every staff
page, through the real HTTP interface, each answer written down here.

Read a row as: what this endpoint answers each caller. 401/302 anonymous (no token / to the
sign-in page), 403 a role that may not use it at all (accounts.permissions), 404 a complaint
outside the caller's scope (the outsider is a handler of another department), and otherwise
the endpoint's own answer (a 409 or 422 there means the caller got through and the endpoint
judged the request itself). A new endpoint without a row here fails
test_the_matrix_has_a_row_for_every_operation_and_staff_page."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaintdesk.accounts.models import Role
from complaintdesk.accounts.permissions import (
    URL_RULES,
    Access,
    api_operations,
)
from complaintdesk.accounts.services import issue_token
from complaintdesk.api import api
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.followup.models import ReplyTemplate
from complaintdesk.intake.attachments import IncomingFile, keep_attachments
from complaintdesk.routing import coordination
from tests.api.clients import NEW_COMPLAINT
from tests.factories import UserFactory, complaint_in
from tests.security.conftest import CALLERS

pytestmark = pytest.mark.django_db


@dataclass
class World:
    """One complaint of billing under investigation, abnormal, with a file and a coordination
    task for delivery (owned by a colleague of the outsider, not by the outsider); and the
    people."""

    complaint: Complaint
    people: dict[str, Any]
    billing: Any
    delivery: Any
    task_id: int = 0
    attachment_id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return self.complaint.reference

    def resolved(self) -> Complaint:
        return complaint_in(Status.RESOLVED, actor=self.people["agent"], department=self.billing)

    def second(self) -> Complaint:
        """Another complaint of the same customer in billing, e.g. to merge."""
        return complaint_in(Status.TRIAGED, actor=self.people["agent"], department=self.billing)

    def link(self) -> int:
        """A related link between the complaint and another one, made by hand; its id."""
        from complaintdesk.relations.services import link_complaints

        with transaction.atomic():
            made = link_complaints(
                complaint=self.complaint,
                other=self.second(),
                actor=self.people["agent"],
                kind="related",
            )
        return made.pk


Request = tuple[str, str, dict[str, Any] | None]
API = "/api/v1"
SOON = (timezone.now() + timedelta(days=3)).isoformat()

API_REQUESTS: dict[str, Callable[[World], Request]] = {
    "file_complaint": lambda w: ("post", "/complaints", NEW_COMPLAINT),
    "list_complaints": lambda w: ("get", "/complaints", None),
    "read_complaint": lambda w: ("get", f"/complaints/{w.ref}", None),
    "change_complaint": lambda w: (
        "patch",
        f"/complaints/{w.ref}",
        {"priority": "p2", "version": w.complaint.version},
    ),
    "take_action": lambda w: (
        "post",
        f"/complaints/{w.resolved().reference}/transitions",
        {"action": "reopen", "note": "The refund never came."},
    ),
    "list_events": lambda w: ("get", f"/complaints/{w.ref}/events", None),
    "list_sensitive_reads": lambda w: ("get", "/privacy/reads", None),
    "list_messages": lambda w: ("get", f"/complaints/{w.ref}/messages", None),
    "write_message": lambda w: (
        "post",
        f"/complaints/{w.ref}/messages",
        {"kind": "note", "body": "Checked the ledger."},
    ),
    "receive_signed_complaint": lambda w: ("post", "/intake/chat", {"description": "x"}),
    "take_complaint": lambda w: ("post", f"/complaints/{w.ref}/take", None),
    "reassign_complaint": lambda w: (
        "post",
        f"/complaints/{w.ref}/reassign",
        {"reason": "Delivery's matter", "department": w.delivery.pk},
    ),
    "list_tasks": lambda w: ("get", f"/complaints/{w.ref}/tasks", None),
    "add_task": lambda w: (
        "post",
        f"/complaints/{w.ref}/tasks",
        {"department": w.delivery.pk, "description": "Check the van", "due_at": SOON},
    ),
    "complete_task": lambda w: (
        "post",
        f"/complaints/{w.ref}/tasks/{w.task_id}/complete",
        {"text": "Parcel found."},
    ),
    "close_task": lambda w: (
        "post",
        f"/complaints/{w.ref}/tasks/{w.task_id}/close",
        {"text": "No longer needed."},
    ),
    "grant_access": lambda w: (
        "post",
        f"/complaints/{w.ref}/grants",
        {"user": w.people["outsider"].pk, "reason": "Knows the customer."},
    ),
    "list_surveys": lambda w: ("get", f"/complaints/{w.ref}/surveys", None),
    "list_progress_updates": lambda w: ("get", f"/complaints/{w.ref}/progress-updates", None),
    "list_final_positions": lambda w: ("get", f"/complaints/{w.ref}/final-positions", None),
    "record_final_position": lambda w: (
        "post",
        f"/complaints/{w.resolved().reference}/final-positions",
        {"position": "I do not accept it."},
    ),
    "list_reply_templates": lambda w: ("get", f"/complaints/{w.ref}/reply-templates", None),
    "list_links": lambda w: ("get", f"/complaints/{w.ref}/links", None),
    "list_possible_duplicates": lambda w: ("get", f"/complaints/{w.ref}/duplicates", None),
    "link_complaint": lambda w: (
        "post",
        f"/complaints/{w.ref}/links",
        {"reference": w.second().reference, "kind": "related"},
    ),
    "unlink_complaint": lambda w: (
        "post",
        f"/complaints/{w.ref}/links/{w.link()}/unlink",
        {"note": "Not the same order after all."},
    ),
    "merge_complaint": lambda w: (
        "post",
        f"/complaints/{w.second().reference}/merge",
        {"into": w.ref, "reason": "The same double charge."},
    ),
    "split_complaint": lambda w: (
        "post",
        f"/complaints/{w.ref}/split",
        {"text": "Also, the driver was rude."},
    ),
    "list_investigation": lambda w: ("get", f"/complaints/{w.ref}/investigation", None),
    "add_investigation_entry": lambda w: (
        "post",
        f"/complaints/{w.ref}/investigation",
        {"kind": "note", "text": "Checked the gateway log."},
    ),
    "read_root_cause": lambda w: ("get", f"/complaints/{w.ref}/root-cause", None),
    "record_root_cause": lambda w: (
        "put",
        f"/complaints/{w.ref}/root-cause",
        {"category": "process", "explanation": "Captured twice."},
    ),
    "customer_history": lambda w: ("get", f"/complaints/{w.ref}/history", None),
    "list_plans": lambda w: ("get", f"/complaints/{w.ref}/plans", None),
    "draft_plan": lambda w: (
        "post",
        f"/complaints/{w.ref}/plans",
        {"objectives": "Refund.", "remedy_types": ["refund"]},
    ),
    "add_plan_step": lambda w: (
        "post",
        f"/complaints/{w.ref}/plans/{_plan(w).pk}/steps",
        {"description": "Refund.", "due_at": SOON},
    ),
    "propose_plan": lambda w: ("post", f"/complaints/{w.ref}/plans/{_plan(w).pk}/propose", {}),
    "record_plan_answer": lambda w: (
        "post",
        f"/complaints/{w.ref}/plans/{_plan(w).pk}/answer",
        {"answer": "comment", "text": "By Friday?"},
    ),
    "complete_plan_step": lambda w: (
        "post",
        f"/complaints/{w.ref}/plans/{(s := _step(w)).plan_id}/steps/{s.pk}/done",
        {},
    ),
    "cancel_plan_step": lambda w: (
        "post",
        f"/complaints/{w.ref}/plans/{(s := _step(w)).plan_id}/steps/{s.pk}/cancel",
        {"text": "Not needed."},
    ),
    "list_compensation": lambda w: ("get", f"/complaints/{w.ref}/compensation", None),
    "request_compensation": lambda w: (
        "post",
        f"/complaints/{w.ref}/compensation",
        {"amount": "20.00", "currency": "EUR", "kind": "money", "reason": "Two charges."},
    ),
    "approve_compensation": lambda w: (
        "post",
        f"/complaints/{w.ref}/compensation/{_compensation(w, '80.00').pk}/approve",
        {},
    ),
    "decline_compensation": lambda w: (
        "post",
        f"/complaints/{w.ref}/compensation/{_compensation(w, '80.00').pk}/decline",
        {"text": "Not justified."},
    ),
    "pay_compensation": lambda w: (
        "post",
        f"/complaints/{w.ref}/compensation/{_compensation(w, '20.00').pk}/pay",
        {},
    ),
    "reverse_compensation": lambda w: (
        "post",
        f"/complaints/{w.ref}/compensation/ledger/{_paid(w).pk}/reverse",
        {"text": "Paid twice."},
    ),
    "list_pending_compensation": lambda w: ("get", "/compensation/pending", None),
    "insights_dashboard": lambda w: ("get", "/insights/dashboard", None),
}


def _plan(w: World) -> Any:
    """A draft remedy plan of the world's complaint, with one step."""
    return w.extra.get("plan") or w.extra.setdefault("plan", _step(w, state="draft").plan)


def _step(w: World, state: str = "accepted") -> Any:
    from complaintdesk.resolution.models import PlanStep, RemedyPlan

    plan = RemedyPlan.objects.create(
        complaint=w.complaint,
        version=RemedyPlan.objects.filter(complaint=w.complaint).count() + 1,
        objectives="Refund.",
        remedy_types=["refund"],
        state=state,
        created_by=w.people["agent"],
    )
    return PlanStep.objects.create(
        plan=plan, description="Refund.", due_at=timezone.now() + timedelta(days=2)
    )


def _compensation(w: World, amount: str) -> Any:
    """The agent's request: 80.00 waits for approval, 20.00 is approved at once."""
    from complaintdesk.resolution.compensation import request_compensation

    with transaction.atomic():
        return request_compensation(
            complaint=w.complaint,
            actor=w.people["agent"],
            amount=Decimal(amount),
            currency="EUR",
            kind="money",
            reason="Two charges.",
        )


def _capa(w: World) -> Any:
    """A corrective action of billing, owned by the supervisor (insights)."""
    from complaintdesk.insights.services import open_corrective_action

    return open_corrective_action(
        actor=w.people["quality_manager"],
        kind="corrective",
        title="Stop double charges",
        problem="Charged twice.",
        owner=w.people["supervisor"],
        department=w.billing,
        due_date=timezone.localdate() + timedelta(days=30),
    )


def _audit(w: World) -> Any:
    from complaintdesk.insights.models import AuditSample

    return AuditSample.objects.create(
        start=timezone.localdate(), end=timezone.localdate(), size=0, drawn_by=w.people["agent"]
    )


def _problem(w: World) -> Any:
    from complaintdesk.insights.problems import open_problem

    return open_problem(actor=w.people["quality_manager"], title="Outage", complaints=[w.complaint])


def _spike(w: World) -> Any:
    from complaintdesk.insights.models import SpikeAlert

    now = timezone.now()
    return SpikeAlert.objects.create(
        window="day",
        dimension="channel",
        key="api",
        label="API",
        starts_at=now - timedelta(days=1),
        ends_at=now,
        count=9,
        baseline=1,
        threshold=5,
    )


def _paid(w: World) -> Any:
    from complaintdesk.resolution.compensation import pay_compensation

    return pay_compensation(request=_compensation(w, "20.00"), actor=w.people["agent"])


PAGE_REQUESTS: dict[str, Callable[[World], Request]] = {
    "console:queue": lambda w: ("get", reverse("console:queue"), None),
    "console:queue_csv": lambda w: ("get", reverse("console:queue_csv"), None),
    "console:complaint": lambda w: ("get", reverse("console:complaint", args=[w.ref]), None),
    "console:attachment": lambda w: (
        "get",
        reverse("console:attachment", args=[w.ref, w.attachment_id]),
        None,
    ),
    "console:new_complaint": lambda w: ("get", reverse("console:new_complaint"), None),
    "console:edit": lambda w: ("post", reverse("console:edit", args=[w.ref]), {}),
    "console:correct": lambda w: ("post", reverse("console:correct", args=[w.ref]), {}),
    "console:note": lambda w: (
        "post",
        reverse("console:note", args=[w.ref]),
        {"note-body": "Checked the ledger."},
    ),
    "console:reply": lambda w: (
        "post",
        reverse("console:reply", args=[w.ref]),
        {"reply-body": "We are on it."},
    ),
    "console:action": lambda w: (
        "post",
        reverse("console:action", args=[(c := w.resolved()).reference, "reopen"]),
        {"reopen-version": c.version, "reopen-note": "The refund never came."},
    ),
    "console:take": lambda w: ("post", reverse("console:take", args=[w.ref]), {}),
    "console:reassign": lambda w: ("post", reverse("console:reassign", args=[w.ref]), {}),
    "console:add_task": lambda w: ("post", reverse("console:add_task", args=[w.ref]), {}),
    "console:finish_task": lambda w: (
        "post",
        reverse("console:finish_task", args=[w.ref, w.task_id, "complete"]),
        {},
    ),
    "followup:reply_template": lambda w: (
        "get",
        reverse("followup:reply_template", args=[w.ref])
        + f"?template-id={ReplyTemplate.objects.filter(language='en').first().pk}",
        None,
    ),
    "relations:panel": lambda w: ("get", reverse("relations:panel", args=[w.ref]), None),
    "relations:link": lambda w: ("post", reverse("relations:link", args=[w.ref]), {}),
    "relations:unlink": lambda w: (
        "post",
        reverse("relations:unlink", args=[w.ref, w.link()]),
        {},
    ),
    "relations:merge": lambda w: ("post", reverse("relations:merge", args=[w.ref]), {}),
    "relations:split": lambda w: ("post", reverse("relations:split", args=[w.ref]), {}),
    "resolution:write": lambda w: (
        "post",
        reverse("resolution:write", args=[w.ref, "entry"]),
        {"entry-kind": "note", "entry-text": "Checked the log."},
    ),
    "resolution:approvals": lambda w: ("get", reverse("resolution:approvals"), None),
    "privacy:customers": lambda w: (
        "get",
        reverse("privacy:customers") + "?q=dana@example.com",
        None,
    ),
    "privacy:export": lambda w: (
        "post",
        reverse("privacy:export", args=[w.complaint.customer_id]),
        {},
    ),
    "privacy:erase": lambda w: (
        "post",
        reverse("privacy:erase", args=[w.complaint.customer_id]),
        {"reason": "Asked by phone."},
    ),
    "privacy:reads": lambda w: ("get", reverse("privacy:reads"), None),
    "accounts:two_factor": lambda w: ("get", reverse("accounts:two_factor"), None),
    "admin:index": lambda w: ("get", reverse("admin:index"), None),
    "insights:dashboard": lambda w: ("get", reverse("insights:dashboard"), None),
    "insights:actions": lambda w: ("get", reverse("insights:actions"), None),
    "insights:action": lambda w: ("get", reverse("insights:action", args=[_capa(w).pk]), None),
    "insights:new_action": lambda w: ("post", reverse("insights:new_action"), {}),
    "insights:move_action": lambda w: (
        "post",
        reverse("insights:move_action", args=[_capa(w).pk, "start"]),
        {},
    ),
    "insights:problems": lambda w: ("get", reverse("insights:problems"), None),
    "insights:problem": lambda w: ("get", reverse("insights:problem", args=[_problem(w).pk]), None),
    "insights:spikes": lambda w: ("get", reverse("insights:spikes"), None),
    "insights:dismiss_spike": lambda w: (
        "post",
        reverse("insights:dismiss_spike", args=[_spike(w).pk]),
        {},
    ),
    "insights:lessons": lambda w: ("get", reverse("insights:lessons"), None),
    "insights:audits": lambda w: ("get", reverse("insights:audits"), None),
    "insights:audit": lambda w: ("get", reverse("insights:audit", args=[_audit(w).pk]), None),
    "insights:reviews": lambda w: ("get", reverse("insights:reviews"), None),
    "insights:lessons_panel": lambda w: (
        "get",
        reverse("insights:lessons_panel", args=[w.ref]),
        None,
    ),
    "insights:mark_lesson": lambda w: ("post", reverse("insights:mark_lesson", args=[w.ref]), {}),
}

# fmt: off
#                         anonymous agent handler supervisor quality auditor admin outsider
API_MATRIX: dict[str, tuple[int, ...]] = {
    "file_complaint":           (401, 201, 201, 201, 403, 403, 403, 201),
    "list_complaints":          (401, 200, 200, 200, 200, 200, 200, 200),
    "read_complaint":           (401, 200, 200, 200, 200, 200, 200, 404),
    "change_complaint":         (401, 200, 200, 200, 403, 403, 403, 404),
    "take_action":              (401, 200, 200, 200, 200, 403, 403, 404),
    "list_events":              (401, 200, 200, 200, 200, 200, 200, 404),
    "list_sensitive_reads":     (401, 403, 403, 403, 200, 200, 200, 403),
    "list_messages":            (401, 200, 200, 200, 200, 200, 200, 404),
    "write_message":            (401, 201, 201, 201, 201, 403, 403, 404),
    "receive_signed_complaint": (401, 401, 401, 401, 401, 401, 401, 401),
    "take_complaint":           (401, 200, 200, 200, 403, 403, 403, 404),
    "reassign_complaint":       (401, 403, 403, 200, 200, 403, 403, 403),
    "list_tasks":               (401, 200, 200, 200, 200, 200, 200, 404),
    "add_task":                 (401, 403, 403, 201, 201, 403, 403, 404),
    "complete_task":            (401, 403, 403, 200, 200, 403, 403, 404),
    "close_task":               (401, 403, 403, 200, 200, 403, 403, 404),
    "grant_access":             (401, 403, 403, 204, 204, 403, 403, 404),
    "list_surveys":             (401, 200, 200, 200, 200, 200, 200, 404),
    "list_progress_updates":    (401, 200, 200, 200, 200, 200, 200, 404),
    "list_final_positions":     (401, 200, 200, 200, 200, 200, 200, 404),
    "record_final_position":    (401, 201, 201, 201, 403, 403, 403, 404),
    "list_reply_templates":     (401, 200, 200, 200, 403, 403, 403, 404),
    "list_links":               (401, 200, 200, 200, 200, 200, 200, 404),
    "list_possible_duplicates": (401, 200, 200, 200, 200, 200, 200, 404),
    "link_complaint":           (401, 201, 201, 201, 403, 403, 403, 404),
    "unlink_complaint":         (401, 200, 200, 200, 403, 403, 403, 404),
    "merge_complaint":          (401, 200, 200, 200, 403, 403, 403, 404),
    "split_complaint":          (401, 201, 201, 201, 403, 403, 403, 404),
    "list_investigation":       (401, 200, 200, 200, 200, 200, 200, 404),
    "add_investigation_entry":  (401, 201, 201, 201, 201, 403, 403, 404),
    "read_root_cause":          (401, 404, 404, 404, 404, 404, 404, 404),
    "record_root_cause":        (401, 200, 200, 200, 200, 403, 403, 404),
    "customer_history":         (401, 200, 200, 200, 200, 200, 200, 404),
    "list_plans":               (401, 200, 200, 200, 200, 200, 200, 404),
    "draft_plan":               (401, 201, 201, 201, 403, 403, 403, 404),
    "add_plan_step":            (401, 201, 201, 201, 403, 403, 403, 404),
    "propose_plan":             (401, 200, 200, 200, 403, 403, 403, 404),
    "record_plan_answer":       (401, 409, 409, 409, 403, 403, 403, 404),
    "complete_plan_step":       (401, 200, 200, 200, 403, 403, 403, 404),
    "cancel_plan_step":         (401, 200, 200, 200, 403, 403, 403, 404),
    "list_compensation":        (401, 200, 200, 200, 200, 200, 200, 404),
    "request_compensation":     (401, 201, 201, 201, 201, 403, 403, 404),
    "approve_compensation":     (401, 403, 403, 200, 200, 403, 403, 404),
    "decline_compensation":     (401, 403, 403, 200, 200, 403, 403, 404),
    "pay_compensation":         (401, 201, 201, 201, 201, 403, 403, 404),
    "reverse_compensation":     (401, 201, 403, 201, 201, 403, 403, 404),
    "list_pending_compensation": (401, 200, 200, 200, 200, 403, 403, 200),
    "insights_dashboard":       (401, 200, 200, 200, 200, 200, 200, 200),
}
PAGE_MATRIX: dict[str, tuple[int, ...]] = {
    "console:queue":            (302, 200, 200, 200, 200, 200, 200, 200),
    "console:queue_csv":        (302, 200, 200, 200, 200, 200, 200, 200),
    "console:complaint":        (302, 200, 200, 200, 200, 200, 200, 404),
    "console:attachment":       (302, 200, 200, 200, 200, 200, 200, 404),
    "console:new_complaint":    (302, 200, 200, 200, 403, 403, 403, 200),
    "console:edit":             (302, 422, 422, 422, 403, 403, 403, 404),
    "console:correct":          (302, 422, 422, 422, 403, 403, 403, 404),
    "console:note":             (302, 302, 302, 302, 302, 403, 403, 404),
    "console:reply":            (302, 302, 302, 302, 403, 403, 403, 404),
    "console:action":           (302, 302, 302, 302, 302, 403, 403, 404),
    "console:take":             (302, 302, 302, 302, 403, 403, 403, 404),
    "console:reassign":         (302, 403, 403, 422, 422, 403, 403, 403),
    "console:add_task":         (302, 422, 422, 422, 422, 403, 403, 404),
    "console:finish_task":      (302, 422, 422, 422, 422, 403, 403, 404),
    "followup:reply_template":  (302, 200, 200, 200, 403, 403, 403, 404),
    "relations:panel":          (302, 200, 200, 200, 200, 200, 200, 404),
    "relations:link":           (302, 422, 422, 422, 403, 403, 403, 404),
    "relations:unlink":         (302, 302, 302, 302, 403, 403, 403, 404),
    "relations:merge":          (302, 422, 422, 422, 403, 403, 403, 404),
    "relations:split":          (302, 422, 422, 422, 403, 403, 403, 404),
    "resolution:write":         (302, 302, 302, 302, 302, 403, 403, 404),
    "resolution:approvals":     (302, 200, 200, 200, 200, 403, 403, 200),
    "privacy:customers":        (302, 403, 403, 403, 200, 403, 403, 403),
    "privacy:export":           (302, 403, 403, 403, 200, 403, 403, 403),
    "privacy:erase":            (302, 403, 403, 403, 302, 403, 403, 403),
    "privacy:reads":            (302, 403, 403, 403, 200, 200, 200, 403),
    "accounts:two_factor":      (302, 200, 200, 200, 200, 200, 200, 200),
    "admin:index":              (302, 403, 403, 403, 403, 403, 200, 403),
    "insights:dashboard":       (302, 200, 200, 200, 200, 200, 200, 200),
    "insights:actions":         (302, 403, 403, 200, 200, 200, 200, 403),
    "insights:action":          (302, 403, 403, 200, 200, 200, 200, 403),
    "insights:new_action":      (302, 403, 403, 422, 422, 403, 403, 403),
    "insights:move_action":     (302, 403, 403, 302, 302, 403, 403, 403),
    "insights:problems":        (302, 403, 403, 200, 200, 403, 403, 403),
    "insights:problem":         (302, 403, 403, 200, 200, 403, 403, 403),
    "insights:spikes":          (302, 403, 403, 200, 200, 200, 200, 403),
    "insights:dismiss_spike":   (302, 403, 403, 302, 302, 403, 403, 403),
    "insights:lessons":         (302, 200, 200, 200, 200, 200, 200, 200),
    "insights:audits":          (302, 403, 403, 200, 200, 403, 403, 403),
    "insights:audit":           (302, 403, 403, 200, 200, 403, 403, 403),
    "insights:reviews":         (302, 403, 403, 200, 200, 403, 403, 403),
    "insights:lessons_panel":   (302, 200, 200, 200, 200, 200, 200, 404),
    "insights:mark_lesson":     (302, 422, 422, 422, 422, 403, 403, 404),
}
# fmt: on


@pytest.fixture
def world(callers, billing, delivery, billing_complaint) -> World:
    people = callers.by_name
    Complaint.objects.filter(pk=billing_complaint.pk).update(abnormal=True)
    billing_complaint.refresh_from_db()
    with transaction.atomic():
        task = coordination.add_task(
            complaint=billing_complaint,
            actor=people["supervisor"],
            department=delivery,
            owner=UserFactory(username="dora", role=Role.HANDLER, departments=[delivery]),
            description="Find the parcel",
            due_at=timezone.now() + timedelta(days=2),
        )
        kept = keep_attachments(
            complaint=billing_complaint,
            files=[IncomingFile.from_bytes("receipt.pdf", "application/pdf", b"%PDF-1.4 r")],
            actor_label="Dana Customer",
        )
    return World(
        complaint=billing_complaint,
        people=people,
        billing=billing,
        delivery=delivery,
        task_id=task.pk,
        attachment_id=kept.kept[0].pk,
    )


def _api_client(world: World, caller: str) -> Client:
    user = world.people[caller]
    if user is None:
        return Client()
    _token, raw = issue_token(user=user, name="matrix")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _send(client: Client, method: str, path: str, body: dict[str, Any] | None, *, as_json: bool):
    if body is None:
        return getattr(client, method)(path)
    if as_json:
        return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(path, data=body)


def _row(world: World, send: Callable[[str], Any]) -> dict[str, int]:
    """Each caller's answer, each in a transaction rolled back after it, so one caller's
    change (taking the complaint, say) does not decide the next caller's answer."""
    answers = {}
    for caller in CALLERS:
        with transaction.atomic():
            answers[caller] = send(caller).status_code
            transaction.set_rollback(True)
    return answers


@pytest.mark.parametrize("operation", list(API_MATRIX))
def test_each_caller_gets_the_answer_the_matrix_gives_for_each_api_operation(world, operation):
    method, path, body = API_REQUESTS[operation](world)

    def send(caller: str) -> Any:
        return _send(_api_client(world, caller), method, API + path, body, as_json=True)

    assert _row(world, send) == dict(zip(CALLERS, API_MATRIX[operation], strict=True))


@pytest.mark.parametrize("name", list(PAGE_MATRIX))
def test_each_caller_gets_the_answer_the_matrix_gives_for_each_staff_page(world, name):
    method, path, body = PAGE_REQUESTS[name](world)

    def send(caller: str) -> Any:
        client = Client()
        if world.people[caller] is not None:
            client.force_login(world.people[caller])
        return _send(client, method, path, body, as_json=False)

    assert _row(world, send) == dict(zip(CALLERS, PAGE_MATRIX[name], strict=True))


def test_the_matrix_has_a_row_for_every_operation_and_staff_page():
    operations = {operation_id for operation_id, _operation in api_operations(api)}
    staff_pages = {
        name for name, rule in URL_RULES.items() if rule.access in {Access.STAFF, Access.SIGNED_IN}
    } | {"admin:index"}

    assert (set(API_MATRIX), set(PAGE_MATRIX)) == (operations, staff_pages)
