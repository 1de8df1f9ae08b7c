"""Run the benchmark: start each server, check its answers, load it, record, stop it.

HTTP servers are loaded with wrk (warm-up, then ``repeats`` runs of a fixed
duration). WebSocket servers get N idle connections from ``ws_client.mjs``,
then broadcasts; each repeat starts a fresh server. Every process is started
through :class:`~tests.evidence.processes.Processes`, so all of them are
stopped whatever happens.
"""

from __future__ import annotations

import json
import os
import queue
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from tests.support.pinned_node import NODE

from .catalog import GENERATOR_CPUS, ROOT, SERVER_CPUS, SERVERS_DIR, Plan, Server
from .processes import HarnessError, Processes, Sampler, group_usage, started
from .wrk import run_wrk

WS_CLIENT = Path(__file__).with_name("ws_client.mjs")
READY_TIMEOUT_S = 30.0
WS_BROADCASTS = 3
WS_IDLE_HOLD_S = 2.0
MB = 1024 * 1024

Progress = Callable[[str], None]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def workload_config() -> dict[str, Any]:
    """The shared workload settings both stacks read (servers/workloads.json)."""
    data: dict[str, Any] = json.loads((SERVERS_DIR / "workloads.json").read_text("utf-8"))
    return data


@cache
def expected_cpu_answer(stack: str) -> str:
    """What /cpu must answer: the same loop, computed here in Python."""
    config = workload_config()
    x = 0
    modulus = config["cpu_modulus"]
    for i in range(config["cpu_iterations"][stack]):
        x = (x * 31 + i) % modulus
    return str(x)


def _get(url: str, timeout: float = 10) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
        return response.status, response.read()


def wait_ready(process: subprocess.Popen[bytes], port: int, path: str, name: str) -> None:
    """Wait until the server answers ``path`` with 200; fail if it exits or takes too long."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"{name} exited with {process.returncode} before answering")
        try:
            status, _ = _get(f"http://127.0.0.1:{port}{path}")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise HarnessError(f"{name} did not answer {path} within {READY_TIMEOUT_S:g} s")


def check_answers(server: Server, port: int) -> None:
    """Each route the server runs answers what both stacks must answer."""
    base = f"http://127.0.0.1:{port}"
    document = json.loads((SERVERS_DIR / workload_config()["document"]).read_text("utf-8"))
    expected: dict[str, Callable[[bytes], bool]] = {
        "io": lambda body: body == b"ok",
        "cpu": lambda body: body.decode() == expected_cpu_answer(server.stack),
        "json": lambda body: json.loads(body) == document,
    }
    for workload in server.workloads:
        status, body = _get(f"{base}/{workload}")
        if status != 200 or not expected[workload](body):
            raise HarnessError(
                f"{server.name}: /{workload} answered {status} {body[:80]!r}, not the expected body"
            )


DRAIN_BUDGET_S = 120.0
QUIET_ANSWER_S = 1.0


def wait_drained(port: int, path: str, name: str) -> None:
    """Wait until the server answers ``path`` promptly again after a load run.

    A server that queued more connections than it could serve (a sync worker's
    backlog) keeps serving requests whose clients are gone; the next run must
    not start behind them. Bounded by :data:`DRAIN_BUDGET_S`.
    """
    deadline = time.monotonic() + DRAIN_BUDGET_S
    while time.monotonic() < deadline:
        start = time.monotonic()
        try:
            status, _ = _get(f"http://127.0.0.1:{port}{path}", timeout=QUIET_ANSWER_S * 5)
            if status == 200 and time.monotonic() - start < QUIET_ANSWER_S:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise HarnessError(f"{name} still had a queue {DRAIN_BUDGET_S:g} s after a load run")


@dataclass
class Sample:
    """One repeat's figures."""

    rps: float | None
    p50_ms: float | None
    p99_ms: float | None
    errors: int
    errors_by_kind: dict[str, int]
    rss_bytes: int
    pss_bytes: int
    cpu_pct: float
    connections: int | None = None
    broadcast_ms: float | None = None
    kb_per_connection: float | None = None


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _spread(values: list[float | None]) -> list[float] | None:
    present = [v for v in values if v is not None]
    return [min(present), max(present)] if present else None


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def aggregate(
    server: Server,
    workload: str,
    concurrency: int,
    samples: list[Sample],
    plan: Plan,
    io_delay_ms: int,
) -> dict[str, Any]:
    """One results.json run: medians over the repeats, the spread, and each repeat."""
    kinds: dict[str, int] = {}
    for sample in samples:
        for kind, count in sample.errors_by_kind.items():
            kinds[kind] = kinds.get(kind, 0) + count
    websocket = workload.startswith("ws-")
    run: dict[str, Any] = {
        "stack": server.stack,
        "server": server.name,
        "setup": server.setup,
        "workers": server.workers,
        "threads": server.threads,
        "blocking_slots": server.blocking_slots,
        "workload": workload,
        "io_delay_ms": io_delay_ms if workload == "io" else None,
        "concurrency": concurrency,
        "rps": _round(_median([s.rps for s in samples]), 1),
        "p50_ms": _round(_median([s.p50_ms for s in samples])),
        "p99_ms": _round(_median([s.p99_ms for s in samples])),
        "errors": sum(s.errors for s in samples),
        "errors_by_kind": kinds,
        "rss_mb": round(max(s.rss_bytes for s in samples) / MB, 1),
        "pss_mb": round(max(s.pss_bytes for s in samples) / MB, 1),
        "cpu_pct": _round(_median([s.cpu_pct for s in samples]), 1),
        "repeats": len(samples),
        "load_1m": round(os.getloadavg()[0], 2),
        "warmup_s": 0 if websocket else plan.warmup_s,
        "duration_s": WS_IDLE_HOLD_S if websocket else plan.duration_s,
        "spread": {
            key: _spread([getattr(s, key) for s in samples])
            for key in ("rps", "p50_ms", "p99_ms", "broadcast_ms", "kb_per_connection")
        },
        "samples": [
            {
                "rps": _round(s.rps, 1),
                "p50_ms": _round(s.p50_ms),
                "p99_ms": _round(s.p99_ms),
                "errors": s.errors,
                "rss_mb": round(s.rss_bytes / MB, 1),
                "cpu_pct": round(s.cpu_pct, 1),
                **(
                    {
                        "connections": s.connections,
                        "broadcast_ms": _round(s.broadcast_ms),
                        "kb_per_connection": _round(s.kb_per_connection, 1),
                    }
                    if websocket
                    else {}
                ),
            }
            for s in samples
        ],
    }
    if websocket:
        run["connections"] = concurrency
        run["connected"] = min(s.connections or 0 for s in samples)
        run["broadcast_ms"] = _round(_median([s.broadcast_ms for s in samples]))
        run["kb_per_connection"] = _round(_median([s.kb_per_connection for s in samples]), 1)
    return run


