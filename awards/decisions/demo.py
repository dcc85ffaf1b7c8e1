"""Demo data for the council and decisions (``manage.py load_demo``), on top of the
awards demo. Every person is fictional; rendered documents carry the specimen mark.

- A council of 15 members (term 2021–2026) with a standing committee of 5; the demo
  accounts ``hoidong.thuky`` (secretary) and ``hoidong.uyvien`` sit on it.
- A verified 2022 dossier of the Department of Health, voted on 10/01/2023 by the
  full council (provincial emulation fighters, a Prime Minister's certificate) and
  its standing committee (provincial certificates of merit); two decisions issued
  on 20/01/2023 with registry numbers and prize money; the central award in a
  draft submission package.
- A second verified 2022 dossier (Phú Bình) left for the council, so the whole path
  session → vote → decision can be walked in the browser.

Idempotent: keyed by account names, dossier titles, session titles and decision numbers.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from awards.models import (
    Award,
    Nomination,
    NominationDocument,
    NominationItem,
    Person,
    RecipientKind,
)
from awards.services import nominations as nomination_services
from units.demo import DEMO_PASSWORD
from units.models import Role, Unit, User

from . import services
from .models import Council, CouncilMember, CouncilRole, CouncilSession, Decision, Escalation

D = dt.date
TERM_START = D(2021, 1, 1)
MEETING = D(2023, 1, 10)
ISSUED = D(2023, 1, 20)
PDF = b"%PDF-1.4\n% MAU - DU LIEU MINH HOA\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# username, full name, role, title, standing
MEMBERS = [
    ("hoidong.chutich", "Vũ Đình Khải", CouncilRole.CHAIR, "Chủ tịch UBND tỉnh", True),
    ("hoidong.phochutich1", "Đặng Thị Thu Hà", CouncilRole.VICE_CHAIR, "Giám đốc Sở Nội vụ", True),
    (
        "hoidong.phochutich2",
        "Lương Văn Sơn",
        CouncilRole.VICE_CHAIR,
        "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
        True,
    ),
    ("hoidong.thuky", None, CouncilRole.SECRETARY, "Trưởng phòng Thi đua – Khen thưởng", True),
    ("hoidong.uyvien", None, CouncilRole.MEMBER, "Chánh Văn phòng UBND tỉnh", True),
    ("hoidong.uyvien02", "Nông Thị Thảo", CouncilRole.MEMBER, "Giám đốc Sở Tài chính", False),
    (
        "hoidong.uyvien03",
        "Dương Quang Vinh",
        CouncilRole.MEMBER,
        "Giám đốc Sở Giáo dục và Đào tạo",
        False,
    ),
    ("hoidong.uyvien04", "Hà Thị Ngọc", CouncilRole.MEMBER, "Giám đốc Sở Y tế", False),
    (
        "hoidong.uyvien05",
        "Triệu Văn Long",
        CouncilRole.MEMBER,
        "Chủ tịch Liên đoàn Lao động tỉnh",
        False,
    ),
    (
        "hoidong.uyvien06",
        "Mai Thị Quỳnh",
        CouncilRole.MEMBER,
        "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
        False,
    ),
    ("hoidong.uyvien07", "Bế Văn Thắng", CouncilRole.MEMBER, "Bí thư Tỉnh đoàn", False),
    ("hoidong.uyvien08", "Khổng Minh Đức", CouncilRole.MEMBER, "Giám đốc Công an tỉnh", False),
    ("hoidong.uyvien09", "Tạ Thị Hồng", CouncilRole.MEMBER, "Trưởng ban Tuyên giáo Tỉnh ủy", False),
    ("hoidong.uyvien10", "Lục Văn Bình", CouncilRole.MEMBER, "Chủ tịch Hội Nông dân tỉnh", False),
    ("hoidong.uyvien11", "Phùng Thị Yến", CouncilRole.MEMBER, "Chỉ huy trưởng Bộ CHQS tỉnh", False),
]

# full name, gender, birth, position, award
HEALTH = [
    ("Nguyễn Thị Thanh Bình", "female", D(1976, 4, 9), "Trưởng khoa Nội tiết", "cstd_tinh"),
    ("Đỗ Mạnh Cường", "male", D(1979, 11, 23), "Bác sĩ khoa Cấp cứu", "cstd_tinh"),
    ("Lò Thị Diệp", "female", D(1985, 2, 14), "Điều dưỡng trưởng", "bang_khen_tinh"),
    ("Vi Văn Giang", "male", D(1982, 8, 30), "Kỹ thuật viên xét nghiệm", "bang_khen_tinh"),
    ("Hứa Thị Kim Oanh", "female", D(1988, 6, 5), "Dược sĩ", "bang_khen_tinh"),
    ("Chu Đức Phong", "male", D(1970, 1, 17), "Giám đốc bệnh viện", "bang_khen_ttg"),
]
PHU_BINH = [
    ("Ngô Thị Xuân", "female", D(1983, 3, 3), "Chủ tịch Hội Phụ nữ xã", "bang_khen_tinh"),
    ("Âu Văn Trọng", "male", D(1978, 9, 19), "Trưởng xóm Đồng Tâm", "bang_khen_tinh"),
    ("Quách Thị Liên", "female", D(1990, 12, 1), "Giáo viên Trường Tiểu học", "bang_khen_tinh"),
]
HEALTH_TITLE = "Đề nghị khen thưởng tổng kết năm 2022 ngành Y tế (minh họa Hội đồng)"
PHU_BINH_TITLE = "Đề nghị Bằng khen của Chủ tịch UBND tỉnh năm 2022 (chờ Hội đồng xét)"
COUNCIL_SESSION = "Phiên họp Hội đồng xét khen thưởng tổng kết năm 2022"
STANDING_SESSION = "Phiên họp Thường trực Hội đồng xét Bằng khen năm 2022"


def _member_accounts() -> list[tuple[User, str, str, bool]]:
    office = Unit.objects.get(code="van-phong-ubnd-tinh")
    rows = []
    for username, name, role, title, standing in MEMBERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": name or username, "unit": office}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.position = f"{title}; thành viên Hội đồng Thi đua – Khen thưởng tỉnh"
            user.save()
        group = Role.COUNCIL_SECRETARY if role == CouncilRole.SECRETARY else Role.COUNCIL_MEMBER
        user.groups.add(Group.objects.get_or_create(name=group)[0])
        rows.append((user, role, title, standing))
    return rows


def _council() -> Council:
    council, _ = Council.objects.get_or_create(
        name="Hội đồng Thi đua – Khen thưởng tỉnh Thái Nguyên",
        defaults={"term_start": TERM_START, "term_end": D(2026, 12, 31)},
    )
    for n, (user, role, title, standing) in enumerate(_member_accounts()):
        CouncilMember.objects.update_or_create(
            council=council,
            user=user,
            defaults={
                "role": role,
                "title": title,
                "is_standing": standing,
                "valid_from": TERM_START,
                "position": n,
            },
        )
    return council


def _verified_dossier(unit_code: str, title: str, people: list, actor, staff) -> Nomination:
    unit = Unit.objects.get(code=unit_code)
    nomination = Nomination.objects.filter(proposing_unit=unit, title=title).first()
    if nomination:
        return nomination
    nomination = nomination_services.nomination_create(
        actor=staff,
        proposing_unit=unit,
        award_year=2022,
        title=title,
        proposal_number=f"122/TTr-{unit.short_name or 'UBND'}",
    )
    for name, gender, birth, position, code in people:
        person, _ = Person.objects.get_or_create(
            full_name=name,
            birth_date=birth,
            defaults={
                "gender": gender,
                "unit": unit,
                "position": position,
                "joined_on": D(2010, 9, 1),
            },
        )
        NominationItem.objects.create(
            nomination=nomination,
            recipient_kind=RecipientKind.INDIVIDUAL,
            person=person,
            award=Award.objects.get(code=code),
            position_text=f"{position}, {unit.name}",
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2022 (dữ liệu minh họa).",
        )
    if unit_code == "so-y-te":
        NominationItem.objects.create(
            nomination=nomination,
            recipient_kind=RecipientKind.COLLECTIVE,
            unit=Unit.objects.get(code="benh-vien-a"),
            award=Award.objects.get(code="bang_khen_tinh"),
            position_text="Trực thuộc Sở Y tế",
            achievement="Tập thể hai năm liền hoàn thành xuất sắc nhiệm vụ (dữ liệu minh họa).",
        )
    for kind in ("proposal_letter", "achievement_report", "minutes", "initiative_proof"):
        doc = NominationDocument(
            nomination=nomination,
            kind=kind,
            uploaded_by=staff,
            original_name=f"{kind}-mau.pdf",
            size=len(PDF),
            detected_type="pdf",
        )
        doc.file.save(f"{kind}.pdf", ContentFile(PDF), save=False)
        doc.save()
    nomination_services.nomination_submit(nomination=nomination, actor=staff, acknowledge=True)
    results = {
        item.pk: ("passed", "Đã đối chiếu hồ sơ gốc và minh chứng (dữ liệu minh họa).")
        for item in nomination.items.all()
    }
    nomination_services.nomination_verify(nomination=nomination, actor=actor, results=results)
    return nomination


def _ballots(session, yes_by_name: dict[str, int], present: int, written: int) -> None:
    """Cast ballots so that the nominee called ``name`` gets ``yes_by_name[name]`` yes
    votes (the rest no); every other nominee gets yes from everyone."""
    agenda = list(session.agenda.select_related("nomination_item__person").order_by("position"))
    seats = list(services.body_members(session).order_by("position"))
    secretary = session.council.members.get(role=CouncilRole.SECRETARY).user
    for n, member in enumerate(seats[: present + written]):
        choices = {
            str(item.uid): "yes"
            if n < yes_by_name.get(item.nomination_item.recipient_name(), len(seats))
            else "no"
            for item in agenda
        }
        if n < present:
            services.ballot_cast(session=session, user=member.user, choices=choices)
        else:
            services.ballot_record_written(
                session=session, member=member, choices=choices, actor=secretary
            )


def _session(council, title, body, items, actor, *, present, written, yes_by_name=None):
    session = CouncilSession.objects.filter(title=title).first()
    if session:
        return session
    session = services.session_create(
        council=council,
        body=body,
        title=title,
        award_year=2022,
        meeting_date=MEETING,
        location="Hội trường UBND tỉnh",
        actor=actor,
    )
    services.agenda_add(session=session, nomination_items=items, actor=actor)
    seats = list(services.body_members(session).order_by("position"))
    services.session_open(session=session, present=seats[:present], actor=actor)
    _ballots(session, yes_by_name or {}, present, written)
    return services.session_close(session=session, actor=actor)


def _decision(session, number: str, actor) -> Decision | None:
    existing = Decision.objects.filter(number=number, registry_year=ISSUED.year).first()
    if existing or not services.approved_items(session, central=False).exists():
        return existing
    decision = services.decision_generate(session=session, actor=actor)
    services.decision_update(
        decision=decision,
        actor=actor,
        number=number,
        decision_date=ISSUED,
        proposal="Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 35/TTr-SNV ngày "
        "16 tháng 01 năm 2023.",
    )
    return services.decision_issue(decision=decision, actor=actor)


@transaction.atomic
def load(stdout=None) -> None:
    say = stdout.write if stdout else (lambda *_: None)
    try:
        staff = User.objects.get(username="canbo.tdkt")
        secretary = User.objects.get(username="hoidong.thuky")
        Award.objects.get(code="cstd_tinh")
    except (User.DoesNotExist, Award.DoesNotExist):
        say("  Bỏ qua: chưa có dữ liệu minh họa của đơn vị hoặc danh mục khen thưởng.\n")
        return
    council = _council()
    health = _verified_dossier("so-y-te", HEALTH_TITLE, HEALTH, staff, staff)
    _verified_dossier("huyen-phu-binh", PHU_BINH_TITLE, PHU_BINH, staff, staff)
    items = list(health.items.select_related("award").order_by("pk"))
    full = [i for i in items if i.award.code in ("cstd_tinh", "bang_khen_ttg")]
    standing = [i for i in items if i.award.code == "bang_khen_tinh"]
    # Full council: 13 present and 2 written opinions. The first fighter gets all 15
    # votes; the second only 11 of the 14 needed; the PM's certificate passes.
    council_session = _session(
        council,
        COUNCIL_SESSION,
        "council",
        full,
        secretary,
        present=13,
        written=2,
        yes_by_name={"Đỗ Mạnh Cường": 11},
    )
    standing_session = _session(
        council,
        STANDING_SESSION,
        "standing_committee",
        standing,
        secretary,
        present=5,
        written=0,
    )
    first = _decision(standing_session, "125/QĐ-UBND", staff)
    second = _decision(council_session, "126/QĐ-UBND", staff)
    if (
        not Escalation.objects.filter(session=council_session).exists()
        and services.approved_items(council_session, central=True).exists()
    ):
        services.escalation_generate(session=council_session, actor=staff)
    say(
        f"  Hội đồng {council.members.count()} thành viên; "
        f"{CouncilSession.objects.count()} phiên họp; "
        f"{Decision.objects.issued().count()} quyết định đã ban hành"
        f"{' (' + first.number + ', ' + second.number + ')' if first and second else ''}\n"
    )
