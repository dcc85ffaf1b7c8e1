"""Council sessions, their agenda and the secret e-ballot.

Every write: check → write → audit row (``units.AuditEvent``, codes
``decisions.session.*`` and ``decisions.ballot.*``) in one transaction. Audit
rows of ballots say *that* a member voted, never what they chose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.eligibility import rules_date
from awards.models import (
    AwardRule,
    NominationItem,
    NominationStatus,
    RuleKind,
    VerificationResult,
)
from units.models import Role, User
from units.services import audit_record, notification_send

from ..counting import Tally, VoteRule, outcome_of, required_count
from ..models import (
    AgendaItem,
    BallotCount,
    BallotMode,
    BallotReceipt,
    Body,
    Choice,
    Council,
    CouncilMember,
    CouncilSession,
    Outcome,
    SessionAttendance,
    SessionStatus,
)
from ..permissions import can_manage_sessions, seat_of
from ..workflow import SESSION_TRANSITIONS, InvalidTransition, check

READY = (NominationStatus.VERIFIED, NominationStatus.READY_FOR_COUNCIL)


def _locked(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


def _require_secretary(actor, session=None) -> None:
    if not can_manage_sessions(actor, session):
        raise PermissionDenied


# Session --------------------------------------------------------------------------


@transaction.atomic
def session_create(
    *,
    council: Council,
    body: str,
    title: str,
    award_year: int,
    meeting_date: dt.date,
    location: str = "",
    actor,
) -> CouncilSession:
    _require_secretary(actor)
    session = CouncilSession(
        council=council,
        body=body,
        title=title.strip(),
        award_year=award_year,
        meeting_date=meeting_date,
        location=location.strip(),
        created_by=actor,
    )
    session.full_clean()
    if not council.members.serving_on(meeting_date).of_body(body).exists():
        raise ValidationError(
            {
                "meeting_date": _(
                    "Vào ngày họp, thành phần này chưa có thành viên nào trong nhiệm kỳ."
                )
            }
        )
    session.save()
    audit_record(actor=actor, action="decisions.session.created", target=session)
    return session


def body_members(session: CouncilSession):
    """Every member of the session's body on its date: the "all members" base."""
    return (
        CouncilMember.objects.filter(council_id=session.council_id)
        .serving_on(session.meeting_date)
        .of_body(session.body)
        .select_related("user")
    )


# Agenda -------------------------------------------------------------------------


def vote_rules(award_year: int, body: str) -> dict[int, list[AwardRule]]:
    """COUNCIL_VOTE rows in force for the award year that send an award to ``body``."""
    rules: dict[int, list[AwardRule]] = {}
    rows = (
        AwardRule.objects.filter(kind=RuleKind.COUNCIL_VOTE, award__isnull=False)
        .in_force_on(rules_date(award_year))
        .order_by("position", "pk")
    )
    for rule in rows:
        if rule.params.get("body") == body:
            rules.setdefault(rule.award_id, []).append(rule)
    return rules


def rule_for(item: NominationItem, rules: dict[int, list[AwardRule]]) -> AwardRule | None:
    for rule in rules.get(item.award_id, []):
        if rule.applies_to(
            recipient_kind=item.recipient_kind, award_type=item.nomination.award_type
        ):
            return rule
    return None


def agenda_candidates(session: CouncilSession) -> list[tuple[NominationItem, AwardRule]]:
    """Verified nominees of the session's award year whose award the rules send to
    the session's body, not already on an agenda (pending) or approved."""
    rules = vote_rules(session.award_year, session.body)
    items = (
        NominationItem.objects.filter(
            verification=VerificationResult.PASSED,
            nomination__status__in=READY,
            nomination__award_year=session.award_year,
            award_id__in=list(rules),
        )
        .exclude(agenda_items__outcome__in=[Outcome.PENDING, Outcome.APPROVED])
        .for_list()
        .order_by("-award__rank", "nomination__proposing_unit__name", "pk")
    )
    return [(item, rule) for item in items if (rule := rule_for(item, rules))]


