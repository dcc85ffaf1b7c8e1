"""Eligibility engine: judge nominees against the rule rows in force.

A nominee of award year ``Y`` is judged by the :class:`AwardRule` rows in force
on 31/12/``Y`` (so award years up to 2023 fall under the old regime, 2024 under
NĐ 98/2023 and 2025 onwards under NĐ 152/2025). Each eligibility row gives a
:class:`Finding` — pass, fail or review (a criterion the portal cannot check,
left to the verifier) — with a plain Vietnamese explanation.

Rule ``params`` by kind (figures are strings or numbers; years count back from
the award year):

- ``prerequisite``: ``award``, ``count``, ``window`` (years), ``consecutive``,
  ``step`` (years between occurrences, 3 for CSTĐ tỉnh), ``end_offset`` (0 = the
  chain ends in the award year), ``exclude_types`` (award types whose results
  do not count, NĐ 152 Điều 4).
- ``rating``: ``min`` (excellent/good/completed), ``years`` (consecutive, ending
  in the award year).
- ``initiative``: ``count``, ``window``, ``min_level`` (unit/province/national).
- ``service_months``: ``months`` of service by 31/12 of the award year.
- ``no_discipline``: ``min_level`` of a discipline overlapping the award year.
- ``no_pending_case``: no open hold (discipline, investigation...) today.
- ``member_ratio`` (collectives): ``award`` or ``rating``; ``min_percent`` with
  ``strict`` (> instead of ≥) and/or ``min_count``.
- ``no_member_discipline``: ``min_level``.
- ``cluster_member``: the collective belongs to a cluster or block that year.
- ``cluster_lead``: the collective leads its cluster or block in the standings
  published for the award year (no params); review when nothing is published
  or the leaders tied and the cluster must vote.
- ``prior_award``: ``awards`` held in a year ≤ award year − ``max_year_offset``.
- ``any_of`` / ``all_of``: ``options``, a list of ``{kind, description, params}``.
- ``manual``: ``label`` — always "review".

The engine reads everything it needs for a whole dossier in a fixed number of
queries (about fifteen), whatever the number of nominees.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from emulation.models import ScoringTable, Standing
from emulation.templatetags.emulation_tags import points as score_text
from units.i18n import in_record_language
from units.models import ClusterMembership

from .models import (
    DISCIPLINE_ORDER,
    INITIATIVE_LEVEL_ORDER,
    RATING_ORDER,
    Award,
    AwardRecord,
    AwardRule,
    DisciplineLevel,
    Hold,
    HoldKind,
    Initiative,
    InitiativeLevel,
    NominationItem,
    NominationStatus,
    Person,
    Rating,
    RecipientKind,
    RuleKind,
    TaskRating,
    UnitYearFigure,
    Verdict,
    VerificationResult,
)

PASS, FAIL, REVIEW = "pass", "fail", "review"


@dataclass
class Finding:
    status: str
    message: str
    kind: str = ""
    rule_id: int | None = None
    legal_basis: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Result:
    verdict: str
    findings: list[Finding] = field(default_factory=list)

    def findings_as_dicts(self) -> list[dict]:
        return [f.as_dict() for f in self.findings]


def rules_date(year: int) -> dt.date:
    """The day whose rules judge award year ``year``."""
    return dt.date(year, 12, 31)


def verdict_of(findings: list[Finding]) -> str:
    statuses = {f.status for f in findings}
    if FAIL in statuses:
        return Verdict.INELIGIBLE
    if REVIEW in statuses:
        return Verdict.REVIEW
    return Verdict.ELIGIBLE


def _years(years: list[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


def _pct(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.1'))}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _key(item: NominationItem) -> tuple[str, int]:
    return item.recipient_kind, (item.person_id or item.unit_id or item.household_id)


# Facts ------------------------------------------------------------------------


@dataclass
class Facts:
    """What the rules look at, for a batch of nominees, keyed by (kind, id)."""

    awards: dict[str, Award]
    records: dict[tuple, list[tuple[str, int, str]]]  # (award code, year, award type)
    pending: dict[tuple, set[tuple[str, int]]]  # titles proposed in the same dossier
    ratings: dict[tuple, dict[int, str]]
    initiatives: dict[tuple, list[tuple[int, str]]]
    holds: dict[tuple, list[Hold]]
    joined_on: dict[int, dt.date | None]
    member_count: dict[tuple[int, int], int]
    member_award_holders: dict[tuple[int, int, str], set[int]]
    member_ratings: dict[tuple[int, int], dict[int, str]]
    member_disciplines: dict[tuple[int, int], list[Hold]]
    cluster_units: set[tuple[int, int]]
    cluster_places: dict[tuple[int, int], ClusterPlace]  # (unit id, year)
    today: dt.date


# Emulation publishes standings with ``proposed_title`` set to the award code of
# the provincial flag for the units it proposes for it (emulation.selectors
# ._propose: the first ``flag_count`` places, rated Xuất sắc).
FLAG_CODE = "co_tinh"


@dataclass(frozen=True)
class ClusterPlace:
    """A unit's line in the standings its cluster or block published for a year."""

    cluster: str
    rank: int
    size: int
    total: Decimal
    classification: str
    proposed_title: str
    flag_count: int
    tied_with: tuple[str, ...]  # the other units of the same rank

    def leads(self) -> bool:
        return self.proposed_title == FLAG_CODE

    def tied_for_flag(self) -> bool:
        """Tied with others across the flag places, so the cluster votes.

        Derived from the ranks rather than read from the standing's free-text
        note: it is the condition under which ``_propose`` withholds the flag
        and writes its "Đồng hạng" note, narrowed to units rated Xuất sắc (no
        vote brings a unit rated lower to the flag).
        """
        return (
            not self.leads()
            and bool(self.tied_with)
            and self.rank <= self.flag_count
            and self.classification == Standing.Classification.EXCELLENT
        )


