"""Real PDFs read back: the decision with its annex, the tally minutes, the
escalation package; and the decision rendered by a real Celery worker."""

import io
import time
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from awards.decisions import services
from awards.decisions.documents import decision_pdf, tally_minutes_pdf
from awards.decisions.models import Decision
from awards.models import AwardRecord, NominationDocument

from .factories import closed_session, issued_decision, make_council, verified_items


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Table cells wrap: compare with white space collapsed.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def council(db):
    return make_council(5, standing=5)


@pytest.mark.django_db
def test_decision_pdf_holds_the_text_the_signature_and_the_numbered_annex(council, provincial):
    decision = issued_decision(council, "cstd_tinh", 3, number="215/QĐ-UBND", actor=provincial)
    entry = decision.entries.annex_order().first()
    pdf = decision_pdf(decision)
    text = _text(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2  # the annex starts on a new page
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    for expected in (
        "QUYẾT ĐỊNH",
        "Số: 215/QĐ-UBND",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        "Chiến sĩ thi đua cấp tỉnh",
        "Điều 1.",
        "Nơi nhận",
        "Thành viên số 01",
        "DANH SÁCH CHIẾN SĨ THI ĐUA CẤP TỈNH",
        "Số sổ vàng",
        entry.name,
        "MẪU – DỮ LIỆU MINH HỌA",
    ):
        assert expected in text, expected
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].get_object().values()
    }
    assert fonts and all("Noto-Serif" in f for f in fonts)


@pytest.mark.django_db
def test_tally_minutes_give_counts_and_outcomes_but_no_names_of_voters(council):
    items = verified_items("cstd_tinh", 2)
    session = closed_session(council, items, ["yes", "yes", "yes", "yes", "no"])
    text = _text(tally_minutes_pdf(session))
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Tổng số thành viên: 5" in text
    assert "Không đủ số phiếu đồng ý" in text  # 4 of 5 < 90 %
    assert items[0].person.full_name in text
    for member in council.members.exclude(role__in=["chair", "secretary"]):
        assert member.user.get_full_name() not in text


@pytest.mark.django_db
def test_escalation_package_and_central_decision_enter_history(council, provincial, tmp_path):
    from tests.awards.factories import attach_documents

    items = verified_items("bang_khen_ttg", 2)
    attach_documents(items[0].nomination, provincial, kinds=("proposal_letter", "minutes"))
    session = closed_session(council, items, ["yes"] * 5)
    escalation = services.escalation_generate(session=session, actor=provincial)
    package = zipfile.ZipFile(io.BytesIO(services.escalation_package(escalation)))
    names = package.namelist()
    assert names[:2] == ["01-to-trinh.pdf", "02-danh-sach.xlsx"]
    assert len([n for n in names if n.startswith("03-ho-so/")]) == 2
    assert "TỜ TRÌNH" in _text(package.read("01-to-trinh.pdf"))
    sheet = load_workbook(io.BytesIO(package.read("02-danh-sach.xlsx"))).active
    assert sheet.cell(row=2, column=2).value == items[0].person.full_name
    services.escalation_update(
        escalation=escalation,
        actor=provincial,
        letter_number="12/TTr-UBND",
        letter_date=__import__("datetime").date(2023, 2, 1),
        letter_text=escalation.letter_text,
        title=escalation.title,
    )
    services.escalation_submit(escalation=escalation, actor=provincial)
    first = escalation.entries.order_by("sort_key").first()
    services.escalation_record_decision(
        escalation=escalation,
        actor=provincial,
        number="456/QĐ-TTg",
        decision_date=__import__("datetime").date(2023, 5, 4),
        level="prime_minister",
        accepted=[first],
    )
    record = AwardRecord.objects.get(source="central_decision")
    assert (record.person_id, record.level, record.decision_number, record.issuer) == (
        first.nomination_item.person_id,
        "central",
        "456/QĐ-TTg",
        "Thủ tướng Chính phủ",
    )
    assert escalation.entries.filter(accepted=False).count() == 1
    # Central awards never enter a provincial decision.
    with pytest.raises(Exception, match="Không có trường hợp"):
        services.decision_generate(session=session, actor=provincial)
    assert NominationDocument.objects.count() == 2


@pytest.fixture
def worker_media(monkeypatch, settings):
    """The worker process writes where this test reads."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.mark.integration
def test_a_real_worker_renders_the_issued_decision_and_the_minutes(
    worker_media, celery_worker_process, catalogue, provincial
):
    council = make_council(5, standing=5)
    decision = issued_decision(council, "cstd_tinh", 2, number="7/QĐ-UBND", actor=provincial)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        decision = Decision.objects.get(pk=decision.pk)
        session = decision.session
        session.refresh_from_db()
        if decision.pdf and session.minutes_pdf:
            break
        time.sleep(0.5)
    assert decision.pdf_rendered_at and session.minutes_rendered_at
    with decision.pdf.open("rb") as fh:
        assert "Số: 7/QĐ-UBND" in _text(fh.read())
