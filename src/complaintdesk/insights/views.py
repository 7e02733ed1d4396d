"""The dashboard page: the figures of insights.dashboard drawn as inline SVG charts, each
linking to the console queue filtered to the complaints behind it."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from complaintdesk.accounts.middleware import staff_user
from complaintdesk.accounts.permissions import Can, may
from complaintdesk.complaints.models import Channel, Outcome
from complaintdesk.insights.charts import Bar, Series, bar_chart, line_chart
from complaintdesk.insights.dashboard import Figures, figures
from complaintdesk.insights.forms import InsightFilters
from complaintdesk.insights.models import Measure
from complaintdesk.insights.selectors import Slice, share

CHANNELS = dict(Channel.choices)
SHORT_MEASURES: dict[str, Any] = {
    Measure.FIRST_RESPONSE: gettext_lazy("First response in time"),
    Measure.RESOLUTION: gettext_lazy("Resolved in time"),
    Measure.SATISFACTION: gettext_lazy("Satisfied (4–5)"),
    Measure.REOPEN_RATE: gettext_lazy("Reopened"),
}
OUTCOMES = dict(Outcome.choices)


def queue_link(piece: Slice, **extra: Any) -> str:
    return reverse("console:queue") + "?" + urlencode(piece.queue_query(**extra))


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def hours(value: Any) -> str:
    return "–" if value is None else f"{value.total_seconds() / 3600:.1f} h"


def _bucket_label(day: date, monthly: bool) -> str:
    return date_format(day, "M Y" if monthly else "j M")


def charts(found: Figures) -> dict[str, SafeString]:
    piece = found.slice
    labels = [_bucket_label(day, piece.monthly) for day in found.buckets]
    volume_links = []
    for day, next_day in zip(found.buckets, [*found.buckets[1:], None], strict=True):
        last = (next_day.toordinal() - 1) if next_day else piece.end.toordinal()
        day_piece = Slice(**{**piece.__dict__, "start": day, "end": date.fromordinal(last)})
        volume_links.append(queue_link(day_piece))
    drawn = {
        "volume": line_chart(
            "chart-volume",
            _("Complaints received"),
            labels,
            [
                Series(_("This period"), found.volume),
                Series(_("Previous period"), found.previous_volume, dashed=True),
            ],
            volume_links,
        ),
        "channels": bar_chart(
            "chart-channels",
            _("By channel"),
            [
                Bar(
                    str(CHANNELS.get(row["channel"], row["channel"])),
                    row["n"],
                    queue_link(piece, channel=row["channel"]),
                    previous=row["previous"],
                )
                for row in found.by_channel
            ],
        ),
        "categories": bar_chart(
            "chart-categories",
            _("By category"),
            [
                Bar(
                    row["category__name"] or _("Not assessed yet"),
                    row["n"],
                    queue_link(piece, category=row["category_id"]) if row["category_id"] else "",
                    previous=row["previous"],
                )
                for row in found.by_category[:12]
            ],
        ),
        "outcomes": bar_chart(
            "chart-outcomes",
            _("Outcomes"),
            [
                Bar(
                    str(OUTCOMES.get(row["outcome"], row["outcome"])),
                    row["n"],
                    queue_link(piece, outcome=row["outcome"]),
                )
                for row in found.by_outcome
            ],
        ),
        "targets": bar_chart(
            "chart-targets",
            _("Against the targets"),
            [
                Bar(
                    str(SHORT_MEASURES[result.measure]),
                    round((result.value or 0) * 100, 1),
                    queue_link(piece),
                    target=float(result.objective.percent),
                    text=percent(result.value),
                )
                for result in found.results
            ],
            maximum=100,
        ),
    }
    if found.root_causes is not None:
        drawn["root_causes"] = bar_chart(
            "chart-root-causes",
            _("Root causes of upheld complaints (Pareto)"),
            [
                Bar(
                    row["category__name"],
                    row["n"],
                    queue_link(piece, outcome=Outcome.UPHELD),
                    text=f"{row['n']} · {percent(row['cumulative'])}",
                )
                for row in found.root_causes
            ],
        )
    if found.compensation is not None:
        drawn["compensation"] = bar_chart(
            "chart-compensation",
            _("Compensation by category"),
            [
                Bar(
                    f"{row['complaint__category__name'] or _('Not assessed yet')} "
                    f"({row['currency']})",
                    float(row["total"]),
                    queue_link(piece, category=row["complaint__category_id"]),
                    text=f"{row['total']} {row['currency']}",
                )
                for row in found.compensation
            ],
        )
    return drawn


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    filters = InsightFilters(request.GET, user=user)
    found = figures(user, filters.slice())
    piece = found.slice
    scorecards = [
        {
            **row,
            "sla_share": percent(share(row["kept"], row["decided"])),
            "satisfied_share": percent(share(row["satisfied"], row["answered"])),
            "link": queue_link(piece, department=row["department_id"]),
        }
        for row in found.departments
    ]
    context = {
        "filters": filters,
        "figures": found,
        "charts": charts(found),
        "scorecards": scorecards,
        "first_response": {
            "median": hours(found.first_response.median),
            "p90": hours(found.first_response.p90),
            "within": percent(found.first_response.share_within_target),
        },
        "resolution": {
            "median": hours(found.resolution.median),
            "p90": hours(found.resolution.p90),
            "within": percent(found.resolution.share_within_target),
        },
        "sla_share": percent(share(*found.sla)),
        "reopen_share": percent(share(found.reopened, found.resolved)),
        "satisfaction_share": percent(share(*found.satisfaction)) if found.satisfaction else None,
        "all_link": queue_link(piece),
        "leads_improvement": may(user, Can.LEAD_IMPROVEMENT),
        "abnormal_link": reverse("console:queue") + "?abnormal=yes",
        "repeat_links": [
            (row, queue_link(piece, q=row["customer__email"] or row["customer__name"]))
            for row in found.repeat_customers
        ],
    }
    return render(
        request, "insights/dashboard.html", context, status=400 if filters.errors else 200
    )
