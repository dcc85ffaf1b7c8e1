"""Who sits on the council: add a member, edit their seat, end their membership.

Every write: check → write → audit row (``units.AuditEvent``, codes
``decisions.council_member.*``) in one transaction.

How sessions use members, and why these writes leave past sessions alone:

- A session's body is read live (``body_members``: serving on the meeting date,
  standing committee or not) until the vote opens. Opening snapshots
  ``member_count``, ``quorum_percent`` and ``quorum_required`` on the session and
  records who is present (``SessionAttendance``); ballots leave a
  ``BallotReceipt``. Closing counts from those rows, never from the membership.
- While a session is open, though, the membership is still read live: marking a
  late arrival present, a written opinion and the member's own ballot all look
  the seat up by ``serving_on(meeting_date).of_body(body)``. So a change that
  removes a seat from an opened (open or closed) session's date, or moves it in or
  out of the standing committee while a standing-committee vote is open, would
  change that session. Those changes are refused; ending a seat from a later day
  or editing role, title or order changes nothing already counted.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from units.models import User
from units.services import audit_record

from ..models import (
    Body,
    Council,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    SessionAttendance,
    SessionStatus,
)
from ..permissions import can_manage_sessions

# The council has one chair and one secretary at a time: the tally minutes
# (documents.py) sign with *the* chair and *the* secretary serving on the meeting
# date, and a decision's signer is *the* chair. Two at once would make those
# pick one arbitrarily. Vice-chairs and members may be many.
SINGLE_ROLES = (CouncilRole.CHAIR, CouncilRole.SECRETARY)


def _require_manager(actor) -> None:
    if not can_manage_sessions(actor):
        raise PermissionDenied


def _day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _check_single_role(
    *, council: Council, role: str, start: dt.date, end: dt.date | None, exclude_pk=None
) -> None:
    """Refuse a chair or secretary whose period overlaps another one's."""
    if role not in SINGLE_ROLES:
        return
    others = council.members.filter(role=role).current_or_upcoming(start)
    if end is not None:
        others = others.filter(valid_from__lte=end)
    other = others.exclude(pk=exclude_pk).select_related("user").first()
    if other is not None:
        raise ValidationError(
            {
                "role": _(
                    "Hội đồng chỉ có một %(role)s tại một thời điểm; %(name)s đang giữ vai trò "
                    "này. Hãy kết thúc tham gia của người đó (hoặc đổi vai trò) trước."
                )
                % {"role": CouncilRole(role).label, "name": other.user.get_full_name()}
            }
        )


@transaction.atomic
def member_add(
    *,
    council: Council,
    user: User,
    role: str,
    title: str = "",
    is_standing: bool = False,
    valid_from: dt.date,
    position: int = 100,
    actor,
) -> CouncilMember:
    """Give ``user`` a seat on ``council`` from ``valid_from`` (open-ended)."""
    _require_manager(actor)
    errors: dict[str, str] = {}
    if not user.is_active:
        errors["user"] = _("Tài khoản này đã bị khóa; hãy chọn người khác.")
    # One row per person per council (constraint council_member_unique), so a
    # person who already held a seat this term cannot be given a second one.
    seat = council.members.filter(user=user).first()
    if seat is not None:
        if seat.valid_to is None or seat.valid_to >= valid_from:
            errors["user"] = _("%(name)s đang là thành viên Hội đồng (từ ngày %(day)s).") % {
                "name": user.get_full_name(),
                "day": _day(seat.valid_from),
            }
        else:
            errors["user"] = _(
                "%(name)s đã là thành viên Hội đồng nhiệm kỳ này đến ngày %(day)s; "
                "mỗi người chỉ có một lần tham gia trong một nhiệm kỳ."
            ) % {"name": user.get_full_name(), "day": _day(seat.valid_to)}
    if valid_from < council.term_start:
        errors["valid_from"] = _(
            "Ngày tham gia không được trước ngày bắt đầu nhiệm kỳ (%(day)s)."
        ) % {"day": _day(council.term_start)}
    elif council.term_end and valid_from > council.term_end:
        errors["valid_from"] = _(
            "Ngày tham gia không được sau ngày kết thúc nhiệm kỳ (%(day)s)."
        ) % {"day": _day(council.term_end)}
    if errors:
        raise ValidationError(errors)
    _check_single_role(council=council, role=role, start=valid_from, end=None)
    member = CouncilMember(
        council=council,
        user=user,
        role=role,
        title=title.strip(),
        is_standing=is_standing,
        valid_from=valid_from,
        position=position,
    )
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="decisions.council_member.added",
        target=member,
        user=user.pk,
        role=role,
        is_standing=is_standing,
        valid_from=valid_from.isoformat(),
    )
    return member


def _locked(member: CouncilMember) -> CouncilMember:
    return (
        CouncilMember.objects.select_for_update()
        .select_related("council", "user")
        .get(pk=member.pk)
    )


