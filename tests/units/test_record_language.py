"""Records stay Vietnamese whoever makes them: a reader in English sees English pages, but a
decision, its spreadsheet and an audit row made while English is active are Vietnamese."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import translation

from awards.decisions.documents import decision_html
from awards.decisions.exports import decision_prize_xlsx
from awards.decisions.models import RecipientGroup
from awards.models import Hold, HoldKind
from tests.awards.factories import PersonFactory
from tests.certificates.factories import issued_decision
from units.models import AuditEvent
from units.services import audit_record

pytestmark = pytest.mark.django_db


def test_model_labels_follow_the_reader():
    with translation.override("en"):
        assert str(RecipientGroup.INDIVIDUAL.label) == "Individual"
    with translation.override("vi"):
        assert str(RecipientGroup.INDIVIDUAL.label) == "Cá nhân"


def test_a_decision_made_by_a_reader_in_english_is_written_in_vietnamese():
    decision = issued_decision(3)
    with translation.override("en"):
        html = decision_html(decision)
        workbook = openpyxl.load_workbook(io.BytesIO(decision_prize_xlsx(decision)))
    # The annex's group heading, upper-cased by the template.
    assert "I. CÁ NHÂN (3)" in html
    assert "INDIVIDUAL" not in html
    cells = " ".join(
        str(cell.value) for row in workbook.active.iter_rows() for cell in row if cell.value
    )
    assert "Individual" not in cells


def test_an_audit_row_written_in_english_mode_is_vietnamese(provincial):
    # A hold's name is its kind's label: "Đang bị điều tra (01/03/2026)".
    hold = Hold.objects.create(
        person=PersonFactory(), kind=HoldKind.INVESTIGATION, started_on=dt.date(2026, 3, 1)
    )
    with translation.override("en"):
        assert str(hold).startswith("Under investigation")
        event = audit_record(actor=provincial, action="test.recorded", target=hold)
        assert translation.get_language() == "en"  # restored afterwards
    assert AuditEvent.objects.get(pk=event.pk).target_repr == "Đang bị điều tra (01/03/2026)"
