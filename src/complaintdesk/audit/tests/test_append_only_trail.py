from __future__ import annotations

import pytest
from django.db import transaction

from complaintdesk.audit.models import AppendOnlyError, Event
from complaintdesk.audit.services import record
from tests.factories import file


def test_an_event_cannot_be_changed_once_written(db):
    event = file().events.first()
    event.note = "rewritten history"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted(db):
    event = file().events.first()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_events_cannot_be_changed_or_deleted_in_bulk(db):
    file()
    with pytest.raises(AppendOnlyError):
        Event.objects.all().update(note="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_an_action_code_without_a_namespace_is_refused(db):
    with transaction.atomic(), pytest.raises(ValueError, match="namespaced"):
        record(action="nonamespace")


def test_a_new_complaint_records_its_receipt_and_its_acknowledgement(db):
    complaint = file()
    actions = list(complaint.events.values_list("action", "status_before", "status_after"))
    assert actions == [
        ("complaint.received", "", "received"),
        ("complaint.acknowledged", "received", "acknowledged"),
        ("complaint.assessed", "", ""),
    ]
