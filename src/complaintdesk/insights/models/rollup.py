"""The daily rollup of the dashboard (docs/insights.md, "Speed on a large archive"): additive
counts per day of receipt, so a year's figures add up a few thousand rows instead of reading
400,000 complaints and 1.5 million clocks. Counted and kept true by insights/rollup.py; read
by insights/rollup_selectors.py. Every row can be thrown away and counted again from the
complaints (`complaintdesk rollup --rebuild`).

Days are the site's time zone's (RollupState.time_zone); a row exists only where a complaint
was received, so missing rows are zeros.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models

# Upper edges of the time histogram's buckets (bucket b holds the durations d with
# EDGES[b-1] < d <= EDGES[b]; the first holds everything up to EDGES[0], the last everything
# above EDGES[-1]). Below an hour the steps are minutes; from one hour to 90 days two edges are
# never more than a third apart, and 24 h and 720 h (the default targets) are edges, so
# "within the target" is exact for them. Changing the edges needs a migration and a rebuild.
_MINUTES = (1, 2, 3, 5, 7, 10, 15, 20, 30, 45)
_HOURS = (
    1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 18, 21, 24, 30, 36, 42, 48, 60, 72, 84,
    96, 120, 144, 168, 204, 240, 288, 336, 408, 480, 576, 720, 864, 1080, 1296, 1512, 1800,
    2160, 2880, 4320, 8760,
)  # fmt: skip
EDGES: tuple[timedelta, ...] = tuple(timedelta(minutes=m) for m in _MINUTES) + tuple(
    timedelta(hours=h) for h in _HOURS
)
BUCKETS = len(EDGES) + 1
BUCKET_FIELDS = tuple(f"b{n:02d}" for n in range(BUCKETS))


class RollupState(models.Model):
    """One row: how far the rollup is counted. Figures are served from the rollup only once
    it was counted in full (`built_at`) in the site's current time zone."""

    time_zone = models.CharField(max_length=64)
    built_at = models.DateTimeField(null=True, blank=True)
    # The start of the last count: every change recorded before it is in the rollup.
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "rollup state"

    def __str__(self) -> str:
        return f"rollup as of {self.refreshed_at}"


class Counts(models.Model):
    """The additive counts of a day's complaints (a row's share of them)."""

    received = models.PositiveIntegerField(default=0)
    # Received per channel (complaints.models.Channel), for the channel chart.
    web = models.PositiveIntegerField(default=0)
    email = models.PositiveIntegerField(default=0)
    phone = models.PositiveIntegerField(default=0)
    chat = models.PositiveIntegerField(default=0)
    letter = models.PositiveIntegerField(default=0)
    api = models.PositiveIntegerField(default=0)
    in_person = models.PositiveIntegerField(default=0)
    # Resolved now (resolved_at set), reopened at least once, resolved at least once.
    handled = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    ever_resolved = models.PositiveIntegerField(default=0)
    upheld = models.PositiveIntegerField(default=0)
    partially_upheld = models.PositiveIntegerField(default=0)
    not_upheld = models.PositiveIntegerField(default=0)
    # Surveys answered, and those scoring 4 or 5.
    answered = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    # SLA clocks decided (stopped or breached) and kept, per kind (sla.models.ClockKind).
    first_response_decided = models.PositiveIntegerField(default=0)
    first_response_kept = models.PositiveIntegerField(default=0)
    plan_decided = models.PositiveIntegerField(default=0)
    plan_kept = models.PositiveIntegerField(default=0)
    resolution_decided = models.PositiveIntegerField(default=0)
    resolution_kept = models.PositiveIntegerField(default=0)
    follow_up_decided = models.PositiveIntegerField(default=0)
    follow_up_kept = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyFigures(Counts):
    """Counts of the complaints received on `day` that now have this department and
    category (None where unset): the category chart, and every count when the dashboard is
    narrowed to a category."""

    day = models.DateField()
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    category = models.ForeignKey(
        "complaints.Category",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = "daily figures"
        verbose_name_plural = "daily figures"
        indexes = [models.Index(fields=["day"], name="daily_figures_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}/{self.category_id}"


class DailyDepartmentFigures(Counts):
    """The same counts per day and department only (the sums of its DailyFigures rows): a
    year is about 18,000 rows here against 140,000 there on the 1M archive, so the figures
    not narrowed to a category read these."""

    day = models.DateField()
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = "daily department figures"
        verbose_name_plural = "daily department figures"
        indexes = [models.Index(fields=["day"], name="daily_department_figures_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id}"


class DailyTimes(models.Model):
    """How many complaints received on `day` that now have this department took how long to
    a first response or to resolution: a histogram over EDGES (b00 … b54)."""

    class Kind(models.TextChoices):
        FIRST_RESPONSE = "first_response"
        RESOLUTION = "resolution"

    day = models.DateField()
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    for _name in BUCKET_FIELDS:
        locals()[_name] = models.PositiveIntegerField(default=0)
    del _name

    class Meta:
        verbose_name = "daily times"
        verbose_name_plural = "daily times"

        indexes = [models.Index(fields=["day"], name="daily_times_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id} {self.kind}"


class DailyBreaches(models.Model):
    """Breaches of complaints received on `day` (now with `department`), recorded on
    `breached_on` and attributed to `breach_department`: the scorecards count a period's
    breaches of the period's complaints."""

    day = models.DateField()
    breached_on = models.DateField()
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    breach_department = models.ForeignKey(
        "accounts.Department",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    breaches = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "daily breaches"
        verbose_name_plural = "daily breaches"

        indexes = [models.Index(fields=["day"], name="daily_breaches_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.department_id} → {self.breached_on}"