@contextmanager
def server_started(
    processes: Processes, server: Server, ready_path: str
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """Start ``server`` on a free port, on the server CPUs; yield it and its port once
    ``ready_path`` answers, and stop it after the ``with`` block."""
    port = free_port()
    with started(
        processes,
        server.name,
        server.command(port),
        cpus=SERVER_CPUS,
        env=dict(server.env),
        cwd=server.cwd,
    ) as process:
        wait_ready(process, port, ready_path, server.name)
        yield process, port


def http_cases(server: Server, plan: Plan) -> list[tuple[str, int]]:
    """(workload, concurrency) pairs the plan runs on an HTTP server."""
    levels = {
        "io": plan.io_concurrency,
        "cpu": plan.cpu_concurrency,
        "json": plan.json_concurrency,
    }
    return [
        (workload, concurrency)
        for workload in server.workloads
        if workload in plan.workloads
        for concurrency in levels[workload]
    ]


def run_http_server(
    processes: Processes,
    server: Server,
    plan: Plan,
    progress: Progress,
    *,
    first_case_only: bool = False,
) -> list[dict[str, Any]]:
    """Start one HTTP server, check its answers, run its cases, stop it."""
    cases = http_cases(server, plan)
    if first_case_only:
        cases = cases[:1]
    io_delay_ms = int(workload_config()["io_delay_ms"])
    runs = []
    with server_started(processes, server, f"/{server.workloads[0]}") as (process, port):
        check_answers(server, port)
        for workload, concurrency in cases:
            url = f"http://127.0.0.1:{port}/{workload}"
            progress(f"{server.name} {workload} c={concurrency}")
            if plan.warmup_s:
                run_wrk(
                    processes,
                    url,
                    connections=concurrency,
                    duration_s=plan.warmup_s,
                    cpus=GENERATOR_CPUS,
                )
            samples = []
            for _ in range(plan.repeats):
                wait_drained(port, f"/{server.workloads[0]}", server.name)
                with Sampler(process.pid) as sampler:
                    result = run_wrk(
                        processes,
                        url,
                        connections=concurrency,
                        duration_s=plan.duration_s,
                        cpus=GENERATOR_CPUS,
                    )
                if process.poll() is not None:
                    raise HarnessError(f"{server.name} died during {workload} c={concurrency}")
                samples.append(
                    Sample(
                        rps=result.rps,
                        p50_ms=result.p50_ms,
                        p99_ms=result.p99_ms,
                        errors=result.errors,
                        errors_by_kind={
                            "connect": result.connect,
                            "read": result.read,
                            "write": result.write,
                            "status": result.status,
                            "timeout": result.timeout,
                        },
                        rss_bytes=sampler.peak_rss,
                        pss_bytes=sampler.peak_pss,
                        cpu_pct=sampler.cpu_pct,
                    )
                )
            wait_drained(port, f"/{server.workloads[0]}", server.name)
            runs.append(aggregate(server, workload, concurrency, samples, plan, io_delay_ms))
    return runs


class _Lines:
    """JSON lines from a child's stdout, read in a thread, taken with a time-out."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._queue: queue.Queue[bytes] = queue.Queue()
        assert process.stdout is not None
        self._thread = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._thread.start()

    def _read(self, stdout: IO[bytes]) -> None:
        for line in stdout:
            self._queue.put(line)

    def next(self, timeout_s: float, what: str) -> dict[str, Any]:
        try:
            line = self._queue.get(timeout=timeout_s)
        except queue.Empty as error:
            raise HarnessError(f"no {what} from the WebSocket client in {timeout_s:g} s") from error
        data: dict[str, Any] = json.loads(line)
        return data


def ws_repeat(
    processes: Processes, server: Server, connections: int, deadline_s: float
) -> tuple[Sample, Sample]:
    """One repeat on a fresh server: (ws-idle sample, ws-broadcast sample)."""
    path = "/ws" if server.protocol == "ws" else ""
    with server_started(processes, server, "/health") as (process, port):
        time.sleep(0.5)
        base = group_usage(process.pid)
        client_argv = [
            str(NODE),
            str(WS_CLIENT),
            "--protocol",
            server.protocol,
            "--url",
            f"{'ws' if server.protocol == 'ws' else 'http'}://127.0.0.1:{port}{path}",
            "--connections",
            str(connections),
            "--broadcasts",
            str(WS_BROADCASTS),
            "--deadline-s",
            f"{deadline_s:g}",
        ]
        with started(
            processes,
            "ws-client",
            client_argv,
            cpus=GENERATOR_CPUS,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        ) as client:
            lines = _Lines(client)
            connected = lines.next(deadline_s, "connect report")
            if connected.get("event") != "connected":
                raise HarnessError(f"{server.name}: WebSocket client said {connected}")
            opened = int(connected["connections"])
            with Sampler(process.pid) as idle:
                time.sleep(WS_IDLE_HOLD_S)
            assert client.stdin is not None
            client.stdin.write(b"go\n")
            client.stdin.flush()
            with Sampler(process.pid) as busy:
                done = lines.next(deadline_s, "broadcast report")
            if done.get("event") != "done":
                raise HarnessError(f"{server.name}: WebSocket client said {done}")
        if process.poll() is not None:
            raise HarnessError(f"{server.name} died with {connections} connections")
    missing = connections - opened
    per_kb = (idle.peak_rss - base.rss_bytes) / opened / 1024 if opened else None
    idle_sample = Sample(
        rps=None,
        p50_ms=None,
        p99_ms=None,
        errors=missing,
        errors_by_kind={"not_connected": missing},
        rss_bytes=idle.peak_rss,
        pss_bytes=idle.peak_pss,
        cpu_pct=idle.cpu_pct,
        connections=opened,
        kb_per_connection=per_kb,
    )
    broadcasts = done["broadcasts"]
    lost = sum(opened - b["received"] for b in broadcasts)
    complete = [b for b in broadcasts if b["received"] == opened]
    broadcast_sample = Sample(
        rps=None,
        p50_ms=_median([b["p50_ms"] for b in broadcasts]),
        p99_ms=_median([b["p99_ms"] for b in broadcasts]),
        errors=missing + lost,
        errors_by_kind={"not_connected": missing, "not_delivered": lost},
        rss_bytes=busy.peak_rss,
        pss_bytes=busy.peak_pss,
        cpu_pct=busy.cpu_pct,
        connections=opened,
        broadcast_ms=_median([b["last_ms"] for b in complete]),
    )
    return idle_sample, broadcast_sample


def run_ws_server(
    processes: Processes,
    server: Server,
    plan: Plan,
    progress: Progress,
    *,
    first_case_only: bool = False,
) -> list[dict[str, Any]]:
    """Each connection count within the server's ceiling, ``repeats`` fresh servers each."""
    levels = [n for n in plan.ws_connections if n <= (server.max_connections or n)]
    if first_case_only:
        levels = levels[:1]
    runs = []
    for connections in levels:
        progress(f"{server.name} ws connections={connections}")
        idle, broadcast = [], []
        for _ in range(plan.repeats):
            deadline_s = 60 + connections / 25  # the client stops connecting at half of it
            one_idle, one_broadcast = ws_repeat(processes, server, connections, deadline_s)
            idle.append(one_idle)
            broadcast.append(one_broadcast)
        runs.append(aggregate(server, "ws-idle", connections, idle, plan, 0))
        runs.append(aggregate(server, "ws-broadcast", connections, broadcast, plan, 0))
    return runs
