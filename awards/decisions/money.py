"""Prize money: multiplier × base salary in force on the decision date, rounded to
the regime's step by the regime's mode; household factor where the rule has one.

The multiplier and the rounding come from the catalogue's PRIZE rule rows in
force for the award year (``params``: ``individual``, ``collective``,
``household``, ``household_factor``, ``rounding`` = up | nearest_half_up |
nearest_half_even | down, ``round_to``, ``issuer_level``). The old regime's mode
is data: staff change it in the admin, no code change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from awards.eligibility import rules_date
from awards.models import AwardLevel, AwardRule, BaseSalary, RecipientKind, RuleKind

ROUNDING_MODES = {
    "up": ROUND_CEILING,
    "nearest_half_up": ROUND_HALF_UP,
    "nearest": ROUND_HALF_UP,
    "nearest_half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
}


def round_amount(value: Decimal, *, step: int = 10_000, mode: str = "nearest_half_up") -> int:
    """``value`` rounded to a multiple of ``step`` by ``mode``."""
    try:
        rounding = ROUNDING_MODES[mode]
    except KeyError:
        raise ValidationError(f"Cách làm tròn “{mode}” không được hỗ trợ.") from None
    units = (Decimal(value) / step).quantize(Decimal(1), rounding=rounding)
    return int(units) * step


def base_salary_on(day: dt.date) -> BaseSalary:
    salary = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if salary is None:
        raise ValidationError(
            f"Chưa có mức lương cơ sở áp dụng cho ngày {day:%d/%m/%Y} trong danh mục."
        )
    return salary


@dataclass(frozen=True)
class Prize:
    multiplier: Decimal | None
    base_salary: int | None
    amount: int
    note: str = ""


def prize_rule(
    award_id: int,
    *,
    recipient_kind: str,
    award_year: int,
    issuer_level: str = AwardLevel.PROVINCIAL,
) -> AwardRule | None:
    """The PRIZE row in force for the award year (rows of another issuer level skipped)."""
    rows = AwardRule.objects.filter(award_id=award_id, kind=RuleKind.PRIZE).in_force_on(
        rules_date(award_year)
    )
    for row in rows.order_by("position"):
        if row.recipient_kind and row.recipient_kind != recipient_kind:
            continue
        level = row.params.get("issuer_level")
        if level and level != issuer_level:
            continue
        return row
    return None


def multiplier_of(params: dict, recipient_kind: str) -> tuple[Decimal | None, str]:
    """(multiplier, note) for a recipient kind under one PRIZE row's params."""

    def dec(value):
        return Decimal(str(value)) if value not in (None, "") else None

    if recipient_kind == RecipientKind.COLLECTIVE:
        return dec(params.get("collective")), ""
    if recipient_kind == RecipientKind.HOUSEHOLD:
        if dec(params.get("household")) is not None:
            return dec(params["household"]), ""
        individual = dec(params.get("individual"))
        factor = dec(params.get("household_factor"))
        if individual is not None and factor is not None:
            return individual * factor, f"Hộ gia đình: {factor:g} lần mức cá nhân"
        return individual, ""
    return dec(params.get("individual")), ""


def prize_for(
    *, award_id: int, recipient_kind: str, award_year: int, decision_date: dt.date
) -> Prize:
    """The full prize of one award (before the highest-only rule)."""
    rule = prize_rule(award_id, recipient_kind=recipient_kind, award_year=award_year)
    if rule is None:
        return Prize(None, None, 0, "Không có quy định tiền thưởng cho hình thức này")
    multiplier, note = multiplier_of(rule.params, recipient_kind)
    if multiplier is None:
        return Prize(None, None, 0, "Không có hệ số tiền thưởng cho đối tượng này")
    salary = base_salary_on(decision_date).amount
    amount = round_amount(
        multiplier * salary,
        step=int(rule.params.get("round_to") or 10_000),
        mode=rule.params.get("rounding") or "nearest_half_up",
    )
    return Prize(multiplier, salary, amount, note)
