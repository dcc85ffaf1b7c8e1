"""WCAG 2.1 AA checks (axe-core in Chromium) on the foundation's pages, at
desktop and phone widths, plus keyboard-only sign-in."""

import pytest

from tests.conftest import DESKTOP, PHONE, assert_accessible, browser_login, screenshot
from units import demo as units_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/don-vi/",
    "/don-vi/?q=dai+tu",
    "/don-vi/xa-dai-tu/",
    "/don-vi/so-noi-vu/tai-khoan/",
    "/don-vi/them/",
    "/don-vi/sap-xep/",
    "/cum-khoi/?nam=2022",
    "/cum-khoi/khoi-kinh-te/2022/",
    "/thong-bao/",
    "/doi-mat-khau/",
]


@pytest.fixture
def demo_units(transactional_db):
    units_demo.load()


def test_sign_in_page_is_accessible_and_works_from_the_keyboard(new_page, demo_units):
    page = new_page(viewport=PHONE)
    page.goto("/dang-nhap/")
    assert_accessible(page)
    # The username field has focus on arrival; type, Tab, type, Enter.
    page.keyboard.type("canbo.tdkt")
    page.keyboard.press("Tab")
    page.keyboard.type(units_demo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert "Xin chào" in page.inner_text("h1")
    # On every page the first Tab reaches the skip link, which jumps to <main>.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_foundation_pages_pass_wcag_aa_checks(new_page, demo_units, viewport):
    page = new_page(viewport=viewport)
    browser_login(page, "canbo.tdkt", units_demo.DEMO_PASSWORD)
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
        assert_accessible(page)
    screenshot(page, f"a11y-last-{viewport['width']}")
