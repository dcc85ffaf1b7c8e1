"""One test per rule kind in each regime: award year 2022 (Law 2013 + NĐ 91/2017),
2024 (Law 2022 + NĐ 98/2023) and 2025 (NĐ 152/2025). The rules come from the
seeded catalogue (data migration), not from the tests."""

import datetime as dt

import pytest

from awards.models import Nomination, Verdict
from awards.services.nominations import nomination_check
from tests.awards.factories import (
    NominationFactory,
    PersonFactory,
    hold,
    initiative,
    item,
    rating,
    record,
)
from tests.factories import ClusterFactory, MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


def judge(recipient, code, year, *, award_type="merit", unit=None):
    unit = unit or (recipient.unit if hasattr(recipient, "full_name") else recipient)
    nomination = NominationFactory(proposing_unit=unit, award_year=year, award_type=award_type)
    row = item(nomination, recipient, code)
    nomination_check(nomination=nomination, today=TODAY)
    row.refresh_from_db()
    return row.verdict, [f["message"] for f in row.findings if f["status"] != "pass"]


def forget_earlier_proposals():
    """Withdraw earlier test dossiers so a re-check is not a duplicate of them."""
    Nomination.objects.update(status=Nomination.Status.WITHDRAWN)


def good_history(person, years, *, title="cstd_cs"):
    for y in years:
        rating(person, y, "excellent")
        record(person, "ldtt", y)
        if title:
            record(person, title, y)


# Prerequisite chains ------------------------------------------------------------


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_provincial_fighter_needs_three_consecutive_grassroots_fighter_titles(year):
    person = PersonFactory()
    good_history(person, [year - 2, year])
    initiative(person, year, "province")
    verdict, problems = judge(person, "cstd_tinh", year)
    assert verdict == Verdict.INELIGIBLE
    assert f"Thiếu danh hiệu Chiến sĩ thi đua cơ sở năm {year - 1}" in problems


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_provincial_fighter_with_full_chain_and_provincial_initiative_is_eligible(year):
    person = PersonFactory()
    good_history(person, [year - 2, year - 1, year])
    initiative(person, year - 1, "province")
    assert judge(person, "cstd_tinh", year) == (Verdict.ELIGIBLE, [])


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_national_fighter_needs_two_consecutive_provincial_terms(year):
    person = PersonFactory()
    record(person, "cstd_tinh", year)
    initiative(person, year, "national")
    verdict, problems = judge(person, "cstd_tq", year)
    assert verdict == Verdict.INELIGIBLE
    assert f"Thiếu danh hiệu Chiến sĩ thi đua cấp tỉnh năm {year - 3}" in problems


def test_from_july_2025_exceptional_awards_do_not_count_towards_merit_chains():
    person = PersonFactory()
    good_history(person, [2023, 2025])
    record(person, "cstd_cs", 2024, award_type="exceptional")
    rating(person, 2024, "excellent")
    initiative(person, 2025, "province")
    verdict, problems = judge(person, "cstd_tinh", 2025)
    assert "Thiếu danh hiệu Chiến sĩ thi đua cơ sở năm 2024" in problems
    # Under NĐ 98 (award year 2024) the same kind of history still counted.
    other = PersonFactory()
    good_history(other, [2022, 2024])
    record(other, "cstd_cs", 2023, award_type="exceptional")
    initiative(other, 2024, "province")
    assert judge(other, "cstd_tinh", 2024)[0] == Verdict.ELIGIBLE


# Ratings, initiatives ---------------------------------------------------------------


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_advanced_worker_needs_a_good_rating_in_the_award_year(year):
    person = PersonFactory()
    rating(person, year, "completed")
    verdict, problems = judge(person, "ldtt", year)
    assert verdict == Verdict.INELIGIBLE
    assert problems == [f"Chưa đạt mức “Hoàn thành tốt nhiệm vụ” (năm {year}: hoàn thành nhiệm vụ)"]


def test_old_regime_grassroots_fighter_needs_an_initiative_even_when_excellent():
    person = PersonFactory()
    rating(person, 2022, "excellent")
    record(person, "ldtt", 2022)
    verdict, problems = judge(person, "cstd_cs", 2022)
    assert verdict == Verdict.INELIGIBLE
    assert any("Thiếu sáng kiến, đề tài được công nhận" in p for p in problems)


