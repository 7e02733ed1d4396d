"""The satisfaction survey: sent with the decision, answered once through a signed link with
no login; a GET only shows the form; a bad answer reopens, a good one closes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Direction, Status
from complaintdesk.followup.models import Survey, SurveyState
from complaintdesk.followup.selectors import survey_token
from complaintdesk.sla.models import StaffAlert
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(agent, billing, supervisor):
    complaint = complaint_in(Status.RESOLVED, actor=agent, department=billing)
    complaint.owner = agent
    complaint.save(update_fields=["owner"])
    return complaint


def _url(survey: Survey) -> str:
    return reverse("followup:survey", args=[survey_token(survey)])


def _answer(client, survey, *, score="2", solved="no", comment="The refund never came."):
    return client.post(
        _url(survey),
        {"survey-score": score, "survey-solved": solved, "survey-comment": comment},
    )


def test_resolving_sends_the_customer_a_survey_with_its_link(resolved):
    survey = Survey.objects.get(complaint=resolved)
    sent = resolved.messages.filter(direction=Direction.OUTBOUND).order_by("-id").first()
    assert survey.state == SurveyState.PENDING
    assert _url(survey) in sent.body


def test_sending_the_survey_is_recorded_as_its_own_event_after_the_decision(resolved):
    survey = Survey.objects.get(complaint=resolved)
    sent = resolved.messages.filter(direction=Direction.OUTBOUND).order_by("-id").first()

    actions = list(Event.objects.filter(complaint=resolved).values_list("action", flat=True))
    event = Event.objects.get(complaint=resolved, action="survey.sent")

    assert actions[-2:] == ["complaint.resolved", "survey.sent"]
    assert (event.actor_label, event.subject) == ("system", f"survey:{survey.pk}")
    assert event.changes["message"] == [None, sent.pk]
    assert event.changes["expires_at"] == [None, survey.expires_at.isoformat()]


def test_the_survey_its_event_and_its_queued_e_mail_are_undone_with_a_failed_decision(
    agent, billing, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    from complaintdesk import wiring
    from complaintdesk.complaints import lifecycle
    from tests.factories import ready_for

    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    queued_before = DBTaskResult.objects.count()
    ready_for("resolve", complaint, actor=agent, outcome="not_upheld")

    def refuse(complaint, action):
        raise RuntimeError("the webhook table is unreachable")

    # Whatever fails after the survey was sent, within the decision's transaction.
    monkeypatch.setattr(wiring, "announce_transition", refuse)
    with pytest.raises(RuntimeError):
        lifecycle.perform(
            complaint,
            "resolve",
            actor=agent,
            resolution_summary="Charged once only.",
            outcome="not_upheld",
        )

    assert not Survey.objects.filter(complaint=complaint).exists()
    assert not Event.objects.filter(complaint=complaint, action="survey.sent").exists()
    assert DBTaskResult.objects.count() == queued_before


def test_opening_the_link_shows_the_form_and_records_nothing(client, resolved):
    survey = Survey.objects.get(complaint=resolved)

    response = client.get(_url(survey))

    survey.refresh_from_db()
    assert response.status_code == 200
    assert b'id="survey-form"' in response.content
    assert (survey.state, survey.answered_at, survey.score) == (SurveyState.PENDING, None, None)


def test_a_tampered_link_is_refused_with_a_clear_page(client, resolved):
    token = survey_token(Survey.objects.get(complaint=resolved))
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.post(
        reverse("followup:survey", args=[tampered]),
        {"survey-score": "5", "survey-solved": "yes"},
    )

    assert response.status_code == 404
    assert b'data-reason="invalid"' in response.content
    assert not Survey.objects.filter(answered_at__isnull=False).exists()


def test_a_survey_answered_twice_is_refused_the_second_time(client, resolved):
    survey = Survey.objects.get(complaint=resolved)
    _answer(client, survey, score="5", solved="yes", comment="")

    again = _answer(client, survey, score="1", solved="no")

    survey.refresh_from_db()
    assert again.status_code == 409
    assert b'data-reason="answered"' in again.content
    assert (survey.score, survey.solved) == (5, True)


def test_a_survey_link_used_after_it_expired_is_refused(client, resolved):
    survey = Survey.objects.get(complaint=resolved)
    with time_machine.travel(survey.expires_at + timedelta(minutes=1), tick=False):
        response = _answer(client, survey, score="5", solved="yes")

    survey.refresh_from_db()
    assert response.status_code == 410
    assert b'data-reason="closed"' in response.content
    assert survey.answered_at is None


def test_a_score_out_of_range_is_refused_naming_the_field(client, resolved):
    survey = Survey.objects.get(complaint=resolved)

    response = _answer(client, survey, score="9", solved="yes")

    assert response.status_code == 422
    assert b"survey-score" in response.content or b"id_survey-score" in response.content
    assert Survey.objects.get(pk=survey.pk).answered_at is None


def test_a_satisfied_answer_closes_the_complaint_with_the_reason(client, resolved):
    survey = Survey.objects.get(complaint=resolved)

    response = _answer(client, survey, score="4", solved="yes", comment="All good now.")

    resolved.refresh_from_db()
    assert response.status_code == 200
    assert resolved.status == Status.CLOSED
    assert "satisfied" in resolved.close_reason
    assert Event.objects.filter(complaint=resolved, action="survey.answered").count() == 1


def test_a_bad_score_reopens_the_complaint_with_the_customers_words_and_tells_staff(
    client, resolved, agent, supervisor
):
    survey = Survey.objects.get(complaint=resolved)

    _answer(client, survey, score="2", solved="yes", comment="Still charged twice.")

    resolved.refresh_from_db()
    reopened = Event.objects.get(complaint=resolved, action="complaint.reopened")
    assert resolved.status == Status.REOPENED
    assert "Still charged twice." in reopened.note
    assert reopened.actor_label == resolved.customer.name
    told = set(StaffAlert.objects.filter(complaint=resolved).values_list("recipient", flat=True))
    assert told == {agent.pk, supervisor.pk}


def test_not_solved_reopens_even_with_a_middling_score(client, resolved):
    _answer(client, Survey.objects.get(complaint=resolved), score="3", solved="no", comment="")

    resolved.refresh_from_db()
    assert resolved.status == Status.REOPENED


def test_a_bad_score_reopens_in_the_customers_language(client, agent, billing, supervisor):
    complaint = complaint_in(Status.RESOLVED, actor=agent, department=billing, language="es")
    survey = Survey.objects.get(complaint=complaint)

    form = client.get(_url(survey))
    _answer(client, survey, score="1", solved="no", comment="Sigue sin funcionar.")

    complaint.refresh_from_db()
    note = Event.objects.get(complaint=complaint, action="complaint.reopened").note
    told = complaint.messages.filter(direction=Direction.OUTBOUND).order_by("-id").first()
    assert "¿Se ha resuelto su problema?".encode() in form.content
    assert complaint.status == Status.REOPENED
    assert note.startswith("Encuesta de satisfacción")
    assert "Sigue sin funcionar." in note
    assert "reabierto" in told.body


def test_reopening_withdraws_the_survey_of_the_earlier_decision(client, resolved, agent):
    from complaintdesk.complaints import lifecycle

    lifecycle.perform(resolved, "reopen", actor=agent, note="Customer called back.")

    survey = Survey.objects.get(complaint=resolved)
    response = client.get(_url(survey))
    assert survey.state == SurveyState.WITHDRAWN
    assert response.status_code == 410


def test_the_tracking_page_offers_the_pending_survey(client, resolved):
    from complaintdesk.complaints import tracking

    response = client.get(tracking.tracking_path(resolved))

    assert b'id="track-survey-link"' in response.content
    assert Survey.objects.get(complaint=resolved).expires_at > timezone.now()
