"""The CAPA register: an action is entered with its complaints, moves through its states, has
its effect measured from the data, and an overdue one is escalated to its department's head
once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from complaintdesk.complaints.models import Complaint
from complaintdesk.insights import services
from complaintdesk.insights.effectiveness import effect_of
from complaintdesk.insights.models import ActionStatus, CorrectiveAction
from complaintdesk.sla.models import StaffAlert
from tests.factories import CategoryFactory, file

pytestmark = pytest.mark.django_db
DONE = datetime(2026, 6, 1, 9, tzinfo=UTC)


@pytest.fixture
def action(quality_manager, billing, supervisor):
    return services.open_corrective_action(
        actor=quality_manager,
        kind="corrective",
        title="Stop double charges",
        problem="Cards charged twice after a timeout.",
        owner=supervisor,
        department=billing,
        due_date=date(2026, 6, 30),
        category_id=CategoryFactory(code="double-charge", name="Double charge").pk,
        check_after_days=30,
    )


def _complaints_at(category, *days_from_done):
    for n, days in enumerate(days_from_done):
        with time_machine.travel(DONE + timedelta(days=days), tick=False):
            file(email=f"c{n}@example.com")
    Complaint.objects.filter(category__isnull=True).update(category=category)


def test_the_effect_counts_complaints_with_the_cause_before_and_after(action):
    _complaints_at(action.category, -25, -20, -10, -5, -1, 3, 40)
    with time_machine.travel(DONE, tick=False):
        action = services.mark_action_implemented(actor=action.owner, action=action)
    effect = effect_of(action, now=DONE + timedelta(days=31))
    # 5 in the 30 days before, 1 in the 30 after (the one on day 40 is past the window).
    assert (effect.before, effect.after, effect.complete) == (5, 1, True)
    assert effect.change == pytest.approx(-0.8)
    assert effect.effective is True


def test_an_effect_read_early_is_compared_per_30_days(action):
    _complaints_at(action.category, -20, -10, 1, 2)
    with time_machine.travel(DONE, tick=False):
        action = services.mark_action_implemented(actor=action.owner, action=action)
    effect = effect_of(action, now=DONE + timedelta(days=10))
    assert (effect.before, effect.after, effect.complete) == (2, 2, False)
    assert effect.rate_after == pytest.approx(6.0)
    assert effect.effective is False


def test_closing_needs_the_action_implemented_and_a_finding(action):
    with pytest.raises(services.ActionRefused):
        services.close_corrective_action(
            actor=action.owner, action=action, effective=True, note="Fewer complaints."
        )
    services.mark_action_implemented(actor=action.owner, action=action)
    with pytest.raises(services.ActionRefused):
        services.close_corrective_action(actor=action.owner, action=action, effective=True, note="")
    closed = services.close_corrective_action(
        actor=action.owner, action=action, effective=True, note="Fewer complaints."
    )
    assert closed.status == ActionStatus.EFFECTIVE


def test_an_overdue_action_is_escalated_to_the_department_head_once(action, billing, agent):
    billing.head = agent
    billing.save()
    later = datetime(2026, 7, 2, 9, tzinfo=UTC)
    assert services.escalate_overdue_actions(now=later) == 1
    assert services.escalate_overdue_actions(now=later) == 0
    alert = StaffAlert.objects.get(kind=services.ACTION_ALERT)
    assert alert.recipient == agent
    assert "Stop double charges" in alert.subject


def test_an_action_not_yet_due_is_not_escalated(action):
    assert services.escalate_overdue_actions(now=datetime(2026, 6, 30, 9, tzinfo=UTC)) == 0


def test_the_action_page_shows_the_measured_effect(client, action, quality_manager):
    _complaints_at(action.category, -10, -5)
    services.mark_action_implemented(actor=action.owner, action=action)
    client.force_login(quality_manager)
    page = client.get(reverse("insights:action", args=[action.pk])).content.decode()
    assert 'id="effectiveness"' in page
    assert "Complaints with this cause" in page


def test_a_complaint_reference_outside_ones_scope_is_refused_naming_the_field(
    client, supervisor, delivery, outsider
):
    hidden = file(email="x@example.com")
    Complaint.objects.filter(pk=hidden.pk).update(department=delivery)
    client.force_login(supervisor)
    response = client.post(
        reverse("insights:new_action"),
        {
            "kind": "corrective",
            "title": "T",
            "problem": "P",
            "owner": supervisor.pk,
            "department": delivery.pk,
            "due_date": "2026-12-01",
            "check_after_days": 30,
            "complaint_references": hidden.reference,
        },
    )
    assert response.status_code == 422
    assert "complaint_references" in response.context["form"].errors
    assert not CorrectiveAction.objects.exists()


def test_a_handler_may_not_open_the_register(client, handler):
    client.force_login(handler)
    assert client.get(reverse("insights:actions")).status_code == 403
    assert client.get(reverse("insights:new_action")).status_code == 403
