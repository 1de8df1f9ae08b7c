"""Lighthouse's mobile performance score of a page, with what the benchmark reads beside it.

Runs npm's ``lighthouse`` (``node_modules/.bin``) against Debian's chromium
(``CHROME_PATH``), performance only, and keeps from each report the score, the
total blocking time, the host's ``benchmarkIndex`` and, from the saved trace,
the share of the page's long tasks its main thread spent on a CPU
(``lighthouse_trace.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.bench.lighthouse_trace import report_cpu_share
from tests.conftest import ROOT


def lighthouse(url: str, runs: int, executable: str | None) -> list[dict[str, float]]:
    """Lighthouse mobile performance of ``url``, ``runs`` times (lighthouse_run's figures)."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit("lighthouse is missing from node_modules: run `make setup` (npm ci)")
    env = {**os.environ}
    if executable:
        env["CHROME_PATH"] = executable
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="chooser-bench-lh-") as tmp:
            report = Path(tmp) / "report.json"
            command = [
                str(binary),
                url,
                "--quiet",
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                "--save-assets",
                f"--chrome-flags={flags} --user-data-dir={tmp}/profile",
            ]
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0 or not report.is_file():
                raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
            data = json.loads(report.read_text(encoding="utf-8"))
            trace = report.with_name(f"{report.stem}-0.trace.json")
            if not trace.is_file():
                raise SystemExit(f"lighthouse saved no trace for {url} (looked for {trace.name})")
            share = report_cpu_share(data, json.loads(trace.read_text(encoding="utf-8")), url)
            results.append({**lighthouse_run(data, url), "cpu_share": share["share"]})
    return results


def lighthouse_run(report: dict[str, Any], url: str) -> dict[str, float]:
    """What one Lighthouse report says: the score, its blocking time and the host's speed.

    ``score`` is the performance score (0-100) and ``tbt_ms`` the total
    blocking time, the measure that costs this site points. ``benchmark_index``
    is Lighthouse's own measure of the host's CPU (``environment.benchmarkIndex``,
    runs of a fixed loop per second: higher is faster). Lighthouse's simulated
    4x CPU slowdown is relative to the host, so a slower host scores lower.
    """
    try:
        score = report["categories"]["performance"]["score"]
        blocking = report["audits"]["total-blocking-time"]["numericValue"]
        index = report["environment"]["benchmarkIndex"]
    except (KeyError, TypeError) as missing:
        raise SystemExit(f"lighthouse's report on {url} lacks {missing}") from None
    if score is None:
        raise SystemExit(f"lighthouse gave no performance score for {url}")
    if blocking is None:
        raise SystemExit(f"lighthouse gave no total blocking time for {url}")
    if not isinstance(index, int | float) or index <= 0:
        raise SystemExit(f"lighthouse's report on {url} has no benchmarkIndex (got {index!r})")
    return {"score": round(score * 100), "tbt_ms": float(blocking), "benchmark_index": index}
