"""The documents of this app as HTML, and as PDF through ``awards.pdf.render_html``
(the one module that calls WeasyPrint). Demo documents carry the specimen mark,
drafts the "DỰ THẢO" mark."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from units.i18n import in_record_language

from .models import (
    AgendaItem,
    BallotMode,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Decision,
    DecisionEntry,
    Escalation,
    RecipientGroup,
)

SPECIMEN_MARK = "MẪU – DỮ LIỆU MINH HỌA"
DRAFT_MARK = "DỰ THẢO"
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def _mark(*, draft: bool = False) -> str:
    marks = []
    if draft:
        marks.append(DRAFT_MARK)
    if settings.VINHDANH_DEMO_MODE:
        marks.append(SPECIMEN_MARK)
    return " · ".join(marks)


def _pdf(html: str) -> bytes:
    from awards.pdf import render_html

    return render_html(html)


def annex_blocks(entries: list[DecisionEntry]) -> list[dict]:
    """Annex grouped by award, then collectives / households / individuals."""
    blocks: dict[int, dict] = {}
    for e in entries:
        block = blocks.setdefault(e.award_id, {"award": e.award, "groups": {}})
        block["groups"].setdefault(e.group, []).append(e)
    out = []
    for block in blocks.values():
        groups = []
        for n, (group, rows) in enumerate(sorted(block["groups"].items())):
            groups.append(
                {
                    "group": group,
                    "label": str(RecipientGroup(group).label),
                    "roman": ROMAN[n],
                    "entries": rows,
                }
            )
        out.append({"award": block["award"], "groups": groups})
    return out


@in_record_language
def decision_html(decision: Decision) -> str:
    entries = list(decision.entries.for_annex())
    return render_to_string(
        "decisions/pdf/decision.html",
        {
            "decision": decision,
            "annex": annex_blocks(entries),
            "total": len(entries),
            "revoked": any(e.revoked_at for e in entries),
            "province": settings.VINHDANH_PROVINCE_NAME,
            "mark": _mark(draft=decision.is_draft()),
        },
    )


@in_record_language
def decision_pdf(decision: Decision) -> bytes:
    return _pdf(decision_html(decision))


def _rule_text(item: AgendaItem) -> str:
    base = (
        "tổng số thành viên" if item.threshold_base == "all_members" else "số thành viên biểu quyết"
    )
    more = "trên" if item.strict else "từ"
    return f"cần {more} {item.threshold_percent:g}% {base} đồng ý"


@in_record_language
def tally_minutes_html(session: CouncilSession) -> str:
    items = list(
        session.agenda.select_related(
            "award",
            "nomination_item__person__unit",
            "nomination_item__unit",
            "nomination_item__household",
        ).order_by("-award__rank", "position")
    )
    blocks: dict[int, dict] = {}
    for item in items:
        item.name = item.nomination_item.recipient_name()
        person = item.nomination_item.person
        item.unit = person.unit.name if person else ""
        block = blocks.setdefault(
            item.award_id, {"award": item.award, "items": [], "rule_text": _rule_text(item)}
        )
        block["items"].append(item)
    officers = {
        m.role: m.user.get_full_name()
        for m in CouncilMember.objects.filter(
            council_id=session.council_id, role__in=[CouncilRole.CHAIR, CouncilRole.SECRETARY]
        )
        .serving_on(session.meeting_date)
        .select_related("user")
    }
    receipts = session.receipts.all()
    return render_to_string(
        "decisions/pdf/tally_minutes.html",
        {
            "session": session,
            "blocks": list(blocks.values()),
            "present": session.attendance.count(),
            "written": receipts.filter(mode=BallotMode.WRITTEN).count(),
            "participants": receipts.count(),
            "approved": sum(1 for i in items if i.is_approved()),
            "total": len(items),
            "chair": officers.get(CouncilRole.CHAIR, ""),
            "secretary": officers.get(CouncilRole.SECRETARY, ""),
            "province": settings.VINHDANH_PROVINCE_NAME,
            "mark": _mark(),
        },
    )


@in_record_language
def tally_minutes_pdf(session: CouncilSession) -> bytes:
    return _pdf(tally_minutes_html(session))


@in_record_language
def escalation_letter_pdf(escalation: Escalation, entries) -> bytes:
    html = render_to_string(
        "decisions/pdf/escalation_letter.html",
        {
            "escalation": escalation,
            "entries": entries,
            "paragraphs": [p for p in escalation.letter_text.split("\n") if p.strip()],
            "province": settings.VINHDANH_PROVINCE_NAME,
            "mark": _mark(draft=escalation.status == "draft"),
        },
    )
    return _pdf(html)
