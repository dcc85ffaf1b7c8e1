"""Emulation campaigns (phong trào thi đua), their focus tasks, registrations,
pacts, scoring tables, scores and cluster standings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        REGULAR = "regular", _("Thi đua thường xuyên (hằng năm)")
        THEMATIC = "thematic", _("Thi đua theo chuyên đề")

    class Scope(models.TextChoices):
        PROVINCE = "province", _("Toàn tỉnh")
        CLUSTER = "cluster", _("Cụm, khối thi đua")
        UNIT = "unit", _("Trong đơn vị")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        LAUNCHED = "launched", _("Đã phát động")
        CLOSED = "closed", _("Đã kết thúc")

    code = models.SlugField(
        _("mã"),
        max_length=60,
        unique=True,
        help_text=_("Chữ thường không dấu, số và dấu gạch ngang; dùng trong đường dẫn."),
    )
    title = models.CharField(_("tên phong trào"), max_length=255)
    year = models.PositiveSmallIntegerField(
        _("năm"), help_text=_("Năm thi đua; bảng điểm và xếp hạng cụm, khối theo năm này.")
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind, default=Kind.REGULAR)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope, default=Scope.PROVINCE)
    scope_cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cụm, khối phát động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị phát động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    launching_authority = models.CharField(_("cơ quan phát động"), max_length=255)
    motto = models.CharField(_("khẩu hiệu"), max_length=255, blank=True)
    launch_date = models.DateField(_("ngày phát động"), null=True, blank=True)
    period_start = models.DateField(_("thời gian bắt đầu"))
    period_end = models.DateField(_("thời gian kết thúc"))
    nomination_deadline = models.DateField(
        _("hạn nộp hồ sơ khen thưởng"),
        null=True,
        blank=True,
        help_text=_("Hạn cuối năm để các đơn vị gửi hồ sơ đề nghị khen thưởng."),
    )
    description = models.TextField(_("nội dung"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.DRAFT, editable=False
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("sao chép từ"),
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
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
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
        Campaign, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="focus_tasks"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung trọng tâm"), max_length=500)
    description = models.TextField(_("diễn giải"), blank=True)

    class Meta:
        verbose_name = _("nội dung trọng tâm")
        verbose_name_plural = _("nội dung trọng tâm")
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
    action = models.CharField(_("hành động"), max_length=60)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("lịch sử phong trào")
        verbose_name_plural = _("lịch sử phong trào")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Campaign detail page: its history, newest first.
            models.Index(fields=["campaign", "-created_at"], name="campaign_event_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.campaign_id}"

    def action_label(self) -> str:
        return CAMPAIGN_ACTION_LABELS.get(self.action, self.action)


CAMPAIGN_ACTION_LABELS = {
    "created": _("Tạo dự thảo"),
    "updated": _("Sửa nội dung"),
    "launch": _("Phát động"),
    "close": _("Kết thúc phong trào"),
    "copied": _("Tạo bằng sao chép"),
}


# Registration and pact ---------------------------------------------------------

# Titles a unit may aim for, until the award catalogue exists (GLOSSARY codes).
TARGET_TITLES = [
    ("co_tinh", _("Cờ thi đua của UBND tỉnh")),
    ("bang_khen_tinh", _("Bằng khen của Chủ tịch UBND tỉnh")),
    ("ttldxs", _("Tập thể lao động xuất sắc")),
    ("ttldtt", _("Tập thể lao động tiên tiến")),
    ("co_cp", _("Cờ thi đua của Chính phủ")),
    ("bang_khen_ttg", _("Bằng khen của Thủ tướng Chính phủ")),
    ("cstd_cs", _("Chiến sĩ thi đua cơ sở (cá nhân)")),
    ("ldtt", _("Lao động tiên tiến (cá nhân)")),
]
TARGET_TITLE_LABELS = dict(TARGET_TITLES)


class Registration(TimeStamped):
    """A unit's registration ("đăng ký thi đua") for a campaign."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="registrations"
    )
    # Codes from TARGET_TITLES; becomes a relation to awards.AwardTitle later.
    target_titles = models.JSONField(_("danh hiệu đăng ký"), default=list, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["campaign", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="registration_one_per_unit_campaign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.campaign}"

    def target_title_labels(self) -> list[str]:
        return [TARGET_TITLE_LABELS.get(c, c) for c in self.target_titles]


class Commitment(models.Model):
    """What a registered unit commits to for one focus task."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="commitments"
    )
    focus_task = models.ForeignKey(FocusTask, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("cam kết"))

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["focus_task__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "focus_task"], name="commitment_one_per_focus_task"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Pact(TimeStamped):
    """The emulation pact ("giao ước thi đua") a cluster signs for a year."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="pacts"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    text = models.TextField(_("nội dung giao ước"))
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signatories = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị đã ký"), blank=True, related_name="pacts_signed"
    )

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["-year", "cluster__name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="pact_one_per_cluster_year"),
        ]

    def __str__(self) -> str:
        return f"Giao ước {self.cluster} {self.year}"


# Scoring table -------------------------------------------------------------------


class TieBreak(models.TextChoices):
    """Ways to separate units with the same verified total, applied in order."""

    BASE = "base", _("Điểm các tiêu chí (chưa tính thưởng, trừ) cao hơn")
    PENALTY = "penalty", _("Ít điểm trừ hơn")
    BONUS = "bonus", _("Nhiều điểm thưởng hơn")
    FIRST_GROUP = "first_group", _("Điểm nhóm tiêu chí thứ nhất cao hơn")
    SELF_GAP = "self_gap", _("Chênh lệch giữa tự chấm và điểm thẩm định nhỏ hơn")


DEFAULT_TIE_BREAKS = ["base", "penalty", "first_group"]


class ScoringTable(TimeStamped):
    """The scoring table ("bảng chấm điểm") of one cluster or block for one year.

    Its status is also the state of the cluster's scoring: DRAFT (criteria can
    change), SCORING (criteria locked, scores open), PUBLISHED (standings
    public, scores locked).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang xây dựng")
        SCORING = "scoring", _("Đang chấm điểm")
        PUBLISHED = "published", _("Đã công bố kết quả")

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cụm, khối"),
        on_delete=models.PROTECT,
        related_name="scoring_tables",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scoring_tables",
        help_text=_("Phong trào thường xuyên của năm; nội dung trọng tâm lấy từ đây."),
    )
    bonus_cap = models.DecimalField(
        _("tối đa điểm thưởng"), max_digits=6, decimal_places=2, default=5
    )
    penalty_cap = models.DecimalField(
        _("tối đa điểm trừ"), max_digits=6, decimal_places=2, default=10
    )
    excellent_min = models.DecimalField(
        _("ngưỡng xếp loại Xuất sắc"), max_digits=6, decimal_places=2, default=90
    )
    good_min = models.DecimalField(
        _("ngưỡng xếp loại Tốt"), max_digits=6, decimal_places=2, default=80
    )
    fair_min = models.DecimalField(
        _("ngưỡng xếp loại Khá"), max_digits=6, decimal_places=2, default=65
    )
    flag_count = models.PositiveSmallIntegerField(_("số đơn vị đề nghị Cờ thi đua"), default=1)
    merit_count = models.PositiveSmallIntegerField(_("số đơn vị đề nghị Bằng khen"), default=2)
    tie_breaks = models.JSONField(_("tiêu chí phân hạng khi bằng điểm"), default=list, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bảng chấm điểm")
        verbose_name_plural = _("bảng chấm điểm")
        ordering = ["-year", "cluster__kind", "cluster__name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="table_one_per_cluster_year"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "scoring", "published"]),
                name="table_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(bonus_cap__gte=0, penalty_cap__gte=0), name="table_caps_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(excellent_min__gte=F("good_min"), good_min__gte=F("fair_min")),
                name="table_classes_ordered",
            ),
        ]
        indexes = [
            # Standings index: the tables of one year, per status.
            models.Index(fields=["year", "status"], name="table_year_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Bảng điểm {self.cluster} {self.year}"

    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def accepts_scores(self) -> bool:
        return self.status == self.Status.SCORING

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Criterion(models.Model):
    """A node of the scoring table: a group, a criterion inside a group, or a
    bonus/penalty item. ``max_points`` is the cap of that node."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Nhóm tiêu chí")
        CRITERION = "criterion", _("Tiêu chí")
        BONUS = "bonus", _("Điểm thưởng")
        PENALTY = "penalty", _("Điểm trừ")

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhóm"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind, default=Kind.CRITERION)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nội dung"), max_length=500)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    focus_task = models.ForeignKey(
        FocusTask,
        verbose_name=_("nội dung trọng tâm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="criteria",
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["table", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["group", "criterion", "bonus", "penalty"]),
                name="criterion_kind_valid",
            ),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
            # Only criteria hang under a group; groups and bonus/penalty items are roots.
            models.CheckConstraint(
                condition=Q(kind="criterion", parent__isnull=False)
                | (~Q(kind="criterion") & Q(parent__isnull=True)),
                name="criterion_tree_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_scored(self) -> bool:
        """Groups are sums; everything else takes points."""
        return self.kind != self.Kind.GROUP


# Scores ---------------------------------------------------------------------------


class ScoreSheet(TimeStamped):
    """One unit's scores on one table, in three layers (self, cluster, final)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đơn vị đang tự chấm")
        SUBMITTED = "submitted", _("Đã nộp tự chấm")
        ASSESSED = "assessed", _("Cụm/khối trưởng đã chấm")
        VERIFIED = "verified", _("Đã thẩm định")

    table = models.ForeignKey(ScoringTable, on_delete=models.PROTECT, related_name="sheets")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="score_sheets"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status, default=Status.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["table", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["table", "unit"], name="sheet_one_per_unit_table"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "assessed", "verified"]),
                name="sheet_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.table}"


class Layer(models.TextChoices):
    SELF = "self", _("Đơn vị tự chấm")
    CLUSTER = "cluster", _("Cụm/khối trưởng chấm")
    FINAL = "final", _("Điểm thẩm định")


def evidence_path(entry: ScoreEntry, filename: str) -> str:
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:6]
    return f"emulation/evidence/{entry.sheet.table.year}/{uuid.uuid4().hex}{suffix}"


class ScoreEntry(models.Model):
    """The three scores one unit got for one criterion, with notes and evidence."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="entries")
    self_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(blank=True)
    evidence = models.FileField(upload_to=evidence_path, blank=True, max_length=200)
    evidence_name = models.CharField(max_length=200, blank=True)
    cluster_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    cluster_note = models.TextField(blank=True)
    final_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    final_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="entry_one_per_sheet_criterion"
            ),
            models.CheckConstraint(
                condition=(Q(self_points__isnull=True) | Q(self_points__gte=0))
                & (Q(cluster_points__isnull=True) | Q(cluster_points__gte=0))
                & (Q(final_points__isnull=True) | Q(final_points__gte=0)),
                name="entry_points_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id}/{self.criterion_id}"

    def points(self, layer: str):
        return getattr(self, f"{layer}_points")

    def note(self, layer: str) -> str:
        return getattr(self, f"{layer}_note")


class ScoreChange(models.Model):
    """Append-only trail of score changes after submission: who, when,
    old → new, and why. The scored unit reads it on its standing page."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="changes")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    layer = models.CharField(max_length=10, choices=Layer)
    old_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    new_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("lý do"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("thay đổi điểm")
        verbose_name_plural = _("thay đổi điểm")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sheet's trail, newest first (score page and unit standing page).
            models.Index(fields=["sheet", "-created_at"], name="score_change_sheet_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.layer}: {self.old_points} → {self.new_points}"


class SheetEvent(models.Model):
    """History of a sheet's status: submitted, assessed, verified, returned."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sheet", "-created_at"], name="sheet_event_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.sheet_id}"

    def action_label(self) -> str:
        return SHEET_ACTION_LABELS.get(self.action, self.action)


SHEET_ACTION_LABELS = {
    "submit": _("Đơn vị nộp kết quả tự chấm"),
    "assess": _("Cụm/khối trưởng hoàn thành chấm"),
    "verify": _("Xác nhận điểm thẩm định"),
    "return": _("Trả lại đơn vị"),
    "reopen": _("Mở lại thẩm định"),
}


# Standings ---------------------------------------------------------------------------


class Standing(models.Model):
    """A unit's place in its cluster's published standings (a snapshot taken
    at publication). ``proposed_title`` is the proposal the awards app turns
    into a nomination: ``co_tinh`` for the leader, ``bang_khen_tinh`` next."""

    class Classification(models.TextChoices):
        EXCELLENT = "excellent", _("Xuất sắc")
        GOOD = "good", _("Tốt")
        FAIR = "fair", _("Khá")
        AVERAGE = "average", _("Trung bình")

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="standings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="standings")
    rank = models.PositiveSmallIntegerField(_("hạng"))
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2)
    classification = models.CharField(_("xếp loại"), max_length=10, choices=Classification)
    proposed_title = models.CharField(_("đề nghị"), max_length=30, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kết quả xếp hạng")
        verbose_name_plural = _("kết quả xếp hạng")
        ordering = ["table", "rank", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["table", "unit"], name="standing_one_per_unit"),
            models.CheckConstraint(
                condition=Q(classification__in=["excellent", "good", "fair", "average"]),
                name="standing_class_valid",
            ),
        ]
        indexes = [
            # A unit's trend over the years.
            models.Index(fields=["unit", "table"], name="standing_unit_idx"),
            # The awards app: published proposals of a year by title.
            models.Index(fields=["proposed_title", "table"], name="standing_proposal_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.unit}"

    def proposed_title_label(self) -> str:
        return TARGET_TITLE_LABELS.get(self.proposed_title, self.proposed_title)


class ProvinceSetting(models.Model):
    """Province-wide switches of the emulation app (a single row, pk=1)."""

    public_standings = models.BooleanField(
        _("công khai kết quả xếp hạng đã công bố cho mọi người dùng"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cấu hình thi đua của tỉnh")
        verbose_name_plural = _("cấu hình thi đua của tỉnh")

    def __str__(self) -> str:
        return "Cấu hình thi đua"

    @classmethod
    def current(cls) -> ProvinceSetting:
        return cls.objects.get_or_create(pk=1)[0]
