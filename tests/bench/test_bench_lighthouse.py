"""What the benchmark reads from a Lighthouse report, and how it says a report is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bench.lighthouse import lighthouse_run

URL = "http://127.0.0.1:8000/node-or-flask/chooser/"


def report(
    score: float | None = 0.88, blocking: float = 412.5, index: Any = 1650.5
) -> dict[str, Any]:
    """The parts of a Lighthouse 12 JSON report the benchmark reads."""
    return {
        "categories": {"performance": {"score": score}},
        "audits": {"total-blocking-time": {"numericValue": blocking}},
        "environment": {"benchmarkIndex": index},
    }


def test_a_report_gives_score_blocking_time_and_the_hosts_speed() -> None:
    assert lighthouse_run(report(), URL) == {
        "score": 88,
        "tbt_ms": 412.5,
        "benchmark_index": 1650.5,
    }


def test_a_report_without_a_score_names_the_page() -> None:
    with pytest.raises(SystemExit, match=r"no performance score for .*/chooser/"):
        lighthouse_run(report(score=None), URL)


def test_a_report_without_a_blocking_time_says_so() -> None:
    broken = report()
    broken["audits"]["total-blocking-time"]["numericValue"] = None
    with pytest.raises(SystemExit, match=r"no total blocking time for .*/chooser/"):
        lighthouse_run(broken, URL)


def test_a_report_missing_a_part_says_which() -> None:
    broken = report()
    del broken["audits"]["total-blocking-time"]
    with pytest.raises(SystemExit, match=r"report on .*/chooser/ lacks 'total-blocking-time'"):
        lighthouse_run(broken, URL)


@pytest.mark.parametrize("index", [None, 0, "fast"])
def test_a_report_without_a_usable_benchmark_index_says_so(index: Any) -> None:
    with pytest.raises(SystemExit, match=r"has no benchmarkIndex \(got "):
        lighthouse_run(report(index=index), URL)
