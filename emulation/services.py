"""Every meaningful write of the emulation app.

Shape: check → write → history row, in one transaction. User-fixable problems
raise ``ValidationError`` with Vietnamese messages marked for translation (keyed
by form field where one applies); impossible transitions raise ``InvalidTransition``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from units.exceptions import InvalidTransition
from units.models import Cluster, ClusterMembership, Unit
from units.search import fold
from units.services import audit_record

from . import permissions as perms
from .evidence import check_evidence
from .models import (
    TARGET_TITLE_LABELS,
    Campaign,
    CampaignEvent,
    Commitment,
    Criterion,
    FocusTask,
    Layer,
    Pact,
    ProvinceSetting,
    Registration,
    ScoreChange,
    ScoreEntry,
    ScoreSheet,
    ScoringTable,
    SheetEvent,
    Standing,
)
from .workflow import CAMPAIGN_TRANSITIONS, SHEET_TRANSITIONS, TABLE_TRANSITIONS

# Campaigns -----------------------------------------------------------------------

CAMPAIGN_FIELDS = (
    "title",
    "year",
    "kind",
    "scope",
    "scope_cluster",
    "scope_unit",
    "launching_authority",
    "motto",
    "launch_date",
    "period_start",
    "period_end",
    "nomination_deadline",
    "description",
    "legal_basis",
)


def _unique_code(base: str) -> str:
    base = slugify(fold(base))[:50].strip("-") or "phong-trao"
    code, n = base, 2
    while Campaign.objects.filter(code=code).exists():
        code = f"{base}-{n}"
        n += 1
    return code


def _campaign_event(campaign, action, actor, *, from_status="", to_status="", note="", **extra):
    return CampaignEvent.objects.create(
        campaign=campaign,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        extra=extra,
    )


def _check_campaign(campaign: Campaign) -> None:
    errors = {}
    if (
        campaign.period_start
        and campaign.period_end
        and campaign.period_end < campaign.period_start
    ):
        errors["period_end"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    if campaign.scope == Campaign.Scope.CLUSTER and not campaign.scope_cluster_id:
        errors["scope_cluster"] = _("Chọn cụm, khối phát động cho phong trào phạm vi cụm, khối.")
    if campaign.scope == Campaign.Scope.UNIT and not campaign.scope_unit_id:
        errors["scope_unit"] = _("Chọn đơn vị phát động cho phong trào phạm vi đơn vị.")
    if (
        campaign.nomination_deadline
        and campaign.period_start
        and campaign.nomination_deadline < campaign.period_start
    ):
        errors["nomination_deadline"] = _("Hạn nộp hồ sơ không được trước ngày bắt đầu phong trào.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(*, actor, focus_tasks: list[str] | None = None, **fields) -> Campaign:
    """Create a draft campaign with its ordered focus tasks."""
    perms.require(perms.can_manage_campaigns(actor))
    campaign = Campaign(**{k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS})
    campaign.code = fields.get("code") or _unique_code(f"{campaign.title}")
    campaign.created_by = actor
    _check_campaign(campaign)
    campaign.full_clean(exclude=["code"])
    campaign.save()
    _write_focus_tasks(campaign, focus_tasks or [])
    _campaign_event(campaign, "created", actor, to_status=campaign.status)
    return campaign


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, actor, focus_tasks: list[str] | None = None, **fields
) -> Campaign:
    perms.require(perms.can_manage_campaigns(actor))
    if not campaign.is_editable():
        raise ValidationError(_("Phong trào đã kết thúc, không sửa được nữa."))
    changed = []
    for name, value in fields.items():
        if name in CAMPAIGN_FIELDS and getattr(campaign, name) != value:
            setattr(campaign, name, value)
            changed.append(name)
    _check_campaign(campaign)
    campaign.full_clean()
    campaign.save()
    if focus_tasks is not None and _write_focus_tasks(campaign, focus_tasks):
        changed.append("focus_tasks")
    if changed:
        _campaign_event(campaign, "updated", actor, fields=changed)
    return campaign


def _write_focus_tasks(campaign: Campaign, titles: list[str]) -> bool:
    """Make the campaign's focus tasks equal ``titles``, in order. A task keeps
    its row (and the criteria pointing at it) as long as its position stays."""
    titles = [t.strip() for t in titles if t and t.strip()]
    existing = {t.position: t for t in campaign.focus_tasks.all()}
    changed = False
    for position, title in enumerate(titles, start=1):
        task = existing.pop(position, None)
        if task is None:
            FocusTask.objects.create(campaign=campaign, position=position, title=title)
            changed = True
        elif task.title != title:
            task.title = title
            task.save(update_fields=["title"])
            changed = True
    if existing:
        FocusTask.objects.filter(pk__in=[t.pk for t in existing.values()]).delete()
        changed = True
    return changed


@transaction.atomic
def campaign_transition(*, campaign: Campaign, action: str, actor, note: str = "") -> Campaign:
    """The one place a campaign's status changes."""
    transition = CAMPAIGN_TRANSITIONS.get(action)
    if transition is None:
        raise InvalidTransition(action)
    perms.require(transition.allowed(actor, campaign))
    regular = campaign.kind == Campaign.Kind.REGULAR
    if action == "launch" and regular and not campaign.focus_tasks.exists():
        raise ValidationError(
            _("Phong trào thường xuyên cần ít nhất một nội dung trọng tâm trước khi phát động.")
        )
    source = campaign.status
    if source not in transition.sources:
        raise InvalidTransition(f"{action} from {source}")
    updates = {"status": transition.target, "updated_at": timezone.now()}
    if action == "launch" and not campaign.launch_date:
        updates["launch_date"] = timezone.localdate()
    # Compare-and-swap: 0 rows means someone else changed the status first.
    if not Campaign.objects.filter(pk=campaign.pk, status=source).update(**updates):
        raise InvalidTransition(f"{action}: status changed concurrently")
    for name, value in updates.items():
        setattr(campaign, name, value)
    _campaign_event(
        campaign, action, actor, from_status=source, to_status=transition.target, note=note
    )
    return campaign


