"""Drafting, editing, issuing (registry numbers, serials, history) and revoking decisions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.decisions import services
from awards.decisions.models import Decision, DecisionEntry, DecisionStatus, RegistryCounter
from awards.decisions.selectors import decision_totals, prize_totals_by_year
from awards.decisions.workflow import InvalidTransition
from awards.models import AwardRecord
from tests.factories import Role, make_user
from units.models import Notification

from .factories import (
    approved_session,
    closed_session,
    issued_decision,
    make_council,
    verified_items,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return make_council(15)


def test_draft_holds_the_approved_items_with_default_text(council, provincial):
    items = verified_items("cstd_tinh", 3)
    session = closed_session(council, items, ["yes"] * 15)
    decision = services.decision_generate(session=session, actor=provincial)
    assert decision.status == DecisionStatus.DRAFT
    assert decision.entries.count() == 3
    assert "Chiến sĩ thi đua cấp tỉnh" in decision.title
    assert "3 cá nhân" in decision.article_1
    assert decision.signer_name == "Thành viên số 01"  # the council's chair
    assert set(decision.entries.values_list("registry_no", flat=True)) == {None}


def test_no_draft_without_approved_items(council, provincial):
    session = closed_session(council, verified_items("cstd_tinh", 1), ["no"] * 15)
    with pytest.raises(ValidationError, match="Không có trường hợp nào"):
        services.decision_generate(session=session, actor=provincial)
    assert not Decision.objects.exists()


def test_an_approved_item_goes_into_one_decision_only(council, provincial):
    session = approved_session(council, "cstd_tinh", 2)
    services.decision_generate(session=session, actor=provincial)
    with pytest.raises(ValidationError):
        services.decision_generate(session=session, actor=provincial)


def test_issuing_assigns_registry_numbers_serials_and_history_once(council, provincial):
    decision = issued_decision(council, "cstd_tinh", 3, number="15/QĐ-UBND", actor=provincial)
    entries = list(decision.entries.annex_order())
    assert [e.registry_no for e in entries] == [1, 2, 3]
    assert [e.ordinal for e in entries] == [1, 2, 3]
    assert [e.certificate_serial for e in entries] == ["VD-0000001", "VD-0000002", "VD-0000003"]
    assert {e.registry_year for e in entries} == {2023}
    records = AwardRecord.objects.filter(source="portal_decision")
    assert records.count() == 3
    assert set(records.values_list("decision_number", "level", "year")) == {
        ("15/QĐ-UBND", "provincial", 2022)
    }
    assert all(e.award_record_id for e in entries)


def test_the_next_decision_continues_the_golden_book_without_gap(council, provincial):
    issued_decision(council, "cstd_tinh", 3, number="15/QĐ-UBND", actor=provincial)
    second = issued_decision(
        council,
        "bang_khen_tinh",
        2,
        number="16/QĐ-UBND",
        actor=provincial,
        body="standing_committee",
    )
    assert sorted(second.entries.values_list("registry_no", flat=True)) == [4, 5]
    assert RegistryCounter.objects.get(key="registry:2023").last_value == 5


def test_golden_book_restarts_each_year_but_serials_do_not(council, provincial):
    issued_decision(council, "cstd_tinh", 2, number="15/QĐ-UBND", actor=provincial)
    later = issued_decision(
        council, "cstd_tinh", 1, number="3/QĐ-UBND", actor=provincial, day=dt.date(2024, 1, 5)
    )
    entry = later.entries.get()
    assert (entry.registry_year, entry.registry_no, entry.certificate_serial) == (
        2024,
        1,
        "VD-0000003",
    )


def test_annex_numbers_collectives_and_individuals_separately(council, provincial):
    people = verified_items("bang_khen_tinh", 2)
    units = verified_items("bang_khen_tinh", 2, kind="collective")
    session = closed_session(council, people + units, ["yes"] * 5, body="standing_committee")
    decision = services.decision_generate(session=session, actor=provincial)
    services.decision_update(decision=decision, actor=provincial, number="20/QĐ-UBND")
    services.decision_issue(decision=decision, actor=provincial)
    rows = list(
        decision.entries.annex_order().values_list("recipient_kind", "ordinal", "registry_no")
    )
    assert rows == [
        ("collective", 1, 1),
        ("collective", 2, 2),
        ("individual", 1, 3),
        ("individual", 2, 4),
    ]
    assert "2 tập thể và 2 cá nhân" in decision.article_1


def test_issuing_twice_is_refused_and_changes_nothing(council, provincial):
    decision = issued_decision(council, "cstd_tinh", 2, number="15/QĐ-UBND", actor=provincial)
    before = list(DecisionEntry.objects.values_list("registry_no", "certificate_serial"))
    with pytest.raises(InvalidTransition, match="đã ban hành"):
        services.decision_issue(decision=decision, actor=provincial)
    assert list(DecisionEntry.objects.values_list("registry_no", "certificate_serial")) == before
    assert RegistryCounter.objects.get(key="registry:2023").last_value == 2
    assert AwardRecord.objects.count() == 2


def test_editing_an_issued_decision_is_refused(council, provincial):
    decision = issued_decision(council, "cstd_tinh", 1, number="15/QĐ-UBND", actor=provincial)
    with pytest.raises(InvalidTransition, match="không thể sửa"):
        services.decision_update(decision=decision, actor=provincial, title="Khác")
    entry = decision.entries.get()
    with pytest.raises(InvalidTransition):
        services.decision_entry_update(
            entry=entry, actor=provincial, name="Tên khác", position_text=""
        )
    decision.refresh_from_db()
    assert decision.title != "Khác"
    assert DecisionEntry.objects.get().name != "Tên khác"


def test_issuing_needs_a_number_of_the_right_form(council, provincial):
    session = approved_session(council, "cstd_tinh", 1)
    decision = services.decision_generate(session=session, actor=provincial)
    with pytest.raises(ValidationError) as exc:
        services.decision_issue(decision=decision, actor=provincial)
    assert "number" in exc.value.error_dict
    assert Decision.objects.get().status == DecisionStatus.DRAFT
    assert not RegistryCounter.objects.exists()


def test_issuing_a_decision_without_awardees_is_refused(council, provincial):
    session = approved_session(council, "cstd_tinh", 1)
    decision = services.decision_generate(session=session, actor=provincial)
    services.decision_update(decision=decision, actor=provincial, number="15/QĐ-UBND")
    decision.entries.all().delete()  # e.g. a draft emptied by hand
    with pytest.raises(ValidationError, match="chưa có tập thể, cá nhân nào"):
        services.decision_issue(decision=decision, actor=provincial)
    assert Decision.objects.get().status == DecisionStatus.DRAFT


def test_the_same_number_cannot_be_issued_twice_in_a_year(council, provincial):
    issued_decision(council, "cstd_tinh", 1, number="15/QĐ-UBND", actor=provincial)
    with pytest.raises(ValidationError, match="đã dùng"):
        issued_decision(council, "cstd_tinh", 1, number="15/QĐ-UBND", actor=provincial)


def test_staff_edit_the_draft_text_and_an_entry(council, provincial):
    session = approved_session(council, "cstd_tinh", 2)
    decision = services.decision_generate(session=session, actor=provincial)
    services.decision_update(
        decision=decision, actor=provincial, signer_name="Lê Văn Hòa", signer_capacity="vice_chair"
    )
    entry = decision.entries.first()
    services.decision_entry_update(
        entry=entry,
        actor=provincial,
        name="Nguyễn Thị Ánh",
        position_text="Giáo viên, Trường THPT Chuyên",
    )
    decision.refresh_from_db()
    assert decision.signature_lines() == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert DecisionEntry.objects.get(pk=entry.pk).name == "Nguyễn Thị Ánh"


def test_unit_staff_and_council_members_cannot_issue(council, provincial, staff_a):
    session = approved_session(council, "cstd_tinh", 1)
    decision = services.decision_generate(session=session, actor=provincial)
    services.decision_update(decision=decision, actor=provincial, number="15/QĐ-UBND")
    for user in (staff_a, council.members.first().user):
        with pytest.raises(PermissionDenied):
            services.decision_issue(decision=decision, actor=user)
    assert Decision.objects.get().status == DecisionStatus.DRAFT


def test_issuing_tells_the_proposing_unit(council, provincial):
    items = verified_items("cstd_tinh", 2)
    staff = make_user(Role.UNIT_STAFF, unit=items[0].nomination.proposing_unit)
    session = closed_session(council, items, ["yes"] * 15)
    decision = services.decision_generate(session=session, actor=provincial)
    services.decision_update(decision=decision, actor=provincial, number="15/QĐ-UBND")
    services.decision_issue(decision=decision, actor=provincial)
    assert Notification.objects.filter(
        user=staff, title__startswith="Quyết định số 15/QĐ-UBND"
    ).exists()


# Revocation (Law Art. 93) ---------------------------------------------------------------


def test_revoking_part_of_a_decision_revokes_those_awards_in_history_and_totals(
    council, provincial
):
    decision = issued_decision(council, "cstd_tinh", 3, number="15/QĐ-UBND", actor=provincial)
    first = decision.entries.annex_order().first()
    services.decision_revoke(
        decision=decision, actor=provincial, reason="Khai man thành tích", entries=[first]
    )
    decision.refresh_from_db()
    first.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    assert first.revoked_at and first.revocation_reason == "Khai man thành tích"
    assert AwardRecord.objects.valid().count() == 2
    assert AwardRecord.objects.get(pk=first.award_record_id).revoked_at is not None
    totals = decision_totals(decision)
    assert totals["paid"] == 2 * 4_470_000 and totals["recovered"] == 4_470_000
    assert list(prize_totals_by_year())[0]["entries"] == 2


def test_revoking_every_entry_revokes_the_decision_and_keeps_its_numbers(council, provincial):
    decision = issued_decision(council, "cstd_tinh", 2, number="15/QĐ-UBND", actor=provincial)
    services.decision_revoke(decision=decision, actor=provincial, reason="Hồ sơ giả mạo")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REVOKED
    assert not AwardRecord.objects.valid().exists()
    later = issued_decision(council, "cstd_tinh", 1, number="16/QĐ-UBND", actor=provincial)
    assert later.entries.get().registry_no == 3  # revoked numbers are never reused


def test_revocation_needs_a_reason_and_an_issued_decision(council, provincial):
    decision = issued_decision(council, "cstd_tinh", 1, number="15/QĐ-UBND", actor=provincial)
    with pytest.raises(ValidationError, match="lý do"):
        services.decision_revoke(decision=decision, actor=provincial, reason="  ")
    assert AwardRecord.objects.valid().count() == 1
    draft = services.decision_generate(
        session=approved_session(council, "cstd_tinh", 1), actor=provincial
    )
    with pytest.raises(InvalidTransition):
        services.decision_revoke(decision=draft, actor=provincial, reason="Sai")


def test_revoked_awards_no_longer_block_a_new_decision(council, provincial):
    decision = issued_decision(council, "cstd_tinh", 1, number="15/QĐ-UBND", actor=provincial)
    services.decision_revoke(decision=decision, actor=provincial, reason="Sai đối tượng")
    again = services.decision_generate(session=decision.session, actor=provincial)
    assert again.entries.count() == 1
