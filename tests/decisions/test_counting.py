"""Quorum and threshold arithmetic, and the thresholds the catalogue holds per regime."""

from decimal import Decimal

import pytest

from awards.decisions.counting import Tally, VoteRule, outcome_of, required_count
from awards.decisions.models import Outcome
from awards.decisions.services.sessions import vote_rules


@pytest.mark.parametrize(
    ("total", "percent", "strict", "expected"),
    [
        (15, "90", False, 14),  # 13.5 → 14: the issue's own example
        (15, "80", False, 12),
        (15, "66.67", False, 10),  # two thirds of 15, not 11
        (12, "66.67", False, 8),
        (100, "66.67", False, 67),
        (300, "66.67", False, 200),
        (15, "50", True, 8),  # more than half
        (14, "50", True, 8),
        (10, "90", False, 9),
        (0, "90", False, 0),
    ],
)
def test_required_count_reaches_the_written_share(total, percent, strict, expected):
    assert required_count(total, Decimal(percent), strict=strict) == expected


def test_thirteen_of_fifteen_do_not_reach_ninety_percent_but_fourteen_do():
    rule = VoteRule(Decimal("90"))
    tally = Tally(members=15, present=15, participants=15, yes=13, no=2, abstain=0)
    assert outcome_of(rule, tally, session_quorum=10) == (Outcome.REJECTED, 14)
    tally = Tally(members=15, present=15, participants=15, yes=14, no=1, abstain=0)
    assert outcome_of(rule, tally, session_quorum=10) == (Outcome.APPROVED, 14)


def test_threshold_over_all_members_counts_absent_members_as_not_yes():
    # 12 present, all yes: 12 < 14 → rejected although every voter agreed.
    rule = VoteRule(Decimal("90"))
    tally = Tally(members=15, present=12, participants=12, yes=12, no=0, abstain=0)
    assert outcome_of(rule, tally, session_quorum=10)[0] == Outcome.REJECTED


def test_majority_of_participants_counts_written_opinions():
    rule = VoteRule(Decimal("50"), base="present", strict=True)
    tally = Tally(members=5, present=3, participants=4, yes=3, no=1, abstain=0)
    assert outcome_of(rule, tally, session_quorum=3) == (Outcome.APPROVED, 3)
    tally = Tally(members=5, present=3, participants=4, yes=2, no=1, abstain=1)
    assert outcome_of(rule, tally, session_quorum=3) == (Outcome.REJECTED, 3)


def test_item_rule_can_demand_more_attendance_than_the_session_quorum():
    rule = VoteRule(Decimal("90"), attendance_percent=Decimal("80"))
    tally = Tally(members=15, present=11, participants=14, yes=14, no=0, abstain=0)
    assert outcome_of(rule, tally, session_quorum=10)[0] == Outcome.NO_QUORUM
    assert outcome_of(VoteRule(Decimal("90")), tally, session_quorum=10)[0] == Outcome.APPROVED


# Thresholds read from the catalogue (awards 0002 seed), per regime -----------------------


def _rule(code, year, body="council"):
    from awards.models import Award

    award = Award.objects.get(code=code)
    return VoteRule.from_params(vote_rules(year, body)[award.pk][0].params)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "year", "body", "percent", "base", "strict", "attendance"),
    [
        ("cstd_tinh", 2022, "council", "90", "all_members", False, None),
        ("cstd_tq", 2022, "council", "90", "all_members", False, None),
        ("co_tinh", 2022, "council", "50", "all_members", True, None),
        ("bang_khen_tinh", 2022, "standing_committee", "50", "present", True, None),
        ("ttldxs", 2022, "standing_committee", "50", "present", True, None),
        ("bang_khen_ttg", 2022, "council", "50", "present", True, "66.67"),
        ("cstd_tinh", 2024, "council", "90", "all_members", False, None),
        ("co_tinh", 2024, "council", "80", "all_members", False, None),
        ("cstd_tinh", 2025, "council", "90", "all_members", False, "80"),
        ("co_cp", 2025, "council", "80", "all_members", False, "80"),
    ],
)
def test_catalogue_holds_the_vote_rule_of_each_regime(
    code, year, body, percent, base, strict, attendance
):
    rule = _rule(code, year, body)
    assert rule.threshold_percent == Decimal(percent)
    assert rule.base == base
    assert rule.strict is strict
    assert rule.attendance_percent == (Decimal(attendance) if attendance else None)


@pytest.mark.django_db
def test_same_votes_pass_in_2022_but_lack_attendance_under_decree_152():
    # 11 present of 15, 3 absent wrote "yes": 14 yes of all members.
    tally = Tally(members=15, present=11, participants=14, yes=14, no=0, abstain=0)
    assert outcome_of(_rule("cstd_tinh", 2022), tally, session_quorum=10)[0] == Outcome.APPROVED
    assert outcome_of(_rule("cstd_tinh", 2025), tally, session_quorum=10)[0] == Outcome.NO_QUORUM


@pytest.mark.django_db
def test_provincial_flag_needs_80_percent_from_2024_but_a_majority_before():
    tally = Tally(members=15, present=15, participants=15, yes=11, no=4, abstain=0)
    assert outcome_of(_rule("co_tinh", 2022), tally, session_quorum=10)[0] == Outcome.APPROVED
    assert outcome_of(_rule("co_tinh", 2024), tally, session_quorum=10) == (Outcome.REJECTED, 12)
