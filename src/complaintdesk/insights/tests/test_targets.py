"""Targets an admin sets, measured per month and department, kept as a trend, and the people
answerable alerted once when one is missed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from complaintdesk.insights import services
from complaintdesk.insights.models import Measure, Target, TargetResult
from complaintdesk.insights.targets import objectives_for
from complaintdesk.jobs.worker import run_pending_tasks
from complaintdesk.sla.models import StaffAlert

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert_on_any_count(monkeypatch):
    monkeypatch.setattr(services, "ALERT_FROM_COUNTED", 1)


def test_without_targets_the_defaults_apply(db):
    objectives = objectives_for(None)
    assert objectives[Measure.FIRST_RESPONSE].within_hours == 24
    assert objectives[Measure.FIRST_RESPONSE].percent == Decimal(95)
    assert objectives[Measure.REOPEN_RATE].percent == Decimal(5)


def test_a_departments_own_target_overrides_the_general_one(billing, delivery):
    Target.objects.create(measure=Measure.SATISFACTION, percent=Decimal(85))
    Target.objects.create(measure=Measure.SATISFACTION, department=billing, percent=Decimal(80))
    assert objectives_for(billing.pk)[Measure.SATISFACTION].percent == Decimal(80)
    assert objectives_for(delivery.pk)[Measure.SATISFACTION].percent == Decimal(85)


def test_the_month_is_measured_per_department_and_overall(november):
    services.record_target_results(month=date(2026, 11, 15))
    first = {
        (r.department.name if r.department else "all"): r
        for r in TargetResult.objects.filter(measure=Measure.FIRST_RESPONSE)
    }
    # Billing: 2, 4, 30, 1 hours: 3 of 4 within 24 h; overall 4 of 5.
    assert first["Billing"].value == pytest.approx(0.75)
    assert first["all"].value == pytest.approx(0.8)
    assert first["Delivery"].value == pytest.approx(1.0)
    assert (first["Billing"].met, first["Delivery"].met) == (False, True)


def test_a_missed_target_alerts_the_quality_managers_and_the_head_once(
    november, billing, quality_manager, supervisor, alert_on_any_count
):
    billing.head = supervisor
    billing.save()
    services.record_target_results(month=date(2026, 11, 1))
    services.record_target_results(month=date(2026, 11, 1))
    alerts = StaffAlert.objects.filter(kind=services.TARGET_ALERT)
    billing_first = alerts.filter(recipient=supervisor, subject__contains="First response")
    assert billing_first.count() == 1
    assert alerts.filter(recipient=quality_manager).exists()
    run_pending_tasks()
    assert any("Target missed in November 2026" in m.subject for m in mail.outbox)


def test_a_share_over_too_few_complaints_alerts_nobody(november, quality_manager):
    services.record_target_results(month=date(2026, 11, 1))
    assert TargetResult.objects.filter(met=False).exists()
    assert not StaffAlert.objects.filter(kind=services.TARGET_ALERT).exists()
