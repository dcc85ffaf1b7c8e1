"""The dossier state machine as data. One executor
(``awards.services.nominations.nomination_transition``) applies it.

draft → submitted → (returned → resubmitted)* → verified → ready_for_council;
withdrawn from any state before verification.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from units.exceptions import InvalidTransition  # noqa: F401 - re-exported
from units.models import Role
from units.permissions import visible_unit_ids

from .models import Nomination, NominationStatus

S = NominationStatus


def acts_for_unit(user, nomination: Nomination) -> bool:
    """Who may edit and send a dossier: staff of the proposing unit (or of a unit
    above it), and provincial staff for the dossiers they created themselves
    (a dossier the province proposes directly)."""
    if is_unit_side(user, nomination):
        return True
    return is_provincial(user, nomination) and (
        nomination.created_by_id is None or nomination.created_by_id == user.pk
    )


def is_unit_side(user, nomination: Nomination) -> bool:
    """Unit staff of the proposing unit or a unit above it (withdrawing is the unit's call)."""
    if not (getattr(user, "is_authenticated", False) and user.has_role(Role.UNIT_STAFF)):
        return False
    ids = visible_unit_ids(user)
    return ids is None or nomination.proposing_unit_id in ids


def is_provincial(user, nomination: Nomination) -> bool:
    return getattr(user, "is_authenticated", False) and user.sees_everything


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    allowed: Callable
    label: str
    button: str = "btn-primary"


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.DRAFT}), S.SUBMITTED, acts_for_unit, _("Gửi hồ sơ")),
    "return": Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}),
        S.RETURNED,
        is_provincial,
        _("Trả lại để bổ sung"),
        "btn-outline-danger",
    ),
    "resubmit": Transition(
        frozenset({S.RETURNED}), S.RESUBMITTED, acts_for_unit, _("Gửi lại hồ sơ")
    ),
    "verify": Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}), S.VERIFIED, is_provincial, _("Thẩm định")
    ),
    "send_to_council": Transition(
        frozenset({S.VERIFIED}), S.READY_FOR_COUNCIL, is_provincial, _("Chuyển Hội đồng")
    ),
    "withdraw": Transition(
        frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.RESUBMITTED}),
        S.WITHDRAWN,
        is_unit_side,
        _("Rút hồ sơ"),
        "btn-outline-secondary",
    ),
}

# Event codes written for each action (the event table also records
# "created", "corrected" and "imported", which do not change the state).
EVENT_LABELS = {
    "created": _("Tạo hồ sơ"),
    "submit": _("Gửi hồ sơ"),
    "return": _("Trả lại hồ sơ"),
    "resubmit": _("Gửi lại hồ sơ"),
    "verify": _("Thẩm định"),
    "send_to_council": _("Chuyển Hội đồng"),
    "withdraw": _("Rút hồ sơ"),
    "corrected": _("Cán bộ tỉnh hiệu chỉnh"),
    "imported": _("Nhập danh sách từ Excel"),
}


def available_actions(nomination: Nomination, user) -> list[tuple[str, Transition]]:
    """Actions ``user`` may take on ``nomination`` now (drives the buttons)."""
    return [
        (name, t)
        for name, t in TRANSITIONS.items()
        if nomination.status in t.sources and t.allowed(user, nomination)
    ]
