"""What the attack tests share: a world of two departments with a complaint in each, and the
people who try to reach what is not theirs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from complaintdesk.accounts.models import User
from complaintdesk.complaints.models import Complaint, Status
from tests.factories import complaint_in

# Every kind of caller, by the persona fixture standing for it (None: not signed in).
CALLERS = (
    "anonymous",
    "agent",
    "handler",
    "supervisor",
    "quality_manager",
    "auditor",
    "admin_user",
    "outsider",
)


@dataclass
class Callers:
    by_name: dict[str, User | None]

    def client(self, name: str) -> Client:
        client = Client()
        user = self.by_name[name]
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def callers(agent, handler, supervisor, quality_manager, auditor, admin_user, outsider):
    return Callers(
        {
            "anonymous": None,
            "agent": agent,
            "handler": handler,
            "supervisor": supervisor,
            "quality_manager": quality_manager,
            "auditor": auditor,
            "admin_user": admin_user,
            "outsider": outsider,
        }
    )


@pytest.fixture
def billing_complaint(agent, billing) -> Complaint:
    """Under investigation in billing: the agent's, the handler's, the supervisor's; never the
    outsider's (a handler of delivery)."""
    return complaint_in(
        Status.INVESTIGATING,
        actor=agent,
        department=billing,
        subject="Charged twice",
        email="dana@example.com",
    )
