"""Reads for the dashboards and the public pages.

Public reads return only what a published decision prints: the name, the
position or address line of the annex, the award, the decision's number and
date, the annex ordinal and registry number. Nothing here selects citizen IDs,
birth dates, drafts, revoked entries or unrecorded escalations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from awards.decisions.models import (
    Decision,
    DecisionEntry,
    DecisionStatus,
    EscalationEntry,
    EscalationStatus,
)
from awards.decisions.services.escalations import ISSUERS
from awards.models import AwardCategory, Nomination, NominationStatus
from emulation.models import ScoringTable, Standing
from units.permissions import unit_filter
from units.search import fold

# Provincial and central emulation titles and orders: the honour roll.
HONOUR_MIN_RANK = 30
HONOUR_CATEGORIES = [
    AwardCategory.EMULATION_TITLE,
    AwardCategory.ORDER,
    AwardCategory.HONORARY_TITLE,
]
LOOKUP_LIMIT = 50
ISSUER = "Chủ tịch Ủy ban nhân dân tỉnh"


# Dashboards ------------------------------------------------------------------------------


def pipeline_counts(*, year: int, user) -> list[dict]:
    """Dossiers of ``year`` per status, in workflow order (one query)."""
    counts = dict(
        Nomination.objects.filter(unit_filter(user, "proposing_unit"), award_year=year)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        {"status": value, "label": str(label), "n": counts.get(value, 0)}
        for value, label in NominationStatus.choices
    ]


def overdue_verifications(*, user, today: dt.date | None = None, limit: int = 20):
    """Dossiers awaiting verification past their due date, oldest due first."""
    today = today or timezone.localdate()
    qs = (
        Nomination.objects.filter(unit_filter(user, "proposing_unit"))
        .awaiting_verification()
        .filter(verification_due__lt=today)
        .select_related("proposing_unit")
        .annotate(item_count=Count("items"))
        .order_by("verification_due", "pk")
    )
    return qs[:limit], qs.count()


def unit_awards(*, unit_ids, year: int):
    """Standing awards of the year to the units' dossiers: provincial decisions
    and recorded central decisions, with their counts per award."""
    provincial = (
        DecisionEntry.objects.valid()
        .filter(
            nomination_item__nomination__proposing_unit_id__in=unit_ids,
            decision__decision_date__year=year,
        )
        .values("award__name", "award__rank")
        .annotate(n=Count("pk"))
        .order_by("-award__rank")
    )
    central = (
        EscalationEntry.objects.filter(
            accepted=True,
            escalation__status=EscalationStatus.DECIDED,
            escalation__central_date__year=year,
            nomination_item__nomination__proposing_unit_id__in=unit_ids,
        )
        .values("award__name", "award__rank")
        .annotate(n=Count("pk"))
        .order_by("-award__rank")
    )
    return list(central) + list(provincial)


def unit_standings(*, unit, years):
    """The unit's published standings of the given years, with cluster size."""
    size = Count("table__standings")
    return list(
        Standing.objects.filter(
            unit=unit, table__year__in=years, table__status=ScoringTable.Status.PUBLISHED
        )
        .select_related("table__cluster")
        .annotate(size=size)
        .order_by("-table__year")
    )


# Public pages ---------------------------------------------------------------------------


def published_decisions(*, year: int | None = None, query: str = ""):
    """Issued decisions (not wholly revoked), newest first, with their standing
    entry counts."""
    qs = Decision.objects.filter(status=DecisionStatus.ISSUED)
    if year:
        qs = qs.filter(decision_date__year=year)
    if query:
        qs = qs.filter(Q(number__icontains=query.strip()) | Q(title__icontains=query.strip()))
    return (
        qs.annotate(entry_count=Count("entries", filter=Q(entries__revoked_at__isnull=True)))
        .only("uid", "number", "decision_date", "title", "signer_name", "signer_capacity")
        .order_by("-decision_date", "-pk")
    )


def published_decision_years() -> list[int]:
    return sorted(
        {
            d.year
            for d in Decision.objects.filter(status=DecisionStatus.ISSUED).values_list(
                "decision_date", flat=True
            )
        },
        reverse=True,
    )


