"""Decisions, central decisions and history rows built directly, so that each
statistics test knows exactly what it should count."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from awards.decisions.models import (
    GROUP_OF_KIND,
    Decision,
    DecisionEntry,
    DecisionStatus,
    Escalation,
    EscalationEntry,
    EscalationStatus,
)
from awards.models import AwardRecord, AwardRecordSource, NominationStatus
from tests.awards.factories import NominationFactory, award, item
from tests.factories import UserFactory

_numbers = itertools.count(1)


def make_decision(day: dt.date, *, status=DecisionStatus.ISSUED, actor=None, **kwargs) -> Decision:
    actor = actor or UserFactory()
    issued = status != DecisionStatus.DRAFT
    n = next(_numbers)
    return Decision.objects.create(
        number=f"{n}/QĐ-UBND" if issued else "",
        decision_date=day,
        title=kwargs.pop("title", f"Về việc tặng Bằng khen năm {day.year}"),
        signer_name="Trịnh Thị Thử",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng;",
        proposal="Theo đề nghị của Giám đốc Sở Nội vụ.",
        article_1="Tặng Bằng khen.",
        article_2="Tiền thưởng theo quy định.",
        article_3="Thi hành.",
        recipients="Như Điều 3;",
        award_year=kwargs.pop("award_year", day.year),
        status=status,
        registry_year=day.year if issued else None,
        issued_at=timezone.now() if issued else None,
        revoked_at=timezone.now() if status == DecisionStatus.REVOKED else None,
        created_by=actor,
        **kwargs,
    )


def _nominee(recipient, code, *, proposing_unit, award_type, nomination=None):
    nomination = nomination or NominationFactory(
        proposing_unit=proposing_unit,
        award_year=2022,
        award_type=award_type,
        status=NominationStatus.READY_FOR_COUNCIL,
    )
    return item(nomination, recipient, code)


def add_entry(
    decision: Decision,
    recipient,
    code: str,
    *,
    proposing_unit,
    award_type: str = "merit",
    prize: int = 0,
    revoked: bool = False,
    position: str = "",
) -> DecisionEntry:
    ni = _nominee(recipient, code, proposing_unit=proposing_unit, award_type=award_type)
    kind = ni.recipient_kind
    n = decision.entries.count() + 1
    return DecisionEntry.objects.create(
        decision=decision,
        nomination_item=ni,
        award=ni.award,
        recipient_kind=kind,
        group=GROUP_OF_KIND[kind],
        person=ni.person,
        unit=ni.unit,
        household=ni.household,
        name=ni.recipient_name() if kind != "household" else f"Hộ gia đình {recipient.head_name}",
        position_text=position,
        sort_key=n,
        ordinal=n if decision.status != DecisionStatus.DRAFT else None,
        registry_year=decision.registry_year,
        registry_no=next(_numbers) if decision.status != DecisionStatus.DRAFT else None,
        prize_amount=prize,
        revoked_at=timezone.now() if revoked else None,
    )


def make_escalation(
    day: dt.date | None, level: str, *, status=EscalationStatus.DECIDED, actor=None
) -> Escalation:
    return Escalation.objects.create(
        title="Tờ trình đề nghị khen thưởng cấp Nhà nước",
        award_year=2022,
        letter_text="Kính trình Thủ tướng Chính phủ.",
        status=status,
        central_number=f"{next(_numbers)}/QĐ-TTg" if status == EscalationStatus.DECIDED else "",
        central_date=day,
        central_level=level,
        created_by=actor or UserFactory(),
    )


def add_central(
    escalation: Escalation,
    recipient,
    code: str,
    *,
    proposing_unit,
    accepted: bool | None = True,
    award_type: str = "merit",
) -> EscalationEntry:
    ni = _nominee(recipient, code, proposing_unit=proposing_unit, award_type=award_type)
    return EscalationEntry.objects.create(
        escalation=escalation,
        nomination_item=ni,
        award=ni.award,
        name=ni.recipient_name(),
        position_text="",
        accepted=accepted,
    )


def declared(recipient, code: str, year: int, **kwargs) -> AwardRecord:
    """A lower-level award the unit declared in the history."""
    from tests.awards.factories import record

    return record(
        recipient,
        code,
        year,
        source=kwargs.pop("source", AwardRecordSource.UNIT_DECLARED),
        decision_date=kwargs.pop("decision_date", dt.date(year, 12, 20)),
        **kwargs,
    )


__all__ = ["add_central", "add_entry", "award", "declared", "make_decision", "make_escalation"]
