#!/usr/bin/env bash
# Command 1: install everything and run the portal with demo data – web server
# and Celery worker together. Embedded default: SQLite and kombu's filesystem
# broker (no server needed). Set DATABASE_URL / REDIS_URL to use PostgreSQL/Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh run

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
export PORT="${PORT:-8000}"
mkdir -p var/celery-broker var/celery-processed var/celery-control media

echo "==> Cập nhật cơ sở dữ liệu và nạp dữ liệu minh họa"
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py load_demo

cat <<TXT

  Cổng Vinh danh đang chạy tại: http://127.0.0.1:${PORT}/
  Tài khoản minh họa (mật khẩu chung: VinhDanh@2026):
    quantri          – Quản trị hệ thống
    canbo.tdkt       – Cán bộ thi đua – khen thưởng tỉnh (Sở Nội vụ)
    canbo.sogddt     – Cán bộ đơn vị (Sở Giáo dục và Đào tạo)
    canbo.daitu      – Cán bộ đơn vị (Huyện Đại Từ)
    hoidong.uyvien   – Thành viên Hội đồng Thi đua – Khen thưởng
    hoidong.thuky    – Thư ký Hội đồng
  Dừng bằng Ctrl+C.

TXT
exec .venv/bin/honcho -f Procfile.dev start
