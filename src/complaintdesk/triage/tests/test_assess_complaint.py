from __future__ import annotations

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Category
from complaintdesk.complaints.services import update_complaint
from complaintdesk.triage.models import FieldAssessment, Source
from complaintdesk.triage.selectors import needs_triage
from complaintdesk.triage.services import assess_complaint
from tests.factories import file


def test_assessing_a_complaint_keeps_every_field_with_its_reason(db):
    Category.objects.create(code="billing-and-charges", name="Billing")
    complaint = file()
    assess_complaint(complaint)
    category = FieldAssessment.objects.get(complaint=complaint, field="category")
    assert (category.value, category.applied, category.source) == (
        "billing-and-charges",
        True,
        Source.RULE,
    )
    assert "charged twice" in category.explanation


def test_a_complaint_arrives_assessed_with_its_fields_filled_in_and_an_event(db):
    Category.objects.create(code="billing-and-charges", name="Billing")
    complaint = file()
    complaint.refresh_from_db()
    assert complaint.category.code == "billing-and-charges"
    event = Event.objects.get(complaint=complaint, action="complaint.assessed")
    assert event.changes["category"][1] is not None


def test_a_field_a_person_set_is_not_overwritten(handler):
    complaint = file(subject="Gas smell", description="There is a smell of gas by the meter")
    update_complaint(
        complaint=complaint, actor=handler, expected_version=None, fields={"severity": "low"}
    )
    assess_complaint(complaint)
    complaint.refresh_from_db()
    assert complaint.severity == "low"
    assert FieldAssessment.objects.get(complaint=complaint, field="severity").source == Source.HUMAN


def test_a_complaint_with_a_field_left_for_a_person_waits_in_needs_triage(db):
    complaint = file(subject="Question", description="Something about my account")
    assess_complaint(complaint)
    assert list(needs_triage()) == [complaint]
