"""Factories and small helpers for the awards app's tests."""

import datetime as dt

import factory

from awards.models import (
    Award,
    AwardRecord,
    Hold,
    Household,
    Initiative,
    Nomination,
    NominationDocument,
    NominationItem,
    Person,
    RecipientKind,
    TaskRating,
)
from tests.factories import UnitFactory, UserFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Faker("name", locale="vi_VN")
    gender = Person.Gender.FEMALE
    birth_date = factory.Sequence(lambda n: dt.date(1970, 1, 1) + dt.timedelta(days=97 * n))
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    joined_on = dt.date(2010, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    head_name = factory.Faker("name", locale="vi_VN")
    address = "Xóm Trung, xã Tiên Hội"
    unit = factory.SubFactory(UnitFactory, commune=True)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    proposing_unit = factory.SubFactory(UnitFactory)
    award_year = 2022
    title = factory.Sequence(lambda n: f"Đề nghị khen thưởng tổng kết năm, đợt {n}")
    created_by = factory.SubFactory(UserFactory)


def award(code: str) -> Award:
    return Award.objects.get(code=code)


def item(nomination, recipient, code: str, **kwargs) -> NominationItem:
    kind = (
        RecipientKind.INDIVIDUAL
        if isinstance(recipient, Person)
        else RecipientKind.HOUSEHOLD
        if isinstance(recipient, Household)
        else RecipientKind.COLLECTIVE
    )
    field = {"individual": "person", "collective": "unit", "household": "household"}[kind]
    return NominationItem.objects.create(
        nomination=nomination,
        recipient_kind=kind,
        award=award(code),
        achievement=kwargs.pop("achievement", "Hoàn thành xuất sắc nhiệm vụ được giao"),
        **{field: recipient},
        **kwargs,
    )


def record(recipient, code: str, year: int, **kwargs) -> AwardRecord:
    if isinstance(recipient, Person):
        fields = {"recipient_kind": "individual", "person": recipient, "unit": recipient.unit}
    elif isinstance(recipient, Household):
        fields = {"recipient_kind": "household", "household": recipient, "unit": recipient.unit}
    else:
        fields = {"recipient_kind": "collective", "unit": recipient}
    a = award(code)
    return AwardRecord.objects.create(
        award=a,
        year=year,
        level=kwargs.pop("level", a.level),
        decision_number=kwargs.pop("decision_number", f"{year}/QĐ-{code}"),
        **fields,
        **kwargs,
    )


def rating(recipient, year: int, value: str) -> TaskRating:
    if isinstance(recipient, Person):
        return TaskRating.objects.create(person=recipient, year=year, rating=value)
    return TaskRating.objects.create(unit=recipient, year=year, rating=value)


def initiative(person, year: int, level: str = "unit") -> Initiative:
    return Initiative.objects.create(
        person=person, year=year, level=level, title=f"Sáng kiến cải tiến quy trình {year}"
    )


def hold(person, kind: str, started_on, ended_on=None, level: str = "") -> Hold:
    return Hold.objects.create(
        person=person, kind=kind, discipline_level=level, started_on=started_on, ended_on=ended_on
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach_documents(
    nomination, user, kinds=("proposal_letter", "achievement_report", "minutes", "initiative_proof")
):
    from django.core.files.base import ContentFile

    for kind in kinds:
        doc = NominationDocument(
            nomination=nomination,
            kind=kind,
            original_name=f"{kind}.pdf",
            size=len(PDF_BYTES),
            detected_type="pdf",
            uploaded_by=user,
        )
        doc.file.save(f"{kind}.pdf", ContentFile(PDF_BYTES), save=False)
        doc.save()
