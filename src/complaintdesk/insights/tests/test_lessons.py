"""Lessons learned: a closed complaint kept as a lesson, shown beside new complaints of the
same category, searchable by category and language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.complaints.models import Status
from complaintdesk.insights import services
from complaintdesk.insights.lessons import lessons_for, search_lessons
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(supervisor, billing):
    # Resolved as not upheld (no root cause needed), then closed without the follow-up.
    complaint = complaint_in(Status.INVESTIGATING, actor=supervisor, department=billing)
    from complaintdesk.complaints import lifecycle

    lifecycle.perform(
        complaint,
        "resolve",
        actor=supervisor,
        resolution_summary="Explained.",
        outcome="not_upheld",
    )
    lifecycle.perform(
        complaint, "close", actor=supervisor, close_reason="Customer satisfied by phone."
    )
    complaint.refresh_from_db()
    return complaint


def test_a_closed_complaint_kept_as_a_lesson_shows_beside_a_new_one_of_its_category(
    closed, supervisor, billing
):
    services.mark_as_lesson(actor=supervisor, complaint=closed, summary="Check the card log first.")
    new = complaint_in(Status.TRIAGED, actor=supervisor, department=billing, email="n@example.com")
    assert [lesson.summary for lesson in lessons_for(new)] == ["Check the card log first."]


def test_an_open_complaint_cannot_be_a_lesson(supervisor, billing):
    open_one = complaint_in(Status.TRIAGED, actor=supervisor, department=billing)
    with pytest.raises(services.ActionRefused):
        services.mark_as_lesson(actor=supervisor, complaint=open_one, summary="Too early.")


def test_lessons_are_found_by_category_language_and_words(closed, supervisor):
    services.mark_as_lesson(actor=supervisor, complaint=closed, summary="Check the card log first.")
    category = closed.category_id
    assert search_lessons(category=category, language="en", text="card log").count() == 1
    assert search_lessons(category=category, language="fr", text="").count() == 0


def test_the_panel_offers_a_handler_to_keep_a_closed_complaint_and_keeps_it(
    client, closed, handler
):
    client.force_login(handler)
    panel = client.get(reverse("insights:lessons_panel", args=[closed.reference]))
    assert 'id="lesson-form"' in panel.content.decode()
    response = client.post(
        reverse("insights:mark_lesson", args=[closed.reference]), {"summary": "Call back fast."}
    )
    assert response.status_code == 302
    assert closed.lesson.summary == "Call back fast."


def test_an_outsider_cannot_see_the_lessons_panel_of_billings_complaint(client, closed, outsider):
    client.force_login(outsider)
    response = client.get(reverse("insights:lessons_panel", args=[closed.reference]))
    assert response.status_code == 404
