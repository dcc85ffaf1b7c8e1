"""The demo loader: on top of the units and awards demo, idempotent."""

import pytest

from awards import demo as awards_demo
from awards.decisions import demo
from awards.decisions.models import CouncilSession, Decision, DecisionEntry, Escalation
from units import demo as units_demo

pytestmark = pytest.mark.django_db


def test_demo_without_the_other_demos_skips_with_a_message():
    import io

    out = io.StringIO()
    demo.load(stdout=out)
    assert "Bỏ qua" in out.getvalue()
    assert not Decision.objects.exists()


def test_demo_builds_a_council_sessions_and_issued_decisions_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    units_demo.load()
    awards_demo.load()
    demo.load()
    demo.load()  # idempotent
    assert CouncilSession.objects.count() == 2
    assert list(Decision.objects.issued().order_by("number").values_list("number", flat=True)) == [
        "125/QĐ-UBND",
        "126/QĐ-UBND",
    ]
    entries = DecisionEntry.objects.order_by("registry_no")
    assert list(entries.values_list("registry_no", flat=True)) == [1, 2, 3, 4, 5]
    amounts = {e.name: e.prize_amount for e in entries}
    assert amounts["Bệnh viện A Thái Nguyên"] == 2_980_000
    assert amounts["Lò Thị Diệp"] == 1_490_000
    assert amounts["Nguyễn Thị Thanh Bình"] == 4_470_000
    assert "Đỗ Mạnh Cường" not in amounts  # 11 yes of the 14 needed
    assert Escalation.objects.count() == 1
    # A verified dossier is left for the council, to walk the path in the browser.
    from awards.decisions.services import agenda_candidates

    session = CouncilSession(award_year=2022, body="standing_committee")
    assert len(agenda_candidates(session)) == 3
