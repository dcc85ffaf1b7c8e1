#!/usr/bin/env bash
# Installs the Debian packages the portal needs, only when something is missing.
#   scripts/system-deps.sh run   – Python venv, Pango (WeasyPrint), fonts, gettext
#   scripts/system-deps.sh test  – the above plus Chromium, poppler-utils, zbar-tools
set -euo pipefail
mode="${1:-run}"

packages=(python3-venv python3-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
          fonts-noto-core gettext)
if [ "$mode" = "test" ]; then
  packages+=(chromium poppler-utils zbar-tools qpdf)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# python3-venv is only needed when the Python in use cannot make a venv itself
# (a pyenv or custom build can); skip it then.
if python3 -c "import venv, ensurepip" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
  missing=("${missing[@]/python3-dev}")
fi
read -r -a missing <<< "${missing[*]:-}"
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "Thiếu các gói hệ thống: ${missing[*]} (cần Debian/Ubuntu với apt-get)." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Cần quyền root để cài: ${missing[*]}" >&2; exit 1
  fi
fi
echo "==> Cài gói hệ thống: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
