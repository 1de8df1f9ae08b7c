"""The results file of the load benchmark: its schema, its checks, reading and writing it.

``docs/evidence/results.json`` holds ``generated``, ``machine``, ``versions``
and ``runs``; each run names its ``stack``, ``server``, ``workers``,
``workload``, ``io_delay_ms``, ``concurrency``, ``rps``, ``p50_ms``,
``p99_ms``, ``errors``, ``rss_mb``, ``cpu_pct`` and ``repeats``, and a
WebSocket run also ``connections`` and ``broadcast_ms``. Standard library only:
the site's build hook reads the file through :func:`load_results`.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

STACKS = frozenset({"nodejs", "flask"})
WORKLOADS = ("io", "cpu", "json", "ws-idle", "ws-broadcast")
WEBSOCKET_WORKLOADS = frozenset({"ws-idle", "ws-broadcast"})
TOP_LEVEL = ("generated", "machine", "versions", "runs")
# field -> (types allowed, may it be null)
RUN_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "stack": ((str,), False),
    "server": ((str,), False),
    "workers": ((int,), False),
    "workload": ((str,), False),
    "io_delay_ms": ((int,), True),
    "concurrency": ((int,), False),
    "rps": ((int, float), True),
    "p50_ms": ((int, float), True),
    "p99_ms": ((int, float), True),
    "errors": ((int,), False),
    "rss_mb": ((int, float), False),
    "cpu_pct": ((int, float), True),
    "repeats": ((int,), False),
}
WEBSOCKET_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "connections": ((int,), False),
    "broadcast_ms": ((int, float), True),
}


class ResultsError(ValueError):
    """results.json is missing, unreadable or breaks the schema; the message says where."""


def _check_field(where: str, run: Mapping[str, Any], name: str, spec: tuple[Any, bool]) -> None:
    types, nullable = spec
    if name not in run:
        raise ResultsError(f"{where}: missing field '{name}'")
    value = run[name]
    if value is None:
        if not nullable:
            raise ResultsError(f"{where}: field '{name}' must not be null")
        return
    if isinstance(value, bool) or not isinstance(value, types):
        wanted = " or ".join(t.__name__ for t in types)
        raise ResultsError(f"{where}: field '{name}' must be {wanted}, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ResultsError(f"{where}: field '{name}' must be finite, got {value!r}")
    if isinstance(value, int | float) and value < 0:
        raise ResultsError(f"{where}: field '{name}' must not be negative, got {value!r}")


def validate(data: Any) -> dict[str, Any]:
    """Check a results document against the schema; return it, or raise :class:`ResultsError`."""
    if not isinstance(data, dict):
        raise ResultsError("results: the document must be a JSON object")
    for key in TOP_LEVEL:
        if key not in data:
            raise ResultsError(f"results: missing top-level key '{key}'")
    if not isinstance(data["generated"], str) or not data["generated"]:
        raise ResultsError("results: 'generated' must be a date-time string")
    for key in ("machine", "versions"):
        if not isinstance(data[key], dict):
            raise ResultsError(f"results: '{key}' must be an object")
    runs = data["runs"]
    if not isinstance(runs, list) or not runs:
        raise ResultsError("results: 'runs' must be a non-empty list")
    seen: set[tuple[str, str, int]] = set()
    for index, run in enumerate(runs):
        where = f"results: runs[{index}]"
        if not isinstance(run, dict):
            raise ResultsError(f"{where}: must be an object")
        for name, spec in RUN_FIELDS.items():
            _check_field(where, run, name, spec)
        where = f"{where} ({run['server']} {run['workload']} c={run['concurrency']})"
        if run["stack"] not in STACKS:
            raise ResultsError(
                f"{where}: stack must be one of {sorted(STACKS)}, not {run['stack']!r}"
            )
        if run["workload"] not in WORKLOADS:
            raise ResultsError(f"{where}: workload must be one of {list(WORKLOADS)}")
        if run["workload"] in WEBSOCKET_WORKLOADS:
            for name, spec in WEBSOCKET_FIELDS.items():
                _check_field(where, run, name, spec)
        if run["workload"] == "io" and run["io_delay_ms"] is None:
            raise ResultsError(f"{where}: an io run needs io_delay_ms")
        if run["repeats"] < 1:
            raise ResultsError(f"{where}: repeats must be at least 1")
        case = (run["server"], run["workload"], run["concurrency"])
        if case in seen:
            raise ResultsError(f"{where}: the same server, workload and concurrency twice")
        seen.add(case)
    return data


def load_results(path: Path) -> dict[str, Any]:
    """Read and validate a results file; any problem is a :class:`ResultsError` naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResultsError(f"{path}: cannot read: {error.strerror}") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ResultsError(f"{path}: not JSON: {error}") from error
    try:
        return validate(data)
    except ResultsError as error:
        raise ResultsError(f"{path}: {error}") from error


def write_results(path: Path, data: Mapping[str, Any]) -> None:
    """Validate, then write atomically: a reader never sees a half-written file."""
    validate(dict(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def io_ceiling(run: Mapping[str, Any]) -> float | None:
    """The most requests per second a blocking server can finish on the io workload.

    A server whose handler holds its worker (or thread) for the whole delay
    finishes at most ``slots x 1000 / delay_ms`` requests a second, however
    many connections wait. None for servers that yield while they wait, and
    for other workloads.
    """
    slots = run.get("blocking_slots")
    if run["workload"] != "io" or not slots or not run["io_delay_ms"]:
        return None
    return float(slots * 1000 / run["io_delay_ms"])


# Measured rps may pass the ceiling by a hair: wrk counts answers, not whole delays.
CEILING_TOLERANCE = 1.02


def ceiling_violations(data: Mapping[str, Any]) -> list[str]:
    """Runs whose throughput is above what their server can physically do (should be none)."""
    problems = []
    for run in data["runs"]:
        ceiling = io_ceiling(run)
        if (
            ceiling is not None
            and run["rps"] is not None
            and run["rps"] > ceiling * CEILING_TOLERANCE
        ):
            problems.append(
                f"{run['server']} io c={run['concurrency']}: {run['rps']} requests/s is above "
                f"its ceiling of {ceiling:g} "
                f"({run['blocking_slots']} x 1000 / {run['io_delay_ms']} ms)"
            )
    return problems
