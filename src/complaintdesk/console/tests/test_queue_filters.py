"""The queue's filter form: its long lists (owners, categories, departments) as the people and
categories are now, in the reader's language, with the chosen value kept; and the rows written
in Python show what the templates showed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaintdesk.accounts.models import Role
from complaintdesk.complaints.models import Category, Complaint, Status
from tests.factories import UserFactory, complaint_in, file

pytestmark = pytest.mark.django_db

QUEUE = reverse("console:queue")
HTMX = {"HX-Request": "true", "HX-Target": "queue-results"}


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option of the select named `name`."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>(.*?)</option>', select.group(1)
        )
    ]


def test_the_owner_filter_lists_the_people_a_complaint_can_be_given_to(client, agent, handler):
    client.force_login(agent)

    owners = options(client.get(QUEUE).content.decode(), "owner")

    assert [label for _, label, _ in owners[:3]] == ["Anyone", "Mine", "Nobody yet"]
    assert (str(handler.pk), "Hugo", False) in owners
    assert (str(agent.pk), "Alice", False) in owners


def test_a_renamed_member_of_staff_shows_with_the_new_name_at_once(client, agent, handler):
    client.force_login(agent)
    client.get(QUEUE)

    handler.first_name, handler.last_name = "Hugh", "Grant"
    handler.save()
    owners = options(client.get(QUEUE).content.decode(), "owner")

    assert (str(handler.pk), "Hugh Grant", False) in owners
    assert all(label != "Hugo" for _, label, _ in owners)


def test_someone_who_joins_or_leaves_the_staff_is_listed_or_not_at_once(client, agent, billing):
    client.force_login(agent)
    client.get(QUEUE)

    newcomer = UserFactory(username="nina", first_name="Nina", role=Role.HANDLER)
    assert (str(newcomer.pk), "Nina", False) in options(client.get(QUEUE).content.decode(), "owner")

    newcomer.is_active = False
    newcomer.save()
    assert str(newcomer.pk) not in {
        v for v, _, _ in options(client.get(QUEUE).content.decode(), "owner")
    }


def test_a_new_category_is_offered_with_its_parent_at_once(client, agent):
    billing_issues = Category.objects.create(code="billing-issues", name="Billing issues")
    client.force_login(agent)
    client.get(QUEUE)

    child = Category.objects.create(code="double", name="Double charge", parent=billing_issues)
    categories = options(client.get(QUEUE).content.decode(), "category")

    assert (str(child.pk), "Billing issues › Double charge", False) in categories


def test_the_chosen_values_stay_selected(client, agent, handler, billing):
    client.force_login(agent)

    html = client.get(QUEUE, {"owner": handler.pk, "department": billing.pk}).content.decode()

    assert [v for v, _, chosen in options(html, "owner") if chosen] == [str(handler.pk)]
    assert [v for v, _, chosen in options(html, "department") if chosen] == [str(billing.pk)]
    # The next visit without filters does not keep the previous choice.
    html = client.get(QUEUE).content.decode()
    assert [v for v, _, chosen in options(html, "owner") if chosen] == [""]


def test_the_filters_are_in_the_readers_language(client, agent):
    client.force_login(agent)
    client.get(QUEUE)

    html = client.get(QUEUE, headers={"Accept-Language": "es"}).content.decode()

    assert options(html, "owner")[0][1] != "Anyone"
    assert options(html, "sort")[0][1] != "What is due first"


def test_a_name_with_markup_is_shown_as_text(client, agent):
    UserFactory(username="mallory", first_name="<b>Mallory</b>", role=Role.HANDLER)
    client.force_login(agent)

    html = client.get(QUEUE).content.decode()

    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html
    assert "<b>Mallory</b>" not in html


def test_filtering_by_a_category_includes_its_subcategories(client, agent, billing):
    parent = Category.objects.create(code="delivery", name="Delivery")
    child = Category.objects.create(code="late", name="Late", parent=parent)
    other = Category.objects.create(code="rude", name="Rude staff")
    wanted = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    unwanted = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    Complaint.objects.filter(pk=wanted.pk).update(category=child)
    Complaint.objects.filter(pk=unwanted.pk).update(category=other)
    client.force_login(agent)

    response = client.get(QUEUE, {"category": parent.pk})

    assert [c.reference for c in response.context["page"].object_list] == [wanted.reference]


def test_an_unknown_category_is_named_next_to_its_field(client, agent):
    client.force_login(agent)

    response = client.get(QUEUE, {"category": "999999"})

    assert response.status_code == 400
    assert 'id="id_category_error"' in response.content.decode()


def test_the_results_alone_read_no_list_of_staff_or_categories(client, agent):
    file()
    client.force_login(agent)

    with CaptureQueriesContext(connection) as queries:
        client.get(QUEUE, headers=HTMX)

    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert 'FROM "complaints_category"' not in sql
    assert '"accounts_user"."role" IN' not in sql


def test_a_row_shows_its_labels_dates_and_badges(client, agent, billing):
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        complaint = complaint_in(
            Status.TRIAGED, actor=agent, department=billing, subject="<i>Broken</i> kettle"
        )
    Complaint.objects.filter(pk=complaint.pk).update(abnormal=True)
    client.force_login(agent)

    with time_machine.travel(start + timedelta(hours=26), tick=False):
        html = client.get(QUEUE).content.decode()

    row = re.search(rf'<tr id="row-{complaint.reference}".*?</tr>', html, re.S)
    assert row
    row_html = row.group(0)
    assert 'class="abnormal"' in row_html
    assert '<span class="badge badge-warning">Abnormal</span>' in row_html
    assert "&lt;i&gt;Broken&lt;/i&gt; kettle" in row_html
    assert '<span class="status status-triaged">Triaged</span>' in row_html
    assert '<span class="badge badge-danger">Overdue</span>' in row_html
    assert f'href="{reverse("console:complaint", args=[complaint.reference])}"' in row_html
    assert '<time datetime="2026-11-23T' in row_html
    assert 'data-label="Received"' in row_html
