import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import ClusterFactory, MembershipFactory, UnitFactory
from units import services
from units.models import AuditEvent, ClusterMembership, Reorganisation, Unit, UnitLineage

pytestmark = pytest.mark.django_db

MERGE = Reorganisation.Kind.MERGE
REFORM = dt.date(2025, 7, 1)


def test_merge_ends_predecessors_and_starts_successor(provincial):
    a, b = UnitFactory(), UnitFactory()
    reorg = services.unit_reorganise(
        kind=MERGE,
        effective_date=REFORM,
        predecessors=[a, b],
        successors=[],
        new_unit={"code": "xa-moi", "name": "Xã Mới", "kind": Unit.Kind.COMMUNE},
        actor=provincial,
    )
    a.refresh_from_db()
    b.refresh_from_db()
    new = Unit.objects.get(code="xa-moi")
    assert a.valid_to == b.valid_to == dt.date(2025, 6, 30)
    assert new.valid_from == REFORM
    assert set(reorg.edges.values_list("predecessor__code", flat=True)) == {a.code, b.code}
    assert AuditEvent.objects.filter(action="units.reorganisation.merge").count() == 1


def test_lineage_of_returns_all_predecessors_at_any_depth_in_one_query(
    provincial, django_assert_num_queries
):
    old1, old2 = UnitFactory(), UnitFactory()
    services.unit_reorganise(
        kind=MERGE,
        effective_date=dt.date(2020, 1, 1),
        predecessors=[old1, old2],
        successors=[],
        new_unit={"code": "mid", "name": "Giữa", "kind": "commune"},
        actor=provincial,
    )
    mid = Unit.objects.get(code="mid")
    other = UnitFactory()
    services.unit_reorganise(
        kind=MERGE,
        effective_date=REFORM,
        predecessors=[mid, other],
        successors=[],
        new_unit={"code": "last", "name": "Cuối", "kind": "commune"},
        actor=provincial,
    )
    last = Unit.objects.get(code="last")
    UnitFactory()  # an unrelated unit must not appear
    with django_assert_num_queries(1):
        codes = set(Unit.objects.lineage_of(last).values_list("code", flat=True))
    assert codes == {"last", "mid", other.code, old1.code, old2.code}


def test_a_unit_cannot_be_its_own_successor(provincial):
    a, b = UnitFactory(), UnitFactory()
    with pytest.raises(ValidationError) as exc:
        services.unit_reorganise(
            kind=MERGE,
            effective_date=REFORM,
            predecessors=[a, b],
            successors=[a],
            actor=provincial,
        )
    assert "chính nó" in str(exc.value)
    assert not UnitLineage.objects.exists()
    a.refresh_from_db()
    assert a.valid_to is None  # nothing was changed


def test_database_refuses_a_self_lineage_edge(provincial):
    a = UnitFactory()
    reorg = Reorganisation.objects.create(kind=MERGE, effective_date=REFORM, created_by=provincial)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitLineage.objects.create(reorganisation=reorg, predecessor=a, successor=a)


def test_reorganisation_refuses_a_cycle(provincial):
    a = UnitFactory()
    services.unit_reorganise(
        kind=Reorganisation.Kind.RENAME,
        effective_date=dt.date(2020, 1, 1),
        predecessors=[a],
        successors=[],
        new_unit={"code": "b", "name": "B", "kind": "commune"},
        actor=provincial,
    )
    b = Unit.objects.get(code="b")
    with pytest.raises(ValidationError):
        services.unit_reorganise(
            kind=Reorganisation.Kind.RENAME,
            effective_date=REFORM,
            predecessors=[b],
            successors=[a],
            actor=provincial,
        )


def test_split_needs_one_predecessor_and_two_successors(provincial):
    a, b = UnitFactory(), UnitFactory()
    with pytest.raises(ValidationError) as exc:
        services.unit_reorganise(
            kind=Reorganisation.Kind.SPLIT,
            effective_date=REFORM,
            predecessors=[a],
            successors=[b],
            actor=provincial,
        )
    assert "ít nhất hai" in str(exc.value)


def test_district_abolition_is_expressible_as_a_dissolution(provincial):
    district = UnitFactory(kind=Unit.Kind.DISTRICT)
    services.unit_reorganise(
        kind=Reorganisation.Kind.DISSOLVE,
        effective_date=REFORM,
        predecessors=[district],
        successors=[],
        actor=provincial,
    )
    district.refresh_from_db()
    assert not district.is_active_on(REFORM)
    assert district.is_active_on(dt.date(2025, 6, 30))


def test_a_unit_is_in_at_most_one_cluster_per_year(provincial):
    unit = UnitFactory()
    first, second = ClusterFactory(), ClusterFactory(block=True)
    services.membership_add(cluster=first, unit=unit, year=2022, actor=provincial)
    with pytest.raises(ValidationError) as exc:
        services.membership_add(cluster=second, unit=unit, year=2022, actor=provincial)
    assert first.name in str(exc.value)
    # The next year is free.
    services.membership_add(cluster=second, unit=unit, year=2023, actor=provincial)


