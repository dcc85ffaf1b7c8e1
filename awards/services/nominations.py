"""Every write to nomination dossiers: creation, nominees, documents, the
eligibility check and the workflow executor.

Shape: check → write → event row, in one transaction. User-fixable problems
raise ``ValidationError`` (in the active language); impossible transitions raise
``awards.workflow.InvalidTransition``; missing rights raise ``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from units.models import Unit
from units.permissions import subtree_ids

from .. import eligibility, screening
from ..models import (
    Award,
    AwardRule,
    DocumentKind,
    Household,
    Nomination,
    NominationDocument,
    NominationEvent,
    NominationItem,
    NominationStatus,
    Person,
    RecipientKind,
    RuleKind,
    Verdict,
    VerificationResult,
)
from ..uploads import check_upload
from ..workdays import add_working_days
from ..workflow import TRANSITIONS, InvalidTransition, acts_for_unit, is_provincial

S = NominationStatus


def _event(nomination, *, action, actor, from_status="", to_status="", note="", **extra):
    return NominationEvent.objects.create(
        nomination=nomination,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        extra=extra,
    )


# Dossier ------------------------------------------------------------------------

NOMINATION_FIELDS = (
    "proposing_unit",
    "award_year",
    "award_type",
    "procedure",
    "title",
    "proposal_number",
    "campaign",
)


def _check_unit_allowed(actor, unit: Unit) -> None:
    probe = Nomination(proposing_unit=unit)
    if not acts_for_unit(actor, probe):
        raise ValidationError({"proposing_unit": _("Bạn không lập hồ sơ cho đơn vị này được.")})


@transaction.atomic
def nomination_create(*, actor, **fields) -> Nomination:
    unknown = set(fields) - set(NOMINATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    nomination = Nomination(created_by=actor, **fields)
    _check_unit_allowed(actor, nomination.proposing_unit)
    nomination.full_clean()
    nomination.save()
    _event(nomination, action="created", actor=actor, to_status=nomination.status)
    return nomination


def _require_editable(nomination: Nomination, actor) -> None:
    if not nomination.is_editable_by_unit():
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”, không sửa được.")
            % {"status": nomination.get_status_display()}
        )
    if not acts_for_unit(actor, nomination):
        raise PermissionDenied


@transaction.atomic
def nomination_update(*, nomination: Nomination, actor, **fields) -> Nomination:
    _require_editable(nomination, actor)
    for name, value in fields.items():
        if name not in NOMINATION_FIELDS:
            raise TypeError(name)
        setattr(nomination, name, value)
    _check_unit_allowed(actor, nomination.proposing_unit)
    nomination.full_clean()
    nomination.save()
    nomination_check(nomination=nomination)
    return nomination


# Nominees -----------------------------------------------------------------------


def _not_for_kind(award: Award, kind: str) -> str:
    """The "this award is not given to this kind of recipient" message."""
    if kind == RecipientKind.COLLECTIVE:
        message = _("%(award)s không xét tặng cho tập thể.")
    elif kind == RecipientKind.HOUSEHOLD:
        message = _("%(award)s không xét tặng cho hộ gia đình.")
    else:
        message = _("%(award)s không xét tặng cho cá nhân.")
    return message % {"award": award.name}


def _validate_item(nomination: Nomination, item: NominationItem) -> None:
    """The recipient must belong to the proposing unit (or a unit below it)."""
    errors = {}
    award = item.award
    if not award.accepts(item.recipient_kind):
        errors["award"] = _not_for_kind(award, item.recipient_kind)
    scope = subtree_ids(nomination.proposing_unit_id)
    name = nomination.proposing_unit.name
    if item.recipient_kind == RecipientKind.INDIVIDUAL:
        if item.person is None:
            errors["person"] = _("Chọn cá nhân được đề nghị.")
        elif item.person.unit_id not in scope:
            errors["person"] = _(
                "%(person)s thuộc %(unit)s, không thuộc %(proposer)s hoặc đơn vị trực thuộc."
            ) % {"person": item.person.full_name, "unit": item.person.unit.name, "proposer": name}
    elif item.recipient_kind == RecipientKind.COLLECTIVE:
        if item.unit is None:
            errors["unit"] = _("Chọn tập thể được đề nghị.")
        elif item.unit_id not in scope:
            errors["unit"] = _("%(unit)s không phải %(proposer)s hoặc đơn vị trực thuộc.") % {
                "unit": item.unit.name,
                "proposer": name,
            }
    elif item.household is None:
        errors["household"] = _("Chọn hộ gia đình được đề nghị.")
    elif item.household.unit_id not in scope:
        errors["household"] = _("%(household)s không thuộc địa bàn của %(proposer)s.") % {
            "household": item.household,
            "proposer": name,
        }
    if not (item.achievement or "").strip():
        errors["achievement"] = _("Nhập tóm tắt thành tích.")
    if errors:
        raise ValidationError(errors)


def build_item(
    *,
    nomination: Nomination,
    recipient_kind: str,
    award: Award,
    achievement: str,
    person: Person | None = None,
    unit: Unit | None = None,
    household: Household | None = None,
    position_text: str = "",
) -> NominationItem:
    """An unsaved nominee, validated (also used by the live check)."""
    item = NominationItem(
        nomination=nomination,
        recipient_kind=recipient_kind,
        award=award,
        achievement=(achievement or "").strip(),
        person=person if recipient_kind == RecipientKind.INDIVIDUAL else None,
        unit=unit if recipient_kind == RecipientKind.COLLECTIVE else None,
        household=household if recipient_kind == RecipientKind.HOUSEHOLD else None,
        position_text=position_text or _default_position(person, unit, recipient_kind),
    )
    _validate_item(nomination, item)
    return item


def _default_position(person, unit, kind) -> str:
    if kind == RecipientKind.INDIVIDUAL and person:
        return ", ".join(x for x in (person.position, person.unit.name) if x)
    return ""


@transaction.atomic
def nomination_item_add(*, nomination: Nomination, actor, **fields) -> NominationItem:
    _require_editable(nomination, actor)
    item = build_item(nomination=nomination, **fields)
    item.save()
    nomination_check(nomination=nomination)
    item.refresh_from_db()
    return item


@transaction.atomic
def nomination_item_update(*, item: NominationItem, actor, **fields) -> NominationItem:
    nomination = item.nomination
    _require_editable(nomination, actor)
    for name in ("award", "achievement", "position_text", "person", "unit", "household"):
        if name in fields:
            setattr(item, name, fields[name])
    _validate_item(nomination, item)
    item.save()
    nomination_check(nomination=nomination)
    item.refresh_from_db()
    return item


@transaction.atomic
def nomination_item_remove(*, item: NominationItem, actor) -> None:
    nomination = item.nomination
    _require_editable(nomination, actor)
    item.delete()
    nomination_check(nomination=nomination)


@transaction.atomic
def nomination_item_correct(*, item: NominationItem, actor, note: str, **fields) -> NominationItem:
    """Provincial staff correct a nominee of a submitted dossier; recorded as an event."""
    nomination = Nomination.objects.select_for_update().get(pk=item.nomination_id)
    if not is_provincial(actor, nomination):
        raise PermissionDenied
    if not nomination.is_awaiting_verification():
        raise ValidationError(_("Chỉ hiệu chỉnh được hồ sơ đang chờ thẩm định."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Nhập lý do hiệu chỉnh.")})
    changes = {}
    for name in ("award", "achievement", "position_text"):
        if name in fields and getattr(item, name) != fields[name]:
            old, new = getattr(item, name), fields[name]
            changes[name] = [str(old), str(new)]
            setattr(item, name, new)
    if not changes:
        raise ValidationError(_("Không có thay đổi nào để ghi nhận."))
    item.nomination = nomination
    _validate_item(nomination, item)
    item.save()
    _event(
        nomination,
        action="corrected",
        actor=actor,
        from_status=nomination.status,
        to_status=nomination.status,
        note=note.strip(),
        item=item.pk,
        recipient=item.recipient_name(),
        changes=changes,
    )
    nomination_check(nomination=nomination)
    return item


# Eligibility, duplicates and quotas -------------------------------------------------


def evaluate(nomination: Nomination, items: list[NominationItem], *, today: dt.date | None = None):
    """(per-item (verdict, findings), dossier quota findings) without writing."""
    for item in items:
        item.nomination = nomination
    results = eligibility.evaluate_items(items, today=today)
    duplicates = screening.find_duplicates(nomination, items)
    dossier_quota, per_award = screening.quota_findings(nomination, items)
    out = []
    for item, result in zip(items, results, strict=True):
        findings = result.findings + duplicates.get(id(item), []) + per_award.get(item.award_id, [])
        out.append((eligibility.verdict_of(findings), findings))
    return out, dossier_quota


@transaction.atomic
def nomination_check(*, nomination: Nomination, today: dt.date | None = None) -> list:
    """Evaluate every nominee and store verdicts and reasons on the rows."""
    items = list(
        nomination.items.select_related("person__unit", "unit", "household", "award").order_by(
            "created_at", "pk"
        )
    )
    results, dossier_quota = evaluate(nomination, items, today=today)
    now = timezone.now()
    for item, (verdict, findings) in zip(items, results, strict=True):
        item.verdict = verdict
        item.findings = [f.as_dict() for f in findings]
        item.checked_at = now
    NominationItem.objects.bulk_update(items, ["verdict", "findings", "checked_at"])
    nomination.quota_findings = [f.as_dict() for f in dossier_quota]
    Nomination.objects.filter(pk=nomination.pk).update(quota_findings=nomination.quota_findings)
    return items


def preview_item(*, nomination: Nomination, **fields):
    """Verdict for a nominee being typed in, without saving (the live check)."""
    item = build_item(nomination=nomination, **fields)
    others = list(nomination.items.select_related("person__unit", "unit", "household", "award"))
    results, _ = evaluate(nomination, [*others, item])
    return item, results[-1]


# Documents ------------------------------------------------------------------------


@transaction.atomic
def nomination_document_add(
    *, nomination: Nomination, kind: str, upload, actor
) -> NominationDocument:
    if not (nomination.is_editable_by_unit() and acts_for_unit(actor, nomination)) and not (
        is_provincial(actor, nomination) and nomination.is_awaiting_verification()
    ):
        raise PermissionDenied
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Chọn loại tài liệu.")})
    detected = check_upload(upload)
    doc = NominationDocument(
        nomination=nomination,
        kind=kind,
        original_name=upload.name[:255],
        size=upload.size,
        detected_type=detected,
        uploaded_by=actor,
    )
    doc.file.save(upload.name, upload, save=False)
    doc.save()
    return doc


@transaction.atomic
def nomination_document_remove(*, document: NominationDocument, actor) -> None:
    _require_editable(document.nomination, actor)
    document.file.delete(save=False)
    document.delete()


def missing_documents(nomination: Nomination) -> list[str]:
    """Labels of the documents the rules in force require and the dossier lacks."""
    day = eligibility.rules_date(nomination.award_year)
    award_ids = set(nomination.items.values_list("award_id", flat=True))
    rules = (
        AwardRule.objects.filter(kind=RuleKind.REQUIRED_DOCUMENT)
        .in_force_on(day)
        .filter(Q(award__isnull=True) | Q(award_id__in=award_ids))
    )
    present = set(nomination.documents.values_list("kind", flat=True))
    missing = []
    for rule in rules:
        procedure = rule.params.get("procedure", "")
        if procedure and procedure != nomination.procedure:
            continue
        if rule.award_types and nomination.award_type not in rule.award_types:
            continue
        doc = rule.params["document"]
        label = str(DocumentKind(doc).label)
        if doc not in present and label not in missing:
            missing.append(label)
    return missing


def verification_days(on: dt.date) -> int:
    rule = (
        AwardRule.objects.filter(kind=RuleKind.VERIFICATION_DAYS, award__isnull=True)
        .in_force_on(on)
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise ValidationError(_("Chưa cấu hình thời hạn thẩm định trong danh mục quy tắc."))
    return int(rule.params["days"])


# Workflow -------------------------------------------------------------------------


@transaction.atomic
def nomination_transition(
    *,
    nomination: Nomination,
    action: str,
    actor,
    note: str = "",
    prepare: Callable[[Nomination], dict] | None = None,
) -> Nomination:
    """The one executor of the dossier workflow.

    Locks the row, checks the action is possible from the current state
    (``InvalidTransition``) and allowed to ``actor`` (``PermissionDenied``), lets
    ``prepare`` validate and return field updates and event data, moves the state
    and writes exactly one event.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise InvalidTransition(_("Không có thao tác “%(action)s”.") % {"action": action})
    locked = (
        Nomination.objects.select_for_update()
        .select_related("proposing_unit")
        .get(pk=nomination.pk)
    )
    if locked.status not in transition.sources:
        raise InvalidTransition(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": transition.label.lower(), "status": locked.get_status_display()}
        )
    if not transition.allowed(actor, locked):
        raise PermissionDenied
    updates, extra = prepare(locked) if prepare else ({}, {})
    from_status = locked.status
    locked.status = transition.target
    for name, value in updates.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "updated_at", *updates])
    _event(
        locked,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=transition.target,
        note=note,
        **extra,
    )
    nomination.__dict__.update(
        {
            k: getattr(locked, k)
            for k in (
                "status",
                "submitted_at",
                "received_on",
                "verification_due",
                "verified_at",
                "quota_findings",
            )
        }
    )
    return locked


