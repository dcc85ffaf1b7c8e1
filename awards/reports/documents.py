"""The year-end report as HTML (for the PDF, through ``awards.pdf.render_html``,
the one module that calls WeasyPrint) and as an Excel workbook. Both are built
from the same :class:`~awards.reports.statistics.YearStatistics`, so every
number in the workbook is a number of the PDF.

The report holds only summary tables (their size follows the award catalogue
and the clusters, not the number of awards), so it stays around a dozen pages
for a province-scale year: shared/notes/rendering.md measures about 0.27 s and
7 MiB per table page, and long annexes belong to the decisions, not here.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from units.i18n import in_record_language

from .charts import PDF_FONT, table_chart_svg
from .models import YearReport
from .statistics import Row, Table, YearStatistics

SPECIMEN_MARK = "MẪU – DỮ LIỆU MINH HỌA"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
SHEET_NAMES = {
    "levels": "Theo cấp",
    "forms": "Theo hình thức",
    "recipients": "Theo đối tượng",
    "types": "Theo loại hình",
    "clusters": "Theo cụm khối",
    "unit_kinds": "Theo loại đơn vị",
    "money": "Tiền thưởng",
    "campaigns": "Phong trào",
    "cluster_summary": "Kết quả cụm khối",
}
HEADER_LABEL = "Chỉ tiêu"
FORMULA_PREFIXES = ("=", "+", "-", "@")


def headline_sentence(stats: YearStatistics) -> str:
    """The sentence of the province's summary, from the computed figures."""
    from units.templatetags.vn import vn_number

    return (
        f"Năm {stats.year}, toàn tỉnh có {vn_number(stats.central)} tập thể, cá nhân được Chủ tịch "
        f"nước, Thủ tướng Chính phủ khen thưởng; {vn_number(stats.provincial)} tập thể, cá nhân "
        "được Chủ tịch Ủy ban nhân dân tỉnh khen thưởng."
    )


def key_figures(stats: YearStatistics) -> Table:
    """The two figures of the province's summary, this year and the previous one."""
    columns = [str(stats.year), str(stats.previous)]
    return Table(
        "key_figures",
        "Số liệu chính",
        columns,
        [
            Row(
                "Tập thể, cá nhân được Chủ tịch nước, Thủ tướng Chính phủ khen thưởng",
                [stats.central, stats.central_previous],
                key="central",
            ),
            Row(
                "Tập thể, cá nhân được Chủ tịch UBND tỉnh khen thưởng",
                [stats.provincial, stats.provincial_previous],
                key="provincial",
            ),
        ],
    )


def specimen_mark() -> str:
    return SPECIMEN_MARK if settings.VINHDANH_DEMO_MODE else ""


@in_record_language
def report_html(report: YearReport, stats: YearStatistics) -> str:
    tables = [
        {"table": t, "chart": table_chart_svg(t, font_family=PDF_FONT, chart_id=f"pdf-{t.key}")}
        if t.chart
        else {"table": t, "chart": ""}
        for t in stats.tables
    ]
    narrative = [
        {"id": f"sec-{field}", "heading": heading, "paragraphs": _paragraphs(text)}
        for field, heading, text in report.sections()
    ]
    return render_to_string(
        "reports/pdf/report.html",
        {
            "report": report,
            "stats": stats,
            "tables": tables,
            "overview": narrative[0],
            "highlights": narrative[1],
            "closing": narrative[2:],
            "headline": headline_sentence(stats),
            "key_figures": key_figures(stats),
            "province": settings.VINHDANH_PROVINCE_NAME,
            "today": timezone.localdate(),
            "mark": specimen_mark(),
        },
    )


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


@in_record_language
def report_pdf(report: YearReport, stats: YearStatistics) -> bytes:
    from awards.pdf import render_html

    return render_html(report_html(report, stats))


def _text(cell) -> None:
    # Staff-typed text starting like a formula stays plain text in Excel.
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"


def _header(ws, values: list[str]) -> None:
    ws.append(values)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="A4161A")
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _table_sheet(wb: Workbook, table: Table) -> None:
    ws = wb.create_sheet(SHEET_NAMES.get(table.key, table.key)[:31])
    _header(ws, [HEADER_LABEL, *table.columns])
    for row in table.rows:
        label = ("    " * row.level if row.level > 0 else "") + row.label
        ws.append([label, *row.values])
        line = ws[ws.max_row]
        if row.level < 0:
            for cell in line:
                cell.font = Font(bold=True)
        for cell in line[1:]:
            cell.number_format = "#,##0"
    ws.append([])
    ws.append([table.title + (f" (đơn vị tính: {table.unit})" if table.unit else "")])
    if table.note:
        ws.append([table.note])
    ws.column_dimensions["A"].width = 58
    for i in range(len(table.columns)):
        ws.column_dimensions[get_column_letter(i + 2)].width = 18
    ws.freeze_panes = "B2"


@in_record_language
def report_xlsx(report: YearReport, stats: YearStatistics) -> bytes:
    """One sheet per statistics table (the same rows and columns as the PDF),
    a summary sheet with the headline figures, the cluster results and the
    narrative."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    figures = key_figures(stats)
    _header(ws, [HEADER_LABEL, *figures.columns])
    for row in figures.rows:
        ws.append([row.label, *row.values])
    ws.append([])
    ws.append([report.title])
    ws.append([headline_sentence(stats)])
    if specimen_mark():
        ws.append([specimen_mark()])
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 14
    for table in stats.tables:
        _table_sheet(wb, table)
    cr = wb.create_sheet("Cụm khối " + str(stats.year))
    _header(
        cr,
        [
            "Cụm, khối",
            "Loại",
            "Số đơn vị xếp hạng",
            "Đơn vị dẫn đầu",
            "Tổng điểm",
            "Đề nghị Cờ thi đua",
            "Số đơn vị đề nghị Bằng khen",
            "Đã được tặng Cờ thi đua",
        ],
    )
    for r in stats.cluster_results:
        cr.append(
            [
                r.cluster,
                r.kind,
                r.ranked,
                r.leader,
                r.leader_total,
                ", ".join(r.flag_proposed),
                r.merit_proposed,
                ", ".join(r.flag_awarded),
            ]
        )
    for col, width in zip("ABCDEFGH", (44, 14, 12, 36, 10, 36, 12, 36), strict=True):
        cr.column_dimensions[col].width = width
    text = wb.create_sheet("Nội dung")
    _header(text, ["Mục", "Nội dung"])
    for _, heading, body in report.sections():
        text.append([heading, body])
        for cell in text[text.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            _text(cell)
    text.column_dimensions["A"].width = 36
    text.column_dimensions["B"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
