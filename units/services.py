"""Every meaningful write to units, lineage and cluster membership.

Shape of each service: check → write → audit row, in one transaction.
User-fixable problems raise ``ValidationError`` with Vietnamese messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from units.i18n import in_record_language

from .models import (
    AuditEvent,
    Cluster,
    ClusterMembership,
    Reorganisation,
    Unit,
    UnitLineage,
    UnitLineagePath,
)


@in_record_language
def audit_record(*, actor, action: str, target: Model, **data) -> AuditEvent:
    """Append one audit row for ``target``. Call inside the write's transaction."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data=data,
    )


# Units -----------------------------------------------------------------------

UNIT_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "parent",
    "valid_from",
    "valid_to",
    "address",
    "phone",
    "email",
)


def _check_parent(unit: Unit, parent: Unit | None) -> None:
    if parent is None or unit.pk is None:
        return
    from .permissions import subtree_ids

    if parent.pk in subtree_ids(unit.pk):
        raise ValidationError(
            {"parent": "Đơn vị cấp trên không được là chính đơn vị này hoặc đơn vị trực thuộc nó."}
        )


@transaction.atomic
def unit_create(*, actor, **fields) -> Unit:
    unit = Unit(**{k: v for k, v in fields.items() if k in UNIT_FIELDS})
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="units.unit.created", target=unit, code=unit.code)
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor, **fields) -> Unit:
    changes = {}
    _check_parent(unit, fields.get("parent", unit.parent))
    for name, value in fields.items():
        if name not in UNIT_FIELDS:
            continue
        old = getattr(unit, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(unit, name, value)
    if not changes:
        return unit
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="units.unit.updated", target=unit, changes=changes)
    return unit


def _jsonable(value):
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@transaction.atomic
def unit_reorganise(
    *,
    kind: str,
    effective_date: dt.date,
    predecessors: Iterable[Unit],
    successors: Iterable[Unit],
    actor,
    new_unit: dict | None = None,
    legal_basis: str = "",
    note: str = "",
) -> Reorganisation:
    """Record a merge, split, rename or dissolution taking effect on ``effective_date``.

    Predecessors stop existing the day before (``valid_to``); successors start
    on the day (``valid_from``) unless they already existed (a unit absorbing
    another keeps its own history). ``new_unit`` (field values) creates one
    more successor in the same transaction. Lineage edges and their closure are
    written so that ``Unit.objects.lineage_of(u)`` is one query.
    """
    predecessors = list(dict.fromkeys(predecessors))
    successors = list(dict.fromkeys(successors))
    if new_unit:
        successors.append(unit_create(actor=actor, valid_from=effective_date, **new_unit))
    kinds = Reorganisation.Kind
    errors: dict[str, str] = {}
    if not predecessors:
        errors["predecessors"] = "Chọn ít nhất một đơn vị trước sắp xếp."
    if kind != kinds.DISSOLVE and not successors:
        errors["successors"] = "Chọn ít nhất một đơn vị sau sắp xếp."
    # A merge joins one or more units into one successor, new or existing
    # (sáp nhập: a commune absorbed by its neighbour).
    if kind in (kinds.MERGE, kinds.RENAME) and len(successors) > 1:
        errors["successors"] = "Hợp nhất và đổi tên chỉ có một đơn vị sau sắp xếp."
    if kind == kinds.SPLIT:
        if len(predecessors) != 1:
            errors["predecessors"] = "Chia tách chỉ áp dụng cho một đơn vị."
        elif len(successors) < 2:
            errors["successors"] = "Chia tách cần ít nhất hai đơn vị sau sắp xếp."
    if kind == kinds.RENAME and len(predecessors) != 1:
        errors["predecessors"] = "Đổi tên chỉ áp dụng cho một đơn vị."
    overlap = {u.pk for u in predecessors} & {u.pk for u in successors}
    if overlap:
        errors["successors"] = "Một đơn vị không thể là đơn vị kế thừa của chính nó."
    for unit in predecessors:
        if unit.valid_from and unit.valid_from >= effective_date:
            errors["effective_date"] = (
                f"Ngày hiệu lực phải sau ngày bắt đầu hoạt động của {unit.name}."
            )
        if unit.valid_to and unit.valid_to < effective_date - dt.timedelta(days=1):
            errors["predecessors"] = f"{unit.name} đã kết thúc hoạt động trước ngày hiệu lực."
    # No cycles: a successor may not already be an ancestor of a predecessor.
    pred_ids = {u.pk for u in predecessors}
    if UnitLineagePath.objects.filter(
        unit_id__in=pred_ids, predecessor_id__in=[u.pk for u in successors]
    ).exists():
        errors["successors"] = "Đơn vị kế thừa đã là tiền thân của đơn vị bị sắp xếp (vòng lặp)."
    if errors:
        raise ValidationError(errors)

    reorg = Reorganisation.objects.create(
        kind=kind,
        effective_date=effective_date,
        legal_basis=legal_basis,
        note=note,
        created_by=actor,
    )
    day_before = effective_date - dt.timedelta(days=1)
    for unit in predecessors:
        unit.valid_to = day_before
        unit.save(update_fields=["valid_to", "updated_at"])
    for unit in successors:
        if unit.valid_from is None or unit.valid_from > effective_date:
            unit.valid_from = effective_date
            unit.save(update_fields=["valid_from", "updated_at"])
    for pred in predecessors:
        for succ in successors:
            UnitLineage.objects.create(reorganisation=reorg, predecessor=pred, successor=succ)
            _close_edge(pred, succ)
    audit_record(
        actor=actor,
        action=f"units.reorganisation.{kind}",
        target=reorg,
        predecessors=[u.code for u in predecessors],
        successors=[u.code for u in successors],
    )
    return reorg