def _cluster_places(unit_ids: set[int], years: set[int]) -> dict[tuple[int, int], ClusterPlace]:
    """Every line of the published standings the units appear in, in one query
    (the whole table is needed for "3/9" and for ties)."""
    published = Standing.objects.filter(
        table__status=ScoringTable.Status.PUBLISHED, table__year__in=years
    )
    lines = published.filter(
        table_id__in=published.filter(unit_id__in=unit_ids).values("table_id")
    ).values(
        "table_id",
        "unit_id",
        "unit__name",
        "rank",
        "total",
        "classification",
        "proposed_title",
        "table__year",
        "table__flag_count",
        "table__cluster__name",
    )
    by_table: dict[int, list[dict]] = defaultdict(list)
    for line in lines:
        by_table[line["table_id"]].append(line)
    places: dict[tuple[int, int], ClusterPlace] = {}
    for table_lines in by_table.values():
        for line in table_lines:
            if line["unit_id"] not in unit_ids:
                continue
            place = ClusterPlace(
                cluster=line["table__cluster__name"],
                rank=line["rank"],
                size=len(table_lines),
                total=line["total"],
                classification=line["classification"],
                proposed_title=line["proposed_title"],
                flag_count=line["table__flag_count"],
                tied_with=tuple(
                    sorted(
                        other["unit__name"]
                        for other in table_lines
                        if other["rank"] == line["rank"] and other["unit_id"] != line["unit_id"]
                    )
                ),
            )
            # A unit belongs to one cluster a year, so it stands in one table;
            # should it stand in two (moved after scoring opened), the better
            # line counts.
            key = (line["unit_id"], line["table__year"])
            kept = places.get(key)
            if kept is None or (not place.leads(), place.rank) < (not kept.leads(), kept.rank):
                places[key] = place
    return places


