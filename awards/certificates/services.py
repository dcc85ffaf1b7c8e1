"""Writes of the certificate pipeline: plan a render, run a chunk, assemble the downloads,
re-queue what stalled, retry, calibrate blanks, upload emblems.

The Celery tasks in ``tasks.py`` only call :func:`chunk_run`, :func:`job_assemble` and
:func:`chunks_requeue_stale`. Every step is idempotent: certificate rows are created once per
decision entry (their verification code and storage key never change), files are written to a
temporary name and renamed over the same key, and state moves by compare-and-swap on the
chunk and job rows, so a redelivered or duplicated message finds its work done or taken.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import os
import time
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from awards.decisions.models import Decision, DecisionEntry, DecisionStatus
from awards.decisions.selectors import certificate_entries
from units.search import fold
from units.services import audit_record

from .blanks import BlankLayout, BlankOffset, default_blank_layout
from .content import CertificateContent, FormKind, PaperSize, design_for
from .fonts import MissingGlyphError, check_glyphs
from .merge import (
    TEMPLATE_VERSION,
    build_zip,
    certificate_filename,
    merge_pdfs,
    write_bytes_atomically,
)
from .models import (
    MAX_CHUNK_ATTEMPTS,
    Blank,
    Certificate,
    CertificateStatus,
    ChunkStatus,
    Emblem,
    JobStatus,
    RenderChunk,
    RenderJob,
)
from .permissions import can_manage_certificates

log = logging.getLogger(__name__)

# Pages laid out together for the print-on-blank file (memory grows with pages per pass).
BLANK_BATCH = 200
MIN_CHUNK = 10
PLAN_BATCH = 500  # rows a planning INSERT or UPDATE writes at once
PENDING_FACTOR = 4
# The form line printed on the certificate where the catalogue name says who awards it.
PRINTED_NAMES = {"bang_khen_tinh": "Bằng khen"}
DEATH_MESSAGE = (
    "Tiến trình kết xuất bị dừng đột ngột {n} lần khi in lô này; đã dừng thử lại. "
    "Kiểm tra dữ liệu của lô rồi bấm “Thử lại”."
)


# Content -----------------------------------------------------------------------------------


def issuer_text() -> str:
    return f"Chủ tịch Ủy ban nhân dân tỉnh {settings.VINHDANH_PROVINCE_NAME}"


def verification_url(code: str) -> str:
    """The absolute address a certificate's QR code encodes."""
    path = reverse("certificates:verify", kwargs={"code": code})
    return settings.VINHDANH_BASE_URL.rstrip("/") + path


def form_kind_for(award_code: str) -> str:
    """The design a form of award is printed with (RULES.md §4); every province-level form
    other than the two A4 certificates uses the chairman's certificate of merit design."""
    if award_code in (FormKind.GIAY_KHEN, FormKind.CSTD_CS):
        return FormKind(award_code).value
    return FormKind.BANG_KHEN_TINH.value


def paper_for(form_kind: str) -> PaperSize:
    """The digital certificate's sheet: A4 landscape for the two certificates, the configured
    size for the Bằng khen (its current official size is not known, RULES.md §4)."""
    if form_kind == FormKind.BANG_KHEN_TINH:
        width, height = settings.VINHDANH_BANG_KHEN_PAPER_MM
        return PaperSize(width, height)
    return design_for(form_kind).paper


def _recipient_name(entry: DecisionEntry) -> str:
    if entry.recipient_kind == "individual" and entry.person_id:
        title = "Bà" if entry.person.gender == "female" else "Ông"
        return f"{title} {entry.name}"
    return entry.name


def _achievement(entry: DecisionEntry) -> str:
    text = " ".join((entry.nomination_item.achievement or "").split())
    if text and len(text) <= 200:
        return text
    return (
        "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước "
        f"năm {entry.decision.award_year}"
    )


def _emblem_paths() -> dict[str, Path]:
    return {
        fold(e.issuer): Path(default_storage.path(e.image.name))
        for e in Emblem.objects.exclude(image="")
    }


