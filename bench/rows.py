"""The rows of the seeded archive, one chunk of complaints at a time: customers, and each
complaint's story (history.py) as the rows of the complaint, its audit events and messages.

Rows are plain tuples in the column order below; timestamps are ISO strings and JSON columns
Python lists and dicts, so the same rows can go to COPY or to the ORM."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bench import organisation
from bench.handling import ServiceLevels, assessment_rows, clock_rows
from bench.history import (
    ABOUT_A_MESSAGE,
    PRIORITY_OF_SEVERITY,
    Story,
    iso,
)
from bench.phrases import BANKS, SHORT_SEARCH_TERMS
from bench.population import IMPACTS, NATURES, Complaints, Customers
from complaintdesk.complaints import tracking
from complaintdesk.complaints.models import Remedy

CUSTOMER_COLUMNS = ("id", "name", "email", "phone", "language", "external_ids", "created_at")
COMPLAINT_COLUMNS = (
    "id", "reference", "customer_id", "channel", "subject", "description", "language",
    "occurred_at", "received_at", "location", "product_reference", "remedy_sought",
    "claimed_amount", "claimed_currency", "category_id", "nature", "severity", "impact_scope",
    "complexity", "immediate_action", "priority", "abnormal", "abnormal_reasons", "status",
    "resume_status", "outcome", "remedy_plan", "resolution_summary", "close_reason",
    "department_id", "owner_id", "first_response_due", "resolution_due", "next_due_at",
    "acknowledged_at", "first_response_at", "triaged_at", "resolved_at", "closed_at",
    "status_changed_at", "updated_at", "version", "tracking_salt", "tracking_hash",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "at", "actor_id", "actor_label", "action", "complaint_id", "subject",
    "status_before", "status_after", "changes", "note",
)  # fmt: skip
MESSAGE_COLUMNS = (
    "id", "complaint_id", "channel", "direction", "visibility", "author_id", "author_label",
    "subject", "body", "created_at", "delivery_status", "sent_at", "delivery_attempts",
    "delivery_error",
)  # fmt: skip

DOMAINS = ("example.com", "example.org", "example.net")
REMEDIES = tuple(Remedy.values)
# Statuses in which a complaint is still being handled (what the console's queue shows).
ARCHIVED = {"closed", "withdrawn"}


@dataclass(kw_only=True)
class Archive:
    """Everything the rows are made from; built once and shared with the worker processes."""

    org: organisation.Organisation
    customers: Customers
    complaints: Complaints
    now: int
    seed: int
    first_customer_id: int
    first_complaint_id: int
    first_event_id: int
    first_message_id: int
    first_response_hours: int
    resolution_days: int
    # Routing, service levels and triage: handling.py.
    levels: ServiceLevels
    event_offsets: np.ndarray = field(init=False)
    message_offsets: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.event_offsets = np.concatenate(([0], np.cumsum(self.complaints.events)))
        self.message_offsets = np.concatenate(([0], np.cumsum(self.complaints.messages)))

    def customer_id(self, index: int) -> int:
        return self.first_customer_id + index

    def customer_name(self, index: int) -> tuple[str, str]:
        """A customer's name and e-mail address ("" without one)."""
        customers = self.customers
        bank = BANKS[customers.language[index]]
        name, local = bank.name(int(customers.given[index]), int(customers.family[index]))
        if not customers.has_email[index]:
            return name, ""
        customer_id = self.customer_id(index)
        return name, f"{local}.{customer_id}@{DOMAINS[customer_id % len(DOMAINS)]}"


def customer_rows(archive: Archive, start: int, stop: int) -> Iterator[tuple[Any, ...]]:
    customers = archive.customers
    for index in range(start, stop):
        customer_id = archive.customer_id(index)
        bank = BANKS[customers.language[index]]
        name, email = archive.customer_name(index)
        phone = (
            f"{bank.phone_prefix}{customer_id % 100_000:05d}" if customers.has_phone[index] else ""
        )
        external = {"crm": f"C-{customer_id:07d}"} if customers.in_crm[index] else {}
        yield (
            customer_id, name, email, phone, bank.language, external,
            iso(int(customers.created[index])),
        )  # fmt: skip


@dataclass
class SearchTally:
    """How many complaints contain each language's search term, as the API's search reads
    them (reference, subject, description, customer name or e-mail): in the whole archive,
    in the bench agent's scope, and in the agent's open queue as the console searches it."""

    everywhere: dict[str, int] = field(default_factory=dict)
    agent_scope: dict[str, int] = field(default_factory=dict)
    agent_queue: dict[str, int] = field(default_factory=dict)

    def add(self, other: SearchTally) -> None:
        for mine, theirs in (
            (self.everywhere, other.everywhere),
            (self.agent_scope, other.agent_scope),
            (self.agent_queue, other.agent_queue),
        ):
            for term, count in theirs.items():
                mine[term] = mine.get(term, 0) + count


RowSink = Callable[[tuple[Any, ...]], None]


def _when(epoch: int | None) -> str | None:
    return iso(epoch) if epoch is not None else None


