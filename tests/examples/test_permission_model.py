"""The ecosystem page's guard rails, as the page states them (#permission-model).

On the pinned Node.js, ``--permission`` alone stops an Express server at
``listen()`` with ERR_ACCESS_DENIED, and ``--allow-net`` lets it listen with an
experimental warning. On the Python side, an audit hook (PEP 578) can refuse a
socket connection by raising.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.pinned_node import ROOT, node_binary

EXPRESS_APP = """\
const express = require(process.argv[2]);
const server = express().listen(0, '127.0.0.1', () => {
  console.log('listening');
  server.close();
});
"""


def run_express(folder: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    script = folder / "app.js"
    script.write_text(EXPRESS_APP, encoding="utf-8")
    modules = ROOT / "node_modules"
    return subprocess.run(
        [
            str(node_binary()),
            "--permission",
            f"--allow-fs-read={modules}",
            f"--allow-fs-read={folder}",
            *flags,
            str(script),
            str(modules / "express"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_permission_alone_stops_an_express_server_at_listen(tmp_path: Path) -> None:
    done = run_express(tmp_path)
    assert done.returncode != 0
    assert "listening" not in done.stdout
    assert "ERR_ACCESS_DENIED" in done.stderr and "--allow-net" in done.stderr


def test_allow_net_lets_it_listen_with_an_experimental_warning(tmp_path: Path) -> None:
    done = run_express(tmp_path, "--allow-net")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "listening"
    assert "ExperimentalWarning" in done.stderr and "--allow-net" in done.stderr


def test_a_python_audit_hook_can_refuse_a_socket_connection() -> None:
    code = """
import socket, sys
def refuse(event, args):
    if event == "socket.connect":
        raise PermissionError("connect refused by an audit hook")
sys.addaudithook(refuse)
try:
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except PermissionError as error:
    print(error)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "connect refused by an audit hook"
