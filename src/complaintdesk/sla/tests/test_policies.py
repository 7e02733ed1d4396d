"""Which service level applies: the most specific active policy, else the default."""

from __future__ import annotations

from datetime import timedelta

import pytest

from complaintdesk.sla.models import SlaPolicy
from complaintdesk.sla.selectors import policy_for
from tests.factories import CategoryFactory, file

pytestmark = pytest.mark.django_db


def test_without_policies_the_installations_promises_apply_in_calendar_hours(settings):
    policy = policy_for(file())
    assert (policy.first_response, policy.business_hours) == (
        timedelta(hours=settings.FIRST_RESPONSE_HOURS),
        False,
    )


def test_the_policy_of_the_complaints_priority_wins_over_a_general_one():
    SlaPolicy.objects.create(name="Any")
    urgent = SlaPolicy.objects.create(name="P1", priority="p1")
    complaint = file()
    complaint.priority = "p1"
    assert policy_for(complaint) == urgent


def test_a_category_policy_covers_the_categories_below_it():
    parent = CategoryFactory(code="delivery")
    child = CategoryFactory(code="delivery-late", parent=parent)
    SlaPolicy.objects.create(name="Any")
    deliveries = SlaPolicy.objects.create(name="Deliveries", category=parent)
    complaint = file()
    complaint.category = child
    assert policy_for(complaint) == deliveries


def test_a_customer_segment_policy_applies_to_that_segment_only():
    vip = SlaPolicy.objects.create(name="VIP", segment="vip")
    complaint = file()
    assert policy_for(complaint) != vip
    complaint.customer.segment = "vip"
    assert policy_for(complaint) == vip


def test_an_inactive_policy_never_applies():
    SlaPolicy.objects.create(name="Old", active=False)
    assert policy_for(file()).pk is None