@transaction.atomic
def agenda_add(
    *, session: CouncilSession, nomination_items: Iterable[NominationItem], actor
) -> list[AgendaItem]:
    """Put nominees on the agenda, with the vote rule as it stands now."""
    _require_secretary(actor, session)
    session = _locked(session)
    if not session.is_draft():
        raise InvalidTransition(_("Chỉ sửa chương trình khi phiên họp đang chuẩn bị."))
    wanted = {i.pk for i in nomination_items}
    candidates = {item.pk: (item, rule) for item, rule in agenda_candidates(session)}
    refused = wanted - set(candidates)
    if refused:
        raise ValidationError(
            ngettext(
                "%(n)s trường hợp không thể đưa vào phiên họp này (chưa thẩm định đạt, "
                "khác năm khen thưởng, không thuộc thẩm quyền xét của thành phần này, hoặc đã có "
                "trong chương trình khác).",
                "%(n)s trường hợp không thể đưa vào phiên họp này (chưa thẩm định đạt, "
                "khác năm khen thưởng, không thuộc thẩm quyền xét của thành phần này, hoặc đã có "
                "trong chương trình khác).",
                len(refused),
            )
            % {"n": len(refused)}
        )
    if not wanted:
        raise ValidationError(_("Chọn ít nhất một trường hợp để đưa vào chương trình."))
    start = session.agenda.order_by("-position").values_list("position", flat=True).first() or 0
    created = []
    for offset, pk in enumerate(sorted(wanted, key=list(candidates).index), start=1):
        item, rule = candidates[pk]
        vote = VoteRule.from_params(rule.params)
        created.append(
            AgendaItem(
                session=session,
                nomination_item=item,
                award_id=item.award_id,
                position=start + offset,
                vote_rule=rule,
                threshold_percent=vote.threshold_percent,
                threshold_base=vote.base,
                strict=vote.strict,
                attendance_percent=vote.attendance_percent,
            )
        )
    AgendaItem.objects.bulk_create(created)
    audit_record(
        actor=actor, action="decisions.session.agenda_added", target=session, count=len(created)
    )
    return created


@transaction.atomic
def agenda_remove(*, session: CouncilSession, agenda_item: AgendaItem, actor) -> None:
    _require_secretary(actor, session)
    session = _locked(session)
    if not session.is_draft():
        raise InvalidTransition(_("Chỉ sửa chương trình khi phiên họp đang chuẩn bị."))
    if agenda_item.session_id != session.pk:
        raise ValidationError(_("Nội dung này không thuộc phiên họp."))
    name = str(agenda_item)
    agenda_item.delete()
    audit_record(actor=actor, action="decisions.session.agenda_removed", target=session, item=name)


# Opening and presence ------------------------------------------------------------


def _member_ids(session: CouncilSession, members: Iterable[CouncilMember]) -> set[int]:
    allowed = set(body_members(session).values_list("pk", flat=True))
    ids = {m.pk for m in members}
    if ids - allowed:
        raise ValidationError(_("Có người được chọn không phải thành viên của thành phần họp này."))
    return ids


