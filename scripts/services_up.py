"""Exit 0 when PostgreSQL and Redis answer at the given URLs; else name the one that does not."""

from __future__ import annotations

import sys

import psycopg
import redis


def main(pg_url: str, redis_url: str) -> int:
    failures = []
    try:
        psycopg.connect(
            pg_url.replace("postgres://", "postgresql://", 1), connect_timeout=3
        ).close()
    except Exception as exc:
        failures.append(f"PostgreSQL at {pg_url}: {exc}")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:
        failures.append(f"Redis at {redis_url}: {exc}")
    for failure in failures:
        print(f"not reachable: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
