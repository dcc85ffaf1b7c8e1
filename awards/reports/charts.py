"""Server-side SVG charts for the statistics pages and the year-end report.

The same approach as ``emulation/charts.py``: plain SVG strings, no script, no
external resource, so one chart goes into a web page and into the WeasyPrint
PDF unchanged. Every text is escaped; the rest is numbers we format.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from units.templatetags.vn import vn_number

CURRENT = "#a4161a"
PREVIOUS = "#6c8ebf"
SINGLE = "#0b4f9c"
TEXT = "#2b3036"
GRID = "#d5d9de"
WEB_FONT = "Noto Sans, Arial, sans-serif"
PDF_FONT = "Noto Serif"


def compare_bars_svg(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    chart_id: str,
    font_family: str = WEB_FONT,
    width: int = 640,
) -> SafeString:
    """Horizontal bars, one group per label and one bar per series (e.g. this
    year and the previous one). Each label sits above its bars, so long
    Vietnamese labels are never cut; each bar carries its value."""
    colours = [CURRENT, PREVIOUS] if len(series) > 1 else [SINGLE]
    bar_h, gap, label_h, left, right, legend_h = 16, 12, 20, 8, 80, 30 if len(series) > 1 else 6
    group_h = label_h + bar_h * len(series) + gap
    height = legend_h + group_h * max(len(labels), 1) + 8
    top_value = max([max(values, default=0) for _, values in series] + [1])
    plot_w = width - left - right
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{name} {vn_number(values[i])}" for name, values in series)
        for i, label in enumerate(labels)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'font-family="{escape(font_family)}" font-size="13">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc or "Chưa có số liệu.")}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if len(series) > 1:
        x = left
        for (name, _), colour in zip(series, colours, strict=False):
            parts.append(
                f'<rect x="{x}" y="6" width="14" height="14" fill="{colour}"/>'
                f'<text x="{x + 20}" y="18" fill="{TEXT}">{escape(name)}</text>'
            )
            x += 30 + 9 * len(name)
    if not labels:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2 + 4}" text-anchor="middle" fill="{TEXT}">'
            "Chưa có số liệu.</text>"
        )
    y = legend_h
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{left}" y="{y + 14}" fill="{TEXT}" font-weight="700">{escape(label)}</text>'
        )
        by = y + label_h
        for (_, values), colour in zip(series, colours, strict=False):
            value = values[i] or 0
            w = max(plot_w * value / top_value, 1 if value else 0)
            parts.append(
                f'<rect x="{left}" y="{by}" width="{w:.1f}" height="{bar_h - 3}" fill="{colour}"/>'
                f'<text x="{left + w + 6:.1f}" y="{by + bar_h - 5}" fill="{TEXT}">'
                f"{vn_number(value)}</text>"
            )
            by += bar_h
        y += group_h
    parts.append("</svg>")
    # Every text above went through html.escape; the rest is our own numbers.
    return mark_safe("".join(parts))  # noqa: S308


def table_chart_svg(table, *, font_family: str = WEB_FONT, chart_id: str = "") -> SafeString:
    """The chart of a statistics table: its main rows, this year against the
    previous one (for tables with province/central column pairs, their sums)."""
    rows = [r for r in table.rows if r.level == 0 and r.values and r.values[0] is not None]
    if len(table.columns) == 4:
        current = [r.values[0] + r.values[2] for r in rows]
        previous = [r.values[1] + r.values[3] for r in rows]
        names = (table.columns[0].split()[-1], table.columns[1].split()[-1])
    else:
        current = [r.values[0] for r in rows]
        previous = [r.values[1] for r in rows]
        names = (table.columns[0], table.columns[1])
    return compare_bars_svg(
        [r.label for r in rows],
        [(f"Năm {names[0]}", current), (f"Năm {names[1]}", previous)],
        title=table.title,
        chart_id=chart_id or f"chart-{table.key}",
        font_family=font_family,
    )