@transaction.atomic
def session_open(
    *, session: CouncilSession, present: Iterable[CouncilMember], actor
) -> CouncilSession:
    """Record who is present and open the secret ballot. The agenda is frozen and
    the number of members and the quorum are taken as they are now."""
    _require_secretary(actor, session)
    session = _locked(session)
    check(SESSION_TRANSITIONS, "open", session, actor, _("phiên họp"))
    items = list(session.agenda.all())
    if not items:
        raise ValidationError(_("Chương trình phiên họp chưa có nội dung nào để biểu quyết."))
    present_ids = _member_ids(session, present)
    total = body_members(session).count()
    quorum = required_count(total, session.council.quorum_percent)
    if len(present_ids) < quorum:
        raise ValidationError(
            {
                "present": _(
                    "Chưa đủ số thành viên dự họp: có mặt %(present)s/%(total)s, "
                    "cần ít nhất %(quorum)s (%(percent)s%%)."
                )
                % {
                    "present": len(present_ids),
                    "total": total,
                    "quorum": quorum,
                    "percent": f"{session.council.quorum_percent:g}",
                }
            }
        )
    SessionAttendance.objects.bulk_create(
        SessionAttendance(session=session, member_id=pk) for pk in sorted(present_ids)
    )
    BallotCount.objects.bulk_create(
        BallotCount(agenda_item=item, choice=choice) for item in items for choice in Choice.values
    )
    session.status = SessionStatus.OPEN
    session.member_count = total
    session.quorum_percent = session.council.quorum_percent
    session.quorum_required = quorum
    session.opened_at = timezone.now()
    session.save(
        update_fields=[
            "status",
            "member_count",
            "quorum_percent",
            "quorum_required",
            "opened_at",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="decisions.session.opened",
        target=session,
        present=len(present_ids),
        members=total,
    )
    return session


@transaction.atomic
def session_mark_present(*, session: CouncilSession, member: CouncilMember, actor) -> None:
    """A member who arrives after the vote opened."""
    _require_secretary(actor, session)
    session = _locked(session)
    if not session.is_open():
        raise InvalidTransition(_("Chỉ ghi nhận thêm người có mặt khi phiên họp đang bỏ phiếu."))
    _member_ids(session, [member])
    if BallotReceipt.objects.filter(session=session, member=member).exists():
        raise ValidationError(
            _("%(name)s đã gửi ý kiến bằng văn bản.") % {"name": member.user.get_full_name()}
        )
    _attendance, created = SessionAttendance.objects.get_or_create(session=session, member=member)
    if created:
        audit_record(
            actor=actor,
            action="decisions.session.member_present",
            target=session,
            member=member.pk,
        )


# Ballot ---------------------------------------------------------------------------


def _check_choices(session: CouncilSession, choices: dict) -> dict[int, str]:
    """``choices`` maps agenda item uid (or pk) → yes/no/abstain; it must name every
    item of this session and nothing else."""
    items = {str(i.uid): i.pk for i in session.agenda.all()}
    by_pk = {str(pk): pk for pk in items.values()}
    result: dict[int, str] = {}
    for key, choice in choices.items():
        pk = items.get(str(key)) or by_pk.get(str(key))
        if pk is None:
            raise ValidationError(
                _("Phiếu có nội dung không thuộc phiên họp này; phiếu không được ghi nhận.")
            )
        if choice not in Choice.values:
            raise ValidationError(
                _("Mỗi nội dung chỉ chọn Đồng ý, Không đồng ý hoặc Không biểu quyết.")
            )
        result[pk] = choice
    if set(result) != set(items.values()):
        missing = len(set(items.values()) - set(result))
        raise ValidationError(
            ngettext(
                "Còn %(n)s nội dung chưa chọn ý kiến; hãy chọn cho mọi nội dung.",
                "Còn %(n)s nội dung chưa chọn ý kiến; hãy chọn cho mọi nội dung.",
                missing,
            )
            % {"n": missing}
        )
    return result


def _cast(session: CouncilSession, member: CouncilMember, mode: str, choices: dict) -> None:
    picked = _check_choices(session, choices)
    if BallotReceipt.objects.filter(session=session, member=member).exists():
        raise ValidationError(
            _("Thành viên này đã bỏ phiếu trong phiên họp; mỗi người chỉ bỏ phiếu một lần.")
        )
    BallotReceipt.objects.create(
        session=session, member=member, mode=mode, recorded_at=timezone.now()
    )
    # Counters only: the increments leave no trace of whose ballot they came from.
    for pk, choice in sorted(picked.items()):
        BallotCount.objects.filter(agenda_item_id=pk, choice=choice).update(votes=F("votes") + 1)


def _open_for_ballot(session: CouncilSession) -> CouncilSession:
    session = _locked(session)
    if session.is_closed():
        raise InvalidTransition(_("Phiên họp đã kết thúc, phiếu đã được kiểm; không thể bỏ phiếu."))
    if not session.is_open():
        raise InvalidTransition(_("Phiên họp chưa mở bỏ phiếu."))
    return session


@transaction.atomic
def ballot_cast(*, session: CouncilSession, user, choices: dict) -> None:
    """A present member's own secret ballot: one choice per agenda item, once."""
    session = _open_for_ballot(session)
    member = seat_of(user, session)
    if member is None:
        raise PermissionDenied
    if not SessionAttendance.objects.filter(session=session, member=member).exists():
        raise ValidationError(
            _(
                "Bạn chưa được thư ký ghi nhận có mặt tại phiên họp. Thành viên vắng mặt gửi ý "
                "kiến bằng văn bản để thư ký nhập."
            )
        )
    _cast(session, member, BallotMode.ELECTRONIC, choices)
    audit_record(
        actor=user,
        action="decisions.ballot.cast",
        target=session,
        member=member.pk,
        mode=BallotMode.ELECTRONIC,
    )


@transaction.atomic
def ballot_record_written(
    *, session: CouncilSession, member: CouncilMember, choices: dict, actor
) -> None:
    """An absent member's written opinion, entered by the secretary."""
    _require_secretary(actor, session)
    session = _open_for_ballot(session)
    _member_ids(session, [member])
    if SessionAttendance.objects.filter(session=session, member=member).exists():
        raise ValidationError(
            _("%(name)s có mặt tại phiên họp và tự bỏ phiếu trên tài khoản của mình.")
            % {"name": member.user.get_full_name()}
        )
    _cast(session, member, BallotMode.WRITTEN, choices)
    audit_record(
        actor=actor,
        action="decisions.ballot.written_recorded",
        target=session,
        member=member.pk,
        mode=BallotMode.WRITTEN,
    )


# Closing ---------------------------------------------------------------------------


@transaction.atomic
def session_close(*, session: CouncilSession, actor) -> CouncilSession:
    """Lock the ballot and compute every item's outcome; the running counters are
    copied onto the items and deleted. The tally minutes are rendered after commit."""
    _require_secretary(actor, session)
    session = _locked(session)
    check(SESSION_TRANSITIONS, "close", session, actor, _("phiên họp"))
    items = list(session.agenda.select_related("nomination_item__nomination"))
    counts: dict[int, dict[str, int]] = {}
    for row in BallotCount.objects.filter(agenda_item__session=session).values(
        "agenda_item_id", "choice", "votes"
    ):
        counts.setdefault(row["agenda_item_id"], {})[row["choice"]] = row["votes"]
    present = session.attendance.count()
    participants = session.receipts.count()
    for item in items:
        c = counts.get(item.pk, {})
        tally = Tally(
            members=session.member_count or 0,
            present=present,
            participants=participants,
            yes=c.get(Choice.YES, 0),
            no=c.get(Choice.NO, 0),
            abstain=c.get(Choice.ABSTAIN, 0),
        )
        rule = VoteRule(
            item.threshold_percent, item.threshold_base, item.strict, item.attendance_percent
        )
        item.outcome, item.required_yes = outcome_of(
            rule, tally, session_quorum=session.quorum_required or 0
        )
        item.yes_count, item.no_count, item.abstain_count = tally.yes, tally.no, tally.abstain
    AgendaItem.objects.bulk_update(
        items, ["outcome", "required_yes", "yes_count", "no_count", "abstain_count", "updated_at"]
    )
    BallotCount.objects.filter(agenda_item__session=session).delete()
    session.status = SessionStatus.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["status", "closed_at", "updated_at"])
    approved = sum(1 for i in items if i.outcome == Outcome.APPROVED)
    audit_record(
        actor=actor,
        action="decisions.session.closed",
        target=session,
        approved=approved,
        items=len(items),
        participants=participants,
        present=present,
    )
    _notify_voted(session, items)
    from ..tasks import session_minutes_render

    # robust: the vote is closed and committed whatever happens to the rendering job.
    transaction.on_commit(lambda: session_minutes_render.delay(session.pk), robust=True)
    return session


