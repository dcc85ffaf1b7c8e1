"""The year-end report: narrative edits, rendering by the (eager) Celery task,
the PDF read back with pdftotext, and the workbook against the PDF."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from awards.reports import services
from awards.reports.documents import HEADER_LABEL
from awards.reports.models import ReportRender
from awards.reports.statistics import year_statistics
from tests.factories import Role, make_user
from units.models import AuditEvent
from units.templatetags.vn import vn_number

NARRATIVE = {
    "overview": "Phong trào thi đua yêu nước được triển khai sâu rộng.\n"
    "Các cụm, khối hoạt động đều.",
    "highlights": "Nhiều điển hình tiên tiến được phát hiện và nhân rộng.",
    "shortcomings": "Một số đơn vị gửi hồ sơ chậm.",
    "next_year": "Tiếp tục đổi mới công tác khen thưởng.",
}


def pdf_text(data: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return out.stdout.decode()


@pytest.fixture
def report(province):
    report = services.report_get_or_create(year=2022, actor=province.staff)
    return services.report_update(
        report=report, actor=province.staff, title=report.title, **NARRATIVE
    )


@pytest.fixture
def rendered(report, province, django_capture_on_commit_callbacks) -> ReportRender:
    with django_capture_on_commit_callbacks(execute=True):
        render = services.report_render_request(report=report, actor=province.staff)
    render.refresh_from_db()
    return render


def test_staff_edit_the_narrative_and_each_edit_is_audited(report, province):
    assert report.highlights.startswith("Nhiều điển hình")
    assert AuditEvent.objects.filter(action="reports.report.edited", target_id=str(report.pk))


def test_unit_staff_may_not_write_a_report(province, unit_a):
    staff = make_user(Role.UNIT_STAFF, unit=unit_a)
    with pytest.raises(PermissionDenied):
        services.report_get_or_create(year=2022, actor=staff)


def test_rendering_runs_after_commit_and_stores_both_files_under_stable_names(rendered):
    assert rendered.status == ReportRender.Status.DONE
    assert (rendered.progress, rendered.attempts) == (100, 1)
    assert rendered.pdf.name == "reports/2022/bao-cao-tong-ket-2022-001.pdf"
    assert rendered.xlsx.name == "reports/2022/bao-cao-tong-ket-2022-001.xlsx"
    assert rendered.figures["provincial"] == 5
    assert rendered.figures["central"] == 3


def test_the_pdf_is_a4_portrait_with_cover_contents_and_page_numbers(rendered):
    data = rendered.pdf.open("rb").read()
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    )
    assert rendered.page_count == len(reader.pages) >= 4
    text = pdf_text(data)
    flat = re.sub(r"\s+", " ", text)
    assert "BÁO CÁO TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2022" in flat
    assert "MỤC LỤC" in text
    assert "MẪU – DỮ LIỆU MINH HỌA" in text
    pages = text.split("\f")
    # Page numbers at the foot of every page but the cover.
    assert pages[1].strip().splitlines()[-1].strip() == "2"
    assert "Nhiều điển hình tiên tiến được phát hiện và nhân rộng." in text


def test_the_pdf_states_the_figures_the_statistics_page_shows(rendered, client, province):
    text = pdf_text(rendered.pdf.open("rb").read())
    flat = re.sub(r"\s+", " ", text)
    assert (
        "Năm 2022, toàn tỉnh có 3 tập thể, cá nhân được Chủ tịch nước, Thủ tướng Chính phủ khen "
        "thưởng; 5 tập thể, cá nhân được Chủ tịch Ủy ban nhân dân tỉnh khen thưởng." in flat
    )
    client.force_login(province.staff)
    page = client.get("/thong-ke/2022/").content.decode()
    shown = re.findall(r'data-key="([^"]+)">([^<]*)<', page)
    assert len(shown) > 100
    lines = text.splitlines()
    stats = year_statistics(2022)
    for table in stats.tables:
        for row in table.rows:
            for i, value in enumerate(row.values):
                if value is None:
                    continue
                key = f"{table.key}:{row.key}:{i}"
                assert (key, vn_number(value)) in shown
            numbers = [vn_number(v) for v in row.values if v is not None]
            if numbers:
                assert _row_in(lines, row.label, numbers), (table.key, row.label)


def _row_in(lines: list[str], label: str, numbers: list[str]) -> bool:
    """Some line of the PDF starts with the start of ``label`` and carries
    ``numbers`` in order (pdftotext -layout keeps a table row on one line)."""
    head = label[:18]
    for line in lines:
        if head in line:
            found = re.findall(r"(?<![\d.])\d{1,3}(?:\.\d{3})*(?![\d.])", line.split(head, 1)[1])
            if found[-len(numbers) :] == numbers:
                return True
    return False


def test_every_number_in_the_workbook_is_the_pdfs(rendered):
    text = pdf_text(rendered.pdf.open("rb").read())
    lines = text.splitlines()
    wb = load_workbook(rendered.xlsx.open("rb"))
    checked = 0
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        if header[0] != HEADER_LABEL:
            continue
        for row in ws.iter_rows(min_row=2, values_only=True):
            if not row or row[0] is None or not any(isinstance(v, int) for v in row[1:]):
                continue
            numbers = [vn_number(v) for v in row[1:] if isinstance(v, int)]
            assert _row_in(lines, row[0].strip(), numbers), (ws.title, row)
            checked += len(numbers)
    assert checked > 150
    summary = wb["Tổng hợp"]
    assert [c.value for c in summary[2]][1:] == [3, 0]
    assert [c.value for c in summary[3]][1:] == [5, 2]


def test_a_finished_render_is_not_rendered_again(rendered):
    before = rendered.pdf.open("rb").read()
    assert services.report_render_run(render_id=rendered.pk) is None
    rendered.refresh_from_db()
    assert rendered.attempts == 1
    assert rendered.pdf.open("rb").read() == before


def test_only_one_render_at_a_time(report, province):
    services.report_render_request(report=report, actor=province.staff)
    with pytest.raises(ValidationError):
        services.report_render_request(report=report, actor=province.staff)


def test_a_failing_render_is_retried_then_marked_failed(report, province):
    # A character the report font cannot draw makes WeasyPrint's guard refuse it.
    services.report_update(
        report=report, actor=province.staff, title=report.title, highlights="Biểu tượng 🏆"
    )
    render = services.report_render_request(report=report, actor=province.staff)
    for attempt in (1, 2, 3):
        with pytest.raises(ValueError):
            services.report_render_run(render_id=render.pk)
        render.refresh_from_db()
        assert render.attempts == attempt
    assert render.status == ReportRender.Status.FAILED
    assert "🏆" in render.error or "U+1F3C6" in render.error
    assert services.report_render_run(render_id=render.pk) is None
    # A new request is possible once the failed one is over.
    assert services.report_render_request(report=report, actor=province.staff).number == 2
