"""Possible duplicates: the same customer (or e-mail or phone), a similar text, received within
DUPLICATE_WINDOW_DAYS; not an unrelated complaint, not another customer's, not one too old."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from complaintdesk.complaints.models import Customer
from complaintdesk.relations.selectors import possible_duplicates
from complaintdesk.relations.services import link_complaints
from complaintdesk.relations.tests.conftest import AGAIN, FIRST, UNRELATED
from tests.factories import file

pytestmark = pytest.mark.django_db


def test_a_near_duplicate_of_the_same_customer_is_suggested(agent):
    first = file(description=FIRST)
    again = file(subject="Double charge on my card", description=AGAIN, channel="web")

    [suggestion] = possible_duplicates(agent, again)

    assert suggestion.complaint == first
    assert suggestion.percent >= 30


def test_an_unrelated_complaint_of_the_same_customer_is_not_suggested(agent):
    file(subject="Parcel lost", description=UNRELATED)
    again = file(subject="Double charge on my card", description=AGAIN)

    assert possible_duplicates(agent, again) == []


def test_a_similar_complaint_of_another_customer_is_not_suggested(agent):
    file(description=FIRST, email="eve@example.com", name="Eve")
    again = file(subject="Double charge on my card", description=AGAIN)

    assert possible_duplicates(agent, again) == []


def test_two_customer_records_with_the_same_phone_count_as_one_customer(agent):
    first = file(description=FIRST, email="dana@home.example")
    again = file(description=AGAIN, email="dana@work.example")
    Customer.objects.filter(pk__in=[first.customer_id, again.customer_id]).update(
        phone="+44 20 7946 0000"
    )
    again.refresh_from_db()

    assert [s.complaint for s in possible_duplicates(agent, again)] == [first]


def test_a_complaint_received_outside_the_window_is_not_suggested(agent, settings):
    settings.DUPLICATE_WINDOW_DAYS = 10
    with time_machine.travel(timezone.now() - timedelta(days=11)):
        file(description=FIRST)
    again = file(subject="Double charge on my card", description=AGAIN)

    assert possible_duplicates(agent, again) == []


def test_a_complaint_already_linked_is_not_suggested_again(agent):
    first = file(description=FIRST)
    again = file(subject="Double charge on my card", description=AGAIN)
    link_complaints(complaint=again, other=first, actor=agent, kind="related")

    assert possible_duplicates(agent, again) == []


def test_suggestions_stay_within_the_readers_scope(outsider):
    file(description=FIRST)
    again = file(subject="Double charge on my card", description=AGAIN)

    assert possible_duplicates(outsider, again) == []
