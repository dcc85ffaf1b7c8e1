"""Services: campaign workflow, scoring table validation and locking, the
three score layers with their change trail, ranking with ties, proposals."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from emulation import services
from emulation.models import (
    Campaign,
    CampaignEvent,
    Criterion,
    Registration,
    ScoreChange,
    ScoreSheet,
    ScoringTable,
    Standing,
)
from emulation.selectors import table_results
from emulation.services import InvalidTransition
from tests.emulation.factories import CampaignFactory, FocusTaskFactory, build_scenario
from tests.factories import ClusterFactory, MembershipFactory, Role, UnitFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sc(db):
    return build_scenario()


# Campaign workflow -------------------------------------------------------------

CAMPAIGN_CASES = [
    ("draft", "launch", "launched"),
    ("draft", "close", None),
    ("launched", "launch", None),
    ("launched", "close", "closed"),
    ("closed", "launch", None),
    ("closed", "close", None),
]


@pytest.mark.parametrize(("source", "action", "target"), CAMPAIGN_CASES)
def test_campaign_transitions_move_state_and_record_exactly_one_event(
    provincial, source, action, target
):
    campaign = CampaignFactory(status=source)
    FocusTaskFactory(campaign=campaign, position=1)
    if target is None:
        with pytest.raises(InvalidTransition):
            services.campaign_transition(campaign=campaign, action=action, actor=provincial)
        assert CampaignEvent.objects.count() == 0
        campaign.refresh_from_db()
        assert campaign.status == source
    else:
        services.campaign_transition(campaign=campaign, action=action, actor=provincial)
        campaign.refresh_from_db()
        assert campaign.status == target
        event = CampaignEvent.objects.get()
        assert (event.from_status, event.to_status, event.actor) == (source, target, provincial)


def test_unit_staff_cannot_launch_a_campaign(staff_a):
    campaign = CampaignFactory()
    with pytest.raises(PermissionDenied):
        services.campaign_launch(campaign=campaign, actor=staff_a)


def test_regular_campaign_needs_a_focus_task_before_launch(provincial):
    campaign = CampaignFactory()
    with pytest.raises(ValidationError, match="nội dung trọng tâm"):
        services.campaign_launch(campaign=campaign, actor=provincial)


def test_thematic_campaign_may_launch_without_focus_tasks(provincial):
    campaign = CampaignFactory(kind=Campaign.Kind.THEMATIC)
    services.campaign_launch(campaign=campaign, actor=provincial)
    assert campaign.status == "launched"
    assert campaign.launch_date is not None


def test_campaign_copy_moves_dates_and_title_to_the_new_year_and_keeps_focus_tasks(provincial):
    source = services.campaign_create(
        actor=provincial,
        title="Phong trào thi đua yêu nước năm 2022",
        year=2022,
        launching_authority="UBND tỉnh",
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        nomination_deadline=dt.date(2022, 12, 10),
        focus_tasks=["Một", "Hai", "Ba"],
    )
    copy = services.campaign_copy(campaign=source, year=2023, actor=provincial)
    assert copy.title == "Phong trào thi đua yêu nước năm 2023"
    assert copy.status == "draft"
    assert copy.nomination_deadline == dt.date(2023, 12, 10)
    assert [t.title for t in copy.focus_tasks.order_by("position")] == ["Một", "Hai", "Ba"]
    assert copy.copied_from == source
    with pytest.raises(ValidationError):
        services.campaign_copy(campaign=source, year=2023, actor=provincial)


def test_editing_focus_tasks_keeps_rows_in_place_so_criteria_stay_linked(provincial, sc):
    task = sc.c1.focus_task
    services.campaign_update(campaign=sc.campaign, actor=provincial, focus_tasks=["Tên mới", "Hai"])
    task.refresh_from_db()
    sc.c1.refresh_from_db()
    assert task.title == "Tên mới"
    assert sc.c1.focus_task == task


# Registration and pact ----------------------------------------------------------


def test_unit_registers_with_titles_and_commitments(sc):
    task = sc.c1.focus_task
    reg = services.registration_save(
        campaign=sc.campaign,
        unit=sc.unit_a,
        target_titles=["co_tinh", "ttldxs"],
        commitments={task.pk: "Hoàn thành 100% chỉ tiêu"},
        actor=sc.staff_a,
    )
    assert reg.target_titles == ["co_tinh", "ttldxs"]
    assert reg.commitments.get().text == "Hoàn thành 100% chỉ tiêu"


def test_unit_staff_cannot_register_another_unit(sc):
    with pytest.raises(ValidationError, match="đơn vị của mình"):
        services.registration_save(
            campaign=sc.campaign,
            unit=sc.unit_b,
            target_titles=["ttldtt"],
            commitments={},
            actor=sc.staff_a,
        )
    assert not Registration.objects.exists()


def test_pact_refuses_signatories_outside_the_cluster(sc, unit_b):
    with pytest.raises(ValidationError, match="Không phải thành viên"):
        services.pact_save(
            cluster=sc.table.cluster,
            year=2022,
            text="Giao ước",
            signed_on=dt.date(2022, 3, 1),
            signatories=[sc.unit_a, unit_b],
            actor=sc.head_staff,
        )


# Scoring table --------------------------------------------------------------------


def test_criteria_of_a_group_never_exceed_the_group_maximum(sc):
    with pytest.raises(ValidationError) as exc:
        services.criterion_save(
            table=sc.table,
            actor=sc.provincial,
            kind="criterion",
            parent=sc.g2,
            title="Thêm",
            max_points="1",
        )
    assert "Vượt điểm của nhóm" in exc.value.message_dict["max_points"][0]


def test_a_group_maximum_cannot_drop_below_its_criteria(sc):
    with pytest.raises(ValidationError, match="không được nhỏ hơn"):
        services.criterion_save(
            table=sc.table,
            actor=sc.provincial,
            criterion=sc.g1,
            kind="group",
            title="Nhóm 1",
            max_points="50",
        )


def test_the_table_locks_when_scoring_opens(sc):
    sc.open()
    assert sc.table.status == ScoringTable.Status.SCORING
    assert ScoreSheet.objects.filter(table=sc.table).count() == 3
    with pytest.raises(ValidationError, match="đã khóa"):
        services.criterion_save(
            table=sc.table, actor=sc.provincial, kind="bonus", title="Thêm", max_points="1"
        )
    with pytest.raises(ValidationError, match="đã khóa"):
        services.criterion_delete(criterion=sc.c1, actor=sc.provincial)
    with pytest.raises(ValidationError):
        services.table_update_settings(table=sc.table, actor=sc.provincial, bonus_cap=D(9))


def test_copying_last_years_table_maps_focus_tasks_by_position(sc):
    new_campaign = services.campaign_copy(campaign=sc.campaign, year=2023, actor=sc.provincial)
    services.campaign_launch(campaign=new_campaign, actor=sc.provincial)
    table = services.table_copy_previous(cluster=sc.table.cluster, year=2023, actor=sc.provincial)
    assert table.campaign == new_campaign
    assert table.criteria.count() == 7
    c1 = table.criteria.get(title="Tiêu chí 1.1")
    assert c1.focus_task.campaign == new_campaign and c1.focus_task.position == 1
    assert c1.parent.title == "Nhóm 1"


# Scores: validation, permission, locking ---------------------------------------------


def test_scores_cannot_be_entered_before_the_table_opens(sc):
    sc.table.refresh_from_db()
    services.sheets_ensure(table=sc.table)
    with pytest.raises(ValidationError, match="chưa được mở"):
        sc.score(sc.unit_a, "self", {sc.c1: "10"})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31", "vượt quá điểm tối đa"),
        ("-1", "không được âm"),
        ("abc", "phải là số"),
        ("1,234", "hai chữ số thập phân"),
    ],
)
def test_bad_scores_are_refused_with_a_vietnamese_message_next_to_the_field(sc, value, message):
    sc.open()
    with pytest.raises(ValidationError) as exc:
        sc.score(sc.unit_a, "self", {sc.c1: value, sc.c2: "10"})
    assert message in exc.value.message_dict[f"points_{sc.c1.pk}"][0]
    # Nothing is written when any field is wrong.
    assert not sc.sheet(sc.unit_a).entries.exists()


def test_comma_decimal_is_accepted(sc):
    sc.open()
    sc.score(sc.unit_a, "self", {sc.c1: "7,5"})
    assert sc.sheet(sc.unit_a).entries.get().self_points == D("7.5")


def test_unit_staff_cannot_self_score_another_unit(sc):
    sc.open()
    with pytest.raises(ValidationError, match="đơn vị của mình"):
        sc.score(sc.unit_b, "self", {sc.c1: "10"}, actor=sc.staff_a)


def test_only_the_cluster_head_assesses_and_only_provincial_staff_verify(sc):
    sc.open()
    sc.score(sc.unit_a, "self", {sc.c1: 10, sc.c2: 10, sc.c3: 10})
    services.sheet_transition(sheet=sc.sheet(sc.unit_a), action="submit", actor=sc.staff_a)
    with pytest.raises(ValidationError, match="cụm/khối trưởng"):
        sc.score(sc.unit_a, "cluster", {sc.c1: 10}, actor=sc.staff_b)
    with pytest.raises(ValidationError, match="thẩm định"):
        sc.score(sc.unit_a, "final", {sc.c1: 10}, actor=sc.head_staff)


def test_cluster_head_of_another_cluster_cannot_assess(sc):
    other = make_user(Role.UNIT_STAFF, unit=UnitFactory(code="khac"), username="khac")
    MembershipFactory(cluster=ClusterFactory(), unit=other.unit, role="head")
    sc.open()
    sc.score(sc.unit_a, "self", {sc.c1: 10, sc.c2: 10, sc.c3: 10})
    services.sheet_transition(sheet=sc.sheet(sc.unit_a), action="submit", actor=sc.staff_a)
    with pytest.raises(ValidationError):
        sc.score(sc.unit_a, "cluster", {sc.c1: 5}, actor=other)


def test_submission_needs_every_criterion_scored(sc):
    sc.open()
    sc.score(sc.unit_a, "self", {sc.c1: 10})
    with pytest.raises(ValidationError, match="2 tiêu chí chưa có điểm"):
        services.sheet_transition(sheet=sc.sheet(sc.unit_a), action="submit", actor=sc.staff_a)


def test_scores_lock_when_standings_are_published(sc):
    sc.open()
    full = {sc.c1: 30, sc.c2: 30, sc.c3: 40}
    for unit in (sc.head, sc.unit_a, sc.unit_b):
        sc.run_to_verified(unit, full)
    services.table_transition(table=sc.table, action="publish", actor=sc.provincial)
    with pytest.raises(ValidationError, match="đã khóa"):
        sc.score(sc.unit_a, "final", {sc.c1: 20}, reasons={sc.c1: "Sửa"})
    with pytest.raises(ValidationError, match="đã khóa"):
        services.sheet_transition(
            sheet=sc.sheet(sc.unit_a), action="reopen", actor=sc.provincial, note="Sửa"
        )


def test_publish_is_refused_while_a_unit_is_not_verified(sc):
    sc.open()
    sc.run_to_verified(sc.unit_a, {sc.c1: 30, sc.c2: 30, sc.c3: 40})
    with pytest.raises(ValidationError, match="chưa được thẩm định"):
        services.table_transition(table=sc.table, action="publish", actor=sc.provincial)
    assert not Standing.objects.exists()


# The change trail ----------------------------------------------------------------------


def test_before_submission_changes_need_no_reason_and_leave_no_trail(sc):
    sc.open()
    sc.score(sc.unit_a, "self", {sc.c1: 10})
    sc.score(sc.unit_a, "self", {sc.c1: 12})
    assert not ScoreChange.objects.exists()


def test_after_submission_a_change_without_reason_is_refused_and_nothing_changes(sc):
    sc.open()
    sc.score(sc.unit_a, "self", {sc.c1: 20, sc.c2: 20, sc.c3: 30})
    services.sheet_transition(sheet=sc.sheet(sc.unit_a), action="submit", actor=sc.staff_a)
    with pytest.raises(ValidationError) as exc:
        sc.score(sc.unit_a, "self", {sc.c1: 25})
    assert "lý do" in exc.value.message_dict[f"points_{sc.c1.pk}".replace("points", "reason")][0]
    assert sc.sheet(sc.unit_a).entries.get(criterion=sc.c1).self_points == 20
    assert not ScoreChange.objects.exists()


def test_every_change_after_submission_records_who_when_old_new_and_why(sc):
    sc.open()
    sc.score(sc.unit_a, "self", {sc.c1: 20, sc.c2: 20, sc.c3: 30})
    services.sheet_transition(sheet=sc.sheet(sc.unit_a), action="submit", actor=sc.staff_a)
    # The head agrees on c2 (no reason needed) and lowers c1 (reason needed).
    with pytest.raises(ValidationError, match="khác với điểm của bước trước"):
        sc.score(sc.unit_a, "cluster", {sc.c1: 15, sc.c2: 20})
    sc.score(
        sc.unit_a,
        "cluster",
        {sc.c1: 15, sc.c2: 20},
        reasons={sc.c1: "Thiếu báo cáo quý III"},
    )
    sc.score(sc.unit_a, "cluster", {sc.c1: 16}, reasons={sc.c1: "Đã bổ sung báo cáo"})
    trail = list(ScoreChange.objects.filter(criterion=sc.c1).order_by("pk"))
    assert [(t.old_points, t.new_points, t.reason) for t in trail] == [
        (None, D(15), "Thiếu báo cáo quý III"),
        (D(15), D(16), "Đã bổ sung báo cáo"),
    ]
    assert all(t.actor == sc.head_staff and t.layer == "cluster" for t in trail)
    # Agreeing with the unit's own score is not a change: no trail entry.
    assert not ScoreChange.objects.filter(criterion=sc.c2).exists()


# Ranking and proposals -----------------------------------------------------------------


def _verified(sc, scores):
    sc.open()
    for unit, points in scores.items():
        sc.run_to_verified(unit, points)
    return table_results(sc.table)


def test_units_rank_by_verified_total_with_bonus_and_penalty_caps(sc):
    results = _verified(
        sc,
        {
            sc.head: {sc.c1: 30, sc.c2: 30, sc.c3: 35},  # 95
            sc.unit_a: {sc.c1: 30, sc.c2: 30, sc.c3: 30, sc.bonus: 5},  # 95 (90 + 5)
            sc.unit_b: {sc.c1: 30, sc.c2: 30, sc.c3: 40, sc.penalty: 10},  # 90
        },
    )
    by_unit = {r.unit: r for r in results.rows}
    assert by_unit[sc.unit_b].total == D(90)
    # Same total 95: the first tie-break (criteria points before bonus) puts the head first.
    assert [r.unit for r in results.rows] == [sc.head, sc.unit_a, sc.unit_b]
    assert [r.rank for r in results.rows] == [1, 2, 3]
    assert by_unit[sc.head].proposal == "co_tinh"
    assert by_unit[sc.unit_a].proposal == "bang_khen_tinh"
    assert by_unit[sc.unit_b].proposal == "bang_khen_tinh"


def test_units_equal_on_every_tie_break_share_a_rank_and_the_flag_goes_to_a_vote(sc):
    same = {sc.c1: 30, sc.c2: 30, sc.c3: 35}
    results = _verified(
        sc, {sc.head: same, sc.unit_a: same, sc.unit_b: {sc.c1: 20, sc.c2: 20, sc.c3: 20}}
    )
    assert [r.rank for r in results.rows] == [1, 1, 3]
    assert not any(r.proposal == "co_tinh" for r in results.rows)
    assert all("suy tôn" in r.proposal_note for r in results.rows[:2])
    # The tied leaders still qualify for the certificate; the last (60 points, "Trung bình") not.
    assert [r.proposal for r in results.rows] == ["bang_khen_tinh", "bang_khen_tinh", ""]
    assert results.rows[2].classification == "average"


def test_tie_breaks_are_configurable(sc):
    sc.table.tie_breaks = ["bonus"]
    sc.table.save()
    results = _verified(
        sc,
        {
            sc.head: {sc.c1: 30, sc.c2: 30, sc.c3: 35},
            sc.unit_a: {sc.c1: 30, sc.c2: 30, sc.c3: 30, sc.bonus: 5},
            sc.unit_b: {sc.c1: 10, sc.c2: 10, sc.c3: 10},
        },
    )
    assert [r.unit for r in results.rows][:2] == [sc.unit_a, sc.head]


def test_publishing_stores_the_standings_and_proposals_and_unpublishing_needs_a_reason(sc):
    _verified(
        sc,
        {
            sc.head: {sc.c1: 30, sc.c2: 30, sc.c3: 35},
            sc.unit_a: {sc.c1: 30, sc.c2: 25, sc.c3: 35},
            sc.unit_b: {sc.c1: 20, sc.c2: 20, sc.c3: 20},
        },
    )
    services.table_transition(table=sc.table, action="publish", actor=sc.provincial)
    stored = list(Standing.objects.filter(table=sc.table).order_by("rank"))
    assert [(s.unit, s.rank, s.proposed_title) for s in stored] == [
        (sc.head, 1, "co_tinh"),
        (sc.unit_a, 2, "bang_khen_tinh"),
        (sc.unit_b, 3, ""),
    ]
    with pytest.raises(ValidationError):
        services.table_transition(table=sc.table, action="unpublish", actor=sc.provincial)
    services.table_transition(
        table=sc.table, action="unpublish", actor=sc.provincial, note="Sai sót điểm đơn vị B"
    )
    assert sc.table.status == "scoring"


def test_group_and_focus_task_subtotals(sc):
    results = _verified(sc, {sc.unit_a: {sc.c1: 25, sc.c2: 20, sc.c3: 30}})
    row = results.rows[0]
    assert row.groups == {sc.g1.pk: D(45), sc.g2.pk: D(30)}
    task1, task2 = sc.c1.focus_task, sc.g2.focus_task
    # c1 names task 1; c3 inherits task 2 from its group.
    assert row.focus == {task1.pk: D(25), task2.pk: D(30)}


def test_criterion_kinds_are_checked_by_the_database(sc):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Criterion.objects.create(table=sc.table, kind="criterion", title="Mồ côi", max_points=1)


def test_outsider_cannot_open_scoring(sc):
    with pytest.raises(PermissionDenied):
        services.table_transition(
            table=sc.table, action="open", actor=make_user(username="x", unit=None)
        )