def certificate_content(
    certificate: Certificate, *, emblems: dict[str, Path] | None = None
) -> CertificateContent:
    """What ``certificate`` prints, from its decision entry (raises ValueError or
    MissingGlyphError when something cannot be printed)."""
    entry = certificate.entry
    decision = entry.decision
    form_kind = form_kind_for(entry.award.code)
    issuer = issuer_text()
    emblems = _emblem_paths() if emblems is None else emblems
    lines = decision.signature_lines()
    verb = "TẶNG DANH HIỆU" if entry.award.category == "emulation_title" else "TẶNG"
    return CertificateContent(
        form_kind=form_kind,
        issuer=issuer,
        award_name=PRINTED_NAMES.get(entry.award.code, entry.award.name),
        recipient_name=_recipient_name(entry),
        position_and_unit=entry.position_text,
        achievement=_achievement(entry),
        decision_number=decision.number,
        decision_date=decision.decision_date,
        registry_number=str(entry.registry_no or ""),
        place=settings.VINHDANH_PROVINCE_NAME,
        signer_capacity=lines[0],
        signer_title=lines[1] if len(lines) > 1 else "",
        signer_name=decision.signer_name,
        verification_url=verification_url(certificate.code),
        verb=verb,
        emblem_path=emblems.get(fold(issuer)),
        specimen=certificate.specimen,
        paper=paper_for(form_kind),
    )


def certificate_key(certificate: Certificate) -> str:
    """Deterministic storage key: decision id + entry id + template version."""
    name = certificate_filename(
        decision_id=certificate.decision_id,
        awardee_id=certificate.entry_id,
        template_version=TEMPLATE_VERSION,
    )
    return f"certificates/{certificate.decision_id}/{name}"


def download_name(certificate: Certificate) -> str:
    """A readable, ASCII file name for downloads and the zip."""
    serial = certificate.entry.certificate_serial or f"so-{certificate.position + 1}"
    return f"{certificate.position + 1:04d}-{serial}-{slugify(fold(certificate.entry.name))}.pdf"


def _write(key: str, data: bytes) -> str:
    write_bytes_atomically(Path(default_storage.path(key)), data)
    return key


# Planning ----------------------------------------------------------------------------------


def chunk_size_for(total: int) -> int:
    """About 50 certificates a task (shared/notes/rendering.md), but a small decision is cut
    in four so both workers share it and the progress bar moves."""
    largest = settings.VINHDANH_CERTIFICATE_CHUNK_SIZE
    return max(1, min(largest, max(MIN_CHUNK, math.ceil(total / 4))))


