"""Demo data for nominations (``manage.py load_demo``). Every person is fictional.

People in the demo units with award history 2018–2022, and 2022 dossiers that
show each case the engine knows: eligible, ineligible with reasons, a duplicate
(the same teacher proposed by the Department of Education and by Đại Từ), a
quota breach (old-regime CSTĐCS ≤ 15 % of LĐTT) and a member-ratio failure.
Idempotent: people are keyed by name and birth date, dossiers by title.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction

from units.models import Unit, User

from .models import (
    Award,
    AwardRecord,
    Gender,
    Hold,
    Initiative,
    Nomination,
    NominationDocument,
    NominationItem,
    Person,
    RecipientKind,
    TaskRating,
    UnitYearFigure,
)
from .services import nominations as svc

D = dt.date
F, M = Gender.FEMALE, Gender.MALE
PDF = b"%PDF-1.4\n% MAU - DU LIEU MINH HOA\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# name, gender, birth, unit code, position, flags, history {year: (rating, [titles])}, initiatives
PEOPLE = [
    (
        "Nguyễn Văn Ánh",
        M,
        D(1980, 3, 12),
        "thpt-chuyen-thai-nguyen",
        "Giáo viên Toán",
        {"is_direct_worker": True},
        {y: ("excellent", ["ldtt", "cstd_cs"]) for y in range(2018, 2023)},
        [(2021, "province", "Ứng dụng học liệu số trong dạy học Toán THPT")],
    ),
    (
        "Trần Thị Minh Hằng",
        F,
        D(1984, 7, 2),
        "thpt-chuyen-thai-nguyen",
        "Tổ trưởng chuyên môn",
        {"leader_level": "other"},
        {
            2020: ("excellent", ["ldtt", "cstd_cs"]),
            2021: ("good", ["ldtt"]),
            2022: ("excellent", ["ldtt", "cstd_cs"]),
        },
        [(2022, "province", "Mô hình câu lạc bộ khoa học cho học sinh chuyên")],
    ),
    (
        "Hoàng Thị Lan",
        F,
        D(1987, 11, 20),
        "thpt-chuyen-thai-nguyen",
        "Giáo viên Ngữ văn",
        {"is_ethnic_minority": True, "is_direct_worker": True},
        {2021: ("excellent", ["ldtt", "cstd_cs"]), 2022: ("excellent", ["ldtt", "cstd_cs"])},
        [],
    ),
    (
        "Lê Quang Huy",
        M,
        D(1976, 5, 30),
        "so-giao-duc-dao-tao",
        "Phó Giám đốc Sở",
        {"leader_level": "department"},
        {y: ("excellent", ["ldtt"]) for y in range(2018, 2023)},
        [],
    ),
    (
        "Đỗ Thị Thu Trang",
        F,
        D(1990, 1, 8),
        "thpt-luong-ngoc-quyen",
        "Giáo viên Tiếng Anh",
        {"is_direct_worker": True},
        {2022: ("good", [])},
        [],
    ),
]
# Teachers of THPT Lương Ngọc Quyến for the quota case: 12 LĐTT in 2022.
QUOTA_TEACHERS = [
    "Bùi Văn Khánh",
    "Phạm Thị Ngọc",
    "Vũ Đức Thắng",
    "Ngô Thị Hạnh",
    "Đặng Văn Lộc",
    "Dương Thị Yến",
    "Lý Văn Sơn",
    "Mai Thị Thanh",
    "Trịnh Văn Hùng",
    "Tạ Thị Hoa",
    "Cao Văn Đông",
    "Hà Thị Nhung",
]
# The same teacher, recorded again by Đại Từ where he teaches extra classes.
DAI_TU = [
    (
        "Hoàng Thị Lan",
        F,
        D(1987, 11, 20),
        "huyen-dai-tu",
        "Giáo viên thỉnh giảng",
        {"is_ethnic_minority": True},
        {},
        [],
    ),
    (
        "Ma Văn Tuấn",
        M,
        D(1982, 9, 14),
        "huyen-dai-tu",
        "Chuyên viên Phòng Nông nghiệp",
        {"is_ethnic_minority": True},
        {2021: ("good", ["ldtt"]), 2022: ("good", ["ldtt"])},
        [],
    ),
    (
        "La Thị Hương",
        F,
        D(1989, 4, 3),
        "huyen-dai-tu",
        "Cán bộ địa chính xã",
        {"is_ethnic_minority": True, "is_direct_worker": True},
        {2022: ("excellent", ["ldtt"])},
        [],
    ),
]


def _person(actor, name, gender, birth, unit_code, position, flags, history, initiatives):
    unit = Unit.objects.get(code=unit_code)
    person, _ = Person.objects.update_or_create(
        full_name=name,
        birth_date=birth,
        unit=unit,
        defaults={"gender": gender, "position": position, "joined_on": D(2008, 9, 1), **flags},
    )
    for year, (rating, titles) in history.items():
        TaskRating.objects.update_or_create(person=person, year=year, defaults={"rating": rating})
        for code in titles:
            award = Award.objects.get(code=code)
            AwardRecord.objects.get_or_create(
                person=person,
                award=award,
                year=year,
                decision_number=f"{150 + year % 100}/QĐ-{unit.short_name or 'ĐV'}",
                defaults={
                    "recipient_kind": RecipientKind.INDIVIDUAL,
                    "unit": unit,
                    "level": award.level,
                    "decision_date": D(year, 12, 20),
                    "issuer": unit.name,
                    "source": AwardRecord.Source.LEGACY_IMPORT,
                    "created_by": actor,
                },
            )
    for year, level, title in initiatives:
        Initiative.objects.get_or_create(
            person=person,
            title=title,
            defaults={
                "year": year,
                "level": level,
                "recognised_by": "Hội đồng sáng kiến tỉnh" if level == "province" else unit.name,
            },
        )
    return person


def _dossier(actor, unit_code, title, year=2022, campaign=None):
    unit = Unit.objects.get(code=unit_code)
    nomination = Nomination.objects.filter(proposing_unit=unit, title=title).first()
    if nomination:
        return nomination, False
    nomination = svc.nomination_create(
        actor=actor,
        proposing_unit=unit,
        award_year=year,
        title=title,
        campaign=campaign,
        proposal_number=f"{year % 100 + 100}/TTr-{unit.short_name or 'ĐV'}",
    )
    return nomination, True


def _add(nomination, recipient, code, achievement):
    kind = RecipientKind.INDIVIDUAL if isinstance(recipient, Person) else RecipientKind.COLLECTIVE
    NominationItem.objects.create(
        nomination=nomination,
        recipient_kind=kind,
        award=Award.objects.get(code=code),
        achievement=achievement,
        person=recipient if kind == RecipientKind.INDIVIDUAL else None,
        unit=recipient if kind == RecipientKind.COLLECTIVE else None,
        position_text=(
            f"{recipient.position}, {recipient.unit.name}" if isinstance(recipient, Person) else ""
        ),
    )


def _documents(
    nomination,
    actor,
    kinds=("proposal_letter", "achievement_report", "minutes", "initiative_proof"),
):
    for kind in kinds:
        if nomination.documents.filter(kind=kind).exists():
            continue
        doc = NominationDocument(
            nomination=nomination,
            kind=kind,
            uploaded_by=actor,
            original_name=f"{kind}-mau.pdf",
            size=len(PDF),
            detected_type="pdf",
        )
        doc.file.save(f"{kind}.pdf", ContentFile(PDF), save=False)
        doc.save()


@transaction.atomic
def load(stdout=None) -> None:
    say = stdout.write if stdout else (lambda *_: None)
    sogd = User.objects.get(username="canbo.sogddt")
    daitu = User.objects.get(username="canbo.daitu")
    people = {p[0]: _person(sogd, *p) for p in PEOPLE}
    for i, name in enumerate(QUOTA_TEACHERS):
        _person(
            sogd,
            name,
            F if i % 2 else M,
            D(1985 + i % 8, 1 + i % 12, 5 + i),
            "thpt-luong-ngoc-quyen",
            "Giáo viên",
            {"is_direct_worker": True},
            {2022: ("excellent", ["ldtt"])},
            [(2022, "unit", f"Sáng kiến dạy học số {i + 1}")],
        )
    dai_tu = {p[0]: _person(daitu, *p) for p in DAI_TU}
    # The investigation opened in 2026 is still being handled: no proposal meanwhile.
    Hold.objects.get_or_create(
        person=dai_tu["Ma Văn Tuấn"],
        kind=Hold.Kind.COMPLAINT,
        defaults={"started_on": D(2026, 10, 1), "note": "Đơn tố cáo đang được xác minh"},
    )
    chuyen = Unit.objects.get(code="thpt-chuyen-thai-nguyen")
    TaskRating.objects.update_or_create(unit=chuyen, year=2022, defaults={"rating": "excellent"})
    UnitYearFigure.objects.update_or_create(unit=chuyen, year=2022, defaults={"member_count": 5})
    lnq = Unit.objects.get(code="thpt-luong-ngoc-quyen")
    TaskRating.objects.update_or_create(unit=lnq, year=2022, defaults={"rating": "good"})
    UnitYearFigure.objects.update_or_create(unit=lnq, year=2022, defaults={"member_count": 20})

    from emulation.models import Campaign

    campaign = Campaign.objects.filter(year=2022).exclude(status=Campaign.Status.DRAFT).first()

    # 1. Submitted: eligible, ineligible with reasons, review, and a collective.
    n1, new = _dossier(
        sogd, "so-giao-duc-dao-tao", "Đề nghị khen thưởng tổng kết năm học, năm 2022 (cấp tỉnh)"
    )
    if new:
        _add(
            n1,
            people["Nguyễn Văn Ánh"],
            "cstd_tinh",
            "Ba năm liên tục đạt Chiến sĩ thi đua cơ sở; sáng kiến được áp dụng toàn tỉnh.",
        )
        _add(
            n1,
            people["Trần Thị Minh Hằng"],
            "cstd_tinh",
            "Tổ trưởng chuyên môn, có mô hình câu lạc bộ khoa học.",
        )
        _add(
            n1,
            people["Lê Quang Huy"],
            "bang_khen_tinh",
            "Lãnh đạo Sở hoàn thành xuất sắc nhiệm vụ năm 2022.",
        )
        _add(
            n1,
            people["Hoàng Thị Lan"],
            "giay_khen",
            "Giáo viên dạy giỏi, bồi dưỡng học sinh giỏi đạt giải quốc gia.",
        )
        _add(n1, chuyen, "ttldxs", "Tập thể hoàn thành xuất sắc nhiệm vụ năm học 2021–2022.")
        _documents(n1, sogd)
        svc.nomination_check(nomination=n1)
        svc.nomination_submit(nomination=n1, actor=sogd, acknowledge=True)
    # 2. Draft with a quota breach: 3 CSTĐCS for 12 LĐTT (15 % allows 1).
    n2, new = _dossier(
        sogd, "thpt-luong-ngoc-quyen", "Đề nghị Chiến sĩ thi đua cơ sở năm 2022", campaign=campaign
    )
    if new:
        for name in QUOTA_TEACHERS[:3]:
            _add(
                n2,
                Person.objects.get(full_name=name, unit=lnq),
                "cstd_cs",
                "Giáo viên dạy giỏi cấp tỉnh; có sáng kiến được công nhận.",
            )
        _add(n2, lnq, "ttldtt", "Tập thể hoàn thành tốt nhiệm vụ năm học.")
        svc.nomination_check(nomination=n2)
    # 3. Đại Từ proposes the same teacher (duplicate across units) and others.
    n3, new = _dossier(daitu, "huyen-dai-tu", "Đề nghị Bằng khen của Chủ tịch UBND tỉnh năm 2022")
    if new:
        _add(
            n3,
            dai_tu["Hoàng Thị Lan"],
            "bang_khen_tinh",
            "Nhiệt tình tham gia dạy bồi dưỡng học sinh giỏi của huyện.",
        )
        _add(
            n3,
            dai_tu["Ma Văn Tuấn"],
            "bang_khen_tinh",
            "Hai năm liền hoàn thành tốt nhiệm vụ, tích cực chuyển đổi số nông nghiệp.",
        )
        _add(
            n3,
            dai_tu["La Thị Hương"],
            "giay_khen",
            "Hoàn thành xuất sắc công tác đo đạc, cấp giấy chứng nhận.",
        )
        _documents(n3, daitu, kinds=("proposal_letter", "achievement_report", "minutes"))
        svc.nomination_check(nomination=n3)
        svc.nomination_submit(nomination=n3, actor=daitu, acknowledge=True)
    for n in (n1, n2, n3):
        svc.nomination_check(nomination=n)
    say(
        f"  {Person.objects.count()} cá nhân; {AwardRecord.objects.count()} lượt khen thưởng "
        f"đã nhận; {Nomination.objects.count()} hồ sơ đề nghị\n"
    )
