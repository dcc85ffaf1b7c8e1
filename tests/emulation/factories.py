"""Factories and a small scoring scenario for the emulation tests."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factory

from emulation import services
from emulation.models import Campaign, Criterion, FocusTask, ScoreSheet, ScoringTable
from emulation.services import ScoreInput
from tests.factories import ClusterFactory, MembershipFactory, Role, UnitFactory, make_user


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    code = factory.Sequence(lambda n: f"phong-trao-{n}")
    title = factory.Sequence(lambda n: f"Phong trào thi đua yêu nước năm 2022 ({n})")
    year = 2022
    launching_authority = "UBND tỉnh Thái Nguyên"
    period_start = dt.date(2022, 1, 1)
    period_end = dt.date(2022, 12, 31)
    nomination_deadline = dt.date(2022, 12, 10)

    class Params:
        launched = factory.Trait(status=Campaign.Status.LAUNCHED, launch_date=dt.date(2022, 2, 8))


class FocusTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusTask

    campaign = factory.SubFactory(CampaignFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nội dung trọng tâm {n}")


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringTable

    cluster = factory.SubFactory(ClusterFactory)
    year = 2022
    tie_breaks = ["base", "penalty", "first_group"]


@dataclass
class Scenario:
    """A 2022 cluster: head unit H and members A, B; a 100-point table
    (group 1: c1 30 + c2 30; group 2: c3 40), a 5-point bonus item and a
    10-point penalty item."""

    campaign: Campaign
    table: ScoringTable
    head: object
    unit_a: object
    unit_b: object
    head_staff: object
    staff_a: object
    staff_b: object
    provincial: object
    g1: Criterion
    g2: Criterion
    c1: Criterion
    c2: Criterion
    c3: Criterion
    bonus: Criterion
    penalty: Criterion

    def sheet(self, unit) -> ScoreSheet:
        return ScoreSheet.objects.get(table=self.table, unit=unit)

    def open(self):
        services.table_transition(table=self.table, action="open", actor=self.provincial)
        self.table.refresh_from_db()

    def score(self, unit, layer, points: dict, actor=None, reasons=None):
        """points: {criterion: value}."""
        reasons = reasons or {}
        actor = (
            actor
            or {
                "self": {self.unit_a.pk: self.staff_a, self.unit_b.pk: self.staff_b}.get(
                    unit.pk, self.head_staff
                ),
                "cluster": self.head_staff,
                "final": self.provincial,
            }[layer]
        )
        return services.score_layer_save(
            sheet=self.sheet(unit),
            layer=layer,
            inputs={
                c.pk: ScoreInput(points=v, reason=reasons.get(c, "")) for c, v in points.items()
            },
            actor=actor,
        )

    def run_to_verified(self, unit, points: dict):
        """All three layers with the same points, then verified."""
        self.score(unit, "self", points)
        services.sheet_transition(sheet=self.sheet(unit), action="submit", actor=self.provincial)
        self.score(unit, "cluster", points)
        services.sheet_transition(sheet=self.sheet(unit), action="assess", actor=self.head_staff)
        self.score(unit, "final", points)
        services.sheet_transition(sheet=self.sheet(unit), action="verify", actor=self.provincial)


def build_scenario(provincial=None) -> Scenario:
    campaign = CampaignFactory(launched=True)
    tasks = [FocusTaskFactory(campaign=campaign, position=i) for i in (1, 2)]
    cluster = ClusterFactory(name="Cụm thi đua thử nghiệm")
    head = UnitFactory(code="don-vi-truong-cum", name="Huyện Cụm Trưởng")
    unit_a = UnitFactory(code="don-vi-a", name="Huyện An Bình")
    unit_b = UnitFactory(code="don-vi-b", name="Huyện Bảo Lâm")
    MembershipFactory(cluster=cluster, unit=head, role="head")
    MembershipFactory(cluster=cluster, unit=unit_a)
    MembershipFactory(cluster=cluster, unit=unit_b)
    provincial = provincial or make_user(Role.PROVINCIAL_STAFF, username="tinh")
    table = TableFactory(cluster=cluster, campaign=campaign)
    mk = Criterion.objects.create
    g1 = mk(table=table, kind="group", position=1, title="Nhóm 1", max_points=60)
    g2 = mk(
        table=table, kind="group", position=2, title="Nhóm 2", max_points=40, focus_task=tasks[1]
    )
    c1 = mk(
        table=table, parent=g1, position=1, title="Tiêu chí 1.1", max_points=30, focus_task=tasks[0]
    )
    c2 = mk(table=table, parent=g1, position=2, title="Tiêu chí 1.2", max_points=30)
    c3 = mk(table=table, parent=g2, position=1, title="Tiêu chí 2.1", max_points=40)
    bonus = mk(table=table, kind="bonus", position=1, title="Thưởng", max_points=5)
    penalty = mk(table=table, kind="penalty", position=1, title="Trừ", max_points=10)
    return Scenario(
        campaign=campaign,
        table=table,
        head=head,
        unit_a=unit_a,
        unit_b=unit_b,
        head_staff=make_user(Role.UNIT_STAFF, unit=head, username="cumtruong"),
        staff_a=make_user(Role.UNIT_STAFF, unit=unit_a, username="canbo_a"),
        staff_b=make_user(Role.UNIT_STAFF, unit=unit_b, username="canbo_b"),
        provincial=provincial,
        g1=g1,
        g2=g2,
        c1=c1,
        c2=c2,
        c3=c3,
        bonus=bonus,
        penalty=penalty,
    )


D = Decimal
