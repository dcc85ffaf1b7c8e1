"""Pages through URLs: who sees what, what the pages show, and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from awards.models import Nomination, NominationStatus
from awards.reports import services
from awards.reports.models import ReportRender
from awards.reports.views import LOOKUP_RATE
from tests.awards.factories import NominationFactory, PersonFactory
from tests.factories import Role, UnitFactory, make_user

from .factories import add_entry, make_decision


@pytest.fixture
def unit_staff(province):
    return make_user(Role.UNIT_STAFF, unit=province.a, username="canbo-so-a")


# Statistics and dashboards --------------------------------------------------------------


def test_provincial_staff_see_the_year_statistics_with_the_previous_year(client, province):
    client.force_login(province.staff)
    response = client.get("/thong-ke/2022/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="central">3<' in page
    assert 'data-figure="provincial">5<' in page
    assert "Năm 2021: 2" in page
    assert "<svg" in page and "Khen thưởng theo cấp khen thưởng" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("unit_staff", 403), ("council_member", 200), ("outsider", 403), ("administrator", 200)],
)
def test_statistics_access_by_persona(client, province, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/thong-ke/2022/").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in_for_statistics(client, province):
    response = client.get("/thong-ke/2022/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_statistics_page_keeps_its_query_count_as_data_grows(
    client, province, django_assert_max_num_queries
):
    client.force_login(province.staff)
    client.get("/thong-ke/2022/")  # warm the session and role caches
    with django_assert_max_num_queries(30) as small:
        client.get("/thong-ke/2022/")
    d = make_decision(dt.date(2022, 11, 1))
    for _ in range(15):
        unit = UnitFactory()
        add_entry(d, PersonFactory(unit=unit), "bang_khen_tinh", proposing_unit=unit)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/thong-ke/2022/")
    assert 'data-figure="provincial">20<' in response.content.decode()


def test_dashboard_shows_pipeline_counts_and_overdue_verifications(client, province):
    NominationFactory(
        proposing_unit=province.a,
        status=NominationStatus.SUBMITTED,
        title="Hồ sơ quá hạn thẩm định",
        verification_due=dt.date(2022, 1, 10),
    )
    NominationFactory(
        proposing_unit=province.a,
        status=NominationStatus.SUBMITTED,
        verification_due=dt.date(2099, 1, 10),
    )
    client.force_login(province.staff)
    page = client.get("/tong-quan/?nam=2022").content.decode()
    assert "Hồ sơ quá hạn thẩm định" in page
    # 2 submitted + the 12 dossiers the decisions were built from
    submitted = Nomination.objects.filter(award_year=2022, status="submitted").count()
    assert submitted == 2
    assert "chart-pipeline" in page and "chart-levels" in page


def test_unit_staff_get_their_own_unit_dashboard(client, province, unit_staff):
    NominationFactory(proposing_unit=province.b, status=NominationStatus.SUBMITTED)
    client.force_login(unit_staff)
    response = client.get("/tong-quan/?nam=2022")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sở Văn hóa minh họa" in page
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in page
    assert "Cờ thi đua của Chính phủ" in page
    assert "hạng 1/2" in page
    # B's dossier is not A's business.
    assert "Huyện Bình Minh" not in page


# Year-end report pages ------------------------------------------------------------------------


def test_staff_open_a_year_edit_the_narrative_and_keep_what_they_typed_on_error(client, province):
    client.force_login(province.staff)
    response = client.post("/bao-cao/", {"year": 2022})
    assert response.status_code == 302 and response["Location"] == "/bao-cao/2022/"
    bad = client.post("/bao-cao/2022/", {"title": "", "overview": "Đoạn mở đầu đã gõ"})
    assert bad.status_code == 200
    assert "Đoạn mở đầu đã gõ" in bad.content.decode()
    good = client.post(
        "/bao-cao/2022/", {"title": "Báo cáo tổng kết năm 2022", "overview": "Đánh giá chung."}
    )
    assert good.status_code == 302
    assert client.get("/bao-cao/2022/").content.decode().count("Đánh giá chung.") >= 1


def test_council_members_read_reports_but_cannot_change_or_render_them(
    client, province, council_member
):
    services.report_get_or_create(year=2022, actor=province.staff)
    client.force_login(council_member)
    assert client.get("/bao-cao/2022/").status_code == 200
    assert client.post("/bao-cao/2022/", {"title": "X"}).status_code == 403
    assert client.post("/bao-cao/2022/ket-xuat/").status_code == 403
    assert client.post("/bao-cao/", {"year": 2023}).status_code == 403


def test_render_is_post_only_and_its_progress_fragment_polls_until_done(client, province):
    report = services.report_get_or_create(year=2022, actor=province.staff)
    client.force_login(province.staff)
    assert client.get("/bao-cao/2022/ket-xuat/").status_code == 405
    # Without running on-commit callbacks the job stays pending.
    client.post("/bao-cao/2022/ket-xuat/")
    job = ReportRender.objects.get(report=report)
    fragment = client.get(f"/bao-cao/ket-xuat/{job.pk}/trang-thai/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "Đang chờ xử lý" in fragment
    assert client.get(f"/bao-cao/ket-xuat/{job.pk}/tai-ve.pdf").status_code == 404
    services.report_render_run(render_id=job.pk)
    fragment = client.get(f"/bao-cao/ket-xuat/{job.pk}/trang-thai/").content.decode()
    assert "hx-trigger" not in fragment and "Tải PDF" in fragment
    pdf = client.get(f"/bao-cao/ket-xuat/{job.pk}/tai-ve.pdf")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert 'filename="bao-cao-tong-ket-2022-lan-1.pdf"' in pdf["Content-Disposition"]
    xlsx = client.get(f"/bao-cao/ket-xuat/{job.pk}/tai-ve.xlsx")
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"
    assert client.get(f"/bao-cao/ket-xuat/{job.pk}/tai-ve.exe").status_code == 404


# Public pages ----------------------------------------------------------------------------------

PRIVATE = ["019876543210", "02/04/1985", "1985-04-02", "Phạm Thị Dung", "Hoàng Văn Em"]


def test_public_pages_work_without_signing_in(client, province):
    for url in [
        "/cong-khai/",
        "/cong-khai/quyet-dinh/",
        f"/cong-khai/quyet-dinh/{province.d1.uid}/",
        "/cong-khai/dien-hinh/?nam=2022",
        "/cong-khai/tra-cuu/?q=nguyen thi anh",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for secret in PRIVATE:
            assert secret not in page, (url, secret)


def test_public_decisions_list_only_issued_decisions_and_their_standing_entries(client, province):
    page = client.get("/cong-khai/quyet-dinh/").content.decode()
    assert province.d1.number in page
    assert "Dự thảo" not in page
    detail = client.get(f"/cong-khai/quyet-dinh/{province.d1.uid}/").content.decode()
    assert "Nguyễn Thị Ánh" in detail and "Giáo viên, Trường THCS Ánh Sáng" in detail
    assert "Hộ gia đình Đinh Văn Giáp" in detail
    assert "Phạm Thị Dung" not in detail  # revoked entry


def test_drafts_and_revoked_decisions_are_not_public(client, province):
    from awards.decisions.models import Decision

    for decision in Decision.objects.exclude(status="issued"):
        assert client.get(f"/cong-khai/quyet-dinh/{decision.uid}/").status_code == 404


def test_honour_roll_lists_high_titles_and_orders_of_the_year(client, province):
    page = client.get("/cong-khai/dien-hinh/?nam=2022").content.decode()
    assert "Cờ thi đua của Ủy ban nhân dân tỉnh" in page
    assert "Cờ thi đua của Chính phủ" in page
    assert "Huân chương Lao động hạng Ba" in page
    assert "Bằng khen của Chủ tịch" not in page  # a form, not an honour-roll title


def test_lookup_is_accent_insensitive_and_shows_only_published_awards(client, province):
    page = client.get("/cong-khai/tra-cuu/", {"q": "NGUYEN thi anh"}).content.decode()
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in page
    assert "Bằng khen của Thủ tướng Chính phủ" in page
    assert "2 kết quả" in page
    # Not accepted centrally, revoked decision, draft: nothing to show.
    assert "0 kết quả" in client.get("/cong-khai/tra-cuu/", {"q": "hoang van em"}).content.decode()
    assert "0 kết quả" in client.get("/cong-khai/tra-cuu/", {"q": "pham thi dung"}).content.decode()
    short = client.get("/cong-khai/tra-cuu/", {"q": "ng"}).content.decode()
    assert "Nhập ít nhất 3 ký tự." in short


def test_lookup_is_rate_limited_per_address(client, province):
    cache.clear()
    for _ in range(LOOKUP_RATE):
        assert client.get("/cong-khai/tra-cuu/", {"q": "tran van binh"}).status_code == 200
    response = client.get("/cong-khai/tra-cuu/", {"q": "tran van binh"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    other = client.get("/cong-khai/tra-cuu/", {"q": "tran van binh"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_public_lists_keep_their_query_count(client, province, django_assert_max_num_queries):
    with django_assert_max_num_queries(6) as small:
        client.get("/cong-khai/quyet-dinh/")
    for n in range(10):
        d = make_decision(dt.date(2022, 12, 1 + n))
        add_entry(d, PersonFactory(), "cstd_tinh", proposing_unit=province.a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/cong-khai/quyet-dinh/")
    with django_assert_max_num_queries(6):
        client.get("/cong-khai/dien-hinh/?nam=2022")
    with django_assert_max_num_queries(6):
        client.get(f"/cong-khai/quyet-dinh/{province.d1.uid}/")
