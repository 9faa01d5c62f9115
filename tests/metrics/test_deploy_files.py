"""deploy/'s Prometheus config and Grafana dashboard name the metrics Steward records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

import steward.metrics.definitions  # noqa: F401  (registers the metrics)

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SUFFIXES = ("_total", "_bucket", "_count", "_sum")


def defined() -> set[str]:
    names = {m.name for m in REGISTRY.collect()}
    return names | {"steward_approvals_pending"}  # computed at scrape (steward.pages.metrics)


def test_every_dashboard_query_names_a_recorded_metric() -> None:
    dashboard = json.loads((DEPLOY / "grafana/steward.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    names = {n for e in exprs for n in re.findall(r"\bsteward_[a-z_]+", e)}
    base = {next((n[: -len(s)] for s in SUFFIXES if n.endswith(s)), n) for n in names}
    assert base - defined() == set()
    for required in ("steward_action_calls", "steward_live_delivery_lag_seconds",
                     "steward_approvals_pending", "steward_runs"):  # fmt: skip
        assert required in base


def test_the_scrape_config_reads_metrics_with_the_token() -> None:
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text())
    web = next(job for job in config["scrape_configs"] if job["job_name"] == "steward-web")
    assert web["metrics_path"] == "/metrics"
    assert web["authorization"]["type"] == "Bearer"
