"""Benchmark: certificate rendering cost (not a test; prints figures).

    .venv/bin/python bench/certificates.py [-n 200] [--kind giay_khen] [--specimen]

In one run, each in its own forked process so memory figures do not mix:

1. project renderer, separate PDFs: ``awards.pdf.render_certificates`` in chunks of 50 (the
   pipeline's chunk size; each chunk is laid out once and split into files), after
   ``init_worker()`` as a Celery child would do;
2. project renderer, print batches: ``render_certificate_document`` 200 pages at a time;
3. bare WeasyPrint in a loop without reuse: for each certificate a new FontConfiguration,
   stylesheet and ``HTML(...).write_pdf()`` on the *same* HTML (built beforehand, so the bare
   loop does not even pay for templates and QR codes that the project renderer includes);
4. two processes rendering half each at the same time (what two Celery children do), timed
   wall-clock, which gives the projection for the province's 2,655 certificates.

Prints ms per page, the ratio project ÷ bare, peak RSS and RSS growth per 100 certificates,
(measured from the end of the second chunk, once allocator pools have grown) and the
projection. The machine's load average is printed too: the cores are shared.

5. the real pipeline (``run_pipeline``): a scratch PostgreSQL database, a decision with N
   awardees, one Celery worker with two prefork children on the certificates queue and Redis;
   timed from the render request until every chunk has stored its files, and until the
   downloads are assembled; the children's RSS is sampled. Its ms per page per process is
   compared with the bare loop's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()
# WeasyPrint logs every layout step at INFO; at 2,655 certificates that is noise and cost.
logging.getLogger("weasyprint").setLevel(logging.WARNING)

from awards import pdf  # noqa: E402
from awards.certificates.content import CertificateContent  # noqa: E402

PROVINCE_COUNT = 2655  # certificates issued by the province in 2021
CHUNK = 50
PRINT_BATCH = 200
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Thị Thu Hằng", "Văn Minh", "Quốc Việt", "Thị Ngọc Ánh", "Đức Thắng", "Thị Lan"]


def contents(n: int, kind: str, specimen: bool) -> list[CertificateContent]:
    """N fictional awardees of one decision."""
    names = {"giay_khen": "Giấy khen", "cstd_cs": "Chiến sĩ thi đua cơ sở"}
    return [
        CertificateContent(
            form_kind=kind,
            issuer="Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên",
            award_name=names.get(kind, "Bằng khen"),
            recipient_name=f"{'Ông' if i % 2 else 'Bà'} {SURNAMES[i % 10]} {GIVEN[i % 6]}",
            position_and_unit=f"Giáo viên Trường THCS số {i % 40 + 1}, huyện Đại Từ",
            achievement="Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2021",
            decision_number="2345/QĐ-UBND",
            decision_date=dt.date(2021, 12, 30),
            registry_number=str(i + 1),
            place="Thái Nguyên",
            signer_capacity="KT. Chủ tịch",
            signer_title="Phó Chủ tịch",
            signer_name="Trần Văn Minh",
            verification_url=f"https://vinhdanh.thainguyen.example/xac-minh/{i:06d}Zk3q9VbT2mPq",
            specimen=specimen,
        )
        for i in range(n)
    ]


def rss_mib() -> tuple[float, float]:
    """(current, peak) resident set of this process in MiB, from /proc."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def growth(series: list[float], step: int) -> float:
    """RSS growth per 100 certificates over the second half of a run (MiB), after warm-up:
    the allocator's pools take two to four chunks to reach their size."""
    half = series[len(series) // 2 :]
    if len(half) < 2:
        return 0.0
    return (half[-1] - half[0]) / ((len(half) - 1) * step) * 100


def measure_project_files(items, out) -> dict:
    t0 = time.perf_counter()
    pdf.init_worker()
    startup = time.perf_counter() - t0
    series = []
    sizes = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for start in range(0, len(items), CHUNK):
        files = pdf.render_certificates(items[start : start + CHUNK])
        sizes += sum(len(f) for f in files)
        series.append(rss_mib()[0])
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = rss_mib()[1]
    return {
        "ms_per_page": elapsed / len(items) * 1000,
        "cpu_ms_per_page": cpu / len(items) * 1000,
        "startup_ms": startup * 1000,
        "peak_mib": peak,
        "growth_per_100": growth(series, CHUNK),
        "series": series,
        "kib_per_file": sizes / len(items) / 1024,
    }


def measure_project_document(items, out) -> dict:
    pdf.init_worker()
    t0, c0 = time.perf_counter(), time.process_time()
    size = 0
    for start in range(0, len(items), PRINT_BATCH):
        size += len(pdf.render_certificate_document(items[start : start + PRINT_BATCH]))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "ms_per_page": elapsed / len(items) * 1000,
        "cpu_ms_per_page": cpu / len(items) * 1000,
        "peak_mib": rss_mib()[1],
        "kib_per_page": size / len(items) / 1024,
    }


