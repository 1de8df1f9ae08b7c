"""API development page: the same POST /items in Express 5, Fastify 5 and Flask 3.1."""

from __future__ import annotations

import subprocess
import sys
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


def test_typescript_runs_with_type_stripping(tmp_path: Path) -> None:
    folder = write_example(tmp_path, example("types"), 0)
    done = subprocess.run(node("total.ts"), cwd=folder, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "5"


def test_python_hints_run_and_pass_mypy_strict(tmp_path: Path) -> None:
    folder = write_example(tmp_path, example("types"), 0)
    run = subprocess.run([sys.executable, "total.py"], cwd=folder, capture_output=True, text=True)
    assert run.stdout.strip() == "5.0", run.stderr
    check = subprocess.run(
        python_tool("mypy", "--strict", "total.py"), cwd=folder, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    # And the checker earns its keep: a price given as text is caught.
    wrong = (folder / "total.py").read_text().replace('"price": 2.0', '"price": "2"')
    (folder / "wrong.py").write_text(wrong)
    caught = subprocess.run(
        python_tool("mypy", "--strict", "wrong.py"), cwd=folder, capture_output=True, text=True
    )
    assert caught.returncode == 1 and "price" in caught.stdout, caught.stdout


def test_node_test_with_fastify_inject(tmp_path: Path) -> None:
    folder = write_example(tmp_path, example("testing"), 0)
    done = subprocess.run(
        [*node("--test"), "--test-reporter=tap", "app.test.mjs"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# pass 1" in done.stdout and "# fail 0" in done.stdout


def test_pytest_with_the_flask_test_client(tmp_path: Path) -> None:
    folder = write_example(tmp_path, example("testing"), 0)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_app.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout
    assert "1 passed" in done.stdout