def _close_edge(pred: Unit, succ: Unit) -> None:
    """Extend the closure table with every (descendant of succ, ancestor of pred) pair."""
    ancestors = {pred.pk: 0} | dict(
        UnitLineagePath.objects.filter(unit=pred).values_list("predecessor_id", "depth")
    )
    descendants = {succ.pk: 0} | dict(
        UnitLineagePath.objects.filter(predecessor=succ).values_list("unit_id", "depth")
    )
    existing = set(
        UnitLineagePath.objects.filter(
            unit_id__in=descendants, predecessor_id__in=ancestors
        ).values_list("unit_id", "predecessor_id")
    )
    UnitLineagePath.objects.bulk_create(
        UnitLineagePath(unit_id=d, predecessor_id=a, depth=dd + da + 1)
        for d, dd in descendants.items()
        for a, da in ancestors.items()
        if (d, a) not in existing and d != a
    )


# Clusters and membership -----------------------------------------------------


@transaction.atomic
def cluster_create(*, actor, **fields) -> Cluster:
    cluster = Cluster(**fields)
    cluster.full_clean()
    cluster.save()
    audit_record(actor=actor, action="units.cluster.created", target=cluster)
    return cluster


@transaction.atomic
def cluster_update(*, cluster: Cluster, actor, **fields) -> Cluster:
    for name, value in fields.items():
        setattr(cluster, name, value)
    cluster.full_clean()
    cluster.save()
    audit_record(actor=actor, action="units.cluster.updated", target=cluster)
    return cluster


def _membership_error(unit: Unit, year: int) -> ValidationError:
    current = (
        ClusterMembership.objects.filter(unit=unit, year=year).select_related("cluster").first()
    )
    where = f" ({current.cluster.name})" if current else ""
    return ValidationError(
        {"unit": f"{unit.name} đã thuộc một cụm, khối thi đua khác trong năm {year}{where}."}
    )


@transaction.atomic
def membership_add(
    *, cluster: Cluster, unit: Unit, year: int, actor, role: str = ClusterMembership.Role.MEMBER
) -> ClusterMembership:
    """Put ``unit`` in ``cluster`` for ``year``. The database enforces one
    cluster-or-block per unit per year and one head and deputy per cluster."""
    if not unit.is_active_on(dt.date(year, 12, 31)) and not unit.is_active_on(dt.date(year, 1, 1)):
        raise ValidationError({"unit": f"{unit.name} không hoạt động trong năm {year}."})
    if ClusterMembership.objects.filter(unit=unit, year=year).exists():
        raise _membership_error(unit, year)
    if (
        role != ClusterMembership.Role.MEMBER
        and ClusterMembership.objects.filter(cluster=cluster, year=year, role=role).exists()
    ):
        raise ValidationError(
            {
                "role": f"{cluster.name} đã có {ClusterMembership.Role(role).label.lower()} "
                f"trong năm {year}."
            }
        )
    try:
        with transaction.atomic():
            membership = ClusterMembership.objects.create(
                cluster=cluster, unit=unit, year=year, role=role
            )
    except IntegrityError:
        # A concurrent request won the race; the constraint is the last word.
        raise _membership_error(unit, year) from None
    audit_record(actor=actor, action="units.membership.added", target=membership, role=role)
    return membership


@transaction.atomic
def membership_remove(*, membership: ClusterMembership, actor) -> None:
    audit_record(
        actor=actor,
        action="units.membership.removed",
        target=membership,
        unit=membership.unit.code,
        cluster=membership.cluster.code,
        year=membership.year,
    )
    membership.delete()


