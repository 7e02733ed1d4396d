from __future__ import annotations

import pytest

from complaintdesk.complaints.models import Status
from tests.factories import complaint_in

FIRST = "My card was charged twice for order 1001 on Monday."
AGAIN = "I was charged two times on my card for order 1001 this Monday. Please refund it."
UNRELATED = "The courier left my parcel at the wrong address and now it is lost."


@pytest.fixture
def original(agent, billing):
    """Dana's complaint about a double charge, under investigation in billing."""
    return complaint_in(Status.INVESTIGATING, actor=agent, department=billing, description=FIRST)


@pytest.fixture
def duplicate(agent, billing):
    """Dana again, by another channel, about the same double charge."""
    return complaint_in(
        Status.TRIAGED,
        actor=agent,
        department=billing,
        subject="Double charge on my card",
        description=AGAIN,
        channel="web",
    )
