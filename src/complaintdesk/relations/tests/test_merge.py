"""Merging a duplicate into the complaint that goes on: the duplicate is closed through the
lifecycle, both histories stay, later replies reach the survivor, the customer is told once;
merging into itself, into a closed complaint, across customers unconfirmed, is refused, and a
merge into a merged complaint goes on to its survivor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints import lifecycle, tracking
from complaintdesk.complaints.lifecycle import ActionNotAllowed, GuardFailed, InvalidFields
from complaintdesk.complaints.models import Complaint, Direction, Message, Status
from complaintdesk.intake.mail.services import receive_mail
from complaintdesk.intake.models import MailSource, MailStatus
from complaintdesk.notifications.tasks import message_id_for
from complaintdesk.relations.selectors import merge_target, merged_histories
from complaintdesk.relations.services import merge_complaints
from tests.factories import complaint_in, file
from tests.mail.samples import eml

pytestmark = pytest.mark.django_db


def merge(duplicate, into, actor, **extra):
    return merge_complaints(
        duplicate=duplicate, into=into, actor=actor, reason="Same double charge.", **extra
    )


def test_the_duplicate_is_closed_as_merged_and_the_survivor_goes_on(original, duplicate, agent):
    merge(duplicate, original, agent)

    duplicate.refresh_from_db()
    original.refresh_from_db()
    assert (duplicate.status, original.status) == (Status.CLOSED, Status.INVESTIGATING)
    assert duplicate.close_reason.startswith(f"Merged into {original.reference}")


def test_the_merge_is_an_event_on_both_complaints(original, duplicate, agent):
    merge(duplicate, original, agent)

    merged = Event.objects.get(complaint=duplicate, action="complaint.merged")
    received = Event.objects.get(complaint=original, action="complaint.merged_in")
    assert (merged.status_before, merged.status_after) == (Status.TRIAGED, Status.CLOSED)
    assert received.changes == {"merged_from": [None, duplicate.reference]}


def test_the_survivor_shows_the_merged_complaints_history(original, duplicate, agent):
    merge(duplicate, original, agent)

    [history] = merged_histories(original)
    messages = [item for kind, item in history.items if kind == "message"]
    events = [item.action for kind, item in history.items if kind == "event"]
    assert history.complaint == duplicate
    assert any(m.direction == Direction.OUTBOUND for m in messages)
    assert (events[0], events[-1]) == ("complaint.received", "complaint.merged")


def test_the_customer_is_told_once_in_their_language(agent, billing):
    first = complaint_in(Status.INVESTIGATING, actor=agent, department=billing, language="es")
    second = complaint_in(Status.ACKNOWLEDGED, actor=agent, department=billing, language="es")
    outbound = Message.objects.filter(direction=Direction.OUTBOUND)
    told_before = set(outbound.values_list("pk", flat=True))

    merge(second, first, agent)

    [news] = outbound.exclude(pk__in=told_before)
    assert news.complaint == second
    assert news.subject == f"Su reclamación {second.reference} continúa como {first.reference}"


def test_a_later_email_reply_to_the_merged_complaint_lands_in_the_survivor(
    original, duplicate, agent
):
    acknowledgement = duplicate.messages.filter(direction=Direction.OUTBOUND).first()
    merge(duplicate, original, agent)

    raw = eml("reply_by_in_reply_to.eml", in_reply_to=message_id_for(acknowledgement))
    mail = receive_mail(raw=raw, source=MailSource.SMTP).mail

    assert (mail.status, mail.complaint) == (MailStatus.THREADED, original)
    assert original.messages.filter(direction=Direction.INBOUND).exists()
    assert not duplicate.messages.filter(direction=Direction.INBOUND).exists()


def test_a_reply_after_a_merge_across_customers_stays_with_its_own_customers_complaint(
    original, agent, billing
):
    other = complaint_in(
        Status.ACKNOWLEDGED, actor=agent, department=billing, email="eve@example.com"
    )
    acknowledgement = other.messages.filter(direction=Direction.OUTBOUND).first()
    merge(other, original, agent, confirm_other_customer=True)

    raw = eml("reply_by_in_reply_to.eml", in_reply_to=message_id_for(acknowledgement))
    mail = receive_mail(raw=raw, source=MailSource.SMTP).mail

    # Dana's page must never show Eve's words: the reply stays on Eve's (merged) complaint.
    assert (mail.status, mail.complaint) == (MailStatus.THREADED, other)
    assert not original.messages.filter(direction=Direction.INBOUND).exists()


def test_the_merged_complaints_tracking_link_opens_and_adds_to_the_survivor(
    client, original, duplicate, agent
):
    merge(duplicate, original, agent)
    token = tracking.token_for(duplicate.reference, duplicate.tracking_salt)

    page = client.get(reverse("portal:track", args=[token]))
    client.post(reverse("portal:add_information", args=[token]), {"info-body": "The Visa card."})

    assert original.reference in page.content.decode()
    assert original.messages.filter(body="The Visa card.").exists()


def test_merging_a_complaint_into_itself_is_refused(original, agent):
    with pytest.raises(InvalidFields) as refusal:
        merge(original, original, agent)

    assert set(refusal.value.errors) == {"into"}


def test_merging_into_a_closed_complaint_is_refused(duplicate, agent, billing):
    closed = complaint_in(Status.CLOSED, actor=agent, department=billing)

    with pytest.raises(ActionNotAllowed, match="open complaint"):
        merge(duplicate, closed, agent)

    duplicate.refresh_from_db()
    assert duplicate.status == Status.TRIAGED


def test_merging_a_closed_complaint_is_refused_by_the_lifecycle(original, agent, billing):
    closed = complaint_in(Status.CLOSED, actor=agent, department=billing)

    with pytest.raises(ActionNotAllowed):
        merge(closed, original, agent)

    assert not closed.outgoing_links.exists()


def test_merging_across_customers_needs_an_explicit_confirmation(original, agent, billing):
    other = complaint_in(
        Status.ACKNOWLEDGED, actor=agent, department=billing, email="eve@example.com"
    )

    with pytest.raises(InvalidFields) as refusal:
        merge(other, original, agent)
    merge(other, original, agent, confirm_other_customer=True)

    assert set(refusal.value.errors) == {"confirm_other_customer"}
    assert Complaint.objects.get(pk=other.pk).status == Status.CLOSED


def test_a_merge_into_a_merged_complaint_goes_on_to_its_survivor(
    original, duplicate, agent, billing
):
    third = complaint_in(Status.ACKNOWLEDGED, actor=agent, department=billing)
    merge(duplicate, original, agent)

    survivor = merge(third, merge_target(agent, duplicate.reference), agent)

    assert survivor == original
    assert third.outgoing_links.get().target == original
    assert {h.complaint for h in merged_histories(original)} == {duplicate, third}


def test_merging_the_survivor_back_into_its_merged_complaint_is_refused(original, duplicate, agent):
    merge(duplicate, original, agent)

    with pytest.raises(InvalidFields) as refusal:
        merge(original, merge_target(agent, duplicate.reference), agent)

    assert set(refusal.value.errors) == {"into"}


def test_an_auditor_may_not_merge(original, duplicate, auditor):
    with pytest.raises(lifecycle.RoleNotAllowed):
        merge(duplicate, original, auditor)


def test_the_lifecycle_refuses_a_merge_that_names_no_survivor(duplicate, agent):
    with pytest.raises(GuardFailed) as refusal:
        lifecycle.perform(duplicate, "merge", actor=agent, close_reason="Same as another one.")

    assert set(refusal.value.errors) == {"merged_into"}


def test_a_stale_version_refuses_the_merge_and_leaves_nothing_behind(original, duplicate, agent):
    with pytest.raises(lifecycle.StaleVersion):
        merge(duplicate, original, agent, expected_version=duplicate.version - 1)

    assert not duplicate.outgoing_links.exists()
    assert not Event.objects.filter(action="complaint.merged_in").exists()


def test_merging_a_complaint_filed_anew_by_the_same_email_keeps_it_to_the_same_customer(agent):
    first, second = file(), file(channel="web")

    merge(second, first, agent)

    assert first.customer_id == second.customer_id
