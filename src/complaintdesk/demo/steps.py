"""The steps a demo complaint's story is made of, each through the real services, by the
person who would really take it."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from complaintdesk.accounts.models import CUSTOMER, SYSTEM_PARTY, Party, User
from complaintdesk.complaints import lifecycle
from complaintdesk.complaints.models import Complaint, Outcome
from complaintdesk.complaints.models import Status as S
from complaintdesk.complaints.services import (
    add_internal_note,
    receive_customer_message,
    update_complaint,
)
from complaintdesk.complaints.services import reply_to_customer as reply
from complaintdesk.demo import decisions
from complaintdesk.demo.responsibility import answer_consultations
from complaintdesk.demo.scenario import Language, Situation
from complaintdesk.resolution import plans
from complaintdesk.resolution.models import (
    PlanState,
    PlanStep,
    RemedyType,
    RootCauseCategory,
    StepStatus,
)
from complaintdesk.resolution.services import record_root_cause

# Staff write their notes in the organisation's working language.
NOTES: dict[str, tuple[str, ...]] = {
    "billing": (
        "Checked the payment gateway log: two captures on the same day.",
        "Asked finance to confirm the date the refund will leave.",
        "Account history reviewed; no earlier complaints.",
        "The change came from the annual tariff review batch.",
    ),
    "delivery": (
        "Claim raised with the courier; reference logged in the depot system.",
        "Depot confirms the driver's scan but there is no photo.",
        "The courier is short of two-person crews this week.",
        "Asked the depot for the GPS trace of the van.",
    ),
    "technical-support": (
        "Line test shows intermittent loss of sync.",
        "Firmware version matches the known-issues list.",
        "Engineer's job sheet says 'completed' without any notes.",
        "Booked the next available engineer slot.",
    ),
    "customer-service": (
        "Listened to the call recording; escalating to the team leader.",
        "Vulnerable customer: phone rather than letters, and be patient.",
        "Offer history checked in the CRM.",
        "Team leader informed.",
    ),
    "quality": (
        "Sample requested from the warehouse for testing.",
        "Batch number logged in the defect register.",
        "Supplier informed; waiting for their 8D report.",
        "Data protection officer informed.",
    ),
}
SATISFIED = "The customer answered the follow-up: satisfied."
CLOSE_EARLY_REASON = "Customer confirmed by phone that the matter is settled; no follow-up wanted."
QUALITY_REOPENING = "Quality review: the resolution did not address the root cause."


@dataclass(frozen=True)
class Filing:
    language: Language
    situation: Situation
    customer: tuple[str, str, str]
    key: str


@dataclass
class Story:
    """One complaint being written: who is involved and the steps still to take."""

    filing: Filing
    complaint: Complaint
    rng: random.Random
    triager: User
    owner: User | None
    quality_manager: User
    triage_fields: dict[str, Any] = field(default_factory=dict)

    @property
    def customer(self) -> Party:
        return Party(CUSTOMER, self.filing.customer[0])

    @property
    def reachable_online(self) -> bool:
        return bool(self.filing.customer[1])

    @property
    def worker(self) -> User:
        return self.owner or self.triager

    def pick(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)


def _perform(story: Story, action: str, actor: User | Party, note: str = "", **fields: Any) -> None:
    lifecycle.perform(story.complaint, action, actor=actor, note=note, **fields)


def _customer_or_owner(story: Story) -> User | Party:
    """Customers with an e-mail address answer through their tracking page; the others tell
    an agent on the phone, who records it."""
    return story.customer if story.reachable_online else story.worker


def _triage(story: Story) -> None:
    complaint = story.complaint
    if complaint.status == S.ACKNOWLEDGED:
        _perform(story, "triage", story.triager, **story.triage_fields)
        return
    # Triage was sure enough to triage it itself: a person checks it and corrects what the
    # demo's story says otherwise.
    update_complaint(
        complaint=complaint,
        actor=story.triager,
        expected_version=None,
        fields=story.triage_fields,
        note="Checked the automatic triage.",
    )


def _start_investigation(story: Story) -> None:
    _perform(story, "start_investigation", story.worker)


def _note(story: Story) -> None:
    department = story.filing.situation.department
    add_internal_note(
        complaint=story.complaint, actor=story.worker, body=story.pick(NOTES[department])
    )


def _holding_reply(story: Story) -> None:
    reply(
        complaint=story.complaint,
        actor=story.worker,
        body=story.pick(story.filing.language.phrases.holding_replies),
    )


def _chaser(story: Story) -> None:
    receive_customer_message(
        complaint=story.complaint,
        body=story.pick(story.filing.language.phrases.chasers),
        channel="web" if story.reachable_online else "phone",
        actor=_customer_or_owner(story),
    )


def _request_information(story: Story) -> None:
    _perform(story, "request_information", story.worker, note=story.filing.situation.question)


def _customer_answer(story: Story) -> None:
    actor = _customer_or_owner(story)
    receive_customer_message(
        complaint=story.complaint,
        body=story.filing.situation.answer,
        channel="web" if story.reachable_online else "phone",
        actor=actor,
    )
    _perform(story, "customer_replied", actor)


def _plan_and_propose(story: Story, text: str) -> None:
    """A plan of two steps (the remedy, then a check with the customer), put to the customer
    (resolution)."""
    sought = [kind for kind in story.complaint.remedy_sought if kind in RemedyType.values]
    plan = plans.draft_plan(
        complaint=story.complaint,
        actor=story.worker,
        objectives=text,
        remedy_types=sought or [RemedyType.APOLOGY, RemedyType.SERVICE_CORRECTION],
        steps=decisions.plan_steps(story, text),
    )
    plans.propose_plan(complaint=story.complaint, plan=plan, actor=story.worker)


def _propose_remedy(story: Story) -> None:
    _plan_and_propose(story, story.filing.situation.remedy)


def _reject_remedy(story: Story) -> None:
    phrases = story.filing.language.phrases
    _perform(story, "reject_remedy", _customer_or_owner(story), note=story.pick(phrases.rejections))


def _improve_remedy(story: Story) -> None:
    better = f"{story.filing.situation.remedy} {story.pick(story.filing.language.phrases.goodwill)}"
    _plan_and_propose(story, better)


def _accept_remedy(story: Story) -> None:
    _perform(story, "accept_remedy", _customer_or_owner(story))
    decisions.request_compensation(story)


def _resolve(story: Story) -> None:
    situation = story.filing.situation
    # What resolving asks first (resolution): the plan's steps done, and why it happened.
    for step in PlanStep.objects.filter(
        plan__complaint=story.complaint, plan__state=PlanState.ACCEPTED, status=StepStatus.OPEN
    ).select_related("plan"):
        plans.complete_step(complaint=story.complaint, step=step, actor=story.worker)
    # The departments the responsibility matrix consulted give their view first (routing).
    answer_consultations(story.complaint, lead=story.quality_manager)
    if situation.outcome in (Outcome.UPHELD, Outcome.PARTIALLY_UPHELD):
        record_root_cause(
            complaint=story.complaint,
            actor=story.worker,
            category=story.rng.choice(list(RootCauseCategory.objects.filter(active=True))),
            explanation=situation.resolution,
        )
    # Compensation still waiting is decided (a large claim once the cause is recorded) and paid.
    decisions.settle_compensation(story)
    _perform(
        story,
        "resolve",
        story.worker,
        resolution_summary=situation.resolution,
        outcome=situation.outcome,
    )


def _start_follow_up(story: Story) -> None:
    _perform(story, "start_follow_up", SYSTEM_PARTY)


def _close(story: Story) -> None:
    # A satisfied survey answer closes it (followup); a customer without e-mail said so on
    # the phone.
    if not decisions.customer_answers_the_survey(story, satisfied=True):
        _perform(story, "close", SYSTEM_PARTY, close_reason=SATISFIED)


def _close_early(story: Story) -> None:
    # Closing without the follow-up is a supervisor's decision.
    department = story.complaint.department
    supervisor = department.supervisors.first() if department else None
    _perform(story, "close", supervisor or story.quality_manager, close_reason=CLOSE_EARLY_REASON)


def _reopen(story: Story) -> None:
    if story.rng.random() < 0.25:
        _perform(story, "reopen", story.quality_manager, note=QUALITY_REOPENING)
        return
    note = story.pick(story.filing.language.phrases.reopenings)
    # An unhappy survey answer reopens it in the customer's name (followup).
    if not decisions.customer_answers_the_survey(story, satisfied=False, comment=note):
        _perform(story, "reopen", _customer_or_owner(story), note=note)


def _withdraw(story: Story) -> None:
    note = story.pick(story.filing.language.phrases.withdrawals)
    _perform(story, "withdraw", _customer_or_owner(story), note=note)


STEPS: dict[str, Callable[[Story], None]] = {
    "triage": _triage,
    "start_investigation": _start_investigation,
    "note": _note,
    "holding_reply": _holding_reply,
    "chaser": _chaser,
    "request_information": _request_information,
    "customer_answer": _customer_answer,
    "propose_remedy": _propose_remedy,
    "reject_remedy": _reject_remedy,
    "improve_remedy": _improve_remedy,
    "accept_remedy": _accept_remedy,
    "resolve": _resolve,
    "start_follow_up": _start_follow_up,
    "close": _close,
    "close_early": _close_early,
    "reopen": _reopen,
    "withdraw": _withdraw,
}
