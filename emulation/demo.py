"""Demo data for the emulation app (``manage.py load_demo``, after units).

The 2022 campaign and its six focus tasks follow the province's conference
(shared/domain/CAMPAIGN-2022.md, short titles in our wording); the 2021
campaign, dates, scoring table, scores and reasons are illustrative. Every
demo cluster gets a table, a pact and three-layer scores for 2021 and 2022,
and published standings. Deterministic (seeded per cluster, year and unit)
and idempotent: a table that already exists is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from units.models import Cluster, ClusterMembership, User

from . import services
from .models import Campaign, Criterion, Pact, Registration, ScoreSheet, ScoringTable
from .services import ScoreInput

AUTHORITY = (
    "Tỉnh ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam tỉnh và Hội đồng Thi đua – Khen thưởng tỉnh "
    "Thái Nguyên (Chủ tịch UBND tỉnh phát động)"
)
MOTTO = "Thi đua là yêu nước, yêu nước thì phải thi đua"
LEGAL_BASIS = (
    "Luật Thi đua, Khen thưởng năm 2003 (sửa đổi, bổ sung 2013)\n"
    "Nghị định số 91/2017/NĐ-CP của Chính phủ\n"
    "Quy định về công tác thi đua, khen thưởng của UBND tỉnh Thái Nguyên"
)

FOCUS_2022 = [
    "Thực hiện hiệu quả các nghị quyết, chỉ thị; vừa phòng, chống dịch vừa phục hồi, "
    "phát triển kinh tế – xã hội",
    "Đoàn kết – Dân chủ – Kỷ cương – Sáng tạo – Phát triển; xây dựng, chỉnh đốn Đảng và "
    "hệ thống chính trị",
    "Xây dựng chính quyền vững mạnh; chuyển đổi số, nông thôn mới, vùng đồng bào dân tộc "
    "thiểu số và miền núi",
    "Tháo gỡ khó khăn cho doanh nghiệp; cải thiện môi trường đầu tư; cải cách hành chính",
    "Phát triển văn hóa – xã hội hài hòa với kinh tế; du lịch, hạ tầng, khoa học – công nghệ, y tế",
    "Củng cố quốc phòng – an ninh; trật tự an toàn xã hội, an toàn giao thông, phòng chống "
    "cháy, nổ",
]
# Illustrative wording for 2021 (the demo needs a second year to show trends).
FOCUS_2021 = [
    "Vừa phòng, chống dịch COVID-19, vừa phục hồi, phát triển kinh tế – xã hội (minh họa)",
    "Xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh (minh họa)",
    "Đẩy mạnh cải cách hành chính, chuyển đổi số, xây dựng nông thôn mới (minh họa)",
    "Hỗ trợ doanh nghiệp, cải thiện môi trường đầu tư kinh doanh (minh họa)",
    "Phát triển văn hóa – xã hội, bảo đảm an sinh xã hội (minh họa)",
    "Giữ vững quốc phòng – an ninh, trật tự an toàn xã hội (minh họa)",
]

CAMPAIGNS = [
    {
        "code": "thi-dua-yeu-nuoc-2021",
        "title": "Phong trào thi đua yêu nước năm 2021",
        "year": 2021,
        "launch_date": dt.date(2021, 2, 5),
        "focus": FOCUS_2021,
        "close": True,
    },
    {
        "code": "thi-dua-yeu-nuoc-2022",
        "title": "Phong trào thi đua yêu nước năm 2022",
        "year": 2022,
        "launch_date": dt.date(2022, 2, 10),
        "focus": FOCUS_2022,
        "close": False,
    },
]

# (group title, group max, focus position, [(criterion title, max, focus position)])
TABLE = [
    (
        "Thực hiện nhiệm vụ chính trị, chuyên môn được giao",
        50,
        1,
        [
            ("Hoàn thành các chỉ tiêu kế hoạch năm được giao", 20, 1),
            ("Cải cách hành chính, chuyển đổi số", 15, 3),
            ("Hỗ trợ doanh nghiệp, cải thiện môi trường đầu tư", 15, 4),
        ],
    ),
    (
        "Tổ chức phong trào thi đua",
        25,
        2,
        [
            ("Ban hành kế hoạch, phát động, ký giao ước thi đua", 10, 2),
            ("Sơ kết, tổng kết; gửi báo cáo đúng hạn", 8, None),
            ("Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 7, 5),
        ],
    ),
    (
        "Công tác khen thưởng",
        15,
        None,
        [
            ("Khen thưởng đúng đối tượng, kịp thời, chú trọng người lao động trực tiếp", 10, None),
            ("Hồ sơ đề nghị khen thưởng đúng quy định, đúng hạn", 5, None),
        ],
    ),
    (
        "Xây dựng tổ chức Đảng, đoàn thể; quốc phòng – an ninh",
        10,
        6,
        [
            ("Tổ chức Đảng, đoàn thể vững mạnh", 5, 2),
            ("Bảo đảm an ninh trật tự, an toàn giao thông, phòng chống cháy, nổ", 5, 6),
        ],
    ),
]
BONUS = [
    ("Được khen thưởng cấp Nhà nước trong năm", 3),
    ("Mô hình, sáng kiến được nhân rộng toàn tỉnh", 2),
]
PENALTY = [
    ("Gửi báo cáo chậm so với thời hạn", 3),
    ("Cán bộ, công chức bị kỷ luật trong năm", 5),
]
REASONS = [
    "Minh chứng chưa đầy đủ, thiếu báo cáo quý IV.",
    "Một chỉ tiêu chưa đạt kế hoạch năm.",
    "Báo cáo sơ kết gửi chậm so với hướng dẫn.",
    "Chưa có mô hình điển hình được tỉnh công nhận.",
    "Đối chiếu số liệu của sở chuyên ngành, điều chỉnh theo kết quả thực tế.",
]
TITLES = ["ttldxs", "bang_khen_tinh"]
HALF = Decimal("0.5")


def _half_points(value: float) -> Decimal:
    return (Decimal(str(value)) / HALF).quantize(Decimal(1)) * HALF


@transaction.atomic
def load(stdout=None) -> None:
    say = stdout.write if stdout else (lambda *_: None)
    actor = User.objects.get(username="canbo.tdkt")
    campaigns = {spec["year"]: _campaign(spec, actor) for spec in CAMPAIGNS}
    published = 0
    for year, campaign in campaigns.items():
        clusters = Cluster.objects.filter(memberships__year=year).distinct().order_by("code")
        for cluster in clusters:
            members = list(
                ClusterMembership.objects.filter(cluster=cluster, year=year)
                .select_related("unit")
                .order_by("unit__code")
            )
            _registrations(campaign, members, actor)
            _pact(cluster, year, members, actor)
            if not ScoringTable.objects.filter(cluster=cluster, year=year).exists():
                _score_year(cluster, year, campaign, members, actor)
                published += 1
    for spec in CAMPAIGNS:
        campaign = campaigns[spec["year"]]
        if spec["close"] and campaign.status == Campaign.Status.LAUNCHED:
            services.campaign_close(campaign=campaign, actor=actor, note="Tổng kết năm (minh họa)")
    say(
        f"  {Campaign.objects.count()} phong trào; {Registration.objects.count()} đăng ký; "
        f"{Pact.objects.count()} giao ước; {ScoringTable.objects.count()} bảng điểm "
        f"({published} mới công bố)\n"
    )


def _campaign(spec: dict, actor) -> Campaign:
    campaign = Campaign.objects.filter(code=spec["code"]).first()
    if campaign is None:
        year = spec["year"]
        campaign = services.campaign_create(
            actor=actor,
            code=spec["code"],
            title=spec["title"],
            year=year,
            kind=Campaign.Kind.REGULAR,
            scope=Campaign.Scope.PROVINCE,
            launching_authority=AUTHORITY,
            motto=MOTTO,
            launch_date=spec["launch_date"],
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            nomination_deadline=dt.date(year, 12, 10),
            description=(
                "Phát động tại Hội nghị tổng kết phong trào thi đua yêu nước năm trước, "
                "nhằm hoàn thành thắng lợi các mục tiêu phát triển kinh tế – xã hội của tỉnh. "
                "(Ngày tháng trong dữ liệu minh họa.)"
            ),
            legal_basis=LEGAL_BASIS,
            focus_tasks=spec["focus"],
        )
    if campaign.status == Campaign.Status.DRAFT:
        services.campaign_launch(campaign=campaign, actor=actor)
    return campaign


def _registrations(campaign: Campaign, members, actor) -> None:
    if campaign.status != Campaign.Status.LAUNCHED:
        return
    tasks = list(campaign.focus_tasks.all())
    done = set(Registration.objects.filter(campaign=campaign).values_list("unit_id", flat=True))
    for m in members:
        if m.unit_id in done:
            continue
        titles = ["co_tinh", *TITLES] if m.role == "head" else TITLES
        services.registration_save(
            campaign=campaign,
            unit=m.unit,
            target_titles=titles,
            commitments={
                t.pk: f"Hoàn thành 100% nhiệm vụ, chỉ tiêu của nội dung {t.position} (minh họa)."
                for t in tasks[:3]
            },
            note="",
            actor=actor,
        )


def _pact(cluster, year, members, actor) -> None:
    if Pact.objects.filter(cluster=cluster, year=year).exists():
        return
    services.pact_save(
        cluster=cluster,
        year=year,
        text=(
            f"Các đơn vị thành viên {cluster.name} năm {year} cùng giao ước thi đua:\n"
            "1. Hoàn thành 100% chỉ tiêu, nhiệm vụ được giao.\n"
            "2. 100% đơn vị được đánh giá hoàn thành tốt nhiệm vụ trở lên.\n"
            "3. Đề nghị 1 đơn vị nhận Cờ thi đua của UBND tỉnh và ít nhất 2 đơn vị nhận "
            "Bằng khen của Chủ tịch UBND tỉnh.\n(Nội dung minh họa.)"
        ),
        signed_on=dt.date(year, 3, 15),
        signatories=[m.unit for m in members],
        actor=actor,
    )


def _build_table(table: ScoringTable, campaign: Campaign, actor) -> None:
    tasks = {t.position: t for t in campaign.focus_tasks.all()}
    for g_pos, (title, max_points, focus, items) in enumerate(TABLE, start=1):
        group = services.criterion_save(
            table=table,
            actor=actor,
            kind=Criterion.Kind.GROUP,
            title=title,
            max_points=max_points,
            focus_task=tasks.get(focus),
            position=g_pos,
        )
        for c_pos, (c_title, c_max, c_focus) in enumerate(items, start=1):
            services.criterion_save(
                table=table,
                actor=actor,
                kind=Criterion.Kind.CRITERION,
                parent=group,
                title=c_title,
                max_points=c_max,
                focus_task=tasks.get(c_focus),
                position=c_pos,
            )
    for kind, items in ((Criterion.Kind.BONUS, BONUS), (Criterion.Kind.PENALTY, PENALTY)):
        for pos, (title, max_points) in enumerate(items, start=1):
            services.criterion_save(
                table=table,
                actor=actor,
                kind=kind,
                title=title,
                max_points=max_points,
                position=pos,
            )


def _score_year(cluster, year, campaign, members, actor) -> None:
    previous = ScoringTable.objects.filter(cluster=cluster, year__lt=year).exists()
    if previous:
        table = services.table_copy_previous(cluster=cluster, year=year, actor=actor)
    else:
        table = services.table_create(cluster=cluster, year=year, campaign=campaign, actor=actor)
        _build_table(table, campaign, actor)
    services.table_transition(table=table, action="open", actor=actor)
    criteria = list(table.criteria.exclude(kind=Criterion.Kind.GROUP).order_by("kind", "pk"))
    for m in members:
        rng = random.Random(f"{cluster.code}-{year}-{m.unit.code}")
        strength = rng.uniform(0.72, 0.97)
        sheet = ScoreSheet.objects.get(table=table, unit=m.unit)
        own, assessed = {}, {}
        reasons = {}
        for c in criteria:
            if c.kind == Criterion.Kind.CRITERION:
                value = _half_points(
                    float(c.max_points) * min(1.0, strength + rng.uniform(0, 0.12))
                )
                own[c.pk] = min(value, c.max_points)
                cut = rng.random() < 0.25
                assessed[c.pk] = max(
                    Decimal(0), own[c.pk] - (HALF * rng.randint(1, 4) if cut else 0)
                )
                if cut and assessed[c.pk] != own[c.pk]:
                    reasons[c.pk] = rng.choice(REASONS)
            elif c.kind == Criterion.Kind.BONUS:
                own[c.pk] = c.max_points if rng.random() < 0.3 else None
                assessed[c.pk] = own[c.pk]
            else:
                own[c.pk] = None
                assessed[c.pk] = HALF * rng.randint(1, 4) if rng.random() < 0.2 else None
                if assessed[c.pk]:
                    reasons[c.pk] = "Gửi báo cáo tổng kết chậm 5 ngày (minh họa)."
        services.score_layer_save(
            sheet=sheet,
            layer="self",
            inputs={pk: ScoreInput(points=v, note="Có báo cáo kèm theo.") for pk, v in own.items()},
            actor=actor,
        )
        services.sheet_transition(sheet=sheet, action="submit", actor=actor)
        services.score_layer_save(
            sheet=sheet,
            layer="cluster",
            inputs={
                pk: ScoreInput(points=v, note=reasons.get(pk, ""), reason=reasons.get(pk, ""))
                for pk, v in assessed.items()
            },
            actor=actor,
        )
        services.sheet_transition(sheet=sheet, action="assess", actor=actor)
        services.score_layer_save(
            sheet=sheet,
            layer="final",
            inputs={
                pk: ScoreInput(points=v, note=reasons.get(pk, "")) for pk, v in assessed.items()
            },
            actor=actor,
        )
        services.sheet_transition(sheet=sheet, action="verify", actor=actor)
    services.table_transition(table=table, action="publish", actor=actor)