def _plan(decision: Decision, actor) -> RenderJob:
    """Create missing certificate rows (one per valid entry, in annex order), a job and its
    chunks, and enqueue the chunks after commit. Call inside a transaction holding the
    decision row.

    New rows are created already placed in their chunk; rows of an earlier job are moved with
    batched updates (one CASE per field over 2,655 rows made PostgreSQL compare every row with
    every other: 5.9 s to plan the province's 2021 decision, against well under a second).
    """
    entries = list(certificate_entries(decision).select_related(None).only("pk", "decision_id"))
    job = RenderJob.objects.create(decision=decision, total=len(entries), requested_by=actor)
    size = chunk_size_for(len(entries))
    now = timezone.now()
    chunks = RenderChunk.objects.bulk_create(
        RenderChunk(
            job=job,
            position=n,
            size=len(entries[start : start + size]),
            enqueued_at=now,
            heartbeat_at=now,
        )
        for n, start in enumerate(range(0, len(entries), size))
    )
    placed = {
        entry.pk: {
            "position": position,
            "chunk_id": chunks[position // size].pk,
            "status": CertificateStatus.PENDING,
            "error": "",
        }
        for position, entry in enumerate(entries)
    }
    existing = {
        c.entry_id: c
        for c in Certificate.objects.filter(decision=decision, entry__in=placed).only(
            "pk", "entry_id", "position", "chunk_id", "status", "error"
        )
    }
    specimen = settings.VINHDANH_DEMO_MODE
    Certificate.objects.bulk_create(
        [
            Certificate(entry_id=entry_id, decision_id=decision.pk, specimen=specimen, **values)
            for entry_id, values in placed.items()
            if entry_id not in existing
        ],
        batch_size=PLAN_BATCH,
    )
    moved = []
    for entry_id, certificate in existing.items():
        values = placed[entry_id]
        if any(getattr(certificate, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(certificate, field, value)
            moved.append(certificate)
    Certificate.objects.bulk_update(
        moved, ["position", "chunk", "status", "error"], batch_size=PLAN_BATCH
    )
    if not chunks:
        # A decision whose every entry was revoked: nothing to render.
        job.status = JobStatus.DONE
        job.finished_at = now
        job.save(update_fields=["status", "finished_at", "updated_at"])
    pairs = [(c.pk, str(c.token)) for c in chunks]
    transaction.on_commit(lambda: _enqueue_chunks(pairs))
    return job


def _enqueue_chunks(pairs: Iterable[tuple[int, str]]) -> None:
    from .tasks import certificate_chunk_render

    for chunk_id, token in pairs:
        certificate_chunk_render.apply_async(args=[chunk_id, token], queue="certificates")


def _enqueue_assembly(job_id: int) -> None:
    from .tasks import certificate_job_assemble

    certificate_job_assemble.apply_async(args=[job_id], queue="certificates")


def certificates_render_for_decision(*, decision_id: int) -> RenderJob | None:
    """After a decision is issued (``awards.decisions.services.decisions.after_issue``):
    plan and enqueue the rendering of its certificates. Does nothing if a job exists."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(pk=decision_id).first()
        if decision is None or decision.status != DecisionStatus.ISSUED:
            return None
        if decision.certificate_jobs.exists():
            return None
        job = _plan(decision, decision.issued_by)
        audit_record(
            actor=decision.issued_by,
            action="certificates.job.planned",
            target=decision,
            job=job.pk,
            total=job.total,
        )
    return job


def render_job_request(*, decision: Decision, actor) -> RenderJob:
    """Render (or re-render) every certificate of an issued decision: the "render" button."""
    if not can_manage_certificates(actor):
        raise PermissionDenied
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.status != DecisionStatus.ISSUED:
            raise ValidationError(_("Chỉ in bằng cho quyết định đã ban hành và còn hiệu lực."))
        busy = decision.certificate_jobs.unfinished().first()
        if busy is not None:
            raise ValidationError(_("Bằng của quyết định này đang được kết xuất; vui lòng chờ."))
        job = _plan(decision, actor)
        audit_record(actor=actor, action="certificates.job.requested", target=decision, job=job.pk)
    return job


# Running a chunk ---------------------------------------------------------------------------


def _claim(chunk_id: int, token: str) -> bool:
    """Count the attempt and take the chunk (compare-and-swap). The message named by
    ``token`` may take it over while it is running: that is a redelivery after its worker
    process died."""
    now = timezone.now()
    return bool(
        RenderChunk.objects.filter(
            pk=chunk_id,
            token=token,
            status__in=[ChunkStatus.PENDING, ChunkStatus.RUNNING],
            attempts__lt=MAX_CHUNK_ATTEMPTS,
        ).update(
            status=ChunkStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            worker_pid=os.getpid(),
        )
    )


def _fail_chunk(chunk_id: int, message: str, *, token: str | None = None) -> bool:
    filters = Q(pk=chunk_id) & ~Q(status__in=[ChunkStatus.DONE, ChunkStatus.FAILED])
    if token is not None:
        filters &= Q(token=token)
    now = timezone.now()
    failed = RenderChunk.objects.filter(filters).update(
        status=ChunkStatus.FAILED, finished_at=now, last_error=message[:4000]
    )
    if failed:
        Certificate.objects.filter(chunk_id=chunk_id).exclude(status=CertificateStatus.DONE).update(
            status=CertificateStatus.FAILED, error=message[:4000]
        )
    return bool(failed)


def chunk_run(*, chunk_id: int, token: str) -> RenderChunk | None:
    """Render one chunk: each certificate's PDF at its key and the chunk's print document.

    A certificate whose text cannot be printed (a character the font lacks) fails alone and
    the rest are rendered. Any other error is recorded and re-raised for the task to retry
    with backoff, until the third attempt, which marks the chunk failed.
    """
    if not _claim(chunk_id, token):
        # A redelivery after the last allowed attempt died with its process: fail it now.
        exhausted = RenderChunk.objects.filter(
            pk=chunk_id, token=token, status=ChunkStatus.RUNNING, attempts__gte=MAX_CHUNK_ATTEMPTS
        ).first()
        if exhausted and _fail_chunk(
            chunk_id, DEATH_MESSAGE.format(n=exhausted.attempts), token=token
        ):
            _maybe_finish_job(exhausted.job_id)
        return None
    chunk = RenderChunk.objects.select_related("job").get(pk=chunk_id)
    started = time.perf_counter()
    try:
        failures = _render_chunk(chunk)
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}"
        log.exception("Certificate chunk %s failed (attempt %s)", chunk.pk, chunk.attempts)
        if chunk.attempts >= MAX_CHUNK_ATTEMPTS:
            if _fail_chunk(chunk.pk, message, token=token):
                _maybe_finish_job(chunk.job_id)
            return chunk
        RenderChunk.objects.filter(pk=chunk.pk, token=token).update(
            status=ChunkStatus.PENDING, last_error=message[:4000]
        )
        raise
    now = timezone.now()
    if failures:
        for pk, error in failures.items():
            Certificate.objects.filter(pk=pk).update(
                status=CertificateStatus.FAILED, error=error[:4000]
            )
    done = RenderChunk.objects.filter(pk=chunk.pk, token=token, status=ChunkStatus.RUNNING).update(
        status=ChunkStatus.DONE,
        finished_at=now,
        heartbeat_at=now,
        render_seconds=round(time.perf_counter() - started, 3),
        last_error="; ".join(failures.values())[:4000] if failures else "",
    )
    if done:
        _maybe_finish_job(chunk.job_id)
    return chunk


def _render_chunk(chunk: RenderChunk) -> dict[int, str]:
    """Lay out the chunk once per paper size, store its files; returns {certificate: error}
    for certificates that could not be printed."""
    from awards import pdf

    certificates = list(
        chunk.certificates.select_related(
            "entry__award", "entry__decision", "entry__person", "entry__nomination_item"
        ).order_by("position")
    )
    _remove_partial_writes(certificates)
    emblems = _emblem_paths()
    ready: list[tuple[Certificate, CertificateContent]] = []
    failures: dict[int, str] = {}
    for certificate in certificates:
        try:
            content = certificate_content(certificate, emblems=emblems)
            check_glyphs(content.printed_text())
        except (MissingGlyphError, ValueError) as exc:
            failures[certificate.pk] = str(exc)
            continue
        ready.append((certificate, content))
    documents: list[bytes] = []
    for run in _runs_of_same_paper(ready):
        batch = pdf.render_certificate_batch([content for _, content in run])
        documents.append(batch.document)
        RenderChunk.objects.filter(pk=chunk.pk).update(heartbeat_at=timezone.now())
        now = timezone.now()
        stored = []
        for (certificate, _content), data in zip(run, batch.files, strict=True):
            certificate.file.name = _write(certificate_key(certificate), data)
            certificate.status, certificate.error, certificate.rendered_at = "done", "", now
            stored.append(certificate)
        Certificate.objects.bulk_update(stored, ["file", "status", "error", "rendered_at"])
    key = f"certificates/{chunk.job.decision_id}/lo/job{chunk.job_id}-{chunk.position:04d}.pdf"
    if len(documents) == 1:
        _write(key, documents[0])
    elif documents:
        merge_pdfs(documents, Path(default_storage.path(key)))
    RenderChunk.objects.filter(pk=chunk.pk).update(document=key if documents else "")
    return failures


def _remove_partial_writes(certificates: list[Certificate]) -> None:
    """Delete temporary files an earlier attempt left when its process was killed in the
    middle of a write (``.<name>.<random>.tmp`` next to the certificate's key)."""
    if not certificates:
        return
    folder = Path(default_storage.path(certificate_key(certificates[0]))).parent
    if not folder.is_dir():
        return
    names = {Path(certificate_key(c)).name for c in certificates}
    with os.scandir(folder) as listing:
        for item in listing:
            partial = item.name.startswith(".") and item.name.endswith(".tmp")
            if partial and item.name[1:].rsplit(".", 2)[0] in names:
                Path(item.path).unlink(missing_ok=True)


def _runs_of_same_paper(items: Sequence[tuple[Certificate, CertificateContent]]):
    runs: list[list[tuple[Certificate, CertificateContent]]] = []
    for item in items:
        if runs and runs[-1][0][1].paper == item[1].paper:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _maybe_finish_job(job_id: int) -> None:
    """When the job's last chunk has finished, move it to assembling (once) and enqueue."""
    if (
        RenderChunk.objects.filter(job_id=job_id)
        .exclude(status__in=[ChunkStatus.DONE, ChunkStatus.FAILED])
        .exists()
    ):
        return
    if RenderJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.ASSEMBLING
    ):
        transaction.on_commit(lambda: _enqueue_assembly(job_id))


# Assembling the downloads ------------------------------------------------------------------


def _job_certificates(job: RenderJob):
    return Certificate.objects.filter(chunk__job=job).order_by("position")


def job_assemble(*, job_id: int) -> RenderJob | None:
    """Build the zip of every certificate and the merged print file (from the chunk
    documents, in annex order). Idempotent. The print-on-blank file is made on request
    (:func:`job_blank_request`)."""
    job = RenderJob.objects.filter(pk=job_id, status=JobStatus.ASSEMBLING).first()
    if job is None:
        return None
    started = time.perf_counter()
    base = f"certificates/{job.decision_id}/qd{job.decision_id}-lan{job.pk}"
    certificates = list(
        _job_certificates(job).filter(status=CertificateStatus.DONE).select_related("entry")
    )
    documents = [
        Path(default_storage.path(c.document.name))
        for c in job.chunks.exclude(document="").order_by("position")
    ]
    fields: dict[str, str] = {}
    if certificates:
        build_zip(
            ((download_name(c), Path(default_storage.path(c.file.name))) for c in certificates),
            Path(default_storage.path(f"{base}.zip")),
        )
        fields["zip_file"] = f"{base}.zip"
    if documents:
        merge_pdfs(documents, Path(default_storage.path(f"{base}-in.pdf")))
        fields["print_file"] = f"{base}-in.pdf"
    RenderJob.objects.filter(pk=job.pk).update(**fields)
    failed = _job_certificates(job).exclude(status=CertificateStatus.DONE).exists()
    RenderJob.objects.filter(pk=job.pk, status=JobStatus.ASSEMBLING).update(
        status=JobStatus.FAILED if failed else JobStatus.DONE,
        finished_at=timezone.now(),
        assembled_seconds=round(time.perf_counter() - started, 3),
    )
    job.refresh_from_db()
    return job


def _render_blank_file(job: RenderJob, certificates: list[Certificate]) -> None:
    """The print-on-blank file of the job's rendered certificates with the current blank
    calibration, laid out :data:`BLANK_BATCH` pages at a time and merged."""
    from awards import pdf

    if not certificates:
        return
    rows = Certificate.objects.filter(pk__in=[c.pk for c in certificates]).select_related(
        "entry__award", "entry__decision", "entry__person", "entry__nomination_item"
    )
    emblems = _emblem_paths()
    contents = [
        certificate_content(c, emblems=emblems) for c in sorted(rows, key=lambda c: c.position)
    ]
    parts: list[bytes] = []
    offsets = set()
    for group in _blank_groups(contents):
        blank = blank_for(group[0].form_kind, group[0].paper)
        offsets.add((blank.dx_mm, blank.dy_mm))
        parts.append(
            pdf.render_on_blank(group, layout=blank_layout(blank), offset=blank_offset(blank))
        )
    key = f"certificates/{job.decision_id}/qd{job.decision_id}-lan{job.pk}-phoi.pdf"
    merge_pdfs(parts, Path(default_storage.path(key)))
    dx, dy = offsets.pop() if len(offsets) == 1 else (None, None)
    RenderJob.objects.filter(pk=job.pk).update(blank_file=key, blank_dx_mm=dx, blank_dy_mm=dy)


def _blank_groups(contents: Sequence[CertificateContent]) -> list[list[CertificateContent]]:
    groups: list[list[CertificateContent]] = []
    for content in contents:
        last = groups[-1] if groups else None
        same = last and (last[0].form_kind, last[0].paper) == (content.form_kind, content.paper)
        if same and len(last) < BLANK_BATCH:
            last.append(content)
        else:
            groups.append([content])
    return groups


def job_blank_request(*, job: RenderJob, actor) -> RenderJob:
    """Ask for the print-on-blank file of a finished job, with the blanks' current offsets."""
    if not can_manage_certificates(actor):
        raise PermissionDenied
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().get(pk=job.pk)
        if not job.is_finished():
            raise ValidationError(_("Chờ in bằng xong rồi mới tạo tệp in trên phôi."))
        if job.blank_is_rendering():
            raise ValidationError(_("Tệp in trên phôi đang được tạo; vui lòng chờ."))
        job.blank_requested_at = timezone.now()
        job.save(update_fields=["blank_requested_at", "updated_at"])
        audit_record(actor=actor, action="certificates.blank_file.requested", target=job.decision)
        transaction.on_commit(lambda: _enqueue_blank(job.pk))
    return job


def _enqueue_blank(job_id: int) -> None:
    from .tasks import certificate_job_blank_render

    certificate_job_blank_render.apply_async(args=[job_id], queue="certificates")


def job_blank_render(*, job_id: int) -> RenderJob | None:
    """Render the requested print-on-blank file (the task calls this). Idempotent: a
    rerun lays the same pages out again and replaces the file."""
    job = RenderJob.objects.filter(pk=job_id, blank_requested_at__isnull=False).first()
    if job is None or not job.blank_is_rendering():
        return job
    certificates = list(_job_certificates(job).filter(status=CertificateStatus.DONE))
    _render_blank_file(job, certificates)
    RenderJob.objects.filter(pk=job.pk).update(blank_rendered_at=timezone.now())
    job.refresh_from_db()
    return job


# Reconciler and retries --------------------------------------------------------------------


def chunks_requeue_stale(*, stale_after: dt.timedelta | None = None) -> int:
    """Re-enqueue chunks whose worker went away (celery beat, every minute).

    A running chunk whose heartbeat is older than ``stale_after`` (longer than the task's
    hard time limit) lost its worker; a pending chunk enqueued four times that long ago
    lost its message (or was reserved by a worker that died before starting it). Redis
    would hand a dead worker's messages back only after its visibility timeout plus about
    100 s, so a fresh message is sent now under a new token (the old message, should it
    come back, finds nothing to do). A running chunk that already used
    its last attempt is marked failed instead. Also restarts assemblies that stalled.
    """
    stale_after = stale_after or dt.timedelta(seconds=settings.VINHDANH_CERTIFICATE_STALE_SECONDS)
    now = timezone.now()
    deadline = now - stale_after
    # A pending chunk is usually just waiting its turn in the queue: give it longer.
    pending_deadline = now - stale_after * PENDING_FACTOR
    stale = RenderChunk.objects.filter(
        Q(status=ChunkStatus.RUNNING, heartbeat_at__lt=deadline)
        | Q(status=ChunkStatus.PENDING, enqueued_at__lt=pending_deadline)
    )
    requeued: list[tuple[int, str]] = []
    for chunk in stale:
        if chunk.status == ChunkStatus.RUNNING and chunk.attempts >= MAX_CHUNK_ATTEMPTS:
            if _fail_chunk(chunk.pk, DEATH_MESSAGE.format(n=chunk.attempts), token=chunk.token):
                _maybe_finish_job(chunk.job_id)
            continue
        token = uuid.uuid4()
        moved = RenderChunk.objects.filter(
            pk=chunk.pk, token=chunk.token, status=chunk.status
        ).update(token=token, status=ChunkStatus.PENDING, enqueued_at=timezone.now())
        if moved:
            requeued.append((chunk.pk, str(token)))
    if requeued:
        log.warning("Re-queued %d stalled certificate chunks", len(requeued))
        _enqueue_chunks(requeued)
    for job_id in RenderJob.objects.filter(
        status=JobStatus.ASSEMBLING, updated_at__lt=deadline
    ).values_list("pk", flat=True):
        RenderJob.objects.filter(pk=job_id).update(updated_at=timezone.now())
        _enqueue_assembly(job_id)
    for job_id in (
        RenderJob.objects.filter(blank_requested_at__lt=now - stale_after * PENDING_FACTOR)
        .filter(
            Q(blank_rendered_at__isnull=True) | Q(blank_rendered_at__lt=F("blank_requested_at"))
        )
        .values_list("pk", flat=True)
    ):
        RenderJob.objects.filter(pk=job_id).update(blank_requested_at=timezone.now())
        _enqueue_blank(job_id)
    # A job whose chunks all finished but that never moved on (its last worker died between
    # the two writes).
    for job_id in RenderJob.objects.filter(
        status=JobStatus.RUNNING, updated_at__lt=deadline
    ).values_list("pk", flat=True):
        _maybe_finish_job(job_id)
    return len(requeued)


def certificate_retry(*, certificate: Certificate, actor) -> RenderChunk:
    """Render again the chunk holding a failed certificate (its print document stays whole),
    with a fresh count of attempts."""
    if not can_manage_certificates(actor):
        raise PermissionDenied
    with transaction.atomic():
        chunk = (
            RenderChunk.objects.select_for_update()
            .select_related("job")
            .filter(pk=certificate.chunk_id)
            .first()
        )
        if chunk is None or not chunk.is_finished():
            raise ValidationError(_("Bằng này đang được kết xuất; vui lòng chờ."))
        if certificate.entry.is_revoked():
            raise ValidationError(_("Trường hợp này đã bị thu hồi; không in lại bằng."))
        token = uuid.uuid4()
        now = timezone.now()
        RenderChunk.objects.filter(pk=chunk.pk).update(
            status=ChunkStatus.PENDING,
            attempts=0,
            token=token,
            enqueued_at=now,
            heartbeat_at=now,
            finished_at=None,
            last_error="",
        )
        chunk.certificates.exclude(status=CertificateStatus.DONE).update(
            status=CertificateStatus.PENDING, error=""
        )
        RenderJob.objects.filter(pk=chunk.job_id).update(status=JobStatus.RUNNING, finished_at=None)
        audit_record(
            actor=actor,
            action="certificates.certificate.retried",
            target=certificate.decision,
            certificate=certificate.pk,
            chunk=chunk.pk,
        )
        transaction.on_commit(lambda: _enqueue_chunks([(chunk.pk, str(token))]))
    chunk.refresh_from_db()
    return chunk


# Blanks ------------------------------------------------------------------------------------


def blank_for(form_kind: str, paper: PaperSize) -> Blank:
    """The calibration row of a form on a sheet, created with the default layout."""
    blank, _ = Blank.objects.get_or_create(
        form_kind=form_kind,
        paper_width_mm=Decimal(str(paper.width_mm)),
        paper_height_mm=Decimal(str(paper.height_mm)),
        defaults={"layout": default_blank_layout(form_kind, paper).to_dict()},
    )
    return blank


def blank_layout(blank: Blank) -> BlankLayout:
    return BlankLayout.from_dict(blank.layout)


def blank_offset(blank: Blank) -> BlankOffset:
    return BlankOffset(float(blank.dx_mm), float(blank.dy_mm))


def blanks_for_forms() -> list[Blank]:
    """One blank per form design on its current sheet (created on first use)."""
    return [blank_for(kind.value, paper_for(kind.value)) for kind in FormKind]


@transaction.atomic
def blank_update(*, blank: Blank, actor, dx_mm: Decimal, dy_mm: Decimal) -> Blank:
    """Staff set the printer offset of a blank after a test print of the calibration page."""
    if not can_manage_certificates(actor):
        raise PermissionDenied
    blank = Blank.objects.select_for_update().get(pk=blank.pk)
    before = (str(blank.dx_mm), str(blank.dy_mm))
    blank.dx_mm, blank.dy_mm, blank.updated_by = dx_mm, dy_mm, actor
    blank.full_clean()
    blank.save()
    audit_record(
        actor=actor,
        action="certificates.blank.calibrated",
        target=blank,
        before=list(before),
        after=[str(dx_mm), str(dy_mm)],
    )
    return blank


# Emblems -----------------------------------------------------------------------------------


def emblem_jpeg(data: bytes, *, max_side: int = 600) -> bytes:
    """An uploaded emblem as a JPEG on white, at most ``max_side`` pixels a side.

    Transparency is flattened onto white (JPEG has none); PNGs are re-encoded by WeasyPrint
    for every PDF, JPEGs pass through as they are.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError({"image": _("Tệp tải lên không phải là ảnh.")}) from exc
    image.thumbnail((max_side, max_side))
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    else:
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@transaction.atomic
def emblem_save(*, issuer: str, data: bytes, actor) -> Emblem:
    """Store (or replace) the emblem printed on ``issuer``'s certificates."""
    if not (actor.is_superuser or actor.has_role("administrator")):
        raise PermissionDenied
    jpeg = emblem_jpeg(data)
    emblem = Emblem.objects.filter(issuer=issuer).first() or Emblem(issuer=issuer)
    key = f"certificates/emblems/{slugify(fold(issuer))}-{uuid.uuid4().hex[:8]}.jpg"
    _write(key, jpeg)
    old = emblem.image.name if emblem.pk else ""
    emblem.image.name = key
    emblem.uploaded_by = actor
    emblem.save()
    if old and old != key:
        transaction.on_commit(lambda: default_storage.delete(old))
    audit_record(actor=actor, action="certificates.emblem.uploaded", target=emblem)
    return emblem