def load_facts(items: list[NominationItem], *, today: dt.date | None = None) -> Facts:
    today = today or timezone.localdate()
    person_ids = {i.person_id for i in items if i.person_id}
    unit_ids = {i.unit_id for i in items if i.unit_id}
    household_ids = {i.household_id for i in items if i.household_id}
    years = {i.nomination.award_year for i in items}
    awards = {a.code: a for a in Award.objects.all()}
    codes = {a.pk: a.code for a in awards.values()}

    records: dict[tuple, list] = defaultdict(list)
    subject_q = Q(person_id__in=person_ids) | Q(household_id__in=household_ids)
    subject_q |= Q(recipient_kind=RecipientKind.COLLECTIVE, unit_id__in=unit_ids)
    for r in (
        AwardRecord.objects.valid()
        .filter(subject_q)
        .values(
            "recipient_kind",
            "person_id",
            "unit_id",
            "household_id",
            "award_id",
            "year",
            "award_type",
        )
    ):
        sid = r["person_id"] or r["household_id"] or r["unit_id"]
        records[(r["recipient_kind"], sid)].append(
            (codes[r["award_id"]], r["year"], r["award_type"])
        )

    pending: dict[tuple, set] = defaultdict(set)
    for item in items:
        pending[_key(item)].add((codes.get(item.award_id, ""), item.nomination.award_year))

    ratings: dict[tuple, dict] = defaultdict(dict)
    for r in TaskRating.objects.filter(Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)):
        k = (
            (RecipientKind.INDIVIDUAL, r.person_id)
            if r.person_id
            else (RecipientKind.COLLECTIVE, r.unit_id)
        )
        ratings[k][r.year] = r.rating

    initiatives: dict[tuple, list] = defaultdict(list)
    for i in Initiative.objects.filter(Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)):
        k = (
            (RecipientKind.INDIVIDUAL, i.person_id)
            if i.person_id
            else (RecipientKind.COLLECTIVE, i.unit_id)
        )
        initiatives[k].append((i.year, i.level))

    holds: dict[tuple, list] = defaultdict(list)
    for h in Hold.objects.filter(Q(person_id__in=person_ids) | Q(unit_id__in=unit_ids)):
        k = (
            (RecipientKind.INDIVIDUAL, h.person_id)
            if h.person_id
            else (RecipientKind.COLLECTIVE, h.unit_id)
        )
        holds[k].append(h)

    joined_on = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "joined_on"))

    # Members of collectives: headcount, title holders, ratings, disciplines.
    member_count: dict[tuple, int] = {}
    holders: dict[tuple, set] = defaultdict(set)
    member_ratings: dict[tuple, dict] = defaultdict(dict)
    member_disciplines: dict[tuple, list] = defaultdict(list)
    cluster_units: set[tuple[int, int]] = set()
    cluster_places: dict[tuple[int, int], ClusterPlace] = {}
    if unit_ids:
        people_count = defaultdict(int)
        for unit_id in Person.objects.filter(unit_id__in=unit_ids, is_active=True).values_list(
            "unit_id", flat=True
        ):
            people_count[unit_id] += 1
        for u in unit_ids:
            for y in years:
                member_count[(u, y)] = people_count[u]
        for f in UnitYearFigure.objects.filter(unit_id__in=unit_ids, year__in=years):
            member_count[(f.unit_id, f.year)] = f.member_count
        for r in (
            AwardRecord.objects.valid()
            .filter(unit_id__in=unit_ids, year__in=years, person__isnull=False)
            .values("unit_id", "year", "award_id", "person_id")
        ):
            holders[(r["unit_id"], r["year"], codes[r["award_id"]])].add(r["person_id"])
        for p in (
            NominationItem.objects.filter(
                person__unit_id__in=unit_ids, nomination__award_year__in=years
            )
            .exclude(nomination__status=NominationStatus.WITHDRAWN)
            .exclude(verification=VerificationResult.FAILED)
            .values("person__unit_id", "nomination__award_year", "award_id", "person_id")
        ):
            holders[(p["person__unit_id"], p["nomination__award_year"], codes[p["award_id"]])].add(
                p["person_id"]
            )
        for r in TaskRating.objects.filter(person__unit_id__in=unit_ids, year__in=years).values(
            "person__unit_id", "year", "person_id", "rating"
        ):
            member_ratings[(r["person__unit_id"], r["year"])][r["person_id"]] = r["rating"]
        for h in Hold.objects.filter(
            person__unit_id__in=unit_ids, kind=HoldKind.DISCIPLINE
        ).select_related("person"):
            for y in years:
                if h.overlaps_year(y):
                    member_disciplines[(h.person.unit_id, y)].append(h)
        cluster_units = set(
            ClusterMembership.objects.filter(unit_id__in=unit_ids, year__in=years).values_list(
                "unit_id", "year"
            )
        )
        cluster_places = _cluster_places(unit_ids, years)
    return Facts(
        awards=awards,
        records=records,
        pending=pending,
        ratings=ratings,
        initiatives=initiatives,
        holds=holds,
        joined_on=joined_on,
        member_count=member_count,
        member_award_holders=holders,
        member_ratings=member_ratings,
        member_disciplines=member_disciplines,
        cluster_units=cluster_units,
        cluster_places=cluster_places,
        today=today,
    )


