"""Drive Debian's ``wrk`` and read its report (one JSON line written by ``report.lua``)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .processes import HarnessError, Processes

REPORT_SCRIPT = Path(__file__).with_name("report.lua")
# wrk's time-out. wrk 4.x counts an answer that arrives later than this as a
# time-out (still counted in requests) and leaves it out of the latency
# percentiles; a request unanswered when the run ends is counted nowhere.
TIMEOUT_S = 2


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: throughput, latency percentiles and the errors by kind."""

    requests: int
    duration_s: float
    p50_ms: float | None
    p99_ms: float | None
    connect: int
    read: int
    write: int
    status: int
    timeout: int

    @property
    def rps(self) -> float:
        """Completed requests per second (answered, whatever the status)."""
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self) -> int:
        """Socket errors, non-2xx/3xx answers and time-outs, all together."""
        return self.connect + self.read + self.write + self.status + self.timeout


def wrk_binary() -> str:
    """Path of ``wrk``, or a clear error saying how to get it."""
    path = shutil.which("wrk")
    if path is None:
        raise HarnessError("wrk is not installed: apt-get install wrk (make evidence does it)")
    return path


def parse_report(stdout: str) -> WrkResult:
    """Read the JSON line ``report.lua`` printed; a missing or broken line is an error."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            data = json.loads(line)
            break
    else:
        raise HarnessError(f"wrk printed no report line; its output was: {stdout[-500:]!r}")
    requests = int(data["requests"])
    return WrkResult(
        requests=requests,
        duration_s=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000 if requests else None,
        p99_ms=data["p99_us"] / 1000 if requests else None,
        connect=int(data["connect"]),
        read=int(data["read"]),
        write=int(data["write"]),
        status=int(data["status"]),
        timeout=int(data["timeout"]),
    )


def run_wrk(
    processes: Processes, url: str, *, connections: int, duration_s: int, cpus: str
) -> WrkResult:
    """One wrk run against ``url`` with one thread on ``cpus``; bounded by its duration."""
    argv = [
        wrk_binary(),
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{duration_s}s",
        "--timeout",
        f"{TIMEOUT_S}s",
        "--script",
        str(REPORT_SCRIPT),
        url,
    ]
    process = processes.start("wrk", argv, cpus=cpus, stdout=subprocess.PIPE)
    try:
        out, _ = process.communicate(timeout=duration_s + TIMEOUT_S + 30)
    except subprocess.TimeoutExpired as error:
        raise HarnessError(f"wrk did not finish within {duration_s + 35:g} s") from error
    finally:
        processes.stop(process.pid)
    if process.returncode != 0:
        raise HarnessError(f"wrk exited with {process.returncode} on {url}")
    return parse_report(out.decode())
