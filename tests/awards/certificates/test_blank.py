"""Print-on-blank sheets and the calibration page, read back with pdftotext -bbox."""

import pytest
from pypdf import PdfReader

from awards import pdf
from awards.certificates.blanks import QR_FIELD, BlankOffset, default_blank_layout
from awards.certificates.content import SPECIMEN_MARK
from tests.awards.certificates.conftest import (
    PT_PER_MM,
    decode_qr,
    make_content,
    page_sizes_mm,
    pdf_lines,
    pdf_text,
    snapshot_png,
    word_boxes,
    write_pdf,
)

# Noto Serif's descent (hhea), which poppler adds below the baseline in -bbox output.
DESCENT_EM = 0.293


def first_box(path, word):
    return next(box for box in word_boxes(path) if box[0] == word)


def test_a_blank_sheet_carries_only_the_variable_text(tmp_path):
    path = write_pdf(tmp_path, pdf.render_on_blank([make_content()]))
    snapshot_png(path, "blank-giay_khen")
    lines = pdf_lines(path)
    assert "Bà Nguyễn Thị Thu Hằng" in lines
    assert "Quyết định số 1234/QĐ-UBND, ngày 28/12/2022" in lines
    assert "Trần Văn Minh" in lines
    # The pre-printed parts are not printed again.
    text = pdf_text(path)
    assert "GIẤY KHEN" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert page_sizes_mm(path) == [(297.0, 210.0)]


def test_the_recipient_baseline_lands_on_the_calibrated_position(tmp_path):
    layout = default_blank_layout("giay_khen")
    spot = layout.fields["recipient_name"]
    path = write_pdf(tmp_path, pdf.render_on_blank([make_content()], layout=layout))
    _, _, _, _, y_max = first_box(path, "Nguyễn")
    baseline_mm = (y_max - DESCENT_EM * spot.font_size_pt) / PT_PER_MM
    assert baseline_mm == pytest.approx(spot.y_mm, abs=0.2)


@pytest.mark.parametrize(("dx", "dy"), [(3.0, 0.0), (0.0, -2.5), (-4.0, 5.0)])
def test_every_printed_word_moves_by_the_blank_offset(tmp_path, dx, dy):
    contents = [make_content()]
    plain = write_pdf(tmp_path, pdf.render_on_blank(contents), "plain.pdf")
    shifted = write_pdf(
        tmp_path, pdf.render_on_blank(contents, offset=BlankOffset(dx, dy)), "shifted.pdf"
    )
    before, after = word_boxes(plain), word_boxes(shifted)
    assert [w for w, *_ in before] == [w for w, *_ in after]
    for (word, x0, y0, _, _), (_, x1, y1, _, _) in zip(before, after, strict=True):
        assert (x1 - x0) / PT_PER_MM == pytest.approx(dx, abs=0.05), word
        assert (y1 - y0) / PT_PER_MM == pytest.approx(dy, abs=0.05), word


def test_a_staff_edited_field_position_moves_only_that_field(tmp_path):
    layout = default_blank_layout("giay_khen")
    moved = layout.with_field("signer_name", y_mm=layout.fields["signer_name"].y_mm + 6)
    plain = write_pdf(tmp_path, pdf.render_on_blank([make_content()], layout=layout), "a.pdf")
    edited = write_pdf(tmp_path, pdf.render_on_blank([make_content()], layout=moved), "b.pdf")
    assert (first_box(edited, "Minh")[2] - first_box(plain, "Minh")[2]) / PT_PER_MM == (
        pytest.approx(6, abs=0.05)
    )
    assert first_box(edited, "Nguyễn") == first_box(plain, "Nguyễn")


def test_the_qr_code_on_a_blank_decodes_to_the_verification_url(tmp_path):
    url = "https://vinhdanh.thainguyen.example/xac-minh/QwErTyUiOpAsDfGhJkL"
    path = write_pdf(tmp_path, pdf.render_on_blank([make_content(verification_url=url)]))
    assert decode_qr(path, tmp_path) == url


def test_a_blank_batch_has_one_page_per_certificate_in_order(tmp_path):
    names = ["Ông Lê Văn Đức", "Bà Hoàng Thị Ngọc Ánh", "Ông Đặng Quốc Việt"]
    path = write_pdf(tmp_path, pdf.render_on_blank([make_content(recipient_name=n) for n in names]))
    assert len(PdfReader(path).pages) == 3
    for page, name in enumerate(names, start=1):
        assert name in pdf_lines(path, page=page)


def test_demo_data_printed_on_a_blank_still_carries_the_specimen_mark(tmp_path):
    path = write_pdf(tmp_path, pdf.render_on_blank([make_content(specimen=True)]))
    snapshot_png(path, "blank-specimen")
    assert SPECIMEN_MARK in pdf_lines(path)


def test_a_bang_khen_blank_uses_its_a3_sheet(tmp_path):
    path = write_pdf(tmp_path, pdf.render_on_blank([make_content("bang_khen_tinh")]))
    snapshot_png(path, "blank-bang_khen_tinh", resolution=50)
    assert page_sizes_mm(path) == [(420.0, 297.0)]
    assert "Bà Nguyễn Thị Thu Hằng" in pdf_lines(path)


def test_the_calibration_page_marks_every_field_and_states_the_offset(tmp_path):
    layout = default_blank_layout("giay_khen")
    path = write_pdf(tmp_path, pdf.render_calibration_page(layout, offset=BlankOffset(1.5, -2)))
    snapshot_png(path, "blank-calibration", resolution=100)
    text = pdf_text(path)
    assert "Trang căn chỉnh in trên phôi" in text
    assert "dx = 1,5 mm, dy = -2 mm" in text
    assert "Họ tên, tên tập thể (38,5; 104,6)" in text
    assert "Mã QR" in text
    assert len(PdfReader(path).pages) == 1
    assert QR_FIELD in layout.fields
