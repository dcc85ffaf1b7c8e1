"""Reads of the emulation app: standings computed from scores, a unit's own
standing, its trend over the years.

``table_results`` costs three queries whatever the number of units (criteria,
sheets with units, score values) and does the arithmetic in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery

from units.models import Unit

from .models import Criterion, ScoreChange, ScoreEntry, ScoreSheet, ScoringTable, Standing, TieBreak

ZERO = Decimal("0")
CLASS_ORDER = ["excellent", "good", "fair", "average"]


@dataclass
class Row:
    unit: Unit
    sheet: ScoreSheet
    groups: dict[int, Decimal] = field(default_factory=dict)
    focus: dict[int, Decimal] = field(default_factory=dict)
    criteria: dict[int, Decimal | None] = field(default_factory=dict)
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO
    self_total: Decimal = ZERO
    total: Decimal = ZERO
    rank: int = 0
    classification: str = "average"
    proposal: str = ""
    proposal_note: str = ""
    complete: bool = True

    @property
    def classification_label(self) -> str:
        return str(Standing.Classification(self.classification).label)

    @property
    def proposal_label(self) -> str:
        from .models import TARGET_TITLE_LABELS

        return str(TARGET_TITLE_LABELS.get(self.proposal, ""))


@dataclass
class Results:
    table: ScoringTable
    groups: list[Criterion]
    criteria: list[Criterion]  # scored criteria, in table order
    bonus_items: list[Criterion]
    penalty_items: list[Criterion]
    focus_tasks: list
    rows: list[Row]
    max_total: Decimal

    def averages(self) -> dict[int, Decimal]:
        """Average points per criterion over the cluster's units."""
        out = {}
        for c in self.criteria + self.bonus_items + self.penalty_items:
            values = [r.criteria.get(c.pk) or ZERO for r in self.rows]
            out[c.pk] = (
                (sum(values, ZERO) / len(values)).quantize(Decimal("0.01")) if values else ZERO
            )
        return out

    def row_for(self, unit_id: int) -> Row | None:
        return next((r for r in self.rows if r.unit.pk == unit_id), None)


def _effective(final, cluster, own):
    """Verified points if present; otherwise the latest layer (working standings)."""
    for value in (final, cluster, own):
        if value is not None:
            return value
    return None


def table_results(table: ScoringTable) -> Results:
    criteria = list(
        Criterion.objects.filter(table=table)
        .select_related("focus_task")
        .order_by("position", "pk")
    )
    groups = [c for c in criteria if c.kind == Criterion.Kind.GROUP]
    group_pos = {g.pk: g.position for g in groups}
    scored = sorted(
        (c for c in criteria if c.kind == Criterion.Kind.CRITERION),
        key=lambda c: (group_pos.get(c.parent_id, 0), c.position, c.pk),
    )
    bonus_items = [c for c in criteria if c.kind == Criterion.Kind.BONUS]
    penalty_items = [c for c in criteria if c.kind == Criterion.Kind.PENALTY]
    by_id = {c.pk: c for c in criteria}
    focus_tasks = sorted(
        {c.focus_task for c in criteria if c.focus_task_id}, key=lambda t: t.position
    )

    sheets = list(
        ScoreSheet.objects.filter(table=table).select_related("unit").order_by("unit__name")
    )
    values = ScoreEntry.objects.filter(sheet__table=table).values_list(
        "sheet_id", "criterion_id", "self_points", "cluster_points", "final_points"
    )
    per_sheet: dict[int, list] = defaultdict(list)
    for sheet_id, criterion_id, own, cluster, final in values:
        per_sheet[sheet_id].append((criterion_id, own, cluster, final))

    rows = []
    for sheet in sheets:
        row = Row(unit=sheet.unit, sheet=sheet)
        row.groups = {g.pk: ZERO for g in groups}
        row.focus = {t.pk: ZERO for t in focus_tasks}
        bonus = penalty = own_total = ZERO
        for criterion_id, own, cluster, final in per_sheet.get(sheet.pk, ()):
            criterion = by_id.get(criterion_id)
            if criterion is None:
                continue
            points = _effective(final, cluster, own)
            row.criteria[criterion_id] = points
            points = points or ZERO
            if criterion.kind == Criterion.Kind.CRITERION:
                row.base += points
                row.groups[criterion.parent_id] = row.groups.get(criterion.parent_id, ZERO) + points
                task_id = criterion.focus_task_id or by_id[criterion.parent_id].focus_task_id
                if task_id:
                    row.focus[task_id] = row.focus.get(task_id, ZERO) + points
                own_total += own or ZERO
            elif criterion.kind == Criterion.Kind.BONUS:
                bonus += points
                own_total += own or ZERO
            elif criterion.kind == Criterion.Kind.PENALTY:
                penalty += points
                own_total -= own or ZERO
        row.bonus = min(bonus, table.bonus_cap)
        row.penalty = min(penalty, table.penalty_cap)
        row.total = row.base + row.bonus - row.penalty
        row.self_total = own_total
        row.complete = sheet.status == ScoreSheet.Status.VERIFIED
        row.classification = classify(table, row.total)
        rows.append(row)

    _rank(table, rows, groups)
    _propose(table, rows)
    return Results(
        table=table,
        groups=groups,
        criteria=scored,
        bonus_items=bonus_items,
        penalty_items=penalty_items,
        focus_tasks=focus_tasks,
        rows=rows,
        max_total=sum((g.max_points for g in groups), ZERO),
    )