def _notify_voted(session: CouncilSession, items: list[AgendaItem]) -> None:
    """Tell each proposing unit how the council voted on its dossier."""
    by_nomination: dict[int, list[AgendaItem]] = {}
    for item in items:
        by_nomination.setdefault(item.nomination_item.nomination_id, []).append(item)
    for group in by_nomination.values():
        nomination = group[0].nomination_item.nomination
        passed = sum(1 for i in group if i.outcome == Outcome.APPROVED)
        users = list(
            User.objects.filter(
                unit_id=nomination.proposing_unit_id,
                groups__name=Role.UNIT_STAFF,
                is_active=True,
            )
        )
        if nomination.created_by.is_active:
            users.append(nomination.created_by)
        notification_send(
            users=users,
            title=f"Hội đồng đã xét hồ sơ {nomination.reference}: {passed}/{len(group)} "
            "trường hợp được thông qua",
            body=f"{session.title} ngày {session.meeting_date:%d/%m/%Y} đã biểu quyết hồ sơ "
            f"“{nomination.title}”. Được thông qua: {passed}; không được thông qua: "
            f"{len(group) - passed}.",
            url=reverse("home"),
        )


@transaction.atomic
def session_cancel(*, session: CouncilSession, actor, reason: str = "") -> CouncilSession:
    _require_secretary(actor, session)
    session = _locked(session)
    check(SESSION_TRANSITIONS, "cancel", session, actor, _("phiên họp"))
    session.agenda.all().delete()
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="decisions.session.cancelled", target=session, reason=reason)
    return session


def session_minutes_store(*, session_id: int) -> CouncilSession | None:
    """Render the tally minutes of a closed session and store the PDF (idempotent:
    a rerun overwrites the same file name)."""
    from django.core.files.base import ContentFile

    from ..documents import tally_minutes_pdf

    session = CouncilSession.objects.filter(pk=session_id, status=SessionStatus.CLOSED).first()
    if session is None:
        return None
    pdf = tally_minutes_pdf(session)
    name = f"bien-ban-kiem-phieu-{session.uid}.pdf"
    if session.minutes_pdf:
        session.minutes_pdf.delete(save=False)
    session.minutes_pdf.save(name, ContentFile(pdf), save=False)
    CouncilSession.objects.filter(pk=session.pk).update(
        minutes_pdf=session.minutes_pdf.name, minutes_rendered_at=timezone.now()
    )
    return session


__all__ = [
    "Body",
    "agenda_add",
    "agenda_candidates",
    "agenda_remove",
    "ballot_cast",
    "ballot_record_written",
    "body_members",
    "session_cancel",
    "session_close",
    "session_create",
    "session_mark_present",
    "session_minutes_store",
    "session_open",
    "vote_rules",
]
