"""Statistics of one year, each figure with the previous year beside it.

Sources (what counts as an award):

- the provincial chairman's decisions: entries of ISSUED decisions that are not
  revoked (``DecisionEntry``), dated in the year;
- central decisions recorded from escalations: accepted entries of escalations
  whose central decision (dated in the year) was recorded (``EscalationEntry``);
- awards below the province (heads of departments, communes, enterprises) are
  not decided in the portal: they come from the award history the units
  declare or import (``AwardRecord`` of those levels), and are labelled so.

A year is the year of the decision date (the statistical reports count the
decisions signed in the reporting period). Counts are awards ("lượt"): one
person given two forms in a year counts twice, as the province's summary does.

Every dimension is aggregated in SQL (GROUP BY with conditional counts for the
two years at once), so :func:`year_statistics` runs a constant number of
queries whatever the number of awards or units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from awards.decisions.models import (
    CentralLevel,
    DecisionEntry,
    DecisionStatus,
    EscalationEntry,
    EscalationStatus,
)
from awards.models import (
    Award,
    AwardLevel,
    AwardRecord,
    AwardRecordSource,
    AwardType,
    Gender,
    LeaderLevel,
    RecipientKind,
)
from emulation.models import Campaign, Standing
from units.models import ClusterKind, ClusterMembership, Unit, UnitKind

LOWER_LEVELS = [
    AwardLevel.DEPARTMENT,
    AwardLevel.DISTRICT,
    AwardLevel.COMMUNE,
    AwardLevel.ENTERPRISE,
]
FLAG = "co_tinh"
MERIT = "bang_khen_tinh"


@dataclass
class Row:
    label: str
    values: list[int]
    level: int = 0  # 0: a main row; 1: "of which" (trong đó); -1: a heading or total
    key: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    unit: str = "lượt"
    note: str = ""
    chart: bool = False

    def value(self, key: str, column: int = 0) -> int:
        for row in self.rows:
            if row.key == key:
                return row.values[column]
        raise KeyError(key)


@dataclass
class ClusterResult:
    cluster: str
    kind: str
    ranked: int
    leader: str
    leader_total: str
    flag_proposed: list[str]
    merit_proposed: int
    flag_awarded: list[str]


@dataclass
class YearStatistics:
    year: int
    previous: int
    tables: list[Table] = field(default_factory=list)
    cluster_results: list[ClusterResult] = field(default_factory=list)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    @property
    def central(self) -> int:
        return self.table("levels").value("central")

    @property
    def provincial(self) -> int:
        return self.table("levels").value("provincial")

    @property
    def central_previous(self) -> int:
        return self.table("levels").value("central", 1)

    @property
    def provincial_previous(self) -> int:
        return self.table("levels").value("provincial", 1)

    def headline(self) -> dict:
        return {
            "year": self.year,
            "central": self.central,
            "provincial": self.provincial,
            "central_previous": self.central_previous,
            "provincial_previous": self.provincial_previous,
        }


# Sources, normalised to the same column names -----------------------------------------
#
# yr: year of the decision date; kind: recipient kind; atype: award type;
# punit: the unit the award is attributed to for clusters and unit kinds (the
# proposing unit of the dossier; for declared history, the recipient's unit);
# ukind: kind of the collective recipient's unit (enterprises); gender, leader,
# direct, ethnic, entrepreneur: the individual's flags; money: prize paid.


def _span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year - 1, 1, 1), dt.date(year, 12, 31)


def provincial_facts(year: int):
    return DecisionEntry.objects.filter(
        decision__status=DecisionStatus.ISSUED,
        revoked_at__isnull=True,
        decision__decision_date__range=_span(year),
    ).annotate(
        yr=ExtractYear("decision__decision_date"),
        kind=F("recipient_kind"),
        atype=F("nomination_item__nomination__award_type"),
        punit=F("nomination_item__nomination__proposing_unit_id"),
        ukind=F("unit__kind"),
        gender=F("person__gender"),
        leader=F("person__leader_level"),
        direct=F("person__is_direct_worker"),
        ethnic=F("person__is_ethnic_minority"),
        entrepreneur=F("person__is_entrepreneur"),
        money=F("prize_amount"),
    )


def central_facts(year: int):
    return EscalationEntry.objects.filter(
        accepted=True,
        escalation__status=EscalationStatus.DECIDED,
        escalation__central_date__range=_span(year),
    ).annotate(
        yr=ExtractYear("escalation__central_date"),
        kind=F("nomination_item__recipient_kind"),
        atype=F("nomination_item__nomination__award_type"),
        punit=F("nomination_item__nomination__proposing_unit_id"),
        ukind=F("nomination_item__unit__kind"),
        gender=F("nomination_item__person__gender"),
        leader=F("nomination_item__person__leader_level"),
        direct=F("nomination_item__person__is_direct_worker"),
        ethnic=F("nomination_item__person__is_ethnic_minority"),
        entrepreneur=F("nomination_item__person__is_entrepreneur"),
        clevel=F("escalation__central_level"),
        money=Value(0, output_field=IntegerField()),
    )


def lower_facts(year: int):
    """Awards below the province, from the declared or imported history."""
    start, end = _span(year)
    return (
        AwardRecord.objects.valid()
        .filter(level__in=LOWER_LEVELS)
        .exclude(source__in=[AwardRecordSource.PORTAL_DECISION, AwardRecordSource.CENTRAL_DECISION])
        .annotate(yr=Coalesce(ExtractYear("decision_date"), F("year"), output_field=IntegerField()))
        .filter(yr__gte=start.year, yr__lte=end.year)
        .annotate(punit=F("unit_id"), lvl=F("level"))
    )


def _counts(year: int, previous: int, dims: dict[str, Q]) -> dict:
    out = {}
    for name, cond in dims.items():
        for y in (year, previous):
            out[f"{name}_{y}"] = Count("pk", filter=Q(yr=y) & cond)
    return out


IND = Q(kind=RecipientKind.INDIVIDUAL)
RECIPIENT_DIMS = {
    "n": Q(),
    "collective": Q(kind=RecipientKind.COLLECTIVE),
    "enterprise": Q(kind=RecipientKind.COLLECTIVE, ukind=UnitKind.ENTERPRISE),
    "household": Q(kind=RecipientKind.HOUSEHOLD),
    "individual": IND,
    "lead_provincial": IND & Q(leader=LeaderLevel.PROVINCIAL),
    "lead_department": IND & Q(leader=LeaderLevel.DEPARTMENT),
    "lead_other": IND & Q(leader=LeaderLevel.OTHER),
    "entrepreneur": IND & Q(entrepreneur=True),
    "direct": IND & Q(direct=True),
    "women": IND & Q(gender=Gender.FEMALE),
    "ethnic": IND & Q(ethnic=True),
}
RECIPIENT_ROWS = [
    ("collective", "Tập thể", 0),
    ("enterprise", "Trong đó: doanh nghiệp", 1),
    ("household", "Hộ gia đình", 0),
    ("individual", "Cá nhân", 0),
    ("lead_provincial", "Trong đó: lãnh đạo cấp tỉnh", 1),
    ("lead_department", "Lãnh đạo cấp sở, ngành và tương đương", 1),
    ("lead_other", "Lãnh đạo khác", 1),
    ("entrepreneur", "Doanh nhân", 1),
    ("direct", "Người trực tiếp lao động, sản xuất, công tác", 1),
    ("women", "Nữ", 1),
    ("ethnic", "Người dân tộc thiểu số", 1),
]
DURATIONS = [
    ("under_1", "Dưới 1 năm", Q(months__lt=12)),
    ("one", "1 năm", Q(months=12)),
    ("one_three", "Trên 1 năm đến 3 năm", Q(months__gt=12, months__lte=36)),
    ("three_five", "Trên 3 năm đến 5 năm", Q(months__gt=36, months__lte=60)),
    ("over_5", "Trên 5 năm", Q(months__gt=60)),
]


def _sum_rows(rows: list[dict], prefix: str, years: tuple[int, int]) -> list[int]:
    return [sum(r[f"{prefix}_{y}"] for r in rows) for y in years]


def year_statistics(year: int) -> YearStatistics:
    """Every statistic of ``year`` with ``year - 1`` beside it (constant queries)."""
    prev = year - 1
    years = (year, prev)
    stats = YearStatistics(year=year, previous=prev)
    recipient_aggs = _counts(year, prev, RECIPIENT_DIMS)

    # 1–3. One GROUP BY per source over (award, award type).
    money = {f"money_{y}": Sum("money", filter=Q(yr=y)) for y in years}
    prov = list(
        provincial_facts(year)
        .values("award_id", "atype")
        .annotate(**recipient_aggs, **money)
        .order_by()
    )
    central = list(
        central_facts(year)
        .values("award_id", "atype", "clevel")
        .annotate(**recipient_aggs)
        .order_by()
    )
    lower = list(
        lower_facts(year)
        .values("award_id", "lvl")
        .annotate(**_counts(year, prev, {"n": Q()}))
        .order_by()
    )
    # 4–5. Per attributed unit (rolled up to clusters and unit kinds below).
    by_unit = list(
        provincial_facts(year).values("punit").annotate(**_counts(year, prev, {"n": Q()}))
    ) + list(central_facts(year).values("punit").annotate(**_counts(year, prev, {"n": Q()})))
    awards = {a.pk: a for a in Award.objects.all()}

    stats.tables.append(_levels_table(years, prov, central, lower))
    stats.tables.append(_forms_table(years, prov, central, lower, awards))
    stats.tables.append(_recipients_table(years, prov, central))
    stats.tables.append(_types_table(years, prov, central))
    cluster_table, kind_table = _unit_tables(years, by_unit)
    stats.tables += [cluster_table, kind_table]
    stats.tables.append(_money_table(years, prov, awards))
    stats.tables.append(_campaigns_table(years))
    summary, results = _cluster_results(years, prov, awards)
    stats.tables.append(summary)
    stats.cluster_results = results
    return stats


def _levels_table(years, prov, central, lower) -> Table:
    y, p = years
    president = [r for r in central if r["clevel"] == CentralLevel.PRESIDENT]
    minister = [r for r in central if r["clevel"] == CentralLevel.PRIME_MINISTER]
    rows = [
        Row(
            "Trung ương (Chủ tịch nước, Thủ tướng Chính phủ)",
            _sum_rows(central, "n", years),
            key="central",
        ),
        Row("Trong đó: Chủ tịch nước", _sum_rows(president, "n", years), 1, key="president"),
        Row("Thủ tướng Chính phủ", _sum_rows(minister, "n", years), 1, key="prime_minister"),
        Row("Chủ tịch Ủy ban nhân dân tỉnh", _sum_rows(prov, "n", years), key="provincial"),
    ]
    for level in LOWER_LEVELS:
        mine = [r for r in lower if r["lvl"] == level]
        rows.append(Row(str(AwardLevel(level).label), _sum_rows(mine, "n", years), key=level))
    total = [sum(r.values[i] for r in rows if r.level == 0) for i in range(2)]
    rows.append(Row("Tổng cộng", total, -1, key="total"))
    return Table(
        "levels",
        "Khen thưởng theo cấp khen thưởng",
        [str(y), str(p)],
        rows,
        note="Cấp sở, huyện, xã và doanh nghiệp: theo lịch sử khen thưởng do đơn vị kê khai.",
        chart=True,
    )


def _forms_table(years, prov, central, lower, awards) -> Table:
    groups = [
        ("central", "Khen thưởng cấp Nhà nước (Trung ương)", central),
        ("provincial", "Khen thưởng của Chủ tịch UBND tỉnh", prov),
        ("lower", "Khen thưởng cấp cơ sở (đơn vị kê khai)", lower),
    ]
    rows = []
    for key, heading, source in groups:
        per_award: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for r in source:
            for i, y in enumerate(years):
                per_award[r["award_id"]][i] += r[f"n_{y}"]
        if not per_award:
            continue
        rows.append(Row(heading, _sum_rows(source, "n", years), -1, key=key))
        ordered = sorted(per_award, key=lambda pk: (-awards[pk].rank, awards[pk].name))
        for pk in ordered:
            rows.append(Row(awards[pk].name, per_award[pk], 0, key=awards[pk].code))
    return Table("forms", "Khen thưởng theo hình thức, danh hiệu", [str(y) for y in years], rows)


def _pair_columns(years) -> list[str]:
    y, p = years
    return [f"Cấp tỉnh {y}", f"Cấp tỉnh {p}", f"Trung ương {y}", f"Trung ương {p}"]


def _recipients_table(years, prov, central) -> Table:
    rows = []
    for key, label, level in RECIPIENT_ROWS:
        rows.append(
            Row(label, _sum_rows(prov, key, years) + _sum_rows(central, key, years), level, key=key)
        )
    rows.append(
        Row("Tổng cộng", _sum_rows(prov, "n", years) + _sum_rows(central, "n", years), -1, "total")
    )
    return Table(
        "recipients",
        "Khen thưởng theo đối tượng",
        _pair_columns(years),
        rows,
        note="Cấp tỉnh: Chủ tịch UBND tỉnh; Trung ương: Chủ tịch nước, Thủ tướng Chính phủ.",
        chart=True,
    )


def _types_table(years, prov, central) -> Table:
    rows = []
    for atype, label in AwardType.choices:
        label = str(label)
        p = [r for r in prov if r["atype"] == atype]
        c = [r for r in central if r["atype"] == atype]
        rows.append(Row(label, _sum_rows(p, "n", years) + _sum_rows(c, "n", years), key=atype))
    rows.append(
        Row("Tổng cộng", _sum_rows(prov, "n", years) + _sum_rows(central, "n", years), -1, "total")
    )
    return Table("types", "Khen thưởng theo loại hình", _pair_columns(years), rows)


def _unit_tables(years, by_unit: list[dict]) -> tuple[Table, Table]:
    """Roll per-unit counts up to clusters/blocks (membership in the year of the
    count; a sub-unit counts with its parent's cluster) and to unit kinds."""
    ids = {r["punit"] for r in by_unit}
    units = {u["pk"]: u for u in Unit.objects.filter(pk__in=ids).values("pk", "kind", "parent_id")}
    membership: dict[tuple[int, int], tuple[int, str, str]] = {}
    for m in ClusterMembership.objects.filter(year__in=years).values(
        "unit_id", "year", "cluster_id", "cluster__name", "cluster__kind"
    ):
        membership[m["unit_id"], m["year"]] = (
            m["cluster_id"],
            m["cluster__name"],
            m["cluster__kind"],
        )
    clusters: dict[int | None, dict] = {}
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in by_unit:
        unit = units.get(r["punit"], {"kind": UnitKind.OTHER, "parent_id": None})
        for i, y in enumerate(years):
            n = r[f"n_{y}"]
            if not n:
                continue
            kinds[unit["kind"]][i] += n
            place = membership.get((r["punit"], y)) or membership.get((unit["parent_id"], y))
            cid, name, ckind = place or (None, "Không thuộc cụm, khối thi đua", "")
            entry = clusters.setdefault(cid, {"name": name, "kind": ckind, "v": [0, 0]})
            entry["v"][i] += n
    order = {ClusterKind.CLUSTER: 0, ClusterKind.BLOCK: 1, "": 2}
    cluster_rows = [
        Row(c["name"], c["v"], key=str(cid or ""))
        for cid, c in sorted(clusters.items(), key=lambda kv: (order[kv[1]["kind"]], kv[1]["name"]))
    ]
    kind_rows = [
        Row(str(label), kinds[value], key=value)
        for value, label in UnitKind.choices
        if value in kinds
    ]
    columns = [str(y) for y in years]
    note = "Khen thưởng của Chủ tịch UBND tỉnh và cấp Trung ương, theo đơn vị trình."
    return (
        Table("clusters", "Khen thưởng theo cụm, khối thi đua", columns, cluster_rows, note=note),
        Table("unit_kinds", "Khen thưởng theo loại đơn vị", columns, kind_rows, note=note),
    )


def _money_table(years, prov, awards) -> Table:
    per_award: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for r in prov:
        for i, y in enumerate(years):
            per_award[r["award_id"]][i] += r[f"money_{y}"] or 0
    rows = [
        Row(awards[pk].name, per_award[pk], key=awards[pk].code)
        for pk in sorted(per_award, key=lambda pk: -awards[pk].rank)
    ]
    rows.append(
        Row(
            "Tổng tiền thưởng",
            [sum(v[i] for v in per_award.values()) for i in range(2)],
            -1,
            key="total",
        )
    )
    return Table(
        "money",
        "Tiền thưởng theo quyết định của Chủ tịch UBND tỉnh",
        [str(y) for y in years],
        rows,
        unit="đồng",
        note="Không tính các trường hợp đã bị thu hồi.",
    )


def _campaigns_table(years) -> Table:
    y, p = years
    months = (ExtractYear("period_end") - ExtractYear("period_start")) * 12 + (
        ExtractMonth("period_end") - ExtractMonth("period_start") + 1
    )
    dims = {"n": Q()}
    dims |= {f"scope_{v}": Q(scope=v) for v in Campaign.Scope.values}
    dims |= {f"kind_{v}": Q(kind=v) for v in Campaign.Kind.values}
    dims |= {f"dur_{key}": cond for key, _, cond in DURATIONS}
    agg = {}
    for name, cond in dims.items():
        for year in years:
            agg[f"{name}_{year}"] = Count("pk", filter=Q(year=year) & cond)
    counts = (
        Campaign.objects.filter(year__in=years)
        .exclude(status=Campaign.Status.DRAFT)
        .annotate(months=months)
        .aggregate(**agg)
    )

    def pair(name):
        return [counts[f"{name}_{y}"], counts[f"{name}_{p}"]]

    rows = [Row("Số phong trào thi đua đã phát động", pair("n"), -1, key="total")]
    rows.append(Row("Theo phạm vi", [None, None], -1, key="h_scope"))
    rows += [
        Row(str(label), pair(f"scope_{v}"), key=f"scope_{v}") for v, label in Campaign.Scope.choices
    ]
    rows.append(Row("Theo hình thức", [None, None], -1, key="h_kind"))
    rows += [
        Row(str(label), pair(f"kind_{v}"), key=f"kind_{v}") for v, label in Campaign.Kind.choices
    ]
    rows.append(Row("Theo thời gian thực hiện", [None, None], -1, key="h_duration"))
    rows += [Row(label, pair(f"dur_{key}"), key=f"dur_{key}") for key, label, _ in DURATIONS]
    return Table(
        "campaigns",
        "Phong trào thi đua phát động theo phạm vi và thời gian",
        [str(y), str(p)],
        rows,
        unit="phong trào",
    )


def _cluster_results(years, prov, awards) -> tuple[Table, list[ClusterResult]]:
    """Published cluster standings: summary counts of both years, and for the
    year itself each cluster's leader, proposals, and the flags actually given."""
    y, p = years
    published = Standing.objects.filter(table__year__in=years, table__status="published")
    agg = {}
    for year in years:
        inyear = Q(table__year=year)
        agg[f"clusters_{year}"] = Count("table", filter=inyear, distinct=True)
        agg[f"units_{year}"] = Count("pk", filter=inyear)
        agg[f"flag_{year}"] = Count("pk", filter=inyear & Q(proposed_title=FLAG))
        agg[f"merit_{year}"] = Count("pk", filter=inyear & Q(proposed_title=MERIT))
    counts = published.aggregate(**agg)
    flags_given = set(
        DecisionEntry.objects.filter(
            decision__status=DecisionStatus.ISSUED,
            revoked_at__isnull=True,
            award__code=FLAG,
            decision__decision_date__range=_span(y + 1),
        )
        .annotate(yr=ExtractYear("decision__decision_date"))
        .values_list("unit_id", "yr")
    )

    def given(unit_id: int, year: int) -> bool:
        # The flag for a year's results is decided in that year or early the next.
        return (unit_id, year) in flags_given or (unit_id, year + 1) in flags_given

    rows = list(
        published.filter(table__year=y)
        .filter(Q(rank=1) | ~Q(proposed_title=""))
        .values(
            "table_id",
            "table__cluster__name",
            "table__cluster__kind",
            "unit_id",
            "unit__name",
            "rank",
            "total",
            "proposed_title",
        )
        .order_by("table__cluster__kind", "table__cluster__name", "rank")
    )
    sizes = dict(
        published.filter(table__year=y)
        .values("table_id")
        .annotate(n=Count("pk"))
        .values_list("table_id", "n")
    )
    flag_rows = [r for r in prov if awards[r["award_id"]].code == FLAG]
    awarded = _sum_rows(flag_rows, "n", years)
    results: dict[int, ClusterResult] = {}
    for r in rows:
        res = results.setdefault(
            r["table_id"],
            ClusterResult(
                cluster=r["table__cluster__name"],
                kind=str(ClusterKind(r["table__cluster__kind"]).label),
                ranked=sizes.get(r["table_id"], 0),
                leader="",
                leader_total="",
                flag_proposed=[],
                merit_proposed=0,
                flag_awarded=[],
            ),
        )
        if r["rank"] == 1 and not res.leader:
            res.leader = r["unit__name"]
            res.leader_total = f"{r['total']:.2f}".replace(".", ",")
        if r["proposed_title"] == FLAG:
            res.flag_proposed.append(r["unit__name"])
            if given(r["unit_id"], y):
                res.flag_awarded.append(r["unit__name"])
        elif r["proposed_title"] == MERIT:
            res.merit_proposed += 1
    table = Table(
        "cluster_summary",
        "Kết quả thi đua của các cụm, khối",
        [str(y), str(p)],
        [
            Row(
                "Cụm, khối đã công bố kết quả",
                [counts[f"clusters_{y}"], counts[f"clusters_{p}"]],
                key="clusters",
            ),
            Row("Đơn vị được xếp hạng", [counts[f"units_{y}"], counts[f"units_{p}"]], key="units"),
            Row(
                "Đơn vị được suy tôn đề nghị Cờ thi đua",
                [counts[f"flag_{y}"], counts[f"flag_{p}"]],
                key="flag_proposed",
            ),
            Row(
                "Đơn vị đề nghị Bằng khen",
                [counts[f"merit_{y}"], counts[f"merit_{p}"]],
                key="merit_proposed",
            ),
            Row("Cờ thi đua của UBND tỉnh đã tặng", awarded, key="flag_awarded"),
        ],
        unit="",
        note="Cờ thi đua đã tặng: theo quyết định của Chủ tịch UBND tỉnh ban hành trong năm.",
    )
    return table, list(results.values())
