"""Each demo role signs in through Chromium and lands on its own home page."""

import pytest

from tests.conftest import PHONE, browser_login, screenshot
from tests.factories import Role, make_user
from units import demo as units_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Demo login → (greeting name, text only that role's home page shows)
EXPECTED = {
    "canbo.tdkt": ("Nguyễn Thị Hồng Nhung", "Tổng quan năm"),
    "canbo.sogddt": ("Hoàng Thị Mai", "Khối văn hóa – xã hội"),
    "canbo.daitu": ("Lê Văn Ánh", "Đơn vị đã kết thúc hoạt động"),  # district abolished 2025
    "hoidong.uyvien": ("Phạm Quốc Bảo", "Phiếu của bạn không ai xem được"),
    "hoidong.thuky": ("Đỗ Thu Trang", "Với vai trò thư ký"),
    "quantri": ("Trần Minh Quân", "Nhật ký đăng nhập"),
}
ONLY_PROVINCIAL = "Việc thường làm"


@pytest.fixture
def demo_units(transactional_db):
    units_demo.load()


@pytest.mark.parametrize("username", list(EXPECTED))
def test_each_demo_role_signs_in_and_sees_its_home_page_in_vietnamese(
    new_page, demo_units, username
):
    name, marker = EXPECTED[username]
    page = new_page()
    browser_login(page, username, units_demo.DEMO_PASSWORD)
    assert page.url.endswith("/")
    main = page.inner_text("main")
    assert f"Xin chào, {name}" in page.inner_text("h1")
    assert marker in main
    assert (ONLY_PROVINCIAL in main) == (username in ("canbo.tdkt", "quantri"))
    assert "2.0" not in main  # years are never grouped like numbers ("2.026")
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, f"home-{username}")


def test_home_page_fits_a_phone_screen(new_page):
    make_user(Role.PROVINCIAL_STAFF, username="tdkt-phone")
    page = new_page(viewport=PHONE)
    browser_login(page, "tdkt-phone")
    # Nothing wider than the viewport: no horizontal scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("button", name="Đơn vị").click()
    page.get_by_role("link", name="Cụm, khối thi đua").wait_for(state="visible")
    page.wait_for_timeout(400)  # let the collapse animation finish for the screenshot
    screenshot(page, "home-phone")


def test_wrong_password_shows_a_vietnamese_message_and_keeps_the_username(new_page):
    make_user(Role.UNIT_STAFF, username="canbo")
    page = new_page()
    browser_login(page, "canbo", password="sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.inner_text("main")
    assert page.get_by_label("Tên đăng nhập").input_value() == "canbo"
