"""Sessions, the secret e-ballot and closing: rules and refusals."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.decisions import services
from awards.decisions.models import (
    AgendaItem,
    BallotCount,
    BallotReceipt,
    CouncilSession,
    Outcome,
    SessionStatus,
)
from awards.decisions.workflow import InvalidTransition
from units.models import AuditEvent, Notification

from .factories import (
    closed_session,
    make_council,
    members,
    open_session,
    secretary_of,
    verified_items,
    vote_all,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return make_council(15)


def _choices(session, choice="yes"):
    return {str(i.uid): choice for i in session.agenda.all()}


def _state(session):
    """Everything a refused vote must leave untouched."""
    return (
        sorted(
            BallotCount.objects.filter(agenda_item__session=session).values_list(
                "agenda_item_id", "choice", "votes"
            )
        ),
        BallotReceipt.objects.filter(session=session).count(),
        CouncilSession.objects.get(pk=session.pk).status,
    )


def test_agenda_takes_only_verified_nominees_whose_award_goes_to_that_body(council):
    tinh = verified_items("cstd_tinh", 2)
    bk = verified_items("bang_khen_tinh", 1)
    secretary = secretary_of(council)
    session = services.session_create(
        council=council,
        body="council",
        title="Phiên họp",
        award_year=2022,
        meeting_date=__import__("datetime").date(2023, 1, 10),
        actor=secretary,
    )
    candidates = {i.pk for i, _ in services.agenda_candidates(session)}
    assert candidates == {i.pk for i in tinh}
    with pytest.raises(ValidationError):
        services.agenda_add(session=session, nomination_items=bk, actor=secretary)
    assert session.agenda.count() == 0


def test_opening_without_quorum_is_refused_and_changes_nothing(council):
    items = verified_items("cstd_tinh", 1)
    with pytest.raises(ValidationError, match="Chưa đủ số thành viên dự họp"):
        open_session(council, items, present=9)  # 2/3 of 15 = 10
    session = CouncilSession.objects.get()
    assert session.status == SessionStatus.DRAFT
    assert not BallotCount.objects.exists()


def test_fourteen_yes_of_fifteen_approve_a_provincial_emulation_fighter(council):
    items = verified_items("cstd_tinh", 2)
    session = closed_session(council, items, ["yes"] * 14 + ["no"])
    outcomes = set(
        AgendaItem.objects.filter(session=session).values_list(
            "outcome", "yes_count", "no_count", "required_yes"
        )
    )
    assert outcomes == {(Outcome.APPROVED, 14, 1, 14)}


def test_thirteen_yes_of_fifteen_reject_it(council):
    items = verified_items("cstd_tinh", 1)
    session = closed_session(council, items, ["yes"] * 13 + ["abstain", "no"])
    item = AgendaItem.objects.get(session=session)
    assert (item.outcome, item.yes_count, item.abstain_count) == (Outcome.REJECTED, 13, 1)


def test_absent_members_written_opinions_count_towards_all_members(council):
    items = verified_items("cstd_tinh", 1)
    session = open_session(council, items, present=11)
    vote_all(session, ["yes"] * 11, written=["yes"] * 3)
    services.session_close(session=session, actor=secretary_of(council))
    item = AgendaItem.objects.get(session=session)
    assert (item.outcome, item.yes_count) == (Outcome.APPROVED, 14)
    assert BallotReceipt.objects.filter(session=session, mode="written").count() == 3


def test_standing_committee_decides_provincial_certificates_of_merit_by_majority(council):
    items = verified_items("bang_khen_tinh", 2)
    session = open_session(council, items, body="standing_committee")
    assert session.member_count == 5
    vote_all(session, ["yes", "yes", "yes", "no", "no"])
    services.session_close(session=session, actor=secretary_of(council))
    assert set(session.agenda.values_list("outcome", "required_yes")) == {(Outcome.APPROVED, 3)}


def test_closing_deletes_the_running_counters_and_notifies_the_proposing_unit(council):
    items = verified_items("cstd_tinh", 1)
    from tests.factories import Role, make_user

    staff = make_user(Role.UNIT_STAFF, unit=items[0].nomination.proposing_unit)
    session = closed_session(council, items, ["yes"] * 15)
    assert not BallotCount.objects.filter(agenda_item__session=session).exists()
    assert Notification.objects.filter(user=staff, title__contains="Hội đồng đã xét").exists()


def test_voting_twice_is_refused_and_changes_nothing(council):
    session = open_session(council, verified_items("cstd_tinh", 2))
    member = members(council)[5]
    services.ballot_cast(session=session, user=member.user, choices=_choices(session))
    before = _state(session)
    with pytest.raises(ValidationError, match="chỉ bỏ phiếu một lần"):
        services.ballot_cast(session=session, user=member.user, choices=_choices(session, "no"))
    assert _state(session) == before


def test_voting_after_close_is_refused_and_changes_nothing(council):
    session = closed_session(council, verified_items("cstd_tinh", 1), ["yes"] * 10)
    late = members(council)[12]
    before = (
        list(AgendaItem.objects.values_list("yes_count", "outcome")),
        BallotReceipt.objects.count(),
    )
    with pytest.raises(InvalidTransition, match="đã kết thúc"):
        services.ballot_cast(session=session, user=late.user, choices=_choices(session))
    assert (
        list(AgendaItem.objects.values_list("yes_count", "outcome")),
        BallotReceipt.objects.count(),
    ) == before


def test_voting_on_an_item_of_another_session_is_refused(council):
    first = open_session(council, verified_items("cstd_tinh", 1))
    second = open_session(council, verified_items("cstd_tinh", 1))
    member = members(council)[6]
    choices = _choices(first) | _choices(second)
    before = _state(first), _state(second)
    with pytest.raises(ValidationError, match="không thuộc phiên họp này"):
        services.ballot_cast(session=first, user=member.user, choices=choices)
    assert (_state(first), _state(second)) == before


def test_a_ballot_must_answer_every_item(council):
    session = open_session(council, verified_items("cstd_tinh", 2))
    first = session.agenda.first()
    with pytest.raises(ValidationError, match="chưa chọn"):
        services.ballot_cast(
            session=session, user=members(council)[4].user, choices={str(first.uid): "yes"}
        )
    assert not BallotReceipt.objects.exists()


def test_someone_without_a_seat_cannot_vote(council, council_member):
    session = open_session(council, verified_items("cstd_tinh", 1))
    with pytest.raises(PermissionDenied):
        services.ballot_cast(session=session, user=council_member, choices=_choices(session))


def test_an_absent_member_cannot_vote_on_their_account_but_the_secretary_enters_their_opinion(
    council,
):
    session = open_session(council, verified_items("cstd_tinh", 1), present=12)
    absent = members(council)[14]
    with pytest.raises(ValidationError, match="chưa được thư ký ghi nhận có mặt"):
        services.ballot_cast(session=session, user=absent.user, choices=_choices(session))
    services.ballot_record_written(
        session=session, member=absent, choices=_choices(session), actor=secretary_of(council)
    )
    assert BallotReceipt.objects.get(member=absent).mode == "written"


def test_the_secretary_cannot_enter_a_written_opinion_for_a_present_member(council):
    session = open_session(council, verified_items("cstd_tinh", 1))
    with pytest.raises(ValidationError, match="có mặt tại phiên họp"):
        services.ballot_record_written(
            session=session,
            member=members(council)[7],
            choices=_choices(session),
            actor=secretary_of(council),
        )


def test_only_the_secretary_opens_and_closes(council, provincial):
    session = open_session(council, verified_items("cstd_tinh", 1))
    with pytest.raises(PermissionDenied):
        services.session_close(session=session, actor=provincial)
    with pytest.raises(PermissionDenied):
        services.session_close(session=session, actor=members(council)[0].user)


def test_the_agenda_is_frozen_once_voting_opens(council):
    session = open_session(council, verified_items("cstd_tinh", 1))
    with pytest.raises(InvalidTransition):
        services.agenda_add(
            session=session,
            nomination_items=verified_items("cstd_tinh", 1),
            actor=secretary_of(council),
        )


def test_audit_rows_of_ballots_name_the_member_but_never_a_choice(council):
    session = open_session(council, verified_items("cstd_tinh", 1))
    vote_all(session, ["no", "yes"])
    rows = AuditEvent.objects.filter(action="decisions.ballot.cast")
    assert rows.count() == 2
    for row in rows:
        assert set(row.data) == {"member", "mode"}


def test_a_rejected_nominee_may_come_back_on_a_later_agenda(council):
    items = verified_items("cstd_tinh", 1)
    closed_session(council, items, ["no"] * 15)
    later = open_session(council, items)
    assert later.agenda.count() == 1