@pytest.mark.parametrize("year", [2024, 2025])
def test_new_regime_grassroots_fighter_qualifies_by_excellent_rating_without_initiative(year):
    person = PersonFactory()
    rating(person, year, "excellent")
    record(person, "ldtt", year)
    assert judge(person, "cstd_cs", year) == (Verdict.ELIGIBLE, [])


@pytest.mark.parametrize("year", [2024, 2025])
def test_new_regime_grassroots_fighter_fails_with_neither_excellence_nor_initiative(year):
    person = PersonFactory()
    rating(person, year, "good")
    record(person, "ldtt", year)
    verdict, problems = judge(person, "cstd_cs", year)
    assert verdict == Verdict.INELIGIBLE
    assert "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến" in problems[0]


def test_advanced_worker_title_proposed_in_the_same_dossier_counts_for_the_fighter_title():
    person = PersonFactory()
    rating(person, 2024, "excellent")
    nomination = NominationFactory(proposing_unit=person.unit, award_year=2024)
    item(nomination, person, "ldtt")
    fighter = item(nomination, person, "cstd_cs")
    nomination_check(nomination=nomination, today=TODAY)
    fighter.refresh_from_db()
    assert fighter.verdict == Verdict.ELIGIBLE


# Service time, discipline and holds -------------------------------------------------------


def test_old_regime_advanced_worker_needs_ten_months_of_service():
    person = PersonFactory(joined_on=dt.date(2022, 6, 1))
    rating(person, 2022, "good")
    verdict, problems = judge(person, "ldtt", 2022)
    assert problems == ["Thời gian công tác đến hết năm 2022 mới 7 tháng (cần ít nhất 10 tháng)"]
    newer = PersonFactory(joined_on=dt.date(2024, 6, 1))
    rating(newer, 2024, "good")
    assert judge(newer, "ldtt", 2024)[0] == Verdict.ELIGIBLE  # no such rule from 2024


def test_old_regime_reprimand_in_the_year_bars_advanced_worker():
    person = PersonFactory()
    rating(person, 2022, "good")
    hold(person, "discipline", dt.date(2022, 3, 1), dt.date(2022, 9, 1), level="reprimand")
    verdict, problems = judge(person, "ldtt", 2022)
    assert problems == ["Bị kỷ luật khiển trách trong năm 2022 (từ 01/03/2022)"]


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_an_open_investigation_bars_any_proposal(year):
    person = PersonFactory()
    rating(person, year, "good")
    hold(person, "investigation", dt.date(2025, 11, 1))
    verdict, problems = judge(person, "ldtt", year)
    assert verdict == Verdict.INELIGIBLE
    assert any("đang bị điều tra (từ 01/11/2025, chưa kết thúc)" in p for p in problems)


# Collectives ----------------------------------------------------------------------------


def team(n_members, n_ldtt, year, *, ratings="good"):
    unit = UnitFactory()
    people = PersonFactory.create_batch(n_members, unit=unit)
    for p in people[:n_ldtt]:
        record(p, "ldtt", year)
    for p in people:
        rating(p, year, ratings)
    rating(unit, year, "excellent")
    return unit, people


def test_old_regime_advanced_collective_needs_more_than_half_advanced_workers():
    unit, _ = team(10, 5, 2022)
    verdict, problems = judge(unit, "ttldtt", 2022)
    assert problems == [
        "Tỷ lệ thành viên đạt danh hiệu Lao động tiên tiến năm 2022 là 50% (5/10), cần trên 50%"
    ]
    unit, _ = team(10, 6, 2022)
    assert judge(unit, "ttldtt", 2022)[0] == Verdict.ELIGIBLE


@pytest.mark.parametrize("year", [2024, 2025])
def test_new_regime_advanced_collective_needs_seventy_percent(year):
    unit, _ = team(10, 6, year)
    verdict, problems = judge(unit, "ttldtt", year)
    assert problems == [
        f"Tỷ lệ thành viên đạt danh hiệu Lao động tiên tiến năm {year} là 60% (6/10), "
        "cần ít nhất 70%"
    ]


