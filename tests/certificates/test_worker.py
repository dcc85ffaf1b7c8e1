"""The pipeline on a real Redis broker and a real Celery worker process (prefork, two
children), including SIGKILLs: of one child in the middle of a chunk, of a child three times
on the same chunk, and of the whole worker followed by a new one.

In every case each certificate ends up existing exactly once — one row, one file at its
key, unique serials — and nothing is left pending. Timings are printed (``-s``)."""

from __future__ import annotations

import datetime as dt
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from awards.certificates import services
from awards.certificates.models import (
    Certificate,
    CertificateStatus,
    ChunkStatus,
    JobStatus,
    RenderChunk,
    RenderJob,
)
from awards.decisions.models import DecisionEntry
from tests.awards.certificates.conftest import decode_qr
from tests.certificates.conftest import wait_for
from tests.certificates.factories import issued_decision

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

N = 60


def job_finished(job: RenderJob):
    job.refresh_from_db()
    return job.is_finished()


def assert_exactly_once(decision, *, done: int = N) -> None:
    """One row per entry, one file per row at its key, unique serials, nothing pending."""
    entries = DecisionEntry.objects.filter(decision=decision)
    certificates = Certificate.objects.filter(decision=decision)
    assert certificates.count() == entries.count() == N
    assert certificates.values("entry").distinct().count() == N
    assert certificates.values("code").distinct().count() == N
    serials = list(entries.values_list("certificate_serial", flat=True))
    assert len(set(serials)) == N
    folder = Path(default_storage.path(f"certificates/{decision.pk}"))
    files = sorted(p.name for p in folder.glob("qd*-v1.pdf"))
    assert len(files) == done
    assert files == sorted(
        Path(c.file.name).name for c in certificates.filter(status=CertificateStatus.DONE)
    )
    assert not list(folder.glob(".*.tmp")), "a partial write was left behind"
    assert not RenderChunk.objects.exclude(
        status__in=[ChunkStatus.DONE, ChunkStatus.FAILED]
    ).exists()
    assert not certificates.filter(status=CertificateStatus.PENDING).exists()


def running_chunk(worker):
    chunk = (
        RenderChunk.objects.filter(status=ChunkStatus.RUNNING, worker_pid__isnull=False)
        .order_by("position")
        .first()
    )
    return chunk if chunk and chunk.worker_pid in worker.children() else None


def test_a_60_awardee_decision_renders_completely_on_a_real_worker(
    certificate_worker, provincial, tmp_path, settings
):
    decision = issued_decision(N)
    started = time.monotonic()
    job = services.render_job_request(decision=decision, actor=provincial)
    wait_for(lambda: job_finished(job), timeout=120, interval=0.2, what="the job")
    elapsed = time.monotonic() - started

    assert job.status == JobStatus.DONE, certificate_worker.output()[-3000:]
    assert_exactly_once(decision)
    assert job.chunks.count() == 4
    assert set(job.chunks.values_list("attempts", flat=True)) == {1}
    with zipfile.ZipFile(default_storage.path(job.zip_file.name)) as archive:
        assert len(archive.namelist()) == N
    assert len(PdfReader(default_storage.path(job.print_file.name)).pages) == N
    services.job_blank_request(job=job, actor=provincial)
    wait_for(
        lambda: not RenderJob.objects.get(pk=job.pk).blank_is_rendering(), timeout=60, interval=0.2
    )
    job.refresh_from_db()
    assert len(PdfReader(default_storage.path(job.blank_file.name)).pages) == N
    certificate = Certificate.objects.get(decision=decision, position=37)
    url = decode_qr(Path(default_storage.path(certificate.file.name)), tmp_path)
    assert url == f"{settings.VINHDANH_BASE_URL}/xac-thuc/{certificate.code}/"
    pids = set(job.chunks.values_list("worker_pid", flat=True))
    print(f"\n60 certificates on a real worker: {elapsed:.1f} s wall; children used: {len(pids)}")


