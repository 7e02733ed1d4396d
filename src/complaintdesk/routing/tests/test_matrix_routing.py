"""The responsibility matrix in routing: a complaint goes to the department its category's
matrix makes responsible, unless a more specific rule (a condition beyond the category, or a
narrower category) says otherwise; a sub-category takes the row above it; one query."""

from __future__ import annotations

import pytest

from complaintdesk.audit.models import Event
from complaintdesk.routing.matrix import matrix_for
from complaintdesk.routing.models import MatrixRole, ResponsibilityEntry, RoutingRule
from complaintdesk.routing.selectors import destination_for
from tests.factories import CategoryFactory, UserFactory, file

pytestmark = pytest.mark.django_db


def matrix(category, responsible, consulted=(), informed=()):
    for role, departments in (
        (MatrixRole.RESPONSIBLE, [responsible]),
        (MatrixRole.CONSULTED, consulted),
        (MatrixRole.INFORMED, informed),
    ):
        for department in departments:
            ResponsibilityEntry.objects.create(category=category, department=department, role=role)


def rule(department, name="Rule", position=100, categories=(), **conditions):
    made = RoutingRule.objects.create(
        name=name, position=position, department=department, **conditions
    )
    made.categories.set(categories)
    return made


@pytest.fixture
def charges(db):
    # The category triage's seeded rules give "Charged twice for one order" on arrival.
    return CategoryFactory(code="billing-and-charges", name="Billing and charges")


def test_a_new_complaint_goes_to_the_department_its_categorys_matrix_makes_responsible(
    charges, default_to_billing, delivery
):
    matrix(charges, delivery)

    complaint = file()

    assert complaint.category == charges
    assert complaint.department == delivery
    note = Event.objects.get(complaint=complaint, action="complaint.routed").note
    assert "responsibility matrix of Billing and charges" in note


def test_a_sub_category_takes_the_row_of_the_nearest_category_above_it(billing, delivery):
    top = CategoryFactory(code="goods", name="Goods")
    middle = CategoryFactory(code="goods-parcels", name="Parcels", parent=top)
    leaf = CategoryFactory(code="goods-parcels-late", name="Late parcels", parent=middle)
    matrix(top, billing)
    matrix(middle, delivery, informed=[billing])
    complaint = file()
    complaint.category = leaf

    found = matrix_for(leaf)

    assert (found.category, found.depth, found.responsible) == (middle, 1, delivery)
    assert found.informed == (billing,)
    assert destination_for(complaint).department == delivery


def test_a_category_with_its_own_row_does_not_take_its_parents(billing, delivery):
    parent = CategoryFactory(code="goods", name="Goods")
    child = CategoryFactory(code="goods-parcels", name="Parcels", parent=parent)
    matrix(parent, billing)
    matrix(child, delivery)

    assert matrix_for(child).responsible == delivery
    assert matrix_for(parent).responsible == billing


def test_reading_the_matrix_takes_one_query_whatever_the_depth(billing, django_assert_num_queries):
    top = CategoryFactory(code="a", name="A")
    middle = CategoryFactory(code="a-b", name="B", parent=top)
    leaf = CategoryFactory(code="a-b-c", name="C", parent=middle)
    matrix(top, billing)

    with django_assert_num_queries(1):
        found = matrix_for(leaf)

    assert (found.depth, found.responsible.name) == (2, "Billing")


def test_a_rule_with_a_condition_beyond_the_category_outranks_the_matrix(
    charges, billing, delivery
):
    matrix(charges, delivery)
    rule(billing, name="API complaints", channels=["api"], categories=[charges])

    destination = destination_for(file())

    assert (destination.department, destination.rule.name) == (billing, "API complaints")


def test_a_rule_on_the_same_category_gives_way_to_the_matrix(charges, billing, delivery):
    matrix(charges, delivery)
    rule(billing, name="Charges to billing", categories=[charges])

    destination = destination_for(file())

    assert (destination.department, destination.rule) == (delivery, None)
    assert "“Charges to billing” is less specific" in destination.explanation


def test_a_rule_without_any_condition_gives_way_to_the_matrix(charges, billing, delivery):
    matrix(charges, delivery)
    rule(billing, name="Everything")

    assert destination_for(file()).department == delivery


def test_a_rule_on_a_narrower_category_outranks_the_matrix_of_the_one_above(
    charges, billing, delivery
):
    twice = CategoryFactory(code="billing-double-charge", name="Charged twice", parent=charges)
    matrix(charges, delivery)
    rule(billing, name="Double charges", categories=[twice])
    complaint = file()
    complaint.category = twice

    assert destination_for(complaint).department == billing


def test_when_the_matrix_agrees_with_the_rule_the_rules_person_still_gets_it(
    charges, billing, delivery
):
    hugo = UserFactory(username="hugo", role="handler", departments=[billing])
    matrix(charges, billing)
    rule(billing, name="Charges to Hugo", categories=[charges], owner=hugo)

    complaint = file()

    assert (complaint.department, complaint.owner) == (billing, hugo)
    note = Event.objects.get(complaint=complaint, action="complaint.routed").note
    assert "matrix of Billing and charges agrees" in note


def test_without_a_row_for_the_category_the_rules_decide_as_before(
    charges, default_to_billing, delivery
):
    rule(delivery, name="Charges to delivery", categories=[charges])

    assert file().department == delivery


def test_the_matrix_is_looked_for_up_to_five_categories_above_and_no_further(billing, delivery):
    chain = [CategoryFactory(code="level-0", name="Level 0")]
    for level in range(1, 7):
        chain.append(
            CategoryFactory(code=f"level-{level}", name=f"Level {level}", parent=chain[-1])
        )
    matrix(chain[0], billing)
    matrix(chain[1], delivery)

    # chain[6] is five below chain[1] and six below chain[0].
    assert (matrix_for(chain[6]).responsible, matrix_for(chain[6]).depth) == (delivery, 5)
    assert matrix_for(chain[5]).depth == 4

    ResponsibilityEntry.objects.filter(category=chain[1]).delete()

    assert (matrix_for(chain[5]).responsible, matrix_for(chain[5]).depth) == (billing, 5)
    assert matrix_for(chain[6]) is None
