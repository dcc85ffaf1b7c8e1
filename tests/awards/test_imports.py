"""Spreadsheet imports: nominee lists (Excel) and legacy history (Excel/CSV).
Bad files give row-by-row Vietnamese messages and save nothing."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from awards.models import AwardRecord, NominationEvent, NominationItem, Person
from awards.services.imports import (
    HISTORY_HEADERS,
    NOMINEE_HEADERS,
    ImportRejected,
    history_import,
    history_template,
    nominee_template,
    nominees_import,
)
from tests.awards.factories import NominationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def xlsx(rows, headers=NOMINEE_HEADERS, name="danh-sach.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def nominee(name="Nguyễn Văn Ánh", birth="12/03/1980", unit="so-a", code="giay_khen", **kw):
    row = {
        "kind": "Cá nhân",
        "name": name,
        "birth": birth,
        "gender": "Nam",
        "cid": "",
        "position": "Giáo viên",
        "unit": unit,
        "code": code,
        "achievement": "Hoàn thành xuất sắc nhiệm vụ năm học",
        "address": "",
    } | kw
    return list(row.values())


@pytest.fixture
def draft(unit_a, school_a):
    return NominationFactory(proposing_unit=unit_a, award_year=2024)


def rejected(nomination, upload, actor):
    with pytest.raises(ValidationError) as exc:
        nominees_import(nomination=nomination, upload=upload, actor=actor)
    return exc.value


def test_valid_list_is_imported_with_new_and_known_people(draft, staff_a, school_a):
    known = PersonFactory(unit=school_a, full_name="Trần Thị Lan", birth_date=dt.date(1985, 9, 5))
    upload = xlsx(
        [
            nominee(),
            nominee(name="tran thi lan", birth=dt.datetime(1985, 9, 5), unit="truong-a"),
            [
                "Tập thể",
                "Trường THPT Chuyên",
                None,
                None,
                None,
                None,
                "truong-a",
                "ttldtt",
                "Tập thể hoàn thành tốt nhiệm vụ",
                None,
            ],
        ]
    )
    result = nominees_import(nomination=draft, upload=upload, actor=staff_a)
    assert (result.created, result.new_people) == (3, 1)
    people = {i.person for i in draft.items.filter(person__isnull=False)}
    assert known in people
    assert Person.objects.filter(full_name="Nguyễn Văn Ánh", unit__code="so-a").exists()
    assert NominationEvent.objects.filter(nomination=draft, action="imported").count() == 1
    assert all(i.verdict != "pending" for i in draft.items.all())


def test_wrong_columns_are_refused_before_any_row(draft, staff_a):
    headers = list(NOMINEE_HEADERS)
    headers[2], headers[3] = headers[3], headers[2]
    error = rejected(draft, xlsx([nominee()], headers=headers), staff_a)
    assert "Sai cấu trúc cột" in str(error) and "cột C phải là “Ngày sinh”" in str(error)
    assert not NominationItem.objects.exists()


def test_each_bad_row_is_reported_and_nothing_is_saved(draft, staff_a, unit_b):
    PersonFactory(unit=unit_b, full_name="Phạm Minh Tuấn", birth_date=dt.date(1979, 1, 2))
    upload = xlsx(
        [
            nominee(),  # valid, but must not be saved because of the rows below
            nominee(name="Hoàng Văn Nam", code="huan_chuong_vang_bac"),
            nominee(name="Đỗ Thị Huệ", birth="31/02/1988"),
            nominee(name="Phạm Minh Tuấn", birth="02/01/1979"),
            nominee(name="Vũ Văn Hải", achievement='=HYPERLINK("http://x","bấm")'),
            nominee(name="Bùi Thị Thu", unit="khong-co"),
        ]
    )
    error = rejected(draft, upload, staff_a)
    assert isinstance(error, ImportRejected)
    rows = error.by_row()
    assert "mã danh hiệu, hình thức “huan_chuong_vang_bac” không có trong danh mục" in rows[3]
    assert "ngày sinh “31/02/1988” không hợp lệ" in rows[4]
    assert "đang công tác tại Sở Y tế, không phải Sở Giáo dục và Đào tạo" in rows[5]
    assert "chứa công thức" in rows[6]
    assert "mã đơn vị “khong-co” không có trong danh bạ đơn vị" in rows[7]
    assert 2 not in rows
    assert not NominationItem.objects.exists()
    assert not Person.objects.filter(full_name="Nguyễn Văn Ánh").exists()


def test_unit_outside_the_proposing_unit_is_refused(draft, staff_a, unit_b):
    error = rejected(draft, xlsx([nominee(unit="so-b")]), staff_a)
    assert "Sở Y tế không thuộc phạm vi đơn vị được phép nhập" in str(error)


def test_disguised_file_is_refused(draft, staff_a):
    fake = SimpleUploadedFile("danh-sach.xlsx", b"MZ\x90\x00 this is an executable")
    assert "không phải là tệp XLSX thật" in str(rejected(draft, fake, staff_a))
    pdf = SimpleUploadedFile("danh-sach.xlsx", b"%PDF-1.4 fake")
    assert "không phải là tệp XLSX thật" in str(rejected(draft, pdf, staff_a))


def test_oversized_file_is_refused(draft, staff_a):
    big = SimpleUploadedFile("danh-sach.xlsx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024 + 1))
    assert "quá lớn" in str(rejected(draft, big, staff_a))


def test_wrong_extension_is_refused(draft, staff_a):
    assert "không đúng định dạng" in str(
        rejected(draft, SimpleUploadedFile("danh-sach.xls", b"\xd0\xcf\x11\xe0"), staff_a)
    )


def test_templates_have_the_expected_columns_and_documentation():
    wb = load_workbook(io.BytesIO(nominee_template()))
    assert [c.value for c in wb.worksheets[0][1]] == NOMINEE_HEADERS
    assert wb.sheetnames == ["Danh sách đề nghị", "Hướng dẫn", "Danh mục"]
    codes = [r[0].value for r in wb["Danh mục"].iter_rows(min_row=2)]
    assert {"ldtt", "cstd_cs", "bang_khen_tinh"} <= set(codes)
    wb = load_workbook(io.BytesIO(history_template()))
    assert [c.value for c in wb.worksheets[0][1]] == HISTORY_HEADERS


def history_row(name="Nguyễn Văn Ánh", code="cstd_cs", year=2021, number="12/QĐ-SGDĐT"):
    return [
        "Cá nhân",
        name,
        "12/03/1980",
        "Nam",
        "",
        "so-a",
        code,
        year,
        "",
        "",
        number,
        "20/12/2021",
        "Sở Giáo dục và Đào tạo",
    ]


def test_history_import_from_excel_is_idempotent(unit_a, provincial):
    upload = xlsx([history_row(), history_row(code="ldtt")], headers=HISTORY_HEADERS)
    result = history_import(upload=upload, actor=provincial)
    assert (result.created, result.new_people, result.skipped) == (2, 1, 0)
    again = history_import(
        upload=xlsx([history_row(), history_row(code="ldtt")], headers=HISTORY_HEADERS),
        actor=provincial,
    )
    assert (again.created, again.skipped) == (0, 2)
    assert AwardRecord.objects.filter(source="legacy_import").count() == 2


def csv_bytes(*rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


def test_history_import_from_csv(unit_a, provincial):
    upload = SimpleUploadedFile("lich-su.csv", csv_bytes(HISTORY_HEADERS, history_row()))
    assert history_import(upload=upload, actor=provincial).created == 1


def test_history_csv_with_formula_and_bad_year_is_refused(unit_a, provincial):
    row = history_row(year="hai nghìn")
    row[10] = "=1+1"
    with pytest.raises(ImportRejected) as exc:
        history_import(
            upload=SimpleUploadedFile("x.csv", csv_bytes(HISTORY_HEADERS, row)), actor=provincial
        )
    messages = " ".join(m for _n, m in exc.value.rows)
    assert "chứa công thức" in messages and "năm “hai nghìn” không hợp lệ" in messages
    assert not AwardRecord.objects.exists()


def test_unit_staff_import_history_only_for_their_units(unit_a, unit_b, staff_b):
    with pytest.raises(ImportRejected) as exc:
        history_import(upload=xlsx([history_row()], headers=HISTORY_HEADERS), actor=staff_b)
    assert "Sở Giáo dục và Đào tạo không thuộc phạm vi" in exc.value.rows[0][1]