def campaign_launch(*, campaign: Campaign, actor) -> Campaign:
    return campaign_transition(campaign=campaign, action="launch", actor=actor)


def campaign_close(*, campaign: Campaign, actor, note: str = "") -> Campaign:
    return campaign_transition(campaign=campaign, action="close", actor=actor, note=note)


def _shift_year(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def campaign_copy(*, campaign: Campaign, year: int, actor) -> Campaign:
    """A draft copy of ``campaign`` for ``year``: same content and focus tasks,
    dates moved by the same number of years, the year in the title replaced."""
    perms.require(perms.can_manage_campaigns(actor))
    if Campaign.objects.filter(copied_from=campaign, year=year).exists():
        raise ValidationError(
            {"year": _("Phong trào này đã được sao chép sang năm %(year)s.") % {"year": year}}
        )
    delta = year - campaign.year
    title = campaign.title.replace(str(campaign.year), str(year))
    if title == campaign.title:
        title = f"{campaign.title} ({year})"
    copy = campaign_create(
        actor=actor,
        title=title,
        year=year,
        kind=campaign.kind,
        scope=campaign.scope,
        scope_cluster=campaign.scope_cluster,
        scope_unit=campaign.scope_unit,
        launching_authority=campaign.launching_authority,
        motto=campaign.motto,
        launch_date=None,
        period_start=_shift_year(campaign.period_start, delta),
        period_end=_shift_year(campaign.period_end, delta),
        nomination_deadline=_shift_year(campaign.nomination_deadline, delta),
        description=campaign.description,
        legal_basis=campaign.legal_basis,
        focus_tasks=[t.title for t in campaign.focus_tasks.all()],
    )
    Campaign.objects.filter(pk=copy.pk).update(copied_from=campaign)
    copy.copied_from = campaign
    _campaign_event(copy, "copied", actor, source=campaign.code)
    return copy


# Registration and pact -------------------------------------------------------------


@transaction.atomic
def registration_save(
    *,
    campaign: Campaign,
    unit: Unit,
    target_titles: list[str],
    commitments: dict[int, str],
    actor,
    note: str = "",
) -> Registration:
    """Register ``unit`` for ``campaign`` (or update its registration)."""
    if not perms.can_act_for_unit(actor, unit.pk):
        raise ValidationError(_("Bạn chỉ được đăng ký thi đua cho đơn vị của mình."))
    if campaign.status != Campaign.Status.LAUNCHED:
        raise ValidationError(_("Chỉ đăng ký được khi phong trào đang được phát động."))
    unknown = [c for c in target_titles if c not in TARGET_TITLE_LABELS]
    if unknown:
        raise ValidationError({"target_titles": _("Danh hiệu đăng ký không hợp lệ.")})
    if not target_titles:
        raise ValidationError({"target_titles": _("Chọn ít nhất một danh hiệu đăng ký.")})
    registration, created = Registration.objects.update_or_create(
        campaign=campaign,
        unit=unit,
        defaults={"target_titles": list(target_titles), "note": note, "registered_by": actor},
    )
    task_ids = set(campaign.focus_tasks.values_list("pk", flat=True))
    for task_id, text in commitments.items():
        if task_id not in task_ids:
            continue
        text = (text or "").strip()
        if text:
            Commitment.objects.update_or_create(
                registration=registration, focus_task_id=task_id, defaults={"text": text}
            )
        else:
            Commitment.objects.filter(registration=registration, focus_task_id=task_id).delete()
    audit_record(
        actor=actor,
        action="emulation.registration.created" if created else "emulation.registration.updated",
        target=registration,
        titles=list(target_titles),
    )
    return registration


@transaction.atomic
def pact_save(
    *, cluster: Cluster, year: int, text: str, signed_on, signatories: list[Unit], actor
) -> Pact:
    """Record the cluster's pact for ``year`` and the member units that signed it."""
    if not (perms.is_provincial(actor) or (cluster.pk, year) in perms.head_cluster_years(actor)):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError({"text": _("Nhập nội dung giao ước.")})
    members = set(
        ClusterMembership.objects.filter(cluster=cluster, year=year).values_list(
            "unit_id", flat=True
        )
    )
    outsiders = [u.name for u in signatories if u.pk not in members]
    if outsiders:
        raise ValidationError(
            {
                "signatories": _("Không phải thành viên cụm, khối năm này: %(units)s")
                % {"units": ", ".join(outsiders)}
            }
        )
    pact, _created = Pact.objects.update_or_create(
        cluster=cluster, year=year, defaults={"text": text.strip(), "signed_on": signed_on}
    )
    pact.signatories.set(signatories)
    audit_record(actor=actor, action="emulation.pact.saved", target=pact, signed=len(signatories))
    return pact


# Scoring table ---------------------------------------------------------------------

TABLE_SETTING_FIELDS = (
    "campaign",
    "bonus_cap",
    "penalty_cap",
    "excellent_min",
    "good_min",
    "fair_min",
    "flag_count",
    "merit_count",
    "tie_breaks",
)


@transaction.atomic
def table_create(*, cluster: Cluster, year: int, actor, **fields) -> ScoringTable:
    perms.require(perms.is_provincial(actor))
    if ScoringTable.objects.filter(cluster=cluster, year=year).exists():
        raise ValidationError(
            _("%(cluster)s đã có bảng chấm điểm năm %(year)s.")
            % {"cluster": cluster.name, "year": year}
        )
    if "campaign" not in fields:
        fields["campaign"] = (
            Campaign.objects.filter(year=year, kind=Campaign.Kind.REGULAR)
            .exclude(status=Campaign.Status.DRAFT)
            .order_by("pk")
            .first()
        )
    fields.setdefault("tie_breaks", list(_default_tie_breaks()))
    table = ScoringTable(
        cluster=cluster, year=year, **{k: v for k, v in fields.items() if k in TABLE_SETTING_FIELDS}
    )
    table.full_clean()
    table.save()
    audit_record(actor=actor, action="emulation.table.created", target=table)
    return table


def _default_tie_breaks():
    from .models import DEFAULT_TIE_BREAKS

    return DEFAULT_TIE_BREAKS


@transaction.atomic
def table_update_settings(*, table: ScoringTable, actor, **fields) -> ScoringTable:
    """Caps, classification thresholds, proposal counts and tie-breaks. Caps
    lock with the criteria; the rest may change until publication."""
    perms.require(perms.is_provincial(actor))
    if table.is_published:
        raise ValidationError(_("Kết quả đã công bố: không thay đổi cấu hình bảng điểm được."))
    if not table.is_editable():
        for locked in ("bonus_cap", "penalty_cap", "campaign"):
            if locked in fields and getattr(table, locked) != fields[locked]:
                raise ValidationError(
                    {locked: _("Bảng điểm đã khóa khi bắt đầu chấm: không sửa mục này được.")}
                )
    for name, value in fields.items():
        if name in TABLE_SETTING_FIELDS:
            setattr(table, name, value)
    errors = {}
    if table.excellent_min < table.good_min:
        errors["excellent_min"] = _("Ngưỡng Xuất sắc phải không thấp hơn ngưỡng Tốt.")
    if table.good_min < table.fair_min:
        errors["good_min"] = _("Ngưỡng Tốt phải không thấp hơn ngưỡng Khá.")
    if errors:
        raise ValidationError(errors)
    table.full_clean()
    table.save()
    audit_record(actor=actor, action="emulation.table.settings_changed", target=table)
    return table


def _require_table_editable(table: ScoringTable) -> None:
    if not table.is_editable():
        raise ValidationError(
            _("Bảng điểm đã khóa vì việc chấm điểm đã bắt đầu; không thêm, sửa, xóa tiêu chí được.")
        )


def _as_points(value, field: str) -> Decimal:
    try:
        points = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Điểm phải là số.")}) from None
    return points


@transaction.atomic
def criterion_save(
    *,
    table: ScoringTable,
    actor,
    criterion: Criterion | None = None,
    kind: str,
    title: str,
    max_points,
    parent: Criterion | None = None,
    focus_task: FocusTask | None = None,
    position: int | None = None,
    guidance: str = "",
) -> Criterion:
    """Add or change a node of the table. Children never exceed their group's
    maximum: the sum of a group's criteria is at most the group's points."""
    perms.require(perms.is_provincial(actor))
    _require_table_editable(table)
    max_points = _as_points(max_points, "max_points")
    if max_points <= 0:
        raise ValidationError({"max_points": _("Điểm tối đa phải lớn hơn 0.")})
    if kind == Criterion.Kind.CRITERION:
        if parent is None or parent.kind != Criterion.Kind.GROUP or parent.table_id != table.pk:
            raise ValidationError(
                {"parent": _("Tiêu chí phải thuộc một nhóm tiêu chí của bảng này.")}
            )
    else:
        parent = None
    if focus_task is not None and (
        table.campaign_id is None or focus_task.campaign_id != table.campaign_id
    ):
        raise ValidationError(
            {"focus_task": _("Nội dung trọng tâm không thuộc phong trào của bảng.")}
        )
    if parent is not None:
        siblings = parent.children.exclude(pk=criterion.pk if criterion else None)
        used = sum((c.max_points for c in siblings), Decimal(0))
        if used + max_points > parent.max_points:
            raise ValidationError(
                {
                    "max_points": _(
                        "Vượt điểm của nhóm “%(group)s”: nhóm tối đa %(max)s điểm, "
                        "các tiêu chí khác đã dùng %(used)s."
                    )
                    % {"group": parent.title, "max": _fmt(parent.max_points), "used": _fmt(used)}
                }
            )
    if kind == Criterion.Kind.GROUP and criterion is not None:
        used = sum((c.max_points for c in criterion.children.all()), Decimal(0))
        if max_points < used:
            raise ValidationError(
                {
                    "max_points": _(
                        "Các tiêu chí trong nhóm đã có tổng %(used)s điểm; "
                        "điểm tối đa của nhóm không được nhỏ hơn."
                    )
                    % {"used": _fmt(used)}
                }
            )
    if kind == Criterion.Kind.BONUS and max_points > table.bonus_cap:
        raise ValidationError(
            {
                "max_points": _("Mục thưởng không được vượt tổng điểm thưởng (%(cap)s).")
                % {"cap": _fmt(table.bonus_cap)}
            }
        )
    if kind == Criterion.Kind.PENALTY and max_points > table.penalty_cap:
        raise ValidationError(
            {
                "max_points": _("Mục trừ không được vượt tổng điểm trừ (%(cap)s).")
                % {"cap": _fmt(table.penalty_cap)}
            }
        )
    if position is None:
        position = (
            Criterion.objects.filter(table=table, parent=parent, kind=kind).aggregate(
                m=Max("position")
            )["m"]
            or 0
        ) + 1
    created = criterion is None
    criterion = criterion or Criterion(table=table)
    criterion.kind = kind
    criterion.title = title.strip()
    criterion.max_points = max_points
    criterion.parent = parent
    criterion.focus_task = focus_task
    criterion.position = position
    criterion.guidance = guidance
    criterion.full_clean()
    criterion.save()
    audit_record(
        actor=actor,
        action="emulation.criterion.created" if created else "emulation.criterion.updated",
        target=criterion,
        table=table.pk,
        max_points=str(max_points),
    )
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor) -> None:
    perms.require(perms.is_provincial(actor))
    _require_table_editable(criterion.table)
    audit_record(actor=actor, action="emulation.criterion.deleted", target=criterion)
    criterion.delete()


