"""What the demo shows of resolving a complaint and following it up: the external appeal
options and the compensation limits the demo organisation configured (as an administrator
would in admin), remedy plans of several steps, compensation requested, approved within the
rules and paid, and the customers' answers to the satisfaction survey.

The complaints' part runs from the demo's steps (steps.py), each through the real services at
the story's time, so the events, the ledger and the messages are those the product writes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from complaintdesk.accounts.models import Role, User
from complaintdesk.complaints.models import Outcome
from complaintdesk.followup.models import AppealKind, AppealOption
from complaintdesk.followup.selectors import pending_survey
from complaintdesk.followup.services import SurveyAnswer, answer_survey, lapse_survey
from complaintdesk.resolution import compensation
from complaintdesk.resolution.models import (
    CompensationKind,
    CompensationLimit,
    CompensationRequest,
    RemedyType,
    RequestState,
)
from complaintdesk.resolution.plans import StepDraft
from complaintdesk.resolution.services import add_evidence

if TYPE_CHECKING:
    from complaintdesk.demo.steps import Story

CENT = Decimal("0.01")

# Where a customer can take a decision that does not fully uphold their complaint, in each
# language of the demo: (kind, name, how to use it, contact). The organisations are made up.
EXTERNAL_OPTIONS: dict[str, list[tuple[str, str, str, str]]] = {
    "en": [
        (
            AppealKind.OMBUDSMAN,
            "Consumer Services Ombudsman",
            "If you do not accept our decision, you can ask the ombudsman to look at your "
            "complaint, free of charge, within six months of the date of this decision.",
            "www.ombudsman.example.org · 0800 000 0123",
        ),
        (
            AppealKind.CONSUMER_AUTHORITY,
            "Consumer Protection Office",
            "You can also report the matter to the consumer protection office, which checks "
            "that companies keep to consumer law.",
            "www.consumer-protection.example.org",
        ),
    ],
    "es": [
        (
            AppealKind.OMBUDSMAN,
            "Defensor del Cliente",
            "Si no acepta nuestra decisión, puede pedir al Defensor del Cliente que revise su "
            "reclamación, sin coste, en los seis meses siguientes a esta decisión.",
            "www.defensor-cliente.example.org · 900 000 123",
        ),
        (
            AppealKind.CONSUMER_AUTHORITY,
            "Oficina de Consumo",
            "También puede presentar su reclamación ante la oficina de consumo de su comunidad "
            "autónoma, que vela por el cumplimiento de la normativa de consumo.",
            "www.consumo.example.org",
        ),
    ],
    "fr": [
        (
            AppealKind.OMBUDSMAN,
            "Médiateur de la consommation",
            "Si vous n'acceptez pas notre décision, vous pouvez saisir gratuitement le "
            "médiateur de la consommation dans l'année qui suit votre réclamation écrite.",
            "www.mediateur-consommation.example.org",
        ),
        (
            AppealKind.CONSUMER_AUTHORITY,
            "Direction de la protection des consommateurs",
            "Vous pouvez aussi signaler la situation à l'autorité de protection des "
            "consommateurs, qui contrôle le respect du droit de la consommation.",
            "signal.consommation.example.org",
        ),
    ],
    "zh-hans": [
        (
            AppealKind.OMBUDSMAN,
            "消费者权益调解专员",
            "如您不接受我们的决定，可在本决定作出之日起六个月内免费申请调解专员复核您的投诉。",
            "www.ombudsman.example.org · 400 000 0123",
        ),
        (
            AppealKind.CONSUMER_AUTHORITY,
            "市场监督管理部门（消费者权益保护）",
            "您也可以向当地市场监督管理部门反映，该部门负责监督企业遵守消费者权益保护法规。",
            "12315 · www.consumer.example.org",
        ),
    ],
}

# What agents and supervisors may grant on their own in each currency the demo's customers
# claim in (quality managers: no limit). A limit already configured is left as it is.
LIMITS: dict[str, tuple[Decimal, Decimal]] = {
    "EUR": (Decimal(50), Decimal(500)),
    "GBP": (Decimal(40), Decimal(400)),
    "USD": (Decimal(50), Decimal(550)),
    "CNY": (Decimal(400), Decimal(4000)),
    "MXN": (Decimal(1000), Decimal(10000)),
}

# The plan's last step, in the customer's language: they read the plan.
CHECK_WITH_THE_CUSTOMER = {
    "en": "Check with you that everything is now in order.",
    "es": "Comprobar con usted que todo está ya en orden.",
    "fr": "Vérifier avec vous que tout est désormais en ordre.",
    "zh-hans": "与您确认一切均已恢复正常。",
}

# What satisfied customers write in the survey's comment box (often nothing).
THANKS = {
    "en": ("Thank you, all sorted now.", "Quick and fair, thanks.", ""),
    "es": ("Gracias, ya está todo resuelto.", "Rápido y justo, gracias.", ""),
    "fr": ("Merci, tout est réglé.", "Rapide et correct, merci.", ""),
    "zh-hans": ("谢谢，问题已经解决了。", "处理得又快又公平，谢谢。", ""),
}


def load_decision_settings() -> None:
    """The external appeal options in every language and the compensation limits in the
    demo's currencies, found again by their natural keys (loading twice changes nothing)."""
    for language, options in EXTERNAL_OPTIONS.items():
        for order, (kind, name, how, contact) in enumerate(options, start=1):
            AppealOption.objects.get_or_create(
                kind=kind,
                language=language,
                name=name,
                defaults={"how": how, "contact": contact, "order": order * 10},
            )
    for currency, (agent, supervisor) in LIMITS.items():
        for role, amount in (
            (Role.AGENT, agent),
            (Role.SUPERVISOR, supervisor),
            (Role.QUALITY_MANAGER, None),
        ):
            CompensationLimit.objects.get_or_create(
                role=role, currency=currency, defaults={"max_amount": amount}
            )


