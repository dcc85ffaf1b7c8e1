"""Certificate rows, render jobs and their chunks, blank calibrations, issuer emblems.

State machine of a render (shared/notes/rendering.md):

- a :class:`RenderJob` per render request of one decision, split into :class:`RenderChunk`
  rows of about 50 certificates in annex order, one Celery task each;
- a chunk goes pending → running → done (or failed after :data:`MAX_CHUNK_ATTEMPTS`); the
  attempt is counted in the database when the task starts, so a chunk that kills its worker
  process is not retried for ever;
- when every chunk has finished, the job is assembled (zip, merged print file, print-on-blank
  file) and is done.

A :class:`Certificate` exists once per decision entry and keeps its verification code and
storage key for ever: a rerun overwrites the file at the same key.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import TimeStamped

from .content import FormKind

MAX_CHUNK_ATTEMPTS = 3


def new_verification_code() -> str:
    """22 URL-safe characters from 16 random bytes: not guessable, short enough for a QR."""
    return secrets.token_urlsafe(16)


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Chờ kết xuất")
    DONE = "done", _("Đã kết xuất")
    FAILED = "failed", _("Lỗi")


class CertificateQuerySet(models.QuerySet):
    def annex_order(self) -> CertificateQuerySet:
        return self.order_by("decision_id", "position", "pk")

    def with_entry(self) -> CertificateQuerySet:
        return self.select_related("entry__award", "entry__decision", "decision")


class Certificate(TimeStamped):
    """The certificate of one awardee of a decision (one row per decision entry, for ever)."""

    Status = CertificateStatus

    entry = models.OneToOneField(
        "decisions.DecisionEntry",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("người, tập thể được khen thưởng"),
    )
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("quyết định"),
    )
    # Annex order within the decision, fixed when the row is planned.
    position = models.PositiveIntegerField(_("thứ tự trong danh sách"), default=0)
    code = models.CharField(
        _("mã xác thực"), max_length=43, unique=True, default=new_verification_code, editable=False
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=CertificateStatus, default=CertificateStatus.PENDING
    )
    # Deterministic key (decision id + entry id + template version, see merge.py); the file
    # is written to a temporary name and renamed over this one.
    file = models.FileField(_("tệp PDF"), max_length=200, blank=True)
    chunk = models.ForeignKey(
        "RenderChunk",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
        verbose_name=_("lô kết xuất"),
    )
    error = models.TextField(_("lỗi"), blank=True)
    rendered_at = models.DateTimeField(_("kết xuất lúc"), null=True, blank=True)
    specimen = models.BooleanField(_("bản mẫu (dữ liệu minh họa)"), default=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("bằng, giấy khen")
        verbose_name_plural = _("bằng, giấy khen")
        ordering = ["decision_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CertificateStatus.values), name="certificate_status_valid"
            ),
        ]
        indexes = [
            # The decision's certificate page: its rows in annex order.
            models.Index(fields=["decision", "position"], name="certificate_decision_pos_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.entry.certificate_serial or self.code} – {self.entry.name}"

    def is_done(self) -> bool:
        return self.status == CertificateStatus.DONE


class JobStatus(models.TextChoices):
    RUNNING = "running", _("Đang kết xuất")
    ASSEMBLING = "assembling", _("Đang ghép tệp")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Hoàn thành, có lỗi")


class RenderJobQuerySet(models.QuerySet):
    def unfinished(self) -> RenderJobQuerySet:
        return self.filter(status__in=[JobStatus.RUNNING, JobStatus.ASSEMBLING])


class RenderJob(TimeStamped):
    """One rendering of every certificate of a decision, and the downloads built from it."""

    Status = JobStatus

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="certificate_jobs",
        verbose_name=_("quyết định"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=JobStatus, default=JobStatus.RUNNING
    )
    total = models.PositiveIntegerField(_("số bằng"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    zip_file = models.FileField(_("tệp nén các bằng"), max_length=200, blank=True)
    print_file = models.FileField(_("tệp in gộp"), max_length=200, blank=True)
    blank_file = models.FileField(_("tệp in trên phôi"), max_length=200, blank=True)
    # The print-on-blank file is made on request (it depends on the blank calibration, which
    # staff may change after a test print): requested, then rendered by a task.
    blank_requested_at = models.DateTimeField(null=True, blank=True)
    blank_rendered_at = models.DateTimeField(null=True, blank=True)
    # The offsets the print-on-blank file was made with (staff may change them later).
    blank_dx_mm = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    blank_dy_mm = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    assembled_seconds = models.FloatField(null=True, blank=True)

    objects = RenderJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt kết xuất bằng")
        verbose_name_plural = _("lượt kết xuất bằng")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="render_job_status_valid"
            ),
        ]
        indexes = [
            # The reconciler and the "one job at a time" check: unfinished jobs.
            models.Index(fields=["status", "updated_at"], name="render_job_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Kết xuất bằng #{self.pk} – {self.decision.number}"

    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    def blank_is_rendering(self) -> bool:
        return self.blank_requested_at is not None and (
            self.blank_rendered_at is None or self.blank_rendered_at < self.blank_requested_at
        )

    def is_busy(self) -> bool:
        """Something is still being made: the page keeps polling."""
        return not self.is_finished() or self.blank_is_rendering()


class ChunkStatus(models.TextChoices):
    PENDING = "pending", _("Chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Xong")
    FAILED = "failed", _("Lỗi")


class RenderChunk(TimeStamped):
    """About 50 consecutive certificates of a job, rendered by one Celery task.

    ``token`` names the message that may run the chunk: a redelivery of the same message
    (worker lost) carries the same token and may take the chunk over; when the reconciler
    enqueues a fresh message it changes the token, so the old message, if Redis ever hands
    it back, finds nothing to do.
    """

    Status = ChunkStatus

    job = models.ForeignKey(RenderJob, on_delete=models.CASCADE, related_name="chunks")
    position = models.PositiveIntegerField(_("thứ tự"))
    size = models.PositiveIntegerField(_("số bằng"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ChunkStatus, default=ChunkStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    token = models.UUIDField(default=uuid.uuid4)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    # The chunk's certificates as one multi-page document; the merged print file is built
    # from these in order (never laid out in one pass).
    document = models.FileField(max_length=200, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("lô kết xuất")
        verbose_name_plural = _("lô kết xuất")
        ordering = ["job", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ChunkStatus.values), name="render_chunk_status_valid"
            ),
            models.UniqueConstraint(fields=["job", "position"], name="render_chunk_unique_pos"),
        ]
        indexes = [
            # The reconciler: chunks stuck pending or running, oldest first.
            models.Index(fields=["status", "heartbeat_at"], name="render_chunk_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Lô {self.position + 1} của lượt #{self.job_id}"

    def is_finished(self) -> bool:
        return self.status in (ChunkStatus.DONE, ChunkStatus.FAILED)


class Blank(TimeStamped):
    """A pre-printed blank ("phôi") for one form on one sheet: where each line goes and the
    printer offset staff calibrate with a test print."""

    form_kind = models.CharField(
        _("mẫu bằng"),
        max_length=20,
        choices=[
            (FormKind.GIAY_KHEN.value, _("Giấy khen")),
            (FormKind.CSTD_CS.value, _("Chiến sĩ thi đua cơ sở")),
            (FormKind.BANG_KHEN_TINH.value, _("Bằng khen, danh hiệu cấp tỉnh")),
        ],
    )
    paper_width_mm = models.DecimalField(_("khổ rộng (mm)"), max_digits=6, decimal_places=1)
    paper_height_mm = models.DecimalField(_("khổ cao (mm)"), max_digits=6, decimal_places=1)
    layout = models.JSONField(_("vị trí các dòng"), help_text="BlankLayout.to_dict().")
    dx_mm = models.DecimalField(
        _("lệch ngang (mm)"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("Dương: dịch sang phải."),
    )
    dy_mm = models.DecimalField(
        _("lệch dọc (mm)"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("Dương: dịch xuống dưới."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("phôi bằng")
        verbose_name_plural = _("phôi bằng")
        ordering = ["form_kind", "paper_width_mm"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_kind", "paper_width_mm", "paper_height_mm"],
                name="blank_unique_form_paper",
            ),
            models.CheckConstraint(
                condition=Q(dx_mm__gte=-50, dx_mm__lte=50, dy_mm__gte=-50, dy_mm__lte=50),
                name="blank_offset_range",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_form_kind_display()} {self.paper_width_mm:g} × {self.paper_height_mm:g} mm"
        )


class Emblem(TimeStamped):
    """The emblem or logo printed at the top of an issuer's certificates, uploaded by the
    administrator and stored as JPEG on white (WeasyPrint passes JPEG through; a PNG is
    re-encoded for every PDF)."""

    issuer = models.CharField(
        _("cơ quan, người ký"),
        max_length=200,
        unique=True,
        help_text=_("Như dòng đỏ trên bằng, ví dụ: Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên."),
    )
    image = models.FileField(_("ảnh biểu trưng (JPEG)"), upload_to="certificates/emblems/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("biểu trưng trên bằng")
        verbose_name_plural = _("biểu trưng trên bằng")

    def __str__(self) -> str:
        return self.issuer
