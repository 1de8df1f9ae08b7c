"""Start, watch and stop the processes of a benchmark run: servers, wrk, the WebSocket client.

Every process starts in a session (and process group) of its own, pinned to
CPU cores with ``taskset``. :class:`Processes` remembers every group it
started and kills each one, whole, when it closes: on success, on an error
and on Ctrl-C alike. :class:`Sampler` reads a group's memory and CPU time from
``/proc`` while it runs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
STOP_GRACE_S = 5.0


class HarnessError(RuntimeError):
    """A benchmark step failed; the message says which and why."""


def group_members(pgid: int) -> list[int]:
    """Ids of the live (not zombie) processes whose process group is ``pgid``."""
    members = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # Fields after the command name (which may hold spaces): state, ppid, pgrp, ...
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


@dataclass
class Usage:
    """Memory and CPU time of one process group at one moment."""

    rss_bytes: int = 0
    pss_bytes: int = 0
    cpu_ticks: int = 0
    processes: int = 0


def group_usage(pgid: int) -> Usage:
    """Sum of RSS, PSS and user+system CPU time over the group's live processes."""
    usage = Usage()
    for pid in group_members(pgid):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue  # it exited in between
        fields = stat[stat.rindex(")") + 2 :].split()
        usage.cpu_ticks += int(fields[11]) + int(fields[12])  # utime, stime
        usage.rss_bytes += int(fields[21]) * PAGE
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                usage.pss_bytes += int(line.split()[1]) * 1024
        usage.processes += 1
    return usage


class Sampler:
    """Samples a process group's memory every ``interval_s`` in a thread; keeps the peak."""

    def __init__(self, pgid: int, interval_s: float = 0.25) -> None:
        self.pgid = pgid
        self.interval_s = interval_s
        self.peak_rss = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._start_ticks = 0
        self._start_time = 0.0
        self.cpu_pct = 0.0

    def __enter__(self) -> Sampler:
        first = group_usage(self.pgid)
        self._start_ticks, self._start_time = first.cpu_ticks, time.monotonic()
        self._take(first)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        last = group_usage(self.pgid)
        self._take(last)
        elapsed = time.monotonic() - self._start_time
        used = (last.cpu_ticks - self._start_ticks) / TICKS
        self.cpu_pct = 100 * used / elapsed if elapsed > 0 else 0.0

    def _take(self, usage: Usage) -> None:
        self.peak_rss = max(self.peak_rss, usage.rss_bytes)
        self.peak_pss = max(self.peak_pss, usage.pss_bytes)

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self._take(group_usage(self.pgid))


class Processes:
    """The process groups one benchmark run started; closing kills every one of them."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self._groups: dict[int, subprocess.Popen[bytes]] = {}

    def __enter__(self) -> Processes:
        # SIGTERM (a CI time-out, `kill`) unwinds like Ctrl-C, so the finally blocks
        # run. SIGINT is set too: a shell starts a background job with SIGINT
        # ignored, and Python then installs no handler of its own, so without
        # this, Ctrl-C (or `kill -INT`) would leave the run going.
        self._previous = {
            sig: signal.signal(sig, _raise_interrupt) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        _raise_fd_limit()  # inherited by every process started here
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            for pgid in list(self._groups):
                self.stop(pgid)
        finally:
            for sig, previous in self._previous.items():
                signal.signal(sig, previous)

    def start(
        self,
        name: str,
        argv: Sequence[str],
        *,
        cpus: str,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        stdin: int | None = subprocess.DEVNULL,
        stdout: int | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start ``argv`` pinned to ``cpus`` in a new process group; stderr goes to a log file."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = (self.log_dir / f"{name}.log").open("ab")
        try:
            process = subprocess.Popen(
                ["taskset", "-c", cpus, *argv],
                cwd=cwd,
                env={**os.environ, **(env or {})},
                stdin=stdin,
                stdout=stdout if stdout is not None else log,
                stderr=log,
                start_new_session=True,
            )
        finally:
            log.close()
        self._groups[process.pid] = process
        return process

    def stop(self, pgid: int) -> None:
        """Kill a group: SIGTERM, then SIGKILL after a grace period; wait until none is left."""
        process = self._groups.pop(pgid, None)
        for sig, wait_s in ((signal.SIGTERM, STOP_GRACE_S), (signal.SIGKILL, STOP_GRACE_S)):
            if not group_members(pgid):
                break
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait_s
            while group_members(pgid) and time.monotonic() < deadline:
                if process is not None:
                    process.poll()  # reap the leader, so it does not linger as a zombie
                time.sleep(0.05)
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL cannot be ignored
                process.wait(timeout=STOP_GRACE_S)
        if group_members(pgid):
            raise HarnessError(f"process group {pgid} survived SIGKILL")

    @property
    def running(self) -> list[int]:
        """Process group ids started and not yet stopped."""
        return list(self._groups)


@contextmanager
def started(
    processes: Processes, name: str, argv: Sequence[str], **options: object
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a process group for the ``with`` block and stop it afterwards, whatever happens."""
    process = processes.start(name, argv, **options)  # type: ignore[arg-type]
    try:
        yield process
    finally:
        processes.stop(process.pid)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _raise_fd_limit() -> None:
    # 10,000 WebSocket connections need more descriptors than the usual 1,024.
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(65536, hard)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