def measure_bare(items, out) -> dict:
    """Plain WeasyPrint usage: nothing reused between certificates."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    css_text = pdf._font_face_css() + pdf.render_to_string("awards/pdf/certificate.css")
    base_url = pdf.PDF_TEMPLATE_DIR.as_uri() + "/"
    pages = [pdf.certificate_html([c]) for c in items]  # not timed: bare gets HTML for free
    series = []
    t0, c0 = time.perf_counter(), time.process_time()
    for i, html in enumerate(pages):
        font_config = FontConfiguration()
        css = CSS(string=css_text, base_url=base_url, font_config=font_config)
        HTML(string=html, base_url=base_url).write_pdf(stylesheets=[css], font_config=font_config)
        if (i + 1) % CHUNK == 0:
            series.append(rss_mib()[0])
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = rss_mib()[1]
    return {
        "ms_per_page": elapsed / len(items) * 1000,
        "cpu_ms_per_page": cpu / len(items) * 1000,
        "peak_mib": peak,
        "growth_per_100": growth(series, CHUNK),
        "series": series,
    }


def measure_bare_reused(items, out) -> dict:
    """Plain WeasyPrint as the rendering notes measured it in steady state: one
    FontConfiguration and one parsed stylesheet for the process, then ``HTML(...).write_pdf()``
    per certificate on the whole-sheet HTML."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    base_url = pdf.PDF_TEMPLATE_DIR.as_uri() + "/"
    font_config = FontConfiguration()
    css = CSS(
        string=pdf._font_face_css() + pdf.render_to_string("awards/pdf/certificate.css"),
        base_url=base_url,
        font_config=font_config,
    )
    pages = [pdf.certificate_html([c]) for c in items]
    HTML(string=pages[0], base_url=base_url).write_pdf(stylesheets=[css], font_config=font_config)
    t0 = time.perf_counter()
    for html in pages:
        HTML(string=html, base_url=base_url).write_pdf(stylesheets=[css], font_config=font_config)
    return {"ms_per_page": (time.perf_counter() - t0) / len(items) * 1000}


def bare_reused_pair(items) -> float:
    """ms per certificate, wall, for two processes each rendering half of ``items`` with
    :func:`measure_bare_reused` at the same time (the notes' "fork pool of 2")."""
    _, results = two_processes(items, measure_bare_reused)
    # Each process's steady-state rate, two at once: wall per certificate is half of it.
    return statistics.mean(r["ms_per_page"] for r in results) / 2


def _child(target, items, queue):
    queue.put(target(items, None))