def _fmt(value) -> str:
    """``7,5`` / ``30``: points as Vietnamese users write them."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


@transaction.atomic
def table_copy_previous(*, cluster: Cluster, year: int, actor) -> ScoringTable:
    """Copy the cluster's most recent earlier table into a new draft for
    ``year``; focus tasks are matched by position in the new year's campaign."""
    perms.require(perms.is_provincial(actor))
    source = (
        ScoringTable.objects.filter(cluster=cluster, year__lt=year)
        .order_by("-year")
        .prefetch_related("criteria")
        .first()
    )
    if source is None:
        raise ValidationError(
            _("%(cluster)s chưa có bảng chấm điểm năm nào trước %(year)s.")
            % {"cluster": cluster.name, "year": year}
        )
    table = table_create(
        cluster=cluster,
        year=year,
        actor=actor,
        **{k: getattr(source, k) for k in TABLE_SETTING_FIELDS if k != "campaign"},
    )
    tasks_by_position = (
        {t.position: t for t in table.campaign.focus_tasks.all()} if table.campaign else {}
    )
    criteria = sorted(source.criteria.select_related("focus_task"), key=lambda c: c.parent_id or 0)
    new_ids: dict[int, Criterion] = {}
    for old in criteria:
        task = tasks_by_position.get(old.focus_task.position) if old.focus_task else None
        new_ids[old.pk] = Criterion.objects.create(
            table=table,
            parent=new_ids.get(old.parent_id),
            kind=old.kind,
            position=old.position,
            title=old.title,
            guidance=old.guidance,
            max_points=old.max_points,
            focus_task=task,
        )
    audit_record(
        actor=actor, action="emulation.table.copied", target=table, source_year=source.year
    )
    return table


