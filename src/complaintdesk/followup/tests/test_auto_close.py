"""No answer within FOLLOW_UP_DAYS closes the complaint, with that recorded, by the worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Status
from complaintdesk.followup.models import Survey, SurveyState
from complaintdesk.followup.services import SurveyAnswer, answer_survey, close_unanswered_surveys
from complaintdesk.sla.models import Clock, ClockKind
from tests.factories import complaint_in

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(agent, billing, settings):
    settings.FOLLOW_UP_DAYS = 7
    with time_machine.travel(START, tick=False):
        return complaint_in(Status.RESOLVED, actor=agent, department=billing)


def _sweep(at: datetime):
    with time_machine.travel(at, tick=False):
        return close_unanswered_surveys()


def test_a_survey_still_in_its_window_closes_nothing(resolved):
    report = _sweep(START + timedelta(days=6, hours=23))

    resolved.refresh_from_db()
    assert (report.closed, resolved.status) == (0, Status.RESOLVED)


def test_no_answer_within_the_window_closes_the_complaint_with_that_recorded(resolved):
    report = _sweep(START + timedelta(days=7, minutes=1))

    resolved.refresh_from_db()
    survey = Survey.objects.get(complaint=resolved)
    closed = Event.objects.get(complaint=resolved, action="complaint.closed")
    assert report.closed == 1
    assert resolved.status == Status.CLOSED
    assert resolved.close_reason == "No answer to the satisfaction survey within 7 days."
    assert closed.actor_label == "system"
    assert survey.state == SurveyState.LAPSED


def test_closing_after_the_window_stops_the_follow_up_clock(resolved):
    _sweep(START + timedelta(days=7, minutes=1))

    assert not Clock.objects.filter(
        complaint=resolved, kind=ClockKind.FOLLOW_UP, stopped_at__isnull=True
    ).exists()


def test_a_second_sweep_closes_nothing_twice(resolved):
    _sweep(START + timedelta(days=7, minutes=1))
    again = _sweep(START + timedelta(days=8))

    assert again.closed == 0
    assert Event.objects.filter(complaint=resolved, action="complaint.closed").count() == 1


def test_an_answered_survey_is_never_closed_by_the_sweep(resolved):
    with time_machine.travel(START + timedelta(days=1), tick=False):
        answer_survey(
            survey=Survey.objects.get(complaint=resolved),
            answer=SurveyAnswer(score=1, solved=False, comment="No."),
        )

    report = _sweep(START + timedelta(days=9))

    resolved.refresh_from_db()
    assert (report.lapsed, resolved.status) == (0, Status.REOPENED)


def test_a_complaint_in_follow_up_is_closed_too(agent, billing, settings):
    settings.FOLLOW_UP_DAYS = 7
    with time_machine.travel(START, tick=False):
        complaint = complaint_in(Status.FOLLOW_UP, actor=agent, department=billing)

    _sweep(START + timedelta(days=7, minutes=1))

    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_one_survey_lapses_only_once_its_window_has_passed(resolved):
    from complaintdesk.followup.services import lapse_survey

    survey = Survey.objects.get(complaint=resolved)

    early = lapse_survey(survey, now=START + timedelta(days=6))
    resolved.refresh_from_db()
    assert (early, resolved.status) == (False, Status.RESOLVED)

    late = lapse_survey(survey, now=START + timedelta(days=7, minutes=1))
    again = lapse_survey(survey, now=START + timedelta(days=8))
    resolved.refresh_from_db()
    assert (late, again, resolved.status) == (True, False, Status.CLOSED)
    assert Event.objects.filter(complaint=resolved, action="survey.lapsed").count() == 1
