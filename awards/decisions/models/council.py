"""The emulation-commendation council, its sessions and the secret e-ballot.

Ballot secrecy is a property of the schema, not of the views:

- :class:`BallotReceipt` records *that* a member took part (and how: on their own
  account or by a written opinion entered by the secretary). It names the member.
- :class:`BallotCount` holds, per agenda item and choice, nothing but a counter. It
  has no member reference, no timestamp and a random UUID key, so no row or
  ordering can be matched with a receipt. Counters are never shown while the
  session is open; closing the session copies the totals onto the agenda items and
  deletes the counter rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from units.models import TimeStamped


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch Hội đồng")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch Hội đồng")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Ủy viên, Thư ký Hội đồng")


class Body(models.TextChoices):
    """Who considers an award: the full council or its standing committee
    (``params["body"]`` of the catalogue's council-vote rule rows)."""

    COUNCIL = "council", _("Hội đồng (toàn thể)")
    STANDING = "standing_committee", _("Thường trực Hội đồng")


class Council(TimeStamped):
    """The provincial Emulation–Commendation Council for one term (nhiệm kỳ)."""

    name = models.CharField(_("tên"), max_length=255)
    term_start = models.DateField(_("nhiệm kỳ từ ngày"))
    term_end = models.DateField(_("nhiệm kỳ đến ngày"), null=True, blank=True)
    quorum_percent = models.DecimalField(
        _("tỷ lệ thành viên dự họp tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("66.67"),
        help_text=_(
            "Phiên họp hợp lệ khi số thành viên có mặt đạt tỷ lệ này trên tổng số thành "
            "viên (66,67 = hai phần ba). Quy tắc biểu quyết của từng danh hiệu có thể đòi cao hơn."
        ),
    )

    class Meta:
        verbose_name = _("Hội đồng Thi đua – Khen thưởng")
        verbose_name_plural = _("Hội đồng Thi đua – Khen thưởng")
        ordering = ["-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gt=0, quorum_percent__lte=100),
                name="council_quorum_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CouncilMemberQuerySet(models.QuerySet):
    def serving_on(self, day: dt.date) -> CouncilMemberQuerySet:
        """Members whose term covers ``day``."""
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def current_or_upcoming(self, day: dt.date) -> CouncilMemberQuerySet:
        """Members whose term has not ended by ``day`` (serving, or starting later)."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))

    def of_body(self, body: str) -> CouncilMemberQuerySet:
        return self.filter(is_standing=True) if body == Body.STANDING else self


class CouncilMember(TimeStamped):
    """A seat on the council, held by a portal account for a period."""

    Role = CouncilRole

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="members", verbose_name=_("hội đồng")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="council_seats",
        verbose_name=_("tài khoản"),
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=CouncilRole)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    is_standing = models.BooleanField(
        _("thành viên Thường trực Hội đồng"),
        default=False,
        help_text=_("Thường trực Hội đồng xét các hình thức được giao theo quy tắc (đường ngắn)."),
    )
    valid_from = models.DateField(_("tham gia từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="council_member_unique"),
            models.CheckConstraint(
                condition=Q(role__in=CouncilRole.values), name="council_member_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="council_member_term_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name()} ({self.get_role_display()})"


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã hủy")


class CouncilSessionQuerySet(models.QuerySet):
    def for_member(self, user) -> CouncilSessionQuerySet:
        """Sessions of the bodies ``user`` holds a seat on (on the session date)."""
        seats = CouncilMember.objects.filter(
            user=user,
            council=models.OuterRef("council"),
            valid_from__lte=models.OuterRef("meeting_date"),
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=models.OuterRef("meeting_date")))
        standing = seats.filter(is_standing=True)
        return self.filter(
            (Q(body=Body.COUNCIL) & models.Exists(seats))
            | (Q(body=Body.STANDING) & models.Exists(standing))
        )


class CouncilSession(TimeStamped):
    """A meeting of the council (or its standing committee) with an agenda of nominees."""

    Status = SessionStatus
    Body = Body

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("hội đồng")
    )
    body = models.CharField(_("thành phần"), max_length=20, choices=Body, default=Body.COUNCIL)
    title = models.CharField(_("tên phiên họp"), max_length=255)
    award_year = models.PositiveSmallIntegerField(_("năm khen thưởng"))
    meeting_date = models.DateField(_("ngày họp"))
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SessionStatus, default=SessionStatus.DRAFT
    )
    # Snapshots taken when voting opens, so later changes of membership or of the
    # council's settings cannot change how this session is counted.
    member_count = models.PositiveSmallIntegerField(_("tổng số thành viên"), null=True, blank=True)
    quorum_percent = models.DecimalField(
        _("tỷ lệ dự họp tối thiểu (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quorum_required = models.PositiveSmallIntegerField(
        _("số thành viên dự họp tối thiểu"), null=True, blank=True
    )
    opened_at = models.DateTimeField(_("mở bỏ phiếu lúc"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True, editable=False)
    minutes_pdf = models.FileField(
        _("biên bản kiểm phiếu"), upload_to="decisions/minutes/", blank=True
    )
    minutes_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = CouncilSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-meeting_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="session_status_valid"
            ),
            models.CheckConstraint(condition=Q(body__in=Body.values), name="session_body_valid"),
        ]
        indexes = [
            # Home panel and list: open and upcoming sessions first.
            models.Index(fields=["status", "meeting_date"], name="session_status_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting_date:%d/%m/%Y})"

    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN

    def is_closed(self) -> bool:
        return self.status == SessionStatus.CLOSED

    def is_draft(self) -> bool:
        return self.status == SessionStatus.DRAFT


class SessionAttendance(models.Model):
    """A member recorded present at the session (by the secretary)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("thành viên có mặt")
        verbose_name_plural = _("thành viên có mặt")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return str(self.member)


class VoteBase(models.TextChoices):
    ALL_MEMBERS = "all_members", _("Tổng số thành viên")
    PRESENT = "present", _("Số thành viên tham gia biểu quyết")


class Outcome(models.TextChoices):
    PENDING = "", _("Chưa biểu quyết")
    APPROVED = "approved", _("Được thông qua")
    REJECTED = "rejected", _("Không đủ số phiếu đồng ý")
    NO_QUORUM = "no_quorum", _("Không đủ số thành viên dự họp")


class AgendaItem(TimeStamped):
    """One nominee put to the vote, with the vote rule as it stood when added."""

    Outcome = Outcome

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="agenda")
    nomination_item = models.ForeignKey(
        "awards.NominationItem",
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("người, tập thể được đề nghị"),
    )
    award = models.ForeignKey(
        "awards.Award", on_delete=models.PROTECT, related_name="+", verbose_name=_("danh hiệu")
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    vote_rule = models.ForeignKey(
        "awards.AwardRule",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("quy tắc biểu quyết"),
    )
    threshold_percent = models.DecimalField(_("tỷ lệ đồng ý (%)"), max_digits=5, decimal_places=2)
    threshold_base = models.CharField(_("tính trên"), max_length=12, choices=VoteBase)
    strict = models.BooleanField(_("phải vượt tỷ lệ"), default=False)
    attendance_percent = models.DecimalField(
        _("tỷ lệ dự họp tối thiểu riêng (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Set once, when the session closes.
    yes_count = models.PositiveSmallIntegerField(_("đồng ý"), null=True, blank=True)
    no_count = models.PositiveSmallIntegerField(_("không đồng ý"), null=True, blank=True)
    abstain_count = models.PositiveSmallIntegerField(_("không biểu quyết"), null=True, blank=True)
    required_yes = models.PositiveSmallIntegerField(_("số phiếu cần đạt"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả"), max_length=10, choices=Outcome, blank=True, default=Outcome.PENDING
    )

    class Meta:
        verbose_name = _("nội dung biểu quyết")
        verbose_name_plural = _("chương trình phiên họp")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nomination_item"], name="agenda_item_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="agenda_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(threshold_base__in=VoteBase.values), name="agenda_base_valid"
            ),
        ]
        indexes = [
            # "Approved items not yet in a decision", per award.
            models.Index(fields=["outcome", "award"], name="agenda_outcome_award_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_item.recipient_name()} – {self.award}"

    def is_approved(self) -> bool:
        return self.outcome == Outcome.APPROVED


class BallotMode(models.TextChoices):
    ELECTRONIC = "electronic", _("Bỏ phiếu điện tử")
    WRITTEN = "written", _("Ý kiến bằng văn bản (vắng mặt)")


class BallotReceipt(models.Model):
    """That ``member`` took part in the vote of ``session``; never what they chose."""

    Mode = BallotMode

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="receipts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="receipts")
    mode = models.CharField(_("hình thức"), max_length=10, choices=BallotMode)
    recorded_at = models.DateTimeField(_("ghi nhận lúc"))

    class Meta:
        verbose_name = _("xác nhận đã bỏ phiếu")
        verbose_name_plural = _("xác nhận đã bỏ phiếu")
        ordering = ["session", "member__position"]
        constraints = [
            # A member votes once per session, whatever the path.
            models.UniqueConstraint(fields=["session", "member"], name="receipt_once_per_session"),
            models.CheckConstraint(condition=Q(mode__in=BallotMode.values), name="receipt_mode"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_mode_display()}"


class Choice(models.TextChoices):
    YES = "yes", _("Đồng ý")
    NO = "no", _("Không đồng ý")
    ABSTAIN = "abstain", _("Không biểu quyết")


class BallotCount(models.Model):
    """How many ballots chose ``choice`` on ``agenda_item`` — a counter and nothing else.

    Random UUID key, no member, no timestamp: see the module docstring.
    """

    Choice = Choice

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice)
    votes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "choice"], name="ballot_count_unique"),
            models.CheckConstraint(condition=Q(choice__in=Choice.values), name="ballot_choice"),
        ]

    def __str__(self) -> str:
        return "phiếu kín"
