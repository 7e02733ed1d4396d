"""One seeded complaint's story: what the customer wrote, and its path through the lifecycle
walked step by step into the audit events and messages the product's services would have
written (who acted, what changed, what the customer was told), with the complaint's own
fields as they stand at the end."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bench.phrases import BANKS, Bank
from bench.population import (
    CHANNELS,
    COMPLEXITIES,
    DAY,
    HISTORY,
    OUTCOMES,
    SEVERITIES,
    UNVERSIONED,
    WITHDRAWN,
    Step,
    step_time,
)
from complaintdesk.intake.references import ALPHABET, PREFIX
from complaintdesk.notifications.services import SYSTEM_AUTHOR

if TYPE_CHECKING:
    from bench.rows import Archive

PRIORITY_OF_SEVERITY = {"critical": "p1", "high": "p2", "medium": "p3", "low": "p4"}
# Staff answering the customer starts the first-response clock.
FIRST_RESPONSES = {
    "complaint.information_requested",
    "complaint.remedy_proposed",
    "complaint.resolved",
    "message.sent",
}
# Events that accompany a message and name it as their subject.
ABOUT_A_MESSAGE = {"note.added", "message.sent", "message.received"}
# Changes of the assessment: they record the status, which they leave as it was.
ASSESSMENT = {"complaint.reassigned", "complaint.updated"}
# Channels on which the customer files the complaint themself.
SELF_SERVICE = {"web", "email", "chat"}
# Multiplier and offset of the bijection that turns ids into references: odd, so that every
# id below 32**8 gets its own reference, in no visible order.
REFERENCE_MULTIPLIER = 0x9E3779B97
REFERENCE_OFFSET = 0x5DEECE66D
REFERENCE_SPACE = 32**8


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()


def reference_for(complaint_id: int) -> str:
    scrambled = (complaint_id * REFERENCE_MULTIPLIER + REFERENCE_OFFSET) % REFERENCE_SPACE
    body = "".join(ALPHABET[(scrambled >> shift) & 31] for shift in range(35, -1, -5))
    return f"{PREFIX}-{body[:4]}-{body[4:]}"


def _money(bank: Bank, value: float) -> str:
    if bank.currency == "GBP":
        return f"£{value:.2f}"
    if bank.currency == "CNY":
        return f"{value:.0f}元"
    return f"{value:.2f} €".replace(".", ",")


@dataclass(slots=True)
class Message:
    direction: str
    visibility: str
    channel: str
    author: int | None
    author_label: str
    subject: str
    body: str


@dataclass(slots=True)
class Entry:
    """One step as recorded: its audit event, and the message that went with it."""

    step: Step
    at: int
    when: str  # `at` in ISO 8601
    status_before: str
    actor: int | None
    actor_label: str = ""
    changes: dict[str, list[Any]] = field(default_factory=dict)
    note: str = ""
    message: Message | None = None


@dataclass(slots=True)
class State:
    """The complaint's own fields as the story goes on."""

    complexity: str
    received: int
    status: str = ""
    resume_status: str = ""
    owner_id: int | None = None
    outcome: str = ""
    remedy_plan: str = ""
    resolution_summary: str = ""
    close_reason: str = ""
    acknowledged_at: int | None = None
    first_response_at: int | None = None
    triaged_at: int | None = None
    resolved_at: int | None = None
    closed_at: int | None = None
    status_changed_at: int = 0
    updated_at: int = 0
    version: int = 1


