"""Certificate pages through URLs: who sees and does what, downloads, the progress
fragment, the offsets form, and the public verification page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.certificates import services
from awards.certificates.models import Blank, Certificate, JobStatus
from awards.decisions.models import DecisionStatus
from tests.certificates.factories import issued_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered(provincial, unit_a, django_capture_on_commit_callbacks):
    """A decision of 3 awardees proposed by unit A, rendered."""
    decision = issued_decision(3, unit=unit_a, names=["Lê Văn An", "Trần Thị Bình", "Phạm Hoa"])
    with django_capture_on_commit_callbacks(execute=True):
        job = services.render_job_request(decision=decision, actor=provincial)
    with django_capture_on_commit_callbacks(execute=True):
        services.job_blank_request(job=job, actor=provincial)
    return decision


def personas(request, names):
    return {name: request.getfixturevalue(name) for name in names}


PAGE_ACCESS = [
    # persona, decision page, one certificate, bundles (zip), render (POST), blanks page
    ("provincial", 200, 200, 200, 302, 200),
    ("administrator", 200, 200, 200, 403, 403),
    ("staff_a", 200, 200, 403, 403, 403),
    ("staff_b", 404, 404, 404, 404, 403),
    ("council_member", 404, 404, 404, 404, 404),
    ("outsider", 404, 404, 404, 404, 404),
]


@pytest.mark.parametrize(("persona", "page", "one", "bundle", "post", "blanks"), PAGE_ACCESS)
def test_each_persona_reaches_exactly_what_the_permission_matrix_allows(
    request, client, rendered, persona, page, one, bundle, post, blanks
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    certificate = Certificate.objects.first()
    uid = rendered.uid
    assert client.get(reverse("certificates:decision_detail", args=[uid])).status_code == page
    assert client.get(reverse("certificates:download", args=[certificate.code])).status_code == one
    zip_url = reverse("certificates:job_download", args=[uid, "zip"])
    assert client.get(zip_url).status_code == bundle
    assert client.post(reverse("certificates:job_request", args=[uid])).status_code == post
    assert client.get(reverse("certificates:blank_list")).status_code == blanks


def test_unit_staff_see_only_their_own_units_certificates(
    client, provincial, staff_a, unit_a, unit_b, django_capture_on_commit_callbacks
):
    from tests.certificates.factories import add_entries

    decision = issued_decision(2, unit=unit_a, names=["Lê Văn An", "Trần Thị Bình"])
    add_entries(decision, 1, unit=unit_b, names=["Vũ Văn Khác"])
    with django_capture_on_commit_callbacks(execute=True):
        services.render_job_request(decision=decision, actor=provincial)
    client.force_login(staff_a)
    page = client.get(reverse("certificates:decision_detail", args=[decision.uid]))
    text = page.content.decode()
    assert "Lê Văn An" in text and "Trần Thị Bình" in text
    assert "Vũ Văn Khác" not in text
    other = Certificate.objects.get(entry__name="Vũ Văn Khác")
    assert client.get(reverse("certificates:download", args=[other.code])).status_code == 404


def test_the_render_button_is_post_only(client, provincial, rendered):
    client.force_login(provincial)
    url = reverse("certificates:job_request", args=[rendered.uid])
    assert client.get(url).status_code == 405


def test_staff_download_one_certificate_the_zip_the_print_file_and_the_blank_file(
    client, provincial, rendered
):
    client.force_login(provincial)
    certificate = Certificate.objects.order_by("position").first()
    response = client.get(reverse("certificates:download", args=[certificate.code]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for kind, start in (("zip", b"PK"), ("in", b"%PDF"), ("phoi", b"%PDF")):
        response = client.get(reverse("certificates:job_download", args=[rendered.uid, kind]))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(start)


def test_the_progress_fragment_polls_while_running_and_offers_downloads_when_done(
    client, provincial, unit_a, django_capture_on_commit_callbacks
):
    decision = issued_decision(2, unit=unit_a)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.render_job_request(decision=decision, actor=provincial)
    client.force_login(provincial)
    url = reverse("certificates:job_status", args=[decision.uid])
    running = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert 'aria-valuenow="0"' in running
    for chunk in job.chunks.all():
        with django_capture_on_commit_callbacks(execute=True):
            services.chunk_run(chunk_id=chunk.pk, token=str(chunk.token))
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done
    assert 'aria-valuenow="100"' in done
    assert "Tải tệp nén các bằng (ZIP)" in done
    assert "Tải tệp in gộp (PDF)" in done
    assert "Tạo tệp in trên phôi" in done
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("certificates:job_blank_request", args=[decision.uid]))
    assert response.status_code == 302
    making = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in making
    assert "Đang tạo tệp in trên phôi" in making
    services.job_blank_render(job_id=job.pk)
    ready = client.get(url).content.decode()
    assert "hx-trigger" not in ready
    assert "Tải tệp in trên phôi (PDF)" in ready


def test_a_failed_certificate_is_listed_with_a_retry_button_that_renders_it_again(
    client, provincial, unit_a, django_capture_on_commit_callbacks
):
    from awards.decisions.models import DecisionEntry

    decision = issued_decision(2, unit=unit_a, names=["Lê Văn An", "Trần Thị 𝔅ình"])
    with django_capture_on_commit_callbacks(execute=True):
        services.render_job_request(decision=decision, actor=provincial)
    client.force_login(provincial)
    page = client.get(reverse("certificates:decision_detail", args=[decision.uid]))
    text = page.content.decode()
    assert "Bằng chưa in được" in text
    assert "Thử lại" in text
    bad = Certificate.objects.get(status="failed")
    DecisionEntry.objects.filter(pk=bad.entry_id).update(name="Trần Thị Bình")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:retry", args=[bad.code]))
    assert response.status_code == 302
    bad.refresh_from_db()
    assert bad.status == "done"
    assert decision.certificate_jobs.get().status == JobStatus.DONE


def test_the_decision_page_costs_the_same_queries_for_3_and_60_certificates(
    client, provincial, unit_a, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    small = issued_decision(3, unit=unit_a)
    large = issued_decision(60, unit=unit_a)
    with django_capture_on_commit_callbacks(execute=False):
        services.render_job_request(decision=small, actor=provincial)
        services.render_job_request(decision=large, actor=provincial)
    client.force_login(provincial)
    counts = []
    for decision in (small, large):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(reverse("certificates:decision_detail", args=[decision.uid])).status_code
                == 200
            )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 14


def test_offsets_out_of_range_show_a_vietnamese_error_and_keep_what_was_typed(client, provincial):
    client.force_login(provincial)
    client.get(reverse("certificates:blank_list"))
    blank = Blank.objects.order_by("pk").first()
    url = reverse("certificates:blank_update", args=[blank.pk])
    response = client.post(url, {f"b{blank.pk}-dx_mm": "75", f"b{blank.pk}-dy_mm": "1,5"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Độ lệch tối đa 50 mm mỗi chiều." in text
    assert 'value="75"' in text
    assert 'value="1,5"' in text
    blank.refresh_from_db()
    assert blank.dx_mm == 0

    response = client.post(url, {f"b{blank.pk}-dx_mm": "2,5", f"b{blank.pk}-dy_mm": "-1"})
    assert response.status_code == 302
    blank.refresh_from_db()
    assert (str(blank.dx_mm), str(blank.dy_mm)) == ("2.5", "-1.0")


def test_the_calibration_page_downloads_as_a_one_page_pdf(client, provincial):
    client.force_login(provincial)
    client.get(reverse("certificates:blank_list"))
    blank = Blank.objects.order_by("pk").first()
    response = client.get(reverse("certificates:blank_calibration", args=[blank.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


# Public verification ------------------------------------------------------------------------


def test_anyone_can_verify_a_valid_certificate_without_signing_in(client, rendered):
    certificate = Certificate.objects.get(entry__name="Trần Thị Bình")
    response = client.get(reverse("certificates:verify", args=[certificate.code]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bằng hợp lệ." in text
    assert "Trần Thị Bình" in text
    assert "Bằng khen" in text
    assert rendered.number in text
    assert "ngày 20 tháng 1 năm 2023" in text
    assert "Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên" in text


def test_the_verification_page_shows_nothing_private(client, rendered):
    certificate = Certificate.objects.select_related("entry__person").first()
    person = certificate.entry.person
    text = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert person.citizen_id and person.citizen_id not in text
    assert person.citizen_id[-4:] not in text
    assert person.birth_date.strftime("%d/%m/%Y") not in text
    assert str(person.birth_date.year) not in text
    assert certificate.entry.position_text not in text
    assert "tiền thưởng" not in text.lower()


def test_a_revoked_entry_reads_as_revoked(client, provincial, rendered):
    from awards.decisions.services import decision_revoke

    certificate = Certificate.objects.get(entry__name="Lê Văn An")
    decision_revoke(
        decision=rendered,
        actor=provincial,
        reason="Khai man thành tích",
        entries=[certificate.entry],
    )
    text = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "đã bị thu hồi" in text
    assert "Bằng hợp lệ." not in text
    assert "Khai man" not in text
    other = Certificate.objects.get(entry__name="Phạm Hoa")
    assert (
        "Bằng hợp lệ."
        in client.get(reverse("certificates:verify", args=[other.code])).content.decode()
    )


def test_a_wholly_revoked_decision_reads_as_revoked(client, rendered):
    rendered.status = DecisionStatus.REVOKED
    rendered.revoked_at = timezone.now()
    rendered.save()
    certificate = Certificate.objects.first()
    text = client.get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "đã bị thu hồi" in text


def test_an_unknown_code_gives_a_vietnamese_not_found_page(client, rendered):
    response = client.get(reverse("certificates:verify", args=["khong-co-ma-nay-123456"]))
    assert response.status_code == 404
    assert "Không tìm thấy bằng" in response.content.decode()


def test_verification_is_rate_limited_per_address(client, rendered, settings):
    settings.VINHDANH_VERIFY_RATE_PER_MINUTE = 5
    url = reverse("certificates:verify", args=["doan-ma-bat-ky-0000000"])
    codes = [client.get(url).status_code for _ in range(5)]
    assert codes == [404] * 5
    limited = client.get(url)
    assert limited.status_code == 429
    assert "Quá nhiều lượt xác thực" in limited.content.decode()
    other = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 404


def test_the_list_costs_the_same_queries_for_few_and_many_decisions(
    client, provincial, staff_a, unit_a, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("certificates:decision_list"))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    first = issued_decision(2, unit=unit_a)
    with django_capture_on_commit_callbacks(execute=False):
        services.render_job_request(decision=first, actor=provincial)
    few = count(provincial)[0], count(staff_a)[0]
    for _ in range(4):
        decision = issued_decision(2, unit=unit_a)
        with django_capture_on_commit_callbacks(execute=False):
            services.render_job_request(decision=decision, actor=provincial)
    many_staff, text = count(staff_a)
    many = count(provincial)[0], many_staff
    assert few == many
    assert first.number in text


def test_the_administrator_uploads_an_emblem_in_the_admin_and_it_is_stored_as_jpeg(client):
    import io

    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from awards.certificates.models import Emblem
    from tests.factories import Role, make_user

    admin_user = make_user(Role.ADMINISTRATOR, unit=None, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    buffer = io.BytesIO()
    Image.new("RGBA", (64, 64), (0, 80, 160, 128)).save(buffer, "PNG")
    response = client.post(
        reverse("admin:certificates_emblem_add"),
        {
            "issuer": services.issuer_text(),
            "upload": SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"),
        },
    )
    assert response.status_code == 302
    emblem = Emblem.objects.get()
    assert emblem.image.name.endswith(".jpg")
    with default_storage.open(emblem.image.name) as handle:
        assert Image.open(handle).format == "JPEG"


def test_the_progress_poll_reloads_the_page_once_when_the_job_finishes(
    client, provincial, unit_a, django_capture_on_commit_callbacks
):
    """The certificate list below the bar is not part of the polled fragment, so
    when a running job finishes htmx is told to reload the page, once."""
    decision = issued_decision(2, unit=unit_a)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.render_job_request(decision=decision, actor=provincial)
    client.force_login(provincial)
    url = reverse("certificates:job_status", args=[decision.uid])
    running = client.get(url, {"dang-chay": "1"})
    assert "HX-Refresh" not in running.headers
    assert "dang-chay=1" in running.content.decode()
    for chunk in job.chunks.all():
        with django_capture_on_commit_callbacks(execute=True):
            services.chunk_run(chunk_id=chunk.pk, token=str(chunk.token))
    finished = client.get(url, {"dang-chay": "1"})
    assert finished.headers["HX-Refresh"] == "true"
    assert "hx-trigger" not in finished.content.decode()  # the reloaded page polls no more
    assert "HX-Refresh" not in client.get(url).headers
