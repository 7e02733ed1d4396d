"""Routing rules: tried in order, each condition met by the complaint's own facts, the first
that matches decides the department; the default department catches the rest."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Customer
from complaintdesk.routing.models import RoutingRule
from complaintdesk.routing.selectors import destination_for
from complaintdesk.routing.services import route_complaint
from tests.factories import CategoryFactory, file

pytestmark = pytest.mark.django_db


def rule(department, name="Rule", position=100, **conditions):
    categories = conditions.pop("categories", [])
    made = RoutingRule.objects.create(
        name=name, position=position, department=department, **conditions
    )
    made.categories.set(categories)
    return made


def test_a_new_complaint_is_routed_on_arrival(billing, delivery):
    rule(delivery, keywords="parcel\nlate delivery")

    complaint = file(subject="My parcel never came", description="It was due last week.")

    assert complaint.department == delivery
    event = Event.objects.get(complaint=complaint, action="complaint.routed")
    assert "Rule" in event.note


def test_rules_are_tried_in_order_and_the_first_that_matches_decides(billing, delivery):
    rule(delivery, name="Later", position=20, channels=["api"])
    rule(billing, name="First", position=10, channels=["api"])

    assert destination_for(file()).rule.name == "First"


def test_an_inactive_rule_is_skipped(billing, delivery, default_to_billing):
    rule(delivery, channels=["api"], active=False)

    assert file().department == billing


def test_without_a_matching_rule_the_default_department_takes_it(default_to_billing, delivery):
    rule(delivery, channels=["phone"])

    complaint = file()

    assert complaint.department == default_to_billing
    assert "default department" in Event.objects.get(action="complaint.routed").note


def test_without_rules_or_default_a_complaint_stays_unrouted_and_nothing_is_recorded(db):
    complaint = file()

    assert complaint.department is None
    assert not Event.objects.filter(action="complaint.routed").exists()


def test_a_category_condition_covers_the_categories_below(billing, delivery):
    parent = CategoryFactory(code="delivery")
    child = CategoryFactory(code="delivery-late", parent=parent)
    rule(delivery, categories=[parent])
    complaint = file()
    complaint.category = child

    assert destination_for(complaint).department == delivery


@pytest.mark.parametrize(
    ("condition", "meets", "misses"),
    [
        ({"channels": ["email"]}, {"channel": "email"}, {"channel": "web"}),
        ({"languages": ["fr"]}, {"language": "fr"}, {"language": "en"}),
        ({"severities": ["critical"]}, {"severity": "critical"}, {"severity": "low"}),
        ({"priorities": ["p1", "p2"]}, {"priority": "p2"}, {"priority": "p3"}),
        ({"products": ["fibre"]}, {"product_reference": "FIBRE-200"}, {"product_reference": "TV"}),
    ],
)
def test_each_condition_on_the_complaint(delivery, condition, meets, misses):
    rule(delivery, **condition)
    complaint = file()

    for name, value in meets.items():
        setattr(complaint, name, value)
    assert destination_for(complaint).department == delivery
    for name, value in misses.items():
        setattr(complaint, name, value)
    assert destination_for(complaint).department is None


def test_a_customer_segment_condition(delivery):
    rule(delivery, segments=["business"])
    complaint = file()
    Customer.objects.filter(pk=complaint.customer_id).update(segment="business")

    assert destination_for(Complaint.objects.get(pk=complaint.pk)).department == delivery


def test_keywords_match_whatever_their_case_and_in_any_script(delivery):
    rule(delivery, keywords="快递\nCOURIER")

    assert file(subject="The courier was rude").department == delivery
    assert file(subject="快递员很粗鲁", language="zh-hans").department == delivery


def test_every_condition_of_a_rule_must_be_met(delivery):
    rule(delivery, channels=["api"], keywords="parcel")

    assert file(subject="Charged twice").department is None


def test_routing_again_after_a_new_assessment_moves_the_complaint(billing, delivery):
    rule(delivery, severities=["critical"])
    complaint = file()
    assert complaint.department is None

    Complaint.objects.filter(pk=complaint.pk).update(severity="critical")
    complaint.refresh_from_db()
    route_complaint(complaint=complaint)

    assert complaint.department == delivery


def test_routing_again_without_a_change_writes_nothing(default_to_billing):
    complaint = file()
    version = complaint.version

    route_complaint(complaint=complaint)

    assert complaint.version == version
    assert Event.objects.filter(action="complaint.routed").count() == 1
