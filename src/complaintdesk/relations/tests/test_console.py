"""The related-complaints panel on the console's complaint page: links, possible duplicates,
merged histories marked as such, and the forms to link, merge and split."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.complaints.models import Complaint, Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def panel(client, complaint):
    return client.get(reverse("relations:panel", args=[complaint.reference]), headers=HTMX)


def test_the_complaint_page_loads_the_panel_and_offers_no_generic_merge_button(
    client, agent, original
):
    client.force_login(agent)

    html = client.get(reverse("console:complaint", args=[original.reference])).content.decode()

    assert reverse("relations:panel", args=[original.reference]) in html
    assert 'data-action="merge"' not in html


def test_the_panel_suggests_the_same_customers_near_duplicate(client, agent, original, duplicate):
    client.force_login(agent)

    html = panel(client, duplicate).content.decode()

    assert f'data-reference="{original.reference}"' in html
    assert 'id="merge-form"' in html
    assert "<html" not in html


def test_merging_in_the_console_goes_to_the_survivor_showing_the_merged_history(
    client, agent, original, duplicate
):
    client.force_login(agent)

    response = client.post(
        reverse("relations:merge", args=[duplicate.reference]),
        {"merge-into": original.reference, "merge-reason": "Same charge.", "merge-version": ""},
    )
    html = panel(client, original).content.decode()

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("console:complaint", args=[original.reference]))
    assert f'data-merged="{duplicate.reference}"' in html
    assert "data-merged-message" in html


def test_a_refused_merge_is_shown_next_to_the_field(client, agent, original):
    client.force_login(agent)

    response = client.post(
        reverse("relations:merge", args=[original.reference]),
        {"merge-into": original.reference, "merge-reason": "Same."},
    )

    assert response.status_code == 422
    assert 'id="id_merge-into_error"' in response.content.decode()
    assert Complaint.objects.get(pk=original.pk).status == Status.INVESTIGATING


def test_splitting_in_the_console_links_the_new_complaint(client, agent, original):
    client.force_login(agent)

    client.post(
        reverse("relations:split", args=[original.reference]),
        {"split-text": "Also, the driver was rude.", "split-subject": ""},
    )
    html = panel(client, original).content.decode()

    new = Complaint.objects.exclude(pk=original.pk).get()
    assert f'data-reference="{new.reference}"' in html
    assert 'data-kind="split_from"' in html


def test_linking_in_the_console_shows_on_both_panels(client, agent, original, duplicate):
    client.force_login(agent)

    client.post(
        reverse("relations:link", args=[duplicate.reference]),
        {"link-reference": original.reference, "link-kind": "related", "link-note": ""},
    )

    assert f'data-reference="{original.reference}"' in panel(client, duplicate).content.decode()
    assert f'data-reference="{duplicate.reference}"' in panel(client, original).content.decode()


def test_an_auditor_sees_the_panel_without_forms(client, auditor, original, duplicate):
    client.force_login(auditor)

    response = panel(client, duplicate)

    assert response.status_code == 200
    assert 'id="merge-form"' not in response.content.decode()


def test_without_htmx_the_panel_is_a_page_of_its_own(client, agent, original):
    client.force_login(agent)

    response = client.get(reverse("relations:panel", args=[original.reference]))

    assert "<html" in response.content.decode()
