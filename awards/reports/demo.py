"""Demo data for statistics and the year-end report (``manage.py load_demo``).

The province's 2021 summary states that 143 collectives and individuals were
awarded by the State President and the Prime Minister and 2,655 by the
provincial chairman (shared/domain/CAMPAIGN-2022.md). This loader records
2021 decisions that reproduce exactly those figures, spread plausibly over
units, forms, award types and recipient kinds:

- eight decisions of the provincial chairman dated in 2021 (flags, Excellent
  Labour Collectives, Provincial Emulation Fighters, certificates of merit for
  the 2020 review, the COVID-19 thematic review, exceptional and long-service
  awards, model communes) — 2,655 standing entries, plus two entries revoked
  later (not counted);
- three central decisions recorded from escalations (two of the Prime
  Minister, one of the State President) — 143 accepted entries, plus two the
  centre did not accept.

And, closing the loop with the published 2021 cluster standings, the January
2022 decision giving the provincial flag to each 2021 cluster leader.

Every person, household and "(minh họa)" collective is fictional. Rows are
bulk-created (a few seconds); the loader is idempotent: it does nothing when
its decisions exist.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from awards.decisions.models import (
    GROUP_OF_KIND,
    CentralLevel,
    Decision,
    DecisionEntry,
    DecisionStatus,
    Escalation,
    EscalationEntry,
    EscalationStatus,
    RegistryCounter,
)
from awards.decisions.money import prize_for
from awards.decisions.services.decisions import serial_text
from awards.decisions.services.escalations import ISSUERS
from awards.models import (
    Award,
    AwardLevel,
    AwardRecord,
    AwardRecordSource,
    AwardType,
    Household,
    Nomination,
    NominationItem,
    NominationStatus,
    Person,
    RecipientKind,
    Verdict,
    VerificationResult,
)
from emulation.models import ScoringTable, Standing
from units.models import Unit, User
from units.search import fold

from .models import YearReport

D = dt.date
COLL, HH, IND = RecipientKind.COLLECTIVE, RecipientKind.HOUSEHOLD, RecipientKind.INDIVIDUAL
ISSUER = "Chủ tịch Ủy ban nhân dân tỉnh"
SIGNER = "Trịnh Việt Hùng"  # the chairman named in the public source article

# number, date, award year, award type, title, [(award code, kind, count)], revoked individuals
PROVINCIAL_2021 = [
    (
        "68/QĐ-UBND",
        D(2021, 1, 15),
        2020,
        AwardType.MERIT,
        "Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2020",
        [("co_tinh", COLL, 20)],
        0,
    ),
    (
        "69/QĐ-UBND",
        D(2021, 1, 15),
        2020,
        AwardType.MERIT,
        "Về việc tặng danh hiệu Tập thể lao động xuất sắc năm 2020",
        [("ttldxs", COLL, 210)],
        0,
    ),
    (
        "70/QĐ-UBND",
        D(2021, 1, 15),
        2020,
        AwardType.MERIT,
        "Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2020",
        [("cstd_tinh", IND, 150)],
        0,
    ),
    (
        "86/QĐ-UBND",
        D(2021, 1, 18),
        2020,
        AwardType.MERIT,
        "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các tập thể, cá nhân có "
        "thành tích xuất sắc năm 2020",
        [("bang_khen_tinh", COLL, 150), ("bang_khen_tinh", IND, 1300)],
        2,
    ),
    (
        "1024/QĐ-UBND",
        D(2021, 5, 12),
        2021,
        AwardType.CAMPAIGN,
        "Về việc tặng Bằng khen cho các tập thể, cá nhân, hộ gia đình có thành tích xuất sắc trong "
        "công tác phòng, chống dịch COVID-19",
        [("bang_khen_tinh", COLL, 50), ("bang_khen_tinh", HH, 30), ("bang_khen_tinh", IND, 400)],
        0,
    ),
    (
        "2150/QĐ-UBND",
        D(2021, 9, 20),
        2021,
        AwardType.EXCEPTIONAL,
        "Về việc tặng Bằng khen đột xuất cho các tập thể, cá nhân, hộ gia đình có hành động, "
        "thành tích đặc biệt xuất sắc",
        [("bang_khen_tinh", COLL, 10), ("bang_khen_tinh", HH, 18), ("bang_khen_tinh", IND, 120)],
        0,
    ),
    (
        "2890/QĐ-UBND",
        D(2021, 12, 10),
        2021,
        AwardType.LONG_SERVICE,
        "Về việc tặng Bằng khen cho các tập thể, cá nhân có quá trình cống hiến",
        [("bang_khen_tinh", COLL, 20), ("bang_khen_tinh", IND, 169)],
        0,
    ),
    (
        "3015/QĐ-UBND",
        D(2021, 12, 25),
        2021,
        AwardType.CAMPAIGN,
        "Về việc công nhận danh hiệu Xã, phường, thị trấn tiêu biểu năm 2021",
        [("xa_tieubieu", COLL, 8)],
        0,
    ),
]
# number, date, level, title, [(award code, kind, count)], not accepted
CENTRAL_2021 = [
    (
        "245/QĐ-TTg",
        D(2021, 2, 26),
        CentralLevel.PRIME_MINISTER,
        "Tờ trình đề nghị tặng Bằng khen của Thủ tướng Chính phủ, Cờ thi đua của Chính phủ "
        "năm 2020",
        [("co_cp", COLL, 6), ("bang_khen_ttg", COLL, 20), ("bang_khen_ttg", IND, 52)],
        2,
    ),
    (
        "1520/QĐ-TTg",
        D(2021, 10, 5),
        CentralLevel.PRIME_MINISTER,
        "Tờ trình đề nghị tặng danh hiệu Chiến sĩ thi đua toàn quốc và Bằng khen của Thủ tướng "
        "Chính phủ",
        [("cstd_tq", IND, 5), ("bang_khen_ttg", COLL, 8), ("bang_khen_ttg", IND, 20)],
        0,
    ),
    (
        "1830/QĐ-CTN",
        D(2021, 11, 15),
        CentralLevel.PRESIDENT,
        "Tờ trình đề nghị Chủ tịch nước tặng thưởng Huân chương Lao động",
        [
            ("huan_chuong_lao_dong_1", IND, 3),
            ("huan_chuong_lao_dong_2", IND, 5),
            ("huan_chuong_lao_dong_3", COLL, 8),
            ("huan_chuong_lao_dong_3", IND, 16),
        ],
        0,
    ),
]
FLAGS_2022 = ("95/QĐ-UBND", D(2022, 1, 14))

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
    "Ma",
    "La",
    "Hà",
    "Nông",
    "Triệu",
    "Lưu",
    "Đinh",
    "Mai",
    "Tạ",
    "Quan",
]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Thị Ngọc", "Thu", "Hồng", "Thị Thanh", "Diệu"]
MIDDLE_M = ["Văn", "Đức", "Quang", "Minh", "Hữu", "Công", "Xuân", "Mạnh", "Tiến"]
GIVEN_F = [
    "Anh",
    "Hà",
    "Hằng",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Nhung",
    "Phương",
    "Quyên",
    "Thảo",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Huyền",
    "Loan",
    "Oanh",
    "Giang",
]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Giang",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
ETHNIC_FAMILY = {"Ma", "La", "Nông", "Triệu", "Quan", "Lý", "Hà"}
JOBS = [
    "Chuyên viên",
    "Giáo viên",
    "Bác sĩ",
    "Điều dưỡng",
    "Kỹ sư",
    "Kế toán",
    "Công nhân",
    "Cán bộ địa chính",
    "Nhân viên",
    "Kỹ thuật viên",
]
DIRECT_JOBS = {"Giáo viên", "Bác sĩ", "Điều dưỡng", "Công nhân", "Kỹ thuật viên"}
LEADER_POSITIONS = {
    "provincial": ["Phó Chủ tịch UBND tỉnh"],
    "department": ["Giám đốc", "Phó Giám đốc", "Chủ tịch UBND huyện", "Phó Chủ tịch UBND huyện"],
    "other": ["Trưởng phòng", "Phó Trưởng phòng", "Hiệu trưởng", "Chủ tịch UBND xã"],
}
DEPT_SUBUNITS = [
    "Văn phòng",
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch – Tài chính",
    "Thanh tra",
    "Phòng Nghiệp vụ",
    "Trung tâm Dịch vụ",
    "Phòng Pháp chế",
    "Phòng Quản lý",
]
DISTRICT_SUBUNITS = [
    "Phòng Giáo dục và Đào tạo",
    "Phòng Nội vụ",
    "Phòng Tài chính – Kế hoạch",
    "Phòng Nông nghiệp và PTNT",
    "Trường Tiểu học Kim Đồng",
    "Trường THCS Lê Quý Đôn",
    "Trường Mầm non Hoa Sen",
    "Trung tâm Y tế",
    "Văn phòng HĐND và UBND",
    "Phòng Văn hóa – Thông tin",
]
FIRM_WORDS = [
    "Hùng Phát",
    "Thành Công",
    "Tân Tiến",
    "Phú Thịnh",
    "Minh Khang",
    "An Bình",
    "Đại Thành",
    "Hòa Phát",
    "Kim Long",
    "Sao Mai",
]
FIRM_KINDS = ["Công ty TNHH Thương mại", "Công ty Cổ phần Xây dựng", "Hợp tác xã Chè"]

OVERVIEW_2021 = (
    "Năm 2021, trong điều kiện dịch COVID-19 diễn biến phức tạp, dưới sự lãnh đạo, chỉ đạo của "
    "Tỉnh ủy, Ủy ban nhân dân tỉnh, phong trào thi đua yêu nước và công tác khen thưởng của tỉnh "
    "có nhiều đổi mới và đạt kết quả tích cực.\n"
    "Công tác lãnh đạo, chỉ đạo được thực hiện kịp thời, bám sát nhiệm vụ chính trị của các cấp, "
    "các ngành; phong trào thi đua được tổ chức nghiêm túc theo Luật Thi đua, Khen thưởng."
)
HIGHLIGHTS_2021 = (
    "Tổ chức và hoạt động của các cụm, khối thi đua được chỉ đạo thống nhất trong toàn tỉnh, "
    "chất lượng và hiệu quả không ngừng nâng lên.\n"
    "Công tác tuyên truyền, phát hiện và nhân rộng điển hình tiên tiến được tăng cường; nhiều "
    "tập thể, cá nhân có thành tích xuất sắc trong phòng, chống dịch COVID-19 được khen thưởng "
    "kịp thời."
)
SHORTCOMINGS_2021 = (
    "Một số đơn vị còn chậm gửi hồ sơ đề nghị khen thưởng; tỷ lệ khen thưởng người trực tiếp lao "
    "động, sản xuất chưa cao. (Nội dung minh họa.)"
)
NEXT_YEAR_2021 = (
    "Triển khai phong trào thi đua yêu nước năm 2022 với sáu nội dung trọng tâm; tiếp tục đổi mới "
    "công tác khen thưởng, chú trọng khen thưởng người trực tiếp lao động, sản xuất, công tác."
)


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def load(stdout=None) -> None:
    actor = (
        User.objects.filter(username="canbo.tdkt").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if actor is None:
        _say(stdout, "  Bỏ qua: chưa có tài khoản cán bộ (chạy dữ liệu minh họa của đơn vị trước).")
        return
    with transaction.atomic():
        if not Decision.objects.filter(number="68/QĐ-UBND", registry_year=2021).exists():
            _load_2021(actor)
            _say(
                stdout, "  Năm 2021: 143 khen thưởng cấp Trung ương, 2.655 của Chủ tịch UBND tỉnh."
            )
        if not Decision.objects.filter(number=FLAGS_2022[0], registry_year=2022).exists():
            n = _load_flags_2022(actor)
            _say(
                stdout, f"  Cờ thi đua năm 2021 cho {n} đơn vị dẫn đầu cụm, khối (QĐ tháng 1/2022)."
            )
        YearReport.objects.get_or_create(
            year=2021,
            defaults={
                "title": "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2021",
                "overview": OVERVIEW_2021,
                "highlights": HIGHLIGHTS_2021,
                "shortcomings": SHORTCOMINGS_2021,
                "next_year": NEXT_YEAR_2021,
                "created_by": actor,
                "updated_by": actor,
            },
        )


# Recipients -----------------------------------------------------------------------------


def _collectives(rng: random.Random) -> tuple[list[Unit], list[Unit], list[Unit]]:
    """(proposing units, collective recipients, enterprises): the demo's top-level
    units plus fictional sub-units and enterprises, created once."""
    tops = list(
        Unit.objects.active_in_year(2021)
        .filter(kind__in=["department", "district", "party", "mass_org", "enterprise"])
        .select_related("parent")
        .order_by("code")
    )
    wanted = []
    for top in tops:
        names = (
            DEPT_SUBUNITS
            if top.kind == "department"
            else DISTRICT_SUBUNITS
            if top.kind == "district"
            else DEPT_SUBUNITS[:3]
        )
        for i, name in enumerate(names):
            kind = "public_service" if name.startswith(("Trường", "Trung tâm")) else "other"
            wanted.append((f"mh-{top.code}-{i}"[:40], f"{name} – {top.name} (minh họa)", kind, top))
    for i in range(30):
        name = f"{FIRM_KINDS[i % 3]} {FIRM_WORDS[i % 10]} {i // 10 + 1} (minh họa)"
        wanted.append((f"mh-doanh-nghiep-{i}", name, "enterprise", None))
    Unit.objects.bulk_create(
        [
            Unit(
                code=code,
                name=name,
                kind=kind,
                parent=parent,
                search_text=fold(f"{name} {code}"),
                valid_from=D(2015, 1, 1),
            )
            for code, name, kind, parent in wanted
        ],
        ignore_conflicts=True,
    )
    subs = list(Unit.objects.filter(code__in=[w[0] for w in wanted]).select_related("parent"))
    firms = [u for u in subs if u.kind == "enterprise"] + [
        u for u in tops if u.kind == "enterprise"
    ]
    recipients = tops + [u for u in subs if u.kind != "enterprise"]
    rng.shuffle(recipients)
    return tops, recipients, firms


def _person(rng: random.Random, n: int, unit: Unit) -> Person:
    woman = rng.random() < 0.52
    family = rng.choice(FAMILY)
    name = " ".join(
        [
            family,
            rng.choice(MIDDLE_F if woman else MIDDLE_M),
            rng.choice(GIVEN_F if woman else GIVEN_M),
        ]
    )
    roll = rng.random()
    leader = "provincial" if roll < 0.004 else "department" if roll < 0.05 else ""
    leader = leader or ("other" if roll < 0.16 else "")
    position = rng.choice(LEADER_POSITIONS[leader]) if leader else rng.choice(JOBS)
    return Person(
        full_name=name,
        gender="female" if woman else "male",
        birth_date=D(1965 + n % 33, 1 + n % 12, 1 + n % 28),
        position=position,
        unit=unit,
        is_ethnic_minority=family in ETHNIC_FAMILY or rng.random() < 0.05,
        is_direct_worker=position in DIRECT_JOBS,
        is_entrepreneur=unit.kind == "enterprise" and leader != "",
        leader_level=leader,
        folded_name=fold(name),
        search_text=fold(f"{name} {position}"),
    )


def _top_of(unit: Unit) -> Unit:
    """The unit that proposes for ``unit``: its parent, unless that is the province."""
    parent = unit.parent if unit.parent_id else None
    return parent if parent is not None and parent.kind != "province" else unit


# Loading ------------------------------------------------------------------------------------


def _take(key: str, count: int) -> int:
    """Reserve ``count`` numbers of the decisions app's counter ``key`` (locked)."""
    RegistryCounter.objects.bulk_create([RegistryCounter(key=key)], ignore_conflicts=True)
    counter = RegistryCounter.objects.select_for_update().get(key=key)
    first = counter.last_value + 1
    counter.last_value += count
    counter.save(update_fields=["last_value"])
    return first


