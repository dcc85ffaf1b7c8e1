"""The demo loader: complete, published, deterministic and idempotent."""

import pytest

from emulation.models import Campaign, ScoreChange, ScoreSheet, ScoringTable, Standing

pytestmark = pytest.mark.django_db


def test_demo_data_loads_twice_without_duplicates_and_publishes_every_cluster():
    from emulation import demo
    from units import demo as units_demo

    units_demo.load()
    demo.load()
    counts = (Campaign.objects.count(), ScoreSheet.objects.count(), Standing.objects.count())
    demo.load()
    assert (
        Campaign.objects.count(),
        ScoreSheet.objects.count(),
        Standing.objects.count(),
    ) == counts
    campaign = Campaign.objects.get(title="Phong trào thi đua yêu nước năm 2022")
    assert campaign.focus_tasks.count() == 6
    assert campaign.nomination_deadline is not None
    assert set(ScoringTable.objects.values_list("year", flat=True)) == {2021, 2022}
    assert not ScoringTable.objects.exclude(status="published").exists()
    assert not ScoreSheet.objects.exclude(status="verified").exists()
    # Every cluster-year has exactly one flag proposal or a tie note, and a trail exists.
    for table in ScoringTable.objects.all():
        assert table.standings.filter(rank=1).exists()
    assert ScoreChange.objects.exclude(reason="").exists()
    daitu = Standing.objects.filter(unit__code="huyen-dai-tu").order_by("table__year")
    assert [s.table.year for s in daitu] == [2021, 2022]