def table_problems(table: ScoringTable) -> list[str]:
    """Why the table cannot open for scoring yet (empty list: it can)."""
    criteria = list(table.criteria.all())
    problems = []
    groups = [c for c in criteria if c.kind == Criterion.Kind.GROUP]
    if not groups:
        problems.append(_("Bảng điểm chưa có nhóm tiêu chí nào."))
    for group in groups:
        children = [c for c in criteria if c.parent_id == group.pk]
        if not children:
            problems.append(_("Nhóm “%(group)s” chưa có tiêu chí.") % {"group": group.title})
        elif sum((c.max_points for c in children), Decimal(0)) > group.max_points:
            problems.append(
                _("Các tiêu chí của nhóm “%(group)s” vượt điểm tối đa của nhóm.")
                % {"group": group.title}
            )
    return problems


@transaction.atomic
def table_transition(*, table: ScoringTable, action: str, actor, note: str = "") -> ScoringTable:
    """The one place a table's (and its standings') status changes.

    ``open`` locks the criteria and creates a score sheet for every member of
    the cluster that year; ``publish`` needs every sheet verified and stores
    the standings; ``unpublish`` (with a reason) reopens scores.
    """
    transition = TABLE_TRANSITIONS.get(action)
    if transition is None:
        raise InvalidTransition(action)
    perms.require(transition.allowed(actor, table))
    if transition.note_required and not note.strip():
        raise ValidationError({"note": _("Nhập lý do.")})
    source = table.status
    if source not in transition.sources:
        raise InvalidTransition(f"{action} from {source}")
    extra: dict = {}
    if action == "open":
        problems = table_problems(table)
        if problems:
            raise ValidationError(problems)
        extra["sheets"] = sheets_ensure(table=table)
    if action == "publish":
        pending = list(
            table.sheets.exclude(status=ScoreSheet.Status.VERIFIED)
            .select_related("unit")
            .values_list("unit__name", flat=True)
        )
        if pending:
            raise ValidationError(
                _("Chưa thể công bố: còn đơn vị chưa được thẩm định điểm: %(units)s")
                % {"units": ", ".join(pending)}
            )
        if not table.sheets.exists():
            raise ValidationError(_("Chưa có đơn vị nào được chấm điểm."))
    now = timezone.now()
    updates = {"status": transition.target, "updated_at": now}
    if action == "publish":
        updates["published_at"] = now
    if action == "unpublish":
        updates["published_at"] = None
    if not ScoringTable.objects.filter(pk=table.pk, status=source).update(**updates):
        raise InvalidTransition(f"{action}: status changed concurrently")
    for name, value in updates.items():
        setattr(table, name, value)
    if action == "publish":
        extra["standings"] = _standings_store(table)
    audit_record(
        actor=actor,
        action=f"emulation.table.{action}",
        target=table,
        from_status=source,
        to_status=transition.target,
        note=note,
        **extra,
    )
    return table