def load_rules(years: set[int], award_ids: set[int]) -> dict[int, list[AwardRule]]:
    """Eligibility rows in force for each award year (one query per year)."""
    by_year = {}
    for year in years:
        by_year[year] = list(
            AwardRule.objects.eligibility()
            .in_force_on(rules_date(year))
            .filter(Q(award_id__in=award_ids) | Q(award__isnull=True))
            .order_by("position", "pk")
        )
    return by_year


# Evaluation -------------------------------------------------------------------


class _Context:
    def __init__(self, item: NominationItem, facts: Facts):
        self.item = item
        self.facts = facts
        self.year = item.nomination.award_year
        self.key = _key(item)
        self.subject_id = self.key[1]

    def award_name(self, code: str) -> str:
        award = self.facts.awards.get(code)
        return award.name if award else code

    def holds_title(self, code: str, year: int, exclude_types: list[str]) -> bool:
        for c, y, t in self.facts.records.get(self.key, ()):
            if c == code and y == year and t not in exclude_types:
                return True
        # A title proposed in this very dossier for the award year counts
        # (units propose LĐTT and CSTĐCS for the same year together).
        return year == self.year and (code, year) in self.facts.pending.get(self.key, set())


def _prerequisite(ctx: _Context, p: dict) -> Finding:
    code = p["award"]
    count = int(p.get("count", 1))
    step = int(p.get("step", 1))
    end = ctx.year - int(p.get("end_offset", 0))
    exclude = p.get("exclude_types") or []
    name = ctx.award_name(code)
    if p.get("consecutive", True):
        needed = [end - i * step for i in range(count)]
        missing = [y for y in needed if not ctx.holds_title(code, y, exclude)]
        if missing:
            return Finding(FAIL, f"Thiếu danh hiệu {name} năm {_years(missing)}")
        return Finding(PASS, f"Đạt {name} các năm {_years(needed)}")
    window = int(p.get("window", count))
    span = list(range(end - window + 1, end + 1))
    got = [y for y in span if ctx.holds_title(code, y, exclude)]
    if len(got) < count:
        return Finding(
            FAIL,
            f"Chỉ có {len(got)}/{count} lần {name} trong các năm {span[0]}–{span[-1]}"
            + (f" (năm {_years(got)})" if got else ""),
        )
    return Finding(PASS, f"Có {len(got)} lần {name} trong các năm {span[0]}–{span[-1]}")


def _rating_label(value: str | None) -> str:
    return str(Rating(value).label) if value in Rating.values else "chưa có xếp loại"


def _rating(ctx: _Context, p: dict) -> Finding:
    minimum = p["min"]
    years = [ctx.year - i for i in range(int(p.get("years", 1)))]
    have = ctx.facts.ratings.get(ctx.key, {})
    short = [y for y in years if RATING_ORDER.get(have.get(y), 0) < RATING_ORDER[minimum]]
    label = Rating(minimum).label
    if short:
        details = "; ".join(f"năm {y}: {_rating_label(have.get(y)).lower()}" for y in sorted(short))
        return Finding(FAIL, f"Chưa đạt mức “{label}” ({details})")
    if len(years) == 1:
        return Finding(PASS, f"Năm {years[0]}: {_rating_label(have.get(years[0])).lower()}")
    return Finding(PASS, f"Đạt mức “{label}” các năm {_years(years)}")


def _initiative(ctx: _Context, p: dict) -> Finding:
    count = int(p.get("count", 1))
    window = int(p.get("window", 1))
    level = p.get("min_level", InitiativeLevel.UNIT)
    span = (ctx.year - window + 1, ctx.year)
    got = [
        y
        for y, lv in ctx.facts.initiatives.get(ctx.key, ())
        if span[0] <= y <= span[1] and INITIATIVE_LEVEL_ORDER[lv] >= INITIATIVE_LEVEL_ORDER[level]
    ]
    where = f"năm {span[1]}" if window == 1 else f"các năm {span[0]}–{span[1]}"
    scope = _SCOPE[level]
    if len(got) < count:
        return Finding(
            FAIL,
            f"Thiếu sáng kiến, đề tài được công nhận ({scope}) trong {where}: cần {count}, "
            f"có {len(got)}",
        )
    return Finding(PASS, f"Có {len(got)} sáng kiến, đề tài ({scope}) trong {where}")


_SCOPE = {
    InitiativeLevel.UNIT: "cấp cơ sở",
    InitiativeLevel.PROVINCE: "phạm vi cấp tỉnh",
    InitiativeLevel.NATIONAL: "phạm vi toàn quốc",
}


