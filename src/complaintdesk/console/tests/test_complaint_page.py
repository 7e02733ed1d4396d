"""One complaint's page: everything about it, and the actions the lifecycle table allows."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Status
from complaintdesk.complaints.services import add_internal_note, reply_to_customer
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db


def page(client, complaint):
    return client.get(reverse("console:complaint", args=[complaint.reference]))


def buttons(response):
    return re.findall(r'<summary[^>]*data-action="([a-z_]+)"', response.content.decode())


def test_the_buttons_are_the_actions_the_table_allows_this_user(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)

    response = page(client, complaint)

    assert response.status_code == 200
    # Actions with a form of their own elsewhere (merge, a remedy plan) are not buttons here.
    assert buttons(response) == [
        action
        for action in lifecycle.allowed_actions(complaint, agent)
        if lifecycle.TRANSITIONS[action].generic
    ]


def test_each_action_form_has_exactly_the_transitions_fields_and_a_note(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)

    forms = {form.transition.action: form for form in page(client, complaint).context["actions"]}

    assert set(forms["resolve"].fields) == {"resolution_summary", "outcome", "note", "version"}
    assert forms["request_information"].fields["note"].required


def test_an_auditor_sees_the_complaint_but_no_action(client, auditor, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(auditor)

    response = page(client, complaint)

    assert buttons(response) == []
    assert response.context["edit_form"] is None
    assert response.context["reply_form"] is None


def test_a_reference_outside_the_users_scope_is_not_found(client, outsider, agent, billing):
    complaint = complaint_in(Status.TRIAGED, actor=agent, department=billing)
    client.force_login(outsider)

    assert page(client, complaint).status_code == 404


def test_a_closed_complaint_is_read_only_except_reopening(client, agent, billing):
    complaint = complaint_in(Status.CLOSED, actor=agent, department=billing)
    client.force_login(agent)

    response = page(client, complaint)

    assert buttons(response) == ["reopen"]
    assert 'id="archived-notice"' in response.content.decode()
    for form in ("edit_form", "note_form", "reply_form"):
        assert response.context[form] is None


def test_the_page_shows_the_complaint_the_customer_and_the_history(client, agent):
    complaint = file(subject="Charged twice", product_reference="ORDER-1001", channel="phone")
    add_internal_note(complaint=complaint, actor=agent, body="Checked the card processor.")
    client.force_login(agent)

    html = page(client, complaint).content.decode()

    assert "ORDER-1001" in html
    assert "dana@example.com" in html
    assert "Checked the card processor." in html
    assert 'data-event="complaint.acknowledged"' in html
    assert 'id="first-response-due"' in html


def test_the_number_of_queries_does_not_grow_with_the_history(
    client, agent, billing, django_assert_max_num_queries
):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)
    with CaptureQueriesContext(connection) as short_history:
        page(client, complaint)
    for n in range(5):
        add_internal_note(complaint=complaint, actor=agent, body=f"Note {n}")
        reply_to_customer(complaint=complaint, actor=agent, body=f"Reply {n}")

    with django_assert_max_num_queries(len(short_history)):
        response = page(client, complaint)
    assert response.content.decode().count('data-visibility="internal"') == 5
