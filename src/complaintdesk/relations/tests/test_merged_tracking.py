"""The customer's tracking page of a complaint that others were merged into: the customer
reads the messages of both histories, each marked with the reference it came under, by the
survivor's link and by the merged complaint's forwarded link; internal notes and staff-only
files stay hidden, and after a merge confirmed across two customers neither reads the other's
words."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Status, Visibility
from complaintdesk.complaints.services import add_internal_note, reply_to_customer
from complaintdesk.intake.attachments import IncomingFile, keep_attachments
from complaintdesk.relations.services import merge_complaints
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


def page(client, complaint):
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)
    return client.get(reverse("portal:track", args=[token])).content.decode()


def merge(duplicate, into, actor, **extra):
    return merge_complaints(
        duplicate=duplicate, into=into, actor=actor, reason="Same double charge.", **extra
    )


@pytest.fixture
def written(duplicate, agent):
    """What staff wrote on the duplicate before the merge: one reply, one internal note."""
    reply_to_customer(complaint=duplicate, actor=agent, body="We are checking the second charge.")
    add_internal_note(complaint=duplicate, actor=agent, body="Customer sounds litigious.")


def test_the_survivors_page_shows_the_merged_complaints_messages_marked(
    client, original, duplicate, written, agent
):
    merge(duplicate, original, agent)

    html = page(client, original)

    assert "We are checking the second charge." in html
    assert f'data-from-reference="{duplicate.reference}"' in html
    assert f'data-merged-from="{duplicate.reference}"' in html
    # The survivor's own messages are there too, unmarked.
    assert original.messages.filter(visibility=Visibility.CUSTOMER).exists()
    assert (
        html.count("data-from-reference=")
        == duplicate.messages.filter(visibility=Visibility.CUSTOMER).count()
    )


def test_the_merged_complaints_forwarded_link_shows_both_histories(
    client, original, duplicate, written, agent
):
    reply_to_customer(complaint=original, actor=agent, body="Your refund is on its way.")
    merge(duplicate, original, agent)

    html = page(client, duplicate)

    assert f'id="track-reference">{original.reference}<' in html
    assert "Your refund is on its way." in html
    assert "We are checking the second charge." in html


def test_internal_notes_of_the_merged_complaint_stay_hidden(
    client, original, duplicate, written, agent
):
    merge(duplicate, original, agent)

    assert "litigious" not in page(client, original)
    assert "litigious" not in page(client, duplicate)


def test_a_merge_across_customers_shows_neither_customer_the_others_messages(
    client, original, agent, billing
):
    eves = complaint_in(
        Status.ACKNOWLEDGED, actor=agent, department=billing, email="eve@example.com"
    )
    reply_to_customer(complaint=eves, actor=agent, body="Dear Eve, we are on it.")
    merge(eves, original, agent, confirm_other_customer=True)

    dana_reads = page(client, original)
    eve_reads = page(client, eves)

    assert "Dear Eve" not in dana_reads
    assert f'data-merged-from="{eves.reference}"' not in dana_reads
    # Eve's link keeps to her own complaint, closed as merged, rather than Dana's.
    assert f'id="track-reference">{eves.reference}<' in eve_reads
    assert "Dear Eve" in eve_reads


def test_the_merged_complaints_files_are_listed_and_downloadable_with_the_survivors_link(
    client, original, duplicate, agent
):
    with transaction.atomic():
        receipt_file = keep_attachments(
            complaint=duplicate,
            files=[IncomingFile.from_bytes("receipt.pdf", "application/pdf", b"%PDF-1.4 r")],
            actor_label="Dana Customer",
        ).kept[0]
        staff_only = keep_attachments(
            complaint=duplicate,
            files=[IncomingFile.from_bytes("notes.pdf", "application/pdf", b"%PDF-1.4 n")],
            actor_label="Alice",
            visibility=Visibility.INTERNAL,
        ).kept[0]
    merge(duplicate, original, agent)
    token = tracking.token_for(original.reference, original.tracking_salt)

    html = page(client, original)
    receipt = client.get(reverse("portal:file", args=[token, receipt_file.pk]))
    notes = client.get(reverse("portal:file", args=[token, staff_only.pk]))

    assert "receipt.pdf" in html
    assert "notes.pdf" not in html
    assert (receipt.status_code, notes.status_code) == (200, 404)


def test_an_unrelated_complaints_file_is_still_not_reachable(client, original, agent, billing):
    other = complaint_in(
        Status.ACKNOWLEDGED, actor=agent, department=billing, email="eve@example.com"
    )
    with transaction.atomic():
        kept = keep_attachments(
            complaint=other,
            files=[IncomingFile.from_bytes("eve.pdf", "application/pdf", b"%PDF-1.4 e")],
            actor_label="Eve",
        ).kept[0]
    token = tracking.token_for(original.reference, original.tracking_salt)

    assert client.get(reverse("portal:file", args=[token, kept.pk])).status_code == 404
