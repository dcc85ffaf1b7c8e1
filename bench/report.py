"""Benchmark: the year-end report at province scale (not a test; prints figures).

    DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=postgres://… \\
        .venv/bin/python bench/report.py [--awards 3000] [--units 600] [--repeat 3]

It creates a throw-away database (test_<name>, like the test suite) holding a
province-scale year: N units in 40 clusters and blocks, N awards of the
provincial chairman in the year and about as many the year before, 150
central awards a year, published standings and campaigns. It then times:

- the statistics selector (and counts its queries);
- the Excel workbook and the PDF, each in a fresh Python process, as a Celery
  worker child would run them (import, statistics, layout, write), reporting
  wall time and the process's peak RSS; and the PDF again warm, in-process.

Targets (issue 7): PDF ≤ 10 s and ≤ 500 MiB, Excel ≤ 3 s.
"""

import argparse
import itertools
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

YEAR = 2022


def main() -> None:
    # WeasyPrint logs every layout step at INFO; the figures are what we print.
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--awards", type=int, default=3000)
    parser.add_argument("--units", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=["pdf", "xlsx"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        build(args.units, args.awards)
        measure(args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def child(kind: str) -> None:
    """One render in this fresh process; prints seconds, bytes and peak RSS."""
    from awards.reports.documents import report_pdf, report_xlsx
    from awards.reports.models import YearReport
    from awards.reports.statistics import year_statistics

    started = time.perf_counter()
    report = YearReport.objects.get(year=YEAR)
    stats = year_statistics(YEAR)
    data = (report_pdf if kind == "pdf" else report_xlsx)(report, stats)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pages = ""
    if kind == "pdf":
        import io

        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"{seconds:.3f} {len(data)} {peak:.0f} {pages}")


def build(n_units: int, n_awards: int) -> None:
    import datetime as dt
    import random

    from django.contrib.auth.models import Group

    from awards.decisions.models import (
        GROUP_OF_KIND,
        Decision,
        DecisionEntry,
        Escalation,
        EscalationEntry,
    )
    from awards.models import Award, Household, Nomination, NominationItem, Person
    from awards.reports.models import YearReport
    from emulation.models import Campaign, ScoringTable, Standing
    from units.models import Cluster, ClusterMembership, Role, Unit, User
    from units.search import fold

    t0 = time.perf_counter()
    rng = random.Random(7)  # noqa: S311 - benchmark data
    user = User.objects.create_user("bench", full_name="Người đo")
    user.groups.add(Group.objects.get_or_create(name=Role.PROVINCIAL_STAFF)[0])
    province = Unit.objects.create(code="tinh", name="Ủy ban nhân dân tỉnh", kind="province")
    kinds = ["department"] * 8 + ["district"] * 2 + ["commune"] * 75 + ["enterprise"] * 8
    kinds += ["party"] * 3 + ["mass_org"] * 4
    units = Unit.objects.bulk_create(
        Unit(
            code=f"dv-{i}",
            name=f"Đơn vị số {i} tỉnh Thái Nguyên",
            kind=kinds[i % len(kinds)],
            parent=province,
            search_text=f"don vi so {i} dv-{i}",
        )
        for i in range(n_units)
    )
    clusters = Cluster.objects.bulk_create(
        Cluster(
            code=f"cum-{i}",
            name=f"{'Cụm' if i < 20 else 'Khối'} thi đua số {i + 1}",
            kind="cluster" if i < 20 else "block",
        )
        for i in range(40)
    )
    for year in (YEAR - 1, YEAR):
        ClusterMembership.objects.bulk_create(
            ClusterMembership(
                year=year,
                unit=u,
                cluster=clusters[i % 40],
                role="head" if i < 40 else "member",
            )
            for i, u in enumerate(units)
        )
    awards = {a.code: a for a in Award.objects.all()}
    plan = [("bang_khen_tinh", 0.78), ("ttldxs", 0.1), ("cstd_tinh", 0.1), ("co_tinh", 0.02)]
    central_plan = ["bang_khen_ttg", "cstd_tq", "co_cp", "huan_chuong_lao_dong_3"]
    people_needed = (n_awards * 2 + 300) * 3 // 4 + 10
    names = ["Nguyễn Thị An", "Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Hoàng Thị Én"]
    people = Person.objects.bulk_create(
        (
            Person(
                full_name=(name := f"{names[i % 5]} {i}"),
                gender="female" if i % 2 else "male",
                unit=units[i % n_units],
                position="Chuyên viên",
                is_ethnic_minority=i % 7 == 0,
                is_direct_worker=i % 3 == 0,
                leader_level="department" if i % 25 == 0 else "",
                folded_name=fold(name),
                search_text=fold(name),
            )
            for i in range(people_needed)
        ),
        batch_size=2000,
    )
    communes = [u for u in units if u.kind == "commune"]
    households = Household.objects.bulk_create(
        Household(head_name=f"Hộ số {i}", address="Xóm Trung", unit=communes[i % len(communes)])
        for i in range(200)
    )
    pools = {"individual": itertools.cycle(people), "household": itertools.cycle(households)}
    nominations = {}
    for year in (YEAR - 1, YEAR):
        rows = Nomination.objects.bulk_create(
            Nomination(
                proposing_unit=u,
                award_year=year,
                title=f"Đề nghị khen thưởng năm {year}",
                status="ready_for_council",
                created_by=user,
            )
            for u in units
        )
        nominations[year] = rows

    def rows_for(year: int, count: int, codes) -> list:
        out = []
        for n in range(count):
            code = codes(n)
            a = awards[code]
            if a.for_individual and (not a.for_collective or n % 4):
                kind, who = "individual", next(pools["individual"])
            elif a.for_household and n % 20 == 0:
                kind, who = "household", next(pools["household"])
            else:
                kind, who = "collective", units[n % n_units]
            out.append((a, kind, who, nominations[year][n % n_units]))
        return out

    def provincial_code(n: int) -> str:
        r = (n * 7919 % 1000) / 1000
        acc = 0.0
        for code, share in plan:
            acc += share
            if r < acc:
                return code
        return plan[0][0]

    registry = 0
    for year, count in ((YEAR, n_awards), (YEAR - 1, n_awards * 9 // 10)):
        rows = rows_for(year, count, provincial_code)
        items = NominationItem.objects.bulk_create(
            (
                NominationItem(
                    nomination=nom,
                    recipient_kind=kind,
                    award=a,
                    person=who if kind == "individual" else None,
                    unit=who if kind == "collective" else None,
                    household=who if kind == "household" else None,
                    achievement="Hoàn thành xuất sắc nhiệm vụ",
                    search_text=fold(str(who)),
                )
                for a, kind, who, nom in rows
            ),
            batch_size=2000,
        )
        per_decision = 500
        for start in range(0, count, per_decision):
            day = dt.date(year, 1 + start // per_decision % 12, 15)
            decision = Decision.objects.create(
                number=f"{start // per_decision + 1}/QĐ-UBND",
                decision_date=day,
                title=f"Về việc tặng Bằng khen năm {year}",
                signer_name="Người ký",
                legal_bases="Căn cứ",
                proposal="Theo đề nghị",
                article_1="1",
                article_2="2",
                article_3="3",
                recipients="Như Điều 3",
                award_year=year,
                status="issued",
                registry_year=year,
                issued_at=django.utils.timezone.now(),
                created_by=user,
            )
            entries = []
            for n in range(start, min(start + per_decision, count)):
                a, kind, who, _ = rows[n]
                registry += 1
                entries.append(
                    DecisionEntry(
                        decision=decision,
                        nomination_item=items[n],
                        award=a,
                        recipient_kind=kind,
                        group=GROUP_OF_KIND[kind],
                        person=who if kind == "individual" else None,
                        unit=who if kind == "collective" else None,
                        household=who if kind == "household" else None,
                        name=str(who),
                        registry_year=year,
                        registry_no=registry,
                        prize_amount=rng.choice([1_490_000, 2_240_000, 4_470_000]),
                        revoked_at=django.utils.timezone.now() if n % 500 == 7 else None,
                    )
                )
            DecisionEntry.objects.bulk_create(entries, batch_size=1000)
        central_rows = rows_for(year, 150, lambda n: central_plan[n % 4])
        citems = NominationItem.objects.bulk_create(
            NominationItem(
                nomination=nom,
                recipient_kind=kind,
                award=a,
                person=who if kind == "individual" else None,
                unit=who if kind == "collective" else None,
                household=who if kind == "household" else None,
                achievement="Thành tích xuất sắc",
            )
            for a, kind, who, nom in central_rows
        )
        esc = Escalation.objects.create(
            title="Trình Trung ương",
            award_year=year,
            letter_text="Kính trình",
            status="decided",
            central_number=f"{year}/QĐ-TTg",
            central_date=dt.date(year, 6, 1),
            central_level="prime_minister",
            created_by=user,
        )
        EscalationEntry.objects.bulk_create(
            EscalationEntry(
                escalation=esc, nomination_item=i, award=a, name=str(who), accepted=True
            )
            for i, (a, _, who, _) in zip(citems, central_rows, strict=True)
        )
        for c in clusters:
            table = ScoringTable.objects.create(cluster=c, year=year, status="published")
            members = [u for i, u in enumerate(units) if i % 40 == clusters.index(c)]
            Standing.objects.bulk_create(
                Standing(
                    table=table,
                    unit=u,
                    rank=r + 1,
                    total=100 - r,
                    classification="excellent",
                    proposed_title="co_tinh" if r == 0 else "bang_khen_tinh" if r < 3 else "",
                )
                for r, u in enumerate(members)
            )
        for i in range(12):
            Campaign.objects.create(
                code=f"pt-{year}-{i}",
                title=f"Phong trào {i} năm {year}",
                year=year,
                kind="thematic" if i % 3 else "regular",
                scope=["province", "unit"][i % 2],
                scope_unit=units[i] if i % 2 else None,
                launching_authority="UBND tỉnh",
                period_start=dt.date(year, 1, 1),
                period_end=dt.date(year + i % 4, 12, 31),
                status="launched",
            )
    YearReport.objects.create(
        year=YEAR,
        title=f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {YEAR}",
        overview="Đánh giá chung.\n" * 10,
        highlights="Kết quả nổi bật.\n" * 10,
        shortcomings="Tồn tại.\n" * 5,
        next_year="Phương hướng.\n" * 5,
        created_by=user,
        updated_by=user,
    )
    print(
        f"data: {n_units} units in 40 clusters/blocks; {n_awards} provincial awards in {YEAR} "
        f"and {n_awards * 9 // 10} in {YEAR - 1}; 150 central a year; "
        f"{Standing.objects.count()} standings ({time.perf_counter() - t0:.1f} s to create)"
    )


def measure(repeat: int) -> None:
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    from awards.reports.documents import report_pdf
    from awards.reports.models import YearReport
    from awards.reports.statistics import year_statistics

    times = []
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            stats = year_statistics(YEAR)
            times.append(time.perf_counter() - t)
    print(
        f"statistics: {len(ctx.captured_queries)} queries, median "
        f"{statistics.median(times) * 1000:.0f} ms (provincial {stats.provincial}, "
        f"central {stats.central})"
    )
    db = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    for kind in ("xlsx", "pdf"):
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            wall = time.perf_counter() - t
            seconds, size, peak, pages = (out.stdout.strip().splitlines()[-1].split() + [""])[:4]
            runs.append((float(seconds), wall, int(size), int(peak), pages))
        med = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        peak = max(r[3] for r in runs)
        pages = f", {runs[0][4]} pages" if runs[0][4] else ""
        print(
            f"{kind}: fresh process — render {med:.2f} s (median of {repeat}), process wall "
            f"{wall:.2f} s incl. Python/Django start, peak RSS {peak} MiB, "
            f"{runs[0][2] / 1024:.0f} KiB{pages}"
        )
    report = YearReport.objects.get(year=YEAR)
    report_pdf(report, stats)  # warm fonts and stylesheets, as a worker child after its first task
    warm = []
    for _ in range(repeat):
        t = time.perf_counter()
        report_pdf(report, year_statistics(YEAR))
        warm.append(time.perf_counter() - t)
    print(f"pdf: warm in-process median {statistics.median(warm):.2f} s")


if __name__ == "__main__":
    main()
