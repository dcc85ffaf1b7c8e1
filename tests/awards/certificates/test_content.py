"""CertificateContent, the glyph check, blank layouts and file names: pure logic, no PDF."""

import datetime as dt
import unicodedata

import pytest

from awards.certificates.blanks import (
    BlankField,
    BlankLayout,
    BlankOffset,
    default_blank_layout,
    place_fields,
)
from awards.certificates.content import A3_LANDSCAPE, A4_LANDSCAPE, PaperSize
from awards.certificates.fonts import MissingGlyphError, check_glyphs, unsupported_characters
from awards.certificates.merge import certificate_filename
from tests.awards.certificates.conftest import make_content


def test_text_is_nfc_normalised_and_whitespace_collapsed_on_construction():
    decomposed = unicodedata.normalize("NFD", "Bà  Nguyễn Thị\tThu Hằng ")
    content = make_content(recipient_name=decomposed)
    assert content.recipient_name == "Bà Nguyễn Thị Thu Hằng"
    assert unicodedata.is_normalized("NFC", content.recipient_name)


def test_red_and_capital_lines_are_stored_in_vietnamese_capitals():
    content = make_content(signer_capacity="kt. chủ tịch", signer_title="phó chủ tịch")
    assert content.issuer == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
    assert content.award_name == "GIẤY KHEN"
    assert (content.signer_capacity, content.signer_title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


@pytest.mark.parametrize(
    ("form_kind", "verb", "paper"),
    [
        ("giay_khen", "TẶNG", A4_LANDSCAPE),
        ("cstd_cs", "TẶNG DANH HIỆU", A4_LANDSCAPE),
        ("bang_khen_tinh", "TẶNG", A3_LANDSCAPE),
        ("bang_khen_ttg", "TẶNG", A3_LANDSCAPE),  # other forms use the bằng khen design
    ],
)
def test_verb_and_paper_default_from_the_form_kind(form_kind, verb, paper):
    content = make_content(form_kind)
    assert (content.verb, content.paper) == (verb, paper)
    assert content.paper.landscape


def test_bang_khen_paper_is_configurable():
    content = make_content("bang_khen_tinh", paper=PaperSize(400, 300))
    assert content.paper == PaperSize(400, 300)


def test_derived_lines_use_vietnamese_date_forms():
    content = make_content(signed_on=dt.date(2023, 1, 5))
    assert content.decision_line == "Quyết định số 1234/QĐ-UBND, ngày 28/12/2022"
    assert content.registry_line == "Số sổ vàng: 125"
    assert content.place_date_line == "Thái Nguyên, ngày 5 tháng 1 năm 2023"


def test_missing_required_text_is_refused():
    with pytest.raises(ValueError, match="recipient_name"):
        make_content(recipient_name="   ")


def test_verification_address_must_be_a_web_url():
    with pytest.raises(ValueError, match="URL"):
        make_content(verification_url="javascript:alert(1)")


def test_a_missing_emblem_file_is_refused(tmp_path):
    with pytest.raises(ValueError, match="biểu trưng"):
        make_content(emblem_path=tmp_path / "khong-co.png")


def test_every_vietnamese_letter_is_covered_by_the_certificate_font():
    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    assert unsupported_characters(letters + letters.upper() + "–…“”‘’№") == []


def test_a_character_outside_the_font_is_reported_with_field_and_code_point():
    with pytest.raises(MissingGlyphError) as caught:
        check_glyphs({"recipient_name": "Nguyễn Văn 中"})
    message = str(caught.value)
    assert "U+4E2D" in message
    assert "recipient_name" in message
    assert caught.value.characters == ["中"]


def test_blank_layout_round_trips_through_plain_data():
    layout = default_blank_layout("giay_khen").with_field("recipient_name", y_mm=101.5)
    assert BlankLayout.from_dict(layout.to_dict()) == layout
    assert layout.fields["recipient_name"].y_mm == 101.5


def test_bang_khen_blank_defaults_scale_to_its_larger_sheet():
    a4 = default_blank_layout("giay_khen")
    a3 = default_blank_layout("bang_khen_tinh")
    assert a3.paper == A3_LANDSCAPE
    assert a3.fields["recipient_name"].y_mm == pytest.approx(
        a4.fields["recipient_name"].y_mm * 297 / 210, abs=0.01
    )
    assert a3.fields["recipient_name"].font_size_pt > a4.fields["recipient_name"].font_size_pt


def test_a_field_outside_the_sheet_or_unknown_is_refused():
    with pytest.raises(ValueError, match="ngoài khổ giấy"):
        BlankLayout(paper=A4_LANDSCAPE, fields={"recipient_name": BlankField(200, 100, 120)})
    with pytest.raises(ValueError, match="không in được"):
        BlankLayout(paper=A4_LANDSCAPE, fields={"password": BlankField(10, 10, 10)})


def test_offsets_shift_every_placed_field_by_the_same_amount():
    layout = default_blank_layout("giay_khen")
    content = make_content()
    plain = {p.name: p for p in place_fields(layout, BlankOffset(), content)}
    shifted = {p.name: p for p in place_fields(layout, BlankOffset(2.5, -1.5), content)}
    assert plain.keys() == shifted.keys()
    for name, spot in plain.items():
        assert shifted[name].left_mm - spot.left_mm == pytest.approx(2.5)
        assert shifted[name].baseline_mm - spot.baseline_mm == pytest.approx(-1.5)


def test_empty_texts_are_not_placed_on_a_blank():
    placed = place_fields(
        default_blank_layout("giay_khen"),
        BlankOffset(),
        make_content(signer_capacity="Chủ tịch", signer_title=""),
    )
    assert "signer_title" not in {p.name for p in placed}


def test_certificate_file_names_are_deterministic_and_safe():
    assert certificate_filename(decision_id=12, awardee_id=345) == "qd12-345-v1.pdf"
    assert (
        certificate_filename(
            decision_id=12, awardee_id=345, template_version=3, print_on_blank=True
        )
        == "qd12-345-v3-phoi.pdf"
    )
    with pytest.raises(ValueError):
        certificate_filename(decision_id="../etc", awardee_id=1)
