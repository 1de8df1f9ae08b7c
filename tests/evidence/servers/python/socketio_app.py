"""Flask-SocketIO app of the load benchmark; ``SOCKETIO_MODE`` picks threading or gevent.

Clients stay connected and idle. A client that emits "broadcast" makes the
server emit that message to every connected client, itself included.
Served by Gunicorn with one worker, as Flask-SocketIO's deployment docs say.
"""

from __future__ import annotations

import os

match os.environ.get("SOCKETIO_MODE", ""):
    case "threading" | "gevent" as MODE:
        pass
    case other:
        raise SystemExit(f"SOCKETIO_MODE must be 'threading' or 'gevent', not {other!r}")
if MODE == "gevent":
    import gevent.monkey

    gevent.monkey.patch_all()

from flask import Flask
from flask_socketio import SocketIO

app = Flask(__name__)


@app.get("/health")
def health() -> str:
    return "ok"


# --8<-- [start:flask-socketio]
socketio = SocketIO(app, async_mode=MODE)


@socketio.on("broadcast")
def broadcast(data: object) -> None:
    socketio.emit("broadcast", data)  # to every connected client


# --8<-- [end:flask-socketio]
