"""Central awards: the submission package to the Prime Minister / State President,
and the central decision when it comes back (which enters each person's award
history and the statistics)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    AwardLevel,
    AwardRecord,
    AwardRecordSource,
    NominationDocument,
    RecipientKind,
)
from awards.spreadsheets import write_xlsx
from units.search import fold
from units.services import audit_record

from ..models import (
    CentralLevel,
    CouncilSession,
    Escalation,
    EscalationEntry,
    EscalationStatus,
    SessionStatus,
)
from ..permissions import can_manage_decisions
from ..workflow import ESCALATION_TRANSITIONS, InvalidTransition, check
from .decisions import approved_items, recipient_name, recipient_position


def _require_staff(actor) -> None:
    if not can_manage_decisions(actor):
        raise PermissionDenied


def _locked(escalation: Escalation) -> Escalation:
    return Escalation.objects.select_for_update().get(pk=escalation.pk)


def _letter(session: CouncilSession, entries: list) -> str:
    awards = list(dict.fromkeys(e.award.name for e in entries))
    return (
        "Kính gửi: Thủ tướng Chính phủ (qua Bộ Nội vụ).\n\n"
        f"Căn cứ kết quả {session.title.lower()} ngày {session.meeting_date:%d/%m/%Y}, Ủy ban nhân "
        f"dân tỉnh kính trình Thủ tướng Chính phủ xem xét, khen thưởng (hoặc trình Chủ tịch nước "
        f"khen thưởng) {len(entries)} tập thể, cá nhân: {', '.join(awards)}, vì đã có thành tích "
        f"xuất sắc năm {session.award_year} (có danh sách và hồ sơ kèm theo).\n\n"
        "Ủy ban nhân dân tỉnh kính trình Thủ tướng Chính phủ xem xét, quyết định."
    )


@transaction.atomic
def escalation_generate(*, session: CouncilSession, actor) -> Escalation:
    """A draft submission for the session's approved central awards."""
    _require_staff(actor)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(_("Phiên họp chưa kết thúc kiểm phiếu."))
    items = list(approved_items(session, central=True))
    if not items:
        raise ValidationError(
            _("Không có trường hợp khen thưởng cấp Trung ương nào được thông qua mà chưa trình.")
        )
    escalation = Escalation.objects.create(
        title=f"Tờ trình đề nghị khen thưởng cấp Nhà nước năm {session.award_year}",
        award_year=session.award_year,
        session=session,
        letter_text=_letter(session, items),
        created_by=actor,
    )
    EscalationEntry.objects.bulk_create(
        EscalationEntry(
            escalation=escalation,
            agenda_item=item,
            nomination_item=item.nomination_item,
            award_id=item.award_id,
            name=recipient_name(item.nomination_item),
            position_text=recipient_position(item.nomination_item)[:300],
            sort_key=n,
        )
        for n, item in enumerate(items, start=1)
    )
    audit_record(
        actor=actor, action="decisions.escalation.drafted", target=escalation, entries=len(items)
    )
    return escalation


@transaction.atomic
def escalation_update(
    *,
    escalation: Escalation,
    actor,
    letter_number: str,
    letter_date: dt.date | None,
    letter_text: str,
    title: str,
) -> Escalation:
    _require_staff(actor)
    escalation = _locked(escalation)
    if escalation.status != EscalationStatus.DRAFT:
        raise InvalidTransition(_("Hồ sơ đã trình Trung ương; không sửa được tờ trình."))
    escalation.letter_number = letter_number.strip()
    escalation.letter_date = letter_date
    escalation.letter_text = letter_text.strip()
    escalation.title = title.strip()
    escalation.full_clean(exclude=["created_by", "session"])
    escalation.save()
    audit_record(actor=actor, action="decisions.escalation.edited", target=escalation)
    return escalation


@transaction.atomic
def escalation_submit(*, escalation: Escalation, actor) -> Escalation:
    _require_staff(actor)
    escalation = _locked(escalation)
    check(ESCALATION_TRANSITIONS, "submit", escalation, actor, _("hồ sơ"))
    if not escalation.letter_number or not escalation.letter_date:
        raise ValidationError(_("Nhập số và ngày tờ trình trước khi trình Trung ương."))
    escalation.status = EscalationStatus.SUBMITTED
    escalation.submitted_at = timezone.now()
    escalation.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=actor, action="decisions.escalation.submitted", target=escalation)
    return escalation


ISSUERS = {
    CentralLevel.PRIME_MINISTER: "Thủ tướng Chính phủ",
    CentralLevel.PRESIDENT: "Chủ tịch nước",
}


