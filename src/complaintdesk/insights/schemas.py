"""How the API shows the dashboard's figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from complaintdesk.complaints.selectors import MAX_ID
from complaintdesk.insights.forms import FIRST_DAY, LAST_DAY


class FiltersIn(Schema):
    period: str = Field("", description="A month, YYYY-MM; overrides start and end.")
    start: date | None = Field(
        None, ge=FIRST_DAY, le=LAST_DAY, description="First day counted (default: 30 days ago)."
    )
    end: date | None = Field(
        None, ge=FIRST_DAY, le=LAST_DAY, description="Last day counted (default: today)."
    )
    department: int | None = Field(None, ge=1, le=MAX_ID, description="A department id.")
    category: int | None = Field(
        None, ge=1, le=MAX_ID, description="A category id; its sub-categories count."
    )
    channel: str = ""
    language: str = ""
    severity: str = ""


class CountOut(Schema):
    key: str | int | None
    label: str
    n: int
    previous: int | None = Field(None, description="The same count in the previous period.")


class TimesOut(Schema):
    counted: int
    median_hours: float | None
    p90_hours: float | None = Field(description="90th percentile (nearest rank).")
    share_within_target: float | None


class ResultOut(Schema):
    measure: str
    value: float | None = Field(description="A share between 0 and 1.")
    counted: int
    target_percent: Decimal
    within_hours: int | None
    met: bool | None


class DepartmentOut(Schema):
    department_id: int
    name: str
    received: int
    handled: int
    deadlines_kept: int
    deadlines_decided: int
    breaches: int
    reopened: int
    satisfied: int | None
    answered: int | None


class RepeatCustomerOut(Schema):
    customer_id: int
    name: str
    n: int


class RootCauseShareOut(Schema):
    category_id: int
    name: str
    n: int
    cumulative_share: float


class CompensationByCategoryOut(Schema):
    category_id: int | None
    category: str | None
    currency: str
    total: Decimal
    entries: int


class DashboardOut(Schema):
    start: date
    end: date
    bucket: str = Field(description="day or month: what each volume figure counts.")
    buckets: list[date]
    volume: list[int]
    previous_volume: list[int]
    total: int
    previous_total: int
    by_channel: list[CountOut]
    by_category: list[CountOut]
    by_outcome: list[CountOut]
    first_response: TimesOut
    resolution: TimesOut
    deadlines_kept: int
    deadlines_decided: int
    reopened: int
    resolved: int
    results: list[ResultOut]
    departments: list[DepartmentOut]
    repeat_customers: list[RepeatCustomerOut]
    open_abnormal: int
    satisfaction: dict[str, int] | None = Field(
        description="satisfied (4–5) and answered surveys; null until surveys are recorded."
    )
    root_causes: list[RootCauseShareOut] | None
    compensation: list[CompensationByCategoryOut] | None
    as_of: datetime | None = Field(
        None,
        description="when the daily rollup these figures come from was counted; null when "
        "they were counted live (docs/insights.md).",
    )