def _load_2021(actor) -> None:
    rng = random.Random(2021)  # noqa: S311 - deterministic demo data
    awards = {a.code: a for a in Award.objects.all()}
    tops, collectives, firms = _collectives(rng)
    communes = list(
        Unit.objects.active_in_year(2021)
        .filter(kind="commune")
        .select_related("parent")
        .order_by("code")
    )
    people_units = collectives
    n_people = sum(
        count + (revoked if kind == IND else 0)
        for *_, parts, revoked in PROVINCIAL_2021
        for _, kind, count in parts
    ) + sum(
        sum(count for _, kind, count in parts if kind == IND) + rejected
        for *_, parts, rejected in CENTRAL_2021
    )
    people = Person.objects.bulk_create(
        [_person(rng, n, people_units[n % len(people_units)]) for n in range(n_people)]
    )
    households = Household.objects.bulk_create(
        [
            Household(
                head_name=(
                    name := f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
                ),
                address=f"Xóm {rng.choice(['Trung', 'Đồng', 'Làng Mới', 'Bãi'])}, {c.name}",
                unit=c,
                search_text=fold(f"{name} {c.name}"),
            )
            for c in (communes[i % len(communes)] for i in range(48))
        ]
    )
    pools = {IND: iter(people), HH: iter(households)}
    cursor = {"coll": 0}

    def recipients(kind: str, count: int, code: str) -> list:
        if kind == COLL:
            if code == "xa_tieubieu":
                return communes[:count]
            pool = firms + collectives if code == "bang_khen_tinh" else collectives
            start = cursor["coll"] % len(pool)
            cursor["coll"] += count
            chosen = (pool[start:] + pool[:start])[:count]
            if code in ("co_tinh", "co_cp"):
                chosen = tops[:count] if code == "co_tinh" else tops[-count:]
            return chosen
        return [next(pools[kind]) for _ in range(count)]

    now = timezone.now()
    for number, day, award_year, atype, title, parts, revoked in PROVINCIAL_2021:
        decision = Decision.objects.create(
            number=number,
            decision_date=day,
            title=title,
            signer_name=SIGNER,
            legal_bases="Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
            "Căn cứ Luật Thi đua, Khen thưởng năm 2003 và các văn bản hướng dẫn;",
            proposal="Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …/TTr-SNV.",
            article_1=f"{_sentence(title)} (có danh sách kèm theo).",
            article_2="Tiền thưởng thực hiện theo quy định, trích từ Quỹ Thi đua, khen thưởng.",
            article_3="Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn "
            "vị liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành.",
            recipients="Như Điều 3;\nLưu: VT, SNV.",
            award_year=award_year,
            status=DecisionStatus.ISSUED,
            registry_year=day.year,
            issued_at=now,
            issued_by=actor,
            created_by=actor,
        )
        rows = []
        for code, kind, count in parts:
            extra = revoked if kind == IND else 0
            for r in recipients(kind, count + extra, code):
                rows.append((awards[code], kind, r))
        extra_revoked = {id(r[2]) for r in rows[-revoked:]} if revoked else set()
        _entries(decision, rows, atype, actor, extra_revoked)
    for number, day, level, title, parts, rejected in CENTRAL_2021:
        rows = []
        for code, kind, count in parts:
            for r in recipients(kind, count, code):
                rows.append((awards[code], kind, r))
        rejected_rows = [(awards[parts[-1][0]], IND, next(pools[IND])) for _ in range(rejected)]
        _escalation(number, day, level, title, rows, rejected_rows, actor)


