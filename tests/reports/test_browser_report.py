"""The year-end report in Chromium on the demo data, rendered by a real Celery
worker: provincial staff read the 2021 statistics (143 and 2,655), edit the
narrative, render, watch the progress, download the PDF and the workbook
(PDF pages saved as PNGs to look at); then a visitor uses the public pages on
a phone without signing in."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.conftest import ARTIFACTS, PHONE, browser_login, screenshot
from units.demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
]

ADDED = "Toàn tỉnh đã khen thưởng kịp thời lực lượng tuyến đầu chống dịch."


@pytest.fixture
def shared_media(tmp_path, settings, monkeypatch):
    """One media folder for the live server and the worker process."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    return media


def test_staff_edit_render_watch_progress_and_download_the_2021_report(
    catalogue, shared_media, celery_worker_process, new_page
):
    call_command("load_demo", verbosity=0)
    page = new_page()
    browser_login(page, "canbo.tdkt", DEMO_PASSWORD)

    # The statistics page states the province's two figures.
    page.goto("/thong-ke/2021/")
    assert page.locator("[data-figure=central]").inner_text() == "143"
    assert page.locator("[data-figure=provincial]").inner_text() == "2.655"
    screenshot(page, "reports-1-statistics-2021")

    # Edit the narrative.
    page.goto("/bao-cao/")
    page.get_by_role("link", name="Báo cáo tổng kết công tác thi đua, khen thưởng năm 2021").click()
    highlights = page.get_by_label("Những kết quả nổi bật")
    highlights.fill(highlights.input_value() + "\n" + ADDED)
    page.get_by_role("button", name="Lưu nội dung").click()
    assert "Đã lưu nội dung báo cáo." in page.inner_text("main")

    # Render and watch the progress fragment until the worker is done.
    page.get_by_role("button", name="Kết xuất báo cáo").click()
    job = page.locator("li[id^=render-]").first
    assert re.search("Đang chờ xử lý|Đang kết xuất|Hoàn thành", job.inner_text())
    screenshot(page, "reports-2-rendering")
    page.get_by_role("link", name="Tải PDF").wait_for(timeout=120_000)
    screenshot(page, "reports-3-rendered")

    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Tải PDF").click()
    pdf_path = ARTIFACTS / "reports-bao-cao-2021.pdf"
    pdf_info.value.save_as(pdf_path)
    with page.expect_download() as xlsx_info:
        page.get_by_role("link", name="Tải Excel").click()
    xlsx_path = ARTIFACTS / "reports-bao-cao-2021.xlsx"
    xlsx_info.value.save_as(xlsx_path)

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, check=True
    ).stdout.decode()
    flat = re.sub(r"\s+", " ", text)
    assert "toàn tỉnh có 143 tập thể, cá nhân được Chủ tịch nước, Thủ tướng Chính phủ" in flat
    assert "2.655 tập thể, cá nhân được Chủ tịch Ủy ban nhân dân tỉnh khen thưởng" in flat
    assert ADDED in flat
    for old in ARTIFACTS.glob("reports-pdf-page-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf_path), str(ARTIFACTS / "reports-pdf-page")],
        check=True,
    )
    assert len(list(ARTIFACTS.glob("reports-pdf-page-*.png"))) >= 6
    summary = load_workbook(xlsx_path)["Tổng hợp"]
    assert [c.value for c in summary[2]][1] == 143
    assert [c.value for c in summary[3]][1] == 2655

    # A visitor on a phone, not signed in, looks up a collective's awards.
    visitor = new_page(viewport=PHONE)
    visitor.goto("/cong-khai/tra-cuu/")
    visitor.get_by_label("Tên tập thể, cá nhân hoặc hộ gia đình").fill("so y te")
    visitor.get_by_role("button", name="Tra cứu").click()
    assert "kết quả" in visitor.inner_text("main")
    assert "Sở Y tế" in visitor.inner_text("main")
    screenshot(visitor, "reports-4-public-lookup-phone")
    visitor.goto("/cong-khai/quyet-dinh/?nam=2021")
    visitor.get_by_role("link", name="86/QĐ-UBND").click()
    assert "Danh sách Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in visitor.inner_text("main")
    screenshot(visitor, "reports-5-public-decision-phone")
