"""Accessible SVG charts, drawn on the server: a title, a text description, and always a data
table beside them in the page (the chart is a picture of the table, never the only copy)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Colours with at least 3:1 contrast on white, told apart by dash pattern and marker as well.
PALETTE = ["#0b4f6c", "#b6470b", "#5a2a82", "#00703c", "#c4143c", "#6f5700"]
DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 4", "8 8"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square"]


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
) -> SafeString:
    """A line chart of one or more series over the same categories (for example census years)."""
    left, right, top, bottom = 56, 16, 16, 64
    legend_rows, lx = 1, left
    for s_ in series:
        item_width = 28 + 7 * len(s_.label)
        if lx + item_width > width - right and lx > left:
            legend_rows, lx = legend_rows + 1, left
        lx += item_width
    height += 20 * (legend_rows - 1)
    bottom += 20 * (legend_rows - 1)
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    y_max = _nice_max(max(values) if values else 0)
    n = max(len(categories), 1)

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
    for k in range(6):
        value = y_max * k / 5
        yy = y(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{yy:.1f}" y2="{yy:.1f}" '
            'stroke="#b1b4b6" stroke-width="1"/>'
        )
        label = f"{value:g}{unit}"
        parts.append(
            f'<text x="{left - 8}" y="{yy + 4:.1f}" text-anchor="end" font-size="13" '
            f'fill="#0b0c0c">{escape(label)}</text>'
        )
    for i, cat in enumerate(categories):
        parts.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 20}" text-anchor="middle" '
            f'font-size="13" fill="#0b0c0c">{escape(str(cat))}</text>'
        )
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        points = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        # A year without a figure is a gap: the line breaks there rather than bridging it (or
        # dropping to zero), and the data table beside the chart says why.
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                if segments[-1]:
                    segments.append([])
            else:
                segments[-1].append((x(i), y(v)))
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
    # Legend below the plot, wrapped into rows that fit the width.
    lx, row = left, 0
    for index, s in enumerate(series):
        item_width = 28 + 7 * len(s.label)
        if lx + item_width > width - right and lx > left:
            lx, row = left, row + 1
        colour = PALETTE[index % len(PALETTE)]
        ly = top + plot_h + 44 + row * 20
        parts.append(_marker(MARKERS[index % len(MARKERS)], lx + 6, ly - 4, colour))
        parts.append(
            f'<text x="{lx + 16}" y="{ly}" font-size="13" fill="#0b0c0c">{escape(s.label)}</text>'
        )
        lx += item_width
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text value above is escaped