def _sentence(title: str) -> str:
    """ "Về việc tặng X" → "Tặng X"."""
    text = title.removeprefix("Về việc ")
    return text[:1].upper() + text[1:]


def _nominations(rows, atype: str, award_year: int, title: str, actor) -> list[NominationItem]:
    """One ready-for-council dossier per proposing unit, and one nominee per row."""
    by_unit: dict[int, list] = defaultdict(list)
    for row in rows:
        by_unit[_proposer(row).pk].append(row)
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                proposing_unit_id=unit_id,
                award_year=award_year,
                award_type=atype,
                title=title[:255],
                status=NominationStatus.READY_FOR_COUNCIL,
                created_by=actor,
            )
            for unit_id in by_unit
        ]
    )
    items = []
    for nomination, unit_rows in zip(nominations, by_unit.values(), strict=True):
        for award, kind, r in unit_rows:
            items.append(
                NominationItem(
                    nomination=nomination,
                    recipient_kind=kind,
                    award=award,
                    person=r if kind == IND else None,
                    unit=r if kind == COLL else None,
                    household=r if kind == HH else None,
                    position_text=_position(kind, r),
                    achievement="Hoàn thành xuất sắc nhiệm vụ được giao (dữ liệu minh họa).",
                    verdict=Verdict.ELIGIBLE,
                    verification=VerificationResult.PASSED,
                    search_text=fold(_name(kind, r) if kind != HH else f"Hộ {r.head_name}"),
                )
            )
    items = NominationItem.objects.bulk_create(items)
    # Back in the caller's row order.
    by_key = {
        (i.award_id, i.recipient_kind, i.person_id or i.unit_id or i.household_id): i for i in items
    }
    return [by_key[(a.pk, k, r.pk)] for a, k, r in rows]


