"""Changing the assessment, department or owner outside a transition."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.complaints.services import update_complaint
from tests.factories import complaint_in, file

pytestmark = pytest.mark.django_db


def edit(client, complaint, *, version, **fields):
    initial = client.get(reverse("console:complaint", args=[complaint.reference])).context[
        "edit_form"
    ]
    data = {
        f"edit-{name}": "" if value is None else value
        for name, value in initial.initial.items()
        if value not in (False, None)
    }
    data.update({f"edit-{name}": value for name, value in fields.items()})
    data["edit-version"] = version
    return client.post(reverse("console:edit", args=[complaint.reference]), data)


def test_changing_the_severity_is_saved_and_recorded(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)

    response = edit(client, complaint, version=complaint.version, severity="critical")

    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).severity == "critical"
    assert Event.objects.filter(complaint=complaint, action="complaint.updated").exists()


def test_a_stale_edit_never_overwrites_the_fresher_change(client, agent, billing):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    seen = complaint.version
    client.force_login(agent)
    update_complaint(
        complaint=complaint, actor=agent, expected_version=None, fields={"severity": "high"}
    )

    response = edit(client, complaint, version=seen, severity="low")

    assert response.status_code == 409
    assert "Someone else changed this complaint" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).severity == "high"
    assert response.context["edit_form"].initial["version"] > seen


def test_giving_it_to_a_department_outside_the_scope_leads_back_to_the_queue(
    client, agent, billing, delivery
):
    complaint = complaint_in(Status.INVESTIGATING, actor=agent, department=billing)
    client.force_login(agent)

    response = edit(
        client,
        complaint,
        version=complaint.version,
        department=delivery.pk,
        note="A delivery matter.",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("console:queue")


def test_an_owner_who_cannot_handle_complaints_is_refused_by_name(client, agent, auditor):
    complaint = file()
    client.force_login(agent)

    response = edit(client, complaint, version=complaint.version, owner=auditor.pk)

    assert response.status_code == 422
    assert 'id="id_edit-owner_error"' in response.content.decode()
