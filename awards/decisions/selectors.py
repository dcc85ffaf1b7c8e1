"""Reads of the council and decisions app, for pages and for later stages.

Issue 6 (certificates) reads :func:`certificate_entries`; issue 7 (statistics)
reads :func:`awarded_entries` and :func:`prize_totals_by_year` — or, for every
source at once, ``awards.AwardRecord.objects.valid()`` rows with source
``portal_decision`` / ``central_decision`` that issuing and recording write.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from .models import (
    AgendaItem,
    BallotReceipt,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionEntry,
    DecisionStatus,
    SessionStatus,
)
from .permissions import can_view_all_sessions, seat_of, sessions_visible_to


def certificate_entries(decision: Decision):
    """Valid (not revoked) entries of an issued decision in annex order, with what a
    certificate prints: name, position, award, registry number, serial."""
    return (
        DecisionEntry.objects.filter(decision=decision, revoked_at__isnull=True)
        .exclude(decision__status=DecisionStatus.DRAFT)
        .select_related("award", "decision", "person__unit", "unit", "household")
        .annex_order()
    )


def awarded_entries(year: int):
    """Entries of decisions dated in ``year`` that stand (issued, not revoked)."""
    return DecisionEntry.objects.valid().filter(decision__decision_date__year=year)


def decision_totals(decision: Decision) -> dict:
    """Prize money of one decision: paid, and to recover (revoked entries)."""
    agg = decision.entries.aggregate(
        entries=Count("pk"),
        paid=Sum("prize_amount", filter=Q(revoked_at__isnull=True)),
        recovered=Sum("prize_amount", filter=Q(revoked_at__isnull=False)),
        revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
    )
    return {k: v or 0 for k, v in agg.items()}


def prize_totals_by_year():
    """Per year of the decision date: decisions, awardees and money that stand."""
    return (
        DecisionEntry.objects.valid()
        .annotate(year=ExtractYear("decision__decision_date"))
        .values("year")
        .annotate(
            decisions=Count("decision", distinct=True),
            entries=Count("pk"),
            amount=Sum("prize_amount"),
        )
        .order_by("-year")
    )


def decisions_of_year(year: int):
    return (
        Decision.objects.issued()
        .filter(decision_date__year=year)
        .annotate(
            entry_count=Count("entries", filter=Q(entries__revoked_at__isnull=True)),
            amount=Sum("entries__prize_amount", filter=Q(entries__revoked_at__isnull=True)),
        )
        .order_by("decision_date", "pk")
    )


def session_list(user):
    return (
        sessions_visible_to(user)
        .select_related("council")
        .annotate(item_count=Count("agenda", distinct=True))
        .order_by("-meeting_date", "-pk")
    )


def council_panel(user) -> dict:
    """Home panel: open and upcoming sessions, and open ballots awaiting the user."""
    sessions = list(
        sessions_visible_to(user)
        .filter(status__in=[SessionStatus.DRAFT, SessionStatus.OPEN])
        .order_by("meeting_date", "pk")[:10]
    )
    voted = set(
        BallotReceipt.objects.filter(member__user=user, session__in=sessions).values_list(
            "session_id", flat=True
        )
    )
    awaiting = [
        s for s in sessions if s.is_open() and s.pk not in voted and seat_of(user, s) is not None
    ]
    return {
        "sessions": sessions,
        "awaiting": awaiting,
        "voted": voted,
        "is_secretary": can_view_all_sessions(user),
    }


def agenda_by_award(session: CouncilSession) -> list[dict]:
    items = (
        AgendaItem.objects.filter(session=session)
        .select_related(
            "award",
            "nomination_item__person__unit",
            "nomination_item__unit",
            "nomination_item__household",
            "nomination_item__nomination__proposing_unit",
        )
        .order_by("-award__rank", "position", "pk")
    )
    groups: dict[int, dict] = {}
    for item in items:
        groups.setdefault(item.award_id, {"award": item.award, "items": []})["items"].append(item)
    return list(groups.values())


def members_with_receipts(session: CouncilSession):
    """Members of the body with attendance and whether (not how) they voted."""
    from .services import body_members

    present = set(session.attendance.values_list("member_id", flat=True))
    receipts = dict(session.receipts.values_list("member_id", "mode"))
    members: list[CouncilMember] = list(body_members(session).order_by("position", "pk"))
    for m in members:
        m.present = m.pk in present
        m.receipt_mode = receipts.get(m.pk, "")
    return members
