"""Performance page: Flask async view with gather; Express 5 with a worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.examples.collect import example
from tests.examples.runner import free_port, node, python_tool, request, serve, write_example

pytestmark = pytest.mark.examples


def test_flask_async_summary_under_gunicorn(tmp_path: Path) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("perf-async"), port)
    cmd = python_tool("gunicorn", "--bind", f"127.0.0.1:{port}", "app:app")
    with serve(cmd, folder, port) as server:
        status, body = request("GET", f"{server.base}/users/7/summary")
    assert (status, body) == (200, {"profile": {"id": 7}, "orders": []})


def test_express_fib_on_a_worker_thread(tmp_path: Path) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("perf-cpu"), port)
    with serve(node("server.mjs"), folder, port) as server:
        assert request("GET", f"{server.base}/fib/20") == (200, {"n": 20, "value": 6765})
        status, body = request("GET", f"{server.base}/fib/99")
        assert status == 400 and "0 to 45" in body["error"]
        assert request("GET", f"{server.base}/health") == (200, {"ok": True})
