"""Cờ thi đua của UBND tỉnh: "leads its cluster or block" is read from the
standings the emulation app published (rule kind ``cluster_lead``), no longer
left to the verifier. Standings are published through the emulation services,
as the emulation tests do."""

import datetime as dt
import importlib
from decimal import Decimal as D

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.eligibility import evaluate_items
from awards.models import AwardRule, NominationItem, Verdict
from awards.services.nominations import nomination_check
from emulation import services
from emulation.models import ScoringTable, Standing
from tests.awards.factories import NominationFactory, award, item
from tests.emulation.factories import TableFactory, build_scenario
from tests.factories import MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)
MIGRATION = importlib.import_module("awards.migrations.0005_co_tinh_cluster_lead")
CLUSTER = "Cụm thi đua thử nghiệm"  # build_scenario's cluster


@pytest.fixture(autouse=True)
def migrated_catalogue():
    """The catalogue as migrations leave it. tests/conftest re-seeds from 0002
    alone after a transactional test flushed the database, so apply 0005 (a
    no-op on a migrated database)."""
    MIGRATION.co_tinh_use_cluster_lead(apps)


@pytest.fixture
def sc():
    """A 2022 cluster: head unit, A and B, and a 100-point scoring table."""
    return build_scenario()


def publish(sc, scores):
    sc.open()
    for unit, points in scores.items():
        sc.run_to_verified(unit, points)
    services.table_transition(table=sc.table, action="publish", actor=sc.provincial)


def check_flag(unit, year=2022) -> NominationItem:
    """Propose ``unit`` for the provincial flag in ``year`` and run the check."""
    nomination = NominationFactory(proposing_unit=unit, award_year=year)
    row = item(nomination, unit, "co_tinh")
    nomination_check(nomination=nomination, today=TODAY)
    row.refresh_from_db()
    return row


def lead_finding(row: NominationItem) -> dict:
    """The finding of the flag's "leads its cluster" row."""
    rule = AwardRule.objects.get(award__code="co_tinh", kind="all_of")
    return next(f for f in row.findings if f["rule_id"] == rule.pk)


LEADER = {"c1": 30, "c2": 30, "c3": D("35.5")}  # 95.5, rated Xuất sắc
RUNNER_UP = {"c1": 30, "c2": 25, "c3": 35}  # 90
LAST = {"c1": 20, "c2": 20, "c3": 20}  # 60


def points(sc, scores):
    return {getattr(sc, name): value for name, value in scores.items()}


# The catalogue row ----------------------------------------------------------------


def test_migration_turns_the_manual_lead_criterion_into_cluster_lead_and_back():
    row = AwardRule.objects.get(award__code="co_tinh", kind="all_of")
    assert [o["kind"] for o in row.params["options"]] == ["cluster_lead", "manual"]
    assert row.params["options"][1]["params"] == {
        "label": "Hoàn thành vượt mức các chỉ tiêu, tiêu biểu xuất sắc của tỉnh"
    }
    kept = (row.description, row.legal_basis, row.confidence, row.valid_from, row.valid_to)
    MIGRATION.co_tinh_back_to_manual(apps)
    row.refresh_from_db()
    assert row.kind == "manual"
    assert row.params["label"].startswith("Được cụm, khối suy tôn dẫn đầu; hoàn thành vượt mức")
    assert (row.description, row.legal_basis, row.confidence, row.valid_from, row.valid_to) == kept
    MIGRATION.co_tinh_use_cluster_lead(apps)
    row.refresh_from_db()
    assert row.kind == "all_of"


# Each case --------------------------------------------------------------------------


def test_cluster_leader_passes_with_its_rank_and_points(sc):
    publish(
        sc,
        {
            sc.head: points(sc, LEADER),
            sc.unit_a: points(sc, RUNNER_UP),
            sc.unit_b: points(sc, LAST),
        },
    )
    row = check_flag(sc.head)
    # The rest of the flag's standard is still the verifier's, who is told
    # what the portal confirmed.
    assert row.verdict == Verdict.REVIEW
    assert lead_finding(row) | {"rule_id": None} == {
        "status": "review",
        "message": "Cần thẩm định: Hoàn thành vượt mức các chỉ tiêu, tiêu biểu xuất sắc của "
        f"tỉnh. Đã đạt: Dẫn đầu {CLUSTER} năm 2022 (hạng 1, 95,5 điểm)",
        "kind": "all_of",
        "rule_id": None,
        "legal_basis": "Luật TĐKT Điều 26; TT 12/2019 Điều 8",
    }


def test_cluster_lead_is_a_plain_pass_as_a_rule_row_of_its_own(sc):
    publish(
        sc,
        {
            sc.head: points(sc, LEADER),
            sc.unit_a: points(sc, RUNNER_UP),
            sc.unit_b: points(sc, LAST),
        },
    )
    own = AwardRule.objects.create(
        award=award("co_tinh"),
        kind="cluster_lead",
        description="Dẫn đầu cụm, khối thi đua",
        legal_basis="Luật TĐKT Điều 26",
        recipient_kind="collective",
    )
    row = check_flag(sc.head)
    finding = next(f for f in row.findings if f["rule_id"] == own.pk)
    assert (finding["status"], finding["message"]) == (
        "pass",
        f"Dẫn đầu {CLUSTER} năm 2022 (hạng 1, 95,5 điểm)",
    )


