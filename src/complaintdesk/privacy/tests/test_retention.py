"""Retention periods, enforced by the daily job: what is kept past its period is removed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from complaintdesk.accounts.models import FailedAttempt
from complaintdesk.complaints.models import Status
from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.models import InboundMail, MailSource
from complaintdesk.jobs.schedule import PERIODIC_JOBS
from complaintdesk.privacy.retention import apply_retention
from complaintdesk.privacy.services import ERASED
from complaintdesk.privacy.tasks import apply_retention_periods
from tests.factories import complaint_in, file
from tests.security.mail import hostile_mail

pytestmark = pytest.mark.django_db


def _days_later(days: int):
    return time_machine.travel(timezone.now() + timedelta(days=days), tick=False)


def test_the_worker_applies_the_retention_periods_every_day():
    job = next(job for job in PERIODIC_JOBS if job.task is apply_retention_periods)

    assert job.every == timedelta(days=1)


def test_a_complaint_closed_longer_than_its_period_loses_its_personal_data(
    agent, billing, settings
):
    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)

    with _days_later(settings.RETAIN_CLOSED_COMPLAINTS_DAYS + 1):
        done = apply_retention()

    complaint.refresh_from_db()
    complaint.customer.refresh_from_db()
    assert (done["closed_complaints"], complaint.description, complaint.customer.email) == (
        1,
        ERASED,
        "",
    )


def test_a_complaint_within_its_period_keeps_its_data(agent, billing, settings):
    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)

    with _days_later(settings.RETAIN_CLOSED_COMPLAINTS_DAYS - 1):
        apply_retention()

    complaint.refresh_from_db()
    assert complaint.description != ERASED


def test_a_customer_with_a_newer_complaint_keeps_their_contact_details(agent, billing, settings):
    old = complaint_in(Status.CLOSED, actor=agent, department=billing)
    with _days_later(settings.RETAIN_CLOSED_COMPLAINTS_DAYS - 10):
        file(subject="Again", email="dana@example.com")
    with _days_later(settings.RETAIN_CLOSED_COMPLAINTS_DAYS + 1):
        apply_retention()

    old.customer.refresh_from_db()
    assert old.customer.email == "dana@example.com"


def test_an_erased_complaint_is_not_erased_again(agent, billing, settings):
    complaint_in(Status.CLOSED, actor=agent, department=billing)

    with _days_later(settings.RETAIN_CLOSED_COMPLAINTS_DAYS + 1):
        apply_retention()
        again = apply_retention()

    assert again["closed_complaints"] == 0


def test_emails_as_received_are_emptied_after_their_period(settings):
    receive_mail(raw=hostile_mail(subject="Kettle", html="<p>It leaks</p>"), source=MailSource.SMTP)

    with _days_later(settings.RETAIN_INBOUND_MAIL_DAYS + 1):
        apply_retention()

    assert InboundMail.objects.get().raw == b""


def test_counts_of_failed_attempts_are_forgotten_after_their_period(settings):
    FailedAttempt.objects.create(kind="sign_in_account", key="x" * 64)

    with _days_later(settings.RETAIN_FAILED_ATTEMPTS_DAYS + 1):
        apply_retention()

    assert FailedAttempt.objects.count() == 0


def test_past_its_period_the_investigation_and_the_trail_lose_their_words_too(
    agent, billing, settings
):
    from complaintdesk.audit.models import Event
    from complaintdesk.resolution.models import RootCause

    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)

    with _days_later(settings.RETAIN_CLOSED_COMPLAINTS_DAYS + 1):
        apply_retention()

    assert RootCause.objects.get(complaint=complaint).explanation == ERASED
    assert not Event.objects.filter(complaint=complaint, note__icontains="refund").exists()