def _open_sessions_on_seat(member: CouncilMember, *, body: str | None = None):
    """Open sessions of the member's council held while the seat is valid."""
    sessions = CouncilSession.objects.filter(
        council_id=member.council_id,
        status=SessionStatus.OPEN,
        meeting_date__gte=member.valid_from,
    )
    if member.valid_to is not None:
        sessions = sessions.filter(meeting_date__lte=member.valid_to)
    return sessions.filter(body=body) if body else sessions


@transaction.atomic
def member_update(
    *,
    member: CouncilMember,
    role: str,
    title: str = "",
    is_standing: bool,
    position: int,
    actor,
) -> CouncilMember:
    """Change a seat's role, title, standing-committee flag or order.

    Role, title and order are not used by any session count. The standing flag
    decides who belongs to a standing-committee session, so it cannot change
    while such a session is open on a day the seat is valid."""
    _require_manager(actor)
    member = _locked(member)
    if member.valid_to is not None and member.valid_to < timezone.localdate():
        raise ValidationError(_("Thành viên này đã kết thúc tham gia; không sửa được nữa."))
    _check_single_role(
        council=member.council,
        role=role,
        start=member.valid_from,
        end=member.valid_to,
        exclude_pk=member.pk,
    )
    if is_standing != member.is_standing:
        session = _open_sessions_on_seat(member, body=Body.STANDING).first()
        if session is not None:
            raise ValidationError(
                {
                    "is_standing": _(
                        "Phiên họp “%(session)s” của Thường trực Hội đồng đang bỏ phiếu; "
                        "chỉ đổi thành phần Thường trực sau khi phiên họp kết thúc."
                    )
                    % {"session": session.title}
                }
            )
    before = {
        "role": member.role,
        "title": member.title,
        "is_standing": member.is_standing,
        "position": member.position,
    }
    member.role = role
    member.title = title.strip()
    member.is_standing = is_standing
    member.position = position
    member.full_clean()
    member.save(update_fields=["role", "title", "is_standing", "position", "updated_at"])
    after = {
        "role": member.role,
        "title": member.title,
        "is_standing": member.is_standing,
        "position": member.position,
    }
    audit_record(
        actor=actor,
        action="decisions.council_member.updated",
        target=member,
        changed={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return member


@transaction.atomic
def member_end(*, member: CouncilMember, valid_to: dt.date, reason: str, actor) -> CouncilMember:
    """End a seat on ``valid_to`` (the last day served), for ``reason``.

    Refused while the member is recorded present in an open session (they may
    still be voting), and when ``valid_to`` falls before the meeting date of an
    opened or closed session the seat belonged to: that session counted the
    member, and cutting the seat would take away their ballot (open) or rewrite
    who sat on it (closed). See the module docstring."""
    _require_manager(actor)
    member = _locked(member)
    reason = reason.strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Nhập lý do kết thúc tham gia.")
    if member.valid_to is not None and member.valid_to < timezone.localdate():
        raise ValidationError(_("Thành viên này đã kết thúc tham gia."))
    if valid_to < member.valid_from:
        errors["valid_to"] = _("Ngày kết thúc không được trước ngày tham gia (%(day)s).") % {
            "day": _day(member.valid_from)
        }
    if errors:
        raise ValidationError(errors)
    present = (
        SessionAttendance.objects.filter(member=member, session__status=SessionStatus.OPEN)
        .select_related("session")
        .first()
    )
    if present is not None:
        raise ValidationError(
            _(
                "%(name)s đang có mặt tại phiên họp “%(session)s” đang bỏ phiếu; chỉ kết thúc "
                "tham gia sau khi phiên họp kết thúc."
            )
            % {"name": member.user.get_full_name(), "session": present.session.title}
        )
    bodies = [Body.COUNCIL, Body.STANDING] if member.is_standing else [Body.COUNCIL]
    cut = (
        CouncilSession.objects.filter(
            council_id=member.council_id,
            status__in=[SessionStatus.OPEN, SessionStatus.CLOSED],
            meeting_date__gt=valid_to,
            meeting_date__gte=member.valid_from,
            body__in=bodies,
        )
        .order_by("-meeting_date")
        .first()
    )
    if cut is not None:
        raise ValidationError(
            {
                "valid_to": _(
                    "Thành viên này đã được tính vào phiên họp “%(session)s” ngày %(day)s; "
                    "ngày kết thúc không được trước ngày họp đó."
                )
                % {"session": cut.title, "day": _day(cut.meeting_date)}
            }
        )
    member.valid_to = valid_to
    member.full_clean()
    member.save(update_fields=["valid_to", "updated_at"])
    audit_record(
        actor=actor,
        action="decisions.council_member.ended",
        target=member,
        valid_to=valid_to.isoformat(),
        reason=reason,
    )
    return member
