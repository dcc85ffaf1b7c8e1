"""Spreadsheet imports: a dossier's nominee list and legacy award history.

Both are all-or-nothing: every row is checked first and the problems are
reported per row (in the active language); only a file with no problem is written, in one
transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from units.i18n import RECORD_LANGUAGE, in_record_language
from units.models import Unit
from units.permissions import subtree_ids, visible_unit_ids
from units.search import fold
from units.services import audit_record

from ..models import (
    Award,
    AwardLevel,
    AwardRecord,
    AwardRecordSource,
    AwardType,
    Gender,
    Household,
    Nomination,
    NominationEvent,
    NominationItem,
    Person,
    RecipientKind,
)
from ..spreadsheets import parse_date, parse_int, read_rows, text, write_xlsx
from .nominations import _require_editable, nomination_check

KIND, NAME, BIRTH, GENDER, CITIZEN, POSITION, UNIT, AWARD, ACHIEVEMENT, ADDRESS = (
    "Đối tượng",
    "Họ và tên / Tên tập thể / Chủ hộ",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Chức vụ",
    "Mã đơn vị",
    "Mã danh hiệu, hình thức",
    "Tóm tắt thành tích",
    "Địa chỉ hộ gia đình",
)
NOMINEE_HEADERS = [KIND, NAME, BIRTH, GENDER, CITIZEN, POSITION, UNIT, AWARD, ACHIEVEMENT, ADDRESS]
YEAR, TYPE, LEVEL, DECISION, DECISION_DATE, ISSUER = (
    "Năm",
    "Loại hình",
    "Cấp khen thưởng",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
)
HISTORY_HEADERS = [
    KIND,
    NAME,
    BIRTH,
    GENDER,
    CITIZEN,
    UNIT,
    AWARD,
    YEAR,
    TYPE,
    LEVEL,
    DECISION,
    DECISION_DATE,
    ISSUER,
]

KINDS = {
    "ca nhan": RecipientKind.INDIVIDUAL,
    "tap the": RecipientKind.COLLECTIVE,
    "ho gia dinh": RecipientKind.HOUSEHOLD,
}
GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}


class ImportRejected(ValidationError):
    """The file has problems; ``rows`` lists (row number, message)."""

    def __init__(self, rows: list[tuple[int, str]]):
        self.rows = rows
        super().__init__(
            [_("Dòng %(row)s: %(message)s") % {"row": n, "message": m} for n, m in rows]
        )

    def by_row(self) -> dict[int, str]:
        """All messages of each row, joined."""
        out: dict[int, list[str]] = {}
        for n, m in self.rows:
            out.setdefault(n, []).append(m)
        return {n: "; ".join(ms) for n, ms in out.items()}


@dataclass
class ImportResult:
    created: int = 0
    new_people: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)


def _not_for_kind(award: Award, kind: str) -> str:
    if kind == RecipientKind.COLLECTIVE:
        message = _("%(award)s không xét tặng cho tập thể")
    elif kind == RecipientKind.HOUSEHOLD:
        message = _("%(award)s không xét tặng cho hộ gia đình")
    else:
        message = _("%(award)s không xét tặng cho cá nhân")
    return message % {"award": award.name}


class _RowChecker:
    """Shared parsing of the recipient columns, collecting errors per row."""

    def __init__(self, *, allowed_units: set[int] | None):
        self.allowed_units = allowed_units
        self.units = {u.code: u for u in Unit.objects.all()}
        self.awards = {a.code: a for a in Award.objects.filter(is_active=True)}
        self.errors: list[tuple[int, str]] = []
        self.new_people: dict[tuple, Person] = {}

    def err(self, row, message):
        self.errors.append((row.number, message))

    def recipient(self, row):
        """(kind, person|unit|household|None, unit, award); errors recorded."""
        v = row.values
        for header in row.formula_columns:
            self.err(
                row,
                _("cột “%(column)s” chứa công thức — chỉ nhập giá trị, không nhập công thức")
                % {"column": header},
            )
        if row.formula_columns:
            return None
        kind = KINDS.get(fold(text(v[KIND])))
        if kind is None:
            self.err(
                row,
                _("“%(column)s” phải là Cá nhân, Tập thể hoặc Hộ gia đình (đang là “%(value)s”)")
                % {"column": KIND, "value": text(v[KIND])},
            )
        name = text(v[NAME])
        if not name:
            self.err(row, _("thiếu “%(column)s”") % {"column": NAME})
        code = text(v[UNIT]).lower()
        unit = self.units.get(code)
        if unit is None:
            self.err(
                row,
                _("mã đơn vị “%(code)s” không có trong danh bạ đơn vị") % {"code": text(v[UNIT])},
            )
        elif self.allowed_units is not None and unit.pk not in self.allowed_units:
            self.err(
                row, _("%(unit)s không thuộc phạm vi đơn vị được phép nhập") % {"unit": unit.name}
            )
            unit = None
        award_code = text(v[AWARD]).lower()
        award = self.awards.get(award_code)
        if award is None:
            self.err(
                row,
                _("mã danh hiệu, hình thức “%(code)s” không có trong danh mục")
                % {"code": text(v[AWARD])},
            )
        elif kind and not award.accepts(kind):
            self.err(row, _not_for_kind(award, kind))
        bad_birth = False
        try:
            birth = parse_date(v[BIRTH])
            if birth and not (dt.date(1900, 1, 1) <= birth <= timezone.localdate()):
                self.err(
                    row,
                    _("ngày sinh %(date)s không hợp lý") % {"date": birth.strftime("%d/%m/%Y")},
                )
                birth, bad_birth = None, True
        except ValueError as exc:
            self.err(
                row,
                _("ngày sinh “%(value)s” không hợp lệ (nhập dd/mm/yyyy, ví dụ 05/09/1985)")
                % {"value": exc},
            )
            birth, bad_birth = None, True
        if bad_birth or kind is None or not name or unit is None or award is None:
            return None
        if kind == RecipientKind.INDIVIDUAL:
            subject = self.person(row, name, birth, unit)
        elif kind == RecipientKind.COLLECTIVE:
            subject = unit
            if fold(name) not in (fold(unit.name), fold(unit.short_name)):
                self.err(
                    row,
                    _("tên tập thể “%(name)s” không khớp mã đơn vị %(code)s (%(unit)s)")
                    % {"name": name, "code": unit.code, "unit": unit.name},
                )
                subject = None
        else:
            subject = self.household(row, name, unit)
        return (kind, subject, unit, award) if subject is not None else None

    def person(self, row, name, birth, unit):
        v = row.values
        citizen_id = text(v[CITIZEN]).replace(" ", "")
        if citizen_id and not (citizen_id.isdigit() and len(citizen_id) == 12):
            self.err(row, _("số CCCD “%(value)s” phải gồm đúng 12 chữ số") % {"value": citizen_id})
            return None
        person = None
        if citizen_id:
            person = Person.objects.filter(citizen_id=citizen_id).select_related("unit").first()
            if person and fold(person.full_name) != fold(name):
                self.err(
                    row,
                    _("số CCCD đã thuộc người khác trong hệ thống (%(person)s)")
                    % {"person": person.full_name},
                )
                return None
        if person is None and birth:
            matches = list(
                Person.objects.filter(folded_name=fold(name), birth_date=birth).select_related(
                    "unit"
                )
            )
            same_unit = [p for p in matches if p.unit_id == unit.pk]
            person = (same_unit or matches or [None])[0]
        if person is not None:
            if person.unit_id != unit.pk:
                self.err(
                    row,
                    _(
                        "%(person)s (sinh %(birth)s) đang công tác tại %(current)s, "
                        "không phải %(unit)s"
                    )
                    % {
                        "person": person.full_name,
                        "birth": person.birth_date.strftime("%d/%m/%Y"),
                        "current": person.unit.name,
                        "unit": unit.name,
                    },
                )
                return None
            return person
        # A new person: everything needed to create them must be present.
        gender = GENDERS.get(fold(text(v[GENDER])))
        if gender is None:
            self.err(row, _("người mới chưa có trong hệ thống: cần “Giới tính” (Nam hoặc Nữ)"))
        if birth is None:
            self.err(row, _("người mới chưa có trong hệ thống: cần “Ngày sinh”"))
        if gender is None or birth is None:
            return None
        key = (fold(name), birth)
        if key not in self.new_people:
            self.new_people[key] = Person(
                full_name=name,
                birth_date=birth,
                gender=gender,
                unit=unit,
                citizen_id=citizen_id,
                position=text(v.get(POSITION)),
            )
        return self.new_people[key]

    def household(self, row, name, unit):
        found = Household.objects.filter(unit=unit, search_text__startswith=fold(name)).first()
        if found:
            return found
        address = text(row.values.get(ADDRESS))
        if not address:
            self.err(row, _("hộ gia đình mới: cần “%(column)s”") % {"column": ADDRESS})
            return None
        return Household(head_name=name, address=address, unit=unit)


def _save_subject(subject):
    if subject.pk is None:
        subject.full_clean()
        subject.save()
    return subject


def _identity(kind, subject) -> tuple:
    if isinstance(subject, Person) and subject.pk is None:
        return (kind, "new", subject.folded_name or fold(subject.full_name), subject.birth_date)
    if isinstance(subject, Household) and subject.pk is None:
        return (kind, "newhh", fold(subject.head_name))
    return (kind, subject.pk)


def nominees_import(*, nomination: Nomination, upload, actor) -> ImportResult:
    """Add the nominees of an Excel list to a dossier, all or nothing."""
    _require_editable(nomination, actor)
    checker = _RowChecker(allowed_units=subtree_ids(nomination.proposing_unit_id))
    planned, seen = [], {}
    existing = {
        ((i.recipient_kind, i.person_id or i.unit_id or i.household_id), i.award_id)
        for i in nomination.items.all()
    }
    for row in read_rows(upload, NOMINEE_HEADERS):
        parsed = checker.recipient(row)
        achievement = text(row.values[ACHIEVEMENT])
        if not achievement and not row.formula_columns:
            checker.err(row, _("thiếu “%(column)s”") % {"column": ACHIEVEMENT})
        if parsed is None or not achievement:
            continue
        kind, subject, unit, award = parsed
        key = (_identity(kind, subject), award.pk)
        if key in seen:
            checker.err(
                row,
                _("trùng với dòng %(row)s (cùng đối tượng, cùng %(award)s)")
                % {"row": seen[key], "award": award.name},
            )
            continue
        seen[key] = row.number
        if subject.pk and ((kind, subject.pk), award.pk) in existing:
            checker.err(
                row,
                _("%(subject)s đã có trong hồ sơ với %(award)s")
                % {"subject": subject, "award": award.name},
            )
            continue
        planned.append((row, kind, subject, award, achievement))
    if not planned and not checker.errors:
        raise ImportRejected([(1, _("tệp không có dòng dữ liệu nào"))])
    if checker.errors:
        raise ImportRejected(sorted(checker.errors))

    result = ImportResult()
    with transaction.atomic():
        for _row, kind, subject, award, achievement in planned:
            is_new = subject.pk is None
            subject = _save_subject(subject)
            if is_new and isinstance(subject, Person):
                result.new_people += 1
                audit_record(
                    actor=actor,
                    action="awards.person.created",
                    target=subject,
                    via="nominee_import",
                )
            item = NominationItem(
                nomination=nomination,
                recipient_kind=kind,
                award=award,
                achievement=achievement,
                person=subject if kind == RecipientKind.INDIVIDUAL else None,
                unit=subject if kind == RecipientKind.COLLECTIVE else None,
                household=subject if kind == RecipientKind.HOUSEHOLD else None,
            )
            if kind == RecipientKind.INDIVIDUAL:
                item.position_text = ", ".join(
                    x for x in (subject.position, subject.unit.name) if x
                )
            item.save()
            result.created += 1
        NominationEvent.objects.create(
            nomination=nomination,
            action="imported",
            actor=actor,
            from_status=nomination.status,
            to_status=nomination.status,
            extra={
                "file": upload.name[:200],
                "rows": result.created,
                "new_people": result.new_people,
            },
        )
        nomination_check(nomination=nomination)
    return result


def history_import(*, upload, actor) -> ImportResult:
    """Import legacy award history (Excel or CSV), all or nothing.

    Rows already recorded (same recipient, award, year and decision number) are
    skipped, so the same spreadsheet can be imported again safely.
    """
    ids = visible_unit_ids(actor)
    if ids is not None and not ids:
        raise PermissionDenied
    checker = _RowChecker(allowed_units=None if ids is None else set(ids))
    planned, seen = [], set()
    # Files carry the Vietnamese names whatever language the importer reads the page in.
    with translation.override(RECORD_LANGUAGE):
        types = {fold(str(label)): value for value, label in AwardType.choices} | {
            fold(v): v for v in AwardType.values
        }
        levels = {fold(str(label)): value for value, label in AwardLevel.choices} | {
            fold(v): v for v in AwardLevel.values
        }
    this_year = timezone.localdate().year
    for row in read_rows(upload, HISTORY_HEADERS, allow_csv=True):
        parsed = checker.recipient(row)
        v = row.values
        try:
            year = parse_int(v[YEAR])
        except ValueError:
            year = None
        if year is None or not (1945 <= year <= this_year):
            checker.err(row, _("năm “%(value)s” không hợp lệ") % {"value": text(v[YEAR])})
        award_type = types.get(fold(text(v[TYPE])) or "merit")
        if award_type is None:
            checker.err(row, _("loại hình “%(value)s” không hợp lệ") % {"value": text(v[TYPE])})
        level = levels.get(fold(text(v[LEVEL]))) if text(v[LEVEL]) else None
        if text(v[LEVEL]) and level is None:
            checker.err(
                row, _("cấp khen thưởng “%(value)s” không hợp lệ") % {"value": text(v[LEVEL])}
            )
        try:
            decision_date = parse_date(v[DECISION_DATE])
        except ValueError as exc:
            checker.err(
                row, _("ngày quyết định “%(value)s” không hợp lệ (dd/mm/yyyy)") % {"value": exc}
            )
            decision_date = None
        if decision_date and year and decision_date.year < year:
            checker.err(
                row,
                _("ngày quyết định %(date)s trước năm thành tích %(year)s")
                % {"date": decision_date.strftime("%d/%m/%Y"), "year": year},
            )
        if parsed is None or year is None or award_type is None:
            continue
        kind, subject, unit, award = parsed
        key = (_identity(kind, subject), award.pk, year, text(v[DECISION]))
        if key in seen:
            checker.err(row, _("trùng với một dòng phía trên"))
            continue
        seen.add(key)
        planned.append(
            (
                kind,
                subject,
                unit,
                award,
                year,
                award_type,
                level or award.level,
                text(v[DECISION]),
                decision_date,
                text(v[ISSUER]),
            )
        )
    if not planned and not checker.errors:
        raise ImportRejected([(1, _("tệp không có dòng dữ liệu nào"))])
    if checker.errors:
        raise ImportRejected(sorted(checker.errors))

    result = ImportResult()
    with transaction.atomic():
        for kind, subject, unit, award, year, award_type, level, number, date, issuer in planned:
            is_new = subject.pk is None
            subject = _save_subject(subject)
            if is_new and isinstance(subject, Person):
                result.new_people += 1
            lookup = {"award": award, "year": year, "decision_number": number}
            if kind == RecipientKind.INDIVIDUAL:
                lookup["person"] = subject
            elif kind == RecipientKind.HOUSEHOLD:
                lookup["household"] = subject
            else:
                lookup |= {"unit": subject, "recipient_kind": kind}
            if AwardRecord.objects.filter(**lookup).exists():
                result.skipped += 1
                continue
            AwardRecord.objects.create(
                **({} if "unit" in lookup else {"unit": unit}),
                recipient_kind=kind,
                award_type=award_type,
                level=level,
                decision_date=date,
                issuer=issuer,
                source=AwardRecordSource.LEGACY_IMPORT,
                created_by=actor,
                **lookup,
            )
            result.created += 1
        audit_record(
            actor=actor,
            action="awards.history.imported",
            target=actor,
            file=upload.name[:200],
            created=result.created,
            skipped=result.skipped,
        )
    return result


# Templates ----------------------------------------------------------------------

NOMINEE_HELP = [
    [KIND, "Bắt buộc", "Cá nhân, Tập thể hoặc Hộ gia đình"],
    [NAME, "Bắt buộc", "Họ tên cá nhân; tên tập thể đúng như danh bạ đơn vị; họ tên chủ hộ"],
    [BIRTH, "Cá nhân", "dd/mm/yyyy, ví dụ 05/09/1985. Dùng để nhận ra người đã có trong hệ thống"],
    [GENDER, "Cá nhân mới", "Nam hoặc Nữ"],
    [CITIZEN, "Không bắt buộc", "12 chữ số; nếu có, dùng để nhận ra người đã có trong hệ thống"],
    [POSITION, "Không bắt buộc", "Chức vụ, chức danh (ghi trên quyết định)"],
    [
        UNIT,
        "Bắt buộc",
        "Mã đơn vị trong danh bạ: đơn vị công tác (cá nhân), chính tập thể, hoặc "
        "xã, phường (hộ gia đình). Phải là đơn vị đề nghị hoặc đơn vị trực thuộc",
    ],
    [
        AWARD,
        "Bắt buộc",
        "Mã trong danh mục, xem trang “Danh mục” (ví dụ ldtt, cstd_cs, bang_khen_tinh)",
    ],
    [ACHIEVEMENT, "Bắt buộc", "Tóm tắt thành tích"],
    [ADDRESS, "Hộ gia đình mới", "Địa chỉ của hộ"],
    [
        "Lưu ý",
        "",
        "Chỉ nhập giá trị, không nhập công thức. Không đổi tên, thứ tự cột. Tệp có lỗi "
        "thì không dòng nào được lưu; sửa theo báo cáo từng dòng rồi nhập lại.",
    ],
]
HISTORY_HELP = [
    *NOMINEE_HELP[:5],
    [UNIT, "Bắt buộc", "Mã đơn vị trong danh bạ (đơn vị công tác khi được khen)"],
    NOMINEE_HELP[7],
    [YEAR, "Bắt buộc", "Năm thành tích, ví dụ 2021"],
    [
        TYPE,
        "Không bắt buộc",
        "Công trạng (mặc định), Đột xuất, Theo phong trào…, hoặc mã: merit, "
        "exceptional, campaign, long_service, seniority, foreign",
    ],
    [
        LEVEL,
        "Không bắt buộc",
        "Mặc định theo danh mục; hoặc mã: central, provincial, department, "
        "district, commune, enterprise",
    ],
    [DECISION, "Nên có", "Số quyết định, ví dụ 1234/QĐ-UBND"],
    [DECISION_DATE, "Nên có", "dd/mm/yyyy"],
    [ISSUER, "Không bắt buộc", "Cơ quan, người quyết định"],
    [
        "Lưu ý",
        "",
        "Chấp nhận Excel (.xlsx) hoặc CSV mã UTF-8. Dòng đã có trong lịch sử (cùng đối "
        "tượng, danh hiệu, năm, số quyết định) được bỏ qua khi nhập lại.",
    ],
]


def _catalogue_rows():
    return [
        [
            a.code,
            a.name,
            ", ".join(str(RecipientKind(k).label) for k in a.recipient_kinds()),
            a.get_level_display(),
        ]
        for a in Award.objects.filter(is_active=True)
    ]


@in_record_language
def nominee_template() -> bytes:
    return write_xlsx(
        [
            ("Danh sách đề nghị", NOMINEE_HEADERS, []),
            ("Hướng dẫn", ["Cột", "Bắt buộc", "Cách nhập"], NOMINEE_HELP),
            ("Danh mục", ["Mã", "Danh hiệu, hình thức", "Đối tượng", "Cấp"], _catalogue_rows()),
        ],
        widths={1: 22, 2: 30, 3: 70, 9: 50},
    )


@in_record_language
def history_template() -> bytes:
    return write_xlsx(
        [
            ("Lịch sử khen thưởng", HISTORY_HEADERS, []),
            ("Hướng dẫn", ["Cột", "Bắt buộc", "Cách nhập"], HISTORY_HELP),
            ("Danh mục", ["Mã", "Danh hiệu, hình thức", "Đối tượng", "Cấp"], _catalogue_rows()),
        ],
        widths={1: 22, 2: 30, 3: 70},
    )
