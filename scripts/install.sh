#!/usr/bin/env bash
# Creates .venv and installs the portal (and, with "test", its test tools).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

bash scripts/system-deps.sh "$mode"

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Tạo môi trường ảo .venv"
  "$PY" -m venv .venv
fi
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)

# XStatic-Bootstrap is published as an sdist whose setup.py still imports
# pkg_resources; build it against setuptools < 81 without build isolation.
if ! .venv/bin/python -c "import xstatic.pkg.bootstrap" 2>/dev/null; then
  "${pip[@]}" install "setuptools<81" wheel
  "${pip[@]}" install --no-build-isolation "XStatic-Bootstrap>=5.3,<5.4"
fi

stamp=".venv/.installed-$mode"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> Cài thư viện Python ($mode)"
  extra=""
  [ "$mode" = "test" ] && extra="[test]"
  "${pip[@]}" install -e ".$extra"
  touch "$stamp"
fi

echo "==> Biên dịch bản dịch"
.venv/bin/python manage.py compilemessages -v 0 --ignore=.venv
