"""Production settings refuse to start without real secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "vinhdanh.example.gov.vn",
    "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/vinhdanh",
}


def load_prod(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(GOOD)
    env.update(overrides)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={k: v for k, v in env.items() if v is not None},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_load_with_real_values():
    result = load_prod()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        (
            {"DJANGO_SECRET_KEY": "dev-only-not-secret-but-long-enough-xxxxxxxxx"},
            "DJANGO_SECRET_KEY",
        ),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_without_real_configuration(override, message):
    result = load_prod(**override)
    assert result.returncode != 0
    assert message in result.stderr