class Story:
    def __init__(self, archive: Archive, index: int, rnd: random.Random) -> None:
        self.archive = archive
        self.rnd = rnd
        complaints = archive.complaints
        self.complaint_id = archive.first_complaint_id + index
        self.reference = reference_for(self.complaint_id)
        self.customer = int(complaints.customer[index])
        self.bank: Bank = BANKS[archive.customers.language[self.customer]]
        self.name, self.email = archive.customer_name(self.customer)
        self.received = int(complaints.received[index])
        self.duration = int(complaints.duration[index])
        self.channel = CHANNELS[complaints.channel[index]]
        self.customer_channel = "email" if self.email else self.channel
        self.department = int(complaints.department[index])
        staff = archive.org.handlers[self.department]
        self.owner = staff[int(len(staff) * complaints.owner_draw[index] ** 1.8)]
        self.second_owner = staff[int(len(staff) * complaints.second_owner_draw[index])]
        self.leaf = int(complaints.leaf[index])
        self.flags = {name: int(values[index]) for name, values in complaints.flags.items()}
        self.withdraw_at = float(complaints.withdraw_at[index])
        self.outcome = OUTCOMES[complaints.outcome[index]]
        self.severity = SEVERITIES[complaints.severity[index]]
        self.state = State(
            complexity=COMPLEXITIES[complaints.complexity[index]],
            received=self.received,
            status_changed_at=self.received,
            updated_at=self.received,
        )
        self._write()

    def _write(self) -> None:
        """What the customer wrote, and what staff will answer, in their language."""
        rnd, bank = self.rnd, self.bank
        self.claimed = round(rnd.lognormvariate(4, 1), 2) if rnd.random() < 0.3 else None
        self.occurred = self.received - rnd.randrange(0, 10 * DAY) if rnd.random() < 0.6 else None
        day = datetime.fromtimestamp(self.occurred or self.received - DAY, UTC)
        self.slots = {
            # A few products take most complaints.
            "item": bank.items[int(len(bank.items) * rnd.random() ** 1.6)],
            "order": str(rnd.randrange(10_000_000, 99_999_999)),
            "amount": _money(bank, self.claimed or rnd.uniform(15, 300)),
            "date": bank.date(day.day, day.month),
        }
        theme = bank.themes[self.archive.org.leaf_themes[self.leaf]]
        self.subject = rnd.choice(theme.subjects).format(**self.slots)
        parts = [rnd.choice(bank.openings)] if rnd.random() < 0.5 else []
        parts.append(rnd.choice(theme.problems).format(**self.slots))
        if rnd.random() < 0.4:
            parts.append(rnd.choice(bank.impacts))
        if rnd.random() < 0.7:
            parts.append(rnd.choice(bank.asks))
        self.description = ("" if bank.family_name_first else " ").join(parts)
        self.remedy_plan = rnd.choice(bank.remedy_plans).format(**self.slots)
        self.resolution = rnd.choice(bank.resolutions)
        self.close_reason = rnd.choice(bank.close_reasons)

    def label(self, user_id: int | None) -> str:
        return self.archive.org.handler_labels[user_id] if user_id else "system"

    def steps(self) -> Iterator[tuple[Step, int]]:
        """The steps taken by now, with their times."""
        now = self.archive.now
        for step in HISTORY:
            if step.flag and self.flags[step.flag] < step.at_least:
                continue
            if not step.fraction < self.withdraw_at:
                continue
            at = step_time(self.received, self.duration, step.fraction, step.seconds)
            if at <= now:
                yield step, at
        if self.withdraw_at != float("inf"):
            at = step_time(self.received, self.duration, self.withdraw_at, 0)
            if at <= now:
                yield WITHDRAWN, at

    def walk(self) -> Iterator[Entry]:
        """Each step taken, as recorded; self.state follows along."""
        state = self.state
        for step, at in self.steps():
            entry = Entry(step, at, iso(at), state.status, state.owner_id)
            self._take(entry)
            if step.status:
                state.status = step.status
                state.status_changed_at = at
            if step.action not in UNVERSIONED:
                state.version += 1
            state.updated_at = at
            if step.action in FIRST_RESPONSES and state.first_response_at is None:
                state.first_response_at = at
            yield entry

    def _to_customer(self, subject: str, body: str, author: int | None = None) -> Message:
        label = self.label(author) if author else SYSTEM_AUTHOR
        return Message("outbound", "customer", self.customer_channel, author, label, subject, body)

    def _template(self, template: tuple[str, str]) -> Message:
        subject, body = template
        return self._to_customer(
            subject.format(reference=self.reference),
            body.format(reference=self.reference, name=self.name),
        )

    def _take(self, entry: Entry) -> None:
        """Fill in one step: who took it, what it changed, what the customer was told."""
        state, bank, rnd = self.state, self.bank, self.rnd
        action, when = entry.step.action, entry.when
        thread = f"[{self.reference}] {self.subject}"
        if action == "complaint.received":
            entry.actor = self.owner if self.channel not in SELF_SERVICE | {"api"} else None
            entry.actor_label = self.name if self.channel in SELF_SERVICE else ""
            entry.note = f"channel: {self.channel}"
        elif action == "complaint.acknowledged":
            entry.actor = None
            entry.changes = {"acknowledged_at": [None, when]}
            state.acknowledged_at = entry.at
            entry.message = self._template(bank.acknowledgement)
        elif action == "complaint.triaged":
            org = self.archive.org
            entry.actor = state.owner_id = self.owner
            category = f"{org.leaf_parent_names[self.leaf]} › {org.leaf_names[self.leaf]}"
            entry.changes = {
                "category": [None, f"{category} (#{org.leaf_ids[self.leaf]})"],
                "severity": ["", self.severity],
                "department": [
                    None,
                    f"{org.department_names[self.department]} "
                    f"(#{org.department_ids[self.department]})",
                ],
                "priority": ["", PRIORITY_OF_SEVERITY[self.severity]],
                "owner": [None, f"{self.label(self.owner)} (#{self.owner})"],
                "triaged_at": [None, when],
            }
            state.triaged_at = entry.at
        elif action == "complaint.reassigned":
            old, state.owner_id = state.owner_id, self.second_owner
            entry.changes = {
                "owner": [
                    f"{self.label(old)} (#{old})",
                    f"{self.label(self.second_owner)} (#{self.second_owner})",
                ]
            }
            entry.note = rnd.choice(bank.notes)
        elif action == "complaint.updated":
            entry.changes = {"complexity": [state.complexity, "complex"]}
            state.complexity = "complex"
            entry.note = rnd.choice(bank.notes)
        elif action == "complaint.investigation_started":
            pass  # the owner starts it; it changes nothing but the status
        elif action == "complaint.information_requested":
            entry.note = rnd.choice(bank.questions)
            entry.changes = {"resume_status": ["", entry.status_before]}
            state.resume_status = entry.status_before
            entry.message = self._to_customer(thread, entry.note, entry.actor)
        elif action == "message.received":
            entry.actor, entry.actor_label = None, self.name
            entry.message = Message(
                "inbound", "customer", self.customer_channel, None, self.name, "",
                rnd.choice(bank.answers),
            )  # fmt: skip
        elif action == "complaint.customer_replied":
            entry.actor, entry.actor_label = None, self.name
            entry.changes = {"resume_status": [state.resume_status, ""]}
            state.resume_status = ""
        elif action == "note.added":
            entry.message = Message(
                "internal", "internal", "in_person", entry.actor, self.label(entry.actor), "",
                rnd.choice(bank.notes),
            )  # fmt: skip
        elif action == "message.sent":
            entry.message = self._to_customer(thread, rnd.choice(bank.holding_replies), entry.actor)
        elif action == "complaint.remedy_proposed":
            state.remedy_plan = self.remedy_plan
            entry.changes = {"remedy_plan": ["", self.remedy_plan]}
            entry.message = self._to_customer(thread, self.remedy_plan)
        elif action == "complaint.remedy_accepted":
            entry.actor, entry.actor_label = None, self.name
        elif action == "complaint.resolved":
            entry.changes = {
                "outcome": [state.outcome, self.outcome],
                "resolution_summary": [state.resolution_summary, self.resolution],
                "resolved_at": [None, when],
            }
            state.outcome, state.resolution_summary = self.outcome, self.resolution
            state.resolved_at = entry.at
            entry.message = self._template(bank.resolved)
        elif action == "complaint.follow_up_started":
            entry.actor = None
        elif action == "complaint.closed":
            if entry.status_before == "follow_up":
                entry.actor = None
            else:
                # Closing straight after resolving needs a reason (the lifecycle's guard).
                state.close_reason = self.close_reason
                entry.changes["close_reason"] = ["", self.close_reason]
            entry.changes["closed_at"] = [None, when]
            state.closed_at = entry.at
            entry.message = self._template(bank.closed)
        elif action == "complaint.reopened":
            entry.actor, entry.actor_label = None, self.name
            entry.note = rnd.choice(bank.reopenings)
            entry.changes = {
                "outcome": [state.outcome, ""],
                "resolved_at": [iso(state.resolved_at or 0), None],
                "closed_at": [iso(state.closed_at or 0), None],
            }
            if state.close_reason:
                entry.changes["close_reason"] = [state.close_reason, ""]
            state.outcome, state.close_reason = "", ""
            state.resolved_at = state.closed_at = None
            entry.message = self._to_customer(thread, rnd.choice(bank.holding_replies))
        elif action == "complaint.withdrawn":
            entry.actor, entry.actor_label = None, self.name
            entry.note = rnd.choice(bank.withdrawals)
            entry.changes = {"closed_at": [None, when]}
            if state.resume_status:
                entry.changes["resume_status"] = [state.resume_status, ""]
                state.resume_status = ""
            state.closed_at = entry.at
            entry.message = self._template(bank.closed)
        else:
            raise ValueError(f"population.HISTORY has a step the story cannot tell: {action}")

    def event_statuses(self, entry: Entry) -> tuple[str, str]:
        """The status before and after, as the audit trail records them: for lifecycle
        actions the transition, for assessment changes the status they left alone, and
        nothing for notes and messages."""
        action = entry.step.action
        if action in ASSESSMENT:
            return self.state.status, self.state.status
        if action.startswith("complaint."):
            return entry.status_before, self.state.status
        return "", ""
