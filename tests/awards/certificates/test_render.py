"""Full-colour certificates rendered by WeasyPrint and read back from the PDF."""

import pytest
from pypdf import PdfReader

from awards import pdf
from awards.certificates.content import SPECIMEN_MARK, PaperSize
from awards.certificates.fonts import MissingGlyphError
from tests.awards.certificates.conftest import (
    decode_qr,
    make_content,
    page_sizes_mm,
    pdf_fonts,
    pdf_lines,
    pdf_text,
    snapshot_png,
    word_boxes,
    write_pdf,
)

FORMS = [
    # form kind, verb line, form name line, sheet (mm)
    ("giay_khen", "TẶNG", "GIẤY KHEN", (297.0, 210.0)),
    ("cstd_cs", "TẶNG DANH HIỆU", "CHIẾN SĨ THI ĐUA CƠ SỞ", (297.0, 210.0)),
    ("bang_khen_tinh", "TẶNG", "BẰNG KHEN", (420.0, 297.0)),
]


@pytest.mark.parametrize(("form_kind", "verb", "form_name", "sheet"), FORMS)
def test_each_form_prints_every_line_with_its_diacritics_on_a_landscape_sheet(
    tmp_path, form_kind, verb, form_name, sheet
):
    path = write_pdf(tmp_path, pdf.render_certificate(make_content(form_kind)))
    snapshot_png(path, f"certificate-{form_kind}")

    assert page_sizes_mm(path) == [sheet]
    lines = pdf_lines(path)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        verb,
        form_name,
        "Bà Nguyễn Thị Thu Hằng",
        "Giáo viên Trường THPT Chuyên Thái Nguyên, Sở Giáo dục và Đào tạo",
        "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2022",
        "Quyết định số 1234/QĐ-UBND, ngày 28/12/2022",
        "Số sổ vàng: 125",
        "Thái Nguyên, ngày 28 tháng 12 năm 2022",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Trần Văn Minh",
    ]:
        assert expected in lines
    # The lines come out in the order RULES.md §4 prescribes.
    order = [lines.index(x) for x in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", verb, form_name)]
    assert order == sorted(order)


def test_only_noto_serif_is_used_and_every_face_is_embedded_with_unicode_maps(tmp_path):
    path = write_pdf(tmp_path, pdf.render_certificate(make_content("cstd_cs")))
    fonts = pdf_fonts(path)
    names = {f["name"].split("+", 1)[1] for f in fonts}
    # No other family appears: nothing fell back to DejaVu or a system default.
    assert names == {"Noto-Serif", "Noto-Serif-Bold", "Noto-Serif-Italic", "Noto-Serif-Bold-Italic"}
    assert all((f["emb"], f["sub"], f["uni"]) == ("yes", "yes", "yes") for f in fonts)


def test_every_vietnamese_letter_round_trips_through_the_pdf(tmp_path):
    letters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    content = make_content(achievement=letters, recipient_name=f"Ông {letters.upper()[:24]}")
    path = write_pdf(tmp_path, pdf.render_certificate(content))
    text = pdf_text(path)
    assert letters in text
    assert letters.upper()[:24] in text


def test_the_qr_code_decodes_to_the_verification_url(tmp_path):
    url = "https://vinhdanh.thainguyen.example/xac-minh/aB3dE5fG7hJ9kL1mN2pQ"
    path = write_pdf(tmp_path, pdf.render_certificate(make_content(verification_url=url)))
    # A raster QR (4 px a module, drawn pixelated) must still read at low and high dpi.
    for resolution in (100, 150, 200, 300):
        assert decode_qr(path, tmp_path, resolution=resolution) == url


def test_demo_certificates_carry_the_specimen_mark_and_real_ones_do_not(tmp_path):
    specimen = write_pdf(tmp_path, pdf.render_certificate(make_content(specimen=True)), "s.pdf")
    real = write_pdf(tmp_path, pdf.render_certificate(make_content(specimen=False)), "r.pdf")
    snapshot_png(specimen, "certificate-specimen")
    assert SPECIMEN_MARK in pdf_lines(specimen)
    assert SPECIMEN_MARK not in pdf_text(real)
    # The diagonal mark is drawn as outlines and does not break the recipient's line apart.
    assert "Bà Nguyễn Thị Thu Hằng" in pdf_lines(specimen)


def test_a_character_the_font_lacks_is_refused_before_rendering():
    content = make_content(recipient_name="Ông Lê Văn 𝔄n")
    with pytest.raises(MissingGlyphError, match=r"U\+1D504.*recipient_name"):
        pdf.render_certificate(content)


def test_many_certificates_render_as_separate_files_in_order(tmp_path):
    names = [f"Ông Nguyễn Văn Số {i}" for i in range(5)]
    contents = [make_content(recipient_name=n) for n in names]
    files = pdf.render_certificates(contents)
    assert len(files) == 5
    for i, (name, data) in enumerate(zip(names, files, strict=True)):
        path = write_pdf(tmp_path, data, f"{i}.pdf")
        assert len(PdfReader(path).pages) == 1
        assert name in pdf_lines(path)
        assert PdfReader(path).metadata.title == f"Giấy khen – {name}"


def test_one_layout_gives_both_the_batch_document_and_the_separate_files(tmp_path):
    names = ["Ông Lê Văn Đức", "Bà Hoàng Thị Ngọc Ánh", "Ông Đặng Quốc Việt"]
    batch = pdf.render_certificate_batch([make_content(recipient_name=n) for n in names])
    document = write_pdf(tmp_path, batch.document, "batch.pdf")
    assert len(PdfReader(document).pages) == 3
    assert len(batch.files) == 3
    for page, (name, data) in enumerate(zip(names, batch.files, strict=True), start=1):
        single = write_pdf(tmp_path, data, f"{page}.pdf")
        assert pdf_lines(single) == pdf_lines(document, page=page)
        assert name in pdf_lines(single)
        # At most the background's four subsets and the awardees' layer's four.
        assert len(pdf_fonts(single)) <= 8


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"form_kind": "cstd_cs", "award_name": "Chiến sĩ thi đua cơ sở"},
        {"form_kind": "bang_khen_tinh", "award_name": "Bằng khen", "specimen": True},
        # A name and an achievement long enough to take the smaller type sizes and wrap.
        {
            "recipient_name": "Tập thể Phòng Giáo dục và Đào tạo thành phố Thái Nguyên, "
            "tỉnh Thái Nguyên",
            "achievement": "Đã có thành tích xuất sắc trong công tác chuyển đổi số, cải cách "
            "hành chính và xây dựng xã hội học tập giai đoạn 2021–2025 của tỉnh Thái Nguyên",
            "registry_number": "",
        },
    ],
)
def test_drawn_in_two_layers_every_word_sits_where_a_whole_sheet_layout_puts_it(
    tmp_path, overrides
):
    content = make_content(**overrides)
    layered = write_pdf(tmp_path, pdf.render_certificate(content), "layered.pdf")
    whole = write_pdf(tmp_path, pdf.render_certificate_whole([content]), "whole.pdf")

    def words(path):
        return sorted((w, round(x0, 1), round(y0, 1)) for w, x0, y0, _, _ in word_boxes(path))

    assert len(words(whole)) > 30
    assert words(layered) == words(whole)


