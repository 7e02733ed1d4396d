"""The related-complaints endpoints: links both ways, possible duplicates, merge and split, with
refusals as 4xx naming the field."""

from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Complaint, Status
from tests.api.clients import BASE, bearer, send
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


def test_a_link_made_through_the_api_is_listed_from_both_ends(original, duplicate, agent):
    client = bearer(agent)

    made = send(
        client,
        "post",
        f"/complaints/{duplicate.reference}/links",
        {"reference": original.reference.lower(), "kind": "duplicate"},
    )
    listed = client.get(f"{BASE}/complaints/{original.reference}/links")

    assert made.status_code == 201
    assert [(row["label"], row["reference"]) for row in made.json()] == [
        ("Duplicate of", original.reference)
    ]
    assert [(row["direction"], row["reference"]) for row in listed.json()] == [
        ("incoming", duplicate.reference)
    ]


def test_linking_an_unknown_reference_is_refused_naming_the_field(original, agent):
    response = send(
        bearer(agent), "post", f"/complaints/{original.reference}/links", {"reference": "CD-XXXX"}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["reference"]


def test_merging_through_the_api_answers_the_survivor(original, duplicate, agent):
    response = send(
        bearer(agent),
        "post",
        f"/complaints/{duplicate.reference}/merge",
        {"into": original.reference, "reason": "Same double charge.", "version": duplicate.version},
    )

    assert response.status_code == 200
    assert response.json()["reference"] == original.reference
    assert Complaint.objects.get(pk=duplicate.pk).status == Status.CLOSED


def test_merging_into_itself_is_a_422_naming_into(original, agent):
    response = send(
        bearer(agent),
        "post",
        f"/complaints/{original.reference}/merge",
        {"into": original.reference, "reason": "Oops."},
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["into"]


def test_merging_into_a_closed_complaint_is_a_409(duplicate, agent, billing):
    closed = complaint_in(Status.CLOSED, actor=agent, department=billing)

    response = send(
        bearer(agent),
        "post",
        f"/complaints/{duplicate.reference}/merge",
        {"into": closed.reference, "reason": "Same."},
    )

    assert response.status_code == 409
    assert "open complaint" in response.json()["detail"]


def test_merging_without_a_reason_is_a_422_naming_reason(original, duplicate, agent):
    response = send(
        bearer(agent),
        "post",
        f"/complaints/{duplicate.reference}/merge",
        {"into": original.reference, "reason": ""},
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]


def test_splitting_through_the_api_answers_the_new_acknowledged_complaint(original, agent):
    response = send(
        bearer(agent),
        "post",
        f"/complaints/{original.reference}/split",
        {"text": "Also, the driver was rude."},
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["customer"]["id"]) == ("acknowledged", original.customer_id)
    assert body["reference"] != original.reference


def test_possible_duplicates_are_listed_with_their_similarity(original, duplicate, agent):
    response = bearer(agent).get(f"{BASE}/complaints/{duplicate.reference}/duplicates")

    [suggestion] = response.json()
    assert suggestion["reference"] == original.reference
    assert suggestion["similarity"] >= 30


def test_an_auditor_reads_links_and_may_not_merge(original, duplicate, auditor):
    client = bearer(auditor)

    read = client.get(f"{BASE}/complaints/{original.reference}/links")
    merged = send(
        client,
        "post",
        f"/complaints/{duplicate.reference}/merge",
        {"into": original.reference, "reason": "Same."},
    )

    assert (read.status_code, merged.status_code) == (200, 403)


def test_an_outsider_cannot_see_or_merge_billings_complaints(original, duplicate, outsider):
    client = bearer(outsider)

    read = client.get(f"{BASE}/complaints/{original.reference}/links")
    merged = send(
        client,
        "post",
        f"/complaints/{duplicate.reference}/merge",
        {"into": original.reference, "reason": "Same."},
    )

    assert (read.status_code, merged.status_code) == (404, 404)
