"""Learning-curve page: the first hour (hello) and the two first-week bugs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.examples.collect import example
from tests.examples.runner import free_port, node, python_tool, request, serve, write_example

pytestmark = pytest.mark.examples


def test_express_hello(tmp_path: Path) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("hello"), port)
    with serve(node("app.mjs"), folder, port) as server:
        assert request("GET", f"{server.base}/hello/Ada") == (200, {"greeting": "Hello, Ada!"})


def test_flask_hello_with_the_command_in_its_comment(tmp_path: Path) -> None:
    port = free_port()
    files = example("hello")
    assert "flask --app app run --debug" in files["app.py"]
    folder = write_example(tmp_path, files, port)
    # As the comment says, minus --debug (its reloader would fork a second process).
    cmd = python_tool("flask", "--app", "app", "run", "--port", str(port))
    with serve(cmd, folder, port) as server:
        assert request("GET", f"{server.base}/hello/Ada") == (200, {"greeting": "Hello, Ada!"})


# The page shows only the route; this is the smallest app around it, with a save
# that fails after a moment, as a database call might.
NODE_PRELUDE = """import express from 'express';
const app = express();
app.use(express.json());
const saveOrder = () =>
  new Promise((_, reject) => setTimeout(() => reject(new Error('db down')), 200));
"""
NODE_EPILOGUE = "\napp.listen(3000);\n"


def test_missing_await_answers_201_then_the_process_dies(tmp_path: Path) -> None:
    route = example("bug-node")["routes.mjs"]
    port = free_port()
    folder = write_example(tmp_path, {"app.mjs": NODE_PRELUDE + route + NODE_EPILOGUE}, port)
    with serve(node("app.mjs"), folder, port) as server:
        assert request("POST", f"{server.base}/orders", {"item": 1}) == (201, {"status": "created"})
        deadline = time.monotonic() + 10
        while server.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.process.returncode not in (None, 0)
    assert "db down" in server.output


def test_flask_thread_outside_request_context(tmp_path: Path) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("bug-flask"), port)
    cmd = python_tool("gunicorn", "--bind", f"127.0.0.1:{port}", "app:app")
    with serve(cmd, folder, port) as server:
        assert request("POST", f"{server.base}/reports") == (202, {"status": "queued"})
        deadline = time.monotonic() + 10
        while "Working outside of request context" not in server.log():
            assert time.monotonic() < deadline, server.log()
            time.sleep(0.05)
