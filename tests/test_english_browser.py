"""A reader who picks English in the footer gets English pages — headings, form labels,
statuses — at phone width, still accessible (axe-core) and never scrolling sideways."""

import pytest
from django.core.management import call_command

from tests.conftest import PHONE, assert_accessible, browser_login, screenshot
from units import demo as units_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_switches_to_english_in_the_footer(new_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = new_page(viewport=PHONE)
    browser_login(page, "canbo.tdkt", units_demo.DEMO_PASSWORD)
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Chọn").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"

    checks = {
        "/ho-so/": ["Nomination dossiers", "Status"],
        "/ho-so/them/": ["Award year", "Nominating unit"],
        "/quyet-dinh/": ["Award decision", "Issued"],
        "/xep-hang/khoi-kinh-te/2022/": ["Standings", "Verified"],
    }
    for path, expected in checks.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        text = page.locator("main").inner_text()
        for phrase in expected:
            assert phrase in text, (path, phrase)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert_accessible(page)
    page.goto("/ho-so/")
    screenshot(page, "english-nominations-phone")
    page.goto("/ho-so/them/")
    screenshot(page, "english-nomination-form-phone")