@pytest.mark.fault
def test_a_worker_child_killed_mid_chunk_is_redelivered_and_everything_exists_once(
    certificate_worker, provincial
):
    decision = issued_decision(N)
    started = time.monotonic()
    job = services.render_job_request(decision=decision, actor=provincial)
    victim = wait_for(
        lambda: running_chunk(certificate_worker), timeout=60, interval=0.02, what="a chunk"
    )
    certificate_worker.kill_child(victim.worker_pid)
    wait_for(lambda: job_finished(job), timeout=110, interval=0.2, what="the job")
    elapsed = time.monotonic() - started

    assert job.status == JobStatus.DONE, certificate_worker.output()[-3000:]
    victim.refresh_from_db()
    assert victim.status == ChunkStatus.DONE
    assert victim.attempts == 2  # the killed attempt, then the redelivery
    assert_exactly_once(decision)
    print(f"\nchild SIGKILL mid-chunk: all {N} done {elapsed:.1f} s after the request")


@pytest.mark.fault
def test_a_chunk_that_kills_its_worker_three_times_is_marked_failed_not_retried_for_ever(
    certificate_worker, provincial, client
):
    from django.urls import reverse

    decision = issued_decision(N)
    started = time.monotonic()
    job = services.render_job_request(decision=decision, actor=provincial)
    victim = wait_for(
        lambda: running_chunk(certificate_worker), timeout=60, interval=0.02, what="a chunk"
    )
    for attempt in (1, 2, 3):
        chunk = wait_for(
            lambda a=attempt: RenderChunk.objects.filter(
                pk=victim.pk, status=ChunkStatus.RUNNING, attempts=a
            ).first(),
            timeout=60,
            interval=0.02,
            what=f"attempt {attempt}",
        )
        wait_for(lambda c=chunk: c.worker_pid in certificate_worker.children(), timeout=5)
        certificate_worker.kill_child(chunk.worker_pid)
    wait_for(lambda: job_finished(job), timeout=110, interval=0.2, what="the job")
    elapsed = time.monotonic() - started

    victim.refresh_from_db()
    assert victim.status == ChunkStatus.FAILED
    assert victim.attempts == 3
    assert job.status == JobStatus.FAILED
    failed = Certificate.objects.filter(decision=decision, status=CertificateStatus.FAILED)
    assert failed.count() == victim.size
    assert set(failed.values_list("chunk", flat=True)) == {victim.pk}
    assert_exactly_once(decision, done=N - victim.size)
    client.force_login(provincial)
    page = client.get(reverse("certificates:decision_detail", args=[decision.uid]))
    assert "dừng đột ngột 3 lần" in page.content.decode()
    print(f"\nchunk killed 3 times: marked failed {elapsed:.1f} s after the request")


@pytest.mark.fault
def test_a_whole_worker_killed_and_replaced_finishes_every_certificate_once(
    certificate_worker, provincial
):
    decision = issued_decision(N)
    started = time.monotonic()
    job = services.render_job_request(decision=decision, actor=provincial)
    wait_for(lambda: running_chunk(certificate_worker), timeout=60, interval=0.02, what="a chunk")
    certificate_worker.kill_all()
    killed_at = time.monotonic()
    orphans = list(
        RenderChunk.objects.filter(job=job, status=ChunkStatus.RUNNING).values_list("pk", flat=True)
    )
    assert orphans, "the worker died with a chunk in hand"
    certificate_worker.start()
    # Beat runs the reconciler every minute with a 180 s deadline; here every second with a
    # 5 s one, so the test does not wait for Redis's visibility timeout (600 s + ~100 s).
    requeued = 0

    def reconciled():
        nonlocal requeued
        requeued += services.chunks_requeue_stale(stale_after=dt.timedelta(seconds=5))
        return job_finished(job)

    wait_for(reconciled, timeout=110, interval=1.0, what="the job after the reconciler")
    elapsed = time.monotonic() - killed_at

    assert job.status == JobStatus.DONE, certificate_worker.output()[-3000:]
    assert requeued >= len(orphans)
    assert_exactly_once(decision)
    assert all(
        RenderChunk.objects.get(pk=pk).attempts >= 2 for pk in orphans
    )  # started, killed, re-sent
    print(
        f"\nwhole worker SIGKILL: {len(orphans)} chunks orphaned, {requeued} re-sent; "
        f"all done {elapsed:.1f} s after the kill ({time.monotonic() - started:.1f} s in all)"
    )
