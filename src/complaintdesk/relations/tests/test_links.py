"""Linking two complaints: both show the link, from their own end, and both record it."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints.lifecycle import InvalidFields, RoleNotAllowed
from complaintdesk.relations.selectors import links_of
from complaintdesk.relations.services import link_complaints

pytestmark = pytest.mark.django_db


def test_a_linked_complaint_shows_on_both_complaints_each_from_its_own_end(
    original, duplicate, agent
):
    link_complaints(complaint=duplicate, other=original, actor=agent, kind="duplicate")

    [from_duplicate] = links_of(agent, duplicate)
    [from_original] = links_of(agent, original)
    assert (from_duplicate.other, str(from_duplicate.label)) == (original, "Duplicate of")
    assert (from_original.other, str(from_original.label)) == (duplicate, "Has a duplicate")


def test_linking_is_recorded_on_both_complaints(original, duplicate, agent):
    link_complaints(
        complaint=duplicate, other=original, actor=agent, kind="related", note="Same order."
    )

    linked = Event.objects.filter(action="complaint.linked")
    assert {event.complaint_id for event in linked} == {original.pk, duplicate.pk}


def test_linking_a_complaint_to_itself_is_refused_naming_the_reference(original, agent):
    with pytest.raises(InvalidFields) as refusal:
        link_complaints(complaint=original, other=original, actor=agent, kind="related")

    assert set(refusal.value.errors) == {"reference"}


def test_linking_the_same_two_complaints_twice_is_refused(original, duplicate, agent):
    link_complaints(complaint=duplicate, other=original, actor=agent, kind="related")

    with pytest.raises(InvalidFields) as refusal:
        link_complaints(complaint=original, other=duplicate, actor=agent, kind="duplicate")

    assert "already linked" in refusal.value.errors["reference"]


def test_an_auditor_reads_links_but_may_not_link(original, duplicate, auditor):
    with pytest.raises(RoleNotAllowed):
        link_complaints(complaint=duplicate, other=original, actor=auditor, kind="related")
