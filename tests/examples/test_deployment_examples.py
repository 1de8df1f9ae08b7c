"""Deployment page: the start commands and the two Dockerfile CMD lines.

Lines that install packages (``npm ci``, ``pip install``) are not run: they need
the registry, and the test environment already holds the pinned packages.
Every line that starts the app is run as written, on a free local port.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from tests.examples.collect import example
from tests.examples.runner import free_port, node, python_tool, request, serve, write_example

pytestmark = pytest.mark.examples

NODE_SERVER = """import express from 'express';
const app = express();
app.get('/', (req, res) => res.json({ ok: true }));
app.listen(3000);
"""
HELLO = """from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return {"ok": True}
"""
INSTALLS = ("npm ci", "pip install")


def _start_lines(console: str) -> list[list[str]]:
    lines = [ln.removeprefix("$ ") for ln in console.splitlines() if ln.startswith("$ ")]
    return [shlex.split(ln, comments=True) for ln in lines if not ln.startswith(INSTALLS)]


def _cmd(name: str) -> list[str]:
    line = next(ln for ln in example("deploy")[name].splitlines() if ln.startswith("CMD "))
    argv: list[str] = json.loads(line.removeprefix("CMD "))
    return argv


def _run(argv: list[str], folder: Path, port: int) -> None:
    if argv[0] == "node":
        cmd = node(argv[1])
    else:
        args = argv[1:]
        if "--bind" in args:  # the container binds 0.0.0.0:8000; here a local free port
            i = args.index("--bind")
            args = args[:i] + args[i + 2 :]
        cmd = python_tool(argv[0], *args, "--bind", f"127.0.0.1:{port}")
    with serve(cmd, folder, port) as server:
        assert request("GET", f"{server.base}/") == (200, {"ok": True})


def test_node_start_line(tmp_path: Path) -> None:
    [argv] = _start_lines(example("deploy")["node.console"])
    assert argv == ["node", "server.mjs"]
    port = free_port()
    _run(argv, write_example(tmp_path, {"server.mjs": NODE_SERVER}, port), port)


def test_gunicorn_start_line(tmp_path: Path) -> None:
    [argv] = _start_lines(example("deploy")["gunicorn.console"])
    assert argv[0] == "gunicorn"
    port = free_port()
    _run(argv, write_example(tmp_path, {"hello.py": HELLO}, port), port)


@pytest.mark.parametrize("name", ["node.dockerfile", "flask.dockerfile"])
def test_dockerfile_cmd(tmp_path: Path, name: str) -> None:
    port = free_port()
    folder = write_example(tmp_path, {"server.mjs": NODE_SERVER, "hello.py": HELLO}, port)
    _run(_cmd(name), folder, port)
