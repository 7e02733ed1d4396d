"""Mass assignment, the way peer helpdesks were taken over (self-promotion to admin): every
interface takes only the fields each caller may set, and names any other field it refuses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.accounts.models import Role, User
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Complaint, Status
from tests.api.clients import NEW_COMPLAINT, bearer, send
from tests.factories import complaint_in

pytestmark = pytest.mark.django_db


def _refused_fields(response) -> set[str]:
    return {error["field"] for error in response.json().get("errors", [])}


def test_self_promotion_to_admin_through_the_api_is_refused_naming_the_fields(
    agent, billing_complaint
):
    response = send(
        bearer(agent),
        "patch",
        f"/complaints/{billing_complaint.reference}",
        {
            "role": "admin",
            "is_staff": True,
            "is_superuser": True,
            "priority": "p1",
            "version": billing_complaint.version,
        },
    )

    agent.refresh_from_db()
    assert (response.status_code, _refused_fields(response)) == (
        422,
        {"role", "is_staff", "is_superuser"},
    )
    assert (agent.role, agent.is_staff, agent.is_superuser) == (Role.AGENT, False, False)


def test_filing_through_the_api_cannot_set_the_owner_the_status_or_the_priority(agent):
    body = {**NEW_COMPLAINT, "owner": agent.pk, "status": "closed", "priority": "p1"}

    response = send(bearer(agent), "post", "/complaints", body)

    assert (response.status_code, _refused_fields(response)) == (
        422,
        {"owner", "status", "priority"},
    )


def test_the_assessment_cannot_set_fields_outside_it_such_as_the_status(agent, billing_complaint):
    response = send(
        bearer(agent),
        "patch",
        f"/complaints/{billing_complaint.reference}",
        {"status": "closed", "outcome": "upheld", "version": billing_complaint.version},
    )

    billing_complaint.refresh_from_db()
    assert (response.status_code, billing_complaint.status) == (422, Status.INVESTIGATING)


def test_a_customer_on_the_web_form_cannot_set_priority_owner_or_compensation(client, agent):
    shown = client.get(reverse("webform:complain")).content.decode()
    form_key = shown.split('name="form_key" value="', 1)[1].split('"', 1)[0]
    client.post(
        reverse("webform:complain"),
        {
            "form_key": form_key,
            "name": "Dana Customer",
            "email": "dana@example.com",
            "description": "The jug arrived broken.",
            "consent": "on",
            "priority": "p1",
            "owner": str(agent.pk),
            "abnormal": "on",
            "status": "closed",
            "compensation": "5000",
        },
    )

    complaint = Complaint.objects.get()
    assert (complaint.priority, complaint.owner, complaint.abnormal, complaint.status) == (
        "",
        None,
        False,
        Status.ACKNOWLEDGED,
    )


def test_a_customer_answering_on_the_tracking_page_cannot_set_staff_fields(client, agent, billing):
    complaint = complaint_in(Status.REMEDY_PROPOSED, actor=agent, department=billing)
    client.post(
        reverse(
            "portal:respond",
            args=[
                tracking.token_for(complaint.reference, complaint.tracking_salt),
                "accept_remedy",
            ],
        ),
        {
            "accept_remedy-version": complaint.version,
            "accept_remedy-note": "",
            "accept_remedy-priority": "p1",
            "accept_remedy-outcome": "upheld",
            "priority": "p1",
            "outcome": "upheld",
        },
    )

    complaint.refresh_from_db()
    assert (complaint.status, complaint.priority, complaint.outcome) == (
        Status.IN_REMEDY,
        "",
        "",
    )


def test_an_agent_cannot_promote_anyone_through_the_console_forms(client, agent, handler):
    complaint = complaint_in(
        Status.INVESTIGATING, actor=agent, department=handler.departments.get()
    )
    client.force_login(agent)

    client.post(
        reverse("console:edit", args=[complaint.reference]),
        {
            "edit-version": complaint.version,
            "edit-note": "",
            "edit-role": "admin",
            "role": "admin",
            "is_staff": "on",
        },
    )

    assert User.objects.filter(is_staff=True).count() == 0
