"""Award decisions: draft from the council's approved items, edit, issue (registry
numbers, certificate serials, prize money, award history), revoke, render.

Issuing is the one place numbers are handed out. It locks the decision row, then
the counter rows of the golden book (``registry:<year>``) and of certificate
serials (``serial``), always in that order, so concurrent issues queue instead of
deadlocking, and each takes a contiguous, gapless block.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.eligibility import rules_date
from awards.models import (
    AwardCategory,
    AwardLevel,
    AwardRecord,
    AwardRecordSource,
    NominationItem,
    RecipientKind,
    Regime,
)
from units.models import Role, User
from units.services import audit_record, notification_send

from ..models import (
    GROUP_OF_KIND,
    AgendaItem,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    Decision,
    DecisionEntry,
    DecisionStatus,
    Outcome,
    RegistryCounter,
    SessionStatus,
    SignerCapacity,
)
from ..money import Prize, prize_for
from ..permissions import can_manage_decisions
from ..workflow import DECISION_TRANSITIONS, InvalidTransition, check

NUMBER_RE = re.compile(r"^\d{1,6}/QĐ-[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")
ISSUER = "Chủ tịch Ủy ban nhân dân tỉnh"
EDITABLE_FIELDS = (
    "number",
    "decision_date",
    "title",
    "signer_name",
    "signer_capacity",
    "legal_bases",
    "proposal",
    "article_1",
    "article_2",
    "article_3",
    "recipients",
)


def _require_staff(actor) -> None:
    if not can_manage_decisions(actor):
        raise PermissionDenied


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _require_draft(decision: Decision) -> None:
    if not decision.is_draft():
        raise InvalidTransition(
            _(
                "Quyết định số %(number)s đã ban hành; không thể sửa. Nếu có sai sót, hãy "
                "thu hồi (Luật TĐKT Điều 93) và ban hành quyết định mới."
            )
            % {"number": decision.number}
        )


# Drafting ---------------------------------------------------------------------------


def recipient_name(item: NominationItem) -> str:
    if item.recipient_kind == RecipientKind.HOUSEHOLD:
        return f"Hộ gia đình {item.household.head_name}"
    return item.recipient_name()


def recipient_position(item: NominationItem) -> str:
    if item.position_text:
        return item.position_text
    if item.person_id:
        parts = [item.person.position, item.person.unit.name]
        return ", ".join(p for p in parts if p)
    if item.household_id:
        return item.household.address
    return ""


def approved_items(session: CouncilSession, *, central: bool):
    """Approved agenda items of ``session`` not yet in a standing decision (or an
    escalation), for provincial (``central=False``) or central awards."""
    return (
        AgendaItem.objects.filter(
            session=session, outcome=Outcome.APPROVED, award__forwarded_to_central=central
        )
        .exclude(
            nomination_item__decision_entries__in=DecisionEntry.objects.filter(
                revoked_at__isnull=True
            ).exclude(decision__status=DecisionStatus.REVOKED)
        )
        .exclude(nomination_item__escalation_entries__isnull=False)
        .select_related(
            "award",
            "nomination_item__person__unit",
            "nomination_item__unit",
            "nomination_item__household",
            "nomination_item__nomination",
        )
        .order_by("-award__rank", "position", "pk")
    )


def _regime_basis(award_year: int) -> str:
    regime = Regime.objects.in_force_on(rules_date(award_year)).first()
    return regime.legal_basis if regime else "Luật Thi đua, khen thưởng"


def _default_texts(session: CouncilSession, items: list[AgendaItem]) -> dict:
    awards = list(dict.fromkeys(i.award for i in items))
    names = " và ".join(a.name for a in awards)
    kinds = [i.nomination_item.recipient_kind for i in items]
    collectives = kinds.count(RecipientKind.COLLECTIVE) + kinds.count(RecipientKind.HOUSEHOLD)
    individuals = kinds.count(RecipientKind.INDIVIDUAL)
    counted = []
    if collectives:
        counted.append(f"{collectives} tập thể")
    if individuals:
        counted.append(f"{individuals} cá nhân")
    is_title = all(a.category == AwardCategory.EMULATION_TITLE for a in awards)
    verb = "Tặng danh hiệu" if is_title else "Tặng"
    year = session.award_year
    chair = (
        CouncilMember.objects.filter(council_id=session.council_id, role=CouncilRole.CHAIR)
        .serving_on(session.meeting_date)
        .select_related("user")
        .first()
    )
    return {
        "title": f"Về việc {verb.lower()} {names} năm {year}",
        "signer_name": chair.user.get_full_name() if chair else "",
        "signer_capacity": SignerCapacity.CHAIR,
        "legal_bases": "\n".join(
            [
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                f"Căn cứ {_regime_basis(year)};",
                f"Căn cứ Biên bản kiểm phiếu ngày {session.meeting_date:%d/%m/%Y} của "
                + ("Thường trực " if session.body == "standing_committee" else "")
                + "Hội đồng Thi đua – Khen thưởng tỉnh;",
            ]
        ),
        "proposal": "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …/TTr-SNV.",
        "article_1": f"{verb} {names} cho {' và '.join(counted)} (có danh sách kèm theo), "
        f"vì đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}.",
        "article_2": "Tiền thưởng thực hiện theo quy định hiện hành, trích từ Quỹ Thi đua, "
        "khen thưởng của tỉnh.",
        "article_3": "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ "
        "quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi "
        "hành Quyết định này.",
        "recipients": "Như Điều 3;\nChủ tịch, các Phó Chủ tịch UBND tỉnh;\nLưu: VT, SNV.",
    }


@transaction.atomic
def decision_generate(
    *, session: CouncilSession, actor, award_ids: Iterable[int] | None = None
) -> Decision:
    """A draft decision holding the session's approved, not yet decided items
    (provincial awards; central ones go to an escalation)."""
    _require_staff(actor)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(
            _("Phiên họp chưa kết thúc kiểm phiếu; chưa thể lập dự thảo quyết định.")
        )
    items = list(approved_items(session, central=False))
    if award_ids is not None:
        wanted = set(award_ids)
        items = [i for i in items if i.award_id in wanted]
    if not items:
        raise ValidationError(
            _(
                "Không có trường hợp nào được Hội đồng thông qua mà chưa có quyết định; không lập "
                "được dự thảo."
            )
        )
    decision = Decision.objects.create(
        award_year=session.award_year,
        session=session,
        decision_date=timezone.localdate(),
        created_by=actor,
        **_default_texts(session, items),
    )
    DecisionEntry.objects.bulk_create(
        DecisionEntry(
            decision=decision,
            agenda_item=item,
            nomination_item=item.nomination_item,
            award_id=item.award_id,
            recipient_kind=item.nomination_item.recipient_kind,
            group=GROUP_OF_KIND[item.nomination_item.recipient_kind],
            person_id=item.nomination_item.person_id,
            unit_id=item.nomination_item.unit_id,
            household_id=item.nomination_item.household_id,
            name=recipient_name(item.nomination_item),
            position_text=recipient_position(item.nomination_item)[:300],
            sort_key=n,
        )
        for n, item in enumerate(items, start=1)
    )
    decision_prizes_refresh(decision=decision)
    audit_record(
        actor=actor, action="decisions.decision.drafted", target=decision, entries=len(items)
    )
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, actor, **fields) -> Decision:
    """Edit the text of a draft. An issued decision is never edited."""
    _require_staff(actor)
    original, decision = decision, _locked(decision)
    _require_draft(decision)
    changes = {}
    for name, value in fields.items():
        if name in EDITABLE_FIELDS and getattr(decision, name) != value:
            changes[name] = str(value)[:200]
            setattr(decision, name, value)
    if not changes:
        return decision
    decision.full_clean(exclude=["created_by", "issued_by", "session"])
    decision.save()
    if "decision_date" in changes:
        decision_prizes_refresh(decision=decision)
    audit_record(
        actor=actor, action="decisions.decision.edited", target=decision, fields=sorted(changes)
    )
    for name in changes:  # the caller's instance shows what was saved
        setattr(original, name, getattr(decision, name))
    return decision


@transaction.atomic
def decision_entry_update(
    *, entry: DecisionEntry, actor, name: str, position_text: str, sort_key: int | None = None
) -> DecisionEntry:
    _require_staff(actor)
    decision = _locked(entry.decision)
    _require_draft(decision)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Nhập họ tên hoặc tên tập thể.")})
    entry.name, entry.position_text = name, (position_text or "").strip()
    if sort_key is not None:
        entry.sort_key = sort_key
    entry.save(update_fields=["name", "position_text", "sort_key", "updated_at"])
    audit_record(actor=actor, action="decisions.entry.edited", target=decision, entry=entry.pk)
    return entry


@transaction.atomic
def decision_entry_remove(*, entry: DecisionEntry, actor) -> None:
    _require_staff(actor)
    decision = _locked(entry.decision)
    _require_draft(decision)
    if decision.entries.count() <= 1:
        raise ValidationError(
            _("Đây là trường hợp cuối cùng của dự thảo; hãy xóa dự thảo thay vì bỏ trường hợp này.")
        )
    name = entry.name
    entry.delete()
    decision_prizes_refresh(decision=decision)
    audit_record(actor=actor, action="decisions.entry.removed", target=decision, name=name)


@transaction.atomic
def decision_delete(*, decision: Decision, actor) -> None:
    _require_staff(actor)
    decision = _locked(decision)
    _require_draft(decision)
    audit_record(actor=actor, action="decisions.decision.deleted", target=decision)
    decision.delete()


# Prize money -------------------------------------------------------------------------


def _key(entry: DecisionEntry) -> tuple[str, int | None]:
    return entry.recipient_key()


def decision_prizes(decision: Decision, entries: list[DecisionEntry]) -> dict[int, Prize]:
    """Prize of each entry on the decision date, with the highest-only rule.

    Several emulation titles for one period (award year) to one recipient: only
    the highest is paid. When one was already paid by another issued decision,
    this one pays what is left above it (nothing if it is not higher). Forms of
    commendation (certificates of merit…) are always paid, next to a title.
    """
    day = decision.decision_date or timezone.localdate()
    full: dict[tuple[int, str], Prize] = {}
    for e in entries:
        if (e.award_id, e.recipient_kind) not in full:
            full[e.award_id, e.recipient_kind] = prize_for(
                award_id=e.award_id,
                recipient_kind=e.recipient_kind,
                award_year=decision.award_year,
                decision_date=day,
            )
    prizes = {e.pk: full[e.award_id, e.recipient_kind] for e in entries}
    titles = [e for e in entries if e.award.category == AwardCategory.EMULATION_TITLE]
    if not titles:
        return prizes
    groups: dict[tuple, list[DecisionEntry]] = defaultdict(list)
    for e in titles:
        groups[_key(e)].append(e)
    paid: dict[tuple, tuple[int, str]] = {}
    people = [e.person_id for e in titles if e.person_id]
    units = [
        e.unit_id for e in titles if e.unit_id and e.recipient_kind == RecipientKind.COLLECTIVE
    ]
    homes = [e.household_id for e in titles if e.household_id]
    others = (
        DecisionEntry.objects.valid()
        .filter(
            award__category=AwardCategory.EMULATION_TITLE, decision__award_year=decision.award_year
        )
        .filter(Q(person_id__in=people) | Q(unit_id__in=units) | Q(household_id__in=homes))
        .exclude(decision=decision)
        .select_related("decision", "award")
    )
    for other in others:
        key = _key(other)
        if other.prize_amount > paid.get(key, (0, ""))[0]:
            paid[key] = (other.prize_amount, f"{other.award.name} (QĐ {other.decision.number})")
    for key, group in groups.items():
        ranked = sorted(group, key=lambda e: (prizes[e.pk].amount, e.award.rank), reverse=True)
        best = ranked[0]
        already, where = paid.get(key, (0, ""))
        full = prizes[best.pk]
        if already:
            rest = max(full.amount - already, 0)
            note = (
                f"Cùng năm {decision.award_year} đã hưởng {already:,} đồng theo {where}; "
                "chỉ hưởng mức cao nhất".replace(",", ".")
            )
            prizes[best.pk] = Prize(full.multiplier, full.base_salary, rest, note)
        for lower in ranked[1:]:
            p = prizes[lower.pk]
            prizes[lower.pk] = Prize(
                p.multiplier,
                p.base_salary,
                0,
                f"Không chi: cùng năm {decision.award_year} được tặng {best.award.name} "
                "(chỉ hưởng mức tiền thưởng cao nhất)",
            )
    return prizes


def decision_prizes_refresh(*, decision: Decision) -> list[DecisionEntry]:
    """Recompute and store the prize columns of a draft (a preview until issue)."""
    entries = list(decision.entries.select_related("award"))
    prizes = decision_prizes(decision, entries)
    for e in entries:
        p = prizes[e.pk]
        e.prize_multiplier, e.base_salary, e.prize_amount, e.prize_note = (
            p.multiplier,
            p.base_salary,
            p.amount,
            p.note[:500],
        )
    DecisionEntry.objects.bulk_update(
        entries, ["prize_multiplier", "base_salary", "prize_amount", "prize_note"]
    )
    return entries


# Issuing ------------------------------------------------------------------------------


def _take_numbers(key: str, count: int) -> int:
    """Reserve ``count`` consecutive numbers of sequence ``key``; returns the first.

    The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING, so two
    first issues of a year do not collide) and then locked FOR UPDATE until commit.
    """
    RegistryCounter.objects.bulk_create([RegistryCounter(key=key)], ignore_conflicts=True)
    counter = RegistryCounter.objects.select_for_update().get(key=key)
    first = counter.last_value + 1
    counter.last_value += count
    counter.save(update_fields=["last_value"])
    return first


def serial_text(number: int) -> str:
    return f"VD-{number:07d}"


def _validate_for_issue(decision: Decision, entries: list[DecisionEntry]) -> None:
    errors: dict[str, str] = {}
    if not NUMBER_RE.match(decision.number or ""):
        errors["number"] = _("Nhập số quyết định dạng “1234/QĐ-UBND” trước khi ban hành.")
    if not decision.decision_date:
        errors["decision_date"] = _("Nhập ngày quyết định.")
    if not decision.signer_name.strip():
        errors["signer_name"] = _("Nhập họ tên người ký.")
    if errors:
        raise ValidationError(errors)
    if not entries:
        raise ValidationError(
            _(
                "Quyết định chưa có tập thể, cá nhân nào được Hội đồng thông qua; "
                "không thể ban hành."
            )
        )
    year = decision.decision_date.year
    if (
        Decision.objects.issued()
        .filter(number=decision.number, registry_year=year)
        .exclude(pk=decision.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "number": _("Số %(number)s đã dùng cho quyết định khác năm %(year)s.")
                % {"number": decision.number, "year": year}
            }
        )
    clash = (
        DecisionEntry.objects.valid()
        .filter(nomination_item_id__in=[e.nomination_item_id for e in entries])
        .exclude(decision=decision)
        .select_related("decision")
        .first()
    )
    if clash:
        raise ValidationError(
            _(
                "%(name)s đã được khen thưởng tại Quyết định số %(number)s; bỏ trường hợp này "
                "khỏi dự thảo."
            )
            % {"name": clash.name, "number": clash.decision.number}
        )
    not_approved = [
        e.name for e in entries if e.agenda_item_id and e.agenda_item.outcome != Outcome.APPROVED
    ]
    if not_approved:
        raise ValidationError(
            _("Các trường hợp sau không được Hội đồng thông qua: %(names)s.")
            % {"names": ", ".join(not_approved[:5])}
        )


def decision_issue(*, decision: Decision, actor) -> Decision:
    """Issue a draft: registry numbers and serials (once, gapless), final prize
    money, award history rows; PDF rendering and certificates after commit."""
    _require_staff(actor)
    with transaction.atomic():
        decision = _locked(decision)
        check(DECISION_TRANSITIONS, "issue", decision, actor, _("quyết định"))
        entries = list(
            decision.entries.select_related(
                "award", "agenda_item", "person", "nomination_item__nomination"
            ).annex_order()
        )
        _validate_for_issue(decision, entries)
        year = decision.decision_date.year
        first_registry = _take_numbers(f"registry:{year}", len(entries))
        first_serial = _take_numbers("serial", len(entries))
        prizes = decision_prizes(decision, entries)
        ordinals: dict[tuple, int] = defaultdict(int)
        for n, entry in enumerate(entries):
            ordinals[(entry.award_id, entry.group)] += 1
            entry.ordinal = ordinals[(entry.award_id, entry.group)]
            entry.registry_year = year
            entry.registry_no = first_registry + n
            entry.certificate_serial = serial_text(first_serial + n)
            p = prizes[entry.pk]
            entry.prize_multiplier, entry.base_salary = p.multiplier, p.base_salary
            entry.prize_amount, entry.prize_note = p.amount, p.note[:500]
        records = AwardRecord.objects.bulk_create(
            _history_row(decision, entry, actor) for entry in entries
        )
        for entry, record in zip(entries, records, strict=True):
            entry.award_record = record
        DecisionEntry.objects.bulk_update(
            entries,
            [
                "ordinal",
                "registry_year",
                "registry_no",
                "certificate_serial",
                "prize_multiplier",
                "base_salary",
                "prize_amount",
                "prize_note",
                "award_record",
            ],
        )
        decision.status = DecisionStatus.ISSUED
        decision.registry_year = year
        decision.issued_at = timezone.now()
        decision.issued_by = actor
        decision.save()
        audit_record(
            actor=actor,
            action="decisions.decision.issued",
            target=decision,
            entries=len(entries),
            registry=[first_registry, first_registry + len(entries) - 1],
            total=sum(e.prize_amount for e in entries),
        )
        _notify_decided(decision, entries)
        # robust: the decision is issued and committed whatever happens to its side jobs.
        transaction.on_commit(lambda: after_issue(decision.pk), robust=True)
    return decision


def _history_row(decision: Decision, entry: DecisionEntry, actor) -> AwardRecord:
    nomination = entry.nomination_item.nomination
    unit_id = entry.unit_id
    if entry.recipient_kind == RecipientKind.INDIVIDUAL:
        unit_id = entry.person.unit_id
    elif entry.recipient_kind == RecipientKind.HOUSEHOLD:
        unit_id = entry.nomination_item.household.unit_id
    return AwardRecord(
        recipient_kind=entry.recipient_kind,
        person_id=entry.person_id,
        household_id=entry.household_id,
        unit_id=unit_id,
        award_id=entry.award_id,
        year=decision.award_year,
        award_type=nomination.award_type,
        level=AwardLevel.PROVINCIAL,
        decision_number=decision.number,
        decision_date=decision.decision_date,
        issuer=ISSUER,
        source=AwardRecordSource.PORTAL_DECISION,
        created_by=actor,
    )


def after_issue(decision_id: int) -> None:
    """What follows an issued decision, run after commit. Explicit, no signals.

    Issue 6 (certificates) adds its call here, e.g.
    ``certificates_render_for_decision(decision_id=decision_id)``: every valid entry
    of ``certificate_entries(decision)`` (``awards.decisions.selectors``) carries its
    registry number and serial by then.
    """
    from ..tasks import decision_pdf_render

    decision_pdf_render.delay(decision_id)
    from awards.certificates.services import certificates_render_for_decision

    certificates_render_for_decision(decision_id=decision_id)


def _notify_decided(decision: Decision, entries: list[DecisionEntry]) -> None:
    by_unit: dict[int, int] = defaultdict(int)
    for e in entries:
        by_unit[e.nomination_item.nomination.proposing_unit_id] += 1
    staff = User.objects.filter(
        unit_id__in=list(by_unit), groups__name=Role.UNIT_STAFF, is_active=True
    )
    for user in staff:
        n = by_unit[user.unit_id]
        notification_send(
            users=[user],
            title=f"Quyết định số {decision.number} khen thưởng {n} trường hợp của đơn vị",
            body=f"{decision.title}. Ngày quyết định: {decision.decision_date:%d/%m/%Y}.",
            url="",
        )


# Revocation ----------------------------------------------------------------------------


@transaction.atomic
def decision_revoke(
    *, decision: Decision, actor, reason: str, entries: Iterable[DecisionEntry] | None = None
) -> Decision:
    """Revoke some entries (or all, when ``entries`` is None) with a reason (Law
    Art. 93). History rows are marked revoked, so eligibility and statistics follow;
    their prize money counts as to be recovered. Revoking the last valid entry
    revokes the decision."""
    _require_staff(actor)
    decision = _locked(decision)
    if decision.status != DecisionStatus.ISSUED:
        raise InvalidTransition(
            _("Chỉ thu hồi được quyết định đã ban hành và chưa bị thu hồi toàn bộ.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Nhập lý do thu hồi (Luật Thi đua, khen thưởng Điều 93).")}
        )
    valid = decision.entries.filter(revoked_at__isnull=True)
    if entries is None:
        targets = list(valid)
    else:
        ids = {e.pk for e in entries}
        targets = list(valid.filter(pk__in=ids))
        if len(targets) != len(ids):
            raise ValidationError(_("Có trường hợp đã bị thu hồi hoặc không thuộc quyết định này."))
    if not targets:
        raise ValidationError({"entries": _("Chọn ít nhất một trường hợp để thu hồi.")})
    now = timezone.now()
    DecisionEntry.objects.filter(pk__in=[e.pk for e in targets]).update(
        revoked_at=now, revocation_reason=reason
    )
    AwardRecord.objects.filter(
        pk__in=[e.award_record_id for e in targets if e.award_record_id]
    ).update(revoked_at=now)
    whole = not decision.entries.filter(revoked_at__isnull=True).exists()
    if whole:
        decision.status = DecisionStatus.REVOKED
        decision.revoked_at = now
        decision.revocation_reason = reason
        decision.save(update_fields=["status", "revoked_at", "revocation_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="decisions.decision.revoked" if whole else "decisions.decision.partly_revoked",
        target=decision,
        entries=[e.pk for e in targets],
        reason=reason,
        recovered=sum(e.prize_amount for e in targets),
    )
    return decision


# Rendering ------------------------------------------------------------------------------


def decision_pdf_store(*, decision_id: int) -> Decision | None:
    """Render the issued decision with its annex and store the PDF (idempotent)."""
    from ..documents import decision_pdf

    decision = Decision.objects.issued().filter(pk=decision_id).first()
    if decision is None:
        return None
    pdf = decision_pdf(decision)
    if decision.pdf:
        decision.pdf.delete(save=False)
    decision.pdf.save(f"quyet-dinh-{decision.uid}.pdf", ContentFile(pdf), save=False)
    Decision.objects.filter(pk=decision.pk).update(
        pdf=decision.pdf.name, pdf_rendered_at=timezone.now()
    )
    return decision


def day_or_today(day: dt.date | None) -> dt.date:
    return day or timezone.localdate()