def _proposer(row) -> Unit:
    _, kind, r = row
    if kind == IND:
        return _top_of(r.unit)
    if kind == HH:
        return _top_of(r.unit)
    return _top_of(r)


def _name(kind: str, r) -> str:
    if kind == HH:
        return f"Hộ gia đình {r.head_name}"
    return r.full_name if kind == IND else r.name


def _position(kind: str, r) -> str:
    if kind == IND:
        return f"{r.position}, {r.unit.name}"[:300]
    if kind == HH:
        return r.address
    return ""


def _entries(decision: Decision, rows, atype: str, actor, revoked: set) -> None:
    items = _nominations(rows, atype, decision.award_year, decision.title, actor)
    order = sorted(range(len(rows)), key=lambda i: (-rows[i][0].rank, GROUP_OF_KIND[rows[i][1]]))
    first_registry = _take(f"registry:{decision.decision_date.year}", len(rows))
    first_serial = _take("serial", len(rows))
    prizes: dict[tuple, int] = {}
    ordinals: dict[tuple, int] = defaultdict(int)
    entries, records = [], []
    for n, i in enumerate(order):
        award, kind, r = rows[i]
        key = (award.pk, kind)
        if key not in prizes:
            try:
                prizes[key] = prize_for(
                    award_id=award.pk,
                    recipient_kind=kind,
                    award_year=decision.award_year,
                    decision_date=decision.decision_date,
                ).amount
            except Exception:  # noqa: BLE001 - a missing rule row leaves the demo at 0 đồng
                prizes[key] = 0
        ordinals[(award.pk, GROUP_OF_KIND[kind])] += 1
        gone = id(r) in revoked
        records.append(
            AwardRecord(
                recipient_kind=kind,
                person=r if kind == IND else None,
                household=r if kind == HH else None,
                unit=r.unit if kind in (IND, HH) else r,
                award=award,
                year=decision.award_year,
                award_type=atype,
                level=AwardLevel.PROVINCIAL,
                decision_number=decision.number,
                decision_date=decision.decision_date,
                issuer=ISSUER,
                source=AwardRecordSource.PORTAL_DECISION,
                created_by=actor,
                revoked_at=timezone.now() if gone else None,
            )
        )
        entries.append(
            DecisionEntry(
                decision=decision,
                nomination_item=items[i],
                award=award,
                recipient_kind=kind,
                group=GROUP_OF_KIND[kind],
                person=r if kind == IND else None,
                unit=r if kind == COLL else None,
                household=r if kind == HH else None,
                name=_name(kind, r),
                position_text=items[i].position_text,
                sort_key=n + 1,
                ordinal=ordinals[(award.pk, GROUP_OF_KIND[kind])],
                registry_year=decision.decision_date.year,
                registry_no=first_registry + n,
                certificate_serial=serial_text(first_serial + n),
                prize_amount=prizes[key],
                revoked_at=timezone.now() if gone else None,
                revocation_reason="Phát hiện kê khai không trung thực thành tích (minh họa)."
                if gone
                else "",
            )
        )
    records = AwardRecord.objects.bulk_create(records)
    for entry, record in zip(entries, records, strict=True):
        entry.award_record = record
    DecisionEntry.objects.bulk_create(entries)