@pytest.mark.parametrize("year", [2022, 2024, 2025])
def test_excellent_collective_needs_a_grassroots_fighter_and_all_members_completing(year):
    unit, people = team(10, 8, year)
    rating(PersonFactory(unit=unit), year, "not_completed")
    verdict, problems = judge(unit, "ttldxs", year)
    assert f"Không có thành viên đạt danh hiệu Chiến sĩ thi đua cơ sở năm {year}" in problems
    assert any("Hoàn thành nhiệm vụ” trở lên" in p and "(10/11)" in p for p in problems)


def test_member_disciplined_with_a_warning_bars_the_collective():
    unit, people = team(4, 4, 2022)
    hold(people[0], "discipline", dt.date(2022, 5, 1), dt.date(2023, 5, 1), level="warning")
    verdict, problems = judge(unit, "ttldtt", 2022)
    assert "Có 1 thành viên bị kỷ luật từ cảnh cáo trở lên trong năm 2022" in problems


def test_provincial_flag_needs_cluster_membership_and_leaves_the_lead_to_the_verifier():
    unit = UnitFactory()
    verdict, problems = judge(unit, "co_tinh", 2022)
    assert "Không thuộc cụm, khối thi đua nào của tỉnh năm 2022" in problems
    MembershipFactory(unit=unit, cluster=ClusterFactory(), year=2023)
    verdict, problems = judge(unit, "co_tinh", 2023)
    assert verdict == Verdict.REVIEW
    assert problems[0].startswith("Cần thẩm định: Được cụm, khối suy tôn dẫn đầu")


# Prior awards, alternatives, manual criteria -------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2025])
def test_prime_minister_certificate_limb_b_needs_a_prior_provincial_certificate(year):
    person = PersonFactory()
    for y in range(year - 4, year + 1):
        rating(person, y, "good")
    for y in (year - 4, year - 2, year):
        record(person, "cstd_cs", y)
    verdict, problems = judge(person, "bang_khen_ttg", year)
    assert verdict == Verdict.REVIEW  # other limbs are for the verifier
    assert (
        f"Chưa có Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (năm {year - 1} trở về trước)"
        in (problems[0])
    )
    record(person, "bang_khen_tinh", year - 3)
    forget_earlier_proposals()
    assert judge(person, "bang_khen_ttg", year) == (Verdict.ELIGIBLE, [])


def test_old_regime_prime_minister_certificate_needs_five_excellent_years_and_five_initiatives():
    person = PersonFactory()
    record(person, "bang_khen_tinh", 2016)
    for y in range(2018, 2023):
        rating(person, y, "excellent")
        initiative(person, y)
    assert judge(person, "bang_khen_ttg", 2022) == (Verdict.ELIGIBLE, [])
    weaker = PersonFactory()
    record(weaker, "bang_khen_tinh", 2016)
    for y in range(2018, 2023):
        rating(weaker, y, "excellent")
    initiative(weaker, 2020)
    verdict, problems = judge(weaker, "bang_khen_ttg", 2022)
    assert verdict == Verdict.REVIEW
    assert "cần 5, có 1" in problems[0]


@pytest.mark.parametrize("year", [2024, 2025])
def test_provincial_certificate_through_two_consecutive_grassroots_fighter_titles(year):
    person = PersonFactory()
    record(person, "cstd_cs", year - 1)
    record(person, "cstd_cs", year)
    assert judge(person, "bang_khen_tinh", year) == (Verdict.ELIGIBLE, [])


def test_exceptional_award_type_has_no_automatic_criteria_and_goes_to_review():
    person = PersonFactory()
    verdict, problems = judge(person, "bang_khen_tinh", 2025, award_type="exceptional")
    assert verdict == Verdict.REVIEW
    assert "Danh mục chưa có tiêu chí tự kiểm tra cho Bằng khen" in problems[0]


def test_award_not_given_to_that_recipient_kind_is_refused():
    unit = UnitFactory()
    verdict, problems = judge(unit, "ldtt", 2022)
    assert verdict == Verdict.INELIGIBLE
    assert "Lao động tiên tiến không xét tặng cho tập thể" in problems
