"""The matrix where people look: a card on the console's complaint page and a field of the
API's complaint detail, each read in one query."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from complaintdesk.complaints.selectors import access_complaint
from complaintdesk.routing.models import MatrixRole, ResponsibilityEntry
from tests.api.clients import bearer
from tests.factories import CategoryFactory, file

pytestmark = pytest.mark.django_db


@pytest.fixture
def charges(billing, delivery, quality):
    category = CategoryFactory(code="billing-and-charges", name="Billing and charges")
    for department, role in (
        (billing, MatrixRole.RESPONSIBLE),
        (delivery, MatrixRole.CONSULTED),
        (quality, MatrixRole.INFORMED),
    ):
        ResponsibilityEntry.objects.create(category=category, department=department, role=role)
    return category


def test_the_complaint_page_shows_who_is_responsible_consulted_and_informed(client, agent, charges):
    complaint = file()
    client.force_login(agent)

    html = client.get(reverse("console:complaint", args=[complaint.reference])).content.decode()

    assert 'id="responsibility"' in html
    assert '<dd id="matrix-responsible">Billing</dd>' in html
    assert '<dd id="matrix-consulted">Delivery</dd>' in html
    assert '<dd id="matrix-informed">Quality and safety</dd>' in html
    assert "data-consultation" in html


def test_the_card_says_when_no_matrix_covers_the_category(client, agent, billing):
    CategoryFactory(code="billing-and-charges", name="Billing and charges")
    complaint = file()
    client.force_login(agent)

    html = client.get(reverse("console:complaint", args=[complaint.reference])).content.decode()

    assert "No responsibility matrix for this category" in html


def test_the_card_costs_one_query(agent, charges, django_assert_num_queries):
    complaint = access_complaint(agent, file().reference)
    card = Template("{% load responsibility %}{% responsibility_card complaint %}")

    with django_assert_num_queries(1):
        html = card.render(Context({"complaint": complaint}))

    assert "Quality and safety" in html


def test_the_api_detail_has_the_matrix_of_the_complaints_category(
    agent, charges, billing, delivery, quality
):
    complaint = file()

    body = bearer(agent).get(f"/api/v1/complaints/{complaint.reference}").json()

    def ref(row):
        return {"id": row.pk, "code": row.code, "name": row.name}

    assert body["responsibility"] == {
        "category": ref(charges),
        "responsible": ref(billing),
        "consulted": [ref(delivery)],
        "informed": [ref(quality)],
    }


def test_the_api_detail_has_no_matrix_when_none_covers_the_category(agent, billing):
    complaint = file()

    body = bearer(agent).get(f"/api/v1/complaints/{complaint.reference}").json()

    assert body["responsibility"] is None


def test_the_tasks_say_which_are_consultations_of_the_matrix(outsider, charges):
    complaint = file()

    tasks = bearer(outsider).get(f"/api/v1/complaints/{complaint.reference}/tasks").json()

    assert [(t["department"]["code"], t["consultation"]) for t in tasks] == [("delivery", True)]
