"""Quart app of the load benchmark (Flask's ASGI sibling), served by Hypercorn."""

from __future__ import annotations

import asyncio

from quart import Quart
from workload import DELAY_S, DOCUMENT, ITERATIONS, spin

app = Quart(__name__)


# --8<-- [start:quart]
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


# --8<-- [end:quart]
