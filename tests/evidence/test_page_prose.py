"""The hand-written figures on the evidence page match the committed results.json.

The page's generated blocks come from results.json at build time; a few
sentences quote it in prose (how wrk's time-outs show, the machine's load), and
a new run must not leave them behind.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any

from tests.evidence.results import load_results

from .conftest import RESULTS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "evidence" / "index.md"


def _text() -> str:
    return " ".join(PAGE.read_text(encoding="utf-8").split())


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _run(data: dict[str, Any], server: str, workload: str, concurrency: int) -> dict[str, Any]:
    return next(
        r
        for r in data["runs"]
        if (r["server"], r["workload"], r["concurrency"]) == (server, workload, concurrency)
    )


def test_the_late_answers_example_is_this_runs() -> None:
    data = load_results(RESULTS)
    found = re.search(
        r"three Gunicorn sync workers at 1,000 connections gave about ([\d,]+) answers "
        r"in each run, ([\d,]+) of them late, and most of the 1,000 clients",
        _text(),
    )
    assert found, "the example sentence is gone or reworded"
    run = _run(data, "gunicorn-sync", "io", 1000)
    answers = round(run["rps"] * run["duration_s"])
    late = statistics.median(s["errors"] for s in run["samples"])
    assert (_number(found[1]), _number(found[2])) == (answers, late)
    assert answers * 2 < 1000  # "most of the 1,000 clients" got no answer
    assert run["errors_by_kind"]["timeout"] == run["errors"]  # all late answers, none failed


def test_the_machine_loads_quoted_are_this_runs() -> None:
    data = load_results(RESULTS)
    text = _text()
    found = re.search(
        r"its HTTP cases ended at one-minute load averages of (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?)",
        text,
    )
    assert found
    http = [r["load_1m"] for r in data["runs"] if not r["workload"].startswith("ws-")]
    assert (_number(found[1]), _number(found[2])) == (round(min(http), 1), round(max(http), 1))
    found = re.search(r"The Flask-SocketIO cases show loads of (\d+) to (\d+)", text)
    assert found
    socketio = [r["load_1m"] for r in data["runs"] if r["server"].startswith("flask-socketio")]
    assert (_number(found[1]), _number(found[2])) == (round(min(socketio)), round(max(socketio)))


def test_the_gthread_spread_quoted_is_this_runs() -> None:
    data = load_results(RESULTS)
    found = re.search(
        r"At 10 connections its three runs gave (\d+) to (\d+) requests a second", _text()
    )
    assert found
    low, high = _run(data, "gunicorn-gthread", "io", 10)["spread"]["rps"]
    assert (_number(found[1]), _number(found[2])) == (round(low), round(high))


def test_the_performance_verdict_quotes_this_runs_cpu_figures() -> None:
    data = load_results(RESULTS)
    page = PAGE.parents[1] / "questions" / "performance.md"
    text = " ".join(page.read_text(encoding="utf-8").split())
    found = re.search(r"Node\.js ahead \((\d+) against (\d+) requests a second\)", text)
    assert found
    node = _run(data, "node-http", "cpu", 10)["rps"]
    flask = _run(data, "gunicorn-sync", "cpu", 10)["rps"]
    assert (_number(found[1]), _number(found[2])) == (round(node), round(flask))
