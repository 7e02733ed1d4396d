"""/api/v1/insights/dashboard: the dashboard's figures as JSON, counted within the caller's
scope (a department handler gets their department's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from complaintdesk.accounts.models import User
from complaintdesk.complaints.lifecycle import InvalidFields
from complaintdesk.complaints.models import Channel, Outcome
from complaintdesk.complaints.schemas import Refusal
from complaintdesk.insights.dashboard import Figures, figures
from complaintdesk.insights.forms import InsightFilters
from complaintdesk.insights.schemas import DashboardOut, FiltersIn

router = Router(tags=["insights"])


def _hours(value: Any) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 2)


def _times(times: Any) -> dict[str, Any]:
    return {
        "counted": times.counted,
        "median_hours": _hours(times.median),
        "p90_hours": _hours(times.p90),
        "share_within_target": times.share_within_target,
    }


def _each(
    rows: list[dict[str, Any]] | None, shape: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]] | None:
    """Each row in its API shape; None (not recorded by its app yet) stays None."""
    return None if rows is None else [shape(row) for row in rows]


def payload(found: Figures) -> dict[str, Any]:
    """The figures as the API (and the CSV report) give them."""
    channels, outcomes = dict(Channel.choices), dict(Outcome.choices)
    return {
        "start": found.slice.start,
        "end": found.slice.end,
        "as_of": found.as_of,
        "bucket": "month" if found.slice.monthly else "day",
        "buckets": found.buckets,
        "volume": found.volume,
        "previous_volume": found.previous_volume,
        "total": found.total,
        "previous_total": found.previous_total,
        "by_channel": [
            {"key": r["channel"], "label": str(channels.get(r["channel"], r["channel"])), **r}
            for r in found.by_channel
        ],
        "by_category": [
            {"key": r["category_id"], "label": r["category__name"] or "", **r}
            for r in found.by_category
        ],
        "by_outcome": [
            {"key": r["outcome"], "label": str(outcomes.get(r["outcome"], r["outcome"])), **r}
            for r in found.by_outcome
        ],
        "first_response": _times(found.first_response),
        "resolution": _times(found.resolution),
        "deadlines_kept": found.sla[0],
        "deadlines_decided": found.sla[1],
        "reopened": found.reopened,
        "resolved": found.resolved,
        "results": [
            {
                "measure": r.measure,
                "value": r.value,
                "counted": r.counted,
                "target_percent": r.objective.percent,
                "within_hours": r.objective.within_hours,
                "met": r.met,
            }
            for r in found.results
        ],
        "departments": [
            {
                "department_id": r["department_id"],
                "name": r["department__name"],
                "received": r["received"],
                "handled": r["handled"],
                "deadlines_kept": r["kept"],
                "deadlines_decided": r["decided"],
                "breaches": r["breaches"],
                "reopened": r["reopened"],
                "satisfied": r["satisfied"],
                "answered": r["answered"],
            }
            for r in found.departments
        ],
        "repeat_customers": [
            {"customer_id": r["customer_id"], "name": r["customer__name"], "n": r["n"]}
            for r in found.repeat_customers
        ],
        "open_abnormal": found.open_abnormal,
        "satisfaction": (
            dict(zip(("satisfied", "answered"), found.satisfaction, strict=True))
            if found.satisfaction is not None
            else None
        ),
        "root_causes": _each(
            found.root_causes,
            lambda r: {
                "category_id": r["category_id"],
                "name": r["category__name"],
                "n": r["n"],
                "cumulative_share": r["cumulative"],
            },
        ),
        "compensation": _each(
            found.compensation,
            lambda r: {
                "category_id": r["complaint__category_id"],
                "category": r["complaint__category__name"],
                "currency": r["currency"],
                "total": r["total"],
                "entries": r["entries"],
            },
        ),
    }


@router.get(
    "/dashboard",
    response={200: DashboardOut, 401: Refusal, 403: Refusal, 422: Refusal},
    summary="The dashboard's figures",
    operation_id="insights_dashboard",
)
def dashboard(request: HttpRequest, filters: Query[FiltersIn]) -> dict[str, Any]:
    """Volume (with the previous period), response and resolution times (median, 90th
    percentile), deadlines kept, reopen rate, outcomes, targets, department scorecards,
    repeat customers, open abnormal complaints; satisfaction, root causes and compensation
    once recorded. Counted within the caller's scope."""
    user: User = request.auth  # type: ignore[attr-defined]
    data = {name: value for name, value in filters.dict().items() if value not in (None, "")}
    form = InsightFilters(data, user=user)
    if not form.is_valid():
        raise InvalidFields(
            {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
        )
    return payload(figures(user, form.slice()))