@transaction.atomic
def escalation_record_decision(
    *,
    escalation: Escalation,
    actor,
    number: str,
    decision_date: dt.date,
    level: str,
    accepted: Iterable[EscalationEntry],
) -> Escalation:
    """Record the central decision: the accepted entries enter award history
    (level "central"), the others are marked not awarded."""
    _require_staff(actor)
    escalation = _locked(escalation)
    check(ESCALATION_TRANSITIONS, "record", escalation, actor, _("hồ sơ"))
    errors = {}
    if not (number or "").strip():
        errors["number"] = _("Nhập số quyết định của Trung ương.")
    if not decision_date:
        errors["decision_date"] = _("Nhập ngày quyết định.")
    if level not in CentralLevel.values:
        errors["level"] = _("Chọn cấp quyết định.")
    if errors:
        raise ValidationError(errors)
    entries = list(
        escalation.entries.select_related("nomination_item__nomination", "nomination_item__person")
    )
    accepted_ids = {e.pk for e in accepted}
    if accepted_ids - {e.pk for e in entries}:
        raise ValidationError(_("Có trường hợp không thuộc hồ sơ này."))
    if not accepted_ids:
        raise ValidationError({"accepted": _("Chọn các trường hợp được khen thưởng.")})
    for entry in entries:
        entry.accepted = entry.pk in accepted_ids
        if entry.accepted:
            item = entry.nomination_item
            unit_id = item.unit_id
            if item.recipient_kind == RecipientKind.INDIVIDUAL:
                unit_id = item.person.unit_id
            elif item.recipient_kind == RecipientKind.HOUSEHOLD:
                unit_id = item.household.unit_id
            entry.award_record = AwardRecord.objects.create(
                recipient_kind=item.recipient_kind,
                person_id=item.person_id,
                household_id=item.household_id,
                unit_id=unit_id,
                award_id=entry.award_id,
                year=escalation.award_year,
                award_type=item.nomination.award_type,
                level=AwardLevel.CENTRAL,
                decision_number=number.strip(),
                decision_date=decision_date,
                issuer=ISSUERS[level],
                source=AwardRecordSource.CENTRAL_DECISION,
                created_by=actor,
            )
    EscalationEntry.objects.bulk_update(entries, ["accepted", "award_record"])
    escalation.central_number = number.strip()
    escalation.central_date = decision_date
    escalation.central_level = level
    escalation.status = EscalationStatus.DECIDED
    escalation.decided_at = timezone.now()
    escalation.save()
    audit_record(
        actor=actor,
        action="decisions.escalation.decided",
        target=escalation,
        accepted=len(accepted_ids),
        number=escalation.central_number,
    )
    return escalation


def _safe_name(text: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", fold(text)).strip("-")[:80] or "tep"


def escalation_package(escalation: Escalation) -> bytes:
    """The zip sent to the centre: the draft proposal letter (PDF), the list (XLSX)
    and every document of every dossier involved, by dossier."""
    from ..documents import escalation_letter_pdf

    entries = list(
        escalation.entries.select_related("award", "nomination_item__nomination__proposing_unit")
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("01-to-trinh.pdf", escalation_letter_pdf(escalation, entries))
        rows = [
            [
                n,
                e.name,
                e.position_text,
                e.award.name,
                e.nomination_item.nomination.proposing_unit.name,
                e.nomination_item.achievement,
            ]
            for n, e in enumerate(entries, start=1)
        ]
        zf.writestr(
            "02-danh-sach.xlsx",
            write_xlsx(
                [
                    (
                        "Danh sách",
                        [
                            "STT",
                            "Họ tên, tập thể",
                            "Chức vụ, đơn vị",
                            "Hình thức",
                            "Đơn vị đề nghị",
                            "Tóm tắt thành tích",
                        ],
                        rows,
                    )
                ],
                widths={2: 32, 3: 40, 4: 30, 5: 30, 6: 60},
            ),
        )
        nominations = {
            e.nomination_item.nomination_id: e.nomination_item.nomination for e in entries
        }
        docs = NominationDocument.objects.filter(nomination_id__in=list(nominations)).order_by(
            "nomination_id", "kind", "uploaded_at"
        )
        for n, doc in enumerate(docs, start=1):
            folder = f"03-ho-so/{nominations[doc.nomination_id].reference}"
            with doc.file.open("rb") as fh:
                zf.writestr(
                    f"{folder}/{n:03d}-{doc.kind}-{_safe_name(doc.original_name)}", fh.read()
                )
    return out.getvalue()