def _prepare_submission(*, actor, acknowledge: bool, today: dt.date):
    def prepare(nomination: Nomination):
        if not nomination.items.exists():
            raise ValidationError(_("Hồ sơ chưa có cá nhân, tập thể nào được đề nghị."))
        missing = missing_documents(nomination)
        if missing:
            raise ValidationError(
                _("Hồ sơ còn thiếu tài liệu bắt buộc: %(documents)s.")
                % {"documents": "; ".join(missing)}
            )
        campaign = nomination.campaign
        if campaign and campaign.nomination_deadline and today > campaign.nomination_deadline:
            raise ValidationError(
                _("Đã quá hạn nộp hồ sơ của phong trào “%(campaign)s” (hạn %(deadline)s).")
                % {
                    "campaign": campaign.title,
                    "deadline": campaign.nomination_deadline.strftime("%d/%m/%Y"),
                }
            )
        items = nomination_check(nomination=nomination, today=today)
        bad = [i for i in items if i.verdict == Verdict.INELIGIBLE]
        if bad and not acknowledge:
            names = ", ".join(i.recipient_name() for i in bad[:5])
            message = ngettext(
                "Có %(n)s trường hợp không đủ điều kiện hoặc trùng, vượt tỷ lệ (%(names)s). "
                "Sửa, bỏ khỏi hồ sơ, hoặc xác nhận vẫn gửi để tỉnh thẩm định.",
                "Có %(n)s trường hợp không đủ điều kiện hoặc trùng, vượt tỷ lệ (%(names)s). "
                "Sửa, bỏ khỏi hồ sơ, hoặc xác nhận vẫn gửi để tỉnh thẩm định.",
                len(bad),
            )
            raise ValidationError({"acknowledge": message % {"n": len(bad), "names": names}})
        for item in items:
            item.submitted_verdict = item.verdict
            item.submitted_findings = item.findings
        NominationItem.objects.bulk_update(items, ["submitted_verdict", "submitted_findings"])
        days = verification_days(today)
        updates = {
            "received_on": today,
            "verification_due": add_working_days(today, days),
        }
        if nomination.submitted_at is None:
            updates["submitted_at"] = timezone.now()
        extra = {
            "verdicts": {str(i.pk): i.verdict for i in items},
            "acknowledged": [i.pk for i in bad],
            "verification_days": days,
        }
        return updates, extra

    return prepare