def _escalation(number, day, level, title, rows, rejected_rows, actor) -> None:
    all_rows = rows + rejected_rows
    items = _nominations(all_rows, AwardType.MERIT, day.year - (day.month < 6), title, actor)
    escalation = Escalation.objects.create(
        title=title,
        award_year=day.year - (day.month < 6),
        letter_number=f"{number.split('/')[0]}/TTr-UBND",
        letter_date=day - dt.timedelta(days=60),
        letter_text="Ủy ban nhân dân tỉnh kính trình xem xét, khen thưởng (dữ liệu minh họa).",
        status=EscalationStatus.DECIDED,
        submitted_at=timezone.now(),
        central_number=number,
        central_date=day,
        central_level=level,
        decided_at=timezone.now(),
        created_by=actor,
    )
    records = AwardRecord.objects.bulk_create(
        AwardRecord(
            recipient_kind=kind,
            person=r if kind == IND else None,
            unit=r.unit if kind == IND else r,
            award=award,
            year=escalation.award_year,
            award_type=AwardType.MERIT,
            level=AwardLevel.CENTRAL,
            decision_number=number,
            decision_date=day,
            issuer=ISSUERS[level],
            source=AwardRecordSource.CENTRAL_DECISION,
            created_by=actor,
        )
        for award, kind, r in rows
    )
    EscalationEntry.objects.bulk_create(
        EscalationEntry(
            escalation=escalation,
            nomination_item=item,
            award=award,
            name=_name(kind, r),
            position_text=item.position_text,
            sort_key=n + 1,
            accepted=n < len(rows),
            award_record=records[n] if n < len(rows) else None,
        )
        for n, (item, (award, kind, r)) in enumerate(zip(items, all_rows, strict=True))
    )


