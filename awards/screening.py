"""Checks across nominees: duplicates and per-unit quotas.

- **Duplicate**: the same person (same record, same citizen ID, or same name
  ignoring accents and case plus the same birth date), collective or household
  proposed twice in one award year for the same award, or by two different
  units. Another unit's drafts are not looked at: they are private and not yet
  a proposal.
- **Quota**: ``quota`` rule rows in force for the award year, per proposing unit
  (with its subordinate units), e.g. "CSTĐCS ≤ 15 % of LĐTT" (NĐ 91/2017).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from units.i18n import in_record_language
from units.permissions import subtree_ids

from .eligibility import FAIL, PASS, Finding, math_floor_share, rules_date
from .models import (
    AwardRecord,
    AwardRule,
    Nomination,
    NominationItem,
    NominationStatus,
    RecipientKind,
    RuleKind,
    VerificationResult,
)


def _identity_q(items: list[NominationItem]) -> Q:
    q = Q(pk__in=[])
    persons = [i.person for i in items if i.person_id]
    if persons:
        q |= Q(person_id__in=[p.pk for p in persons])
        cids = [p.citizen_id for p in persons if p.citizen_id]
        if cids:
            q |= Q(person__citizen_id__in=cids)
        for p in persons:
            if p.birth_date:
                q |= Q(person__folded_name=p.folded_name, person__birth_date=p.birth_date)
    units = [i.unit_id for i in items if i.unit_id]
    if units:
        q |= Q(recipient_kind=RecipientKind.COLLECTIVE, unit_id__in=units)
    households = [i.household_id for i in items if i.household_id]
    if households:
        q |= Q(household_id__in=households)
    return q


def _same_recipient(a: NominationItem, b: NominationItem) -> str:
    """Why ``a`` and ``b`` are the same recipient ("" if they are not)."""
    if a.recipient_kind != b.recipient_kind:
        return ""
    if a.recipient_kind == RecipientKind.COLLECTIVE:
        return "cùng tập thể" if a.unit_id == b.unit_id else ""
    if a.recipient_kind == RecipientKind.HOUSEHOLD:
        return "cùng hộ gia đình" if a.household_id == b.household_id else ""
    pa, pb = a.person, b.person
    if pa.pk == pb.pk:
        return "cùng người"
    if pa.citizen_id and pa.citizen_id == pb.citizen_id:
        return "cùng số căn cước công dân"
    if pa.birth_date and pa.birth_date == pb.birth_date and pa.folded_name == pb.folded_name:
        return "cùng họ tên và ngày sinh"
    return ""


@in_record_language
def find_duplicates(
    nomination: Nomination, items: list[NominationItem]
) -> dict[int | None, list[Finding]]:
    """Duplicate findings per item (keyed by ``id(item)``) for ``items`` of ``nomination``."""
    if not items:
        return {}
    others = list(
        NominationItem.objects.filter(
            _identity_q(items), nomination__award_year=nomination.award_year
        )
        .exclude(nomination__status=NominationStatus.WITHDRAWN)
        .exclude(verification=VerificationResult.FAILED)
        .exclude(
            Q(nomination__status=NominationStatus.DRAFT)
            & ~Q(nomination__proposing_unit_id=nomination.proposing_unit_id)
        )
        .select_related("person", "award", "nomination__proposing_unit")
    )
    # Items of this dossier that are not saved yet (live preview) are compared too.
    candidates = others + [i for i in items if i.pk is None]
    result: dict[int, list[Finding]] = defaultdict(list)
    for item in items:
        for other in candidates:
            if other is item or (item.pk is not None and other.pk == item.pk):
                continue
            why = _same_recipient(item, other)
            if not why:
                continue
            same_award = other.award_id == item.award_id
            other_unit = other.nomination.proposing_unit_id != nomination.proposing_unit_id
            if not (same_award or other_unit):
                continue
            other_n = other.nomination
            where = (
                "trong hồ sơ này"
                if other.nomination_id == nomination.pk and nomination.pk
                else f"hồ sơ {other_n.reference} của {other_n.proposing_unit.name}"
            )
            by = f"{other_n.proposing_unit.name} " if other_unit else ""
            result[id(item)].append(
                Finding(
                    FAIL,
                    f"Trùng ({why}): {other.recipient_name()} đã được {by}đề nghị "
                    f"{other.award.name} năm {nomination.award_year} — {where}",
                    "duplicate",
                )
            )
    return result


@in_record_language
def quota_findings(
    nomination: Nomination, items: list[NominationItem]
) -> tuple[list[Finding], dict[int, list[Finding]]]:
    """Quota rows in force for the dossier's year, for its proposing unit.

    Returns the dossier-level findings and, per capped award id, the finding to
    attach to each nominee of that award.
    """
    year = nomination.award_year
    rules = list(
        AwardRule.objects.filter(kind=RuleKind.QUOTA)
        .in_force_on(rules_date(year))
        .select_related("award")
    )
    if not rules:
        return [], {}
    scope = subtree_ids(nomination.proposing_unit_id)
    codes_needed = set()
    for r in rules:
        codes_needed |= {r.params["award"], r.params["of_award"]}
    holders: dict[str, set] = defaultdict(set)
    for code, person_id in (
        AwardRecord.objects.valid()
        .filter(year=year, unit_id__in=scope, person__isnull=False, award__code__in=codes_needed)
        .values_list("award__code", "person_id")
    ):
        holders[code].add(person_id)
    pending = (
        NominationItem.objects.filter(
            nomination__award_year=year,
            nomination__proposing_unit_id__in=scope,
            award__code__in=codes_needed,
            person__isnull=False,
        )
        .exclude(nomination__status=NominationStatus.WITHDRAWN)
        .exclude(verification=VerificationResult.FAILED)
        .exclude(nomination_id=nomination.pk)
        .values_list("award__code", "person_id")
    )
    for code, person_id in pending:
        holders[code].add(person_id)
    for item in items:
        if item.person_id:
            holders[item.award.code].add(item.person_id)

    dossier, per_award = [], {}
    for r in rules:
        p = r.params
        if not any(i.award.code == p["award"] for i in items):
            continue
        num, den = len(holders[p["award"]]), len(holders[p["of_award"]])
        percent = Decimal(str(p["max_percent"]))
        allowed = math_floor_share(den, percent, p.get("rounding", "floor"))
        name, of_name = r.award.name, _award_name(p["of_award"])
        text = (
            f"{nomination.proposing_unit.name} năm {year}: {num} {name} trên {den} {of_name} "
            f"(tối đa {str(percent).replace('.', ',')}% = {allowed})"
        )
        if num > allowed:
            finding = Finding(FAIL, f"Vượt tỷ lệ — {text}", "quota", r.pk, r.legal_basis)
            per_award[r.award_id] = [finding]
        else:
            finding = Finding(PASS, f"Trong tỷ lệ — {text}", "quota", r.pk, r.legal_basis)
        dossier.append(finding)
    return dossier, per_award


def _award_name(code: str) -> str:
    from .models import Award

    award = Award.objects.filter(code=code).first()
    return award.name if award else code


__all__ = ["FAIL", "PASS", "find_duplicates", "quota_findings"]
