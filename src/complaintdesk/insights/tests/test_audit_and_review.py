"""The internal audit: a random sample of closed complaints, the checklist pre-filled from the
records, findings followed up; and the management review kept with its period's figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.insights import audit
from complaintdesk.insights.models import FindingState
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(supervisor, billing, delivery):
    made = []
    for n in range(4):
        complaint = complaint_in(
            Status.INVESTIGATING, actor=supervisor, department=billing, email=f"c{n}@example.com"
        )
        lifecycle.perform(
            complaint,
            "resolve",
            actor=supervisor,
            resolution_summary="Explained.",
            outcome="not_upheld",
        )
        lifecycle.perform(complaint, "close", actor=supervisor, close_reason="Settled by phone.")
        made.append(complaint)
    # The last one was delivery's.
    Complaint.objects.filter(pk=made[-1].pk).update(department=delivery)
    return made


def _today():
    from django.utils import timezone

    return timezone.localdate()


def test_a_sample_is_drawn_from_the_departments_closed_complaints_only(
    closed, quality_manager, billing
):
    sample = audit.draw_audit_sample(
        actor=quality_manager, start=_today(), end=_today(), department=billing, size=2
    )
    references = {item.complaint.reference for item in sample.items.all()}
    assert len(references) == 2
    assert references <= {c.reference for c in closed[:3]}


def test_the_checklist_is_prefilled_from_the_records(closed, quality_manager):
    sample = audit.draw_audit_sample(
        actor=quality_manager, start=_today(), end=_today(), department=None, size=1
    )
    answers = sample.items.get().answers
    assert answers["assessed"] is True
    assert answers["closed_properly"] is True
    assert answers["remedy_fair"] is None


def test_a_no_needs_a_finding_which_stays_open_until_followed_up(closed, quality_manager):
    sample = audit.draw_audit_sample(
        actor=quality_manager, start=_today(), end=_today(), department=None, size=1
    )
    item = sample.items.get()
    with pytest.raises(audit.AuditRefused):
        audit.review_audit_item(
            actor=quality_manager, item=item, answers={"remedy_fair": False}, finding=""
        )
    reviewed = audit.review_audit_item(
        actor=quality_manager,
        item=item,
        answers={"remedy_fair": False},
        finding="The refund was smaller than the charge.",
    )
    assert reviewed.state == FindingState.FINDING
    assert list(audit.open_findings()) == [reviewed]


def test_an_empty_period_draws_nothing_and_says_so(db, quality_manager):
    with pytest.raises(audit.AuditRefused):
        audit.draw_audit_sample(
            actor=quality_manager,
            start=date(2020, 1, 1),
            end=date(2020, 1, 31),
            department=None,
            size=5,
        )


def test_a_management_review_keeps_the_figures_of_its_period(client, closed, quality_manager):
    client.force_login(quality_manager)
    period = _today().strftime("%Y-%m")
    response = client.post(
        reverse("insights:reviews"),
        {"held_on": _today().isoformat(), "period": period, "decisions": "Train billing."},
    )
    assert response.status_code == 302
    page = client.get(reverse("insights:reviews")).content.decode()
    assert "Train billing." in page
    assert "Complaints received" in page


def test_a_review_of_a_period_that_is_no_period_is_refused_naming_it(client, quality_manager):
    client.force_login(quality_manager)
    response = client.post(
        reverse("insights:reviews"),
        {"held_on": "2026-11-25", "period": "last month", "decisions": "Nothing."},
    )
    assert response.status_code == 422
    assert "period" in response.context["form"].errors