def test_third_place_fails_and_bars_the_flag(sc):
    publish(
        sc,
        {
            sc.head: points(sc, LEADER),
            sc.unit_a: points(sc, RUNNER_UP),
            sc.unit_b: points(sc, LAST),
        },
    )
    row = check_flag(sc.unit_b)
    assert row.verdict == Verdict.INELIGIBLE
    finding = lead_finding(row)
    assert finding["status"] == "fail"
    assert finding["message"] == (
        f"Xếp hạng 3/3 trong {CLUSTER} năm 2022 (bảng xếp hạng đã công bố)"
    )


def test_first_place_not_rated_excellent_is_not_proposed_and_fails(sc):
    publish(
        sc,
        {
            sc.head: {sc.c1: 30, sc.c2: 30, sc.c3: 25},  # 85, rated Tốt
            sc.unit_a: points(sc, LAST),
            sc.unit_b: points(sc, LAST),
        },
    )
    finding = lead_finding(check_flag(sc.head))
    assert finding["status"] == "fail"
    assert finding["message"] == (
        f"Xếp hạng 1/3 trong {CLUSTER} năm 2022 (bảng xếp hạng đã công bố), xếp loại Tốt, "
        "chưa đạt mức Xuất sắc để đề nghị Cờ thi đua"
    )


def test_without_published_standings_the_lead_is_left_to_the_verifier(sc):
    # Scored and verified, but not published: nothing to read yet.
    sc.open()
    for unit in (sc.head, sc.unit_a, sc.unit_b):
        sc.run_to_verified(unit, points(sc, LEADER))
    row = check_flag(sc.head)
    assert row.verdict == Verdict.REVIEW
    finding = lead_finding(row)
    assert finding["status"] == "review"
    assert finding["message"].startswith(
        "Cần thẩm định: Được cụm, khối suy tôn dẫn đầu — chưa có bảng xếp hạng đã công bố "
        "của cụm, khối năm 2022; "
    )


def test_standings_of_another_year_or_withdrawn_from_publication_do_not_count(sc):
    publish(
        sc,
        {
            sc.head: points(sc, LEADER),
            sc.unit_a: points(sc, RUNNER_UP),
            sc.unit_b: points(sc, LAST),
        },
    )
    assert lead_finding(check_flag(sc.head, year=2023))["status"] == "review"
    services.table_transition(
        table=sc.table, action="unpublish", actor=sc.provincial, note="Sai sót điểm"
    )
    # The stored standings stay, but the table is no longer published.
    assert Standing.objects.filter(table=sc.table).exists()
    assert lead_finding(check_flag(sc.head))["status"] == "review"


def test_tied_leaders_are_left_to_the_cluster_vote(sc):
    publish(
        sc,
        {
            sc.head: points(sc, LEADER),
            sc.unit_a: points(sc, LEADER),
            sc.unit_b: points(sc, LAST),
        },
    )
    row = check_flag(sc.head)
    assert row.verdict == Verdict.REVIEW
    finding = lead_finding(row)
    assert finding["status"] == "review"
    assert finding["message"].startswith(
        "Cần thẩm định: Được cụm, khối suy tôn dẫn đầu — đồng hạng 1 (95,5 điểm) với "
        f"{sc.unit_a.name} trong {CLUSTER} năm 2022, cụm, khối cần bỏ phiếu suy tôn; "
    )


# Cost -------------------------------------------------------------------------------


def test_checking_a_dossier_costs_the_same_queries_for_two_or_six_flag_nominees(
    django_assert_num_queries,
):
    table = TableFactory(year=2022)
    ScoringTable.objects.filter(pk=table.pk).update(status=ScoringTable.Status.PUBLISHED)
    units = [UnitFactory() for _ in range(6)]
    for rank, unit in enumerate(units, start=1):
        MembershipFactory(cluster=table.cluster, unit=unit, year=2022)
        Standing.objects.create(
            table=table,
            unit=unit,
            rank=rank,
            total=D(100 - rank),
            classification="excellent",
            proposed_title="co_tinh" if rank == 1 else "bang_khen_tinh",
        )

    def dossier(size):
        nomination = NominationFactory(proposing_unit=units[0])
        for unit in units[:size]:
            item(nomination, unit, "co_tinh")
        return list(nomination.items.select_related("nomination"))

    small, large = dossier(2), dossier(6)
    with CaptureQueriesContext(connection) as ctx:
        evaluate_items(small, today=TODAY)
    with django_assert_num_queries(len(ctx.captured_queries)):
        results = evaluate_items(large, today=TODAY)
    assert sum("emulation_standing" in q["sql"] for q in ctx.captured_queries) == 1
    assert [r.verdict for r in results] == [Verdict.REVIEW] + [Verdict.INELIGIBLE] * 5