def published_entries(decision: Decision):
    """The annex as published, in annex order (award, then collectives, households
    and individuals); revoked entries left out."""
    return (
        DecisionEntry.objects.filter(decision=decision, revoked_at__isnull=True)
        .select_related("award")
        .only(
            "award__name",
            "award__rank",
            "award_id",
            "group",
            "ordinal",
            "registry_no",
            "name",
            "position_text",
            "decision_id",
            "sort_key",
        )
        .annex_order()
    )


def published_annex(entries) -> list[dict]:
    """Entries grouped as the decision prints them (one page of them)."""
    from awards.decisions.documents import annex_blocks

    return annex_blocks(list(entries))


@dataclass
class PublicAward:
    name: str
    position: str
    award: str
    number: str
    date: dt.date | None
    issuer: str
    decision_uid: str = ""
    registry_no: int | None = None


def honour_roll(*, year: int):
    """Provincial and central emulation titles and orders that stand, of decisions
    dated in ``year`` (the exemplary models the province honours)."""
    honour = Q(award__rank__gte=HONOUR_MIN_RANK, award__category__in=HONOUR_CATEGORIES)
    provincial = (
        DecisionEntry.objects.valid()
        .filter(honour, decision__decision_date__year=year)
        .select_related("award", "decision")
        .only(
            "name",
            "position_text",
            "registry_no",
            "award__name",
            "award__rank",
            "decision__uid",
            "decision__number",
            "decision__decision_date",
        )
        .order_by("-award__rank", "group", "name")
    )
    central = (
        EscalationEntry.objects.filter(
            honour,
            accepted=True,
            escalation__status=EscalationStatus.DECIDED,
            escalation__central_date__year=year,
        )
        .select_related("award", "escalation")
        .only(
            "name",
            "position_text",
            "award__name",
            "award__rank",
            "escalation__central_number",
            "escalation__central_date",
            "escalation__central_level",
        )
        .order_by("-award__rank", "name")
    )
    return [_central_row(e) for e in central] + [_provincial_row(e) for e in provincial]


def _provincial_row(e: DecisionEntry) -> PublicAward:
    return PublicAward(
        name=e.name,
        position=e.position_text,
        award=e.award.name,
        number=e.decision.number,
        date=e.decision.decision_date,
        issuer=ISSUER,
        decision_uid=str(e.decision.uid),
        registry_no=e.registry_no,
    )


def _central_row(e: EscalationEntry) -> PublicAward:
    return PublicAward(
        name=e.name,
        position=e.position_text,
        award=e.award.name,
        number=e.escalation.central_number,
        date=e.escalation.central_date,
        issuer=ISSUERS.get(e.escalation.central_level, ""),
    )


def award_lookup(query: str) -> tuple[list[PublicAward], bool]:
    """Awards of a collective, household or person whose name contains ``query``
    (accent- and case-insensitive, on the folded nominee name), at most
    ``LOOKUP_LIMIT``; the flag says whether more matched."""
    folded = fold(query)
    if len(folded) < 3:
        return [], False
    provincial = list(
        DecisionEntry.objects.valid()
        .filter(nomination_item__search_text__contains=folded)
        .select_related("award", "decision")
        .only(
            "name",
            "position_text",
            "registry_no",
            "award__name",
            "decision__uid",
            "decision__number",
            "decision__decision_date",
        )
        .order_by("-decision__decision_date", "name", "pk")[: LOOKUP_LIMIT + 1]
    )
    central = list(
        EscalationEntry.objects.filter(
            accepted=True,
            escalation__status=EscalationStatus.DECIDED,
            nomination_item__search_text__contains=folded,
        )
        .select_related("award", "escalation")
        .only(
            "name",
            "position_text",
            "award__name",
            "escalation__central_number",
            "escalation__central_date",
            "escalation__central_level",
        )
        .order_by("-escalation__central_date", "name", "pk")[: LOOKUP_LIMIT + 1]
    )
    rows = [_central_row(e) for e in central] + [_provincial_row(e) for e in provincial]
    rows.sort(key=lambda r: r.date or dt.date.min, reverse=True)
    return rows[:LOOKUP_LIMIT], len(rows) > LOOKUP_LIMIT