def _load_flags_2022(actor) -> int:
    """The provincial flag for each leader of the published 2021 standings."""
    leaders = [
        s.unit
        for s in Standing.objects.filter(
            table__year=2021, table__status=ScoringTable.Status.PUBLISHED, proposed_title="co_tinh"
        ).select_related("unit__parent")
    ]
    if not leaders:
        return 0
    number, day = FLAGS_2022
    decision = Decision.objects.create(
        number=number,
        decision_date=day,
        signer_name=SIGNER,
        title="Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2021 cho các đơn vị dẫn đầu "
        "cụm, khối thi đua",
        legal_bases="Căn cứ Luật Thi đua, Khen thưởng năm 2003 và các văn bản hướng dẫn;\n"
        "Căn cứ kết quả bình xét, suy tôn của các cụm, khối thi đua năm 2021;",
        proposal="Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …/TTr-SNV.",
        article_1="Tặng Cờ thi đua của Ủy ban nhân dân tỉnh cho các đơn vị dẫn đầu cụm, khối thi "
        "đua năm 2021 (có danh sách kèm theo).",
        article_2="Tiền thưởng thực hiện theo quy định.",
        article_3="Các cơ quan, đơn vị có tên tại Điều 1 chịu trách nhiệm thi hành.",
        recipients="Như Điều 3;\nLưu: VT, SNV.",
        award_year=2021,
        status=DecisionStatus.ISSUED,
        registry_year=2022,
        issued_at=timezone.now(),
        issued_by=actor,
        created_by=actor,
    )
    flag = Award.objects.get(code="co_tinh")
    _entries(decision, [(flag, COLL, u) for u in leaders], AwardType.MERIT, actor, set())
    return len(leaders)