def test_database_enforces_one_cluster_per_unit_year():
    m = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.create(unit=m.unit, year=m.year, cluster=ClusterFactory())


def test_database_enforces_one_head_and_one_deputy_per_cluster_year():
    cluster = ClusterFactory()
    MembershipFactory(cluster=cluster, role="head")
    MembershipFactory(cluster=cluster, role="deputy")
    for role in ("head", "deputy"):
        with pytest.raises(IntegrityError), transaction.atomic():
            MembershipFactory(cluster=cluster, role=role)
    MembershipFactory(cluster=cluster, role="head", year=2023)  # another year is fine


def test_membership_add_refuses_a_second_head(provincial):
    cluster = ClusterFactory()
    MembershipFactory(cluster=cluster, role="head")
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            cluster=cluster, unit=UnitFactory(), year=2022, role="head", actor=provincial
        )
    assert "đã có cụm/khối trưởng" in str(exc.value)


def test_rotating_leadership_swaps_head_and_deputy_in_one_step(provincial):
    cluster = ClusterFactory()
    old_head = MembershipFactory(cluster=cluster, role="head")
    old_deputy = MembershipFactory(cluster=cluster, role="deputy")
    member = MembershipFactory(cluster=cluster)
    services.cluster_rotate_leadership(
        cluster=cluster, year=2022, head=old_deputy.unit, deputy=member.unit, actor=provincial
    )
    roles = dict(ClusterMembership.objects.filter(cluster=cluster).values_list("unit_id", "role"))
    assert roles == {
        old_head.unit_id: "member",
        old_deputy.unit_id: "head",
        member.unit_id: "deputy",
    }
    event = AuditEvent.objects.get(action="units.membership.rotated")
    assert event.data["before"] == {"head": old_head.unit.code, "deputy": old_deputy.unit.code}


def test_rotation_refuses_a_unit_outside_the_cluster(provincial):
    cluster = ClusterFactory()
    MembershipFactory(cluster=cluster, role="head")
    stranger = UnitFactory()
    with pytest.raises(ValidationError):
        services.cluster_rotate_leadership(
            cluster=cluster, year=2022, head=stranger, deputy=None, actor=provincial
        )


def test_copying_a_year_keeps_roles_and_can_run_twice(provincial):
    cluster = ClusterFactory()
    head = MembershipFactory(cluster=cluster, role="head", year=2021)
    member = MembershipFactory(cluster=cluster, year=2021)
    result = services.memberships_copy_year(from_year=2021, to_year=2022, actor=provincial)
    assert result.copied == 2
    copied = dict(ClusterMembership.objects.filter(year=2022).values_list("unit_id", "role"))
    assert copied == {head.unit_id: "head", member.unit_id: "member"}
    again = services.memberships_copy_year(from_year=2021, to_year=2022, actor=provincial)
    assert (again.copied, again.skipped_existing) == (0, 2)


def test_copying_into_2026_replaces_merged_units_by_their_successor(provincial):
    cluster = ClusterFactory()
    a = MembershipFactory(cluster=cluster, year=2025).unit
    b = MembershipFactory(cluster=cluster, year=2025).unit
    gone = MembershipFactory(cluster=cluster, year=2025).unit
    services.unit_reorganise(
        kind=MERGE,
        effective_date=dt.date(2025, 7, 1),
        predecessors=[a, b],
        successors=[],
        new_unit={"code": "ab", "name": "AB", "kind": "commune"},
        actor=provincial,
    )
    services.unit_reorganise(
        kind=Reorganisation.Kind.DISSOLVE,
        effective_date=dt.date(2025, 7, 1),
        predecessors=[gone],
        successors=[],
        actor=provincial,
    )
    result = services.memberships_copy_year(from_year=2025, to_year=2026, actor=provincial)
    assert result.dropped_inactive == 1
    assert result.replaced_by_successor == 2
    assert list(
        ClusterMembership.objects.filter(year=2026).values_list("unit__code", flat=True)
    ) == ["ab"]


def test_unit_update_records_what_changed(provincial):
    unit = UnitFactory(name="Sở Cũ")
    services.unit_update(unit=unit, actor=provincial, name="Sở Mới")
    event = AuditEvent.objects.get(action="units.unit.updated")
    assert event.data["changes"]["name"] == ["Sở Cũ", "Sở Mới"]


def test_unit_cannot_be_placed_under_its_own_subordinate(provincial):
    parent = UnitFactory()
    child = UnitFactory(parent=parent)
    with pytest.raises(ValidationError) as exc:
        services.unit_update(unit=parent, actor=provincial, parent=child)
    assert "parent" in exc.value.message_dict
