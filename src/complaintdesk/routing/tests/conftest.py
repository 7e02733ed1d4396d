from __future__ import annotations

import pytest

from complaintdesk.accounts.models import Role
from complaintdesk.routing.models import RoutingSettings
from tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def default_to_billing(billing):
    RoutingSettings.objects.update_or_create(pk=1, defaults={"default_department": billing})
    return billing


@pytest.fixture
def quality(db):
    return DepartmentFactory(code="quality", name="Quality and safety")


@pytest.fixture
def wei(billing):
    """A billing agent who also reads Chinese."""
    return UserFactory(
        username="wei",
        first_name="Wei",
        role=Role.AGENT,
        departments=[billing],
        languages_read=["zh-hans"],
    )
