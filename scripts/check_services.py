"""Checks that PostgreSQL and Redis answer before the suite starts, and says
clearly what is missing otherwise. On a machine where the servers are installed
but stopped, it tries to start them once."""

import os
import shutil
import socket
import subprocess
import sys
import time
from urllib.parse import urlparse


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def try_start(name: str) -> None:
    if name == "postgres" and shutil.which("pg_ctlcluster"):
        versions = os.listdir("/etc/postgresql") if os.path.isdir("/etc/postgresql") else []
        for version in versions:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                check=False,
            )
    elif name == "redis" and shutil.which("redis-server"):
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=False,
        )


def main() -> int:
    db = urlparse(os.environ["DATABASE_URL"])
    redis = urlparse(os.environ["REDIS_URL"])
    services = {
        "postgres": (db.hostname or "127.0.0.1", db.port or 5432),
        "redis": (redis.hostname or "127.0.0.1", redis.port or 6379),
    }
    missing = []
    for name, (host, port) in services.items():
        if not reachable(host, port) and host in ("127.0.0.1", "localhost"):
            try_start(name)
            for _ in range(20):
                if reachable(host, port):
                    break
                time.sleep(0.5)
        if not reachable(host, port):
            missing.append(f"{name} tại {host}:{port}")
    if missing:
        print(
            "Không kết nối được: " + ", ".join(missing) + ".\n"
            "Bộ kiểm thử cần PostgreSQL (≥ 14, quyền tạo cơ sở dữ liệu) và Redis (≥ 6).\n"
            "Đặt DATABASE_URL và REDIS_URL nếu chúng không chạy ở 127.0.0.1:5432 và :6379,\n"
            "hoặc chạy: docker compose up -d postgres redis",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
