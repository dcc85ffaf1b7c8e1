"""The award catalogue as dated data.

An :class:`Award` is the identity of an emulation title or form of commendation
(``ldtt``, ``bang_khen_tinh``...). Everything the law says about it — criteria,
quotas, council votes, prize multipliers, awarding authority, required
documents — lives in :class:`AwardRule` rows with a validity period and a legal
basis, so a nomination is judged by the rows in force for its award year and a
change of law is a data change, not a code change.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import TimeStamped


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class AwardType(models.TextChoices):
    """Loại hình khen thưởng (Law 2022 Art. 8)."""

    MERIT = "merit", _("Công trạng (thường xuyên)")
    EXCEPTIONAL = "exceptional", _("Đột xuất")
    CAMPAIGN = "campaign", _("Theo phong trào thi đua, chuyên đề")
    LONG_SERVICE = "long_service", _("Quá trình cống hiến")
    SENIORITY = "seniority", _("Niên hạn")
    FOREIGN = "foreign", _("Đối ngoại")


class AwardCategory(models.TextChoices):
    EMULATION_TITLE = "emulation_title", _("Danh hiệu thi đua")
    AWARD_FORM = "award_form", _("Hình thức khen thưởng")
    ORDER = "order", _("Huân chương")
    MEDAL = "medal", _("Huy chương")
    COMMEMORATIVE_MEDAL = "commemorative_medal", _("Kỷ niệm chương")
    HONORARY_TITLE = "honorary_title", _("Danh hiệu vinh dự nhà nước")


class AwardLevel(models.TextChoices):
    """Who awards: the level used by statistics ("by award level")."""

    CENTRAL = "central", _("Trung ương (Chủ tịch nước, Thủ tướng)")
    PROVINCIAL = "provincial", _("Chủ tịch UBND tỉnh")
    DEPARTMENT = "department", _("Thủ trưởng sở, ban, ngành và tương đương")
    DISTRICT = "district", _("Chủ tịch UBND huyện (trước 7/2025)")
    COMMUNE = "commune", _("Chủ tịch UBND xã, phường")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")


class Confidence(models.TextChoices):
    HIGH = "H", _("Cao (văn bản gốc)")
    MEDIUM = "M", _("Trung bình (nguồn thứ cấp)")
    LOW = "L", _("Thấp (chưa xác nhận, cấu hình được)")


class RegimeQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date) -> RegimeQuerySet:
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class Regime(TimeStamped):
    """A named period of law, for grouping rule rows on screen.

    Rule rows carry their own validity dates (those decide); a regime only
    labels the period they fall in ("Luật 2013 + NĐ 91/2017").
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    valid_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = RegimeQuerySet.as_manager()

    class Meta:
        verbose_name = _("giai đoạn pháp lý")
        verbose_name_plural = _("giai đoạn pháp lý")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return self.name

    def contains(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Award(TimeStamped):
    """An emulation title or form of commendation the province handles."""

    Category = AwardCategory
    Level = AwardLevel

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=40, blank=True)
    category = models.CharField(_("loại"), max_length=24, choices=AwardCategory)
    for_individual = models.BooleanField(_("xét cho cá nhân"), default=False)
    for_collective = models.BooleanField(_("xét cho tập thể"), default=False)
    for_household = models.BooleanField(_("xét cho hộ gia đình"), default=False)
    level = models.CharField(
        _("cấp khen thưởng"),
        max_length=16,
        choices=AwardLevel,
        help_text=_(
            "Cấp quyết định thường gặp; quyền quyết định theo từng giai đoạn ở quy tắc "
            "“thẩm quyền”."
        ),
    )
    forwarded_to_central = models.BooleanField(
        _("trình cấp trung ương"),
        default=False,
        help_text=_("Tỉnh chỉ lập và chuyển hồ sơ (Thủ tướng, Chủ tịch nước quyết định)."),
    )
    rank = models.PositiveSmallIntegerField(
        _("thứ tự"), default=100, help_text=_("Cao hơn = hình thức cao hơn; dùng để sắp xếp.")
    )
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["category", "rank", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=AwardCategory.values), name="award_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=AwardLevel.values), name="award_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(for_individual=True) | Q(for_collective=True) | Q(for_household=True),
                name="award_has_recipient_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def recipient_kinds(self) -> list[str]:
        kinds = []
        if self.for_individual:
            kinds.append(RecipientKind.INDIVIDUAL)
        if self.for_collective:
            kinds.append(RecipientKind.COLLECTIVE)
        if self.for_household:
            kinds.append(RecipientKind.HOUSEHOLD)
        return kinds

    def accepts(self, recipient_kind: str) -> bool:
        return recipient_kind in self.recipient_kinds()


