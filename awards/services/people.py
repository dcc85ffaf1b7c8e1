"""Writes to people, households and the facts eligibility rests on. Each write
leaves an audit row (units.AuditEvent) naming who recorded what."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.permissions import visible_unit_ids
from units.services import audit_record

from ..models import (
    AwardRecord,
    Hold,
    Household,
    Initiative,
    Person,
    RecipientKind,
    TaskRating,
    UnitYearFigure,
)

PERSON_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "citizen_id",
    "position",
    "unit",
    "joined_on",
    "is_ethnic_minority",
    "is_direct_worker",
    "is_entrepreneur",
    "leader_level",
    "is_active",
)


def can_manage_unit(actor, unit_id: int) -> bool:
    ids = visible_unit_ids(actor)
    return ids is None or unit_id in ids


def _require_unit(actor, unit_id: int) -> None:
    if not can_manage_unit(actor, unit_id):
        raise PermissionDenied


def _check_citizen_id(person: Person) -> None:
    if (
        person.citizen_id
        and Person.objects.filter(citizen_id=person.citizen_id).exclude(pk=person.pk).exists()
    ):
        raise ValidationError({"citizen_id": _("Số căn cước công dân này đã có trong hệ thống.")})


@transaction.atomic
def person_create(*, actor, **fields) -> Person:
    person = Person(**{k: v for k, v in fields.items() if k in PERSON_FIELDS})
    _require_unit(actor, person.unit_id)
    person.citizen_id = (person.citizen_id or "").strip()
    _check_citizen_id(person)
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="awards.person.created", target=person)
    return person


@transaction.atomic
def person_update(*, person: Person, actor, **fields) -> Person:
    _require_unit(actor, person.unit_id)
    changes = {}
    for name, value in fields.items():
        if name in PERSON_FIELDS and getattr(person, name) != value:
            # Citizen IDs are personal data: the audit says it changed, not to what.
            changes[name] = (
                "***" if name == "citizen_id" else [str(getattr(person, name)), str(value)]
            )
            setattr(person, name, value)
    if not changes:
        return person
    _require_unit(actor, person.unit_id)
    _check_citizen_id(person)
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="awards.person.updated", target=person, changes=changes)
    return person


@transaction.atomic
def household_create(*, actor, head_name: str, address: str, unit) -> Household:
    _require_unit(actor, unit.pk)
    household = Household(head_name=head_name, address=address, unit=unit)
    household.full_clean()
    household.save()
    audit_record(actor=actor, action="awards.household.created", target=household)
    return household


@transaction.atomic
def rating_set(*, actor, year: int, rating: str, person=None, unit=None) -> TaskRating:
    """Record (or replace) the yearly task rating of a person or a collective."""
    _require_unit(actor, person.unit_id if person else unit.pk)
    obj, created = TaskRating.objects.update_or_create(
        person=person, unit=unit, year=year, defaults={"rating": rating}
    )
    obj.full_clean()
    audit_record(actor=actor, action="awards.rating.set", target=obj, year=year, rating=rating)
    return obj


@transaction.atomic
def initiative_add(*, actor, person=None, unit=None, **fields) -> Initiative:
    _require_unit(actor, person.unit_id if person else unit.pk)
    obj = Initiative(person=person, unit=unit, **fields)
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action="awards.initiative.added", target=obj)
    return obj


@transaction.atomic
def hold_add(*, actor, person=None, unit=None, **fields) -> Hold:
    _require_unit(actor, person.unit_id if person else unit.pk)
    obj = Hold(person=person, unit=unit, **fields)
    if obj.kind != Hold.Kind.DISCIPLINE:
        obj.discipline_level = ""
    elif not obj.discipline_level:
        raise ValidationError({"discipline_level": _("Chọn hình thức kỷ luật.")})
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action="awards.hold.added", target=obj, kind=obj.kind)
    return obj


@transaction.atomic
def hold_close(*, actor, hold: Hold, ended_on) -> Hold:
    _require_unit(actor, hold.person.unit_id if hold.person_id else hold.unit_id)
    if ended_on < hold.started_on:
        raise ValidationError({"ended_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    hold.ended_on = ended_on
    hold.save(update_fields=["ended_on", "updated_at"])
    audit_record(actor=actor, action="awards.hold.closed", target=hold, ended_on=str(ended_on))
    return hold


@transaction.atomic
def unit_year_figure_set(*, actor, unit, year: int, member_count: int) -> UnitYearFigure:
    _require_unit(actor, unit.pk)
    obj, _ = UnitYearFigure.objects.update_or_create(
        unit=unit, year=year, defaults={"member_count": member_count}
    )
    audit_record(actor=actor, action="awards.unit_figure.set", target=obj, count=member_count)
    return obj


@transaction.atomic
def award_record_add(*, actor, **fields) -> AwardRecord:
    """Record one award already received (declared by a unit or entered by the province)."""
    record = AwardRecord(created_by=actor, **fields)
    if (
        record.recipient_kind == RecipientKind.INDIVIDUAL
        and record.person_id
        and not record.unit_id
    ):
        record.unit_id = record.person.unit_id
    if (
        record.recipient_kind == RecipientKind.HOUSEHOLD
        and record.household_id
        and not record.unit_id
    ):
        record.unit_id = record.household.unit_id
    _require_unit(actor, record.unit_id)
    record.full_clean()
    record.save()
    audit_record(actor=actor, action="awards.record.added", target=record, source=record.source)
    return record