def test_mixed_paper_sizes_render_in_the_given_order(tmp_path):
    kinds = ["giay_khen", "bang_khen_tinh", "giay_khen"]
    files = pdf.render_certificates([make_content(kind) for kind in kinds])
    sizes = [
        page_sizes_mm(write_pdf(tmp_path, data, f"{i}.pdf"))[0] for i, data in enumerate(files)
    ]
    assert sizes == [(297.0, 210.0), (420.0, 297.0), (297.0, 210.0)]


def test_a_batch_renders_as_one_multi_page_document(tmp_path):
    contents = [make_content(recipient_name=f"Bà Trần Thị Mai {i}") for i in range(4)]
    path = write_pdf(tmp_path, pdf.render_certificate_document(contents))
    assert page_sizes_mm(path) == [(297.0, 210.0)] * 4
    for page in range(1, 5):
        assert f"Bà Trần Thị Mai {page - 1}" in pdf_lines(path, page=page)


def test_a_batch_must_share_one_paper_size():
    with pytest.raises(ValueError, match="khổ giấy"):
        pdf.render_certificate_document([make_content("giay_khen"), make_content("bang_khen_tinh")])


def test_a_configured_bang_khen_size_sets_the_page(tmp_path):
    content = make_content("bang_khen_tinh", paper=PaperSize(400, 300))
    path = write_pdf(tmp_path, pdf.render_certificate(content))
    assert page_sizes_mm(path) == [(400.0, 300.0)]


def test_long_names_and_achievements_stay_on_one_page(tmp_path):
    content = make_content(
        recipient_name="Tập thể Phòng Giáo dục Trung học và Giáo dục Thường xuyên, "
        "Sở Giáo dục và Đào tạo tỉnh Thái Nguyên",
        achievement="Đã có thành tích xuất sắc trong thực hiện nhiệm vụ chính trị, "
        "góp phần vào sự nghiệp xây dựng và phát triển kinh tế – xã hội, bảo đảm quốc phòng, "
        "an ninh của tỉnh Thái Nguyên giai đoạn 2021–2025, được Chủ tịch tỉnh ghi nhận",
    )
    path = write_pdf(tmp_path, pdf.render_certificate(content))
    snapshot_png(path, "certificate-long-texts")
    assert len(PdfReader(path).pages) == 1
    assert "Trần Văn Minh" in pdf_lines(path)


def test_an_uploaded_emblem_replaces_the_placeholder(tmp_path):
    from PIL import Image

    emblem = tmp_path / "logo.png"
    Image.new("RGB", (40, 40), (10, 120, 200)).save(emblem)
    content = make_content(emblem_path=emblem)
    path = write_pdf(tmp_path, pdf.render_certificate(content))
    sizes = {image.image.size for image in PdfReader(path).pages[0].images}
    assert (40, 40) in sizes


def test_the_inspectable_html_is_self_contained_with_inlined_images():
    html = pdf.certificate_html([make_content(specimen=True)])
    assert "generated:" not in html
    assert html.count("data:image/png;base64,") == 1  # the QR code
    assert html.count("data:image/svg+xml;base64,") == 1  # the specimen mark
    assert "Bà Nguyễn Thị Thu Hằng" in html
