"""The console queue's text search: what it looks in, and how it shows a capped total."""

from __future__ import annotations

import pytest

from complaintdesk.complaints import selectors
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.search import matching_text
from complaintdesk.console import paging, views
from complaintdesk.console.forms import QUEUE_TEXT
from tests.factories import file

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap_of_three(monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_TOTAL_CAP", 3)
    monkeypatch.setattr(paging, "SEARCH_TOTAL_CAP", 3)


@pytest.fixture
def five_refunds(db):
    return [file(subject=f"Refund {n} missing") for n in range(5)]


def test_the_queue_search_finds_a_whole_reference_and_the_product_reference(
    quality_manager,
):
    complaint = file(subject="Printer", product_reference="SKU-冷柜-9")

    def queue_found(text: str) -> set[int]:
        return set(
            Complaint.objects.filter(matching_text(text, QUEUE_TEXT)).values_list("pk", flat=True)
        )

    assert queue_found(complaint.reference.lower()) == {complaint.pk}
    assert queue_found(complaint.reference[:6]) == set()
    assert queue_found("冷柜") == {complaint.pk}
    assert queue_found("sku-") == {complaint.pk}


def test_the_console_shows_a_capped_total_with_a_plus_and_pages_on_past_it(
    client, agent, five_refunds, cap_of_three, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(agent)

    first, second, last = (client.get(f"/?q=refund&page={n}").content.decode() for n in (1, 2, 3))

    assert 'data-total="3" data-total-capped' in first
    assert "3+ complaints" in first
    assert 'rel="next"' in first
    assert 'data-total="4" data-total-capped' in second
    assert 'data-total="5"' in last
    assert 'rel="next"' not in last
    shown = [page.count('id="row-') for page in (first, second, last)]
    assert shown == [2, 2, 1]


def test_the_console_counts_exactly_without_a_text_search(client, agent, five_refunds):
    client.force_login(agent)

    page = client.get("/").content.decode()

    assert 'data-total="5"' in page
    assert "data-total-capped" not in page
