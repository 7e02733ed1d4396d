"""Reading the objectives and measuring complaints against them (the dashboard's gauges, the
monthly results per department and the report all use these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from complaintdesk.complaints.models import Complaint
from complaintdesk.insights import selectors
from complaintdesk.insights.models import DEFAULT_OBJECTIVES, Measure, Objective, Target


def objectives_for(department_id: int | None = None) -> dict[str, Objective]:
    """Each measure's objective: the department's own target, else the general one, else the
    default."""
    found: dict[str, Objective] = dict(DEFAULT_OBJECTIVES)
    targets = Target.objects.filter(Q(department__isnull=True) | Q(department_id=department_id))
    # General targets first, so a department's own overrides them.
    for target in sorted(targets, key=lambda t: t.department_id is not None):
        found[Measure(target.measure)] = target.objective
    return found


@dataclass(frozen=True)
class Result:
    measure: str
    value: float | None
    counted: int
    objective: Objective

    @property
    def label(self) -> str:
        return str(Measure(self.measure).label)

    @property
    def met(self) -> bool | None:
        return self.objective.met_by(self.value)


def measure(
    complaints: QuerySet[Complaint],
    objectives: dict[str, Objective],
    *,
    known: dict[str, tuple[int, int] | None] | None = None,
) -> list[Result]:
    """Each measure of the objectives over these complaints (a few aggregate queries).
    `known` holds the (part, whole) of measures the caller already counted over the same
    complaints with the same objectives (the dashboard), so they are not counted twice."""
    known = known or {}
    results = []
    for name, done_field in (
        (Measure.FIRST_RESPONSE, "first_response_at"),
        (Measure.RESOLUTION, "resolved_at"),
    ):
        objective = objectives[name]
        if (counts := known.get(name)) is not None:
            within, n = counts
        else:
            hours = timedelta(hours=objective.within_hours or 24)
            counted = complaints.filter(**{f"{done_field}__isnull": False}).aggregate(
                n=Count("id"),
                within=Count("id", filter=Q(**{f"{done_field}__lte": F("received_at") + hours})),
            )
            within, n = counted["within"], counted["n"]
        results.append(Result(name, selectors.share(within, n), n, objective))
    satisfied: dict[Any, tuple[int, int]] | None
    if Measure.SATISFACTION in known:
        answers = known[Measure.SATISFACTION]
        satisfied = {"": answers} if answers is not None else None
    else:
        satisfied = selectors.satisfaction(complaints)
    if satisfied is not None:
        yes, answered = satisfied.get("", (0, 0))
        results.append(
            Result(
                Measure.SATISFACTION,
                selectors.share(yes, answered),
                answered,
                objectives[Measure.SATISFACTION],
            )
        )
    reopened, resolved = known.get(Measure.REOPEN_RATE) or selectors.reopen_rate(complaints)
    results.append(
        Result(
            Measure.REOPEN_RATE,
            selectors.share(reopened, resolved),
            resolved,
            objectives[Measure.REOPEN_RATE],
        )
    )
    return results
