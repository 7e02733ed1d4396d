"""Routing in admin: a rule is tried on a sample complaint as it is being edited, without
saving it; the settings and the service-level pages open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaintdesk.routing.models import RoutingRule
from tests.factories import file

pytestmark = pytest.mark.django_db

ADD = reverse("admin:routing_routingrule_add")


def form(department, **fields):
    return {
        "name": "Parcels",
        "position": "10",
        "active": "on",
        "department": str(department.pk),
        "keywords": "parcel",
        **fields,
    }


def test_trying_a_rule_on_a_sample_complaint_shows_the_outcome_and_saves_nothing(
    client, admin_user, delivery
):
    complaint = file(subject="Where is my parcel?")
    client.force_login(admin_user)

    response = client.post(ADD, form(delivery, sample=complaint.reference.lower(), _try="1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "This rule matches the complaint." in html
    assert "Delivery" in html
    assert not RoutingRule.objects.exists()


def test_a_rule_that_does_not_match_the_sample_says_which_condition_failed(
    client, admin_user, delivery
):
    complaint = file(subject="Charged twice")
    client.force_login(admin_user)

    response = client.post(ADD, form(delivery, sample=complaint.reference, _try="1"))

    assert "This rule does not match the complaint." in response.content.decode()
    assert response.context["adminform"].form.trial.checks[0].met is False


def test_trying_without_a_known_sample_names_the_field(client, admin_user, delivery):
    client.force_login(admin_user)

    response = client.post(ADD, form(delivery, sample="CD-NOPE", _try="1"))

    assert "sample" in response.context["adminform"].form.errors


def test_saving_a_rule_keeps_its_conditions(client, admin_user, delivery):
    client.force_login(admin_user)

    response = client.post(ADD, form(delivery, channels=["email", "web"], segments="VIP, business"))

    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert (rule.channels, rule.segments) == (["email", "web"], ["business", "vip"])


@pytest.mark.parametrize(
    "page",
    [
        "admin:routing_routingsettings_add",
        "admin:routing_team_changelist",
        "admin:sla_slapolicy_add",
        "admin:sla_escalationladder_add",
        "admin:sla_clock_changelist",
        "admin:sla_breach_changelist",
        "admin:sla_staffalert_changelist",
        "admin:accounts_department_add",
    ],
)
def test_the_admin_pages_open(client, admin_user, page):
    client.force_login(admin_user)

    assert client.get(reverse(page)).status_code == 200
