"""The merged print file and the zip of separate PDFs."""

import zipfile

import pytest
from pypdf import PdfReader

from awards import pdf
from awards.certificates.merge import build_zip, certificate_filename, merge_pdfs
from tests.awards.certificates.conftest import make_content, pdf_lines


@pytest.fixture(scope="module")
def rendered():
    names = ["Ông Lê Văn Đức", "Bà Hoàng Thị Ngọc Ánh", "Ông Đặng Quốc Việt"]
    return names, pdf.render_certificates([make_content(recipient_name=n) for n in names])


def test_the_print_file_holds_the_certificates_in_the_given_order(tmp_path, rendered):
    names, files = rendered
    target = tmp_path / "in" / "qd12.pdf"
    order = [2, 0, 1]
    assert merge_pdfs([files[i] for i in order], target) == 3
    for page, i in enumerate(order, start=1):
        assert names[i] in pdf_lines(target, page=page)


def test_batches_and_files_on_disk_merge_alike(tmp_path, rendered):
    names, files = rendered
    batch = pdf.render_certificate_document([make_content(recipient_name="Bà Vũ Thị Lan")] * 2)
    single = tmp_path / "one.pdf"
    single.write_bytes(files[0])
    target = tmp_path / "all.pdf"
    assert merge_pdfs([batch, single], target) == 3
    assert "Bà Vũ Thị Lan" in pdf_lines(target, page=2)
    assert names[0] in pdf_lines(target, page=3)


def test_a_rerun_replaces_the_print_file_and_leaves_no_temporary_file(tmp_path, rendered):
    _, files = rendered
    target = tmp_path / "qd12.pdf"
    merge_pdfs(files, target)
    merge_pdfs(files[:1], target)
    assert len(PdfReader(target).pages) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["qd12.pdf"]


def test_the_zip_holds_one_pdf_per_awardee_under_deterministic_names(tmp_path, rendered):
    _, files = rendered
    entries = [
        (certificate_filename(decision_id=12, awardee_id=awardee), data)
        for awardee, data in zip([7, 8, 9], files, strict=True)
    ]
    assert build_zip(entries, tmp_path / "qd12.zip") == 3
    with zipfile.ZipFile(tmp_path / "qd12.zip") as archive:
        assert archive.namelist() == ["qd12-7-v1.pdf", "qd12-8-v1.pdf", "qd12-9-v1.pdf"]
        assert archive.read("qd12-8-v1.pdf") == files[1]


def test_a_duplicate_name_in_the_zip_is_refused_and_nothing_is_left(tmp_path, rendered):
    _, files = rendered
    with pytest.raises(ValueError, match="không hợp lệ"):
        build_zip([("a.pdf", files[0]), ("a.pdf", files[1])], tmp_path / "x.zip")
    assert list(tmp_path.iterdir()) == []


def test_a_certificate_split_from_a_batch_carries_only_its_own_page_resources(tmp_path):
    contents = [make_content(recipient_name=f"Ông Đỗ Văn Hùng {i}") for i in range(20)]
    alone = pdf.render_certificate(contents[5])
    split = pdf.render_certificate_batch(contents).files[5]
    # Without pruning, every file carried the patterns of all twenty pages (+50 %).
    assert len(split) < 1.2 * len(alone)
    path = tmp_path / "split.pdf"
    path.write_bytes(split)
    assert "Ông Đỗ Văn Hùng 5" in pdf_lines(path)
