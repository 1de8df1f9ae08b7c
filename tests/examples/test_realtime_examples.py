"""Real-time page: the broadcast chat on Socket.IO (Node.js) and Flask-SocketIO.

One Python Socket.IO client talks to both servers, which is the point the page
makes: the protocol is the same on either side.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import socketio  # type: ignore[import-untyped]  # no stubs for 5.18 (python-socketio-stubs pins 5.17)

from tests.examples.collect import example
from tests.examples.runner import free_port, node, python_tool, serve, write_example

pytestmark = pytest.mark.examples


def _broadcast_reaches_everyone(base: str) -> None:
    received: dict[str, list[str]] = {"a": [], "b": []}
    done = {"a": threading.Event(), "b": threading.Event()}
    clients = {}
    for name in ("a", "b"):
        client = socketio.Client(reconnection=False)

        def on_message(msg: str, name: str = name) -> None:
            received[name].append(msg)
            done[name].set()

        client.on("chat message", on_message)
        client.connect(base, wait_timeout=20)
        clients[name] = client
    try:
        clients["a"].emit("chat message", "hello from a")
        for name in ("a", "b"):
            assert done[name].wait(20), f"client {name} got nothing"
        assert received == {"a": ["hello from a"], "b": ["hello from a"]}
    finally:
        for client in clients.values():
            client.disconnect()


def test_socketio_on_node(tmp_path: Path) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("realtime"), port)
    with serve(node("server.mjs"), folder, port) as server:
        _broadcast_reaches_everyone(server.base)


def test_flask_socketio_with_the_gevent_command(tmp_path: Path) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("realtime"), port)
    cmd = python_tool(
        "gunicorn", "-k", "gevent", "-w", "1", "--bind", f"127.0.0.1:{port}", "app:app"
    )
    with serve(cmd, folder, port) as server:
        _broadcast_reaches_everyone(server.base)