def nomination_submit(
    *, nomination: Nomination, actor, acknowledge: bool = False, today: dt.date | None = None
) -> Nomination:
    """Send a draft to the province; verdicts are stored as they stand now."""
    today = today or timezone.localdate()
    return nomination_transition(
        nomination=nomination,
        action="submit",
        actor=actor,
        prepare=_prepare_submission(actor=actor, acknowledge=acknowledge, today=today),
    )


def nomination_resubmit(
    *,
    nomination: Nomination,
    actor,
    acknowledge: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> Nomination:
    today = today or timezone.localdate()
    return nomination_transition(
        nomination=nomination,
        action="resubmit",
        actor=actor,
        note=note,
        prepare=_prepare_submission(actor=actor, acknowledge=acknowledge, today=today),
    )


def nomination_return(*, nomination: Nomination, actor, reason: str) -> Nomination:
    """Send a dossier back to its unit; the reason is mandatory."""

    def prepare(n):
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Nhập lý do trả lại hồ sơ.")})
        return {}, {}

    return nomination_transition(
        nomination=nomination,
        action="return",
        actor=actor,
        note=(reason or "").strip(),
        prepare=prepare,
    )


def nomination_verify(
    *,
    nomination: Nomination,
    actor,
    results: dict[int, tuple[str, str]],
    note: str = "",
    today: dt.date | None = None,
) -> Nomination:
    """Record the province's verdict on every nominee: ``results[item_id] =
    (passed|failed, reason)``. Eligibility is re-checked first; a failed nominee
    needs a reason, and so does passing one the engine found ineligible."""

    def prepare(n: Nomination):
        items = nomination_check(nomination=n, today=today)
        errors = []
        for item in items:
            outcome, reason = results.get(item.pk, ("", ""))
            reason = (reason or "").strip()
            name = item.recipient_name()
            if outcome not in (VerificationResult.PASSED, VerificationResult.FAILED):
                errors.append(_("Chọn kết quả thẩm định cho %(name)s.") % {"name": name})
            elif outcome == VerificationResult.FAILED and not reason:
                errors.append(_("Nhập lý do không đạt của %(name)s.") % {"name": name})
            elif (
                outcome == VerificationResult.PASSED
                and item.verdict == Verdict.INELIGIBLE
                and not reason
            ):
                errors.append(
                    _(
                        "%(name)s không đủ điều kiện theo kiểm tra tự động: nhập căn cứ để vẫn "
                        "thẩm định đạt."
                    )
                    % {"name": name}
                )
            item.verification, item.verification_note, item.verified_by = outcome, reason, actor
        if errors:
            raise ValidationError(errors)
        NominationItem.objects.bulk_update(
            items, ["verification", "verification_note", "verified_by"]
        )
        summary = {str(i.pk): [i.verification, i.verdict] for i in items}
        return {"verified_at": timezone.now()}, {"results": summary}

    return nomination_transition(
        nomination=nomination, action="verify", actor=actor, note=note, prepare=prepare
    )


def nomination_send_to_council(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    def prepare(n):
        if not n.items.filter(verification=VerificationResult.PASSED).exists():
            raise ValidationError(_("Không có trường hợp nào đạt thẩm định để chuyển Hội đồng."))
        return {}, {}

    return nomination_transition(
        nomination=nomination, action="send_to_council", actor=actor, note=note, prepare=prepare
    )


def nomination_withdraw(*, nomination: Nomination, actor, reason: str = "") -> Nomination:
    return nomination_transition(
        nomination=nomination, action="withdraw", actor=actor, note=(reason or "").strip()
    )


__all__ = [
    "InvalidTransition",
    "build_item",
    "evaluate",
    "missing_documents",
    "nomination_check",
    "nomination_create",
    "nomination_document_add",
    "nomination_document_remove",
    "nomination_item_add",
    "nomination_item_correct",
    "nomination_item_remove",
    "nomination_item_update",
    "nomination_resubmit",
    "nomination_return",
    "nomination_send_to_council",
    "nomination_submit",
    "nomination_transition",
    "nomination_update",
    "nomination_verify",
    "nomination_withdraw",
    "preview_item",
]
