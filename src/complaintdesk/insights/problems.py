"""Spikes and problems: the hourly watch that raises spike alerts (the method is in
insights.spikes), and problems — many complaints, one cause — resolved once, with the
resolution sent to every linked customer in their language."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaintdesk.accounts.models import User
from complaintdesk.audit.services import record
from complaintdesk.complaints.models import Complaint
from complaintdesk.complaints.services import ARCHIVED
from complaintdesk.insights import spikes
from complaintdesk.insights.models import Problem, ProblemState, SpikeAlert, SpikeState
from complaintdesk.insights.services import ActionRefused, quality_managers
from complaintdesk.notifications.services import tell_customer
from complaintdesk.sla.alerts import alert_staff
from complaintdesk.sla.models import AlertKind

SPIKE_ALERT = AlertKind.SPIKE


def complaints_of_spike(spike: SpikeAlert) -> QuerySet[Complaint]:
    """The complaints counted in a spike."""
    field = spikes.DIMENSIONS[spike.dimension]
    return Complaint.objects.filter(
        received_at__gte=spike.starts_at, received_at__lt=spike.ends_at, **{field: spike.key}
    )


def watch_for_spikes(*, now: datetime | None = None) -> list[SpikeAlert]:
    """Raise an alert for each category, product and channel whose count in the last complete
    hour or day is abnormally high (insights.spikes), once per window; e-mail the quality
    managers."""
    now = now or timezone.now()
    raised = []
    for window in spikes.last_complete_windows(now):
        for dimension in spikes.DIMENSIONS:
            for key, verdict in spikes.detect(Complaint.objects.all(), window, dimension):
                with transaction.atomic():
                    alert, created = SpikeAlert.objects.get_or_create(
                        window=window.kind,
                        dimension=dimension,
                        key=key[:200],
                        starts_at=window.start,
                        defaults={
                            "label": spikes.label_of(dimension, key)[:300],
                            "ends_at": window.end,
                            "count": verdict.count,
                            "baseline": verdict.baseline,
                            "threshold": verdict.threshold,
                            "created_at": now,
                        },
                    )
                    if not created:
                        continue
                    alert_staff(
                        quality_managers(),
                        complaint=None,
                        kind=SPIKE_ALERT,
                        template="insights_spike",
                        email=True,
                        spike=alert,
                        path=reverse("insights:spikes"),
                    )
                    record(
                        action="insights.spike_detected",
                        subject=f"spike:{alert.pk}",
                        note=f"{alert.label}: {alert.count} > {alert.threshold:.1f}",
                    )
                raised.append(alert)
    return raised


def dismiss_spike(*, actor: User, spike: SpikeAlert) -> None:
    with transaction.atomic():
        SpikeAlert.objects.filter(pk=spike.pk).update(state=SpikeState.DISMISSED)
        record(action="insights.spike_dismissed", actor=actor, subject=f"spike:{spike.pk}")


def open_problem(
    *, actor: User, title: str, description: str = "", complaints: list[Complaint]
) -> Problem:
    """One underlying problem behind many complaints, handled once."""
    with transaction.atomic():
        problem = Problem.objects.create(title=title, description=description, created_by=actor)
        problem.complaints.set(complaints)
        record(
            action="problem.opened",
            actor=actor,
            subject=f"problem:{problem.pk}",
            note=title,
            changes={"complaints": [None, sorted(c.reference for c in complaints)]},
        )
    return problem


def link_to_problem(*, actor: User, problem: Problem, complaints: list[Complaint]) -> None:
    with transaction.atomic():
        problem.complaints.add(*complaints)
        for complaint in complaints:
            record(
                action="problem.linked",
                actor=actor,
                complaint=complaint,
                note=problem.title,
            )


def resolve_problem(
    *,
    actor: User,
    problem: Problem,
    resolution: str,
    translations: dict[str, str] | None = None,
) -> int:
    """Resolve the problem once and tell every linked customer, each in their complaint's
    language (the resolution's translation when one was written); returns how many were
    told. Claimed with a conditional UPDATE, so it is sent once."""
    translations = {code: text for code, text in (translations or {}).items() if text.strip()}
    now = timezone.now()
    with transaction.atomic():
        claimed = Problem.objects.filter(pk=problem.pk, state=ProblemState.OPEN).update(
            state=ProblemState.RESOLVED,
            resolution=resolution,
            resolution_translations=translations,
            resolved_at=now,
        )
        if not claimed:
            raise ActionRefused(str(_("This problem is already resolved.")))
        told = 0
        for complaint in problem.complaints.select_related("customer").exclude(status__in=ARCHIVED):
            language = complaint.language or complaint.customer.language
            tell_customer(
                complaint,
                "problem_resolved",
                problem=problem,
                resolution=translations.get(language, resolution),
            )
            record(
                action="problem.resolution_sent",
                actor=actor,
                complaint=complaint,
                note=problem.title,
            )
            told += 1
        record(
            action="problem.resolved",
            actor=actor,
            subject=f"problem:{problem.pk}",
            note=resolution[:500],
        )
    problem.refresh_from_db()
    return told
