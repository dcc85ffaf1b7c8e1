"""Vote arithmetic: quorum, thresholds and the outcome of an agenda item.

The figures come from the catalogue's council-vote rule rows (``params``:
``threshold_percent``, ``base`` = all_members | present, ``strict``,
``quorum_percent``, ``attendance_percent``) and from the council's own quorum
setting; nothing here is a legal constant.

Percentages are stored with two decimals, so "66.67" stands for two thirds. A
count is taken to reach a share when it reaches the share *as written, give or
take half of its last printed digit*: 10 of 15 members reach 66.67 % (exactly
two thirds), while 13 of 15 (86.7 %) do not reach 90 % — 14 do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from .models import Outcome, VoteBase

# Half of the last printed digit of a percentage with two decimals, as a share.
_SLACK = Decimal("0.005") / 100


def required_count(total: int, percent: Decimal | str | None, *, strict: bool = False) -> int:
    """The smallest count out of ``total`` that reaches ``percent`` (or exceeds it
    when ``strict``: "quá bán" = more than 50 %)."""
    if not percent or total <= 0:
        return 0
    share = Decimal(str(percent)) / 100
    exact = Decimal(total) * share
    slack = Decimal(total) * _SLACK
    if strict:
        return int((exact + slack).to_integral_value(ROUND_FLOOR)) + 1
    return max(int((exact - slack).to_integral_value(ROUND_CEILING)), 0)


@dataclass(frozen=True)
class VoteRule:
    threshold_percent: Decimal
    base: str = VoteBase.ALL_MEMBERS
    strict: bool = False
    attendance_percent: Decimal | None = None

    @classmethod
    def from_params(cls, params: dict) -> VoteRule:
        attendance = [
            Decimal(str(p))
            for p in (params.get("quorum_percent"), params.get("attendance_percent"))
            if p
        ]
        return cls(
            threshold_percent=Decimal(str(params["threshold_percent"])),
            base=params.get("base") or VoteBase.ALL_MEMBERS,
            strict=bool(params.get("strict")),
            attendance_percent=max(attendance) if attendance else None,
        )


@dataclass(frozen=True)
class Tally:
    members: int  # every member of the body on the session date
    present: int  # members recorded present
    participants: int  # members who voted: present on their account, or absent in writing
    yes: int
    no: int
    abstain: int


def outcome_of(rule: VoteRule, tally: Tally, *, session_quorum: int) -> tuple[str, int]:
    """(outcome, yes votes required) of one agenda item.

    The session needs ``session_quorum`` members present; the item's own rule may
    ask for a larger attendance. The threshold is counted over all members of
    the body, or over those who took part, as the rule says.
    """
    base = tally.members if rule.base == VoteBase.ALL_MEMBERS else tally.participants
    needed = required_count(base, rule.threshold_percent, strict=rule.strict)
    attendance = max(session_quorum, required_count(tally.members, rule.attendance_percent or 0))
    if tally.present < attendance:
        return Outcome.NO_QUORUM, needed
    if tally.yes >= needed and needed > 0:
        return Outcome.APPROVED, needed
    return Outcome.REJECTED, needed
