"""The periodic report: the dashboard's figures for a month (2026-11) or a week (2026-W47) over
every complaint (or one department's), as PDF with charts (reportlab), XLSX with the rows
(openpyxl) or CSV. Text cells are written through spreadsheet_safe."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from complaintdesk.accounts.models import Department
from complaintdesk.complaints.models import Channel, Complaint, Outcome
from complaintdesk.insights import selectors
from complaintdesk.insights.dashboard import Figures, figures_in
from complaintdesk.insights.forms import month_bounds
from complaintdesk.insights.models import ActionStatus, CorrectiveAction
from complaintdesk.insights.selectors import Slice, share
from complaintdesk.insights.spreadsheets import spreadsheet_safe

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
# More rows than a spreadsheet reader goes through; the API serves larger extracts.
MAX_ROWS = 100_000


class BadPeriod(ValueError):
    """A period that is neither YYYY-MM nor YYYY-Www."""


def period_bounds(period: str) -> tuple[date, date]:
    if bounds := month_bounds(period):
        return bounds
    if match := WEEK.match(period.strip()):
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            pass
        else:
            return monday, monday + timedelta(days=6)
    raise BadPeriod(_("Write the period as a month, 2026-11, or a week, 2026-W47."))


def last_period(frequency: str, today: date) -> str:
    """The last complete week or month before `today`, written as a period."""
    if frequency == "weekly":
        year, week, _day = (today - timedelta(days=today.isoweekday())).isocalendar()
        return f"{year}-W{week:02d}"
    last = today.replace(day=1) - timedelta(days=1)
    return f"{last:%Y-%m}"


@dataclass
class Report:
    period: str
    department: Department | None
    figures: Figures
    complaints: QuerySet[Complaint]
    actions_opened: list[CorrectiveAction]
    actions_closed: list[CorrectiveAction]

    @property
    def title(self) -> str:
        where = self.department.name if self.department else _("all departments")
        return _("Complaints report %(period)s, %(where)s") % {
            "period": self.period,
            "where": where,
        }


def build_report(period: str, *, department: Department | None = None) -> Report:
    start, end = period_bounds(period)
    piece = Slice(start=start, end=end, department=department.pk if department else None)
    lower, upper = piece.bounds()
    actions = CorrectiveAction.objects.select_related("owner", "department")
    if department is not None:
        actions = actions.filter(department=department)
    return Report(
        period=period,
        department=department,
        figures=figures_in(Complaint.objects.all(), piece, whole_archive=True),
        complaints=selectors.narrow(Complaint.objects.all(), piece)
        .select_related("category", "department", "customer")
        .order_by("received_at", "id"),
        actions_opened=list(actions.filter(created_at__gte=lower, created_at__lt=upper)),
        actions_closed=list(
            actions.filter(closed_at__gte=lower, closed_at__lt=upper).filter(
                ~Q(status=ActionStatus.CANCELLED)
            )
        ),
    )


# --- the rows and the summary, shared by every format ---------------------------------------


def _hours(start: Any, end: Any) -> float | None:
    return None if start is None or end is None else round((end - start).total_seconds() / 3600, 1)


def complaint_rows(report: Report) -> Iterator[list[Any]]:
    channels, outcomes = dict(Channel.choices), dict(Outcome.choices)
    yield [
        _("Reference"),
        _("Received"),
        _("Channel"),
        _("Language"),
        _("Category"),
        _("Severity"),
        _("Department"),
        _("Status"),
        _("Outcome"),
        _("First response (hours)"),
        _("Resolution (hours)"),
        _("Subject"),
    ]
    for complaint in report.complaints[:MAX_ROWS].iterator(chunk_size=1000):
        yield [
            complaint.reference,
            timezone.localtime(complaint.received_at).replace(tzinfo=None),
            str(channels.get(complaint.channel, complaint.channel)),
            complaint.language,
            str(complaint.category or ""),
            complaint.severity,
            str(complaint.department or ""),
            complaint.status,
            str(outcomes.get(complaint.outcome, complaint.outcome)),
            _hours(complaint.received_at, complaint.first_response_at),
            _hours(complaint.received_at, complaint.resolved_at),
            complaint.subject,
        ]


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _duration(value: Any) -> str:
    return "–" if value is None else f"{value.total_seconds() / 3600:.1f} h"


def summary_rows(report: Report) -> list[tuple[str, str]]:
    found = report.figures
    rows = [
        (_("Complaints received"), str(found.total)),
        (_("Previous period"), str(found.previous_total)),
        (_("First response, median"), _duration(found.first_response.median)),
        (_("First response, 90th percentile"), _duration(found.first_response.p90)),
        (_("Resolution, median"), _duration(found.resolution.median)),
        (_("Resolution, 90th percentile"), _duration(found.resolution.p90)),
        (_("Deadlines kept"), _percent(share(*found.sla))),
        (_("Reopened"), _percent(share(found.reopened, found.resolved))),
        (
            _("Satisfied (4–5)"),
            _percent(share(*found.satisfaction))
            if found.satisfaction
            else _("no surveys recorded yet"),
        ),
        (_("Abnormal complaints open"), str(found.open_abnormal)),
    ]
    for result in found.results:
        verdict = {True: _("met"), False: _("missed"), None: "–"}[result.met]
        rows.append(
            (
                _("Target: %(measure)s") % {"measure": result.label},
                f"{_percent(result.value)} / {result.objective.percent}% ({verdict})",
            )
        )
    return rows


def department_rows(report: Report) -> list[list[Any]]:
    header = [
        _("Department"),
        _("Received"),
        _("Handled"),
        _("Deadlines kept"),
        _("Breaches"),
        _("Satisfied"),
        _("Reopened"),
    ]
    return [header] + [
        [
            row["department__name"],
            row["received"],
            row["handled"],
            _percent(share(row["kept"], row["decided"])),
            row["breaches"],
            _percent(share(row["satisfied"], row["answered"])),
            row["reopened"],
        ]
        for row in report.figures.departments
    ]


def action_rows(report: Report) -> list[list[Any]]:
    header = [_("Action"), _("Owner"), _("Department"), _("Due"), _("Status")]
    return [header] + [
        [a.title, str(a.owner), str(a.department), a.due_date, a.get_status_display()]
        for a in [*report.actions_opened, *report.actions_closed]
    ]


def cause_rows(report: Report) -> list[list[Any]]:
    if report.figures.root_causes is None:
        return []
    return [[_("Root cause"), _("Upheld complaints"), _("Cumulative share")]] + [
        [row["category__name"], row["n"], _percent(row["cumulative"])]
        for row in report.figures.root_causes[:10]
    ]


# --- CSV and XLSX ---------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """Numbers and dates as they are; text made inert."""
    if value is None or isinstance(value, int | float | date):
        return value
    return spreadsheet_safe(value)


def to_csv(report: Report) -> bytes:
    """The complaint rows of the period."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in complaint_rows(report):
        writer.writerow([_cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    summary = book.create_sheet(_("Summary"))
    summary.append([_cell(report.title)])
    for label, value in summary_rows(report):
        summary.append([_cell(label), _cell(value)])
    for name, rows in (
        (_("Complaints"), complaint_rows(report)),
        (_("Departments"), department_rows(report)),
        (_("Root causes"), cause_rows(report)),
        (_("Actions"), action_rows(report)),
    ):
        sheet = book.create_sheet(name[:31])
        for row in rows:
            sheet.append([_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """Escaped for a reportlab paragraph, in a CJK font where the text needs one."""
    text = escape(str(value))
    if any(ord(c) > 0x2E7F for c in text):
        return f'<font name="STSong-Light">{text}</font>'
    return text


def _bar_chart(title: str, labels: list[str], values: list[float], previous: list[float] | None):
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    height = 40 + 22 * max(len(labels), 1)
    drawing = Drawing(460, height)
    drawing.add(String(0, height - 12, title, fontName="Helvetica-Bold", fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 10, 290, height - 40
    chart.data = [values, previous] if previous is not None else [values]
    chart.categoryAxis.categoryNames = [label[:28] for label in labels]
    chart.categoryAxis.labels.fontName = "STSong-Light"
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#0072B2")
    if previous is not None:
        chart.bars[1].fillColor = colors.HexColor("#8a94a3")
    drawing.add(chart)
    return drawing


def _line_chart(title: str, labels: list[str], series: list[list[int]]):
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(460, 200)
    drawing.add(String(0, 188, title, fontName="Helvetica-Bold", fontSize=10))
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, 400, 140
    chart.data = series
    every = max(len(labels) // 8, 1)
    chart.categoryAxis.categoryNames = [
        label if n % every == 0 else "" for n, label in enumerate(labels)
    ]
    chart.valueAxis.valueMin = 0
    chart.lines[0].strokeColor = colors.HexColor("#0072B2")
    if len(series) > 1:
        chart.lines[1].strokeColor = colors.HexColor("#8a94a3")
        chart.lines[1].strokeDashArray = [4, 3]
    drawing.add(chart)
    return drawing


def _table(rows: list[list[Any]]):
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    table = Table([[Paragraph(_text(value), style) for value in row] for row in rows])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf4")),
            ]
        )
    )
    return table


def to_pdf(report: Report) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    styles = getSampleStyleSheet()
    found = report.figures
    channels = dict(Channel.choices)
    story: list[Any] = [
        Paragraph(_text(report.title), styles["Title"]),
        Paragraph(_text(f"{found.slice.start} – {found.slice.end}"), styles["Normal"]),
        Spacer(1, 8),
        _table([[_("Figure"), _("Value")], *[[a, b] for a, b in summary_rows(report)]]),
        Spacer(1, 12),
        _line_chart(
            _("Complaints received (dashed: previous period)"),
            [
                day.strftime("%m-%d" if not found.slice.monthly else "%Y-%m")
                for day in found.buckets
            ],
            [found.volume, found.previous_volume[: len(found.volume)]],
        ),
    ]
    if found.by_channel:
        story.append(
            _bar_chart(
                _("By channel (grey: previous period)"),
                [str(channels.get(r["channel"], r["channel"])) for r in found.by_channel],
                [r["n"] for r in found.by_channel],
                [r["previous"] for r in found.by_channel],
            )
        )
    if found.by_category:
        top = found.by_category[:10]
        story.append(
            _bar_chart(
                _("By category (grey: previous period)"),
                [r["category__name"] or _("Not assessed yet") for r in top],
                [r["n"] for r in top],
                [r["previous"] for r in top],
            )
        )
    story += [Spacer(1, 12), Paragraph(_text(_("Departments")), styles["Heading2"])]
    story.append(_table(department_rows(report)))
    story.append(Paragraph(_text(_("Top root causes")), styles["Heading2"]))
    causes = cause_rows(report)
    story.append(
        _table(causes) if causes else Paragraph(_text(_("Not recorded yet.")), styles["Normal"])
    )
    story.append(Paragraph(_text(_("Corrective actions opened and closed")), styles["Heading2"]))
    actions = action_rows(report)
    story.append(
        _table(actions) if len(actions) > 1 else Paragraph(_text(_("None.")), styles["Normal"])
    )
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=report.title).build(story)
    return out.getvalue()


RENDERERS: dict[str, Callable[[Report], bytes]] = {"pdf": to_pdf, "xlsx": to_xlsx, "csv": to_csv}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
