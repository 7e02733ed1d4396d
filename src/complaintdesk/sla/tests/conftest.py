"""Billing in Paris, with a default route to it, so every new complaint gets Billing's calendar
and an owner there (Alice, the agent)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from complaintdesk.routing.models import RoutingSettings
from complaintdesk.sla.models import SlaPolicy


@pytest.fixture
def paris_billing(billing):
    billing.time_zone = "Europe/Paris"
    billing.working_hours = "Mon-Fri 09:00-17:00"
    billing.holiday_country = "FR"
    billing.save()
    return billing


@pytest.fixture
def routed_to_billing(paris_billing, agent):
    RoutingSettings.objects.update_or_create(pk=1, defaults={"default_department": paris_billing})
    return paris_billing


@pytest.fixture
def business_policy(db):
    return SlaPolicy.objects.create(
        name="Standard",
        business_hours=True,
        first_response=timedelta(hours=8),
        plan=timedelta(hours=16),
        resolution=timedelta(hours=40),
        follow_up=timedelta(hours=24),
    )
