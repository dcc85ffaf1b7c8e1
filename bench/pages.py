"""Benchmark: server-side time and query count of the foundation's pages as
the data grows (not a test; prints figures).

    DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=postgres://… \\
        .venv/bin/python bench/pages.py [--units 3000] [--repeat 30]

It creates a throw-away database (test_<name>, like the test suite), fills it
with N units in 60 clusters, signs in as provincial staff and times each page
with Django's test client (no network), reporting median and p95 in ms.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.units, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(n_units: int, repeat: int) -> None:
    from django.contrib.auth.models import Group
    from django.test import Client

    from units.models import Cluster, ClusterMembership, Role, Unit, User

    t0 = time.perf_counter()
    province = Unit.objects.create(code="tinh", name="Ủy ban nhân dân tỉnh", kind="province")
    units = [
        Unit(
            code=f"dv-{i}",
            name=f"Đơn vị số {i} xã Đồng Hỷ",
            kind="commune",
            parent=province,
            search_text=f"don vi so {i} xa dong hy dv-{i}",
        )
        for i in range(n_units)
    ]
    Unit.objects.bulk_create(units, batch_size=1000)
    clusters = Cluster.objects.bulk_create(
        Cluster(code=f"cum-{i}", name=f"Cụm thi đua số {i}", kind="cluster") for i in range(60)
    )
    ids = list(Unit.objects.exclude(pk=province.pk).values_list("pk", flat=True))
    ClusterMembership.objects.bulk_create(
        ClusterMembership(
            year=2022, unit_id=pk, cluster=clusters[i % 60], role="head" if i < 60 else "member"
        )
        for i, pk in enumerate(ids)
    )
    user = User.objects.create_user("bench", full_name="Người đo")
    user.groups.add(Group.objects.get_or_create(name=Role.PROVINCIAL_STAFF)[0])
    print(
        f"data: {n_units} units, 60 clusters, {len(ids)} memberships "
        f"({time.perf_counter() - t0:.1f} s to create)"
    )

    client = Client()
    client.force_login(user)
    pages = {
        "home": "/",
        "unit list": "/don-vi/",
        "unit search": "/don-vi/?q=dong+hy+12",
        "unit detail": f"/don-vi/{units[5].code}/",
        "cluster list (year)": "/cum-khoi/?nam=2022",
        "cluster page": "/cum-khoi/cum-1/2022/",
    }
    client.get("/")  # warm up: first request loads URLconf and templates
    print(f"{'page':<22}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for label, url in pages.items():
        executed: list[str] = []

        def count(run, sql, *rest, _log=executed):
            _log.append(sql)
            return run(sql, *rest)

        with connection.execute_wrapper(count):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{label:<22}{len(executed):>8}{statistics.median(times):>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
