"""People, households and the facts eligibility is judged on: yearly task
ratings, recognised initiatives, disciplinary or investigation holds and the
award history. Collectives are units (``units.Unit``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import TimeStamped, Unit
from units.search import fold, nfc

from .catalogue import Award, AwardLevel, AwardType, RecipientKind


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class LeaderLevel(models.TextChoices):
    """Rows of the statistics form 0603.N: which kind of leader, if any."""

    NONE = "", _("Không giữ chức vụ lãnh đạo")
    PROVINCIAL = "provincial", _("Lãnh đạo cấp tỉnh")
    DEPARTMENT = "department", _("Lãnh đạo cấp sở, ngành và tương đương")
    OTHER = "other", _("Lãnh đạo khác (phòng, xã, đơn vị trực thuộc)")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> PersonQuerySet:
        from units.permissions import unit_filter

        return self.filter(unit_filter(user, "unit"))

    def search(self, query: str) -> PersonQuerySet:
        folded = fold(query)
        return self.filter(search_text__contains=folded) if folded else self


class Person(TimeStamped):
    """An individual who can be nominated. Fictional in demo data."""

    Gender = Gender
    LeaderLevel = LeaderLevel

    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    citizen_id = models.CharField(
        _("số căn cước công dân"),
        max_length=12,
        blank=True,
        help_text=_("12 chữ số. Chỉ cán bộ thi đua – khen thưởng tỉnh xem được."),
    )
    position = models.CharField(_("chức vụ, chức danh"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, related_name="people"
    )
    joined_on = models.DateField(
        _("ngày tuyển dụng, bắt đầu công tác"),
        null=True,
        blank=True,
        help_text=_("Dùng cho tiêu chí thời gian công tác tối thiểu."),
    )
    is_ethnic_minority = models.BooleanField(_("người dân tộc thiểu số"), default=False)
    is_direct_worker = models.BooleanField(
        _("người trực tiếp lao động, sản xuất, công tác"), default=False
    )
    is_entrepreneur = models.BooleanField(_("doanh nhân"), default=False)
    leader_level = models.CharField(
        _("cấp lãnh đạo"), max_length=12, choices=LeaderLevel, blank=True, default=""
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    # Folded name alone: the duplicate key "same name ignoring accents + birth date".
    folded_name = models.CharField(max_length=150, editable=False, default="")
    # Folded name and position for accent-insensitive look-up.
    search_text = models.TextField(editable=False, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["unit__name", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id=""), name="person_citizen_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values), name="person_gender_valid"
            ),
            models.CheckConstraint(
                condition=Q(citizen_id="") | Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="person_citizen_id_digits",
            ),
            models.CheckConstraint(
                condition=Q(leader_level__in=LeaderLevel.values), name="person_leader_level_valid"
            ),
        ]
        indexes = [
            # Duplicate detection: same folded name and birth date.
            models.Index(fields=["folded_name", "birth_date"], name="person_dup_key_idx"),
            # The unit's people, by name.
            models.Index(fields=["unit", "full_name"], name="person_unit_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # Derived columns only: NFC text and folded copies.
        self.full_name = nfc(self.full_name)
        self.position = nfc(self.position)
        self.citizen_id = (self.citizen_id or "").strip()
        self.folded_name = fold(self.full_name)
        self.search_text = fold(f"{self.full_name} {self.position}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "full_name",
                "folded_name",
                "search_text",
            }
        super().save(*args, **kwargs)

    @property
    def is_woman(self) -> bool:
        return self.gender == Gender.FEMALE

    def masked_citizen_id(self) -> str:
        return f"••••••••{self.citizen_id[-4:]}" if self.citizen_id else ""


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, user) -> HouseholdQuerySet:
        from units.permissions import unit_filter

        return self.filter(unit_filter(user, "unit"))

    def search(self, query: str) -> HouseholdQuerySet:
        folded = fold(query)
        return self.filter(search_text__contains=folded) if folded else self


class Household(TimeStamped):
    """A household (hộ gia đình), named after its head, in a commune or ward."""

    head_name = models.CharField(_("chủ hộ"), max_length=150)
    address = models.CharField(_("địa chỉ"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="households"
    )
    search_text = models.TextField(editable=False, default="")

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["head_name"]

    def __str__(self) -> str:
        return f"Hộ {self.head_name}"

    def save(self, *args, **kwargs):
        self.head_name = nfc(self.head_name)
        self.address = nfc(self.address)
        self.search_text = fold(f"{self.head_name} {self.address}")
        super().save(*args, **kwargs)


class UnitYearFigure(TimeStamped):
    """Headcount of a collective in a year: the denominator of member ratios
    ("≥ 70 % of members are Advanced Workers"). Without it the engine counts
    the people recorded in the unit."""

    unit = models.ForeignKey(Unit, verbose_name=_("tập thể"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("năm"))
    member_count = models.PositiveIntegerField(_("tổng số thành viên"))

    class Meta:
        verbose_name = _("số thành viên tập thể theo năm")
        verbose_name_plural = _("số thành viên tập thể theo năm")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unit_year_figure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.member_count}"


def _one_subject(prefix: str, fields: tuple[str, ...]) -> models.CheckConstraint:
    """Exactly one of ``fields`` is set."""
    options = [
        Q(**{f"{f}__isnull": False}, **{f"{o}__isnull": True for o in fields if o != f})
        for f in fields
    ]
    condition = options[0]
    for option in options[1:]:
        condition |= option
    return models.CheckConstraint(condition=condition, name=f"{prefix}_one_subject")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


RATING_ORDER = {
    Rating.NOT_COMPLETED: 1,
    Rating.COMPLETED: 2,
    Rating.GOOD: 3,
    Rating.EXCELLENT: 4,
}


class TaskRating(TimeStamped):
    """The yearly task rating of a person or of a collective."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="task_ratings"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=16, choices=Rating)

    class Meta:
        verbose_name = _("xếp loại nhiệm vụ")
        verbose_name_plural = _("xếp loại nhiệm vụ")
        ordering = ["-year"]
        constraints = [
            _one_subject("rating", ("person", "unit")),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="rating_person_year_unique",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="rating_unit_year_unique",
            ),
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="rating_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} {self.year}: {self.get_rating_display()}"


