"""Each demo role signs in through Chromium and lands on its own home page."""

import pytest

from tests.conftest import PHONE, browser_login, screenshot
from tests.factories import Role, UnitFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED = {
    Role.PROVINCIAL_STAFF: "Tổng quan năm",
    Role.UNIT_STAFF: "Đơn vị của tôi",
    Role.COUNCIL_MEMBER: "Phiếu của bạn không ai xem được",
    Role.COUNCIL_SECRETARY: "Với vai trò thư ký",
    Role.ADMINISTRATOR: "Quản trị hệ thống",
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_signs_in_and_sees_its_home_page_in_vietnamese(new_page, role):
    unit = UnitFactory(code="so-giao-duc", name="Sở Giáo dục và Đào tạo")
    make_user(role, unit=unit, username=f"demo-{role}", full_name="Nguyễn Văn Ánh")
    page = new_page()
    browser_login(page, f"demo-{role}")
    assert page.url.endswith("/")
    assert "2.0" not in page.inner_text("main")  # years are never grouped like numbers
    assert "Xin chào, Nguyễn Văn Ánh" in page.inner_text("h1")
    assert EXPECTED[role] in page.inner_text("main")
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, f"home-{role}")


def test_home_page_fits_a_phone_screen(new_page):
    make_user(Role.PROVINCIAL_STAFF, username="tdkt-phone")
    page = new_page(viewport=PHONE)
    browser_login(page, "tdkt-phone")
    # Nothing wider than the viewport: no horizontal scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Cụm, khối thi đua").wait_for(state="visible")
    page.wait_for_timeout(400)  # let the collapse animation finish for the screenshot
    screenshot(page, "home-phone")


def test_wrong_password_shows_a_vietnamese_message_and_keeps_the_username(new_page):
    make_user(Role.UNIT_STAFF, username="canbo")
    page = new_page()
    browser_login(page, "canbo", password="sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.inner_text("main")
    assert page.get_by_label("Tên đăng nhập").input_value() == "canbo"
