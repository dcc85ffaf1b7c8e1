"""Award decisions of the provincial chairman, their annex, the golden-book
registry numbers and prize money; escalations of central awards."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import TimeStamped

from .council import AgendaItem, CouncilSession


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    REVOKED = "revoked", _("Đã thu hồi toàn bộ")


class SignerCapacity(models.TextChoices):
    CHAIR = "chair", _("CHỦ TỊCH")
    VICE_CHAIR = "vice_chair", _("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")


class DecisionQuerySet(models.QuerySet):
    def issued(self) -> DecisionQuerySet:
        """Decisions that were issued (including those revoked later)."""
        return self.exclude(status=DecisionStatus.DRAFT)

    def with_counts(self) -> DecisionQuerySet:
        """Awardees that stand and their prize money, per decision (one query)."""
        valid = Q(entries__revoked_at__isnull=True)
        return self.annotate(
            entry_count=models.Count("entries", filter=valid),
            amount=models.Sum("entries__prize_amount", filter=valid),
        )


class Decision(TimeStamped):
    """Quyết định khen thưởng: the text staff edit, then issue once."""

    Status = DecisionStatus
    Capacity = SignerCapacity

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(
        _("số quyết định"), max_length=60, blank=True, help_text=_("Ví dụ: 1234/QĐ-UBND.")
    )
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_capacity = models.CharField(
        _("thẩm quyền ký"), max_length=12, choices=SignerCapacity, default=SignerCapacity.CHAIR
    )
    legal_bases = models.TextField(_("căn cứ"), help_text=_("Mỗi căn cứ một dòng."))
    proposal = models.CharField(
        _("theo đề nghị của"),
        max_length=500,
        help_text=_("Ví dụ: Giám đốc Sở Nội vụ tại Tờ trình số…"),
    )
    article_1 = models.TextField(_("Điều 1"))
    article_2 = models.TextField(_("Điều 2"))
    article_3 = models.TextField(_("Điều 3"))
    recipients = models.TextField(_("nơi nhận"), help_text=_("Mỗi nơi nhận một dòng."))
    award_year = models.PositiveSmallIntegerField(_("năm khen thưởng"))
    session = models.ForeignKey(
        CouncilSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("phiên họp Hội đồng"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DecisionStatus, default=DecisionStatus.DRAFT
    )
    # The golden-book year the registry numbers were drawn from (year of the date).
    registry_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.FileField(_("tệp PDF"), upload_to="decisions/pdf/", blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decision_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DecisionStatus.values), name="decision_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(signer_capacity__in=SignerCapacity.values),
                name="decision_capacity_valid",
            ),
            # Numbers restart every year: unique within a year once issued.
            models.UniqueConstraint(
                fields=["number", "registry_year"],
                condition=~Q(status=DecisionStatus.DRAFT),
                name="decision_number_unique_per_year",
            ),
            models.CheckConstraint(
                condition=Q(status=DecisionStatus.DRAFT)
                | (
                    ~Q(number="")
                    & Q(decision_date__isnull=False)
                    & Q(registry_year__isnull=False)
                    & Q(issued_at__isnull=False)
                ),
                name="decision_issued_has_number",
            ),
        ]
        indexes = [
            # Lists and yearly totals: issued decisions of a year.
            models.Index(fields=["status", "decision_date"], name="decision_status_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number or 'Dự thảo'} – {self.title}"

    def is_draft(self) -> bool:
        return self.status == DecisionStatus.DRAFT

    def signature_lines(self) -> list[str]:
        if self.signer_capacity == SignerCapacity.VICE_CHAIR:
            return ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
        return ["CHỦ TỊCH"]

    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class RecipientGroup(models.IntegerChoices):
    """Annex order: collectives, then households, then individuals (RULES.md §4)."""

    COLLECTIVE = 1, _("Tập thể")
    HOUSEHOLD = 2, _("Hộ gia đình")
    INDIVIDUAL = 3, _("Cá nhân")


GROUP_OF_KIND = {
    "collective": RecipientGroup.COLLECTIVE,
    "household": RecipientGroup.HOUSEHOLD,
    "individual": RecipientGroup.INDIVIDUAL,
}


class DecisionEntryQuerySet(models.QuerySet):
    def annex_order(self) -> DecisionEntryQuerySet:
        return self.order_by("-award__rank", "award_id", "group", "sort_key", "pk")

    def valid(self) -> DecisionEntryQuerySet:
        """Awards that stand: issued and not revoked."""
        return self.filter(decision__status=DecisionStatus.ISSUED, revoked_at__isnull=True)

    def for_annex(self) -> DecisionEntryQuerySet:
        return self.select_related("award", "decision").annex_order()


class DecisionEntry(TimeStamped):
    """One awardee in the annex of a decision.

    ``ordinal`` is the "STT" printed in its group of the annex; ``registry_no`` is
    its entry in the year's golden book (sổ vàng), drawn in annex order when the
    decision is issued, gapless across decisions; ``certificate_serial`` is unique
    for ever. All three are written once, at issue.
    """

    Group = RecipientGroup

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    nomination_item = models.ForeignKey(
        "awards.NominationItem", on_delete=models.PROTECT, related_name="decision_entries"
    )
    award = models.ForeignKey(
        "awards.Award", on_delete=models.PROTECT, related_name="+", verbose_name=_("danh hiệu")
    )
    recipient_kind = models.CharField(_("đối tượng"), max_length=12)
    group = models.PositiveSmallIntegerField(_("nhóm"), choices=RecipientGroup)
    person = models.ForeignKey(
        "awards.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "awards.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("họ tên, tên tập thể"), max_length=300)
    position_text = models.CharField(_("chức vụ, đơn vị"), max_length=300, blank=True)
    sort_key = models.PositiveIntegerField(_("thứ tự"), default=0)
    ordinal = models.PositiveIntegerField(_("số thứ tự trong danh sách"), null=True, blank=True)
    registry_year = models.PositiveSmallIntegerField(_("năm sổ vàng"), null=True, blank=True)
    registry_no = models.PositiveIntegerField(_("số sổ vàng"), null=True, blank=True)
    certificate_serial = models.CharField(
        _("số hiệu bằng"), max_length=40, null=True, blank=True, unique=True
    )
    prize_multiplier = models.DecimalField(
        _("hệ số tiền thưởng"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    base_salary = models.PositiveIntegerField(_("mức lương cơ sở"), null=True, blank=True)
    prize_amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"), default=0)
    prize_note = models.CharField(_("ghi chú tiền thưởng"), max_length=500, blank=True)
    award_record = models.ForeignKey(
        "awards.AwardRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)

    objects = DecisionEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("người, tập thể được khen thưởng")
        verbose_name_plural = _("danh sách kèm theo quyết định")
        ordering = ["decision", "group", "sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "nomination_item"], name="entry_once_per_decision"
            ),
            # The golden book never has two entries with one number.
            models.UniqueConstraint(
                fields=["registry_year", "registry_no"],
                condition=Q(registry_no__isnull=False),
                name="entry_registry_no_unique",
            ),
            models.CheckConstraint(
                condition=Q(group__in=RecipientGroup.values), name="entry_group_valid"
            ),
        ]
        indexes = [
            # Highest-only rule and history: a recipient's entries of a year.
            models.Index(fields=["person", "award"], name="entry_person_award_idx"),
            models.Index(fields=["unit", "award"], name="entry_unit_award_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.award}"

    def recipient_key(self) -> tuple[str, int | None]:
        return (
            self.recipient_kind,
            self.person_id or self.unit_id or self.household_id,
        )

    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class RegistryCounter(models.Model):
    """The last number handed out of a sequence (golden book of a year, certificate
    serials of a year). Issuing locks the row (SELECT … FOR UPDATE), so two
    decisions issued at the same moment queue for it and never share or skip."""

    key = models.CharField(max_length=40, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số sổ vàng, số hiệu bằng")
        verbose_name_plural = _("bộ đếm số sổ vàng, số hiệu bằng")

    def __str__(self) -> str:
        return f"{self.key}: {self.last_value}"


class CentralLevel(models.TextChoices):
    PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
    PRESIDENT = "president", _("Chủ tịch nước")


class EscalationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang lập hồ sơ")
    SUBMITTED = "submitted", _("Đã trình Trung ương")
    DECIDED = "decided", _("Đã có quyết định của Trung ương")


class Escalation(TimeStamped):
    """A submission package for awards decided at the central level, and the
    central decision when it comes back."""

    Status = EscalationStatus
    Level = CentralLevel

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("trích yếu"), max_length=500)
    award_year = models.PositiveSmallIntegerField(_("năm khen thưởng"))
    session = models.ForeignKey(
        CouncilSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter_number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    letter_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)
    letter_text = models.TextField(_("nội dung tờ trình (dự thảo)"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=EscalationStatus, default=EscalationStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    central_number = models.CharField(_("số quyết định Trung ương"), max_length=60, blank=True)
    central_date = models.DateField(_("ngày quyết định Trung ương"), null=True, blank=True)
    central_level = models.CharField(
        _("cấp quyết định"), max_length=16, choices=CentralLevel, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("hồ sơ trình Trung ương")
        verbose_name_plural = _("hồ sơ trình Trung ương")
        ordering = ["-award_year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EscalationStatus.values), name="escalation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(central_level="") | Q(central_level__in=CentralLevel.values),
                name="escalation_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EscalationEntry(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nomination_item = models.ForeignKey(
        "awards.NominationItem", on_delete=models.PROTECT, related_name="escalation_entries"
    )
    award = models.ForeignKey("awards.Award", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("họ tên, tên tập thể"), max_length=300)
    position_text = models.CharField(_("chức vụ, đơn vị"), max_length=300, blank=True)
    sort_key = models.PositiveIntegerField(default=0)
    # Filled when the central decision is recorded.
    accepted = models.BooleanField(_("được khen thưởng"), null=True, blank=True)
    award_record = models.ForeignKey(
        "awards.AwardRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("người, tập thể trình Trung ương")
        verbose_name_plural = _("danh sách trình Trung ương")
        ordering = ["escalation", "sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "nomination_item"], name="escalation_entry_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.award}"
