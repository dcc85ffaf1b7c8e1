"""Every statistic on the constructed province of conftest.py, whose expected
counts are known by construction."""

from __future__ import annotations

import datetime as dt

import pytest

from awards.decisions.models import CentralLevel
from awards.reports.statistics import year_statistics
from tests.awards.factories import PersonFactory
from tests.factories import ClusterFactory, MembershipFactory, UnitFactory

from .factories import add_central, add_entry, make_decision, make_escalation


@pytest.fixture
def stats(province):
    return year_statistics(2022)


def values(table, key):
    return next(r.values for r in table.rows if r.key == key)


def test_levels_count_issued_standing_decisions_and_recorded_central_decisions(stats):
    levels = stats.table("levels")
    assert values(levels, "central") == [3, 0]
    assert values(levels, "president") == [1, 0]
    assert values(levels, "prime_minister") == [2, 0]
    assert values(levels, "provincial") == [5, 2]
    assert values(levels, "department") == [1, 0]
    assert values(levels, "commune") == [1, 0]
    assert values(levels, "district") == [0, 0]
    assert values(levels, "total") == [10, 2]
    assert (stats.central, stats.provincial) == (3, 5)


def test_forms_table_lists_each_award_under_its_level(stats):
    forms = stats.table("forms")
    assert values(forms, "central") == [3, 0]
    assert values(forms, "bang_khen_ttg") == [1, 0]
    assert values(forms, "co_cp") == [1, 0]
    assert values(forms, "huan_chuong_lao_dong_3") == [1, 0]
    assert values(forms, "provincial") == [5, 2]
    assert values(forms, "co_tinh") == [1, 0]
    assert values(forms, "bang_khen_tinh") == [4, 1]
    assert values(forms, "cstd_tinh") == [0, 1]
    assert values(forms, "lower") == [2, 0]
    assert values(forms, "ldtt") == [1, 0]
    assert values(forms, "giay_khen") == [1, 0]


def test_recipients_split_provincial_and_central_with_the_of_which_rows(stats):
    rec = stats.table("recipients")
    # columns: provincial 2022, provincial 2021, central 2022, central 2021
    assert values(rec, "collective") == [2, 0, 1, 0]
    assert values(rec, "enterprise") == [1, 0, 0, 0]
    assert values(rec, "household") == [1, 0, 0, 0]
    assert values(rec, "individual") == [2, 2, 2, 0]
    assert values(rec, "lead_department") == [1, 1, 1, 0]
    assert values(rec, "lead_provincial") == [0, 0, 0, 0]
    assert values(rec, "women") == [1, 0, 1, 0]
    assert values(rec, "ethnic") == [1, 0, 1, 0]
    assert values(rec, "direct") == [1, 0, 1, 0]
    assert values(rec, "total") == [5, 2, 3, 0]


def test_award_types_come_from_the_dossier(stats):
    types = stats.table("types")
    assert values(types, "merit") == [3, 2, 3, 0]
    assert values(types, "exceptional") == [1, 0, 0, 0]
    assert values(types, "campaign") == [1, 0, 0, 0]
    assert values(types, "total") == [5, 2, 3, 0]


def test_clusters_use_the_proposing_units_membership_of_each_year(stats, province):
    clusters = stats.table("clusters")
    assert values(clusters, str(province.k1.pk)) == [7, 1]
    assert values(clusters, str(province.c1.pk)) == [1, 0]
    assert values(clusters, "") == [0, 1]  # B joined no cluster in 2021
    kinds = stats.table("unit_kinds")
    assert values(kinds, "department") == [7, 1]
    assert values(kinds, "district") == [1, 1]


def test_sub_unit_counts_with_its_parents_cluster(province):
    school = UnitFactory(code="truong-tk", kind="public_service", parent=province.a)
    d = make_decision(dt.date(2022, 7, 1))
    add_entry(d, PersonFactory(unit=school), "bang_khen_tinh", proposing_unit=school)
    stats = year_statistics(2022)
    assert values(stats.table("clusters"), str(province.k1.pk)) == [8, 1]
    assert values(stats.table("unit_kinds"), "public_service") == [1, 0]


def test_prize_money_excludes_revoked_entries_and_decisions(stats):
    money = stats.table("money")
    assert values(money, "bang_khen_tinh") == [1_500_000 * 2 + 3_500_000 + 2_250_000, 1_490_000]
    assert values(money, "co_tinh") == [11_920_000, 0]
    assert values(money, "total") == [20_670_000, 5_960_000]


def test_campaigns_by_scope_kind_and_duration_skip_drafts(stats):
    c = stats.table("campaigns")
    assert values(c, "total") == [2, 1]
    assert values(c, "scope_province") == [1, 0]
    assert values(c, "scope_cluster") == [1, 0]
    assert values(c, "scope_unit") == [0, 1]
    assert values(c, "kind_regular") == [1, 0]
    assert values(c, "kind_thematic") == [1, 1]
    assert values(c, "dur_one") == [1, 0]
    assert values(c, "dur_under_1") == [1, 0]
    assert values(c, "dur_one_three") == [0, 1]


def test_cluster_results_show_leader_proposals_and_the_flag_actually_given(stats):
    summary = stats.table("cluster_summary")
    assert values(summary, "clusters") == [1, 0]
    assert values(summary, "units") == [2, 0]
    assert values(summary, "flag_proposed") == [1, 0]
    assert values(summary, "merit_proposed") == [1, 0]
    assert values(summary, "flag_awarded") == [1, 0]
    [k1] = stats.cluster_results
    assert k1.leader == "Sở Văn hóa minh họa"
    assert k1.leader_total == "96,50"
    assert k1.flag_proposed == ["Sở Văn hóa minh họa"]
    assert k1.flag_awarded == ["Sở Văn hóa minh họa"]
    assert (k1.ranked, k1.merit_proposed) == (2, 1)


def test_a_year_without_data_is_all_zeros(db):
    stats = year_statistics(2030)
    assert values(stats.table("levels"), "total") == [0, 0]
    assert stats.cluster_results == []


def _grow(n: int) -> None:
    """``n`` more units, each in its own cluster, with a provincial and a central award."""
    d = make_decision(dt.date(2022, 10, 1))
    esc = make_escalation(dt.date(2022, 10, 2), CentralLevel.PRIME_MINISTER)
    for _ in range(n):
        unit = UnitFactory()
        MembershipFactory(unit=unit, cluster=ClusterFactory(), year=2022)
        add_entry(d, PersonFactory(unit=unit), "bang_khen_tinh", proposing_unit=unit)
        add_central(esc, PersonFactory(unit=unit), "bang_khen_ttg", proposing_unit=unit)


def test_statistics_run_a_constant_number_of_queries(province, django_assert_num_queries):
    with django_assert_num_queries(13) as small:
        year_statistics(2022)
    _grow(12)
    with django_assert_num_queries(len(small.captured_queries)):
        stats = year_statistics(2022)
    assert stats.provincial == 5 + 12
    assert stats.central == 3 + 12
