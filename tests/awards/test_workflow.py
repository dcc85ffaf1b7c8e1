"""The dossier state machine: every state × action, and who may act."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import Nomination, NominationEvent, NominationItem
from awards.services import nominations as svc
from awards.workflow import TRANSITIONS, InvalidTransition
from tests.awards.factories import NominationFactory, PersonFactory, attach_documents, item, rating
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db
S = Nomination.Status


def call(action, nomination, actor):
    """Run ``action`` with valid arguments for it."""
    if action == "submit":
        return svc.nomination_submit(nomination=nomination, actor=actor, acknowledge=True)
    if action == "resubmit":
        return svc.nomination_resubmit(nomination=nomination, actor=actor, acknowledge=True)
    if action == "return":
        return svc.nomination_return(nomination=nomination, actor=actor, reason="Thiếu biên bản")
    if action == "verify":
        results = {i.pk: ("passed", "Đạt") for i in nomination.items.all()}
        return svc.nomination_verify(nomination=nomination, actor=actor, results=results)
    if action == "send_to_council":
        return svc.nomination_send_to_council(nomination=nomination, actor=actor)
    if action == "withdraw":
        return svc.nomination_withdraw(nomination=nomination, actor=actor, reason="Đề nghị lại")
    raise AssertionError(action)


@pytest.fixture
def dossier(unit_a, staff_a):
    nomination = NominationFactory(proposing_unit=unit_a, award_year=2024, created_by=staff_a)
    person = PersonFactory(unit=unit_a)
    rating(person, 2024, "good")
    row = item(nomination, person, "ldtt")
    row.verification = "passed"
    row.save()
    attach_documents(nomination, staff_a)
    return nomination


def actor_for(action, staff_a, provincial):
    return staff_a if action in ("submit", "resubmit", "withdraw") else provincial


@pytest.mark.parametrize("state", list(S.values))
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_state_and_action(dossier, staff_a, provincial, state, action):
    Nomination.objects.filter(pk=dossier.pk).update(status=state)
    dossier.refresh_from_db()
    events_before = NominationEvent.objects.filter(nomination=dossier).count()
    transition = TRANSITIONS[action]
    actor = actor_for(action, staff_a, provincial)
    if state in transition.sources:
        result = call(action, dossier, actor)
        dossier.refresh_from_db()
        assert result.status == dossier.status == transition.target
        events = NominationEvent.objects.filter(nomination=dossier)
        assert events.count() == events_before + 1
        last = events.last()
        assert (last.action, last.from_status, last.to_status) == (action, state, transition.target)
    else:
        with pytest.raises(InvalidTransition):
            call(action, dossier, actor)
        dossier.refresh_from_db()
        assert dossier.status == state
        assert NominationEvent.objects.filter(nomination=dossier).count() == events_before


@pytest.mark.parametrize("action", ["return", "verify", "send_to_council"])
def test_unit_staff_cannot_take_provincial_actions(dossier, staff_a, action):
    source = next(iter(TRANSITIONS[action].sources))
    Nomination.objects.filter(pk=dossier.pk).update(status=source)
    with pytest.raises(PermissionDenied):
        call(action, dossier, staff_a)
    dossier.refresh_from_db()
    assert dossier.status == source


def test_staff_of_another_unit_cannot_submit(dossier, staff_b):
    with pytest.raises(PermissionDenied):
        call("submit", dossier, staff_b)
    assert NominationEvent.objects.filter(nomination=dossier, action="submit").count() == 0


def test_return_needs_a_reason_and_changes_nothing_without_one(dossier, staff_a, provincial):
    svc.nomination_submit(nomination=dossier, actor=staff_a, acknowledge=True)
    with pytest.raises(ValidationError) as exc:
        svc.nomination_return(nomination=dossier, actor=provincial, reason="  ")
    assert "Nhập lý do trả lại hồ sơ." in str(exc.value)
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED


def test_submission_stores_verdicts_and_starts_a_twenty_working_day_countdown(dossier, staff_a):
    # Friday 27/11/2026 + 20 working days = Friday 25/12/2026 (no holiday in between).
    svc.nomination_submit(
        nomination=dossier, actor=staff_a, acknowledge=True, today=dt.date(2026, 11, 27)
    )
    dossier.refresh_from_db()
    assert dossier.received_on == dt.date(2026, 11, 27)
    assert dossier.verification_due == dt.date(2026, 12, 25)
    row = dossier.items.get()
    assert row.submitted_verdict == "eligible"
    assert NominationEvent.objects.get(nomination=dossier, action="submit").extra["verdicts"] == {
        str(row.pk): "eligible"
    }


def test_configured_holidays_push_the_verification_deadline(dossier, staff_a):
    from awards.models import Holiday

    Holiday.objects.create(date=dt.date(2026, 12, 24), name="Nghỉ bù (thử nghiệm)")
    svc.nomination_submit(
        nomination=dossier, actor=staff_a, acknowledge=True, today=dt.date(2026, 11, 27)
    )
    dossier.refresh_from_db()
    assert dossier.verification_due == dt.date(2026, 12, 28)


def test_submission_without_required_documents_is_refused(unit_a, staff_a):
    nomination = NominationFactory(proposing_unit=unit_a, award_year=2024)
    item(nomination, PersonFactory(unit=unit_a), "ldtt")
    with pytest.raises(ValidationError) as exc:
        svc.nomination_submit(nomination=nomination, actor=staff_a, acknowledge=True)
    assert "Tờ trình đề nghị khen thưởng" in str(exc.value)
    nomination.refresh_from_db()
    assert nomination.status == S.DRAFT


def test_ineligible_nominee_blocks_submission_until_acknowledged(unit_a, staff_a):
    nomination = NominationFactory(proposing_unit=unit_a, award_year=2024)
    item(nomination, PersonFactory(unit=unit_a, full_name="Trần Văn Bình"), "ldtt")  # no rating
    attach_documents(nomination, staff_a)
    with pytest.raises(ValidationError) as exc:
        svc.nomination_submit(nomination=nomination, actor=staff_a)
    assert "Có 1 trường hợp không đủ điều kiện" in str(exc.value)
    assert "Trần Văn Bình" in str(exc.value)
    svc.nomination_submit(nomination=nomination, actor=staff_a, acknowledge=True)
    nomination.refresh_from_db()
    assert nomination.status == S.SUBMITTED


def test_submission_after_the_campaign_deadline_is_refused(dossier, staff_a):
    from emulation.models import Campaign

    campaign = Campaign.objects.create(
        code="pt-2024",
        title="Phong trào thi đua yêu nước năm 2024",
        year=2024,
        launching_authority="UBND tỉnh",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        nomination_deadline=dt.date(2024, 12, 10),
    )
    Nomination.objects.filter(pk=dossier.pk).update(campaign=campaign)
    dossier.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        svc.nomination_submit(
            nomination=dossier, actor=staff_a, acknowledge=True, today=dt.date(2024, 12, 11)
        )
    assert "Đã quá hạn nộp hồ sơ" in str(exc.value) and "10/12/2024" in str(exc.value)


def test_verification_needs_a_reason_for_each_failed_nominee(dossier, staff_a, provincial):
    svc.nomination_submit(nomination=dossier, actor=staff_a, acknowledge=True)
    row = dossier.items.get()
    with pytest.raises(ValidationError) as exc:
        svc.nomination_verify(
            nomination=dossier, actor=provincial, results={row.pk: ("failed", "")}
        )
    assert "Nhập lý do không đạt" in str(exc.value)
    svc.nomination_verify(
        nomination=dossier, actor=provincial, results={row.pk: ("failed", "Thiếu minh chứng")}
    )
    row.refresh_from_db()
    assert (row.verification, row.verification_note) == ("failed", "Thiếu minh chứng")


def test_provincial_correction_of_a_submitted_dossier_is_recorded(dossier, staff_a, provincial):
    from awards.models import Award

    svc.nomination_submit(nomination=dossier, actor=staff_a, acknowledge=True)
    row = dossier.items.get()
    svc.nomination_item_correct(
        item=row,
        actor=provincial,
        note="Đơn vị ghi nhầm hình thức",
        award=Award.objects.get(code="giay_khen"),
    )
    event = NominationEvent.objects.get(nomination=dossier, action="corrected")
    assert event.actor == provincial
    assert event.extra["changes"]["award"] == ["Lao động tiên tiến", "Giấy khen"]
    assert NominationItem.objects.get(pk=row.pk).award.code == "giay_khen"


def test_unit_staff_cannot_correct_a_submitted_dossier(dossier, staff_a):
    svc.nomination_submit(nomination=dossier, actor=staff_a, acknowledge=True)
    with pytest.raises(PermissionDenied):
        svc.nomination_item_correct(
            item=dossier.items.get(), actor=staff_a, note="x", achievement="Khác"
        )


def test_submitted_dossier_cannot_be_edited_by_its_unit(dossier, staff_a):
    svc.nomination_submit(nomination=dossier, actor=staff_a, acknowledge=True)
    with pytest.raises(ValidationError):
        svc.nomination_item_update(item=dossier.items.get(), actor=staff_a, achievement="Sửa")


def test_council_member_has_no_action_on_a_dossier(dossier):
    from awards.workflow import available_actions

    member = make_user(Role.COUNCIL_MEMBER, unit=None)
    assert available_actions(dossier, member) == []
