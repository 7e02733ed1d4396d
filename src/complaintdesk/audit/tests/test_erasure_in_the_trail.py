"""The one change the trail allows: erasing what its events say about a person, keeping each
event, its action, its time, its statuses and the changes that are codes."""

from __future__ import annotations

import pytest
from django.db import transaction

from complaintdesk.audit.models import AppendOnlyError, Event
from complaintdesk.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    with transaction.atomic():
        return record(
            action="complaint.resolved",
            actor_label="Dana Customer",
            status_before="investigating",
            status_after="resolved",
            changes={"outcome": [None, "upheld"], "resolution_summary": [None, "Refunded Dana."]},
            note="Dana called twice.",
        )


def _erase():
    return Event.objects.all().erase_personal_data(
        placeholder="[erased]",
        keep_changes=frozenset({"outcome"}),
        people={"Dana Customer"},
        pseudonym="Erased customer #1",
    )


def test_erasing_keeps_the_event_its_action_time_statuses_and_codes(event):
    _erase()

    after = Event.objects.get(pk=event.pk)
    assert (after.action, after.at, after.status_before, after.status_after) == (
        event.action,
        event.at,
        "investigating",
        "resolved",
    )
    assert after.changes["outcome"] == [None, "upheld"]


def test_erasing_replaces_the_note_the_words_and_the_persons_name(event):
    _erase()

    after = Event.objects.get(pk=event.pk)
    assert (after.note, after.changes["resolution_summary"], after.actor_label) == (
        "[erased]",
        [None, "[erased]"],
        "Erased customer #1",
    )


def test_erasing_twice_finds_nothing_more_to_erase(event):
    _erase()

    assert _erase() == 0


def test_any_other_change_is_still_refused(event):
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(note="")
