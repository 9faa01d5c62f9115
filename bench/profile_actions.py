"""Where a Safe Action call's CPU goes, as deployed: ``python -m bench.profile_actions``.

Not a ratio benchmark (``make bench`` skips it): it profiles N ``add_idea`` calls through
Django's WSGI handler in this process (what a gunicorn sync worker runs, without gunicorn's
own HTTP parsing), on a throwaway PostgreSQL database with a kept connection
(CONN_MAX_AGE=60), for Steward's pipeline and for the bare DRF baseline (bench.urls), and
prints each side's profiled CPU per call split by where the time is spent (own CPU time of
the functions, grouped by package; PostgreSQL's own work is not in it). cProfile's overhead
inflates the totals; read the shares.
Environment: BENCH_PG_ADMIN_URL, BENCH_PROFILE_CALLS (per side, default 400).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bench.support import ROOT, bench_env, throwaway_database

CALLS = int(os.environ.get("BENCH_PROFILE_CALLS", "400"))
AREAS = (  # first match wins: (label, path fragment of the function's file)
    ("psycopg (the driver)", "/psycopg"),
    ("Django ORM and db", "/django/db/"),
    ("DRF", "/rest_framework/"),
    ("Steward actions", "/steward/actions/"),
    ("Steward audit", "/steward/audit/"),
    ("Steward access (token, roles)", "/steward/access/"),
    ("Steward live (app.changed)", "/steward/live/"),
    ("Steward other", "/steward/"),
    ("Django request handling", "/django/"),
    ("the hosted app", "/apps/"),
    ("Python and the rest", ""),
)
CHILD = """
import cProfile, json, pstats, sys, time
from django.contrib.auth import get_user_model
from django.test import Client
from steward.access.models import Membership
from steward.access.services import issue_token
calls, areas = int(sys.argv[1]), json.loads(sys.argv[2])
user = get_user_model().objects.create_user("bench", "bench@example.com", "bench-password-1")
Membership.objects.create(user=user, app="ideaboard", role="operator")
secret = issue_token(name="bench", owner=user, app="ideaboard")[1]
client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_HOST="127.0.0.1")

def call(path, i):
    body = {"title": f"Profiled idea {i}", "pitch": "Measured, not guessed."}
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 200, response.content

for side, path in (("steward", "/api/apps/ideaboard/actions/add_idea/"),
                   ("baseline", "/bench/baseline/add_idea/")):
    for i in range(100):  # warm-up: imports, the connection, caches
        call(path, f"w{side}{i}")
    profile = cProfile.Profile(time.process_time)  # CPU, not waiting on PostgreSQL
    profile.enable()
    for i in range(calls):
        call(path, f"{side}{i}")
    profile.disable()
    totals = dict.fromkeys([a for a, _ in areas], 0.0)
    for (filename, _, _), (_, _, own, _, _) in pstats.Stats(profile).stats.items():
        label = next(a for a, fragment in areas if fragment in filename)
        totals[label] += own
    per_call = {k: v / calls * 1000 for k, v in totals.items()}
    print(json.dumps({"side": side, "ms_per_call": per_call}))
"""


def main() -> None:
    with throwaway_database("steward_profile_actions") as database_url:
        env = bench_env(database_url, CONN_MAX_AGE="60")
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", CHILD.replace("sys.argv[1]", str(CALLS))
             .replace("sys.argv[2]", repr(json.dumps(AREAS)))],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
        )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"the profiled process failed:\n{done.stderr[-3000:]}")
    sides = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    print(f"Profiled CPU per add_idea call ({CALLS} calls per side), by where it is spent:")
    print(f"  {'':32} {'steward':>9} {'baseline':>9}")
    for label, _ in AREAS:
        s, b = (side["ms_per_call"][label] for side in sides)
        print(f"  {label:32} {s:7.2f}ms {b:7.2f}ms")
    total = [sum(side["ms_per_call"].values()) for side in sides]
    print(f"  {'total':32} {total[0]:7.2f}ms {total[1]:7.2f}ms")


if __name__ == "__main__":
    main()
