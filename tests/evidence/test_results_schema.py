"""results.json: the schema check names what is wrong, writing is all or nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.evidence.results import (
    ResultsError,
    ceiling_violations,
    io_ceiling,
    load_results,
    validate,
    write_results,
)

RUN = {
    "stack": "flask",
    "server": "gunicorn-sync",
    "workers": 3,
    "blocking_slots": 3,
    "workload": "io",
    "io_delay_ms": 50,
    "concurrency": 100,
    "rps": 58.0,
    "p50_ms": 1700.0,
    "p99_ms": 1800.0,
    "errors": 0,
    "rss_mb": 120.0,
    "cpu_pct": 9.5,
    "repeats": 3,
}
WS_RUN = {
    **RUN,
    "stack": "nodejs",
    "server": "ws",
    "blocking_slots": None,
    "workload": "ws-idle",
    "io_delay_ms": None,
    "concurrency": 1000,
    "rps": None,
    "connections": 1000,
    "broadcast_ms": None,
}
DOC = {
    "generated": "2026-12-01T15:00:00+00:00",
    "machine": {},
    "versions": {},
    "runs": [RUN, WS_RUN],
}


# A change that breaks a copy of DOC in place.
Change = Callable[[dict[str, Any]], object]


def _broken(change: Change) -> dict[str, Any]:
    doc = copy.deepcopy(DOC)
    change(doc)
    return doc


def test_a_good_document_passes() -> None:
    assert validate(copy.deepcopy(DOC))["runs"][0]["server"] == "gunicorn-sync"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("versions"), "missing top-level key 'versions'"),
        (lambda d: d.update(runs=[]), "'runs' must be a non-empty list"),
        (lambda d: d["runs"][0].pop("p99_ms"), "runs[0]: missing field 'p99_ms'"),
        (lambda d: d["runs"][0].update(stack="deno"), "stack must be one of"),
        (lambda d: d["runs"][0].update(workload="hello"), "workload must be one of"),
        (lambda d: d["runs"][0].update(rps="fast"), "field 'rps' must be int or float"),
        (lambda d: d["runs"][0].update(errors=-1), "field 'errors' must not be negative"),
        (lambda d: d["runs"][0].update(repeats=True), "field 'repeats' must be int"),
        (lambda d: d["runs"][0].update(rss_mb=None), "field 'rss_mb' must not be null"),
        (lambda d: d["runs"][0].update(io_delay_ms=None), "an io run needs io_delay_ms"),
        (lambda d: d["runs"][1].pop("connections"), "missing field 'connections'"),
        (lambda d: d["runs"].append(dict(RUN)), "the same server, workload and concurrency twice"),
    ],
)
def test_a_broken_document_names_its_problem(change: Change, message: str) -> None:
    with pytest.raises(
        ResultsError,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace("[", r"\[")
        .replace("]", r"\]"),
    ):
        validate(_broken(change))


def test_load_names_the_file_and_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text("{not json")
    with pytest.raises(ResultsError, match=r"results\.json: not JSON"):
        load_results(path)
    with pytest.raises(ResultsError, match="cannot read"):
        load_results(tmp_path / "missing.json")


def test_writing_an_invalid_document_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    write_results(path, DOC)
    before = path.read_text()
    with pytest.raises(ResultsError):
        write_results(path, _broken(lambda d: d["runs"][0].pop("rps")))
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]
    assert json.loads(before)["runs"][0]["rps"] == 58.0


def test_the_io_ceiling_of_a_blocking_server() -> None:
    assert io_ceiling(RUN) == 60.0  # 3 workers x 1000 / 50 ms
    assert io_ceiling({**RUN, "blocking_slots": 12}) == 240.0
    assert io_ceiling(WS_RUN) is None
    assert io_ceiling({**RUN, "workload": "cpu"}) is None


def test_a_run_above_its_ceiling_is_reported() -> None:
    assert ceiling_violations(DOC) == []
    fast = _broken(lambda d: d["runs"][0].update(rps=75.0))
    (problem,) = ceiling_violations(fast)
    assert "gunicorn-sync io c=100: 75.0 requests/s is above its ceiling of 60" in problem
