"""Nomination dossiers (hồ sơ đề nghị khen thưởng), their nominees, attached
documents and the append-only event trail of the workflow."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import TimeStamped, Unit
from units.search import fold

from .catalogue import Award, AwardType, RecipientKind
from .people import Household, Person


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    RETURNED = "returned", _("Bị trả lại, cần bổ sung")
    RESUBMITTED = "resubmitted", _("Đã gửi lại, chờ thẩm định")
    VERIFIED = "verified", _("Đã thẩm định")
    READY_FOR_COUNCIL = "ready_for_council", _("Đã chuyển Hội đồng")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Procedure(models.TextChoices):
    NORMAL = "normal", _("Thủ tục thông thường")
    SIMPLIFIED = "simplified", _("Thủ tục đơn giản")


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NominationQuerySet:
        """Dossiers ``user`` may open.

        Provincial staff see every dossier (the list hides drafts by default;
        see ``awards.filters``); unit staff see their own unit's and subordinate
        units' dossiers in every state; everyone else sees none.
        """
        from units.permissions import unit_filter

        return self.filter(unit_filter(user, "proposing_unit"))

    def active(self) -> NominationQuerySet:
        return self.exclude(status=NominationStatus.WITHDRAWN)

    def awaiting_verification(self) -> NominationQuerySet:
        return self.filter(status__in=[NominationStatus.SUBMITTED, NominationStatus.RESUBMITTED])


class Nomination(TimeStamped):
    Status = NominationStatus
    Procedure = Procedure

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đề nghị"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    award_year = models.PositiveSmallIntegerField(_("năm khen thưởng"))
    award_type = models.CharField(
        _("loại hình khen thưởng"), max_length=16, choices=AwardType, default=AwardType.MERIT
    )
    campaign = models.ForeignKey(
        "emulation.Campaign",
        verbose_name=_("phong trào thi đua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    procedure = models.CharField(
        _("thủ tục"), max_length=10, choices=Procedure, default=Procedure.NORMAL
    )
    title = models.CharField(_("trích yếu"), max_length=255)
    proposal_number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=NominationStatus, default=NominationStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True, editable=False)
    received_on = models.DateField(
        _("ngày nhận hồ sơ đầy đủ"), null=True, blank=True, editable=False
    )
    verification_due = models.DateField(_("hạn thẩm định"), null=True, blank=True, editable=False)
    verified_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True, editable=False)
    # Per-unit quota findings of the last check (list of {status, message}).
    quota_findings = models.JSONField(default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-award_year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NominationStatus.values), name="nomination_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(award_type__in=AwardType.values), name="nomination_award_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(procedure__in=Procedure.values), name="nomination_procedure_valid"
            ),
            models.CheckConstraint(
                condition=Q(award_year__gte=2000, award_year__lte=2100),
                name="nomination_year_range",
            ),
        ]
        indexes = [
            # Lists: one unit's dossiers of a year, and "all submitted in a year".
            models.Index(fields=["proposing_unit", "award_year"], name="nomination_unit_year_idx"),
            models.Index(fields=["status", "award_year"], name="nomination_status_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.proposing_unit.name}, {self.award_year})"

    @property
    def reference(self) -> str:
        return f"HS-{self.award_year}-{self.pk:05d}" if self.pk else ""

    def is_editable_by_unit(self) -> bool:
        return self.status in (NominationStatus.DRAFT, NominationStatus.RETURNED)

    def is_awaiting_verification(self) -> bool:
        return self.status in (NominationStatus.SUBMITTED, NominationStatus.RESUBMITTED)


class Verdict(models.TextChoices):
    PENDING = "pending", _("Chưa kiểm tra")
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    REVIEW = "review", _("Cần thẩm định thêm")
    INELIGIBLE = "ineligible", _("Không đủ điều kiện")


class VerificationResult(models.TextChoices):
    NONE = "", _("Chưa thẩm định")
    PASSED = "passed", _("Đạt")
    FAILED = "failed", _("Không đạt")


class NominationItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> NominationItemQuerySet:
        from units.permissions import unit_filter

        return self.filter(unit_filter(user, "nomination__proposing_unit"))

    def active(self) -> NominationItemQuerySet:
        return self.exclude(nomination__status=NominationStatus.WITHDRAWN)

    def for_list(self) -> NominationItemQuerySet:
        """Everything a nominee row shows, in a constant number of queries."""
        return self.select_related(
            "nomination__proposing_unit",
            "person__unit",
            "unit",
            "household",
            "award",
        )


class NominationItem(TimeStamped):
    """One nominee of a dossier: a person, a collective (unit) or a household,
    the award proposed and the achievement it rests on."""

    Verdict = Verdict
    Verification = VerificationResult

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="items", verbose_name=_("hồ sơ")
    )
    recipient_kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("cá nhân"),
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominated_items",
        verbose_name=_("tập thể"),
    )
    household = models.ForeignKey(
        Household,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("hộ gia đình"),
    )
    award = models.ForeignKey(
        Award,
        on_delete=models.PROTECT,
        related_name="nominated_items",
        verbose_name=_("danh hiệu, hình thức đề nghị"),
    )
    position_text = models.CharField(
        _("chức vụ, đơn vị (ghi trên quyết định)"), max_length=300, blank=True
    )
    achievement = models.TextField(_("tóm tắt thành tích"))
    # Latest automatic check (live while entering, again at verification).
    verdict = models.CharField(
        _("kết quả kiểm tra"), max_length=12, choices=Verdict, default=Verdict.PENDING
    )
    findings = models.JSONField(_("chi tiết kiểm tra"), default=list, blank=True)
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)
    # The check as it stood when the unit submitted.
    submitted_verdict = models.CharField(
        _("kết quả kiểm tra khi gửi"), max_length=12, choices=Verdict, blank=True
    )
    submitted_findings = models.JSONField(default=list, blank=True)
    # The province's verification of this nominee.
    verification = models.CharField(
        _("kết quả thẩm định"), max_length=8, choices=VerificationResult, blank=True, default=""
    )
    verification_note = models.CharField(_("ý kiến thẩm định"), max_length=1000, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Folded nominee name for accent-insensitive list search.
    search_text = models.TextField(editable=False, default="")

    objects = NominationItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("danh sách đề nghị")
        ordering = ["nomination", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    recipient_kind=RecipientKind.INDIVIDUAL,
                    person__isnull=False,
                    unit__isnull=True,
                    household__isnull=True,
                )
                | Q(
                    recipient_kind=RecipientKind.COLLECTIVE,
                    unit__isnull=False,
                    person__isnull=True,
                    household__isnull=True,
                )
                | Q(
                    recipient_kind=RecipientKind.HOUSEHOLD,
                    household__isnull=False,
                    person__isnull=True,
                    unit__isnull=True,
                ),
                name="item_recipient_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="item_verdict_valid"
            ),
            models.CheckConstraint(
                condition=Q(verification__in=VerificationResult.values),
                name="item_verification_valid",
            ),
        ]
        indexes = [
            # Duplicate detection: the same person/collective/household in a year.
            models.Index(fields=["person", "award"], name="item_person_award_idx"),
            models.Index(fields=["unit", "award"], name="item_unit_award_idx"),
            # Nominee list ordered by dossier.
            models.Index(fields=["nomination", "created_at"], name="item_nomination_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} – {self.award}"

    def save(self, *args, **kwargs):
        # Derived column only: the folded nominee name for list search.
        self.search_text = fold(self.recipient_name())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def recipient(self):
        return self.person or self.unit or self.household

    def recipient_name(self) -> str:
        return str(self.recipient) if self.recipient else ""

    def problems(self) -> list[dict]:
        return [f for f in self.findings if f.get("status") != "pass"]


class DocumentKind(models.TextChoices):
    PROPOSAL_LETTER = "proposal_letter", _("Tờ trình đề nghị khen thưởng")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    MINUTES = "minutes", _("Biên bản bình xét, họp xét khen thưởng")
    INITIATIVE_PROOF = "initiative_proof", _("Xác nhận sáng kiến, đề tài, xếp loại")
    EXCEPTIONAL_PROOF = "exceptional_proof", _("Minh chứng thành tích đột xuất")
    OTHER = "other", _("Tài liệu khác")


def _document_path(instance, filename: str) -> str:
    # Stored under a random name; the original name is kept in a column, so a
    # crafted file name never reaches the file system.
    return f"awards/nominations/{instance.nomination.uid}/{uuid.uuid4().hex}"


class NominationDocument(models.Model):
    Kind = DocumentKind

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=DocumentKind)
    file = models.FileField(_("tệp"), upload_to=_document_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    detected_type = models.CharField(_("định dạng"), max_length=8)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["kind", "uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class NominationEvent(models.Model):
    """Append-only trail of a dossier: every transition, correction and import."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("hành động"), max_length=40)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("ghi chú"), blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("nhật ký hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["created_at", "pk"]
        indexes = [
            # A dossier's history, in order.
            models.Index(fields=["nomination", "created_at"], name="event_nomination_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"

    def status_label(self, value: str) -> str:
        return NominationStatus(value).label if value in NominationStatus.values else value