class RuleKind(models.TextChoices):
    # Eligibility of one nominee (evaluated by awards.eligibility).
    PREREQUISITE = "prerequisite", _("Danh hiệu tiền đề (chuỗi năm)")
    RATING = "rating", _("Mức xếp loại nhiệm vụ")
    INITIATIVE = "initiative", _("Sáng kiến, đề tài được công nhận")
    SERVICE_MONTHS = "service_months", _("Thời gian công tác tối thiểu")
    NO_DISCIPLINE = "no_discipline", _("Không bị kỷ luật")
    NO_PENDING_CASE = "no_pending_case", _("Không đang bị xem xét kỷ luật, điều tra, khiếu nại")
    MEMBER_RATIO = "member_ratio", _("Tỷ lệ thành viên tập thể")
    NO_MEMBER_DISCIPLINE = "no_member_discipline", _("Không có thành viên bị kỷ luật")
    CLUSTER_MEMBER = "cluster_member", _("Là thành viên cụm, khối thi đua")
    CLUSTER_LEAD = "cluster_lead", _("Dẫn đầu cụm, khối thi đua (bảng xếp hạng đã công bố)")
    PRIOR_AWARD = "prior_award", _("Đã được khen thưởng trước đó")
    ANY_OF = "any_of", _("Đạt một trong các tiêu chí")
    ALL_OF = "all_of", _("Đạt đồng thời các tiêu chí")
    MANUAL = "manual", _("Tiêu chí thẩm định thủ công")
    # Per proposing unit and year.
    QUOTA = "quota", _("Tỷ lệ, hạn mức trong đơn vị")
    # Procedure, council and money (read by later stages).
    AUTHORITY = "authority", _("Thẩm quyền quyết định")
    COUNCIL_VOTE = "council_vote", _("Yêu cầu bỏ phiếu Hội đồng")
    PRIZE = "prize", _("Tiền thưởng (hệ số × lương cơ sở)")
    REQUIRED_DOCUMENT = "required_document", _("Thành phần hồ sơ bắt buộc")
    VERIFICATION_DAYS = "verification_days", _("Thời hạn thẩm định")


ELIGIBILITY_KINDS = frozenset(
    {
        RuleKind.PREREQUISITE,
        RuleKind.RATING,
        RuleKind.INITIATIVE,
        RuleKind.SERVICE_MONTHS,
        RuleKind.NO_DISCIPLINE,
        RuleKind.NO_PENDING_CASE,
        RuleKind.MEMBER_RATIO,
        RuleKind.NO_MEMBER_DISCIPLINE,
        RuleKind.CLUSTER_MEMBER,
        RuleKind.CLUSTER_LEAD,
        RuleKind.PRIOR_AWARD,
        RuleKind.ANY_OF,
        RuleKind.ALL_OF,
        RuleKind.MANUAL,
    }
)


class AwardRuleQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date) -> AwardRuleQuerySet:
        """Rows whose validity period contains ``day``."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def eligibility(self) -> AwardRuleQuerySet:
        return self.filter(kind__in=ELIGIBILITY_KINDS)


class AwardRule(TimeStamped):
    """One dated rule row: a criterion, quota, vote requirement, prize or procedure.

    ``params`` holds the figures (shape per ``kind``, documented in
    ``awards/eligibility.py`` and validated by ``awards.services.catalogue``).
    ``award`` is empty for rules that apply to every award (holds, documents,
    verification time limit).
    """

    Kind = RuleKind

    award = models.ForeignKey(
        Award,
        verbose_name=_("danh hiệu, hình thức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
    )
    kind = models.CharField(_("loại quy tắc"), max_length=24, choices=RuleKind)
    recipient_kind = models.CharField(
        _("áp dụng cho"),
        max_length=12,
        choices=RecipientKind,
        blank=True,
        help_text=_("Trống = mọi đối tượng."),
    )
    award_types = models.JSONField(
        _("loại hình khen thưởng áp dụng"),
        default=list,
        blank=True,
        help_text=_("Danh sách mã loại hình; trống = mọi loại hình."),
    )
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    description = models.CharField(_("diễn giải"), max_length=500)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    confidence = models.CharField(
        _("độ tin cậy"), max_length=1, choices=Confidence, default=Confidence.HIGH
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = AwardRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc khen thưởng")
        verbose_name_plural = _("quy tắc khen thưởng")
        ordering = ["award__rank", "kind", "position", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RuleKind.values), name="rule_kind_valid"),
            models.CheckConstraint(
                condition=Q(recipient_kind="") | Q(recipient_kind__in=RecipientKind.values),
                name="rule_recipient_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="rule_valid_period_ordered",
            ),
        ]
        indexes = [
            # The engine loads the rows of a set of awards in force on one day.
            models.Index(fields=["award", "kind", "valid_from"], name="rule_award_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.award.code if self.award_id else '*'}: {self.description}"

    def is_in_force_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def applies_to(self, *, recipient_kind: str, award_type: str) -> bool:
        if self.recipient_kind and self.recipient_kind != recipient_kind:
            return False
        return not self.award_types or award_type in self.award_types


class BaseSalary(TimeStamped):
    """Mức lương cơ sở in force from a date (prize money = multiplier × this)."""

    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.valid_from:%d/%m/%Y})"


class Holiday(models.Model):
    """A non-working day besides Saturdays and Sundays (Tết, national holidays,
    compensating days off). Entered by staff; counted out of working-day limits."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=120)

    class Meta:
        verbose_name = _("ngày nghỉ lễ, Tết")
        verbose_name_plural = _("ngày nghỉ lễ, Tết")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
