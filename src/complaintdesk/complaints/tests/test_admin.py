"""The admin: categories are configured there; complaints and customers can only be read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.complaints.models import Category
from complaintdesk.complaints.services import add_internal_note
from tests.factories import file

pytestmark = pytest.mark.django_db


def test_an_administrator_reads_a_complaint_with_its_trail_but_cannot_change_it(
    client, admin_user, agent
):
    complaint = file()
    add_internal_note(complaint=complaint, actor=agent, body="Checked the ledger.")
    client.force_login(admin_user)
    url = reverse("admin:complaints_complaint_change", args=[complaint.pk])

    page = client.get(url)
    client.post(url, {"subject": "Rewritten"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "complaint.acknowledged" in html
    assert "Checked the ledger." in html
    assert 'name="subject"' not in html
    assert complaint.tracking_hash not in html
    complaint.refresh_from_db()
    assert complaint.subject == "Charged twice for one order"


def test_complaints_cannot_be_added_through_the_admin(client, admin_user):
    client.force_login(admin_user)

    assert client.get(reverse("admin:complaints_complaint_add")).status_code == 403


def test_an_administrator_adds_a_category_under_a_parent(client, admin_user):
    parent = Category.objects.create(code="billing", name="Billing")
    client.force_login(admin_user)

    client.post(
        reverse("admin:complaints_category_add"),
        {"code": "double-charge", "name": "Double charge", "parent": parent.pk, "active": "on"},
    )

    assert str(Category.objects.get(code="double-charge")) == "Billing › Double charge"


def test_the_complaint_list_and_search_work(client, admin_user):
    complaint = file()
    client.force_login(admin_user)

    response = client.get(
        reverse("admin:complaints_complaint_changelist"), {"q": complaint.reference}
    )

    assert complaint.reference in response.content.decode()
