"""State machines of council sessions, decisions and escalations, as data.

session:    draft → open → closed;  draft → cancelled
decision:   draft → issued → revoked (revocation of every entry; part revocation
            keeps the decision issued)
escalation: draft → submitted → decided

The executors live in ``services``; ``available_actions`` drives the buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy

from units.exceptions import InvalidTransition

from .models import DecisionStatus, EscalationStatus, SessionStatus
from .permissions import can_manage_decisions, can_manage_sessions


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    allowed: Callable
    label: str  # lazily translated button / message text
    button: str = "btn-primary"


S, D, E = SessionStatus, DecisionStatus, EscalationStatus

SESSION_TRANSITIONS: dict[str, Transition] = {
    "open": Transition(
        frozenset({S.DRAFT}), S.OPEN, can_manage_sessions, gettext_lazy("Mở bỏ phiếu")
    ),
    "close": Transition(
        frozenset({S.OPEN}),
        S.CLOSED,
        can_manage_sessions,
        gettext_lazy("Kết thúc bỏ phiếu và kiểm phiếu"),
    ),
    "cancel": Transition(
        frozenset({S.DRAFT}),
        S.CANCELLED,
        can_manage_sessions,
        gettext_lazy("Hủy phiên họp"),
        "btn-outline-danger",
    ),
}

DECISION_TRANSITIONS: dict[str, Transition] = {
    "issue": Transition(
        frozenset({D.DRAFT}), D.ISSUED, can_manage_decisions, gettext_lazy("Ban hành")
    ),
    "revoke": Transition(
        frozenset({D.ISSUED}),
        D.REVOKED,
        can_manage_decisions,
        gettext_lazy("Thu hồi"),
        "btn-outline-danger",
    ),
}

ESCALATION_TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        frozenset({E.DRAFT}), E.SUBMITTED, can_manage_decisions, gettext_lazy("Trình")
    ),
    "record": Transition(
        frozenset({E.SUBMITTED}),
        E.DECIDED,
        can_manage_decisions,
        gettext_lazy("Ghi nhận quyết định"),
    ),
}


def check(transitions: dict[str, Transition], action: str, obj, user, what: str) -> Transition:
    """The transition, or ``InvalidTransition`` with a message in the active language."""
    transition = transitions[action]
    if obj.status not in transition.sources:
        raise InvalidTransition(
            gettext("Không thể “%(action)s” khi %(what)s đang ở trạng thái “%(status)s”.")
            % {
                "action": str(transition.label).lower(),
                "what": what,
                "status": obj.get_status_display().lower(),
            }
        )
    return transition


def available_actions(transitions: dict[str, Transition], obj, user) -> list[str]:
    return [
        name for name, t in transitions.items() if obj.status in t.sources and t.allowed(user, obj)
    ]