@transaction.atomic
def cluster_rotate_leadership(
    *, cluster: Cluster, year: int, head: Unit, deputy: Unit | None, actor
) -> None:
    """Make ``head`` the head and ``deputy`` the deputy of ``cluster`` for ``year``;
    the previous head and deputy become members."""
    if deputy is not None and deputy.pk == head.pk:
        raise ValidationError({"deputy": "Cụm/khối phó phải khác cụm/khối trưởng."})
    members = {
        m.unit_id: m
        for m in ClusterMembership.objects.select_for_update().filter(cluster=cluster, year=year)
    }
    for field, unit in (("head", head), ("deputy", deputy)):
        if unit is not None and unit.pk not in members:
            raise ValidationError(
                {field: f"{unit.name} không phải thành viên của {cluster.name} năm {year}."}
            )
    before = {m.role: m.unit.code for m in members.values() if m.role != "member"}
    # Demote first so the partial unique constraints never see two heads.
    ClusterMembership.objects.filter(cluster=cluster, year=year).exclude(role="member").update(
        role=ClusterMembership.Role.MEMBER
    )
    ClusterMembership.objects.filter(pk=members[head.pk].pk).update(
        role=ClusterMembership.Role.HEAD
    )
    if deputy is not None:
        ClusterMembership.objects.filter(pk=members[deputy.pk].pk).update(
            role=ClusterMembership.Role.DEPUTY
        )
    audit_record(
        actor=actor,
        action="units.membership.rotated",
        target=cluster,
        year=year,
        before=before,
        after={"head": head.code, "deputy": deputy.code if deputy else None},
    )


@dataclass
class CopyResult:
    copied: int
    skipped_existing: int
    replaced_by_successor: int
    dropped_inactive: int


@transaction.atomic
def memberships_copy_year(*, from_year: int, to_year: int, actor) -> CopyResult:
    """Copy ``from_year``'s memberships into ``to_year``, keeping roles.

    Units already placed in ``to_year`` are left alone (so the copy can be run
    again). A unit that no longer exists in ``to_year`` is replaced by its single
    successor when it has exactly one; otherwise it is dropped.
    """
    if to_year <= from_year:
        raise ValidationError({"to_year": "Năm đích phải sau năm nguồn."})
    source = list(
        ClusterMembership.objects.filter(year=from_year).select_related("unit", "cluster")
    )
    if not source:
        raise ValidationError({"from_year": f"Năm {from_year} chưa có thành viên cụm, khối nào."})
    placed = set(ClusterMembership.objects.filter(year=to_year).values_list("unit_id", flat=True))
    taken_roles = set(
        ClusterMembership.objects.filter(year=to_year)
        .exclude(role="member")
        .values_list("cluster_id", "role")
    )
    successors: dict[int, list[int]] = {}
    for pred_id, succ_id in UnitLineage.objects.filter(
        predecessor_id__in=[m.unit_id for m in source]
    ).values_list("predecessor_id", "successor_id"):
        successors.setdefault(pred_id, []).append(succ_id)
    active_ids = set(Unit.objects.active_in_year(to_year).values_list("pk", flat=True))

    result = CopyResult(0, 0, 0, 0)
    new_rows = []
    for m in source:
        unit_id = m.unit_id
        if unit_id not in active_ids:
            succ = successors.get(unit_id, [])
            if len(succ) == 1 and succ[0] in active_ids:
                unit_id = succ[0]
                result.replaced_by_successor += 1
            else:
                result.dropped_inactive += 1
                continue
        if unit_id in placed:
            result.skipped_existing += 1
            continue
        role = m.role
        if role != "member" and (m.cluster_id, role) in taken_roles:
            role = ClusterMembership.Role.MEMBER
        taken_roles.add((m.cluster_id, role))
        placed.add(unit_id)
        new_rows.append(
            ClusterMembership(year=to_year, cluster=m.cluster, unit_id=unit_id, role=role)
        )
    ClusterMembership.objects.bulk_create(new_rows)
    result.copied = len(new_rows)
    if new_rows:
        audit_record(
            actor=actor,
            action="units.membership.year_copied",
            target=new_rows[0].cluster,
            from_year=from_year,
            to_year=to_year,
            copied=result.copied,
        )
    return result


# Notifications -----------------------------------------------------------------


@in_record_language
def notification_send(*, users: Iterable, title: str, body: str = "", url: str = "") -> list:
    """Create an in-app notice for each user and e-mail them after commit.

    Call inside the transaction of the change being announced: if it rolls
    back, neither the notices nor the e-mails exist.
    """
    from .models import Notification
    from .tasks import send_notification_emails

    rows = Notification.objects.bulk_create(
        Notification(user=user, title=title[:255], body=body, url=url)
        for user in dict.fromkeys(users)
    )
    ids = [n.pk for n in rows]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return rows


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all of them when no ids are given)."""
    from django.utils import timezone

    from .models import Notification

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