def _standings_store(table: ScoringTable) -> int:
    from .selectors import table_results

    results = table_results(table)
    Standing.objects.filter(table=table).delete()
    Standing.objects.bulk_create(
        Standing(
            table=table,
            unit=row.unit,
            rank=row.rank,
            total=row.total,
            classification=row.classification,
            proposed_title=row.proposal,
            note=row.proposal_note,
        )
        for row in results.rows
    )
    return len(results.rows)


def sheets_ensure(*, table: ScoringTable) -> int:
    """One sheet per member unit of the table's cluster that year (idempotent)."""
    member_ids = ClusterMembership.objects.filter(
        cluster_id=table.cluster_id, year=table.year
    ).values_list("unit_id", flat=True)
    have = set(table.sheets.values_list("unit_id", flat=True))
    new = [ScoreSheet(table=table, unit_id=uid) for uid in member_ids if uid not in have]
    ScoreSheet.objects.bulk_create(new)
    return len(new)


# Scores ---------------------------------------------------------------------------

# Which sheet statuses let each layer be written, for its own scorer. Provincial
# staff may correct any layer until publication (with a reason once submitted).
LAYER_OPEN = {
    Layer.SELF: {ScoreSheet.Status.DRAFT, ScoreSheet.Status.SUBMITTED},
    Layer.CLUSTER: {ScoreSheet.Status.SUBMITTED, ScoreSheet.Status.ASSESSED},
    Layer.FINAL: {ScoreSheet.Status.ASSESSED, ScoreSheet.Status.VERIFIED},
}
LOWER_LAYER = {Layer.CLUSTER: Layer.SELF, Layer.FINAL: Layer.CLUSTER}


