"""How many SQL queries filing a complaint through the API costs, with everything intake's
transaction does (customer, reference, audit events, assessment field by field, routing,
clocks, acknowledgement, automatic triage), on the demo organisation's rules and service
levels. Each query is a round trip in the request; the budget catches a lookup repeated per
field, rule or clock. Measured 2026-11-25: 49 queries waiting for triage, 61 triaged
automatically (with a coordination task of the responsibility matrix); 52 and 65 before the
clocks were inserted in one statement and not read back, and a complaint's open consultations
read once by the responsibility matrix; 56 and 70 before the webhook endpoints were read
once per filing, the acknowledgement stored with its delivery status in one INSERT, the
routing rules' categories read as ids and a user's departments in one query; 118 and 134
before the assessment was written in one statement and the service levels read once per
filing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test.utils import CaptureQueriesContext

from complaintdesk.accounts.models import Role, User
from complaintdesk.complaints.models import Complaint, Status
from complaintdesk.demo.organisation import load_organisation
from tests.api.clients import NEW_COMPLAINT, bearer, send

# Billing, in English, with nothing for triage to settle the severity and priority by.
WAITS_FOR_TRIAGE = dict(NEW_COMPLAINT, remedy_sought=[])
WAITS_FOR_TRIAGE_BUDGET = 51
# Critical and clear enough for every required field: triaged by the system on arrival.
TRIAGED_AUTOMATICALLY = dict(
    NEW_COMPLAINT,
    subject="Gas smell",
    description=(
        "I was charged twice for the visit. There is a strong smell of gas by the meter since "
        "the engineer came. It is dangerous."
    ),
)
TRIAGED_AUTOMATICALLY_BUDGET = 63


class QueryListing:
    """The queries of a capture, written out only when the budget's failure message is."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.captured: CaptureQueriesContext | None = None

    def __str__(self) -> str:
        queries = self.captured.captured_queries if self.captured else []
        lines = "\n".join(f"{n:3d}. {q['sql'][:200]}" for n, q in enumerate(queries, 1))
        return f"filing's budget is {self.budget} queries; it ran:\n{lines}"


@pytest.fixture
def integrator(db) -> Any:
    load_organisation()
    agent = User.objects.filter(role=Role.AGENT).order_by("id").first()
    assert agent is not None
    client = bearer(agent)
    # The first complaint reads the triage configuration, kept for the next ones.
    assert send(client, "post", "/complaints", NEW_COMPLAINT).status_code == 201
    return client


def file_within(client: Any, body: dict[str, Any], budget: int, assert_max: Any) -> Complaint:
    listing = QueryListing(budget)
    customer = {"name": "Eve Newcomer", "email": "eve@example.com", "language": "en"}
    with assert_max(budget, info=listing) as captured:
        listing.captured = captured
        response = send(client, "post", "/complaints", dict(body, customer=customer))
    assert response.status_code == 201, response.content
    return Complaint.objects.get(reference=response.json()["reference"])


def test_filing_a_complaint_that_waits_for_triage_stays_within_its_query_budget(
    integrator, django_assert_max_num_queries
):
    complaint = file_within(
        integrator, WAITS_FOR_TRIAGE, WAITS_FOR_TRIAGE_BUDGET, django_assert_max_num_queries
    )

    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.field_assessments.count() == 12


def test_filing_a_complaint_triaged_on_arrival_stays_within_its_query_budget(
    integrator, django_assert_max_num_queries
):
    complaint = file_within(
        integrator,
        TRIAGED_AUTOMATICALLY,
        TRIAGED_AUTOMATICALLY_BUDGET,
        django_assert_max_num_queries,
    )

    assert complaint.status == Status.TRIAGED
    assert complaint.clocks.count() == 3
