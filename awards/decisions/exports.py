"""Excel lists for the finance office. Written with ``awards.spreadsheets.write_xlsx``:
text typed by users never becomes a formula; totals are computed here, not by
spreadsheet formulas."""

from __future__ import annotations

from awards.spreadsheets import write_xlsx
from units.i18n import in_record_language

from .models import Decision, DecisionEntry

HEADERS = [
    "STT",
    "Số sổ vàng",
    "Họ tên, tập thể",
    "Chức vụ, đơn vị",
    "Danh hiệu, hình thức",
    "Hệ số",
    "Lương cơ sở (đồng)",
    "Tiền thưởng (đồng)",
    "Tình trạng",
    "Ghi chú",
]
WIDTHS = {3: 30, 4: 40, 5: 30, 7: 14, 8: 14, 10: 50}


def _rows(entries: list[DecisionEntry]):
    paid = 0
    for n, e in enumerate(entries, start=1):
        status = "Đã thu hồi" if e.revoked_at else "Được chi"
        if not e.revoked_at:
            paid += e.prize_amount
        yield [
            n,
            e.registry_no,
            e.name,
            e.position_text,
            e.award.name,
            float(e.prize_multiplier) if e.prize_multiplier is not None else None,
            e.base_salary,
            e.prize_amount,
            status,
            e.revocation_reason or e.prize_note,
        ]
    yield [None, None, "Tổng cộng được chi", None, None, None, None, paid, None, None]


@in_record_language
def decision_prize_xlsx(decision: Decision) -> bytes:
    entries = list(decision.entries.select_related("award").annex_order())
    title = f"QĐ {decision.number}".replace("/", "-")
    return write_xlsx([(title, HEADERS, _rows(entries))], widths=WIDTHS)


@in_record_language
def year_prize_xlsx(year: int, decisions: list[Decision]) -> bytes:
    summary = []
    sheets = []
    for d in decisions:
        entries = list(d.entries.select_related("award").annex_order())
        paid = sum(e.prize_amount for e in entries if not e.revoked_at)
        summary.append(
            [d.number, d.decision_date, d.title, sum(1 for e in entries if not e.revoked_at), paid]
        )
        sheets.append((f"{d.number}".replace("/", "-"), HEADERS, _rows(entries)))
    summary.append(
        ["Tổng cộng", None, None, sum(r[3] for r in summary), sum(r[4] for r in summary)]
    )
    return write_xlsx(
        [
            (
                f"Tổng hợp {year}",
                ["Số quyết định", "Ngày", "Trích yếu", "Số được khen", "Tiền thưởng (đồng)"],
                summary,
            ),
            *sheets,
        ],
        widths={1: 16, 2: 12, 3: 60, 4: 12, 5: 18},
    )