def _service_months(ctx: _Context, p: dict) -> Finding:
    months = int(p["months"])
    joined = ctx.facts.joined_on.get(ctx.subject_id)
    if joined is None:
        return Finding(REVIEW, "Chưa có ngày tuyển dụng để tính thời gian công tác")
    end = rules_date(ctx.year)
    served = (
        (end.year - joined.year) * 12
        + end.month
        - joined.month
        + (1 if end.day >= joined.day else 0)
    )
    if served < months:
        return Finding(
            FAIL,
            f"Thời gian công tác đến hết năm {ctx.year} mới {max(served, 0)} tháng "
            f"(cần ít nhất {months} tháng)",
        )
    return Finding(PASS, f"Thời gian công tác đủ {months} tháng")


def _discipline_at_least(holds: list[Hold], minimum: str) -> list[Hold]:
    return [
        h
        for h in holds
        if h.kind == HoldKind.DISCIPLINE
        and DISCIPLINE_ORDER.get(h.discipline_level, 0) >= DISCIPLINE_ORDER[minimum]
    ]


def _no_discipline(ctx: _Context, p: dict) -> Finding:
    minimum = p.get("min_level", DisciplineLevel.REPRIMAND)
    hits = [
        h
        for h in _discipline_at_least(ctx.facts.holds.get(ctx.key, []), minimum)
        if h.overlaps_year(ctx.year)
    ]
    if hits:
        h = hits[0]
        return Finding(
            FAIL,
            f"Bị kỷ luật {h.get_discipline_level_display().lower()} trong năm {ctx.year} "
            f"(từ {h.started_on:%d/%m/%Y})",
        )
    return Finding(PASS, f"Không bị kỷ luật từ {DisciplineLevel(minimum).label.lower()} trở lên")


def _no_pending_case(ctx: _Context, p: dict) -> Finding:
    open_holds = [h for h in ctx.facts.holds.get(ctx.key, []) if h.is_open_on(ctx.facts.today)]
    if open_holds:
        h = open_holds[0]
        detail = h.get_kind_display()
        if h.kind == HoldKind.DISCIPLINE:
            detail = f"đang trong thời hạn kỷ luật {h.get_discipline_level_display().lower()}"
        return Finding(
            FAIL,
            f"Chưa được đề nghị khen thưởng: {detail.lower()} (từ {h.started_on:%d/%m/%Y}"
            + (f" đến {h.ended_on:%d/%m/%Y})" if h.ended_on else ", chưa kết thúc)"),
        )
    return Finding(PASS, "Không có vụ việc kỷ luật, điều tra, khiếu nại đang xử lý")


def _member_ratio(ctx: _Context, p: dict) -> Finding:
    unit_id, year = ctx.subject_id, ctx.year
    total = ctx.facts.member_count.get((unit_id, year), 0)
    if "award" in p:
        what = f"đạt danh hiệu {ctx.award_name(p['award'])}"
        hits = len(ctx.facts.member_award_holders.get((unit_id, year, p["award"]), set()))
    else:
        minimum = p["rating"]
        what = f"đạt mức “{Rating(minimum).label}” trở lên"
        ratings = ctx.facts.member_ratings.get((unit_id, year), {})
        hits = sum(1 for r in ratings.values() if RATING_ORDER[r] >= RATING_ORDER[minimum])
    if p.get("min_count") is not None and hits < int(p["min_count"]):
        if hits == 0:
            return Finding(FAIL, f"Không có thành viên {what} năm {year}")
        return Finding(FAIL, f"Chỉ có {hits} thành viên {what} năm {year} (cần {p['min_count']})")
    if p.get("min_percent") is not None:
        need = Decimal(str(p["min_percent"]))
        if total == 0:
            return Finding(FAIL, f"Chưa có số thành viên của tập thể năm {year} để tính tỷ lệ")
        share = Decimal(hits * 100) / Decimal(total)
        ok = share > need if p.get("strict") else share >= need
        comparator = "trên" if p.get("strict") else "ít nhất"
        text = f"Tỷ lệ thành viên {what} năm {year} là {_pct(share)}% ({hits}/{total})"
        if not ok:
            return Finding(FAIL, f"{text}, cần {comparator} {_pct(need)}%")
        return Finding(PASS, text)
    return Finding(PASS, f"Có {hits} thành viên {what} năm {year}")


