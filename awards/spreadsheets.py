"""Reading and writing spreadsheets safely.

Reading: values only. A cell holding a formula is refused (never evaluated,
never stored). Writing: every text that a spreadsheet program would take for a
formula (=, +, -, @, tab, CR at the start) is written as plain text — as a
string cell in XLSX, with a leading apostrophe in CSV — so an export never
carries a live formula back to a user.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from units.search import fold, nfc

from .uploads import MAX_IMPORT_BYTES, check_upload

MAX_ROWS = 2000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    number: int
    values: dict[str, object]
    formula_columns: list[str]


def _is_formula(cell) -> bool:
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        return True
    if value is not None and not isinstance(
        value, str | int | float | dt.date | dt.datetime | bool
    ):
        return True  # ArrayFormula, DataTableFormula...
    return isinstance(value, str) and value.startswith("=")


def read_rows(upload, headers: list[str], *, allow_csv: bool = False) -> Iterator[Row]:
    """Rows of the first sheet (or the CSV) whose first row must equal ``headers``.

    Raises ``ValidationError`` for a wrong, disguised, oversized or malformed file
    or wrong columns; yields rows otherwise (blank rows skipped).
    """
    name = (upload.name or "").lower()
    if allow_csv and name.endswith(".csv"):
        yield from _read_csv(upload, headers)
        return
    check_upload(upload, allowed={"xlsx"}, max_bytes=MAX_IMPORT_BYTES)
    try:
        wb = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a corrupt file
        raise ValidationError(
            _("Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng).")
        ) from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows()
    try:
        header_cells = next(rows)
    except StopIteration:
        raise ValidationError(_("Tệp không có dữ liệu.")) from None
    _check_headers([c.value for c in header_cells], headers)
    count = 0
    for index, cells in enumerate(rows, start=2):
        cells = list(cells)[: len(headers)]
        if all(c.value in (None, "") for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ValidationError(_("Tệp có quá %(n)s dòng; hãy chia nhỏ.") % {"n": MAX_ROWS})
        values, formulas = {}, []
        for header, cell in zip(headers, cells, strict=False):
            if _is_formula(cell):
                formulas.append(header)
                values[header] = None
            else:
                values[header] = cell.value
        for header in headers[len(cells) :]:
            values[header] = None
        yield Row(index, values, formulas)
    wb.close()


def _read_csv(upload, headers: list[str]) -> Iterator[Row]:
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Tệp quá lớn; tối đa %(max)s MB.") % {"max": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    raw = upload.read()
    if b"\x00" in raw[:4096]:
        raise ValidationError(_("Tệp CSV không hợp lệ (có vẻ là tệp nhị phân bị đổi đuôi)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        first = next(reader)
    except StopIteration:
        raise ValidationError(_("Tệp không có dữ liệu.")) from None
    _check_headers(first, headers)
    count = 0
    for index, cells in enumerate(reader, start=2):
        if all(not (c or "").strip() for c in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ValidationError(_("Tệp có quá %(n)s dòng; hãy chia nhỏ.") % {"n": MAX_ROWS})
        values, formulas = {}, []
        for i, header in enumerate(headers):
            value = cells[i].strip() if i < len(cells) else ""
            if value.startswith("="):
                formulas.append(header)
                value = None
            values[header] = value or None
        yield Row(index, values, formulas)


def _check_headers(found: list, expected: list[str]) -> None:
    got = [fold(nfc(str(v))) if v is not None else "" for v in found]
    problems = []
    for i, header in enumerate(expected):
        have = got[i] if i < len(got) else ""
        if have != fold(header):
            shown = found[i] if i < len(found) and found[i] is not None else _("(trống)")
            problems.append(
                _("cột %(column)s phải là “%(header)s” (đang là “%(found)s”)")
                % {"column": get_column_letter(i + 1), "header": header, "found": shown}
            )
    if problems:
        raise ValidationError(
            _("Sai cấu trúc cột — hãy dùng đúng tệp mẫu: %(problems)s.")
            % {"problems": "; ".join(problems[:6])}
        )


# Cell conversion ----------------------------------------------------------------


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def parse_date(value) -> dt.date | None:
    """A date from an Excel date cell or "dd/mm/yyyy" text; ValueError if impossible."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def parse_int(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    raw = str(value).strip()
    if raw.isdigit():
        return int(raw)
    raise ValueError(raw)


# Writing ------------------------------------------------------------------------


def safe_text(value) -> str:
    """CSV: neutralise a leading formula character with an apostrophe."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(FORMULA_PREFIXES) else s


def write_xlsx(
    sheets: list[tuple[str, list[str], Iterable[list]]], *, widths: dict[int, int] | None = None
) -> bytes:
    """A workbook of ``(title, headers, rows)`` sheets; text cells never become formulas."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title[:31])
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="A4161A")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append(list(row))
            for cell in ws[ws.max_row]:
                _force_text(cell)
        for i, header in enumerate(headers, start=1):
            width = (widths or {}).get(i) or min(max(len(str(header)) + 4, 12), 60)
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _force_text(cell: Cell) -> None:
    # openpyxl turns any string starting with "=" into a formula cell; mark it
    # as a plain string so Excel shows the characters instead of running them.
    if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
        cell.data_type = "s"


def write_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_text(v) for v in row])
    # BOM so that Excel opens the UTF-8 file with the right diacritics.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
