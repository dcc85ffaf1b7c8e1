"""Browser journey: unit staff enter a dossier with three nominees, see one
flagged ineligible, fix it and submit; provincial staff return it with a reason;
the unit sends it again; provincial staff verify it."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from awards.models import Nomination, NominationEvent
from tests.awards.factories import PersonFactory, rating, record
from tests.conftest import PHONE, browser_login, screenshot
from tests.factories import Role, UnitFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    unit = UnitFactory(code="so-giao-duc", name="Sở Giáo dục và Đào tạo")
    make_user(Role.UNIT_STAFF, unit=unit, username="canbo.so", full_name="Hoàng Thị Mai")
    make_user(
        Role.PROVINCIAL_STAFF,
        unit=UnitFactory(code="so-noi-vu", name="Sở Nội vụ"),
        username="canbo.tinh",
        full_name="Nguyễn Thị Hồng Nhung",
    )
    anh = PersonFactory(
        unit=unit,
        full_name="Nguyễn Văn Ánh",
        position="Chuyên viên",
        birth_date=dt.date(1980, 3, 12),
    )
    rating(anh, 2024, "good")
    bich = PersonFactory(
        unit=unit,
        full_name="Trần Thị Bích",
        position="Trưởng phòng",
        birth_date=dt.date(1978, 6, 1),
    )
    rating(bich, 2024, "excellent")
    record(bich, "ldtt", 2024)
    cuong = PersonFactory(
        unit=unit, full_name="Lê Văn Cường", position="Chuyên viên", birth_date=dt.date(1990, 2, 2)
    )
    rating(cuong, 2024, "good")
    return unit


HTMX_SETTLED = """() => {
    const preview = document.querySelector('[hx-target="#item-preview"]');
    // htmx has bound the live-check trigger of the (possibly swapped-in) form
    // and no request is in flight.
    return window.htmx && preview && preview['htmx-internal-data']
        && !document.querySelector('.htmx-request');
}"""


def add_nominee(page, query, option_text, award, achievement):
    page.wait_for_function(HTMX_SETTLED)
    with page.expect_response(lambda r: "/de-nghi/tra-cuu/" in r.url):
        page.get_by_label("Tìm cá nhân (gõ có dấu hoặc không dấu)").fill(query)
    person = page.locator("#id_person")
    # Accent-insensitive: the typed query has no diacritics, only the match is left.
    expect(person.locator("option")).to_have_count(2)
    person.select_option(label=person.locator("option", has_text=option_text).first.inner_text())
    page.get_by_label("Danh hiệu, hình thức đề nghị").select_option(label=award)
    page.get_by_label("Tóm tắt thành tích").fill(achievement)
    page.get_by_label("Tóm tắt thành tích").blur()  # a person leaving the field fires "change"
    page.locator("#item-preview .alert").wait_for(timeout=30_000)
    preview = page.inner_text("#item-preview")
    page.get_by_role("button", name="Thêm vào hồ sơ").click()
    page.locator("#items-block tr", has_text=option_text).wait_for()
    page.wait_for_function(HTMX_SETTLED)
    return preview


def test_unit_enters_fixes_and_submits_then_province_returns_and_verifies(world, new_page):
    page = new_page()
    browser_login(page, "canbo.so")
    page.get_by_role("button", name="Khen thưởng").click()
    page.get_by_role("link", name="Hồ sơ khen thưởng").first.click()
    page.get_by_role("link", name="Lập hồ sơ").click()
    page.get_by_label("Trích yếu").fill("Đề nghị khen thưởng tổng kết năm 2024")
    page.get_by_label("Năm khen thưởng").select_option("2024")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.get_by_role("heading", name="Đề nghị khen thưởng tổng kết năm 2024").wait_for()
    page.wait_for_load_state("networkidle")

    preview = add_nominee(
        page,
        "nguyen van anh",
        "Nguyễn Văn Ánh",
        "Lao động tiên tiến",
        "Hoàn thành tốt nhiệm vụ được giao",
    )
    assert "Đủ điều kiện" in preview
    add_nominee(
        page,
        "tran thi bich",
        "Trần Thị Bích",
        "Chiến sĩ thi đua cơ sở",
        "Hoàn thành xuất sắc nhiệm vụ năm 2024",
    )
    preview = add_nominee(
        page,
        "le van cuong",
        "Lê Văn Cường",
        "Chiến sĩ thi đua cơ sở",
        "Tham gia tích cực phong trào thi đua",
    )
    assert "Không đủ điều kiện" in preview
    row = page.locator("#items-block tr", has_text="Lê Văn Cường")
    assert "Không đủ điều kiện" in row.inner_text()
    assert "Thiếu danh hiệu Lao động tiên tiến năm 2024" in row.inner_text()
    screenshot(page, "awards-1-entry-one-ineligible")

    # Fix: propose Advanced Worker instead.
    row.get_by_role("link", name="Sửa").click()
    page.get_by_label("Danh hiệu, hình thức đề nghị").select_option(label="Lao động tiên tiến")
    page.locator("#item-preview .alert-success").wait_for()
    page.get_by_role("button", name="Lưu").click()
    row = page.locator("#items-block tr", has_text="Lê Văn Cường")
    assert "Đủ điều kiện" in row.inner_text()

    for kind in (
        "Tờ trình đề nghị khen thưởng",
        "Báo cáo thành tích",
        "Biên bản bình xét, họp xét khen thưởng",
        "Xác nhận sáng kiến, đề tài, xếp loại",
    ):
        page.get_by_label("Loại tài liệu").select_option(label=kind)
        page.get_by_label("Tệp").set_input_files(
            {"name": "tai-lieu.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.get_by_role("button", name="Tải lên").click()
        page.get_by_text("Đã tải lên tài liệu.").wait_for()
    page.get_by_role("button", name="Gửi hồ sơ").click()
    page.get_by_text("Đã gửi, chờ thẩm định").first.wait_for()
    assert "Còn 20 ngày làm việc" in page.inner_text("main")
    screenshot(page, "awards-2-submitted")
    url = page.url

    # The province returns it with a reason (an empty reason is refused).
    staff = new_page()
    browser_login(staff, "canbo.tinh")
    staff.goto(url)
    staff.locator("summary", has_text="Trả lại để bổ sung").click()
    staff.get_by_role("button", name="Xác nhận").first.click()
    assert "Nhập lý do trả lại hồ sơ." in staff.inner_text("main")
    # The form stays open with the message next to the field.
    staff.locator("#id_reason").fill("Bổ sung biên bản họp có chữ ký của Chủ tịch Hội đồng.")
    staff.get_by_role("button", name="Xác nhận").first.click()
    staff.get_by_text("Bị trả lại, cần bổ sung").first.wait_for()
    screenshot(staff, "awards-3-returned")

    # The unit reads the reason and sends the dossier again.
    page.goto(url)
    assert "Bổ sung biên bản họp có chữ ký" in page.inner_text("main")
    page.get_by_role("button", name="Gửi lại hồ sơ").click()
    page.get_by_text("Đã gửi lại, chờ thẩm định").first.wait_for()

    # The province verifies every nominee.
    staff.goto(url)
    staff.get_by_role("link", name="Thẩm định").click()
    staff.get_by_role("button", name="Ghi nhận kết quả thẩm định").click()
    staff.get_by_text("Đã ghi nhận kết quả thẩm định.").wait_for()
    assert "Đã thẩm định" in staff.inner_text("main")
    screenshot(staff, "awards-4-verified")

    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.VERIFIED
    assert set(nomination.items.values_list("verification", flat=True)) == {"passed"}
    assert list(
        NominationEvent.objects.filter(nomination=nomination).values_list("action", flat=True)
    ) == ["created", "submit", "return", "resubmit", "verify"]

    phone = new_page(viewport=PHONE)
    browser_login(phone, "canbo.tinh")
    phone.goto(url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "awards-5-phone")
