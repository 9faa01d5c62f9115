"""`make bench`: run every benchmark module (or those named) and print figures as ratios.

Each module ``bench/bench_<name>.py`` defines ``run() -> list[dict]``: one dict per figure
with ``name``, ``steward``, ``baseline``, ``unit`` and optionally ``target`` (a sentence) and
``baselines`` (several peers measured in the same run: ``{peer: value}``; Steward's figure is
then printed as a ratio to each). Results are also written to ``bench/results/<name>.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names = sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(HERE)])
        if m.name.startswith("bench_")
    )
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("only", nargs="*", help=f"benchmarks to run: {', '.join(names)}")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.only) - set(names))
    if unknown:
        parser.error(f"no benchmark called {', '.join(unknown)}; choose from {', '.join(names)}")
    (HERE / "results").mkdir(exist_ok=True)
    for name in args.only or names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}: {module.__doc__.strip().splitlines()[0] if module.__doc__ else ''}")
        figures = module.run()
        for fig in figures:
            print(line(fig))
        (HERE / "results" / f"{name}.json").write_text(json.dumps(figures, indent=2))
    return 0


def ratio(steward: float, baseline: float | None) -> str:
    return f"{steward / baseline:.2f}x" if baseline else "n/a"


def line(fig: dict[str, Any]) -> str:
    """One figure: Steward's value, then each baseline's with Steward's ratio to it."""
    target = f"  [{fig['target']}]" if fig.get("target") else ""
    head = f"  {fig['name']}: steward {fig['steward']:.2f} {fig['unit']}"
    peers = fig.get("baselines")
    if not peers:
        baseline = fig.get("baseline")
        shown = f"{baseline:.2f}" if baseline is not None else "nan"
        tail = f"  ratio {ratio(fig['steward'], baseline)}" if baseline else ""
        return f"{head}, baseline {shown}{tail}{target}"
    each = "; ".join(
        f"{peer} {value:.2f} ({ratio(fig['steward'], value)})" for peer, value in peers.items()
    )
    return f"{head}{target}\n      vs {each}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
