"""Removing a link a person made between two complaints: from either end, through the service,
the API and the console panel; both complaints record it. The link of a merge or a split stays,
and a link that is not this complaint's is not found."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints.lifecycle import ActionNotAllowed, InvalidFields, RoleNotAllowed
from complaintdesk.relations.models import ComplaintLink, LinkKind
from complaintdesk.relations.selectors import links_of
from complaintdesk.relations.services import (
    link_complaints,
    merge_complaints,
    split_complaint,
    unlink_complaints,
)
from tests.api.clients import BASE, bearer, send

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def link(original, duplicate, agent):
    """Dana's second complaint marked as a duplicate of her first, without merging."""
    return link_complaints(
        complaint=duplicate, other=original, actor=agent, kind="duplicate", note="Same order."
    )


def unlink_path(complaint, link_id):
    return f"/complaints/{complaint.reference}/links/{link_id}/unlink"


def panel(client, complaint):
    return client.get(reverse("relations:panel", args=[complaint.reference]), headers=HTMX)


# The service.


def test_unlinking_removes_the_link_from_both_complaints(original, duplicate, link, agent):
    unlink_complaints(complaint=duplicate, link=link, actor=agent)

    assert (links_of(agent, duplicate), links_of(agent, original)) == ([], [])


def test_unlinking_is_recorded_on_both_complaints_with_the_link_it_removed(
    original, duplicate, link, agent
):
    unlink_complaints(complaint=original, link=link, actor=agent, note="Different orders.")

    events = Event.objects.filter(action="complaint.unlinked")
    assert {event.complaint_id for event in events} == {original.pk, duplicate.pk}
    assert {tuple(event.changes["link"]) for event in events} == {
        (f"{duplicate.reference} Duplicate of {original.reference}", None)
    }
    assert {event.note for event in events} == {"Different orders."}


def test_the_same_complaints_can_be_linked_again_after_unlinking(original, duplicate, link, agent):
    unlink_complaints(complaint=duplicate, link=link, actor=agent)

    again = link_complaints(complaint=original, other=duplicate, actor=agent, kind="related")

    assert [row.link for row in links_of(agent, original)] == [again]


def test_an_auditor_may_not_unlink(duplicate, link, auditor):
    with pytest.raises(RoleNotAllowed):
        unlink_complaints(complaint=duplicate, link=link, actor=auditor)

    assert ComplaintLink.objects.filter(pk=link.pk).exists()


def test_the_link_of_a_split_stays(original, agent):
    new = split_complaint(complaint=original, actor=agent, text="Also, the driver was rude.")
    split = ComplaintLink.objects.get(source=new)

    with pytest.raises(ActionNotAllowed, match="record of a split"):
        unlink_complaints(complaint=original, link=split, actor=agent)

    assert ComplaintLink.objects.filter(pk=split.pk).exists()
    assert not Event.objects.filter(action="complaint.unlinked").exists()


def test_a_link_removed_a_moment_ago_by_someone_else_is_refused(duplicate, link, agent, handler):
    unlink_complaints(complaint=duplicate, link=link, actor=handler)

    with pytest.raises(ActionNotAllowed, match="no longer linked"):
        unlink_complaints(complaint=duplicate, link=link, actor=agent)

    assert Event.objects.filter(action="complaint.unlinked").count() == 2


def test_a_note_too_long_is_refused_naming_the_note(duplicate, link, agent):
    with pytest.raises(InvalidFields) as refusal:
        unlink_complaints(complaint=duplicate, link=link, actor=agent, note="x" * 5_001)

    assert set(refusal.value.errors) == {"note"}


# The API.


def test_unlinking_through_the_api_answers_the_links_that_remain(original, duplicate, link, agent):
    client = bearer(agent)

    response = send(client, "post", unlink_path(original, link.pk), {})
    listed = client.get(f"{BASE}/complaints/{duplicate.reference}/links")

    assert response.status_code == 200
    assert response.json() == []
    assert listed.json() == []


def test_the_api_says_which_links_can_be_removed(original, duplicate, link, agent):
    split_complaint(complaint=original, actor=agent, text="Also, the driver was rude.")

    rows = bearer(agent).get(f"{BASE}/complaints/{original.reference}/links").json()

    assert {(row["kind"], row["removable"]) for row in rows} == {
        ("duplicate", True),
        ("split_from", False),
    }


