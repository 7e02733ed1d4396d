"""The benchmark seed at a tiny scale, on the test database: it writes what it planned, in the
product's own tables, readable through the product's own selectors (COPY on PostgreSQL, the
ORM on SQLite)."""

from __future__ import annotations

import copy
import io

import pytest
from django.db.models import F

from bench.organisation import BENCH_AGENT, BENCH_QUALITY
from bench.seed import Progress, SeedResult, seed
from complaintdesk.accounts.models import User
from complaintdesk.accounts.selectors import user_for_token
from complaintdesk.audit.models import Event
from complaintdesk.complaints.models import Complaint, Customer, Message, Status
from complaintdesk.complaints.selectors import (
    ComplaintSearch,
    access_complaint,
    search_complaints,
    timeline,
)
from complaintdesk.complaints.services import ARCHIVED
from complaintdesk.sla.business_time import CalendarClock
from complaintdesk.sla.models import Breach, Clock
from complaintdesk.sla.selectors import is_urgent, ladder_for, ladders, with_running_clocks
from complaintdesk.sla.services import schedule
from complaintdesk.triage.selectors import needs_triage
from tests.factories import file

COMPLAINTS = 200


@pytest.fixture
def seeded(db) -> SeedResult:
    return seed(complaints=COMPLAINTS, jobs=0, progress=Progress(io.StringIO()))


def test_the_seed_writes_every_row_it_planned(seeded):
    written = (
        Complaint.objects.count(),
        Customer.objects.count(),
        Event.objects.exclude(complaint=None).count(),
        Message.objects.count(),
    )

    assert written == (COMPLAINTS, seeded.customers, seeded.events, seeded.messages)


def test_the_long_story_reads_as_fifty_events_and_messages_in_the_agents_scope(seeded):
    agent = User.objects.get(username=BENCH_AGENT)

    complaint = access_complaint(agent, seeded.long_story)

    assert len(timeline(complaint, include_internal=True)) == 50


@pytest.mark.parametrize("language", ["en", "es", "fr", "zh-hans"])
def test_search_finds_exactly_the_complaints_the_seed_wrote_with_the_term(seeded, language):
    expected = seeded.search[language]
    agent = User.objects.get(username=BENCH_AGENT)
    quality = User.objects.get(username=BENCH_QUALITY)
    search = ComplaintSearch(text=expected["term"])

    found = (
        search_complaints(agent, search).count(),
        search_complaints(quality, search).count(),
    )

    assert found == (expected["agent_scope"], expected["everywhere"])


def test_each_complaints_trail_leads_to_its_current_status(seeded):
    transitions: dict[int, list[tuple[str, str]]] = {}
    # Assessment changes record the status they leave as it was; they are not transitions.
    for complaint_id, before, after in (
        Event.objects.exclude(status_after="")
        .exclude(status_before=F("status_after"))
        .order_by("at", "id")
        .values_list("complaint_id", "status_before", "status_after")
    ):
        transitions.setdefault(complaint_id, []).append((before, after))

    broken = []
    for complaint_id, status in Complaint.objects.values_list("id", "status"):
        steps = transitions[complaint_id]
        chained = all(steps[i][1] == steps[i + 1][0] for i in range(len(steps) - 1))
        if steps[0][0] != "" or steps[-1][1] != status or not chained:
            broken.append(complaint_id)
    assert broken == []


def test_closed_complaints_have_an_outcome_and_a_closing_time(seeded):
    closed = Complaint.objects.filter(status=Status.CLOSED)

    incomplete = closed.filter(outcome="") | closed.filter(closed_at=None)

    assert closed.exists()
    assert not incomplete.exists()


def test_the_bench_agents_token_signs_in_as_the_bench_agent(seeded):
    assert user_for_token(seeded.tokens[BENCH_AGENT]).username == BENCH_AGENT


def test_complaints_filed_after_the_seed_get_fresh_ids(seeded):
    newest = Complaint.objects.order_by("-id").values_list("id", flat=True).first()

    complaint = file()

    assert complaint.pk > newest


def test_open_complaints_are_due_when_their_earliest_running_clock_is(seeded):
    disagree = []
    for complaint in with_running_clocks(Complaint.objects.exclude(status__in=ARCHIVED)):
        ticking = [c.due_at for c in complaint.running_clocks if c.paused_at is None]
        if complaint.next_due_at != (min(ticking) if ticking else None):
            disagree.append(complaint.reference)

    assert Clock.objects.filter(stopped_at=None).exists()
    assert disagree == []


def test_archived_complaints_have_every_clock_stopped_and_decided(seeded):
    archived = Clock.objects.filter(complaint__status__in=ARCHIVED)

    assert archived.exists()
    assert not archived.filter(stopped_at=None).exists()
    assert not archived.filter(met=None).exists()


def test_every_breached_clock_has_its_breach_and_no_kept_one_has(seeded):
    breached = set(Clock.objects.exclude(breached_at=None).values_list("id", flat=True))

    assert breached
    assert set(Breach.objects.values_list("clock_id", flat=True)) == breached
    assert not Clock.objects.filter(id__in=breached, met=True).exists()


def test_untriaged_open_complaints_wait_in_needs_triage_and_triaged_ones_do_not(seeded):
    waiting = set(needs_triage().exclude(status__in=ARCHIVED).values_list("id", flat=True))
    untriaged = Complaint.objects.exclude(status__in=ARCHIVED).filter(triaged_at=None)

    assert waiting
    assert waiting == set(untriaged.values_list("id", flat=True))


def test_a_complaint_filed_after_the_seed_is_routed_and_timed_by_the_seeded_rules(seeded):
    complaint = file()

    assert complaint.department is not None
    assert {c.kind for c in Clock.objects.filter(complaint=complaint)} >= {
        "first_response",
        "resolution",
    }


def test_running_clocks_are_scheduled_as_the_sla_app_schedules_them(seeded):
    known = ladders()
    running = Clock.objects.filter(stopped_at=None, paused_at=None).select_related("complaint")
    differ = []
    for clock in running:
        rungs = ladder_for(clock.complaint.department_id, known).rungs(
            urgent=is_urgent(clock.complaint)
        )
        expected = copy.copy(clock)
        schedule(expected, CalendarClock(), rungs)
        scheduled = (expected.due_at, expected.warning_at, expected.next_step_at)
        if scheduled != (clock.due_at, clock.warning_at, clock.next_step_at):
            differ.append(clock.pk)

    assert running.exists()
    assert differ == []
