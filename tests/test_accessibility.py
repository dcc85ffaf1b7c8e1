"""WCAG 2.1 AA (axe-core in Chromium) across every app's main pages, on the full
demo data, at phone width for the people who use them: provincial staff, a unit,
a council member and the public. Pages must also never scroll sideways."""

import pytest
from django.core.management import call_command

from tests.conftest import PHONE, assert_accessible, browser_login
from units import demo as units_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _paths_for_provincial_staff() -> list[str]:
    from awards.decisions.models import CouncilSession, Decision
    from awards.models import Nomination, Person

    nomination = Nomination.objects.order_by("pk").first()
    decision = Decision.objects.order_by("pk").first()
    session = CouncilSession.objects.order_by("pk").first()
    person = Person.objects.order_by("pk").first()
    return [
        "/",
        "/phong-trao/",
        "/phong-trao/thi-dua-yeu-nuoc-2022/",
        "/bang-diem/",
        "/cham-diem/",
        "/xep-hang/",
        "/xep-hang/khoi-kinh-te/2022/",
        "/ho-so/",
        f"/ho-so/{nomination.uid}/",
        "/ho-so/them/",
        "/de-nghi/",
        "/ca-nhan/",
        f"/ca-nhan/{person.pk}/",
        "/danh-muc/",
        "/danh-muc/cstd_cs/",
        "/hoi-dong/",
        f"/phien-hop/{session.uid}/",
        "/quyet-dinh/",
        f"/quyet-dinh/{decision.uid}/",
        "/tien-thuong/",
        "/trinh-trung-uong/",
        "/tong-quan/",
        "/thong-ke/",
        "/bao-cao/",
    ]


def _sweep(page, paths) -> None:
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert_accessible(page)


def test_every_app_is_accessible_on_a_phone(new_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    staff = new_page(viewport=PHONE)
    browser_login(staff, "canbo.tdkt", units_demo.DEMO_PASSWORD)
    _sweep(staff, _paths_for_provincial_staff())

    unit = new_page(viewport=PHONE)
    browser_login(unit, "canbo.sogddt", units_demo.DEMO_PASSWORD)
    _sweep(unit, ["/", "/ho-so/", "/xep-hang/cua-toi/", "/tong-quan/", "/cham-diem/"])

    member = new_page(viewport=PHONE)
    browser_login(member, "hoidong.uyvien", units_demo.DEMO_PASSWORD)
    _sweep(member, ["/", "/hoi-dong/"])

    public = new_page(viewport=PHONE)
    _sweep(
        public, ["/cong-khai/", "/cong-khai/quyet-dinh/", "/cong-khai/tra-cuu/?q=nguyen+van+anh"]
    )
