"""Browser journey on a real worker: staff press "render" for an issued decision, watch
the progress bar complete, download the zip and the merged print file, make and download
the print-on-blank file, and anyone opens the verification page from the QR code on a
phone. Screenshots and PNGs of the PDFs go to tests/artifacts/certificates/."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from awards.certificates.models import Certificate, RenderJob
from tests.awards.certificates.conftest import ARTIFACTS, decode_qr, snapshot_png
from tests.certificates.factories import issued_decision
from tests.conftest import PHONE, assert_accessible, browser_login, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def live_worker(request, live_server, settings):
    """A worker whose QR codes point at the live server, so the scanned URL opens here."""
    settings.VINHDANH_BASE_URL = live_server.url
    return request.getfixturevalue("certificate_worker")


def download(page, link_name: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    info.value.save_as(target)
    return target


def test_staff_render_watch_the_progress_download_both_outputs_and_verify_by_qr(
    new_page, live_worker, provincial, tmp_path
):
    decision = issued_decision(24, names=None)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page = new_page()
    browser_login(page, provincial.username)
    page.goto("/bang-khen/")
    page.get_by_role("button", name=f"In bằng theo Quyết định {decision.number}").click()
    assert "Đã bắt đầu kết xuất bằng" in page.inner_text("main")
    bar = page.get_by_role("progressbar", name="Tiến độ in bằng")
    assert bar.is_visible()
    screenshot(page, "certificates/journey-1-rendering")

    # htmx polls every second; the bar reaches 100 % when the downloads are assembled.
    page.wait_for_selector('[role=progressbar][aria-valuenow="100"]', timeout=90_000)
    assert "Hoàn thành" in page.inner_text("#job-state")
    assert "24/24 bằng" in page.inner_text("#job-state")
    screenshot(page, "certificates/journey-2-done")
    assert_accessible(page)

    zip_path = download(page, "Tải tệp nén các bằng (ZIP)", tmp_path / "bang.zip")
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        assert len(names) == 24
        first = tmp_path / "first.pdf"
        first.write_bytes(archive.read(names[0]))
    print_path = download(page, "Tải tệp in gộp (PDF)", tmp_path / "in.pdf")
    assert len(PdfReader(print_path).pages) == 24

    page.get_by_role("button", name="Tạo tệp in trên phôi").click()
    page.get_by_role("link", name="Tải tệp in trên phôi (PDF)").wait_for(timeout=90_000)
    blank_path = download(page, "Tải tệp in trên phôi (PDF)", tmp_path / "phoi.pdf")
    assert len(PdfReader(blank_path).pages) == 24
    screenshot(page, "certificates/journey-3-blank-ready")

    snapshot_png(first, "journey-certificate", resolution=60)
    snapshot_png(blank_path, "journey-print-on-blank", resolution=60)
    snapshot_png(print_path, "journey-print-page-12", resolution=40, page=12)

    # The calibration page for staff, and its PDF.
    page.goto("/bang-khen/phoi/")
    card = page.get_by_role("region", name="Bằng khen, danh hiệu cấp tỉnh")
    card.get_by_label("Lệch ngang (mm)").fill("2,5")
    card.get_by_label("Lệch dọc (mm)").fill("-1")
    card.get_by_role("button", name="Lưu độ lệch").click()
    assert "Đã lưu độ lệch của phôi" in page.inner_text("main")
    screenshot(page, "certificates/journey-4-calibration")
    assert_accessible(page)
    calibration = download(
        page,
        "Tải trang căn chỉnh (PDF) – Bằng khen, danh hiệu cấp tỉnh",
        tmp_path / "can-chinh.pdf",
    )
    assert (
        "dx = 2,5 mm"
        in subprocess.run(
            ["pdftotext", str(calibration), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    snapshot_png(calibration, "journey-calibration", resolution=60)

    # Anyone scans the QR code on the first certificate: the verification page opens.
    url = decode_qr(first, tmp_path)
    certificate = Certificate.objects.order_by("position").first()
    assert url == f"{live_worker.env['VINHDANH_BASE_URL']}/xac-thuc/{certificate.code}/"
    phone = new_page(PHONE)
    phone.goto(url)
    text = phone.inner_text("main")
    assert "Bằng hợp lệ." in text
    assert certificate.entry.name in text
    assert decision.number in text
    screenshot(phone, "certificates/journey-5-verify-phone")
    assert_accessible(phone)
    assert RenderJob.objects.get(decision=decision).status == "done"
