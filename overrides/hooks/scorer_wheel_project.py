"""What the chooser's scorer wheel is built from: the package and its core metadata.

Pyodide installs the scorer in the reader's browser from a wheel. Built from
the project as it stands, that wheel would carry the whole of
``pyproject.toml``'s project table in its ``METADATA``: every development pin
(``[project.optional-dependencies]``) and the README as its long description,
35.5 KB of an 80 KB wheel. Worse, the wheel's hash, and with it the folder the
site serves it from, would change with every pin or README edit, and a
returning reader's browser would find its saved copy of Python's memory and
its cached standard library stale (both are kept under that folder's URL) and
start cold again.

So the wheel is built from a staged copy: the ``scorer`` package and a
``pyproject.toml`` holding only what names the distribution and what the
build backend needs. That text, with the package's files, is what the
bundle's hash covers (``pyodide_runtime._content_key``).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

PACKAGE = "scorer"
# The [project] fields the browser's wheel keeps, in this order.
KEPT_FIELDS = ("name", "version", "description", "requires-python", "license", "dependencies")


class ProjectError(ValueError):
    """The project's pyproject.toml cannot give the browser's wheel its metadata."""


def browser_pyproject(root: Path) -> str:
    """The ``pyproject.toml`` the browser's wheel is built from, as text.

    ``[build-system]`` and the wheel target's settings are copied as they are;
    of ``[project]`` only ``KEPT_FIELDS`` are kept.
    """
    path = root / "pyproject.toml"
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ProjectError(f"{path}: cannot be read as TOML ({error})") from error
    project: dict[str, Any] = data.get("project", {})
    missing = [f"project.{field}" for field in ("name", "version") if field not in project]
    missing += [] if "build-system" in data else ["build-system"]
    if missing:
        raise ProjectError(f"{path}: the scorer's wheel needs {', '.join(missing)}, missing there")
    wheel_target = data.get("tool", {}).get("hatch", {}).get("build", {}).get("targets", {})
    tables: list[tuple[str, dict[str, Any]]] = [
        ("build-system", data["build-system"]),
        ("project", {field: project[field] for field in KEPT_FIELDS if field in project}),
    ]
    if "wheel" in wheel_target:
        tables.append(("tool.hatch.build.targets.wheel", wheel_target["wheel"]))
    return "\n".join(_table(name, values) for name, values in tables)


def stage(root: Path, target: Path) -> None:
    """Write the browser's wheel's project into the empty folder ``target``."""
    for path in package_files(root):
        copy = target / path.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, copy)
    (target / "pyproject.toml").write_text(browser_pyproject(root), encoding="utf-8")


def package_files(root: Path) -> list[Path]:
    """The package's files, sorted: all but the bytecode of local runs."""
    return sorted(
        path
        for path in (root / PACKAGE).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def _table(name: str, values: dict[str, Any]) -> str:
    lines = [f"[{name}]"]
    for key, value in values.items():
        strings = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in strings):
            raise ProjectError(
                f"pyproject.toml: {name}.{key} is not a string or a list of strings ({value!r})"
            )
        # A JSON string or list of strings is also a TOML basic string or array.
        lines.append(f"{json.dumps(key)} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
