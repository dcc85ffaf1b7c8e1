"""Excel export of cluster standings (openpyxl).

User text is always written as a string cell: a unit name or note that starts
with ``=``, ``+``, ``-`` or ``@`` must never become a formula in the reader's
spreadsheet (CSV/formula injection).
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from units.i18n import in_record_language

from .selectors import Results

HEADER_FILL = PatternFill("solid", fgColor="A4161A")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _num(value) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _text(cell, value: str) -> None:
    cell.value = value
    # openpyxl marks strings starting with "=" as formulas; force plain text.
    cell.data_type = "s"


@in_record_language
def standings_workbook(results: Results) -> bytes:
    table = results.table
    wb = Workbook()
    ws = wb.active
    ws.title = "Xếp hạng"
    _text(
        ws.cell(row=1, column=1),
        f"Kết quả chấm điểm, xếp hạng {table.cluster.name} năm {table.year}",
    )
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    status = "Đã công bố" if table.is_published else "Chưa công bố (số liệu đang chấm)"
    _text(ws.cell(row=2, column=1), status)

    headers = ["Hạng", "Đơn vị", "Tổng điểm"]
    headers += [
        f"Nhóm {g.position}: {g.title} (tối đa {_num(g.max_points)})" for g in results.groups
    ]
    headers += [f"Trọng tâm {t.position}" for t in results.focus_tasks]
    headers += ["Điểm thưởng", "Điểm trừ", "Xếp loại", "Đề nghị", "Ghi chú"]
    header_row = 4
    for col, label in enumerate(headers, start=1):
        cell = ws.cell(row=header_row, column=col)
        _text(cell, label)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    for i, row in enumerate(results.rows, start=header_row + 1):
        values: list = [row.rank, None, float(row.total)]
        values += [float(row.groups.get(g.pk, 0)) for g in results.groups]
        values += [float(row.focus.get(t.pk, 0)) for t in results.focus_tasks]
        values += [float(row.bonus), float(row.penalty)]
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=i, column=col, value=value)
        base = len(values)
        _text(ws.cell(row=i, column=2), row.unit.name)
        _text(ws.cell(row=i, column=base + 1), row.classification_label)
        _text(ws.cell(row=i, column=base + 2), row.proposal_label)
        _text(ws.cell(row=i, column=base + 3), row.proposal_note)

    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 42
    for col in range(3, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 16
    ws.row_dimensions[header_row].height = 60

    if results.focus_tasks:
        legend = wb.create_sheet("Nội dung trọng tâm")
        _text(legend.cell(row=1, column=1), "Số")
        _text(legend.cell(row=1, column=2), "Nội dung trọng tâm")
        for r, task in enumerate(results.focus_tasks, start=2):
            legend.cell(row=r, column=1, value=task.position)
            _text(legend.cell(row=r, column=2), task.title)
        legend.column_dimensions["B"].width = 100

    out = BytesIO()
    wb.save(out)
    return out.getvalue()
