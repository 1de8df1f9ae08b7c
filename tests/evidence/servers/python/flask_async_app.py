"""Flask with ``async def`` views (flask[async]), served by Gunicorn's sync workers.

Flask runs each async view to completion in an event loop of its own inside
the worker, so a worker still serves one request at a time.
"""

from __future__ import annotations

import asyncio

from flask import Flask
from workload import DELAY_S, DOCUMENT, ITERATIONS, spin

app = Flask(__name__)


# --8<-- [start:flask-async]
@app.get("/io")
async def io() -> str:
    await asyncio.sleep(DELAY_S)
    return "ok"


@app.get("/cpu")
async def cpu() -> str:
    return str(spin(ITERATIONS))


@app.get("/json")
async def document() -> dict[str, object]:
    return DOCUMENT


# --8<-- [end:flask-async]
