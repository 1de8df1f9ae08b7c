"""API development page: the same POST /items in Express 5, Fastify 5 and Flask 3.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.examples.collect import example
from tests.examples.runner import free_port, node, python_tool, request, serve, write_example

pytestmark = pytest.mark.examples

CASES = [
    ({"name": "pen", "price": 2.5}, 201),
    ({"name": "pen"}, 400),  # missing field
    ({"name": "pen", "price": True}, 400),  # a boolean is no number
]


def _check(base: str) -> None:
    for body, status in CASES:
        got, payload = request("POST", f"{base}/items", body)
        assert got == status, (body, payload)
        if status == 201:
            assert payload == body
    got, _ = request("POST", f"{base}/items", raw=b"{not json")
    assert got == 400


@pytest.mark.parametrize("script", ["express.mjs", "fastify.mjs"])
def test_node_items_endpoint(tmp_path: Path, script: str) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("api"), port)
    with serve(node(script), folder, port) as server:
        _check(server.base)


def test_flask_items_endpoint(tmp_path: Path) -> None:
    port = free_port()
    folder = write_example(tmp_path, example("api"), port)
    cmd = python_tool("gunicorn", "--bind", f"127.0.0.1:{port}", "app:app")
    with serve(cmd, folder, port) as server:
        _check(server.base)


def test_fastify_coerces_a_boolean_price_without_the_ajv_line(tmp_path: Path) -> None:
    """The page's warning: Fastify's default Ajv settings coerce types."""
    files = example("api")
    line = "  ajv: { customOptions: { coerceTypes: false } }, // see the warning below\n"
    assert line in files["fastify.mjs"]
    files["fastify.mjs"] = files["fastify.mjs"].replace(line, "")
    port = free_port()
    folder = write_example(tmp_path, files, port)
    with serve(node("fastify.mjs"), folder, port) as server:
        status, body = request("POST", f"{server.base}/items", {"name": "pen", "price": True})
    assert (status, body) == (201, {"name": "pen", "price": 1})
