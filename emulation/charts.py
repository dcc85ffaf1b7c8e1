"""Server-side SVG charts. Plain strings with no JavaScript and no external
fonts or styles, so the same markup can be embedded in an HTML page or a
WeasyPrint PDF."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .selectors import TrendPoint

RED = "#a4161a"
BLUE = "#0b4f9c"
GRID = "#d5d9de"
TEXT = "#2b3036"


def _num(value) -> str:
    """``92,5``: Vietnamese decimal comma, no trailing zeros."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def trend_svg(
    points: Sequence[TrendPoint],
    *,
    title: str = "Điểm và thứ hạng qua các năm",
    width: int = 560,
    height: int = 300,
) -> SafeString:
    """A line chart of the verified total per year, each point labelled with
    the rank in the cluster ("Hạng 2/6"). Scales to its container (viewBox)."""
    left, right, top, bottom = 56, 60, 32, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    desc = (
        "; ".join(f"Năm {p.year}: {_num(p.total)} điểm, hạng {p.rank}/{p.size}" for p in points)
        or "Chưa có kết quả xếp hạng đã công bố."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="trend-title trend-desc" '
        f'font-family="Noto Sans, Arial, sans-serif" font-size="15">',
        f'<title id="trend-title">{escape(title)}</title>',
        f'<desc id="trend-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if not points:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{TEXT}">'
            "Chưa có kết quả xếp hạng đã công bố.</text></svg>"
        )
        return _safe(parts)

    top_value = max(Decimal(100), max(Decimal(p.total) for p in points))
    low_value = min(Decimal(0), min(Decimal(p.total) for p in points))
    span = top_value - low_value or Decimal(1)

    def y_of(value) -> float:
        return top + plot_h - float((Decimal(value) - low_value) / span) * plot_h

    # Horizontal grid every 20 points.
    tick = low_value
    while tick <= top_value:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{_num(tick)}</text>"
        )
        tick += 20
    n = len(points)
    step = plot_w / (n - 1) if n > 1 else 0
    coords = [
        (left + (i * step if n > 1 else plot_w / 2), y_of(p.total)) for i, p in enumerate(points)
    ]
    if n > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="3" '
            'stroke-linejoin="round"/>'
        )
    for (x, y), p in zip(coords, points, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{RED if p.rank == 1 else BLUE}"/>'
            f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" fill="{TEXT}" '
            f'font-weight="700">{_num(p.total)}</text>'
            f'<text x="{x:.1f}" y="{height - bottom + 20}" text-anchor="middle" fill="{TEXT}">'
            f"{p.year}</text>"
            f'<text x="{x:.1f}" y="{height - bottom + 40}" text-anchor="middle" fill="{TEXT}">'
            f"Hạng {p.rank}/{p.size}</text>"
        )
    parts.append("</svg>")
    return _safe(parts)


def _safe(parts: list[str]) -> SafeString:
    # Every piece of text in the markup went through html.escape; the rest
    # is numbers we formatted ourselves.
    return mark_safe("".join(parts))  # noqa: S308