def test_unlinking_the_record_of_a_merge_is_a_409_naming_it(original, duplicate, agent):
    merge_complaints(duplicate=duplicate, into=original, actor=agent, reason="Same charge.")
    merged = ComplaintLink.objects.get(kind=LinkKind.MERGED_INTO)

    response = send(bearer(agent), "post", unlink_path(original, merged.pk), {})

    assert response.status_code == 409
    assert "record of a merge" in response.json()["detail"]
    assert ComplaintLink.objects.filter(pk=merged.pk).exists()


@pytest.mark.parametrize("link_id", [0, 999_999, 2**63])
def test_unlinking_an_unknown_link_is_a_404_naming_it(original, agent, link_id):
    response = send(bearer(agent), "post", unlink_path(original, link_id), {})

    assert response.status_code == 404
    assert f"has no link {link_id}" in response.json()["detail"]


def test_a_link_of_two_other_complaints_is_not_found_through_this_one(
    original, duplicate, link, agent, billing
):
    from tests.factories import complaint_in

    third = complaint_in("triaged", actor=agent, department=billing)

    response = send(bearer(agent), "post", unlink_path(third, link.pk), {})

    assert response.status_code == 404
    assert ComplaintLink.objects.filter(pk=link.pk).exists()


def test_a_link_id_that_is_not_a_number_is_a_422_naming_it(original, agent):
    response = send(bearer(agent), "post", unlink_path(original, "first"), {})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["link_id"]


def test_an_auditor_may_not_unlink_through_the_api(original, link, auditor):
    response = send(bearer(auditor), "post", unlink_path(original, link.pk), {})

    assert response.status_code == 403
    assert ComplaintLink.objects.filter(pk=link.pk).exists()


def test_an_outsider_cannot_reach_the_link(original, link, outsider):
    response = send(bearer(outsider), "post", unlink_path(original, link.pk), {})

    assert response.status_code == 404
    assert ComplaintLink.objects.filter(pk=link.pk).exists()


# The console.


def test_the_panel_offers_to_unlink_only_links_made_by_hand(client, original, link, agent):
    split_complaint(complaint=original, actor=agent, text="Also, the driver was rude.")
    client.force_login(agent)

    html = panel(client, original).content.decode()

    assert html.count("data-unlink=") == 1
    assert f'id="unlink-form-{link.pk}"' in html


def test_unlinking_in_the_console_removes_the_link_from_both_panels(
    client, original, duplicate, link, agent
):
    client.force_login(agent)

    response = client.post(reverse("relations:unlink", args=[duplicate.reference, link.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:complaint", args=[duplicate.reference]))
    # No link left on either; each is suggested to the other as a possible duplicate again.
    for this, that in ((duplicate, original), (original, duplicate)):
        html = panel(client, this).content.decode()
        assert 'id="no-links"' in html
        assert f'data-reference="{that.reference}" data-similarity=' in html


def test_an_auditor_sees_no_unlink_button_and_is_refused(client, duplicate, link, auditor):
    client.force_login(auditor)

    html = panel(client, duplicate).content.decode()
    response = client.post(reverse("relations:unlink", args=[duplicate.reference, link.pk]))

    assert "data-unlink=" not in html
    assert response.status_code == 403
    assert ComplaintLink.objects.filter(pk=link.pk).exists()


def test_unlinking_a_link_already_gone_shows_the_panel_saying_so(client, duplicate, link, agent):
    client.force_login(agent)
    client.post(reverse("relations:unlink", args=[duplicate.reference, link.pk]))

    response = client.post(reverse("relations:unlink", args=[duplicate.reference, link.pk]))

    assert response.status_code == 404
    assert 'id="relations-alert"' in response.content.decode()


def test_unlinking_a_merge_in_the_console_is_refused_with_the_reason(
    client, original, duplicate, agent
):
    merge_complaints(duplicate=duplicate, into=original, actor=agent, reason="Same charge.")
    merged = ComplaintLink.objects.get(kind=LinkKind.MERGED_INTO)
    client.force_login(agent)

    response = client.post(reverse("relations:unlink", args=[original.reference, merged.pk]))

    assert response.status_code == 409
    assert "record of a merge" in response.content.decode()
