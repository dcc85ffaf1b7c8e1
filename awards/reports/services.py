"""Writes of the reports app: the narrative of a year-end report, and its
rendering to PDF and Excel by a Celery worker.

Rendering is a job row (:class:`ReportRender`) that goes pending → running →
done, or failed after ``MAX_ATTEMPTS``. The task is enqueued after commit on
the "reports" queue; a redelivered or retried task claims the row again by
compare-and-swap and overwrites the same deterministic file names, so it never
leaves duplicates.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from units.search import nfc
from units.services import audit_record

from .models import SECTIONS, RenderStatus, ReportRender, YearReport
from .permissions import can_edit_reports

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
# A running job not finished after this long is considered lost (worker killed).
STALE_AFTER_SECONDS = 15 * 60


def _require_editor(actor) -> None:
    if not can_edit_reports(actor):
        raise PermissionDenied


def default_title(year: int) -> str:
    return f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {year}"


@transaction.atomic
def report_get_or_create(*, year: int, actor) -> YearReport:
    """The report of ``year``, created empty on first use."""
    _require_editor(actor)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Năm báo cáo không hợp lệ.")})
    report, created = YearReport.objects.get_or_create(
        year=year,
        defaults={"title": default_title(year), "created_by": actor, "updated_by": actor},
    )
    if created:
        audit_record(actor=actor, action="reports.report.created", target=report)
    return report


@transaction.atomic
def report_update(*, report: YearReport, actor, title: str, **sections: str) -> YearReport:
    """Save the title and narrative sections typed by staff (NFC-normalised)."""
    _require_editor(actor)
    report = YearReport.objects.select_for_update().get(pk=report.pk)
    title = nfc(title)
    if not title:
        raise ValidationError({"title": _("Nhập tên báo cáo.")})
    changed = []
    if report.title != title:
        report.title = title
        changed.append("title")
    for field, _label in SECTIONS:
        if field in sections:
            value = nfc(sections[field] or "")
            if getattr(report, field) != value:
                setattr(report, field, value)
                changed.append(field)
    if not changed:
        return report
    report.updated_by = actor
    report.save()
    audit_record(actor=actor, action="reports.report.edited", target=report, fields=changed)
    return report


@transaction.atomic
def report_render_request(*, report: YearReport, actor) -> ReportRender:
    """Queue a new rendering of ``report``; one at a time per report."""
    _require_editor(actor)
    report = YearReport.objects.select_for_update().get(pk=report.pk)
    busy = report.renders.unfinished().first()
    if busy is not None:
        raise ValidationError(
            _("Báo cáo đang được kết xuất (lần %(n)s); vui lòng chờ hoàn thành.")
            % {"n": busy.number}
        )
    number = (report.renders.aggregate(n=Max("number"))["n"] or 0) + 1
    render = ReportRender.objects.create(report=report, number=number, requested_by=actor)
    audit_record(actor=actor, action="reports.render.requested", target=report, number=number)
    transaction.on_commit(lambda: _enqueue(render.pk))
    return render


def _enqueue(render_id: int) -> None:
    from .tasks import report_render

    report_render.apply_async(args=[render_id], queue="reports")


def _claim(render_id: int) -> ReportRender | None:
    """Move the job to running by compare-and-swap. A job already running may be
    claimed again (a redelivery after a lost worker) while attempts remain."""
    claimed = ReportRender.objects.filter(
        Q(status=RenderStatus.PENDING) | Q(status=RenderStatus.RUNNING),
        pk=render_id,
        attempts__lt=MAX_ATTEMPTS,
    ).update(
        status=RenderStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        progress=5,
        stage="Đang tổng hợp số liệu",
        error="",
    )
    if not claimed:
        return None
    return ReportRender.objects.select_related("report").get(pk=render_id)


def _progress(render: ReportRender, percent: int, stage: str) -> None:
    ReportRender.objects.filter(pk=render.pk, status=RenderStatus.RUNNING).update(
        progress=percent, stage=stage
    )


def _store(name: str, content: bytes) -> str:
    # Deterministic name: a rerun replaces its own file instead of adding a copy.
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def report_render_run(*, render_id: int) -> ReportRender | None:
    """Render the PDF and the workbook of one job (the Celery task calls this).

    Idempotent: a finished job is left alone; a failure is recorded on the row
    and re-raised so the task can retry, until ``MAX_ATTEMPTS``.
    """
    from .documents import report_pdf, report_xlsx
    from .statistics import year_statistics

    render = _claim(render_id)
    if render is None:
        return None
    try:
        stats = year_statistics(render.report.year)
        _progress(render, 30, "Đang tạo tệp Excel")
        xlsx_name = _store(f"{render.base_name()}.xlsx", report_xlsx(render.report, stats))
        _progress(render, 45, "Đang dàn trang tệp PDF")
        started = time.perf_counter()
        pdf = report_pdf(render.report, stats)
        seconds = time.perf_counter() - started
        _progress(render, 90, "Đang lưu tệp PDF")
        pdf_name = _store(f"{render.base_name()}.pdf", pdf)
    except Exception as exc:
        final = render.attempts >= MAX_ATTEMPTS
        ReportRender.objects.filter(pk=render.pk).update(
            status=RenderStatus.FAILED if final else RenderStatus.PENDING,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            stage="Lỗi khi kết xuất" if final else "Chờ chạy lại",
            finished_at=timezone.now() if final else None,
        )
        log.exception("Report render %s failed (attempt %s)", render.pk, render.attempts)
        raise
    ReportRender.objects.filter(pk=render.pk).update(
        status=RenderStatus.DONE,
        progress=100,
        stage="Hoàn thành",
        pdf=pdf_name,
        xlsx=xlsx_name,
        page_count=_page_count(pdf),
        pdf_seconds=round(seconds, 2),
        figures=stats.headline(),
        finished_at=timezone.now(),
    )
    render.refresh_from_db()
    return render


def _page_count(pdf: bytes) -> int:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def report_renders_requeue_stale() -> int:
    """Re-enqueue jobs stuck in pending or running (a worker or host died and the
    broker redelivers only after its visibility timeout); meant for celery beat."""
    deadline = timezone.now() - dt.timedelta(seconds=STALE_AFTER_SECONDS)
    stale = list(
        ReportRender.objects.unfinished()
        .filter(requested_at__lt=deadline, attempts__lt=MAX_ATTEMPTS)
        .values_list("pk", flat=True)
    )
    for pk in stale:
        _enqueue(pk)
    ReportRender.objects.unfinished().filter(
        requested_at__lt=deadline, attempts__gte=MAX_ATTEMPTS
    ).update(status=RenderStatus.FAILED, stage="Lỗi khi kết xuất", finished_at=timezone.now())
    return len(stale)
