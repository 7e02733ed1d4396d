"""Splitting a second matter off: a new complaint of the same customer, channel and language
with the chosen text, acknowledged through the lifecycle with its own reference, and linked."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints.lifecycle import ActionNotAllowed, InvalidFields
from complaintdesk.complaints.models import Direction, Status
from complaintdesk.intake.services import ComplaintDetails, CustomerDetails, take_complaint_down
from complaintdesk.relations.models import LinkKind
from complaintdesk.relations.services import split_complaint
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db

SECOND_MATTER = "Also, the delivery driver was rude to my mother at the door."


def test_the_second_matter_becomes_an_acknowledged_complaint_of_its_own(original, agent):
    new = split_complaint(complaint=original, actor=agent, text=SECOND_MATTER)

    assert new.reference != original.reference
    assert new.status == Status.ACKNOWLEDGED
    assert (new.customer, new.channel, new.language) == (
        original.customer,
        original.channel,
        original.language,
    )
    assert new.description == SECOND_MATTER


def test_the_customer_is_told_the_new_reference(original, agent):
    new = split_complaint(complaint=original, actor=agent, text=SECOND_MATTER)

    acknowledgement = new.messages.get(direction=Direction.OUTBOUND)
    assert new.reference in acknowledgement.subject


def test_the_new_complaint_is_linked_as_split_from_and_recorded_on_both(original, agent):
    new = split_complaint(
        complaint=original, actor=agent, text=SECOND_MATTER, subject="Rude driver"
    )

    link = new.outgoing_links.get()
    assert (link.kind, link.target, new.subject) == (LinkKind.SPLIT_FROM, original, "Rude driver")
    assert Event.objects.get(action="complaint.split").complaint == original
    assert Event.objects.get(action="complaint.split_off").complaint == new


def test_a_customer_known_by_no_email_or_phone_keeps_the_split_complaint(agent):
    letter = take_complaint_down(
        channel="letter",
        customer=CustomerDetails(name="Ada Letter"),
        complaint=ComplaintDetails(subject="Two things", description="A and B."),
        agent=agent,
    )

    new = split_complaint(complaint=letter, actor=agent, text="B.")

    new.refresh_from_db()
    assert new.customer_id == letter.customer_id


def test_splitting_without_text_is_refused_naming_the_field(original, agent):
    with pytest.raises(InvalidFields) as refusal:
        split_complaint(complaint=original, actor=agent, text="  ")

    assert set(refusal.value.errors) == {"text"}


def test_an_archived_complaint_cannot_be_split(agent, billing):
    closed = complaint_in(Status.CLOSED, actor=agent, department=billing)

    with pytest.raises(ActionNotAllowed):
        split_complaint(complaint=closed, actor=agent, text=SECOND_MATTER)
