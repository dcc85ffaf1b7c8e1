#!/usr/bin/env bash
# Command 2: install what the tests need and run ruff, the migrations check and
# the whole pytest suite against real PostgreSQL and Redis.
#   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/vinhdanh)
#   REDIS_URL    (default redis://127.0.0.1:6379/0)
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not browser".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh test

export DJANGO_SETTINGS_MODULE=config.settings.test
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vinhdanh}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"

.venv/bin/python scripts/check_services.py

echo "==> ruff"
.venv/bin/ruff check .
echo "==> makemigrations --check"
# Compares models with migration files only; an in-memory database keeps the
# consistency check from needing (or touching) the PostgreSQL database.
DATABASE_URL="sqlite://:memory:" .venv/bin/python manage.py makemigrations --check --dry-run
echo "==> pytest"
# A fresh test database every time by default: a database kept from an earlier
# checkout may hold migrations that have since changed. Developers iterating
# locally can run `.venv/bin/python -m pytest` directly (it reuses the database).
.venv/bin/python -m pytest --create-db "$@"
