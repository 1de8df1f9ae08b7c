"""What the Python servers of the load benchmark serve: the shared workload settings.

Read from ``../workloads.json`` and ``../document.json``, the same files the
Node.js servers read, so both sides do the same work.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
CONFIG: dict[str, Any] = json.loads((HERE / "workloads.json").read_text(encoding="utf-8"))
DOCUMENT: dict[str, object] = json.loads((HERE / CONFIG["document"]).read_text(encoding="utf-8"))
DELAY_S: float = CONFIG["io_delay_ms"] / 1000
ITERATIONS: int = CONFIG["cpu_iterations"]["flask"]
MODULUS: int = CONFIG["cpu_modulus"]


# --8<-- [start:cpu]
def spin(n: int) -> int:
    """The cpu workload: the same integer loop as the Node.js servers' spin()."""
    x = 0
    for i in range(n):
        x = (x * 31 + i) % MODULUS
    return x


# --8<-- [end:cpu]


def time_cpu() -> list[float]:
    """Milliseconds of timed calls of the cpu loop, after a warm-up (``cpu_timing``)."""
    timing = CONFIG["cpu_timing"]
    for _ in range(timing["warmup_calls"]):
        spin(ITERATIONS)
    ms = []
    for _ in range(timing["timed_calls"]):
        start = time.perf_counter()
        spin(ITERATIONS)
        ms.append((time.perf_counter() - start) * 1000)
    return ms


if __name__ == "__main__":
    # ``python workload.py --time-cpu``: the harness's check of the loop's size
    # (tests/evidence/calibrate.py), the same as the Node.js server's flag.
    if sys.argv[1:] != ["--time-cpu"]:
        sys.exit("usage: workload.py --time-cpu")
    print(json.dumps({"ms": time_cpu()}))
