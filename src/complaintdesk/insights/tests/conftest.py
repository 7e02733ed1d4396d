"""A fixed data set whose figures are worked out by hand in the tests.

November 2026 (times UTC, the site's zone in tests):
  A billing web    02 Nov 09:00  first response +2 h,  resolved +10 h, upheld
  B billing e-mail 03 Nov 09:00  first response +4 h,  resolved +30 h, not upheld
  C billing e-mail 03 Nov 12:00  first response +30 h, still being investigated
  D billing web    05 Nov 10:00  first response +1 h,  resolved, then reopened
  E delivery phone 06 Nov 08:00  first response +8 h,  triaged
October 2026 (the previous period of November):
  F billing web    20 Oct 09:00  first response +3 h
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint, Status
from tests.factories import complaint_in

NOVEMBER = (datetime(2026, 11, 1).date(), datetime(2026, 11, 30).date())

ROWS = [
    # key, status, department fixture, channel, received, first response after, resolved after
    ("A", "upheld", "billing", "web", datetime(2026, 11, 2, 9, tzinfo=UTC), 2, 10),
    ("B", "not_upheld", "billing", "email", datetime(2026, 11, 3, 9, tzinfo=UTC), 4, 30),
    (
        "C",
        Status.INVESTIGATING,
        "billing",
        "email",
        datetime(2026, 11, 3, 12, tzinfo=UTC),
        30,
        None,
    ),
    ("D", Status.REOPENED, "billing", "web", datetime(2026, 11, 5, 10, tzinfo=UTC), 1, None),
    ("E", Status.TRIAGED, "delivery", "phone", datetime(2026, 11, 6, 8, tzinfo=UTC), 8, None),
    ("F", Status.TRIAGED, "billing", "web", datetime(2026, 10, 20, 9, tzinfo=UTC), 3, None),
]


@pytest.fixture
def november(billing, delivery, supervisor, quality_manager):
    """The complaints of the data set by key, walked through the real lifecycle at their
    times, then given the response and resolution times of the table."""
    departments = {"billing": billing, "delivery": delivery}
    made = {}
    for key, status, department, channel, received, first, resolved in ROWS:
        with time_machine.travel(received, tick=False):
            complaint = complaint_in(
                Status.TRIAGED if status == Status.TRIAGED else Status.INVESTIGATING,
                actor=supervisor,
                department=departments[department],
                channel=channel,
                email=f"{key.lower()}@example.com",
                name=f"Customer {key}",
            )
            if status not in (Status.TRIAGED, Status.INVESTIGATING):
                # Resolved as not upheld (no root cause needed), the outcome set below.
                lifecycle.perform(
                    complaint,
                    "resolve",
                    actor=supervisor,
                    resolution_summary="Answered.",
                    outcome="not_upheld",
                )
            if status == Status.REOPENED:
                lifecycle.perform(complaint, "reopen", actor=supervisor, note="Not fixed.")
        Complaint.objects.filter(pk=complaint.pk).update(
            first_response_at=received + timedelta(hours=first),
            resolved_at=received + timedelta(hours=resolved) if resolved else None,
            **({"outcome": status} if status in ("upheld", "not_upheld") else {}),
        )
        complaint.refresh_from_db()
        made[key] = complaint
    return made