def in_child(target, items) -> dict:
    """Run one measurement in a forked process (fresh memory high-water mark)."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(target, items, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def two_processes(items, target=None) -> tuple[float, list[dict]]:
    """Wall time and results of two processes running ``target`` (by default the project
    renderer) on half the certificates each, at the same time."""
    target = target or measure_project_files
    ctx = multiprocessing.get_context("fork")
    halves = [items[0::2], items[1::2]]
    queue = ctx.Queue()
    t0 = time.perf_counter()
    processes = [ctx.Process(target=_child, args=(target, half, queue)) for half in halves]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    wall = time.perf_counter() - t0
    return wall, results


def _child_rss(pid: int) -> tuple[float, float]:
    """(current, peak) RSS of another process in MiB, or zeros once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0, 0.0
    fields = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def run_pipeline(n: int, kind: str, specimen: bool) -> dict:
    """The real pipeline: a scratch database, a decision of N awardees, one Celery worker
    with two prefork children on the certificates queue (as the Procfile runs it), Redis.

    Times from the render request until every chunk is done (certificates stored) and until
    the job is assembled (zip, merged print file, print-on-blank file); samples the
    children's RSS every 0.2 s.
    """
    import shutil
    import subprocess
    import tempfile

    from django.conf import settings
    from django.db import connection

    from awards.certificates import services
    from awards.certificates.models import ChunkStatus, RenderChunk
    from config.celery import app

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = "vd_bench_certificates"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    media = Path(tempfile.mkdtemp(prefix="vd-bench-media-"))
    settings.MEDIA_ROOT = media
    settings.VINHDANH_DEMO_MODE = specimen  # the specimen mark follows the bare loop's
    worker = None
    try:
        from tests.certificates.factories import issued_decision
        from tests.factories import UserFactory

        award_code = {"giay_khen": "giay_khen", "cstd_cs": "cstd_cs"}.get(kind, "bang_khen_tinh")
        actor = UserFactory(is_superuser=True)
        decision = issued_decision(n, code=award_code)
        db = connection.settings_dict
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.test",
            DATABASE_URL=(
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            CELERY_TASK_ALWAYS_EAGER="false",
            MEDIA_ROOT=str(media),
        )
        app.conf.task_always_eager = False
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("certificates")
        node = f"bench-{os.getpid()}"
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=WARNING",
                "--concurrency=2",
                "--queues=certificates",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{node}@%h",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not any(node in k for r in app.control.ping(timeout=0.5) for k in r):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError("the Celery worker did not start")
        time.sleep(1.0)  # let both children finish init_worker before the clock starts
        peak: dict[int, float] = {}
        samples: list[float] = []
        t0 = time.perf_counter()
        job = services.render_job_request(decision=decision, actor=actor)
        planned_at = time.perf_counter() - t0
        rendered_at = None
        while True:
            for child in _children(worker.pid):
                current, high = _child_rss(child)
                peak[child] = max(peak.get(child, 0.0), high)
                if current:
                    samples.append(current)
            if rendered_at is None and not (
                RenderChunk.objects.filter(job=job)
                .exclude(status__in=[ChunkStatus.DONE, ChunkStatus.FAILED])
                .exists()
            ):
                rendered_at = time.perf_counter() - t0
            job.refresh_from_db()
            if job.is_finished():
                break
            if time.perf_counter() - t0 > 1800:
                raise RuntimeError("the pipeline did not finish within 30 minutes")
            time.sleep(0.2)
        assembled_at = time.perf_counter() - t0
        chunk_seconds = list(job.chunks.values_list("render_seconds", flat=True))
        tenth = max(1, len(samples) // 10)
        per_chunk = statistics.median(s for s in chunk_seconds if s)
        return {
            "status": job.status,
            "planned_s": planned_at,
            "chunk_total_s": sum(s or 0.0 for s in chunk_seconds),
            "rendered_s": rendered_at,
            "assembled_s": assembled_at,
            "assembly_s": job.assembled_seconds or 0.0,
            "chunks": len(chunk_seconds),
            "chunk_median_s": per_chunk,
            "peak_child_mib": max(peak.values() or [0.0]),
            "rss_first_last": (samples[:tenth], samples[-tenth:]),
        }
    finally:
        app.conf.task_always_eager = True
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, 15)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, 9)
        connection.creation.destroy_test_db("vd_bench_certificates", verbosity=0)
        shutil.rmtree(media, ignore_errors=True)