def classify(table: ScoringTable, total: Decimal) -> str:
    if total >= table.excellent_min:
        return "excellent"
    if total >= table.good_min:
        return "good"
    if total >= table.fair_min:
        return "fair"
    return "average"


def _tie_key(table: ScoringTable, row: Row, groups: list[Criterion]) -> tuple:
    key: list = [-row.total]
    for name in table.tie_breaks or []:
        if name == TieBreak.BASE:
            key.append(-row.base)
        elif name == TieBreak.PENALTY:
            key.append(row.penalty)
        elif name == TieBreak.BONUS:
            key.append(-row.bonus)
        elif name == TieBreak.FIRST_GROUP and groups:
            key.append(-row.groups.get(groups[0].pk, ZERO))
        elif name == TieBreak.SELF_GAP:
            key.append(abs(row.self_total - row.total))
    return tuple(key)


def _rank(table: ScoringTable, rows: list[Row], groups: list[Criterion]) -> None:
    """Sort by total then by the table's tie-breaks, in order; units still
    equal on every key share a rank (1, 2, 2, 4)."""
    keyed = sorted(
        ((_tie_key(table, r, groups), r) for r in rows), key=lambda kr: (kr[0], kr[1].unit.name)
    )
    previous, rank = None, 0
    for position, (key, row) in enumerate(keyed, start=1):
        if key != previous:
            rank = position
        row.rank = rank
        previous = key
    rows.sort(key=lambda r: (r.rank, r.unit.name))


def _propose(table: ScoringTable, rows: list[Row]) -> None:
    """The leader (rated Xuất sắc) is proposed for the provincial Emulation
    Flag; the next ones (rated Tốt or better) for the chairman's Certificate of
    Merit. A tie across the flag boundary is left to the cluster's vote."""
    flag_slots = table.flag_count
    flagged = [r for r in rows if r.rank <= flag_slots]
    if len(flagged) > flag_slots:
        boundary = max(r.rank for r in flagged)
        for r in flagged:
            if r.rank == boundary:
                r.proposal_note = "Đồng hạng: cụm, khối cần suy tôn để chọn đơn vị đề nghị Cờ."
        flagged = [r for r in flagged if r.rank < boundary]
    for r in flagged:
        if r.classification == "excellent":
            r.proposal = "co_tinh"
    merit, last_rank = 0, None
    for r in rows:
        if r.proposal:
            continue
        if CLASS_ORDER.index(r.classification) > CLASS_ORDER.index("good"):
            break
        if merit < table.merit_count or r.rank == last_rank:
            r.proposal = "bang_khen_tinh"
            merit += 1
            last_rank = r.rank
        else:
            break


def sheet_trail(sheet: ScoreSheet):
    return (
        ScoreChange.objects.filter(sheet=sheet)
        .select_related("criterion", "actor")
        .order_by("-created_at", "-pk")
    )


@dataclass
class TrendPoint:
    year: int
    rank: int
    total: Decimal
    size: int
    cluster_name: str
    unit_name: str


def unit_trend(unit: Unit) -> list[TrendPoint]:
    """Published standings of ``unit`` and its predecessors, oldest first."""
    size = (
        Standing.objects.filter(table=OuterRef("table"))
        .values("table")
        .annotate(n=Count("pk"))
        .values("n")
    )
    standings = (
        Standing.objects.filter(
            unit__in=Unit.objects.lineage_of(unit),
            table__status=ScoringTable.Status.PUBLISHED,
        )
        .select_related("table__cluster", "unit")
        .annotate(size=Subquery(size))
        .order_by("table__year")
    )
    return [
        TrendPoint(
            year=s.table.year,
            rank=s.rank,
            total=s.total,
            size=s.size or 0,
            cluster_name=s.table.cluster.name,
            unit_name=s.unit.name,
        )
        for s in standings
    ]