@dataclass
class ScoreInput:
    points: object = None  # str/Decimal/None as typed
    note: str = ""
    reason: str = ""
    evidence: object = None  # an UploadedFile or None


def _check_scoring_open(sheet: ScoreSheet) -> None:
    table = sheet.table
    if table.is_published:
        raise ValidationError(_("Kết quả đã công bố nên điểm đã khóa; không sửa được."))
    if not table.accepts_scores():
        raise ValidationError(_("Bảng điểm chưa được mở để chấm."))


def _check_layer_allowed(sheet: ScoreSheet, layer: str, actor) -> None:
    if not perms.can_edit_layer(actor, sheet, layer):
        if layer == Layer.SELF:
            raise ValidationError(_("Bạn chỉ được tự chấm điểm cho đơn vị của mình."))
        if layer == Layer.CLUSTER:
            raise ValidationError(_("Chỉ cụm/khối trưởng của cụm, khối này được chấm điểm đơn vị."))
        raise ValidationError(_("Chỉ cán bộ thi đua – khen thưởng tỉnh được thẩm định điểm."))
    if sheet.status not in LAYER_OPEN[layer] and not (
        perms.is_provincial(actor) and sheet.status != ScoreSheet.Status.DRAFT
    ):
        messages = {
            Layer.SELF: _("Đơn vị đã nộp và đã được chấm; không sửa điểm tự chấm được nữa."),
            Layer.CLUSTER: _("Chưa đến bước chấm của cụm/khối hoặc bước này đã xong."),
            Layer.FINAL: _("Chưa đến bước thẩm định."),
        }
        raise ValidationError(messages[layer])


