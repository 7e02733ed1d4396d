"""A problem links many complaints, is resolved once, and its resolution reaches every linked
customer in their own language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.complaints.models import Message
from complaintdesk.insights import problems, services
from complaintdesk.insights.models import ProblemState
from tests.factories import file

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage(quality_manager):
    english = file(email="en@example.com", language="en")
    french = file(email="fr@example.com", language="fr", subject="Double débit")
    return problems.open_problem(
        actor=quality_manager, title="Payment outage", complaints=[english, french]
    )


def test_resolving_a_problem_tells_every_linked_customer_in_their_language(outage, quality_manager):
    told = problems.resolve_problem(
        actor=quality_manager,
        problem=outage,
        resolution="The duplicate charges were refunded.",
        translations={"fr": "Les doubles débits ont été remboursés."},
    )
    assert told == 2
    messages = {
        m.complaint.language: m for m in Message.objects.filter(subject__contains="problem")
    } | {m.complaint.language: m for m in Message.objects.filter(subject__contains="problème")}
    assert "The duplicate charges were refunded." in messages["en"].body
    assert "Les doubles débits ont été remboursés." in messages["fr"].body
    assert outage.state == ProblemState.RESOLVED


def test_a_problem_is_resolved_only_once(outage, quality_manager):
    problems.resolve_problem(actor=quality_manager, problem=outage, resolution="Refunded.")
    with pytest.raises(services.ActionRefused):
        problems.resolve_problem(actor=quality_manager, problem=outage, resolution="Again.")


def test_a_problem_is_opened_from_the_console_with_its_complaints(client, quality_manager):
    complaint = file(email="a@example.com")
    client.force_login(quality_manager)
    response = client.post(
        reverse("insights:problems"),
        {"title": "Outage", "description": "", "complaint_references": complaint.reference},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert complaint.reference in page
