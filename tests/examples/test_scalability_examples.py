"""Scalability page: Node.js cluster on every core; the three Gunicorn command lines."""

from __future__ import annotations

import shlex
import signal
from pathlib import Path

import pytest

from tests.examples.collect import example
from tests.examples.runner import free_port, node, python_tool, request, serve, write_example

pytestmark = pytest.mark.examples

FACTORY_APP = """from flask import Flask


def create_app():
    app = Flask(__name__)

    @app.get("/")
    def index():
        return {"ok": True}

    return app
"""


def test_cluster_forks_workers_sharing_the_port(tmp_path: Path) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("cluster"), port)
    with serve(node("server.mjs"), folder, port) as server:
        status, body = request("GET", f"{server.base}/whoami")
    assert status == 200 and body["pid"] != server.process.pid  # a worker answered


def _commands() -> list[list[str]]:
    script = example("gunicorn-workers")["commands.sh"]
    return [shlex.split(line) for line in script.splitlines() if line.startswith("gunicorn ")]


def test_the_page_shows_three_worker_types() -> None:
    assert [c[c.index("-k") + 1] if "-k" in c else "sync" for c in _commands()] == [
        "sync",
        "gthread",
        "gevent",
    ]


@pytest.mark.parametrize("argv", _commands(), ids=lambda c: " ".join(c[1:-1]))
def test_gunicorn_command_serves_the_factory_app(tmp_path: Path, argv: list[str]) -> None:
    port = free_port()
    folder = write_example(tmp_path, {"app.py": FACTORY_APP}, port)
    cmd = python_tool("gunicorn", *argv[1:], "--bind", f"127.0.0.1:{port}")
    # Killed, not stopped: the test ends while some workers are still
    # booting, and gevent workers in that state kept the master waiting for
    # its 30 s graceful timeout on SIGTERM, and on SIGINT too. How Gunicorn
    # shuts down is not what this test is about.
    with serve(cmd, folder, port, stop=signal.SIGKILL) as server:
        assert request("GET", f"{server.base}/") == (200, {"ok": True})