@transaction.atomic
def score_layer_save(*, sheet: ScoreSheet, layer: str, inputs: dict[int, ScoreInput], actor) -> int:
    """Write one layer of scores for a sheet; return the number of changes.

    Points are between 0 and the criterion's maximum. Once the sheet has been
    submitted, every change is recorded with who, when, old → new and a reason
    (required); a score below the layer beneath it also needs a reason, so the
    unit learns why it lost points. Errors are keyed ``points_<id>``,
    ``reason_<id>`` and ``evidence_<id>`` for the form.
    """
    sheet = ScoreSheet.objects.select_for_update().select_related("table").get(pk=sheet.pk)
    _check_scoring_open(sheet)
    _check_layer_allowed(sheet, layer, actor)
    criteria = {c.pk: c for c in sheet.table.criteria.exclude(kind=Criterion.Kind.GROUP)}
    entries = {e.criterion_id: e for e in sheet.entries.select_for_update()}
    errors: dict[str, list[str]] = {}
    planned = []
    submitted = sheet.status != ScoreSheet.Status.DRAFT
    for criterion_id, data in inputs.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.setdefault("__all__", []).append(_("Tiêu chí không thuộc bảng điểm này."))
            continue
        new = None
        if data.points not in (None, ""):
            try:
                new = Decimal(str(data.points).strip().replace(",", "."))
            except InvalidOperation:
                errors[f"points_{criterion_id}"] = [_("Điểm phải là số, ví dụ 8 hoặc 7,5.")]
                continue
            if new != new.quantize(Decimal("0.01")):
                errors[f"points_{criterion_id}"] = [_("Điểm chỉ có tối đa hai chữ số thập phân.")]
                continue
            if new < 0:
                errors[f"points_{criterion_id}"] = [
                    _("Điểm không được âm (điểm trừ nhập số dương: số điểm bị trừ).")
                ]
                continue
            if new > criterion.max_points:
                errors[f"points_{criterion_id}"] = [
                    _("Điểm vượt quá điểm tối đa của tiêu chí (%(max)s).")
                    % {"max": _fmt(criterion.max_points)}
                ]
                continue
        entry = entries.get(criterion_id) or ScoreEntry(sheet=sheet, criterion=criterion)
        old = entry.points(layer)
        reason = (data.reason or "").strip()
        lower = LOWER_LAYER.get(layer)
        below = entry.points(lower) if lower else None
        changed = old != new
        # Agreeing with the layer below is not a change; anything else after
        # submission is, and the scored unit must be told why.
        needs_reason = submitted and changed and (old is not None or new != below)
        if needs_reason and not reason:
            errors[f"reason_{criterion_id}"] = [
                _("Nhập lý do thay đổi điểm (bắt buộc sau khi đã nộp).")
                if old is not None
                else _("Nhập lý do vì điểm khác với điểm của bước trước.")
            ]
            continue
        upload = data.evidence
        if upload:
            if layer != Layer.SELF:
                errors[f"evidence_{criterion_id}"] = [_("Chỉ đơn vị tự chấm mới nộp minh chứng.")]
                continue
            try:
                check_evidence(upload)
            except ValidationError as exc:
                errors[f"evidence_{criterion_id}"] = exc.messages
                continue
        planned.append((entry, criterion, old, new, (data.note or "").strip(), reason, upload))
    if errors:
        raise ValidationError(errors)
    changes = 0
    for entry, criterion, old, new, note, reason, upload in planned:
        if old == new and note == entry.note(layer) and not upload:
            continue  # untouched row: no write, no empty entries
        setattr(entry, f"{layer}_points", new)
        setattr(entry, f"{layer}_note", note)
        if upload:
            entry.evidence_name = upload.name[:200]
            entry.evidence.save(upload.name, upload, save=False)
        entry.save()
        if old != new:
            changes += 1
            if submitted and reason:  # every change that needed (or got) a reason
                ScoreChange.objects.create(
                    sheet=sheet,
                    criterion=criterion,
                    layer=layer,
                    old_points=old,
                    new_points=new,
                    reason=reason,
                    actor=actor,
                )
    return changes


