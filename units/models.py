"""Units (đơn vị), their lineage through reorganisations, emulation clusters and
blocks with yearly membership, accounts and the shared audit trail."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .search import fold, nfc


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    """Roles are auth groups seeded by migration 0002; the value is the group name."""

    PROVINCIAL_STAFF = "provincial_staff", _("Cán bộ thi đua – khen thưởng tỉnh")
    UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng Thi đua – Khen thưởng")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: dt.date) -> UnitQuerySet:
        """Units that exist on ``day`` (validity period includes it)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def active_in_year(self, year: int) -> UnitQuerySet:
        """Units that exist on at least one day of ``year``."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(year, 12, 31)),
            Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)),
        )

    def search(self, query: str) -> UnitQuerySet:
        """Accent- and case-insensitive search in name, short name and code."""
        folded = fold(query)
        if not folded:
            return self
        return self.filter(search_text__contains=folded)

    def visible_to(self, user) -> UnitQuerySet:
        """Units whose private pages and drafts ``user`` may see.

        Provincial staff and administrators see every unit; unit staff see
        their own unit and its subordinate units; everyone else sees none.
        """
        from .permissions import visible_unit_ids

        ids = visible_unit_ids(user)
        return self if ids is None else self.filter(pk__in=ids)

    def lineage_of(self, unit: Unit) -> UnitQuerySet:
        """``unit`` and all its predecessors, at any depth, as one query."""
        return self.filter(Q(pk=unit.pk) | Q(successor_paths__unit=unit)).distinct()


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh (UBND tỉnh)")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("Huyện, thị xã, thành phố (trước 7/2025)")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    PARTY = "party", _("Cơ quan Đảng")
    MASS_ORG = "mass_org", _("Mặt trận, đoàn thể")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp (trường học, bệnh viện)")
    OTHER = "other", _("Khác")


class Unit(TimeStamped):
    Kind = UnitKind

    code = models.SlugField(
        _("mã đơn vị"),
        max_length=40,
        unique=True,
        help_text=_("Chữ thường không dấu, số và dấu gạch ngang; dùng trong đường dẫn."),
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(
        _("loại đơn vị"), max_length=20, choices=UnitKind, default=UnitKind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    # Folded copy of name, short name and code for accent-insensitive search.
    search_text = models.TextField(editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        # The folded text sorts "Đ" with "D", as Vietnamese readers expect.
        ordering = ["search_text"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="unit_kind_valid"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period_ordered",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="unit_not_own_parent"),
        ]
        indexes = [
            # Directory filters: units of a kind, ordered by name.
            models.Index(fields=["kind", "name"], name="unit_kind_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only: NFC text and the folded search copy.
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.search_text = fold(f"{self.name} {self.short_name} {self.code}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "name"}
        super().save(*args, **kwargs)

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


class ReorganisationKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    DISSOLVE = "dissolve", _("Giải thể, kết thúc hoạt động")


class Reorganisation(TimeStamped):
    """One reorganisation event: a merge, split, rename or dissolution on a date."""

    Kind = ReorganisationKind

    kind = models.CharField(_("hình thức"), max_length=20, choices=ReorganisationKind)
    effective_date = models.DateField(_("ngày có hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("sắp xếp lại đơn vị")
        verbose_name_plural = _("sắp xếp lại đơn vị")
        ordering = ["-effective_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReorganisationKind.values), name="reorg_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.effective_date:%d/%m/%Y})"


class UnitLineage(models.Model):
    """A direct edge: ``predecessor`` continues as ``successor`` after a reorganisation."""

    reorganisation = models.ForeignKey(
        Reorganisation, on_delete=models.CASCADE, related_name="edges"
    )
    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successor_edges")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessor_edges")

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="lineage_edge_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="lineage_not_own_successor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitLineagePath(models.Model):
    """Closure of :class:`UnitLineage`: ``predecessor`` is an ancestor of ``unit``.

    Maintained by ``units.services.unit_reorganise`` so that "a unit and all its
    predecessors" is a single indexed query (``Unit.objects.lineage_of``).
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="predecessor_paths")
    predecessor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="successor_paths")
    depth = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "predecessor"], name="lineage_path_unique"),
            models.CheckConstraint(
                condition=~Q(unit=models.F("predecessor")), name="lineage_path_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} ⇒ {self.unit} ({self.depth})"


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Cụm thi đua")
    BLOCK = "block", _("Khối thi đua")


class Cluster(TimeStamped):
    """An emulation cluster ("cụm", by area) or block ("khối", by sector)."""

    Kind = ClusterKind

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10, choices=ClusterKind)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ClusterKind.values), name="cluster_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)


class ClusterMembershipQuerySet(models.QuerySet):
    def for_year(self, year: int) -> ClusterMembershipQuerySet:
        return self.filter(year=year)

    def by_role(self) -> ClusterMembershipQuerySet:
        """Head first, then deputy, then members by name."""
        rank = models.Case(
            models.When(role="head", then=0),
            models.When(role="deputy", then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        return self.order_by(rank, "unit__search_text")


class ClusterMembership(TimeStamped):
    """A unit's place in a cluster or block for one year."""

    class Role(models.TextChoices):
        HEAD = "head", _("Cụm/khối trưởng")
        DEPUTY = "deputy", _("Cụm/khối phó")
        MEMBER = "member", _("Thành viên")

    year = models.PositiveSmallIntegerField(_("năm"))
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role, default=Role.MEMBER)

    objects = ClusterMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên cụm, khối")
        verbose_name_plural = _("thành viên cụm, khối")
        ordering = ["cluster__name", "unit__search_text"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="membership_one_cluster_per_unit_year"
            ),
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=Q(role="head"),
                name="membership_one_head_per_cluster_year",
            ),
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=Q(role="deputy"),
                name="membership_one_deputy_per_cluster_year",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["head", "deputy", "member"]), name="membership_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="membership_year_range"
            ),
        ]
        indexes = [
            # The cluster page lists the members of one cluster in one year.
            models.Index(fields=["cluster", "year"], name="membership_cluster_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.cluster} ({self.year})"


class User(AbstractUser):
    """A portal account, attached to the unit it works for."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """Names of the role groups this user belongs to (one query, cached)."""
        if not self.is_authenticated or not self.pk:
            return frozenset()
        # .all() uses prefetched groups when a list page prefetched them.
        return frozenset(g.name for g in self.groups.all())

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def sees_everything(self) -> bool:
        """Provincial staff, administrators and superusers see every unit's data."""
        return self.is_superuser or self.has_role(Role.PROVINCIAL_STAFF, Role.ADMINISTRATOR)

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self.roles) if r in Role.values]


class AuditEvent(models.Model):
    """Append-only record of a meaningful write, with a namespaced action code
    (``units.unit.created``, ``units.membership.rotated``...).

    Apps with a workflow keep their own event table; this one serves the rest.
    """

    action = models.CharField(_("hành động"), max_length=80)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=255)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "History of this object", newest first.
            models.Index(
                fields=["target_type", "target_id", "-created_at"], name="audit_target_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice to one user; e-mailed after commit by a Celery task."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "My unread notices, newest first" on the home and notices pages.
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.title
