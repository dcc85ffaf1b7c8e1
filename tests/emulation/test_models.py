"""Database invariants of campaigns and focus tasks."""

import datetime as dt

import pytest
from django.db import IntegrityError

from emulation.models import Campaign, FocusTask


def make_campaign(**kwargs):
    fields = {
        "code": "ptyn-2022",
        "title": "Phong trào thi đua yêu nước năm 2022",
        "year": 2022,
        "launching_authority": "UBND tỉnh Thái Nguyên",
        "period_start": dt.date(2022, 1, 1),
        "period_end": dt.date(2022, 12, 31),
    }
    fields.update(kwargs)
    return Campaign.objects.create(**fields)


@pytest.mark.django_db
def test_campaign_period_must_not_end_before_it_starts():
    with pytest.raises(IntegrityError):
        make_campaign(period_end=dt.date(2021, 12, 31))


@pytest.mark.django_db
def test_cluster_scoped_campaign_needs_its_cluster():
    with pytest.raises(IntegrityError):
        make_campaign(scope=Campaign.Scope.CLUSTER)


@pytest.mark.django_db
def test_two_focus_tasks_cannot_share_a_position():
    campaign = make_campaign()
    FocusTask.objects.create(campaign=campaign, position=1, title="Nội dung 1")
    with pytest.raises(IntegrityError):
        FocusTask.objects.create(campaign=campaign, position=1, title="Nội dung khác")


@pytest.mark.django_db
def test_campaign_is_searchable_without_accents():
    make_campaign()
    assert Campaign.objects.search("thi dua yeu nuoc").count() == 1
