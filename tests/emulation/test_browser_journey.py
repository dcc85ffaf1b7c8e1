"""The yearly cycle in Chromium: a unit self-scores with evidence → the
cluster head assesses (a lowered score needs a reason) → provincial staff
verify and publish → the unit sees its rank, its lost points and its chart."""

import pytest

from emulation.models import ScoringTable, Standing
from tests.conftest import PHONE, browser_login, screenshot
from tests.emulation.factories import build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_unit_self_scores_head_assesses_province_publishes_and_unit_sees_rank_and_chart(
    new_page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    sc = build_scenario()
    # Last year's published result, so the trend chart has two points.
    last_year = ScoringTable.objects.create(cluster=sc.table.cluster, year=2021, status="published")
    Standing.objects.create(
        table=last_year, unit=sc.unit_a, rank=2, total=84, classification="good"
    )
    Standing.objects.create(
        table=last_year, unit=sc.head, rank=1, total=90, classification="excellent"
    )
    sc.open()
    # The other two members are already through every layer.
    sc.run_to_verified(sc.head, {sc.c1: 28, sc.c2: 27, sc.c3: 36})
    sc.run_to_verified(sc.unit_b, {sc.c1: 20, sc.c2: 20, sc.c3: 25})
    evidence = tmp_path / "bao-cao-quy-4.pdf"
    evidence.write_bytes(PDF)

    # 1. The unit enters its self-scores with evidence, then submits.
    page = new_page()
    browser_login(page, "canbo_a")
    page.goto("/cham-diem/?nam=2022")
    page.get_by_role("link", name="Huyện An Bình").click()
    page.get_by_label("Điểm Tiêu chí 1.1").fill("30")
    page.get_by_label("Điểm Tiêu chí 1.2").fill("29,5")
    page.get_by_label("Điểm Tiêu chí 2.1").fill("38")
    page.get_by_label("Tệp minh chứng (PDF, DOCX, XLSX, JPEG, PNG) – Tiêu chí 1.1").set_input_files(
        str(evidence)
    )
    page.get_by_role("button", name="Lưu điểm").click()
    assert "Đã lưu điểm" in page.inner_text("main")
    assert "bao-cao-quy-4.pdf" in page.inner_text("main")
    page.get_by_role("button", name="Nộp kết quả tự chấm").click()
    assert "Đã nộp tự chấm" in page.get_by_test_id("sheet-status").inner_text()
    screenshot(page, "emulation-1-self-submitted")

    # 2. The cluster head lowers one score; without a reason it is refused
    #    and what was typed stays; with a reason it is saved.
    page = new_page()
    browser_login(page, "cumtruong")
    page.goto(f"/cham-diem/{sc.table.cluster.code}/2022/don-vi-a/")
    page.get_by_label("Điểm Tiêu chí 2.1").fill("33")
    page.get_by_role("button", name="Lưu điểm").click()
    assert "Nhập lý do vì điểm khác với điểm của bước trước" in page.inner_text("main")
    assert page.get_by_label("Điểm Tiêu chí 2.1").input_value() == "33"
    screenshot(page, "emulation-2-head-reason-required")
    page.get_by_label("Lý do thay đổi / khác điểm bước trước – Tiêu chí 2.1").fill(
        "Thu ngân sách đạt 92% kế hoạch"
    )
    page.get_by_role("button", name="Lưu điểm").click()
    assert "Đã lưu điểm" in page.inner_text("main")
    page.get_by_role("button", name="Hoàn thành chấm của cụm/khối").click()
    assert "Cụm/khối trưởng đã chấm" in page.get_by_test_id("sheet-status").inner_text()

    # 3. Provincial staff verify, then publish the cluster's standings.
    page = new_page()
    browser_login(page, "tinh")
    page.goto(f"/cham-diem/{sc.table.cluster.code}/2022/don-vi-a/")
    assert page.get_by_label("Điểm Tiêu chí 2.1").input_value() == "33"
    page.get_by_role("button", name="Lưu điểm").click()
    page.get_by_role("button", name="Xác nhận điểm thẩm định").click()
    assert "Đã thẩm định" in page.get_by_test_id("sheet-status").inner_text()
    page.goto(f"/xep-hang/{sc.table.cluster.code}/2022/")
    page.get_by_role("button", name="Công bố kết quả").click()
    assert "Đã công bố kết quả" in page.inner_text("main")
    leader = page.locator("tbody tr").first.inner_text()
    assert "Huyện An Bình" in leader and "Cờ thi đua của UBND tỉnh" in leader
    screenshot(page, "emulation-3-standings-published")

    # 4. The unit sees its rank, the lost points with the reason, and its chart.
    page = new_page()
    browser_login(page, "canbo_a")
    page.goto("/xep-hang/cua-toi/")
    assert page.get_by_test_id("own-rank").inner_text() == "1/3"
    main = page.inner_text("main")
    lost = page.locator(".lost-list").inner_text()
    assert "Mất 7 – Tiêu chí 2.1: Thu ngân sách đạt 92% kế hoạch" in lost
    assert "Thu ngân sách đạt 92% kế hoạch" in main  # and in the change trail
    chart = page.locator(".chart-box svg")
    assert "Năm 2021: 84 điểm, hạng 2/2" in chart.locator("desc").text_content()
    assert "Năm 2022: 92,5 điểm, hạng 1/3" in chart.locator("desc").text_content()
    screenshot(page, "emulation-4-unit-standing")

    phone = new_page(viewport=PHONE)
    browser_login(phone, "canbo_a")
    phone.goto("/xep-hang/cua-toi/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "emulation-5-unit-standing-phone")
    phone.goto(f"/xep-hang/{sc.table.cluster.code}/2022/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "emulation-6-standings-phone")