class InitiativeLevel(models.TextChoices):
    UNIT = "unit", _("Cấp cơ sở (đơn vị)")
    PROVINCE = "province", _("Phạm vi ảnh hưởng cấp tỉnh")
    NATIONAL = "national", _("Phạm vi ảnh hưởng toàn quốc")


INITIATIVE_LEVEL_ORDER = {
    InitiativeLevel.UNIT: 1,
    InitiativeLevel.PROVINCE: 2,
    InitiativeLevel.NATIONAL: 3,
}


class Initiative(TimeStamped):
    """A recognised initiative, research topic or combat ingenuity."""

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("Sáng kiến")
        RESEARCH = "research_topic", _("Đề tài, đề án khoa học")
        COMBAT = "combat_ingenuity", _("Giải pháp sáng tạo trong chiến đấu")

    Level = InitiativeLevel

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="initiatives"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="initiatives"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind, default=Kind.INITIATIVE)
    title = models.CharField(_("tên sáng kiến, đề tài"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    level = models.CharField(
        _("phạm vi công nhận"), max_length=10, choices=InitiativeLevel, default=InitiativeLevel.UNIT
    )
    recognised_by = models.CharField(_("cơ quan công nhận"), max_length=255, blank=True)
    document_number = models.CharField(_("số văn bản công nhận"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("sáng kiến, đề tài")
        verbose_name_plural = _("sáng kiến, đề tài")
        ordering = ["-year"]
        constraints = [
            _one_subject("initiative", ("person", "unit")),
            models.CheckConstraint(
                condition=Q(level__in=InitiativeLevel.values), name="initiative_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class HoldKind(models.TextChoices):
    DISCIPLINE = "discipline", _("Kỷ luật")
    INVESTIGATION = "investigation", _("Đang bị điều tra")
    INSPECTION = "inspection", _("Đang thanh tra, kiểm tra")
    COMPLAINT = "complaint", _("Đang giải quyết khiếu nại, tố cáo")
    PRESS = "press", _("Có đơn thư, báo chí phản ánh đang xác minh")


class DisciplineLevel(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    DEMOTION = "demotion", _("Hạ bậc lương, giáng chức")
    REMOVAL = "removal", _("Cách chức")
    DISMISSAL = "dismissal", _("Buộc thôi việc")


DISCIPLINE_ORDER = {
    DisciplineLevel.REPRIMAND: 1,
    DisciplineLevel.WARNING: 2,
    DisciplineLevel.DEMOTION: 3,
    DisciplineLevel.REMOVAL: 4,
    DisciplineLevel.DISMISSAL: 5,
}


class Hold(TimeStamped):
    """A disciplinary measure or a case being handled (investigation, complaint...).

    While a case is open (``ended_on`` empty or in the future) nobody may be
    proposed; a discipline also bars titles for the years its term covers.
    """

    Kind = HoldKind
    Level = DisciplineLevel

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="holds"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="award_holds"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=HoldKind)
    discipline_level = models.CharField(
        _("hình thức kỷ luật"), max_length=12, choices=DisciplineLevel, blank=True
    )
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(
        _("đến ngày"), null=True, blank=True, help_text=_("Trống = chưa kết thúc.")
    )
    note = models.CharField(_("nội dung"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kỷ luật, vụ việc đang xử lý")
        verbose_name_plural = _("kỷ luật, vụ việc đang xử lý")
        ordering = ["-started_on"]
        constraints = [
            _one_subject("hold", ("person", "unit")),
            models.CheckConstraint(condition=Q(kind__in=HoldKind.values), name="hold_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="discipline", discipline_level__in=DisciplineLevel.values)
                | (~Q(kind="discipline") & Q(discipline_level="")),
                name="hold_discipline_level_iff_discipline",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="hold_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.started_on:%d/%m/%Y})"

    def is_open_on(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)

    def overlaps_year(self, year: int) -> bool:
        return self.started_on <= dt.date(year, 12, 31) and (
            self.ended_on is None or self.ended_on >= dt.date(year, 1, 1)
        )


class AwardRecordSource(models.TextChoices):
    LEGACY_IMPORT = "legacy_import", _("Nhập từ dữ liệu cũ")
    UNIT_DECLARED = "unit_declared", _("Đơn vị kê khai")
    PORTAL_DECISION = "portal_decision", _("Quyết định trên cổng")
    CENTRAL_DECISION = "central_decision", _("Quyết định cấp trung ương")


class AwardRecordQuerySet(models.QuerySet):
    def valid(self) -> AwardRecordQuerySet:
        """Records that count: not revoked."""
        return self.filter(revoked_at__isnull=True)


class AwardRecord(TimeStamped):
    """One award actually received: the history eligibility chains are built on.

    ``unit`` is, for an individual, the unit the person belonged to when the
    award was made (so ratios per collective survive transfers); for a
    collective it is the collective itself.
    """

    Source = AwardRecordSource

    recipient_kind = models.CharField(_("đối tượng"), max_length=12, choices=RecipientKind)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="award_records",
        null=True,
        blank=True,
    )
    award = models.ForeignKey(
        Award,
        verbose_name=_("danh hiệu, hình thức"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    award_type = models.CharField(
        _("loại hình"), max_length=16, choices=AwardType, default=AwardType.MERIT
    )
    level = models.CharField(_("cấp khen thưởng"), max_length=16, choices=AwardLevel)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan, người quyết định"), max_length=255, blank=True)
    source = models.CharField(
        _("nguồn"),
        max_length=20,
        choices=AwardRecordSource,
        default=AwardRecordSource.UNIT_DECLARED,
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("lịch sử khen thưởng")
        ordering = ["-year", "award__rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    recipient_kind=RecipientKind.INDIVIDUAL,
                    person__isnull=False,
                    household__isnull=True,
                )
                | Q(
                    recipient_kind=RecipientKind.HOUSEHOLD,
                    household__isnull=False,
                    person__isnull=True,
                )
                | Q(
                    recipient_kind=RecipientKind.COLLECTIVE,
                    unit__isnull=False,
                    person__isnull=True,
                    household__isnull=True,
                ),
                name="record_recipient_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(award_type__in=AwardType.values), name="record_award_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=AwardLevel.values), name="record_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945, year__lte=2100), name="record_year_range"
            ),
            # The same decision cannot give the same award to the same person twice
            # (a re-imported spreadsheet must not double the history).
            models.UniqueConstraint(
                fields=["person", "award", "year", "decision_number"],
                condition=Q(person__isnull=False),
                name="record_person_unique",
            ),
            models.UniqueConstraint(
                fields=["unit", "award", "year", "decision_number"],
                condition=Q(recipient_kind=RecipientKind.COLLECTIVE),
                name="record_collective_unique",
            ),
            models.UniqueConstraint(
                fields=["household", "award", "year", "decision_number"],
                condition=Q(household__isnull=False),
                name="record_household_unique",
            ),
        ]
        indexes = [
            # Eligibility: a person's history of some awards over a window of years.
            models.Index(fields=["person", "award", "year"], name="record_person_award_idx"),
            # Ratios: titles of a collective's members in one year.
            models.Index(fields=["unit", "award", "year"], name="record_unit_award_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.year} – {self.recipient}"

    @property
    def recipient(self):
        return self.person or self.household or self.unit
