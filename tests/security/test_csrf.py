"""CSRF: a form posted from another site (no token) changes nothing, on every kind of form:
staff sign-in and the console, the customer's pages, the privacy page, and the API used with a
browser session."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Status
from tests.factories import PASSWORD, complaint_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def forged():
    """A browser that does what a hostile page makes it do: post without our token."""
    return Client(enforce_csrf_checks=True)


def test_csrf_without_a_token_cannot_sign_anyone_in(forged, agent):
    response = forged.post(reverse("console:login"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 403


def test_csrf_without_a_token_cannot_write_on_a_complaint_in_the_console(
    forged, agent, billing_complaint
):
    forged.force_login(agent)

    responses = [
        forged.post(reverse(name, args=[billing_complaint.reference]), data)
        for name, data in (
            ("console:note", {"note-body": "forged"}),
            ("console:reply", {"reply-body": "forged"}),
            ("console:edit", {"edit-version": billing_complaint.version, "edit-priority": "p1"}),
        )
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert billing_complaint.messages.filter(body="forged").count() == 0


def test_csrf_without_a_token_cannot_answer_for_the_customer(forged, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)
    token = tracking.token_for(complaint.reference, complaint.tracking_salt)

    response = forged.post(
        reverse("portal:respond", args=[token, "accept_remedy"]),
        {"accept_remedy-version": complaint.version},
    )

    complaint.refresh_from_db()
    assert (response.status_code, complaint.status) == (403, Status.REMEDY_PROPOSED)


def test_csrf_without_a_token_cannot_add_to_a_complaint_or_file_one(forged, billing_complaint):
    token = tracking.token_for(billing_complaint.reference, billing_complaint.tracking_salt)

    added = forged.post(reverse("portal:add_information", args=[token]), {"info-body": "forged"})
    filed = forged.post(reverse("webform:complain"), {"description": "forged"})

    assert (added.status_code, filed.status_code) == (403, 403)


def test_csrf_without_a_token_cannot_erase_a_customer(forged, quality_manager, billing_complaint):
    forged.force_login(quality_manager)

    response = forged.post(
        reverse("privacy:erase", args=[billing_complaint.customer_id]), {"reason": "forged"}
    )

    assert response.status_code == 403


def test_csrf_the_api_with_a_browser_session_and_no_token_changes_nothing(
    forged, agent, billing_complaint
):
    forged.force_login(agent)

    response = forged.post(
        f"/api/v1/complaints/{billing_complaint.reference}/messages",
        data=json.dumps({"kind": "note", "body": "forged"}),
        content_type="application/json",
    )

    assert (response.status_code, billing_complaint.messages.filter(body="forged").count()) == (
        403,
        0,
    )
