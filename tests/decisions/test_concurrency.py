"""Registry numbers and certificate serials under real concurrent transactions on
PostgreSQL: several staff issue different decisions at the same moment."""

import threading
import time
from pathlib import Path

import pytest
from django.db import connections

from awards.decisions import services
from awards.decisions.models import Decision, DecisionEntry, DecisionStatus, RegistryCounter
from awards.decisions.workflow import InvalidTransition

from .factories import closed_session, make_council, verified_items

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def tasks_parked():
    """Tasks enqueued after commit wait in the (test) Redis queue instead of running
    eagerly in the issuing thread, so the figures measure issuing alone, not the PDF
    rendering that follows it. The queue is purged afterwards."""
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("default")


def _drafts(count: int, size: int, provincial):
    council = make_council(5, standing=5)
    drafts = []
    for n in range(count):
        session = closed_session(council, verified_items("cstd_tinh", size), ["yes"] * 5)
        decision = services.decision_generate(session=session, actor=provincial)
        services.decision_update(decision=decision, actor=provincial, number=f"{100 + n}/QĐ-UBND")
        drafts.append(decision)
    return drafts


def _run_in_threads(jobs):
    """Run every ``job()`` in its own thread (own DB connection), all released at once."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def worker(i, job):
        try:
            barrier.wait()
            start = time.perf_counter()
            results[i] = ("ok", job(), start, time.perf_counter())
        except Exception as exc:  # noqa: BLE001 - recorded and asserted by the test
            results[i] = ("error", exc, 0, 0)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_decisions_issued_at_the_same_moment_never_share_or_skip_a_number(
    catalogue, provincial, tasks_parked
):
    decisions, size = 8, 12
    drafts = _drafts(decisions, size, provincial)

    def issue(decision):
        return lambda: services.decision_issue(decision=decision, actor=provincial).pk

    wall = time.perf_counter()
    results = _run_in_threads([issue(d) for d in drafts])
    wall = time.perf_counter() - wall

    assert [r[0] for r in results] == ["ok"] * decisions, results
    numbers = sorted(DecisionEntry.objects.values_list("registry_no", flat=True))
    serials = sorted(DecisionEntry.objects.values_list("certificate_serial", flat=True))
    total = decisions * size
    assert numbers == list(range(1, total + 1))  # gapless, no duplicate
    assert serials == [f"VD-{n:07d}" for n in range(1, total + 1)]
    assert (
        RegistryCounter.objects.get(key=f"registry:{drafts[0].decision_date.year}").last_value
        == total
    )
    # Each decision got one contiguous block, in annex order.
    for decision in Decision.objects.all():
        block = list(decision.entries.annex_order().values_list("registry_no", flat=True))
        assert block == list(range(block[0], block[0] + size))
    spans = sorted((r[2], r[3]) for r in results)
    overlapping = sum(1 for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1])
    ARTIFACTS.mkdir(exist_ok=True)
    report = (
        f"{decisions} decisions × {size} awardees issued by {decisions} threads at once: "
        f"{total} registry numbers 1..{total} and {total} serials, no gap, no duplicate; "
        f"wall {wall:.2f} s; slowest issue {max(r[3] - r[2] for r in results):.2f} s, "
        f"fastest {min(r[3] - r[2] for r in results):.2f} s; "
        f"{overlapping} of {decisions - 1} consecutive issues overlapped in time.\n"
    )
    (ARTIFACTS / "decisions-concurrency.txt").write_text(report)
    print(report)


def test_two_staff_issuing_the_same_decision_issue_it_once(catalogue, provincial, tasks_parked):
    (draft,) = _drafts(1, 5, provincial)
    results = _run_in_threads(
        [lambda: services.decision_issue(decision=draft, actor=provincial).pk] * 2
    )
    outcomes = sorted(r[0] for r in results)
    assert outcomes == ["error", "ok"]
    error = next(r[1] for r in results if r[0] == "error")
    assert isinstance(error, InvalidTransition)
    assert "đã ban hành" in str(error)
    assert Decision.objects.get().status == DecisionStatus.ISSUED
    assert sorted(DecisionEntry.objects.values_list("registry_no", flat=True)) == [1, 2, 3, 4, 5]
