"""The certificate pipeline run eagerly in the test process (tasks execute inline when
their on-commit callbacks run): real WeasyPrint, real files, read back."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from awards.certificates import services
from awards.certificates.content import SPECIMEN_MARK
from awards.certificates.models import (
    Certificate,
    CertificateStatus,
    ChunkStatus,
    JobStatus,
    RenderChunk,
    RenderJob,
)
from awards.decisions.models import DecisionEntry
from tests.awards.certificates.conftest import decode_qr, pdf_lines, word_boxes
from tests.certificates.factories import issued_decision

pytestmark = pytest.mark.django_db


def stored(name: str) -> Path:
    return Path(default_storage.path(name))


def render(decision, actor, capture):
    with capture(execute=True):
        job = services.render_job_request(decision=decision, actor=actor)
    job.refresh_from_db()
    return job


def test_issuing_through_the_decisions_service_renders_every_certificate(
    provincial, django_capture_on_commit_callbacks
):
    from tests.decisions.factories import issued_decision as council_decision
    from tests.decisions.factories import make_council

    council = make_council()
    with django_capture_on_commit_callbacks(execute=True):
        decision = council_decision(council, "cstd_tinh", 3, number="77/QĐ-UBND", actor=provincial)
    job = RenderJob.objects.get(decision=decision)
    assert job.status == JobStatus.DONE
    assert job.total == 3
    certificates = list(Certificate.objects.filter(decision=decision).order_by("position"))
    assert [c.entry.registry_no for c in certificates] == sorted(
        decision.entries.values_list("registry_no", flat=True)
    )
    assert all(
        c.status == CertificateStatus.DONE and stored(c.file.name).is_file() for c in certificates
    )


def test_a_rendered_certificate_states_its_awardee_and_its_qr_opens_the_verification_page(
    provincial, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.VINHDANH_BASE_URL = "https://vinhdanh.thainguyen.example"
    decision = issued_decision(2, names=["Nguyễn Thị Thu Hằng", "Đặng Quốc Việt"])
    render(decision, provincial, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(entry__name="Nguyễn Thị Thu Hằng")
    path = stored(certificate.file.name)

    assert certificate.file.name == (
        f"certificates/{decision.pk}/qd{decision.pk}-{certificate.entry_id}-v1.pdf"
    )
    lines = pdf_lines(path)
    assert "Bà Nguyễn Thị Thu Hằng" in lines
    assert "BẰNG KHEN" in lines
    assert "TẶNG" in lines
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" in lines
    assert f"Quyết định số {decision.number}, ngày 20/01/2023" in lines
    assert f"Số sổ vàng: {certificate.entry.registry_no}" in lines
    assert SPECIMEN_MARK in lines  # test settings are demo mode
    assert len(PdfReader(path).pages) == 1
    assert decode_qr(path, tmp_path, resolution=150) == (
        f"https://vinhdanh.thainguyen.example/xac-thuc/{certificate.code}/"
    )
    assert len(certificate.code) >= 22


def test_rendering_again_overwrites_the_same_files_and_keeps_rows_codes_and_serials(
    provincial, django_capture_on_commit_callbacks
):
    decision = issued_decision(12)
    render(decision, provincial, django_capture_on_commit_callbacks)
    before = {c.entry_id: (c.pk, c.code, c.file.name) for c in Certificate.objects.all()}
    mtimes = {pk: stored(name).stat().st_mtime_ns for pk, (_, _, name) in before.items()}

    job = render(decision, provincial, django_capture_on_commit_callbacks)

    assert job.status == JobStatus.DONE
    after = {c.entry_id: (c.pk, c.code, c.file.name) for c in Certificate.objects.all()}
    assert after == before
    assert Certificate.objects.count() == 12
    assert all(stored(name).stat().st_mtime_ns > mtimes[pk] for pk, (_, _, name) in after.items())
    files = list(stored(f"certificates/{decision.pk}").glob("qd*-v1.pdf"))
    assert len(files) == 12
    serials = list(DecisionEntry.objects.values_list("certificate_serial", flat=True))
    assert len(set(serials)) == 12


def test_the_zip_and_the_merged_print_file_hold_every_certificate_in_annex_order(
    provincial, django_capture_on_commit_callbacks, settings
):
    settings.VINHDANH_CERTIFICATE_CHUNK_SIZE = 5
    decision = issued_decision(12)
    job = render(decision, provincial, django_capture_on_commit_callbacks)

    assert job.chunks.count() == 3
    names = list(
        Certificate.objects.filter(decision=decision)
        .order_by("position")
        .values_list("entry__name", flat=True)
    )
    with zipfile.ZipFile(stored(job.zip_file.name)) as archive:
        members = archive.namelist()
    assert len(members) == 12
    assert members == sorted(members)
    print_path = stored(job.print_file.name)
    assert len(PdfReader(print_path).pages) == 12
    for page in (1, 6, 12):
        prefix = "Bà " if "Thị" in names[page - 1] else "Ông "
        assert prefix + names[page - 1] in pdf_lines(print_path, page=page)
    with django_capture_on_commit_callbacks(execute=True):
        services.job_blank_request(job=job, actor=provincial)
    job.refresh_from_db()
    assert len(PdfReader(stored(job.blank_file.name)).pages) == 12


def test_an_unprintable_name_fails_alone_and_renders_after_it_is_fixed_and_retried(
    provincial, django_capture_on_commit_callbacks
):
    decision = issued_decision(3, names=["Lê Văn An", "Trần Thị 𝔅ình", "Phạm Thị Hoa"])
    job = render(decision, provincial, django_capture_on_commit_callbacks)

    bad = Certificate.objects.get(entry__name__startswith="Trần")
    assert job.status == JobStatus.FAILED
    assert bad.status == CertificateStatus.FAILED
    assert "U+1D505" in bad.error
    assert Certificate.objects.filter(status=CertificateStatus.DONE).count() == 2
    assert len(PdfReader(stored(job.print_file.name)).pages) == 2

    DecisionEntry.objects.filter(pk=bad.entry_id).update(name="Trần Thị Bình")
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_retry(certificate=bad, actor=provincial)
    bad.refresh_from_db()
    job.refresh_from_db()
    assert bad.status == CertificateStatus.DONE
    assert job.status == JobStatus.DONE
    assert len(PdfReader(stored(job.print_file.name)).pages) == 3


def test_a_chunk_whose_worker_died_three_times_is_failed_on_the_next_delivery_not_rerun(
    provincial, django_capture_on_commit_callbacks
):
    decision = issued_decision(2)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.render_job_request(decision=decision, actor=provincial)
    chunk = job.chunks.get()
    # Three deliveries that each counted their attempt and then lost their process.
    for _ in range(3):
        assert services._claim(chunk.pk, str(chunk.token))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.chunk_run(chunk_id=chunk.pk, token=str(chunk.token)) is None
    chunk.refresh_from_db()
    job.refresh_from_db()
    assert chunk.status == ChunkStatus.FAILED
    assert chunk.attempts == 3
    assert "3 lần" in chunk.last_error
    assert set(Certificate.objects.values_list("status", flat=True)) == {CertificateStatus.FAILED}
    assert job.status == JobStatus.FAILED


def test_the_reconciler_resends_a_stalled_chunk_and_the_old_message_finds_nothing_to_do(
    provincial, django_capture_on_commit_callbacks
):
    decision = issued_decision(2)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.render_job_request(decision=decision, actor=provincial)
    chunk = job.chunks.get()
    old_token = str(chunk.token)
    assert services._claim(chunk.pk, old_token)  # its worker then vanished
    RenderChunk.objects.filter(pk=chunk.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(minutes=10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.chunks_requeue_stale(stale_after=dt.timedelta(minutes=3))

    assert fresh == 1
    chunk.refresh_from_db()
    job.refresh_from_db()
    assert chunk.status == ChunkStatus.DONE  # the new message ran eagerly
    assert chunk.attempts == 2
    assert job.status == JobStatus.DONE
    assert services.chunk_run(chunk_id=chunk.pk, token=old_token) is None
    chunk.refresh_from_db()
    assert chunk.attempts == 2


def test_a_chunk_running_less_than_the_deadline_is_left_alone(
    provincial, django_capture_on_commit_callbacks
):
    decision = issued_decision(2)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.render_job_request(decision=decision, actor=provincial)
    chunk = job.chunks.get()
    services._claim(chunk.pk, str(chunk.token))
    assert services.chunks_requeue_stale(stale_after=dt.timedelta(minutes=3)) == 0
    chunk.refresh_from_db()
    assert chunk.status == ChunkStatus.RUNNING


def test_a_second_render_is_refused_while_one_is_running(
    provincial, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    decision = issued_decision(2)
    with django_capture_on_commit_callbacks(execute=False):
        services.render_job_request(decision=decision, actor=provincial)
    with pytest.raises(ValidationError):
        services.render_job_request(decision=decision, actor=provincial)


def test_print_on_blank_positions_move_with_the_offsets_staff_enter(
    provincial, django_capture_on_commit_callbacks
):
    decision = issued_decision(1, names=["Hoàng Văn Thụ"])
    job = render(decision, provincial, django_capture_on_commit_callbacks)

    def name_box(path):
        return next(b for b in word_boxes(path) if b[0] == "Thụ")

    assert not job.blank_file  # made on request only
    with django_capture_on_commit_callbacks(execute=True):
        services.job_blank_request(job=job, actor=provincial)
    job.refresh_from_db()
    assert not job.blank_is_rendering()
    x0, y0 = name_box(stored(job.blank_file.name))[1:3]
    content = services.certificate_content(Certificate.objects.get())
    blank = services.blank_for(content.form_kind, content.paper)
    services.blank_update(blank=blank, actor=provincial, dx_mm=Decimal("5"), dy_mm=Decimal("-3"))
    with django_capture_on_commit_callbacks(execute=True):
        services.job_blank_request(job=job, actor=provincial)
    job.refresh_from_db()

    x1, y1 = name_box(stored(job.blank_file.name))[1:3]
    mm = 72 / 25.4
    assert x1 - x0 == pytest.approx(5 * mm, abs=0.3)
    assert y1 - y0 == pytest.approx(-3 * mm, abs=0.3)
    assert job.blank_dx_mm == Decimal("5.0")


def test_an_uploaded_transparent_png_emblem_is_stored_as_jpeg_on_white_and_printed(
    administrator, provincial, django_capture_on_commit_callbacks
):
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    image.paste((200, 0, 0, 255), (50, 50, 150, 150))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    emblem = services.emblem_save(
        issuer=services.issuer_text(), data=buffer.getvalue(), actor=administrator
    )
    stored_image = Image.open(stored(emblem.image.name))
    assert stored_image.format == "JPEG"
    assert stored_image.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)

    decision = issued_decision(1)
    render(decision, provincial, django_capture_on_commit_callbacks)
    content = services.certificate_content(Certificate.objects.get())
    assert content.emblem_path == stored(emblem.image.name)


def test_a_decision_with_every_entry_revoked_plans_an_empty_finished_job(
    provincial, django_capture_on_commit_callbacks
):
    decision = issued_decision(2)
    decision.entries.update(revoked_at=timezone.now())
    job = render(decision, provincial, django_capture_on_commit_callbacks)
    assert job.total == 0
    assert job.status == JobStatus.DONE
