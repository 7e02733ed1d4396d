"""Charts drawn on the server as inline SVG: no script, no chart library, nothing fetched.

Each chart is a <figure> whose SVG is a group of links (one per bar or point, each with a
spoken label such as "E-mail: 12, previous period 9"), so a screen reader or a keyboard can
open the complaints behind any figure; the same numbers follow as a table in <details>.
Colours are presentation attributes and classes (the CSP forbids inline styles)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 190
BAR_HEIGHT = 18
GAP = 8
# Colour-blind safe (Okabe–Ito), each with AA contrast on white.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
PREVIOUS = "#8a94a3"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""
    previous: float | None = None
    # What the value reads as, e.g. "12" or "87%"; the value itself when empty.
    text: str = ""
    # A mark across the bar, e.g. the target the value is held against.
    target: float | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    dashed: bool = False


def _f(value: float) -> str:
    return f"{value:.1f}"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _figure(chart_id: str, title: str, svg: SafeString, table: SafeString) -> SafeString:
    return format_html(
        '<figure class="chart" id="{}"><figcaption>{}</figcaption>{}'
        '<details class="chart__data"><summary>{}</summary>{}</details></figure>',
        chart_id,
        title,
        svg,
        _("The numbers"),
        table,
    )


def _empty(chart_id: str, title: str) -> SafeString:
    return format_html(
        '<figure class="chart" id="{}"><figcaption>{}</figcaption>'
        '<p class="chart__empty">{}</p></figure>',
        chart_id,
        title,
        _("No data."),
    )


def bar_chart(
    chart_id: str, title: str, bars: Sequence[Bar], *, maximum: float | None = None
) -> SafeString:
    """Horizontal bars, each a link; a thin grey bar under it for the previous period."""
    if not bars:
        return _empty(chart_id, title)
    top = maximum or max(max(b.value, b.previous or 0) for b in bars) or 1
    room = WIDTH - LABEL_WIDTH - 60
    row = BAR_HEIGHT + GAP + (6 if any(b.previous is not None for b in bars) else 0)
    parts = []
    for n, bar in enumerate(bars):
        y = n * row + GAP
        width = max(room * bar.value / top, 1 if bar.value else 0)
        shown = bar.text or _number(bar.value)
        spoken = f"{bar.label}: {shown}"
        previous = mark_safe("")
        if bar.previous is not None:
            spoken += ", " + _("previous period %(value)s") % {"value": _number(bar.previous)}
            previous = format_html(
                '<rect x="{}" y="{}" width="{}" height="4" fill="{}"/>',
                LABEL_WIDTH,
                y + BAR_HEIGHT + 1,
                _f(max(room * bar.previous / top, 1 if bar.previous else 0)),
                PREVIOUS,
            )
        if bar.target is not None:
            spoken += ", " + _("target %(value)s") % {"value": _number(bar.target)}
            x = LABEL_WIDTH + room * bar.target / top
            previous += format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>',
                _f(x),
                y - 3,
                _f(x),
                y + BAR_HEIGHT + 3,
                COLOURS[6],
            )
        body = format_html(
            '<title>{}</title><text x="{}" y="{}" text-anchor="end" class="chart__label">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>{}'
            '<text x="{}" y="{}" class="chart__value">{}</text>',
            spoken,
            LABEL_WIDTH - 6,
            y + BAR_HEIGHT - 4,
            bar.label[:28],
            LABEL_WIDTH,
            y,
            _f(width),
            BAR_HEIGHT,
            COLOURS[0],
            previous,
            _f(LABEL_WIDTH + width + 4),
            y + BAR_HEIGHT - 4,
            shown,
        )
        if bar.href:
            body = format_html('<a href="{}" aria-label="{}">{}</a>', bar.href, spoken, body)
        parts.append(body)
    height = len(bars) * row + GAP
    svg = format_html(
        '<svg viewBox="0 0 {} {}" width="100%" role="group" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" class="chart__svg">{}</svg>',
        WIDTH,
        height,
        title,
        mark_safe("".join(parts)),  # noqa: S308 - every part was built by format_html
    )
    has_previous = any(b.previous is not None for b in bars)
    table = format_html(
        "<table><thead><tr><th>{}</th><th>{}</th>{}</tr></thead><tbody>{}</tbody></table>",
        title,
        _("Value"),
        format_html("<th>{}</th>", _("Previous period")) if has_previous else "",
        format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td>{}</tr>",
            (
                (
                    b.label,
                    b.text or _number(b.value),
                    format_html("<td>{}</td>", _number(b.previous))
                    if b.previous is not None
                    else "",
                )
                for b in bars
            ),
        ),
    )
    return _figure(chart_id, title, svg, table)


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    hrefs: Sequence[str] = (),
) -> SafeString:
    """Lines over time; each point of the first series links to its day or month."""
    if not labels or not series:
        return _empty(chart_id, title)
    height, left, bottom, top_pad = 220, 40, 30, 10
    plot_w, plot_h = WIDTH - left - 10, height - bottom - top_pad
    top = max((max(s.values, default=0) for s in series), default=0) or 1
    step = plot_w / max(len(labels) - 1, 1)

    def xy(n: int, value: float) -> tuple[float, float]:
        return left + n * step, top_pad + plot_h * (1 - value / top)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#4f5b69"/>'
            '<text x="{}" y="{}" text-anchor="end" class="chart__value">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" class="chart__value">0</text>',
            left,
            top_pad + plot_h,
            WIDTH - 10,
            top_pad + plot_h,
            left - 4,
            top_pad + 10,
            _number(top),
            left - 4,
            top_pad + plot_h,
        )
    ]
    for n, series_ in enumerate(series):
        colour = PREVIOUS if series_.dashed else COLOURS[n % len(COLOURS)]
        points = " ".join("{:.1f},{:.1f}".format(*xy(i, v)) for i, v in enumerate(series_.values))
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}/>',
                points,
                colour,
                mark_safe(' stroke-dasharray="5 4"') if series_.dashed else "",
            )
        )
    first = series[0]
    for i, value in enumerate(first.values):
        x, y = xy(i, value)
        spoken = f"{labels[i]}: {_number(value)}"
        dot = format_html(
            '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}</title></circle>',
            _f(x),
            _f(y),
            COLOURS[0],
            spoken,
        )
        if i < len(hrefs) and hrefs[i]:
            dot = format_html('<a href="{}" aria-label="{}">{}</a>', hrefs[i], spoken, dot)
        parts.append(dot)
    every = max(len(labels) // 8, 1)
    for i in range(0, len(labels), every):
        x, _y = xy(i, 0)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart__value">{}</text>',
                _f(x),
                height - 8,
                labels[i],
            )
        )
    legend = format_html_join(
        "",
        '<li><span class="chart__swatch chart__swatch--{}"></span>{}</li>',
        ((("previous" if s.dashed else str(n)), s.name) for n, s in enumerate(series)),
    )
    svg = format_html(
        '<svg viewBox="0 0 {} {}" width="100%" role="group" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" class="chart__svg">{}</svg>'
        '<ul class="chart__legend">{}</ul>',
        WIDTH,
        height,
        title,
        mark_safe("".join(parts)),  # noqa: S308 - every part was built by format_html
        legend,
    )
    table = format_html(
        "<table><thead><tr><th>{}</th>{}</tr></thead><tbody>{}</tbody></table>",
        _("Period"),
        format_html_join("", "<th>{}</th>", ((s.name,) for s in series)),
        format_html_join(
            "",
            "<tr><td>{}</td>{}</tr>",
            (
                (
                    label,
                    format_html_join(
                        "",
                        "<td>{}</td>",
                        ((_number(s.values[i]) if i < len(s.values) else "",) for s in series),
                    ),
                )
                for i, label in enumerate(labels)
            ),
        ),
    )
    return _figure(chart_id, title, svg, table)