def plan_steps(story: Story, text: str) -> list[StepDraft]:
    """The remedy itself, then a check with the customer that it worked."""
    now = timezone.now()
    return [
        StepDraft(text, now + timedelta(days=3), story.worker),
        StepDraft(CHECK_WITH_THE_CUSTOMER[story.filing.language.code], now + timedelta(days=6)),
    ]


def request_compensation(story: Story) -> None:
    """The customer claimed an amount and the complaint is (partly) upheld: once the plan is
    accepted, the worker checks the claim against the records and asks to compensate it —
    approved at once within their own limit (and paid), otherwise waiting for approval."""
    situation = story.filing.situation
    claimed = situation.claimed_amount
    if claimed is None or situation.outcome == Outcome.NOT_UPHELD:
        return
    complaint, worker = story.complaint, story.worker
    add_evidence(
        complaint=complaint,
        actor=worker,
        text=f"The amount claimed ({situation.claimed}) matches our records.",
        record_reference=situation.reference,
    )
    partly = situation.outcome == Outcome.PARTIALLY_UPHELD
    credit = RemedyType.COMPENSATION in situation.remedy_sought and (
        RemedyType.REFUND not in situation.remedy_sought
    )
    request = compensation.request_compensation(
        complaint=complaint,
        actor=worker,
        amount=(claimed / 2).quantize(CENT) if partly else claimed,
        currency=situation.claimed_currency,
        kind=CompensationKind.SERVICE_CREDIT if credit else CompensationKind.MONEY,
        reason=(
            "Half of the amount claimed: the complaint is partly upheld."
            if partly
            else "The amount the customer claimed, which our records confirm."
        ),
    )
    if request.state == RequestState.APPROVED:
        compensation.pay_compensation(request=request, actor=worker, note="Paid to the card used.")


def settle_compensation(story: Story) -> None:
    """Before the decision: whoever may decide a waiting request (the department's supervisor,
    else the quality manager) approves it, and the worker pays it."""
    complaint = story.complaint
    supervisors = list(complaint.department.supervisors.all()) if complaint.department else []
    for request in CompensationRequest.objects.filter(
        complaint=complaint, state=RequestState.PENDING
    ).order_by("id"):
        approver = _approver(request, [*supervisors, story.quality_manager])
        compensation.approve_compensation(
            request=request, actor=approver, note="Checked the claim and the evidence."
        )
        compensation.pay_compensation(request=request, actor=story.worker, note="Paid.")


def _approver(request: CompensationRequest, candidates: list[User]) -> User:
    for candidate in candidates:
        if candidate.pk != request.requested_by_id and compensation.covers(
            candidate, request.amount, request.currency
        ):
            return candidate
    return candidates[-1]


def customer_answers_the_survey(story: Story, *, satisfied: bool, comment: str = "") -> bool:
    """A customer with an e-mail address answers the survey on its page while it is open; a
    satisfied answer closes the complaint, an unhappy one reopens it in their name. Once its
    window has passed, a survey the customer left unanswered lapses and the complaint closes
    (satisfied stories only). False when nothing was asked of this customer."""
    survey = pending_survey(story.complaint)
    if survey is None or not story.reachable_online:
        return False
    now = timezone.now()
    if now >= survey.expires_at:
        if not (satisfied and lapse_survey(survey, now=now)):
            return False
        story.complaint.refresh_from_db()
        return True
    if satisfied:
        answer = SurveyAnswer(
            score=story.rng.choice((3, 4, 4, 5, 5, 5)),
            solved=True,
            comment=story.pick(THANKS[story.filing.language.code]),
        )
    else:
        answer = SurveyAnswer(score=story.rng.choice((1, 2)), solved=False, comment=comment)
    answer_survey(survey=survey, answer=answer, now=now)
    # The follow-up closed or reopened it: the story goes on from what it is now.
    story.complaint.refresh_from_db()
    return True


def survey_window() -> timedelta:
    return timedelta(days=settings.FOLLOW_UP_DAYS)