def print_pipeline(result: dict, n: int, bare_ms: float) -> None:
    rendered = result["rendered_s"]
    wall_ms = rendered / n * 1000
    per_process_ms = wall_ms * 2
    first, last = result["rss_first_last"]
    print()
    print("real pipeline: Redis, one worker with 2 prefork children, chunk tasks, stored files")
    print(
        f"  {n} certificates rendered and stored in {rendered:.2f} s "
        f"({result['chunks']} chunks, median {result['chunk_median_s']:.2f} s a chunk); "
        f"downloads assembled at {result['assembled_s']:.2f} s "
        f"(assembly {result['assembly_s']:.2f} s: zip, merged print file, print-on-blank)"
    )
    print(
        f"  planning (certificate rows, chunks, enqueue) {result['planned_s']:.2f} s; the "
        f"chunks' own render time adds up to {result['chunk_total_s']:.1f} s "
        f"({result['chunk_total_s'] / n * 1000:.1f} ms per certificate in a chunk)"
    )
    print(
        f"  {wall_ms:.1f} ms per certificate wall, {per_process_ms:.1f} ms per page per "
        f"process; bare WeasyPrint {bare_ms:.1f} ms per page: ratio {per_process_ms / bare_ms:.2f}"
    )
    print(
        f"  worker children: peak RSS {result['peak_child_mib']:.0f} MiB; RSS in the first "
        f"tenth {statistics.median(first):.0f} MiB, in the last tenth "
        f"{statistics.median(last):.0f} MiB"
    )
    scale = PROVINCE_COUNT / n
    print(
        f"  projection for 2.655 certificates: {rendered * scale:.1f} s to render, "
        f"{result['assembled_s'] * scale:.1f} s with the downloads"
        + (" (measured, not projected)" if n == PROVINCE_COUNT else " (linear)")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="certificates (default 200)")
    parser.add_argument("--kind", default="giay_khen", help="form kind (default giay_khen)")
    parser.add_argument("--specimen", action="store_true", help="demo certificates (mark)")
    parser.add_argument("--repeat", type=int, default=1, help="repeat and report medians")
    parser.add_argument(
        "--no-pipeline",
        dest="pipeline",
        action="store_false",
        help="skip the real pipeline (needs PostgreSQL and Redis: DATABASE_URL, REDIS_URL)",
    )
    parser.add_argument(
        "--only-pipeline",
        action="store_true",
        help="only the real pipeline, compared with a bare loop of 100 (for -n 2655)",
    )
    args = parser.parse_args()
    items = contents(args.n, args.kind, args.specimen)

    print(f"{args.n} × {args.kind}{' (specimen)' if args.specimen else ''}, {os.cpu_count()} CPUs")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.only_pipeline:
        bare_run = in_child(measure_bare, items[:100])
        print(f"bare WeasyPrint, 100 certificates: {bare_run['ms_per_page']:.1f} ms per page")
        reused_ms = bare_reused_pair(items[:200])
        print(
            "bare WeasyPrint with fonts and stylesheet reused, two processes at once, "
            f"200 certificates: {reused_ms:.1f} ms per certificate wall, so "
            f"{reused_ms * 2700 / 1000:.1f} s for 2,700 (the issue's reference machine: about "
            "41 s)"
        )
        result = run_pipeline(args.n, args.kind, args.specimen)
        print_pipeline(result, args.n, bare_run["ms_per_page"])
        print(
            f"  pipeline ÷ bare reused two-process rate: "
            f"{result['rendered_s'] / args.n * 1000 / reused_ms:.2f}; the 50 s target scaled "
            f"to this machine (50 × its 2,700-certificate time ÷ 41 s): "
            f"{50 * reused_ms * 2700 / 1000 / 41:.1f} s"
        )
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return
    runs = {"files": [], "document": [], "bare": [], "pair": []}
    for _ in range(args.repeat):
        runs["files"].append(in_child(measure_project_files, items))
        runs["document"].append(in_child(measure_project_document, items))
        runs["bare"].append(in_child(measure_bare, items))
        runs["pair"].append(two_processes(items))

    def med(kind, key):
        return statistics.median(r[key] for r in runs[kind])

    files, document, bare = (
        med("files", "ms_per_page"),
        med("document", "ms_per_page"),
        med("bare", "ms_per_page"),
    )
    pair_wall = statistics.median(wall for wall, _ in runs["pair"])
    print()
    print("one process                        wall ms/page  CPU ms/page  peak RSS  RSS growth/100")
    rows = [
        (f"project, separate PDFs, chunks of {CHUNK}", "files"),
        (f"project, one document per {PRINT_BATCH}", "document"),
        ("bare WeasyPrint, no reuse", "bare"),
    ]
    for label, kind in rows:
        growth = f"{med(kind, 'growth_per_100'):+8.2f} MiB" if kind != "document" else ""
        print(
            f"  {label:34s}{med(kind, 'ms_per_page'):9.1f}{med(kind, 'cpu_ms_per_page'):12.1f}"
            f"{med(kind, 'peak_mib'):8.0f} MiB{growth}"
        )
    for label, kind in (("project", "files"), ("bare", "bare")):
        series = " ".join(f"{x:.0f}" for x in runs[kind][-1]["series"])
        print(f"  RSS every {CHUNK} certificates, {label}: {series} MiB")
    print(f"  ratio project ÷ bare, separate PDFs: {files / bare:.2f}")
    print(f"  ratio project ÷ bare, print batches: {document / bare:.2f}")
    print(
        f"  worker start-up (init_worker): {med('files', 'startup_ms'):.0f} ms; "
        f"{med('files', 'kib_per_file'):.0f} KiB per separate PDF, "
        f"{med('document', 'kib_per_page'):.1f} KiB per page in print batches"
    )
    print()
    print("two processes at once (two Celery children, forked after Django set-up)")
    pair = [r for _, results in runs["pair"] for r in results]
    inside = statistics.median(r["ms_per_page"] for r in pair)
    startup = max(r["startup_ms"] for r in pair) / 1000
    print(
        f"  {args.n} certificates in {pair_wall:.2f} s wall, including start-up; "
        f"{inside:.1f} ms per page inside each process"
    )
    projected = startup + inside * PROVINCE_COUNT / 2 / 1000
    print(
        f"  projection for 2.655 certificates on 2 processes: {projected:.1f} s "
        f"(start-up + 1.328 pages × {inside:.1f} ms); "
        f"{files * PROVINCE_COUNT / 2 / 1000:.1f} s at the undisturbed one-process rate"
    )
    if args.pipeline:
        print_pipeline(run_pipeline(args.n, args.kind, args.specimen), args.n, bare)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
