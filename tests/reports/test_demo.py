"""The demo data reproduces the province's 2021 figures exactly, and loading it
twice changes nothing."""

import pytest
from django.core.management import call_command

from awards.decisions.models import DecisionEntry, EscalationEntry
from awards.reports import demo
from awards.reports.models import YearReport
from awards.reports.statistics import year_statistics


@pytest.mark.django_db
def test_demo_2021_states_143_and_2655_and_loads_idempotently():
    call_command("load_demo", verbosity=0)
    stats = year_statistics(2021)
    assert stats.central == 143
    assert stats.provincial == 2655
    levels = stats.table("levels")
    assert levels.value("president") == 32
    assert levels.value("prime_minister") == 111
    recipients = stats.table("recipients")
    assert recipients.value("enterprise") > 0
    assert recipients.value("household") == 48
    assert 0 < recipients.value("women") < recipients.value("individual")
    assert stats.table("types").value("exceptional") == 148
    assert YearReport.objects.filter(year=2021).exists()
    counts = (DecisionEntry.objects.count(), EscalationEntry.objects.count())
    demo.load()
    assert (DecisionEntry.objects.count(), EscalationEntry.objects.count()) == counts
    assert year_statistics(2021).provincial == 2655
