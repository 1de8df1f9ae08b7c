"""`make evidence QUICK=1`: every server starts, answers correctly, is loaded and is stopped.

Runs the real harness (wrk, the pinned Node.js, Gunicorn, Hypercorn, the WebSocket
client) in its quick mode, then checks that no process it started is left;
a second run (the full plan, one server) is interrupted with SIGINT while a
multi-process server is up, and must stop it too. Needs Debian's wrk:
missing, it skips, and under CI=true it fails.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.evidence.catalog import ROOT, SERVERS, SERVERS_DIR
from tests.evidence.results import load_results

Quick = tuple[subprocess.CompletedProcess[str], dict[str, Any]]

pytestmark = [pytest.mark.evidence, pytest.mark.long]
WS_CLIENT = str(ROOT / "tests" / "evidence" / "ws_client.mjs")


@pytest.fixture(scope="module", autouse=True)
def _wrk() -> None:
    if shutil.which("wrk") is None:
        message = "wrk is not installed (make loadgen installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def _leftovers() -> list[str]:
    """Command lines of live processes running one of our servers or the client."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and (
            str(SERVERS_DIR) in command or WS_CLIENT in command or "report.lua" in command
        ):
            found.append(command)
    return found


def _harness(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.evidence", *args]


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> Quick:
    out = tmp_path_factory.mktemp("evidence")
    done = subprocess.run(
        _harness("--quick", "--output", str(out / "quick.json"), "--log-dir", str(out / "logs")),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done, load_results(out / "quick.json")


def test_every_server_ran_one_case_without_errors(quick: Quick) -> None:
    _, data = quick
    assert data["mode"] == "quick"
    by_server: dict[str, list[dict[str, Any]]] = {}
    for run in data["runs"]:
        by_server.setdefault(run["server"], []).append(run)
    assert set(by_server) == {server.name for server in SERVERS}
    for name, runs in by_server.items():
        for run in runs:
            assert run["errors"] == 0, (name, run)
            assert run["rss_mb"] > 0, name
            if run["workload"] in {"io", "cpu", "json"}:
                assert run["rps"] > 0 and run["p50_ms"] > 0, name
            else:
                assert run["connected"] == run["connections"] == 100, name
        if any(r["workload"] == "ws-broadcast" for r in runs):
            broadcast = next(r for r in runs if r["workload"] == "ws-broadcast")
            assert broadcast["broadcast_ms"] > 0, name


def test_each_server_said_it_started_answered_and_stopped(quick: Quick) -> None:
    done, _ = quick
    for server in SERVERS:
        assert f"{server.name}: started, answered, stopped" in done.stdout


def test_no_process_is_left_after_the_run(quick: Quick) -> None:
    assert _leftovers() == []


def test_ctrl_c_stops_every_process_of_a_running_server(tmp_path: Path) -> None:
    # The full plan (seconds of load per case, not the quick mode's two), so that
    # the signal surely lands while the server is up, however busy the machine.
    # Started with SIGINT ignored, as a shell starts a background job (`make
    # evidence &`, a CI step run in the background): Ctrl-C must work all the same.
    # `trap '' INT` ignores it and `exec` keeps that for the harness, same pid
    # (no preexec_fn, which is unsafe beside the threads of pytest-xdist).
    harness = shlex.join(
        _harness("--server", "gunicorn-sync", "--output", str(tmp_path / "q.json"))
    )
    process = subprocess.Popen(
        ["bash", "-c", f"trap '' INT; exec {harness}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        # The timing of the cpu loop comes first; then this line, printed once the
        # server answered and wrk starts.
        seen = [process.stdout.readline() for _ in range(2)]
        assert "one /cpu call" in seen[0] and "gunicorn-sync io" in seen[1], seen
        workers = [c for c in _leftovers() if "flask_app:app" in c]
        assert len(workers) >= 2, workers  # the master and its workers are up
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            # Still running: stop it the way that also stops its servers (SIGTERM
            # unwinds like Ctrl-C), so a failure here leaves no server behind.
            process.terminate()
            try:
                process.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
    assert process.returncode == 130, err
    assert "interrupted" in err
    deadline = time.monotonic() + 5
    while _leftovers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _leftovers() == []
    assert not (tmp_path / "q.json").exists()
