"""Issued decisions with N awardees for the certificate tests, written directly (the
council path is tested by the decisions app; one test here goes through it too).
Every person is fictional."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from awards.decisions.models import Decision, DecisionEntry, DecisionStatus
from awards.models import Person
from tests.awards.factories import NominationFactory, PersonFactory, award, item
from tests.factories import UnitFactory, UserFactory

_serials = itertools.count(1)
_numbers = itertools.count(100)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Thị Thu Hằng", "Văn Minh", "Quốc Việt", "Thị Ngọc Ánh", "Đức Thắng", "Thị Lan"]


def issued_decision(
    count: int,
    *,
    code: str = "bang_khen_tinh",
    unit=None,
    number: str | None = None,
    day: dt.date = dt.date(2023, 1, 20),
    actor=None,
    names: list[str] | None = None,
) -> Decision:
    """An issued decision of the provincial chairman with ``count`` individual awardees of
    ``unit`` (proposed by it), registry numbers and serials as issuing writes them."""
    actor = actor or UserFactory()
    unit = unit or UnitFactory()
    number = number or f"{next(_numbers)}/QĐ-UBND"
    decision = Decision.objects.create(
        number=number,
        decision_date=day,
        title="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        signer_name="Trần Văn Minh",
        signer_capacity=Decision.Capacity.VICE_CHAIR,
        legal_bases="Luật Thi đua, khen thưởng năm 2022",
        proposal="Theo đề nghị của Giám đốc Sở Nội vụ",
        article_1="Tặng Bằng khen",
        article_2="Tiền thưởng",
        article_3="Thi hành",
        recipients="Như Điều 3",
        award_year=2022,
        status=DecisionStatus.ISSUED,
        registry_year=day.year,
        issued_at=timezone.now(),
        issued_by=actor,
        created_by=actor,
    )
    add_entries(decision, count, code=code, unit=unit, names=names)
    return decision


def add_entries(decision, count, *, code="bang_khen_tinh", unit=None, names=None):
    unit = unit or UnitFactory()
    nomination = NominationFactory(proposing_unit=unit, award_year=decision.award_year)
    a = award(code)
    start = DecisionEntry.objects.filter(registry_year=decision.registry_year).count()
    entries = []
    for n in range(count):
        name = names[n] if names else f"{SURNAMES[n % 10]} {GIVEN[n % 6]}"
        person = PersonFactory(
            full_name=name,
            unit=unit,
            gender=Person.Gender.FEMALE if "Thị" in name else Person.Gender.MALE,
            citizen_id=f"{10**11 + next(_serials):012d}",
        )
        nomination_item = item(nomination, person, code)
        entries.append(
            DecisionEntry.objects.create(
                decision=decision,
                nomination_item=nomination_item,
                award=a,
                recipient_kind="individual",
                group=DecisionEntry.Group.INDIVIDUAL,
                person=person,
                name=name,
                position_text=f"Giáo viên Trường THCS số {n % 40 + 1}, {unit.name}",
                sort_key=n,
                ordinal=n + 1,
                registry_year=decision.registry_year,
                registry_no=start + n + 1,
                certificate_serial=f"VD-T{next(_serials):07d}",
            )
        )
    return entries
