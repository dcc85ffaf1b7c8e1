"""Duplicates across dossiers and quota rules per proposing unit."""

import datetime as dt

import pytest

from awards.models import Nomination, Verdict
from awards.services.nominations import nomination_check
from tests.awards.factories import (
    NominationFactory,
    PersonFactory,
    initiative,
    item,
    rating,
    record,
)

pytestmark = pytest.mark.django_db


def check(nomination):
    nomination_check(nomination=nomination)
    return {i.pk: i for i in nomination.items.all()}


def dup_messages(row):
    return [f["message"] for f in row.findings if f["kind"] == "duplicate"]


def test_same_person_twice_for_the_same_award_in_one_dossier_is_a_duplicate(unit_a):
    person = PersonFactory(unit=unit_a, full_name="Nguyễn Văn Ánh")
    nomination = NominationFactory(proposing_unit=unit_a)
    first, second = item(nomination, person, "giay_khen"), item(nomination, person, "giay_khen")
    rows = check(nomination)
    assert rows[first.pk].verdict == rows[second.pk].verdict == Verdict.INELIGIBLE
    assert (
        "Trùng (cùng người): Nguyễn Văn Ánh đã được đề nghị Giấy khen năm 2022 — trong hồ sơ này"
        in (dup_messages(rows[first.pk]))
    )


def test_same_person_for_two_different_titles_by_one_unit_is_not_a_duplicate(unit_a):
    person = PersonFactory(unit=unit_a)
    nomination = NominationFactory(proposing_unit=unit_a)
    item(nomination, person, "ldtt")
    row = item(nomination, person, "cstd_cs")
    assert dup_messages(check(nomination)[row.pk]) == []


def test_same_folded_name_and_birth_date_proposed_by_two_units_is_a_duplicate(unit_a, unit_b):
    born = dt.date(1980, 3, 12)
    a = PersonFactory(unit=unit_a, full_name="Nguyễn Văn Ánh", birth_date=born)
    b = PersonFactory(unit=unit_b, full_name="NGUYEN VAN ANH", birth_date=born)
    other = NominationFactory(proposing_unit=unit_b, status=Nomination.Status.SUBMITTED)
    item(other, b, "bang_khen_tinh")
    mine = NominationFactory(proposing_unit=unit_a)
    row = item(mine, a, "giay_khen")
    messages = dup_messages(check(mine)[row.pk])
    assert len(messages) == 1
    assert "cùng họ tên và ngày sinh" in messages[0]
    assert "đã được Sở Y tế đề nghị Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in messages[0]


def test_a_citizen_id_belongs_to_one_person_only(unit_a, unit_b):
    from django.db import IntegrityError, transaction

    PersonFactory(unit=unit_a, full_name="Lê Thị Hoa", citizen_id="019180000123")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(unit=unit_b, full_name="Lê Thị Hoà", citizen_id="019180000123")


def test_another_units_draft_is_private_and_not_a_duplicate(unit_a, unit_b):
    person = PersonFactory(unit=unit_a)
    draft = NominationFactory(proposing_unit=unit_b)
    item(draft, person, "giay_khen")
    mine = NominationFactory(proposing_unit=unit_a)
    row = item(mine, person, "giay_khen")
    assert dup_messages(check(mine)[row.pk]) == []


def test_withdrawn_dossiers_do_not_count_as_duplicates(unit_a):
    person = PersonFactory(unit=unit_a)
    old = NominationFactory(proposing_unit=unit_a, status=Nomination.Status.WITHDRAWN)
    item(old, person, "giay_khen")
    mine = NominationFactory(proposing_unit=unit_a)
    row = item(mine, person, "giay_khen")
    assert dup_messages(check(mine)[row.pk]) == []


def test_collective_proposed_twice_for_the_same_flag_is_a_duplicate(unit_a, school_a):
    first = NominationFactory(proposing_unit=school_a, status=Nomination.Status.SUBMITTED)
    item(first, school_a, "ttldtt")
    second = NominationFactory(proposing_unit=unit_a)
    row = item(second, school_a, "ttldtt")
    assert "Trùng (cùng tập thể)" in dup_messages(check(second)[row.pk])[0]


def fighters_and_workers(unit, year, n_ldtt, n_cstd):
    people = PersonFactory.create_batch(n_ldtt, unit=unit)
    for p in people:
        record(p, "ldtt", year)
        rating(p, year, "excellent")
        initiative(p, year)
    nomination = NominationFactory(proposing_unit=unit, award_year=year)
    rows = [item(nomination, p, "cstd_cs") for p in people[:n_cstd]]
    return nomination, rows


def test_old_regime_caps_grassroots_fighters_at_fifteen_percent_of_advanced_workers(unit_a):
    nomination, rows = fighters_and_workers(unit_a, 2022, n_ldtt=10, n_cstd=2)
    checked = check(nomination)
    assert all(checked[r.pk].verdict == Verdict.INELIGIBLE for r in rows)
    nomination.refresh_from_db()
    assert nomination.quota_findings[0]["message"] == (
        "Vượt tỷ lệ — Sở Giáo dục và Đào tạo năm 2022: 2 Chiến sĩ thi đua cơ sở trên 10 "
        "Lao động tiên tiến (tối đa 15% = 1)"
    )


def test_old_regime_quota_met_passes(unit_a):
    nomination, rows = fighters_and_workers(unit_a, 2022, n_ldtt=14, n_cstd=2)
    checked = check(nomination)
    assert [checked[r.pk].verdict for r in rows] == [Verdict.ELIGIBLE, Verdict.ELIGIBLE]
    nomination.refresh_from_db()
    assert nomination.quota_findings[0]["status"] == "pass"


@pytest.mark.parametrize("year", [2024, 2025])
def test_new_regimes_have_no_grassroots_fighter_cap(unit_a, year):
    nomination, rows = fighters_and_workers(unit_a, year, n_ldtt=10, n_cstd=5)
    checked = check(nomination)
    assert all(checked[r.pk].verdict == Verdict.ELIGIBLE for r in rows)
    nomination.refresh_from_db()
    assert nomination.quota_findings == []
