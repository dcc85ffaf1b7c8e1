"""Browser journey: the secretary opens a session, three members vote on their
phones, the session closes, staff draft, edit and issue the decision and download
its PDF (screenshots and a PNG of the PDF kept in tests/artifacts/)."""

import subprocess

import pytest

from awards.decisions.models import Decision, DecisionEntry
from tests.conftest import ARTIFACTS, PHONE, browser_login, screenshot

from .factories import make_council, members, verified_items

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_session_vote_on_phones_close_and_issue_the_decision(new_page, catalogue, provincial):
    council = make_council(4, standing=4)
    seats = members(council)
    secretary = seats[3].user
    people = verified_items("bang_khen_tinh", 2)
    verified_items("bang_khen_tinh", 1, kind="collective", unit=people[0].nomination.proposing_unit)

    # The secretary prepares the session and opens the vote.
    desk = new_page()
    browser_login(desk, secretary.username)
    desk.goto("/hoi-dong/")
    desk.get_by_role("link", name="Tạo phiên họp").click()
    desk.get_by_label("Thành phần").select_option("standing_committee")
    desk.get_by_label("Tên phiên họp").fill("Phiên họp Thường trực xét Bằng khen năm 2022")
    desk.get_by_label("Năm khen thưởng").fill("2022")
    desk.get_by_label("Ngày họp").fill("2023-01-10")
    desk.get_by_role("button", name="Tạo phiên họp").click()
    assert "Lập chương trình" in desk.inner_text("h1")
    desk.get_by_role("button", name="Đưa vào chương trình").click()
    assert "Đã đưa 3 trường hợp vào chương trình" in desk.inner_text("main")
    desk.get_by_role("link", name="Mở bỏ phiếu").click()
    for box in desk.get_by_role("checkbox").all():
        box.check()
    desk.get_by_role("button", name="Mở bỏ phiếu").click()
    assert desk.inner_text("#session-status") == "Đang bỏ phiếu"
    screenshot(desk, "decisions-1-session-open")

    # Three members vote on their phones.
    ballots = [
        ("Đồng ý", "Đồng ý", "Đồng ý"),
        ("Đồng ý", "Không đồng ý", "Đồng ý"),
        ("Không biểu quyết", "Đồng ý", "Đồng ý"),
    ]
    for n, (seat, ballot) in enumerate(zip(seats[:3], ballots, strict=True)):
        phone = new_page(viewport=PHONE)
        browser_login(phone, seat.user.username)
        assert "Đang chờ phiếu của bạn" in phone.inner_text("main")
        phone.get_by_role("link", name="Bỏ phiếu").first.click()
        for fieldset, choice in zip(
            phone.locator("fieldset.ballot-item").all(), ballot, strict=True
        ):
            fieldset.get_by_text(choice, exact=True).click()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if n == 0:
            screenshot(phone, "decisions-2-ballot-phone")
        phone.get_by_role("button", name="Gửi phiếu").click()
        assert "Phiếu của bạn đã được ghi nhận" in phone.inner_text("main")
        if n == 0:
            screenshot(phone, "decisions-3-ballot-sent-phone")
        phone.context.close()

    # The secretary closes the vote: outcomes appear, never who chose what.
    desk.reload()
    assert "Đã nhận 3/4 phiếu" in desk.inner_text("main")
    desk.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
    assert desk.inner_text("#session-status") == "Đã kết thúc"
    assert desk.get_by_text("Được thông qua").count() == 3
    screenshot(desk, "decisions-4-session-closed")
    session_url = desk.url

    # Provincial staff draft, edit and issue the decision, then download its PDF.
    staff = new_page()
    browser_login(staff, provincial.username)
    staff.goto(session_url)
    staff.get_by_role("button", name="Lập dự thảo quyết định (3 trường hợp)").click()
    assert "Dự thảo quyết định" in staff.inner_text("h1")
    staff.get_by_role("link", name="Sửa dự thảo").click()
    staff.get_by_label("Số quyết định").fill("45/QĐ-UBND")
    staff.get_by_label("Ngày quyết định").fill("2023-01-20")
    staff.get_by_label("Người ký").fill("Vũ Đình Khải")
    staff.get_by_role("button", name="Lưu dự thảo").click()
    staff.get_by_role("link", name="Sửa", exact=True).first.click()
    staff.get_by_label("Chức vụ, đơn vị").fill("Giám đốc Bệnh viện Đa khoa (minh họa)")
    staff.get_by_role("button", name="Lưu", exact=True).click()
    assert "Giám đốc Bệnh viện Đa khoa (minh họa)" in staff.inner_text("main")
    staff.get_by_role("button", name="Ban hành quyết định").click()
    assert "Đã ban hành Quyết định số 45/QĐ-UBND" in staff.inner_text("main")
    assert staff.inner_text("#decision-status") == "Đã ban hành"
    screenshot(staff, "decisions-5-decision-issued")
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Tải quyết định (PDF)").click()
    pdf = ARTIFACTS / "decisions-decision.pdf"
    download.value.save_as(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "decisions-decision-pdf")],
        check=True,
    )
    decision = Decision.objects.get()
    assert decision.number == "45/QĐ-UBND"
    assert sorted(DecisionEntry.objects.values_list("registry_no", flat=True)) == [1, 2, 3]
    assert sorted(DecisionEntry.objects.values_list("prize_amount", flat=True)) == [
        1_490_000,
        1_490_000,
        2_980_000,
    ]
    assert pdf.read_bytes().startswith(b"%PDF")
