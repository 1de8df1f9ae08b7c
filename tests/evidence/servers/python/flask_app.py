"""Flask app of the load benchmark, served by Gunicorn (sync and gthread workers).

Routes, the same as the Node.js servers': /io waits on a timer, /cpu runs the
integer loop, /json serializes the 50 KB document.
"""

from __future__ import annotations

import time

from flask import Flask
from workload import DELAY_S, DOCUMENT, ITERATIONS, spin

app = Flask(__name__)


# --8<-- [start:flask]
@app.get("/io")
def io() -> str:
    time.sleep(DELAY_S)  # blocks this worker (or thread); gevent patches it to yield
    return "ok"


@app.get("/cpu")
def cpu() -> str:
    return str(spin(ITERATIONS))


@app.get("/json")
def document() -> dict[str, object]:
    return DOCUMENT  # Flask serializes a dict return value with jsonify()


# --8<-- [end:flask]
