"""Fixtures for the certificate pipeline tests: media in a temporary folder, and a real
Celery worker (Redis, the test database) that a test may SIGKILL — one child or the whole
worker — and start again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

QUEUE = "certificates"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Rendered PDFs go to a throw-away directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(x) for x in path.read_text().split()]
    except FileNotFoundError:
        return []


class Worker:
    """``celery -A config worker -Q certificates -c 2`` in its own session, so the whole
    worker (main process and children) can be killed like a crashed host."""

    def __init__(self, env: dict[str, str], name: str):
        self.env = env
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.generation = 0

    def start(self) -> None:
        from config.celery import app

        self.generation += 1
        node = f"{self.name}-{self.generation}"
        self.log = open(  # noqa: SIM115 - closed in stop()
            Path(self.env["MEDIA_ROOT"]).parent / f"worker-{self.generation}.log", "w"
        )
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                f"--queues={QUEUE}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{node}@%h",
            ],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=0.5)
            if any(node in name for reply in replies for name in reply):
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"Celery worker exited:\n{self.output()}")
        raise RuntimeError("Celery worker did not start within 60 s")

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()

    def children(self) -> list[int]:
        return children_of(self.proc.pid) if self.proc else []

    def kill_child(self, pid: int) -> None:
        assert pid in self.children(), f"{pid} is not a child of the worker"
        os.kill(pid, signal.SIGKILL)

    def kill_all(self) -> None:
        """SIGKILL the main process and every child at once (no warm shutdown)."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        if getattr(self, "log", None):
            self.log.close()


@pytest.fixture
def certificate_worker(transactional_db, settings):
    """A started :class:`Worker` on the test database and Redis; the test process sends
    tasks through the broker while it runs."""
    from django.db import connection

    from config.celery import app

    db = connection.settings_dict
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        CELERY_TASK_ALWAYS_EAGER="false",
        MEDIA_ROOT=str(media),
        VINHDANH_BASE_URL=settings.VINHDANH_BASE_URL,
    )
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)
    worker = Worker(env, f"certs-{os.getpid()}")
    worker.start()
    try:
        yield worker
    finally:
        app.conf.task_always_eager = True
        worker.stop()


def wait_for(predicate, *, timeout: float, interval: float = 0.05, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
