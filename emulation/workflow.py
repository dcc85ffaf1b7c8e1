"""State machines of the emulation app, as data.

Each transition names its allowed source states, its target state and the
permission predicate ``(user, obj) -> bool``. The executors in services.py
are the only code that changes a status; ``available_actions`` drives the
buttons on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import permissions as perms
from .models import Campaign, ScoreSheet, ScoringTable


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    allowed: Any  # (user, obj) -> bool
    label: str
    note_required: bool = False


def _provincial(user, obj) -> bool:
    return perms.is_provincial(user)


C = Campaign.Status
CAMPAIGN_TRANSITIONS = {
    "launch": Transition(frozenset({C.DRAFT}), C.LAUNCHED, _provincial, "Phát động"),
    "close": Transition(frozenset({C.LAUNCHED}), C.CLOSED, _provincial, "Kết thúc phong trào"),
}

T = ScoringTable.Status
TABLE_TRANSITIONS = {
    "open": Transition(frozenset({T.DRAFT}), T.SCORING, _provincial, "Khóa bảng điểm, mở chấm"),
    "publish": Transition(frozenset({T.SCORING}), T.PUBLISHED, _provincial, "Công bố kết quả"),
    "unpublish": Transition(
        frozenset({T.PUBLISHED}), T.SCORING, _provincial, "Hủy công bố", note_required=True
    ),
}

S = ScoreSheet.Status
SHEET_TRANSITIONS = {
    "submit": Transition(
        frozenset({S.DRAFT}),
        S.SUBMITTED,
        lambda user, sheet: perms.can_act_for_unit(user, sheet.unit_id),
        "Nộp kết quả tự chấm",
    ),
    "assess": Transition(
        frozenset({S.SUBMITTED}),
        S.ASSESSED,
        lambda user, sheet: perms.can_assess(user, sheet.table),
        "Hoàn thành chấm của cụm/khối",
    ),
    "verify": Transition(
        frozenset({S.ASSESSED}), S.VERIFIED, _provincial, "Xác nhận điểm thẩm định"
    ),
    "return": Transition(
        frozenset({S.SUBMITTED, S.ASSESSED}),
        S.DRAFT,
        lambda user, sheet: perms.can_assess(user, sheet.table),
        "Trả lại đơn vị",
        note_required=True,
    ),
    "reopen": Transition(
        frozenset({S.VERIFIED}), S.ASSESSED, _provincial, "Mở lại thẩm định", note_required=True
    ),
}


def available_actions(transitions: dict[str, Transition], obj, user) -> list[tuple[str, str]]:
    """(action, label) pairs ``user`` may run on ``obj`` now."""
    return [
        (name, t.label)
        for name, t in transitions.items()
        if obj.status in t.sources and t.allowed(user, obj)
    ]