def _no_member_discipline(ctx: _Context, p: dict) -> Finding:
    minimum = p.get("min_level", DisciplineLevel.WARNING)
    hits = _discipline_at_least(
        ctx.facts.member_disciplines.get((ctx.subject_id, ctx.year), []), minimum
    )
    label = DisciplineLevel(minimum).label.lower()
    if hits:
        return Finding(
            FAIL, f"Có {len(hits)} thành viên bị kỷ luật từ {label} trở lên trong năm {ctx.year}"
        )
    return Finding(PASS, f"Không có thành viên bị kỷ luật từ {label} trở lên")


def _cluster_member(ctx: _Context, p: dict) -> Finding:
    if (ctx.subject_id, ctx.year) in ctx.facts.cluster_units:
        return Finding(PASS, f"Là thành viên cụm, khối thi đua năm {ctx.year}")
    return Finding(FAIL, f"Không thuộc cụm, khối thi đua nào của tỉnh năm {ctx.year}")


def _cluster_lead(ctx: _Context, p: dict) -> Finding:
    # Review messages start with "Cần thẩm định: " like the manual ones, so
    # any_of shows them as criteria left to the verifier.
    place = None
    if ctx.key[0] == RecipientKind.COLLECTIVE:
        place = ctx.facts.cluster_places.get((ctx.subject_id, ctx.year))
    if place is None:
        return Finding(
            REVIEW,
            "Cần thẩm định: Được cụm, khối suy tôn dẫn đầu — chưa có bảng xếp hạng đã công bố "
            f"của cụm, khối năm {ctx.year}",
        )
    points = score_text(place.total)
    if place.leads():
        if place.rank == 1:
            return Finding(PASS, f"Dẫn đầu {place.cluster} năm {ctx.year} (hạng 1, {points} điểm)")
        # A cluster given more than one flag proposes its first places.
        return Finding(
            PASS,
            f"Được {place.cluster} đề nghị Cờ thi đua năm {ctx.year} "
            f"(hạng {place.rank}/{place.size}, {points} điểm)",
        )
    if place.tied_for_flag():
        return Finding(
            REVIEW,
            f"Cần thẩm định: Được cụm, khối suy tôn dẫn đầu — đồng hạng {place.rank} "
            f"({points} điểm) với {', '.join(place.tied_with)} trong {place.cluster} "
            f"năm {ctx.year}, cụm, khối cần bỏ phiếu suy tôn",
        )
    text = (
        f"Xếp hạng {place.rank}/{place.size} trong {place.cluster} năm {ctx.year} "
        "(bảng xếp hạng đã công bố)"
    )
    if place.rank <= place.flag_count:
        label = Standing.Classification(place.classification).label
        text += f", xếp loại {label}, chưa đạt mức Xuất sắc để đề nghị Cờ thi đua"
    return Finding(FAIL, text)


def _prior_award(ctx: _Context, p: dict) -> Finding:
    codes = p["awards"]
    latest = ctx.year - int(p.get("max_year_offset", 1))
    held = [(c, y) for c, y, _t in ctx.facts.records.get(ctx.key, ()) if c in codes and y <= latest]
    names = " hoặc ".join(ctx.award_name(c) for c in codes)
    if not held:
        return Finding(FAIL, f"Chưa có {names} (năm {latest} trở về trước)")
    c, y = max(held, key=lambda x: x[1])
    return Finding(PASS, f"Đã có {ctx.award_name(c)} năm {y}")


def _manual(ctx: _Context, p: dict) -> Finding:
    return Finding(REVIEW, f"Cần thẩm định: {p.get('label', '')}")


