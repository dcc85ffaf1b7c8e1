"""Prize money: base salary on the decision date, rounding per regime, household
factor, highest-only for titles of one period, title + form both paid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.decisions import services
from awards.decisions.models import Decision, DecisionEntry
from awards.decisions.money import base_salary_on, prize_for, round_amount
from awards.models import Award, AwardRule

from .factories import closed_session, make_council, verified_items

D = dt.date


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        (447_000, "nearest_half_up", 450_000),  # OLD-REGIME §3 worked examples
        (223_500, "nearest_half_up", 220_000),
        (1_192_000, "nearest_half_up", 1_190_000),
        (894_000, "nearest_half_up", 890_000),
        (2_235_000, "nearest_half_up", 2_240_000),  # exactly half: up
        (1_192_000, "up", 1_200_000),  # NĐ 152: rounded up
        (894_000, "up", 900_000),
        (223_500, "up", 230_000),
        (4_470_000, "up", 4_470_000),  # already round: unchanged
        (2_235_000, "nearest_half_even", 2_240_000),
        (2_225_000, "nearest_half_even", 2_220_000),
    ],
)
def test_rounding_to_ten_thousand(value, mode, expected):
    assert round_amount(Decimal(value), mode=mode) == expected


def test_unknown_rounding_mode_is_a_clear_error():
    with pytest.raises(ValidationError, match="không được hỗ trợ"):
        round_amount(Decimal(1), mode="banker")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (D(2016, 5, 1), 1_210_000),
        (D(2017, 6, 30), 1_210_000),
        (D(2017, 7, 1), 1_300_000),
        (D(2018, 7, 1), 1_390_000),
        (D(2023, 1, 20), 1_490_000),
        (D(2023, 7, 1), 1_800_000),
        (D(2024, 6, 30), 1_800_000),
        (D(2024, 7, 1), 2_340_000),
    ],
)
def test_base_salary_in_force_on_a_day(day, amount):
    assert base_salary_on(day).amount == amount


def _prize(code, kind, year, day):
    return prize_for(
        award_id=Award.objects.get(code=code).pk,
        recipient_kind=kind,
        award_year=year,
        decision_date=day,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "kind", "year", "day", "amount"),
    [
        # Old regime, base 1,490,000, nearest: OLD-REGIME §3 check values.
        ("cstd_tinh", "individual", 2022, D(2023, 1, 20), 4_470_000),
        ("ttldxs", "collective", 2022, D(2023, 1, 20), 2_240_000),
        ("ttldtt", "collective", 2022, D(2023, 1, 20), 1_190_000),
        ("co_tinh", "collective", 2022, D(2023, 1, 20), 11_920_000),
        ("bang_khen_tinh", "individual", 2022, D(2023, 1, 20), 1_490_000),
        ("bang_khen_tinh", "collective", 2022, D(2023, 1, 20), 2_980_000),
        # The decision date decides the salary, not the award year.
        ("cstd_tinh", "individual", 2022, D(2023, 7, 3), 5_400_000),
        # Decree 98 / 152: rounded up; household 1.5× the individual amount (NĐ 152).
        ("ttldtt", "collective", 2024, D(2025, 1, 15), 1_880_000),  # 0.8 × 2,340,000 = 1,872,000
        ("bang_khen_tinh", "individual", 2025, D(2026, 1, 15), 3_510_000),
        ("bang_khen_tinh", "household", 2025, D(2026, 1, 15), 5_270_000),  # 2.25 × 2.34M
    ],
)
def test_prize_amount_per_regime(code, kind, year, day, amount):
    assert _prize(code, kind, year, day).amount == amount


@pytest.mark.django_db
def test_old_regime_rounding_is_configurable_data():
    rule = AwardRule.objects.get(award__code="ttldtt", kind="prize", valid_to=D(2023, 12, 31))
    rule.params = {**rule.params, "rounding": "up"}
    rule.save()
    assert _prize("ttldtt", "collective", 2022, D(2023, 1, 20)).amount == 1_200_000


# Highest-only and title + form -----------------------------------------------------------


@pytest.fixture
def council(db):
    return make_council(15)


def _another_item(unit_item, code):
    """A second nominee row for the same collective and year, for another award."""
    from tests.awards.factories import NominationFactory, item

    nomination = NominationFactory(
        proposing_unit=unit_item.nomination.proposing_unit, award_year=2022, status="verified"
    )
    return item(nomination, unit_item.unit, code, verification="passed")


def _add_entry(decision, nomination_item):
    return DecisionEntry.objects.create(
        decision=decision,
        nomination_item=nomination_item,
        award=nomination_item.award,
        recipient_kind="collective",
        group=1,
        unit=nomination_item.unit,
        name=nomination_item.unit.name,
    )


@pytest.mark.django_db
def test_two_titles_of_one_collective_in_one_decision_pay_only_the_highest(council, provincial):
    flag = verified_items("co_tinh", 1, kind="collective")[0]
    session = closed_session(council, [flag], ["yes"] * 15)
    decision = services.decision_generate(session=session, actor=provincial)
    # A second title of the same period for the same collective in the same draft.
    services.decision_update(decision=decision, actor=provincial, decision_date=D(2023, 1, 20))
    _add_entry(decision, _another_item(flag, "ttldxs"))
    entries = services.decision_prizes_refresh(decision=decision)
    amounts = {e.award.code: (e.prize_amount, e.prize_note) for e in entries}
    assert amounts["co_tinh"][0] == 11_920_000
    assert amounts["ttldxs"][0] == 0
    assert "chỉ hưởng mức tiền thưởng cao nhất" in amounts["ttldxs"][1]


@pytest.mark.django_db
def test_a_lower_title_already_paid_elsewhere_leaves_only_the_difference(council, provincial):
    ttldxs = verified_items("ttldxs", 1, kind="collective")[0]
    session = closed_session(council, [ttldxs], ["yes"] * 5, body="standing_committee")
    first = services.decision_generate(session=session, actor=provincial)
    services.decision_update(
        decision=first, actor=provincial, number="5/QĐ-UBND", decision_date=D(2023, 1, 20)
    )
    services.decision_issue(decision=first, actor=provincial)
    assert first.entries.get().prize_amount == 2_240_000
    # The same collective then gets the provincial flag for the same year.
    flag = _another_item(ttldxs, "co_tinh")
    decision = services.decision_generate(
        session=closed_session(council, [flag], ["yes"] * 15), actor=provincial
    )
    services.decision_update(
        decision=decision, actor=provincial, number="6/QĐ-UBND", decision_date=D(2023, 1, 25)
    )
    services.decision_issue(decision=decision, actor=provincial)
    entry = decision.entries.get()
    assert entry.prize_amount == 11_920_000 - 2_240_000
    assert "5/QĐ-UBND" in entry.prize_note


@pytest.mark.django_db
def test_a_higher_title_already_paid_leaves_nothing_for_a_lower_one(council, provincial):
    flag = verified_items("co_tinh", 1, kind="collective")[0]
    issued = services.decision_generate(
        session=closed_session(council, [flag], ["yes"] * 15), actor=provincial
    )
    services.decision_update(decision=issued, actor=provincial, number="5/QĐ-UBND")
    services.decision_issue(decision=issued, actor=provincial)
    ttldxs = _another_item(flag, "ttldxs")
    later = services.decision_generate(
        session=closed_session(council, [ttldxs], ["yes"] * 5, body="standing_committee"),
        actor=provincial,
    )
    assert later.entries.get().prize_amount == 0


@pytest.mark.django_db
def test_a_title_and_a_form_in_one_decision_are_both_paid(council, provincial):
    flag = verified_items("co_tinh", 1, kind="collective")[0]
    decision = services.decision_generate(
        session=closed_session(council, [flag], ["yes"] * 15), actor=provincial
    )
    services.decision_update(decision=decision, actor=provincial, decision_date=D(2023, 1, 20))
    _add_entry(decision, _another_item(flag, "bang_khen_tinh"))
    entries = services.decision_prizes_refresh(decision=decision)
    assert sorted(e.prize_amount for e in entries) == [2_980_000, 11_920_000]


@pytest.mark.django_db
def test_changing_the_draft_date_reprices_it(council, provincial):
    decision = services.decision_generate(
        session=closed_session(council, verified_items("cstd_tinh", 1), ["yes"] * 15),
        actor=provincial,
    )
    services.decision_update(decision=decision, actor=provincial, decision_date=D(2023, 1, 20))
    assert decision.entries.get().prize_amount == 4_470_000
    services.decision_update(decision=decision, actor=provincial, decision_date=D(2023, 7, 3))
    assert Decision.objects.get().entries.get().prize_amount == 5_400_000
