"""State machines of the emulation app, as data.

Each transition names its allowed source states, its target state and the
permission predicate ``(user, obj) -> bool``. The executors in services.py
are the only code that changes a status; ``available_actions`` drives the
buttons on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import permissions as perms
from .models import Campaign, ScoreSheet, ScoringTable


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    allowed: Any  # (user, obj) -> bool
    label: str
    slug: str  # the URL segment (Vietnamese, no accents)
    note_required: bool = False


def _provincial(user, obj) -> bool:
    return perms.is_provincial(user)


C = Campaign.Status
CAMPAIGN_TRANSITIONS = {
    "launch": Transition(
        frozenset({C.DRAFT}), C.LAUNCHED, _provincial, _("Phát động"), "phat-dong"
    ),
    "close": Transition(
        frozenset({C.LAUNCHED}), C.CLOSED, _provincial, _("Kết thúc phong trào"), "ket-thuc"
    ),
}

T = ScoringTable.Status
TABLE_TRANSITIONS = {
    "open": Transition(
        frozenset({T.DRAFT}), T.SCORING, _provincial, _("Khóa bảng điểm, mở chấm"), "mo-cham-diem"
    ),
    "publish": Transition(
        frozenset({T.SCORING}), T.PUBLISHED, _provincial, _("Công bố kết quả"), "cong-bo"
    ),
    "unpublish": Transition(
        frozenset({T.PUBLISHED}),
        T.SCORING,
        _provincial,
        _("Hủy công bố"),
        "huy-cong-bo",
        note_required=True,
    ),
}

S = ScoreSheet.Status
SHEET_TRANSITIONS = {
    "submit": Transition(
        frozenset({S.DRAFT}),
        S.SUBMITTED,
        lambda user, sheet: perms.can_act_for_unit(user, sheet.unit_id),
        _("Nộp kết quả tự chấm"),
        "nop",
    ),
    "assess": Transition(
        frozenset({S.SUBMITTED}),
        S.ASSESSED,
        lambda user, sheet: perms.can_assess(user, sheet.table),
        _("Hoàn thành chấm của cụm/khối"),
        "cum-cham-xong",
    ),
    "verify": Transition(
        frozenset({S.ASSESSED}), S.VERIFIED, _provincial, _("Xác nhận điểm thẩm định"), "tham-dinh"
    ),
    "return": Transition(
        frozenset({S.SUBMITTED, S.ASSESSED}),
        S.DRAFT,
        lambda user, sheet: perms.can_assess(user, sheet.table),
        _("Trả lại đơn vị"),
        "tra-lai",
        note_required=True,
    ),
    "reopen": Transition(
        frozenset({S.VERIFIED}),
        S.ASSESSED,
        _provincial,
        _("Mở lại thẩm định"),
        "mo-lai",
        note_required=True,
    ),
}


def available_actions(transitions: dict[str, Transition], obj, user) -> list[tuple[str, str, str]]:
    """(action, label, url slug) triples ``user`` may run on ``obj`` now."""
    return [
        (name, t.label, t.slug)
        for name, t in transitions.items()
        if obj.status in t.sources and t.allowed(user, obj)
    ]


def action_for_slug(transitions: dict[str, Transition], slug: str) -> str | None:
    return next((name for name, t in transitions.items() if t.slug == slug), None)
