"""The scorer stays within Python 3.11 syntax and the standard library."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "scorer"
MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_parses_as_python_311(path: Path) -> None:
    ast.parse(path.read_text(encoding="utf-8"), filename=str(path), feature_version=(3, 11))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_imports_only_the_standard_library(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top == "__future__" or top in sys.stdlib_module_names, f"{path.name}: {name}"


def _python311() -> str | None:
    exe = shutil.which("python3.11")
    if exe is None:
        return None
    probe = subprocess.run(
        [exe, "-c", "import sys; print(sys.version_info[:2] == (3, 11))"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    return exe if probe.stdout.strip() == "True" else None


def test_cli_runs_under_python_311() -> None:
    exe = _python311()
    if exe is None:
        pytest.skip("no Python 3.11 interpreter on this machine")
    done = subprocess.run(
        [exe, "-m", "scorer", "recommend", "-a", "team=python", "-a", "ml=core", "--json"],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "flask"
