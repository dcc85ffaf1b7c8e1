"""Emulation campaigns (phong trào thi đua), their focus tasks, registrations,
pacts, scoring tables, scores and cluster standings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from units.models import Cluster, TimeStamped, Unit
from units.search import fold, nfc


class CampaignQuerySet(models.QuerySet):
    def for_year(self, year: int) -> CampaignQuerySet:
        return self.filter(year=year)

    def launched(self) -> CampaignQuerySet:
        return self.filter(status=Campaign.Status.LAUNCHED)

    def search(self, query: str) -> CampaignQuerySet:
        folded = fold(query)
        return self.filter(search_text__contains=folded) if folded else self

    def visible_to(self, user) -> CampaignQuerySet:
        """Drafts are seen by provincial staff only; launched and closed
        campaigns are public to every signed-in user (they are announced)."""
        if getattr(user, "sees_everything", False):
            return self
        return self.exclude(status=Campaign.Status.DRAFT)


class Campaign(TimeStamped):
    """An emulation campaign launched by an authority for a period."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "Thi đua thường xuyên (hằng năm)"
        THEMATIC = "thematic", "Thi đua theo chuyên đề"

    class Scope(models.TextChoices):
        PROVINCE = "province", "Toàn tỉnh"
        CLUSTER = "cluster", "Cụm, khối thi đua"
        UNIT = "unit", "Trong đơn vị"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        LAUNCHED = "launched", "Đã phát động"
        CLOSED = "closed", "Đã kết thúc"

    code = models.SlugField(
        "mã",
        max_length=60,
        unique=True,
        help_text="Chữ thường không dấu, số và dấu gạch ngang; dùng trong đường dẫn.",
    )
    title = models.CharField("tên phong trào", max_length=255)
    year = models.PositiveSmallIntegerField(
        "năm", help_text="Năm thi đua; bảng điểm và xếp hạng cụm, khối theo năm này."
    )
    kind = models.CharField("hình thức", max_length=10, choices=Kind, default=Kind.REGULAR)
    scope = models.CharField("phạm vi", max_length=10, choices=Scope, default=Scope.PROVINCE)
    scope_cluster = models.ForeignKey(
        Cluster,
        verbose_name="cụm, khối phát động",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị phát động",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    launching_authority = models.CharField("cơ quan phát động", max_length=255)
    motto = models.CharField("khẩu hiệu", max_length=255, blank=True)
    launch_date = models.DateField("ngày phát động", null=True, blank=True)
    period_start = models.DateField("thời gian bắt đầu")
    period_end = models.DateField("thời gian kết thúc")
    nomination_deadline = models.DateField(
        "hạn nộp hồ sơ khen thưởng",
        null=True,
        blank=True,
        help_text="Hạn cuối năm để các đơn vị gửi hồ sơ đề nghị khen thưởng.",
    )
    description = models.TextField("nội dung", blank=True)
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status, default=Status.DRAFT, editable=False
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name="sao chép từ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    search_text = models.TextField(editable=False, default="")

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["regular", "thematic"]), name="campaign_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(scope__in=["province", "cluster", "unit"]),
                name="campaign_scope_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "launched", "closed"]),
                name="campaign_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="campaign_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(scope="cluster") | Q(scope_cluster__isnull=False),
                name="campaign_cluster_scope_has_cluster",
            ),
            models.CheckConstraint(
                condition=~Q(scope="unit") | Q(scope_unit__isnull=False),
                name="campaign_unit_scope_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="campaign_year_range"
            ),
        ]
        indexes = [
            # Campaign list filtered by year and status ("launched campaigns of 2022").
            models.Index(fields=["year", "status"], name="campaign_year_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        self.search_text = fold(f"{self.title} {self.code} {self.launching_authority}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "title"}
        super().save(*args, **kwargs)

    def is_editable(self) -> bool:
        """Content can be edited until the campaign is closed."""
        return self.status != self.Status.CLOSED


class FocusTask(models.Model):
    """A focus task ("nội dung trọng tâm") of a campaign, in display order."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="phong trào", on_delete=models.CASCADE, related_name="focus_tasks"
    )
    position = models.PositiveSmallIntegerField("thứ tự")
    title = models.CharField("nội dung trọng tâm", max_length=500)
    description = models.TextField("diễn giải", blank=True)

    class Meta:
        verbose_name = "nội dung trọng tâm"
        verbose_name_plural = "nội dung trọng tâm"
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "position"], name="focus_task_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class CampaignEvent(models.Model):
    """Append-only history of a campaign: creation, edits and status changes."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("hành động", max_length=60)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("ghi chú", blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "lịch sử phong trào"
        verbose_name_plural = "lịch sử phong trào"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Campaign detail page: its history, newest first.
            models.Index(fields=["campaign", "-created_at"], name="campaign_event_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.campaign_id}"