def story_rows(
    archive: Archive,
    start: int,
    stop: int,
    *,
    complaints: RowSink,
    events: RowSink,
    messages: RowSink,
    clocks: RowSink,
    breaches: RowSink,
    assessments: RowSink,
) -> SearchTally:
    """Write the rows of complaints [start, stop), their events and messages, their clocks
    and breaches and their assessments (handling.py)."""
    rnd = random.Random(archive.seed * 1_000_003 + start)
    # Its own draws, so the texts and references are those of the seed before assessments.
    assessing = random.Random(archive.seed * 2_000_003 + start)
    org = archive.org
    terms = [bank.search_term.lower() for bank in BANKS]
    terms += [term.lower() for term in SHORT_SEARCH_TERMS.values()]
    tally = SearchTally(
        everywhere=dict.fromkeys(terms, 0),
        agent_scope=dict.fromkeys(terms, 0),
        agent_queue=dict.fromkeys(terms, 0),
    )
    for index in range(start, stop):
        story = Story(archive, index, rnd)
        event_id = archive.first_event_id + int(archive.event_offsets[index])
        message_id = archive.first_message_id + int(archive.message_offsets[index])
        moments: dict[str, int] = {}
        for entry in story.walk():
            moments[entry.step.action] = entry.at
            subject = f"complaint:{story.complaint_id}"
            if (message := entry.message) is not None:
                delivered = message.direction == "outbound" and bool(story.email)
                delivery = "sent" if delivered else ""
                if message.direction == "outbound" and not delivered:
                    delivery = "recorded"
                messages((
                    message_id, story.complaint_id, message.channel, message.direction,
                    message.visibility, message.author, message.author_label, message.subject,
                    message.body, entry.when, delivery, iso(entry.at + 20) if delivered else None,
                    1 if delivered else 0, "",
                ))  # fmt: skip
                if entry.step.action in ABOUT_A_MESSAGE:
                    subject = f"message:{message_id}"
                message_id += 1
            events((
                event_id, entry.when, entry.actor, entry.actor_label or story.label(entry.actor),
                entry.step.action, story.complaint_id, subject, *story.event_statuses(entry),
                entry.changes, entry.note,
            ))  # fmt: skip
            event_id += 1
        if event_id != archive.first_event_id + int(archive.event_offsets[index + 1]) or (
            message_id != archive.first_message_id + int(archive.message_offsets[index + 1])
        ):
            raise AssertionError(f"complaint #{index}: its history does not match its plan")

        state, bank = story.state, story.bank
        due = clock_rows(archive, index, story, moments, clocks=clocks, breaches=breaches)
        assessment_rows(archive, index, story, assessing, assessments=assessments)
        triaged = state.triaged_at is not None
        salt = f"{rnd.getrandbits(128):032x}"
        claimed = story.claimed
        complaints((
            story.complaint_id, story.reference, archive.customer_id(story.customer),
            story.channel, story.subject, story.description, bank.language,
            _when(story.occurred), iso(story.received),
            rnd.choice(bank.cities) if rnd.random() < 0.3 else "",
            f"ORD-{story.slots['order']}" if rnd.random() < 0.7 else "",
            rnd.sample(REMEDIES, rnd.choice((0, 0, 1, 1, 2))),
            f"{claimed:.2f}" if claimed is not None else None,
            bank.currency if claimed is not None else "",
            org.leaf_ids[story.leaf] if triaged else None,
            NATURES[archive.complaints.nature[index]] if triaged else "",
            story.severity if triaged else "",
            IMPACTS[archive.complaints.impact[index]] if triaged else "",
            state.complexity if triaged else "",
            triaged and story.severity == "critical",
            PRIORITY_OF_SEVERITY[story.severity] if triaged else "",
            False, [], state.status, state.resume_status, state.outcome, state.remedy_plan,
            state.resolution_summary, state.close_reason,
            org.department_ids[story.department] if triaged else None,
            state.owner_id if triaged else None,
            iso(due.first_response), iso(due.resolution), _when(due.next_due),
            _when(state.acknowledged_at), _when(state.first_response_at),
            _when(state.triaged_at), _when(state.resolved_at), _when(state.closed_at),
            iso(state.status_changed_at), iso(state.updated_at), state.version,
            salt, tracking.hash_of(tracking.token_for(story.reference, salt)),
        ))  # fmt: skip
        _count_matches(tally, terms, story, in_scope=not triaged or (
            story.department == org.bench_department))  # fmt: skip
    return tally


def _count_matches(tally: SearchTally, terms: list[str], story: Story, *, in_scope: bool) -> None:
    """Count the complaint under each search term it contains, where each search looks."""
    searched = f"{story.reference} {story.subject} {story.description} {story.name} {story.email}"
    in_queue = in_scope and story.state.status not in ARCHIVED
    # The console's queue search reads the subject and the customer, not the description.
    queue_searched = f"{story.subject} {story.name} {story.email}".lower() if in_queue else ""
    searched = searched.lower()
    for term in terms:
        if term in searched:
            tally.everywhere[term] += 1
            if in_scope:
                tally.agent_scope[term] += 1
        if term in queue_searched:
            tally.agent_queue[term] += 1
