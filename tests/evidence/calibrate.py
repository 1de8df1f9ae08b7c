"""How long one /cpu call takes in each runtime, timed on the server's core before a run.

The cpu workload runs the same integer loop a different number of times in
Node.js and in CPython (``cpu_iterations`` in servers/workloads.json), sized so
that one call takes about the same time in each. A faster host, another
Node.js or another CPython moves those times, so every run first times the
loop in both runtimes, each with its own code (``http_server.mjs --time-cpu``,
``workload.py --time-cpu``) on the core the servers get, and records them with
the results: the page shows them, and a reader sees whether the two calls
still match. Each runtime is timed in :data:`PROCESSES` fresh processes, taken
in turn, because on this shared machine one CPython process can run the loop
up to 1.8 times slower than the next (16.5 to 30.3 ms a call, 6 December
2026), while Node.js stayed within 0.1 ms.
"""

from __future__ import annotations

import json
import statistics
import subprocess
from typing import Any

from tests.support.pinned_node import NODE

from .catalog import NODE_DIR, PYTHON_DIR, SERVER_CPUS, VENV_BIN
from .processes import HarnessError, Processes, started

TIMEOUT_S = 120
PROCESSES = 3
COMMANDS = {
    "nodejs": (str(NODE), str(NODE_DIR / "http_server.mjs"), "--time-cpu"),
    "flask": (str(VENV_BIN / "python"), str(PYTHON_DIR / "workload.py"), "--time-cpu"),
}


def median_ms(output: bytes, stack: str) -> float:
    """The median of the ``{"ms": [...]}`` a timing command printed; HarnessError if malformed."""
    try:
        times = json.loads(output)["ms"]
        if not times or not all(isinstance(t, int | float) and t > 0 for t in times):
            raise ValueError("no positive times")
    except (ValueError, KeyError, TypeError) as error:
        printed = output[:200]
        raise HarnessError(f"timing the cpu loop ({stack}) printed {printed!r}: {error}") from None
    median: float = round(statistics.median(times), 1)
    return median


def cpu_call_ms(processes: Processes) -> dict[str, dict[str, Any]]:
    """One /cpu call's milliseconds per stack, on :data:`SERVER_CPUS`.

    For each stack: ``median``, the median of the processes' medians, and
    ``range``, the lowest and highest of them.
    """
    medians: dict[str, list[float]] = {stack: [] for stack in COMMANDS}
    for round_ in range(PROCESSES):
        for stack, argv in COMMANDS.items():
            medians[stack].append(_time_one(processes, stack, argv, round_))
    return {
        stack: {"median": round(statistics.median(found), 1), "range": [min(found), max(found)]}
        for stack, found in medians.items()
    }


def _time_one(processes: Processes, stack: str, argv: tuple[str, ...], round_: int) -> float:
    with started(
        processes, f"time-cpu-{stack}-{round_}", argv, cpus=SERVER_CPUS, stdout=subprocess.PIPE
    ) as process:
        try:
            output, _ = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise HarnessError(f"timing the cpu loop ({stack}) took over {TIMEOUT_S} s") from None
        if process.returncode != 0:
            raise HarnessError(f"timing the cpu loop ({stack}) exited with {process.returncode}")
    return median_ms(output, stack)
