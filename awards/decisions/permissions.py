"""Who may do what with council sessions, ballots and decisions.

- Council secretary: prepares sessions, records presence and absent members'
  written opinions, opens and closes the vote. Sees results, never ballots.
- Council member: votes on their own account in sessions of the bodies they sit
  on, and sees those sessions and their results.
- Provincial staff (and superusers): see sessions and results; draft, edit, issue
  and revoke decisions; escalations; prize money and its export.
- Administrators see sessions and decisions (read-only) as every other page.
- Unit staff and everyone else: nothing here (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from units.models import Role

from .models import CouncilMember, CouncilSession, Decision, Escalation


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_secretary(user) -> bool:
    return _authenticated(user) and user.has_role(Role.COUNCIL_SECRETARY)


def is_council_member(user) -> bool:
    return _authenticated(user) and user.has_role(Role.COUNCIL_MEMBER)


def can_manage_sessions(user, session: CouncilSession | None = None) -> bool:
    return is_secretary(user)


def can_manage_decisions(user, obj=None) -> bool:
    return _authenticated(user) and (user.is_superuser or user.has_role(Role.PROVINCIAL_STAFF))


def can_view_all_sessions(user) -> bool:
    return is_secretary(user) or (_authenticated(user) and user.sees_everything)


def can_view_sessions(user) -> bool:
    return can_view_all_sessions(user) or is_council_member(user)


def can_view_decisions(user) -> bool:
    return can_view_sessions(user) or can_manage_decisions(user)


def sessions_visible_to(user):
    if can_view_all_sessions(user):
        return CouncilSession.objects.all()
    if is_council_member(user):
        return CouncilSession.objects.for_member(user)
    return CouncilSession.objects.none()


def seat_of(user, session: CouncilSession) -> CouncilMember | None:
    """The user's seat on the body holding ``session`` on its date, if any."""
    if not _authenticated(user):
        return None
    return (
        CouncilMember.objects.filter(council_id=session.council_id, user=user)
        .serving_on(session.meeting_date)
        .of_body(session.body)
        .first()
    )


def get_session_for_user(request: HttpRequest, uid, *, manage: bool = False) -> CouncilSession:
    """404 when the session is not visible to the user; 403 when ``manage`` is
    asked and the user is not the secretary."""
    try:
        session = sessions_visible_to(request.user).select_related("council").get(uid=uid)
    except CouncilSession.DoesNotExist:
        raise Http404 from None
    if manage and not can_manage_sessions(request.user, session):
        raise PermissionDenied
    return session


def get_decision_for_user(request: HttpRequest, uid, *, write: bool = False) -> Decision:
    if not can_view_decisions(request.user):
        raise Http404
    try:
        decision = Decision.objects.select_related("session").get(uid=uid)
    except Decision.DoesNotExist:
        raise Http404 from None
    if decision.is_draft() and not can_manage_decisions(request.user):
        raise Http404  # drafts are the staff's working papers
    if write and not can_manage_decisions(request.user, decision):
        raise PermissionDenied
    return decision


def get_escalation_for_user(request: HttpRequest, uid, *, write: bool = False) -> Escalation:
    if not can_view_decisions(request.user):
        raise Http404
    try:
        escalation = Escalation.objects.get(uid=uid)
    except Escalation.DoesNotExist:
        raise Http404 from None
    if write and not can_manage_decisions(request.user, escalation):
        raise PermissionDenied
    return escalation