def _combine(ctx: _Context, p: dict, *, any_: bool, description: str) -> Finding:
    results = [
        (o.get("description", ""), _evaluate(ctx, o["kind"], o.get("params", {})))
        for o in p.get("options", [])
    ]
    if any_:
        passed = [(d, f) for d, f in results if f.status == PASS]
        if passed:
            return Finding(PASS, f"Đạt: {passed[0][0] or passed[0][1].message}")
        reviews = [(d, f) for d, f in results if f.status == REVIEW]
        failed = "; ".join(f.message for _d, f in results if f.status == FAIL)
        if reviews:
            manual = "; ".join(f.message.removeprefix("Cần thẩm định: ") for _d, f in reviews)
            text = f"Cần thẩm định theo tiêu chí: {manual}"
            if failed:
                text = f"Không đạt tiêu chí tự kiểm tra ({failed}). {text}"
            return Finding(REVIEW, text)
        return Finding(FAIL, f"Không đạt tiêu chí nào của “{description}”: {failed}")
    fails = [f.message for _d, f in results if f.status == FAIL]
    if fails:
        return Finding(FAIL, "; ".join(fails))
    reviews = [f.message for _d, f in results if f.status == REVIEW]
    if reviews:
        # Say what the portal did confirm (the flag's cluster lead, say), so
        # the verifier checks only the rest.
        passed = "; ".join(f.message for _d, f in results if f.status == PASS)
        return Finding(REVIEW, "; ".join(reviews) + (f". Đã đạt: {passed}" if passed else ""))
    return Finding(PASS, "; ".join(f.message for _d, f in results))


_EVALUATORS = {
    RuleKind.PREREQUISITE: _prerequisite,
    RuleKind.RATING: _rating,
    RuleKind.INITIATIVE: _initiative,
    RuleKind.SERVICE_MONTHS: _service_months,
    RuleKind.NO_DISCIPLINE: _no_discipline,
    RuleKind.NO_PENDING_CASE: _no_pending_case,
    RuleKind.MEMBER_RATIO: _member_ratio,
    RuleKind.NO_MEMBER_DISCIPLINE: _no_member_discipline,
    RuleKind.CLUSTER_MEMBER: _cluster_member,
    RuleKind.CLUSTER_LEAD: _cluster_lead,
    RuleKind.PRIOR_AWARD: _prior_award,
    RuleKind.MANUAL: _manual,
}


def _evaluate(ctx: _Context, kind: str, params: dict, description: str = "") -> Finding:
    if kind == RuleKind.ANY_OF:
        return _combine(ctx, params, any_=True, description=description)
    if kind == RuleKind.ALL_OF:
        return _combine(ctx, params, any_=False, description=description)
    return _EVALUATORS[kind](ctx, params)


@in_record_language
def evaluate_item(item: NominationItem, rules: list[AwardRule], facts: Facts) -> Result:
    """Judge one nominee by ``rules`` (the rows in force for its award year)."""
    award = next((a for a in facts.awards.values() if a.pk == item.award_id), None)
    nomination = item.nomination
    findings: list[Finding] = []
    if award is None:
        return Result(Verdict.INELIGIBLE, [Finding(FAIL, "Không rõ danh hiệu, hình thức đề nghị")])
    if not award.accepts(item.recipient_kind):
        label = RecipientKind(item.recipient_kind).label.lower()
        findings.append(Finding(FAIL, f"{award.name} không xét tặng cho {label}", "recipient"))
    ctx = _Context(item, facts)
    applicable = [
        r
        for r in rules
        if (r.award_id is None or r.award_id == award.pk)
        and r.applies_to(recipient_kind=item.recipient_kind, award_type=nomination.award_type)
    ]
    if not any(r.award_id == award.pk for r in applicable):
        findings.append(
            Finding(
                REVIEW,
                f"Danh mục chưa có tiêu chí tự kiểm tra cho {award.name} "
                f"({nomination.get_award_type_display().lower()}, năm {nomination.award_year}); "
                "cần thẩm định",
                "no_rule",
            )
        )
    for rule in applicable:
        finding = _evaluate(ctx, rule.kind, rule.params, rule.description)
        finding.kind = rule.kind
        finding.rule_id = rule.pk
        finding.legal_basis = rule.legal_basis
        findings.append(finding)
    return Result(verdict_of(findings), findings)


@in_record_language
def evaluate_items(items: list[NominationItem], *, today: dt.date | None = None) -> list[Result]:
    """Judge a batch of nominees (usually one dossier), in a fixed number of queries."""
    if not items:
        return []
    facts = load_facts(items, today=today)
    rules = load_rules({i.nomination.award_year for i in items}, {i.award_id for i in items})
    return [evaluate_item(i, rules[i.nomination.award_year], facts) for i in items]


def math_floor_share(total: int, percent: Decimal, rounding: str = "floor") -> int:
    """How many of ``total`` a ``percent`` cap allows (floor unless configured)."""
    exact = Decimal(total) * percent / Decimal(100)
    if rounding == "ceil":
        return math.ceil(exact)
    if rounding == "nearest":
        return int(exact.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    return math.floor(exact)