def _layer_missing(sheet: ScoreSheet, layer: str) -> list[str]:
    """Titles of scored criteria with no points in ``layer``. Bonus and
    penalty items may stay empty (they count as 0)."""
    filled = set(
        sheet.entries.filter(**{f"{layer}_points__isnull": False}).values_list(
            "criterion_id", flat=True
        )
    )
    return [
        c.title
        for c in sheet.table.criteria.filter(kind=Criterion.Kind.CRITERION).order_by(
            "parent__position", "position"
        )
        if c.pk not in filled
    ]


@transaction.atomic
def sheet_transition(*, sheet: ScoreSheet, action: str, actor, note: str = "") -> ScoreSheet:
    """The one place a sheet's status changes (submit, assess, verify, return, reopen)."""
    transition = SHEET_TRANSITIONS.get(action)
    if transition is None:
        raise InvalidTransition(action)
    sheet = ScoreSheet.objects.select_related("table", "unit").get(pk=sheet.pk)
    _check_scoring_open(sheet)
    if not transition.allowed(actor, sheet):
        raise PermissionDenied
    if transition.note_required and not note.strip():
        raise ValidationError({"note": _("Nhập lý do.")})
    source = sheet.status
    if source not in transition.sources:
        raise InvalidTransition(f"{action} from {source}")
    layer = {"submit": Layer.SELF, "assess": Layer.CLUSTER, "verify": Layer.FINAL}.get(action)
    if layer:
        missing = _layer_missing(sheet, layer)
        if missing:
            raise ValidationError(
                ngettext(
                    "Còn %(n)s tiêu chí chưa có điểm: %(titles)s",
                    "Còn %(n)s tiêu chí chưa có điểm: %(titles)s",
                    len(missing),
                )
                % {"n": len(missing), "titles": "; ".join(missing[:5])}
            )
    now = timezone.now()
    updates: dict = {"status": transition.target, "updated_at": now}
    stamp = {"submit": "submitted_at", "assess": "assessed_at", "verify": "verified_at"}.get(action)
    if stamp:
        updates[stamp] = now
    if not ScoreSheet.objects.filter(pk=sheet.pk, status=source).update(**updates):
        raise InvalidTransition(f"{action}: status changed concurrently")
    for name, value in updates.items():
        setattr(sheet, name, value)
    SheetEvent.objects.create(
        sheet=sheet,
        action=action,
        from_status=source,
        to_status=transition.target,
        actor=actor,
        note=note,
    )
    return sheet


@transaction.atomic
def province_setting_update(*, public_standings: bool, actor) -> ProvinceSetting:
    """Make published standings public to every signed-in user, or not."""
    perms.require(perms.is_provincial(actor))
    setting = ProvinceSetting.current()
    if setting.public_standings != public_standings:
        setting.public_standings = public_standings
        setting.save()
        audit_record(
            actor=actor,
            action="emulation.setting.public_standings",
            target=setting,
            value=public_standings,
        )
    return setting
