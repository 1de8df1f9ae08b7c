"""history: every published run's headline figures, one row each, for the speed log.

On made-up records and a throwaway git repository; the last two tests read
the committed files.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.bench import history


def summary(median: float) -> dict[str, float]:
    return {"median": median, "min": median, "max": median, "n": 5}


def record(generated: str = "2026-12-06T01:52:28+00:00", **figures: Any) -> dict[str, Any]:
    numbers: dict[str, Any] = {
        "cold": {"ours_ms": summary(1473.0), "stock_ms": summary(3232.0)},
        "warm": {"ours_ms": summary(541.0)},
        "fast_4g_cold": {
            "ours_ms": {"median": 5317.0, "min": 5251.0, "max": 5364.0, "n": 5},
            "stock_ms": summary(9716.0),
        },
        "answerable_ms": {"cold": summary(98.0), "fast_4g_cold": summary(272.0)},
        "lighthouse": {
            "home": summary(99),
            "docs": summary(98),
            "chooser": {"median": 97, "min": 81, "max": 99, "n": 5},
        },
        "transfer_bytes": {"docs_heaviest": {"bytes": 127366, "path": "chooser-speed-log/"}},
    }
    numbers.update(figures)
    return {
        "generated": generated,
        "machine": "2 CPUs (AMD EPYC), 24 GiB, Linux",
        "table": [{"met": False}, {"met": True}, {"met": None}, {"met": True}],
        "figures": numbers,
    }


def test_a_row_holds_the_runs_headline_figures() -> None:
    assert history.row(record()) == {
        "generated": "2026-12-06T01:52:28+00:00",
        "host": "AMD",
        "cold_ms": 1473.0,
        "stock_cold_ms": 3232.0,
        "warm_ms": 541.0,
        "fast_4g_ms": 5317.0,
        "stock_fast_4g_ms": 9716.0,
        "answerable_4g_ms": 272.0,
        "lighthouse_home": 99.0,
        "lighthouse_docs": 98.0,
        "lighthouse_chooser": 97.0,
        # each spread: the run's lowest and highest measurement
        "fast_4g_min_ms": 5251.0,
        "fast_4g_max_ms": 5364.0,
        "lighthouse_home_min": 99.0,
        "lighthouse_home_max": 99.0,
        "lighthouse_docs_min": 98.0,
        "lighthouse_docs_max": 98.0,
        "lighthouse_chooser_min": 81.0,
        "lighthouse_chooser_max": 99.0,
        "docs_heaviest_bytes": 127366,
        "targets_met": 2,  # a figure without a target counts neither way
        "targets": 3,
    }


def test_a_figure_the_run_did_not_measure_is_none() -> None:
    early = record(warm={}, fast_4g_cold=None, lighthouse={"chooser": summary(87)})
    early["machine"] = "2 CPUs (Intel(R) Xeon(R) Processor), 24 GiB"
    row = history.row(early)
    assert (row["warm_ms"], row["fast_4g_ms"], row["host"]) == (None, None, "Intel")
    assert row["stock_fast_4g_ms"] is None
    assert (row["lighthouse_home"], row["lighthouse_chooser"]) == (None, 87.0)
    assert row["fast_4g_min_ms"] is row["fast_4g_max_ms"] is row["lighthouse_home_max"] is None
    assert history.row(record(transfer_bytes={}))["docs_heaviest_bytes"] is None
    # a record that holds a median but not its spread
    bare = history.row(record(lighthouse={"chooser": {"median": 87, "n": 1}}))
    assert (bare["lighthouse_chooser"], bare["lighthouse_chooser_min"]) == (87.0, None)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"generated": None}, "generated=None"),
        ({"figures": {"cold": {"ours_ms": summary(1.0)}}}, "stock=None"),
        ({"figures": {}}, "cold=None"),
    ],
    ids=["no time", "no stock", "no cold start"],
)
def test_a_record_without_its_cold_start_or_time_stops_with_what_is_missing(
    broken: dict[str, Any], message: str
) -> None:
    with pytest.raises(history.HistoryError, match=re.escape(message)):
        history.row({**record(), **broken})


def test_recording_adds_a_run_once_in_the_order_the_runs_were_made(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    history.record(record("2026-12-06T01:52:28+00:00"), path)
    history.record(record("2026-12-05T22:31:39+00:00"), path)
    faster = record("2026-12-06T01:52:28+00:00")
    faster["figures"]["cold"]["ours_ms"] = summary(1400.0)
    history.record(faster, path)  # the same run published again replaces its row
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert [r["generated"][:16] for r in rows] == ["2026-12-05T22:31", "2026-12-06T01:52"]
    assert rows[1]["cold_ms"] == 1400.0
    assert [p.name for p in tmp_path.iterdir()] == ["history.json"]  # nothing half-written left


def test_a_history_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(history.HistoryError, match="is not a JSON list of runs"):
        history.record(record(), path)
    assert path.read_text(encoding="utf-8") == "{}"  # left as it was


def test_the_history_is_rebuilt_from_every_version_of_the_record_in_git(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    published = tmp_path / "docs" / "evidence" / "chooser-speed.json"
    published.parent.mkdir(parents=True)
    versions = [
        record("2026-12-05T22:31:39+00:00"),
        record("2026-12-06T01:52:28+00:00"),
        {**record("2026-12-06T01:52:28+00:00"), "stages": {}},  # the same run, amended
    ]
    for number, version in enumerate(versions):
        published.write_text(json.dumps(version), encoding="utf-8")
        git("add", ".")
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", f"v{number}")
    rows = history.from_git(tmp_path, published)
    assert [r["generated"][:16] for r in rows] == ["2026-12-05T22:31", "2026-12-06T01:52"]


def test_the_committed_history_ends_with_the_published_run() -> None:
    # `make bench BENCH_ARGS=--publish` writes both; a record published
    # without its row (or a row edited by hand) shows here.
    rows = history.read()
    published = json.loads(history.PUBLISHED.read_text(encoding="utf-8"))
    assert rows[-1] == history.row(published)
    generated = [r["generated"] for r in rows]
    assert generated == sorted(set(generated)) and len(rows) >= 35
