"""Nominee exports (Excel and CSV) with each nominee's verdict and reasons.
Text is written through awards.spreadsheets, so nothing becomes a formula."""

from __future__ import annotations

from units.i18n import in_record_language

from .models import Verdict, VerificationResult
from .spreadsheets import write_csv, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADERS = [
    "STT",
    "Hồ sơ",
    "Đơn vị đề nghị",
    "Năm",
    "Trạng thái hồ sơ",
    "Đối tượng",
    "Họ tên / Tên tập thể",
    "Ngày sinh",
    "Giới tính",
    "Chức vụ, đơn vị",
    "Danh hiệu, hình thức",
    "Tóm tắt thành tích",
    "Kết quả kiểm tra",
    "Lý do",
    "Kết quả thẩm định",
    "Ý kiến thẩm định",
]


@in_record_language
def nominee_rows(items, *, with_citizen_id: bool) -> list[list]:
    rows = []
    for n, item in enumerate(items.iterator(chunk_size=500), start=1):
        nomination = item.nomination
        person = item.person
        reasons = "; ".join(f["message"] for f in item.findings if f.get("status") != "pass")
        row = [
            n,
            nomination.reference,
            nomination.proposing_unit.name,
            nomination.award_year,
            nomination.get_status_display(),
            item.get_recipient_kind_display(),
            item.recipient_name(),
            person.birth_date.strftime("%d/%m/%Y") if person and person.birth_date else "",
            person.get_gender_display() if person else "",
            item.position_text,
            item.award.name,
            item.achievement,
            str(Verdict(item.verdict).label),
            reasons,
            str(VerificationResult(item.verification).label) if item.verification else "",
            item.verification_note,
        ]
        if with_citizen_id:
            row.append(person.citizen_id if person else "")
        rows.append(row)
    return rows


def _headers(rows):
    return HEADERS + (["Số CCCD"] if rows and len(rows[0]) > len(HEADERS) else [])


def nominees_xlsx(rows) -> bytes:
    return write_xlsx(
        [("Danh sách đề nghị", _headers(rows), rows)],
        widths={3: 30, 7: 28, 10: 32, 11: 32, 12: 50, 14: 70, 16: 40},
    )


def nominees_csv(rows) -> bytes:
    return write_csv(_headers(rows), rows)
