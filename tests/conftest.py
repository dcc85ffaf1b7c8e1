"""Personas shared by every test module.

- ``provincial``: provincial emulation–commendation staff (sees everything)
- ``unit_a`` / ``unit_b``: two departments; ``school_a`` sits under ``unit_a``
- ``staff_a`` / ``staff_b``: unit staff of A and of B
- ``council_member``, ``secretary``, ``administrator``
- ``outsider``: signed in, no role, no unit
"""

import os
from pathlib import Path

import pytest

from tests.factories import Role, UnitFactory, make_user


@pytest.fixture
def unit_a(db):
    return UnitFactory(code="so-a", name="Sở Giáo dục và Đào tạo")


@pytest.fixture
def school_a(unit_a):
    return UnitFactory(
        code="truong-a", name="Trường THPT Chuyên", parent=unit_a, kind="public_service"
    )


@pytest.fixture
def unit_b(db):
    return UnitFactory(code="so-b", name="Sở Y tế")


@pytest.fixture
def provincial(db):
    return make_user(
        Role.PROVINCIAL_STAFF, username="tdkt", unit=UnitFactory(code="so-noi-vu", name="Sở Nội vụ")
    )


@pytest.fixture
def staff_a(unit_a):
    return make_user(Role.UNIT_STAFF, unit=unit_a, username="staff_a")


@pytest.fixture
def staff_b(unit_b):
    return make_user(Role.UNIT_STAFF, unit=unit_b, username="staff_b")


@pytest.fixture
def council_member(db):
    return make_user(Role.COUNCIL_MEMBER, username="uyvien", unit=None)


@pytest.fixture
def secretary(db):
    return make_user(Role.COUNCIL_SECRETARY, username="thuky", unit=None)


@pytest.fixture
def administrator(db):
    return make_user(Role.ADMINISTRATOR, username="quantri", unit=None, is_staff=True)


@pytest.fixture
def outsider(db):
    return make_user(username="nguoingoai", unit=None)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user``."""

    def _client_for(user):
        client.force_login(user)
        return client

    return _client_for


# Browser tests ----------------------------------------------------------------
# Debian's Chromium driven by Playwright; never `playwright install`.

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls made by the test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium, live_server):
    """``new_page(viewport=PHONE)``: a fresh browser context on the live server."""
    contexts = []

    def _new_page(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="vi-VN", base_url=live_server.url)
        # Generous: CI has two cores and a Celery worker may be busy beside us.
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


def browser_login(page, username: str, password: str = "mat-khau-thu-nghiem") -> None:
    """Sign in through the real form, as a person would."""
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under tests/artifacts/ (kept for people to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Real Celery worker -------------------------------------------------------------
# Integration tests enqueue through real Redis to a real worker process that
# uses the test database. Mark them `integration` and use transactional_db, so
# the rows they create are committed and visible to the worker.


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """Start ``celery -A config worker`` against Redis and the test database.

    Yields the ``subprocess.Popen``; the test process stops running tasks
    eagerly for the duration, so ``.delay()`` goes through the broker.
    """
    import subprocess
    import sys
    import time

    from django.db import connection

    from config.celery import app

    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    queue_prefix = f"test-{os.getpid()}"
    app.conf.task_always_eager = False
    # Fresh queues, so tasks left over from an aborted run are not replayed.
    with app.connection_for_write() as conn:
        for name in ("default", "certificates", "reports"):
            conn.default_channel.queue_purge(name)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
            "--queues=default,certificates,reports",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{queue_prefix}@%h",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0)
        if any(queue_prefix in name for reply in replies for name in reply):
            break
        if proc.poll() is not None:
            raise RuntimeError("Celery worker exited:\n" + (proc.stdout.read() or ""))
    else:
        proc.kill()
        raise RuntimeError("Celery worker did not start within 60 s")
    try:
        yield proc
    finally:
        app.conf.task_always_eager = True
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def assert_accessible(page, *, impacts=("serious", "critical")) -> None:
    """Run axe-core (WCAG 2 A/AA rules, contrast included) on the current page
    and fail on any violation of the given impact levels."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "resultTypes": ["violations"],
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    }
    results = Axe().run(page, options=options)
    bad = [v for v in results.response["violations"] if v["impact"] in impacts]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in bad
    )


# The award catalogue ----------------------------------------------------------
# Seeded by the data migration awards/0002; a transactional test (browser,
# worker, concurrency) flushes every table when it ends, the catalogue included.


def seed_award_catalogue() -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("awards.migrations.0002_seed_catalogue").seed(apps)
    # Later data migrations that change seeded rows, in order.
    importlib.import_module("awards.migrations.0005_co_tinh_cluster_lead").co_tinh_use_cluster_lead(
        apps
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """With --reuse-db an earlier run's transactional test may have flushed
    the catalogue; put it back once per run."""
    with django_db_blocker.unblock():
        seed_award_catalogue()


@pytest.fixture(autouse=True)
def _award_catalogue(request):
    """Before each database test, seed the catalogue again if a transactional
    test flushed it (pytest-django runs those last, so this is rare)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transactional = marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from awards.models import Award

    if not Award.objects.exists():
        seed_award_catalogue()


@pytest.fixture
def catalogue(transactional_db):
    """For tests that need the catalogue outside a django_db marker."""
    from awards.models import Award

    if not Award.objects.exists():
        seed_award_catalogue()
