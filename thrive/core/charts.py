"""Accessible SVG charts, drawn on the server: a title, a text description, and always a data
table beside them in the page (the chart is a picture of the table, never the only copy).

The legend is HTML under the picture (core/chart.html), so it wraps and stays readable at any
width. The axis labels carry classes the stylesheet enlarges on a phone, where the picture is
drawn smaller; there, only every few month labels are kept so the larger ones do not collide.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Colours with at least 3:1 contrast on white, told apart by dash pattern and marker as well.
PALETTE = ["#0b4f6c", "#b6470b", "#5a2a82", "#00703c", "#c4143c", "#6f5700"]
DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 4", "8 8"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square"]
# The same shapes as characters, for the HTML legend.
MARKER_SYMBOLS = {"circle": "●", "square": "■", "diamond": "◆", "triangle": "▲"}
# Axis labels on a phone, in the picture's units (the stylesheet sets the same size): drawn at
# 640 units across a phone's ~350 pixels, 24 units read as about 13 pixels.
PHONE_LABEL_SIZE = 24


@dataclass
class Series:
    label: str
    values: Sequence[float | None]


def _nice_max(value: float) -> float:
    """The top of the axis: five round steps (1, 2, 2.5 or 5 times a power of ten) above *value*."""
    if value <= 0:
        return 1.0
    raw = value / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * magnitude >= raw:
            return multiple * magnitude * 5
    return value


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        return (
            f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y:.1f} L{x:.1f} {y + 5:.1f} '
            f'L{x - 5:.1f} {y:.1f} Z" fill="{colour}"/>'
        )
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 4:.1f} L{x - 5:.1f} '
            f'{y + 4:.1f} Z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    description: str = "",
    width: int = 640,
    height: int = 300,
    scale: int | None = None,
) -> SafeString:
    """A line chart of one or more series over the same categories (for example census years).

    *scale*: the values are whole steps from 0 to *scale* (a 0–2 rating, say): the axis runs to
    *scale* in whole steps, and the lines are drawn a little apart so that series with the same
    answer in a month do not hide one another (the markers stay on their own lines)."""
    left, right, top, bottom = 72, 48, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    y_max = float(scale) if scale else _nice_max(max(values) if values else 0)
    ticks = [float(k) for k in range(scale + 1)] if scale else [y_max * k / 5 for k in range(6)]
    # Lines on a rating scale: each series nudged up or down by a few units, centred on the value.
    spread = 6.0 if scale and len(series) > 1 else 0.0
    n = max(len(categories), 1)

    # On a phone keep every stride-th category label, counted back from the latest.
    longest = max((len(str(c)) for c in categories), default=1)
    slot = plot_w / n
    stride = max(1, math.ceil((0.62 * PHONE_LABEL_SIZE * longest + 8) / slot))

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return top + plot_h - (plot_h * v / y_max)

    parts = [
        f'<svg class="thrive-chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, Arial, sans-serif" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description or title)}. '
        "The same figures are in the table that follows.</desc>",
    ]
    for value in ticks:
        yy = y(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
        )
        label = f"{value:g}{unit}"
        parts.append(
            f'<text class="thrive-chart__label" x="{left - 8}" y="{yy + 4:.1f}" '
            f'text-anchor="end" font-size="13" fill="#0b0c0c">{escape(label)}</text>'
        )
    for i, cat in enumerate(categories):
        minor = " thrive-chart__label--minor" if (n - 1 - i) % stride else ""
        parts.append(
            f'<text class="thrive-chart__label thrive-chart__label--x{minor}" x="{x(i):.1f}" '
            f'y="{top + plot_h + 20}" text-anchor="middle" font-size="13" '
            f'fill="#0b0c0c">{escape(str(cat))}</text>'
        )
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        nudge = spread * (index - (len(series) - 1) / 2)

        def y_line(v: float, nudge: float = nudge) -> float:
            return y(v) - nudge

        points = [(x(i), y_line(v)) for i, v in enumerate(s.values) if v is not None]
        # A year without a figure is a gap: the line breaks there rather than bridging it (or
        # dropping to zero), and the data table beside the chart says why.
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                if segments[-1]:
                    segments.append([])
            else:
                segments[-1].append((x(i), y_line(v)))
        d = " ".join(
            f"{'M' if j == 0 else 'L'}{px:.1f} {py:.1f}"
            for segment in segments
            if len(segment) > 1
            for j, (px, py) in enumerate(segment)
        )
        if d:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="3"{dash_attr}/>'
            )
        for px, py in points:
            parts.append(_marker(MARKERS[index % len(MARKERS)], px, py, colour))
    parts.append("</svg>")
    legend = [
        {
            "label": s.label,
            "index": index % len(PALETTE),
            "symbol": MARKER_SYMBOLS[MARKERS[index % len(MARKERS)]],
        }
        for index, s in enumerate(series)
    ]
    svg = mark_safe("".join(parts))  # noqa: S308 — every text value above is escaped
    return render_to_string("core/chart.html", {"svg": svg, "legend": legend, "chart_id": chart_id})
