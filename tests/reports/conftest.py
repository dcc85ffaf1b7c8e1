"""A small province with known awards in 2021 and 2022, for the statistics,
report and public-page tests.

2022 (decisions dated in 2022):
- provincial decision D1: Bằng khen to P1 (woman, ethnic minority, direct
  worker; prize 1,500,000), P2 (department leader; 1,500,000), enterprise E
  (3,500,000) and household H (exceptional; 2,250,000); Cờ thi đua to unit A
  (campaign type; 11,920,000); plus P4, revoked afterwards (not counted);
- a draft decision and a wholly revoked decision (not counted);
- central: Prime Minister — Bằng khen TTg to P1 and Cờ thi đua CP to A
  (P5 not accepted); State President — Huân chương Lao động hạng Ba to P2;
  an escalation still awaiting its decision (not counted);
- declared history: LĐTT to P1 (department level), Giấy khen to H (commune);
  a revoked LĐTT and a provincial-level legacy row (neither counted).
2021: decision D0 — CSTĐ tỉnh to P2 (4,470,000), Bằng khen to P3 (1,490,000)
(proposed by district B, which joined no cluster in 2021).

Every dossier is proposed by A (block K1 in both years) except H's and P3's,
proposed by B (cluster C1 in 2022 only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from awards.decisions.models import CentralLevel, DecisionStatus, EscalationStatus
from awards.models import AwardRecordSource, LeaderLevel
from emulation.models import Campaign, ScoringTable, Standing
from tests.awards.factories import HouseholdFactory, PersonFactory
from tests.emulation.factories import CampaignFactory, TableFactory
from tests.factories import ClusterFactory, MembershipFactory, Role, UnitFactory, make_user

from .factories import add_central, add_entry, declared, make_decision, make_escalation

D = dt.date


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Rendered reports go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The look-up counters live in the (process-wide) cache."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class Province:
    a: object
    b: object
    e: object
    k1: object
    c1: object
    people: dict
    household: object
    d1: object
    staff: object


@pytest.fixture
def province(db) -> Province:
    staff = make_user(Role.PROVINCIAL_STAFF, username="canbo-tk", full_name="Lê Thị Thống Kê")
    a = UnitFactory(code="so-a-tk", name="Sở Văn hóa minh họa", kind="department")
    b = UnitFactory(code="huyen-b-tk", name="Huyện Bình Minh minh họa", kind="district")
    commune = UnitFactory(code="xa-b-tk", name="Xã Bình Yên minh họa", kind="commune", parent=b)
    e = UnitFactory(code="cty-e-tk", name="Công ty Cổ phần Ánh Dương", kind="enterprise")
    k1 = ClusterFactory(code="khoi-k1", name="Khối văn hóa – xã hội", kind="block")
    c1 = ClusterFactory(code="cum-c1", name="Cụm các huyện phía Nam", kind="cluster")
    MembershipFactory(cluster=k1, unit=a, year=2021)
    MembershipFactory(cluster=k1, unit=a, year=2022)
    MembershipFactory(cluster=c1, unit=b, year=2022)
    people = {
        "P1": PersonFactory(
            full_name="Nguyễn Thị Ánh",
            unit=a,
            gender="female",
            is_ethnic_minority=True,
            is_direct_worker=True,
            citizen_id="019876543210",
            birth_date=D(1985, 4, 2),
        ),
        "P2": PersonFactory(
            full_name="Trần Văn Bình",
            unit=a,
            gender="male",
            leader_level=LeaderLevel.DEPARTMENT,
            position="Phó Giám đốc Sở",
        ),
        "P3": PersonFactory(full_name="Lò Văn Cường", unit=commune, gender="male"),
        "P4": PersonFactory(full_name="Phạm Thị Dung", unit=a, gender="female"),
        "P5": PersonFactory(full_name="Hoàng Văn Em", unit=a, gender="male"),
    }
    household = HouseholdFactory(head_name="Đinh Văn Giáp", unit=commune)
    p = people

    d1 = make_decision(D(2022, 3, 1), actor=staff)
    add_entry(
        d1,
        p["P1"],
        "bang_khen_tinh",
        proposing_unit=a,
        prize=1_500_000,
        position="Giáo viên, Trường THCS Ánh Sáng",
    )
    add_entry(d1, p["P2"], "bang_khen_tinh", proposing_unit=a, prize=1_500_000)
    add_entry(d1, e, "bang_khen_tinh", proposing_unit=a, prize=3_500_000)
    add_entry(
        d1, household, "bang_khen_tinh", proposing_unit=b, award_type="exceptional", prize=2_250_000
    )
    add_entry(d1, a, "co_tinh", proposing_unit=a, award_type="campaign", prize=11_920_000)
    add_entry(d1, p["P4"], "bang_khen_tinh", proposing_unit=a, prize=1_500_000, revoked=True)

    draft = make_decision(D(2022, 5, 1), status=DecisionStatus.DRAFT, actor=staff)
    add_entry(draft, p["P4"], "cstd_tinh", proposing_unit=a)
    add_entry(draft, p["P5"], "bang_khen_tinh", proposing_unit=a)
    gone = make_decision(D(2022, 4, 1), status=DecisionStatus.REVOKED, actor=staff)
    add_entry(gone, p["P5"], "bang_khen_tinh", proposing_unit=a, prize=1_500_000)

    d0 = make_decision(D(2021, 12, 20), actor=staff)
    add_entry(d0, p["P2"], "cstd_tinh", proposing_unit=a, prize=4_470_000)
    add_entry(d0, p["P3"], "bang_khen_tinh", proposing_unit=b, prize=1_490_000)

    pm = make_escalation(D(2022, 6, 1), CentralLevel.PRIME_MINISTER, actor=staff)
    add_central(pm, p["P1"], "bang_khen_ttg", proposing_unit=a)
    add_central(pm, a, "co_cp", proposing_unit=a)
    add_central(pm, p["P5"], "bang_khen_ttg", proposing_unit=a, accepted=False)
    president = make_escalation(D(2022, 9, 2), CentralLevel.PRESIDENT, actor=staff)
    add_central(president, p["P2"], "huan_chuong_lao_dong_3", proposing_unit=a)
    waiting = make_escalation(None, "", status=EscalationStatus.SUBMITTED, actor=staff)
    add_central(waiting, p["P4"], "bang_khen_ttg", proposing_unit=a, accepted=None)

    declared(p["P1"], "ldtt", 2022)
    declared(household, "giay_khen", 2022, level="commune")
    declared(p["P4"], "ldtt", 2022, revoked_at=dt.datetime(2022, 12, 30, tzinfo=dt.UTC))
    declared(p["P5"], "bang_khen_tinh", 2022, source=AwardRecordSource.LEGACY_IMPORT)

    # Campaigns: 2022 — a province-wide yearly one and a 6-month thematic one
    # in K1 (and a draft, not counted); 2021 — a 3-year thematic one in unit A.
    CampaignFactory(launched=True, scope="province", kind="regular")
    CampaignFactory(
        launched=True,
        scope="cluster",
        scope_cluster=k1,
        kind="thematic",
        period_start=D(2022, 3, 1),
        period_end=D(2022, 8, 31),
    )
    CampaignFactory(scope="province")  # draft
    CampaignFactory(
        launched=True,
        year=2021,
        scope="unit",
        scope_unit=a,
        kind="thematic",
        period_start=D(2021, 1, 1),
        period_end=D(2023, 12, 31),
    )
    # K1's 2022 standings: A leads (proposed for the flag, and awarded it), X next.
    x = UnitFactory(code="so-x-tk", name="Sở Xây dựng minh họa")
    MembershipFactory(cluster=k1, unit=x, year=2022)
    table = TableFactory(cluster=k1, year=2022)
    ScoringTable.objects.filter(pk=table.pk).update(status=ScoringTable.Status.PUBLISHED)
    Standing.objects.create(
        table=table,
        unit=a,
        rank=1,
        total="96.50",
        classification="excellent",
        proposed_title="co_tinh",
    )
    Standing.objects.create(
        table=table,
        unit=x,
        rank=2,
        total="91.00",
        classification="excellent",
        proposed_title="bang_khen_tinh",
    )
    assert Campaign.objects.count() == 4
    return Province(a, b, e, k1, c1, people, household, d1, staff)
