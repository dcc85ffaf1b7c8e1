"""Year-end summary reports: the narrative staff write, and each rendering of it
(PDF and Excel) kept as its own row, so past versions stay downloadable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import TimeStamped

# The narrative sections, in report order: (field, heading).
SECTIONS = (
    ("overview", "Đánh giá chung"),
    ("highlights", "Những kết quả nổi bật"),
    ("shortcomings", "Tồn tại, hạn chế và nguyên nhân"),
    ("next_year", "Phương hướng, nhiệm vụ năm tiếp theo"),
)


class YearReport(TimeStamped):
    """Báo cáo tổng kết công tác thi đua, khen thưởng of one year."""

    year = models.PositiveSmallIntegerField(_("năm báo cáo"), unique=True)
    title = models.CharField(_("tên báo cáo"), max_length=255)
    overview = models.TextField(_("đánh giá chung"), blank=True)
    highlights = models.TextField(_("những kết quả nổi bật"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    next_year = models.TextField(_("phương hướng, nhiệm vụ năm tiếp theo"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo tổng kết năm")
        verbose_name_plural = _("báo cáo tổng kết năm")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="report_year_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def sections(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) of each narrative section, in report order."""
        return [(field, heading, getattr(self, field)) for field, heading in SECTIONS]


class RenderStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang kết xuất")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class ReportRenderQuerySet(models.QuerySet):
    def unfinished(self) -> ReportRenderQuerySet:
        return self.filter(status__in=[RenderStatus.PENDING, RenderStatus.RUNNING])


class ReportRender(models.Model):
    """One rendering of a report: the job state (pending → running → done or
    failed, with attempts) and, when done, the PDF and the Excel workbook.

    File names are derived from the year and ``number`` only, so a retried job
    overwrites its own files and never leaves a second copy.
    """

    Status = RenderStatus

    report = models.ForeignKey(YearReport, on_delete=models.CASCADE, related_name="renders")
    number = models.PositiveIntegerField(_("lần kết xuất"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RenderStatus, default=RenderStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    stage = models.CharField(_("bước đang làm"), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="reports/", max_length=200, blank=True)
    xlsx = models.FileField(_("tệp Excel"), upload_to="reports/", max_length=200, blank=True)
    page_count = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)
    # Headline figures as rendered (the report is a snapshot of that moment).
    figures = models.JSONField(_("số liệu chính"), default=dict, blank=True)
    pdf_seconds = models.FloatField(_("thời gian kết xuất PDF (giây)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = ReportRenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần kết xuất báo cáo")
        verbose_name_plural = _("các lần kết xuất báo cáo")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="render_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=RenderStatus.values), name="render_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="render_progress_range"),
        ]
        indexes = [
            # The reconciler: renders stuck in pending/running, oldest first.
            models.Index(fields=["status", "requested_at"], name="render_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.report} – lần {self.number}"

    def is_finished(self) -> bool:
        return self.status in (RenderStatus.DONE, RenderStatus.FAILED)

    def base_name(self) -> str:
        return f"reports/{self.report.year}/bao-cao-tong-ket-{self.report.year}-{self.number:03d}"
