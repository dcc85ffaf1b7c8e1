"""Councils, verified nominees and sessions for the decisions tests."""

from __future__ import annotations

import datetime as dt

from awards.decisions import services
from awards.decisions.models import Council, CouncilMember, CouncilRole
from awards.models import NominationStatus, VerificationResult
from tests.awards.factories import NominationFactory, PersonFactory, item
from tests.factories import Role, UnitFactory, make_user

D = dt.date
MEETING = D(2023, 1, 10)
TERM_START = D(2021, 1, 1)
ISSUE_DAY = D(2023, 1, 20)


def make_council(size: int = 15, *, standing: int = 5, term_start=TERM_START) -> Council:
    """A council of ``size`` members: a chair, two vice-chairs, a secretary and
    members; the first ``standing`` form the standing committee."""
    council = Council.objects.create(
        name="Hội đồng Thi đua – Khen thưởng tỉnh", term_start=term_start
    )
    for n in range(size):
        role = (
            CouncilRole.CHAIR
            if n == 0
            else CouncilRole.VICE_CHAIR
            if n in (1, 2)
            else CouncilRole.SECRETARY
            if n == 3
            else CouncilRole.MEMBER
        )
        user = make_user(
            Role.COUNCIL_SECRETARY if role == CouncilRole.SECRETARY else Role.COUNCIL_MEMBER,
            unit=None,
            username=f"hd{council.pk}-{n:02d}",
            full_name=f"Thành viên số {n + 1:02d}",
        )
        CouncilMember.objects.create(
            council=council,
            user=user,
            role=role,
            is_standing=n < standing,
            valid_from=term_start,
            position=n,
        )
    return council


def members(council: Council) -> list[CouncilMember]:
    return list(council.members.select_related("user").order_by("position"))


def secretary_of(council: Council):
    return council.members.get(role=CouncilRole.SECRETARY).user


def verified_items(
    code: str,
    count: int,
    *,
    year: int = 2022,
    kind: str = "individual",
    unit=None,
    award_type: str = "merit",
):
    """``count`` nominees for ``code`` in one verified dossier."""
    unit = unit or UnitFactory()
    nomination = NominationFactory(
        proposing_unit=unit,
        award_year=year,
        award_type=award_type,
        status=NominationStatus.VERIFIED,
    )
    rows = []
    for _ in range(count):
        recipient = PersonFactory(unit=unit) if kind == "individual" else UnitFactory(parent=unit)
        rows.append(item(nomination, recipient, code, verification=VerificationResult.PASSED))
    return rows


def open_session(council, items, *, body="council", present=None, year=2022, actor=None):
    """A session with ``items`` on its agenda, opened with ``present`` members
    (all by default)."""
    actor = actor or secretary_of(council)
    session = services.session_create(
        council=council,
        body=body,
        title="Phiên họp xét khen thưởng tổng kết năm",
        award_year=year,
        meeting_date=MEETING,
        actor=actor,
    )
    services.agenda_add(session=session, nomination_items=items, actor=actor)
    body_members = list(services.body_members(session).order_by("position"))
    chosen = body_members if present is None else body_members[:present]
    services.session_open(session=session, present=chosen, actor=actor)
    session.refresh_from_db()
    return session


def vote_all(session, votes: list[str], *, written: list[str] | None = None) -> None:
    """Present members vote ``votes[i]`` on every item, in seat order; absent
    members' written opinions ``written[j]`` are entered by the secretary."""
    present = [
        a.member
        for a in session.attendance.select_related("member__user").order_by("member__position")
    ]
    for member, choice in zip(present, votes, strict=False):
        services.ballot_cast(
            session=session,
            user=member.user,
            choices={str(i.uid): choice for i in session.agenda.all()},
        )
    if written:
        absent = [
            m for m in services.body_members(session).order_by("position") if m not in present
        ]
        secretary = session.council.members.get(role=CouncilRole.SECRETARY).user
        for member, choice in zip(absent, written, strict=False):
            services.ballot_record_written(
                session=session,
                member=member,
                actor=secretary,
                choices={str(i.uid): choice for i in session.agenda.all()},
            )


def closed_session(council, items, votes, **kwargs):
    session = open_session(council, items, **kwargs)
    vote_all(session, votes)
    return services.session_close(session=session, actor=secretary_of(council))


def approved_session(council, code: str, count: int, *, body: str = "council", **kwargs):
    """A closed session in which every member said yes to ``count`` nominees of ``code``."""
    items = verified_items(code, count, **kwargs)
    size = 5 if body == "standing_committee" else council.members.count()
    return closed_session(council, items, ["yes"] * size, body=body)


def issued_decision(
    council,
    code: str,
    count: int,
    *,
    number: str,
    day=ISSUE_DAY,
    actor,
    body: str = "council",
    **kwargs,
):
    session = approved_session(council, code, count, body=body, **kwargs)
    decision = services.decision_generate(session=session, actor=actor)
    services.decision_update(decision=decision, actor=actor, number=number, decision_date=day)
    return services.decision_issue(decision=decision, actor=actor)
