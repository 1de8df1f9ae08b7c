"""MkDocs hook: ship the self-hosted Pyodide runtime and the scorer wheel.

The chooser page runs the scorer in the reader's browser. This hook puts what
that needs into the built site, and nothing from another host:

``assets/pyodide/<pyodide version>/``
    The four runtime files a page needs, copied from the pinned npm package
    (``node_modules/pyodide``): pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm,
    python_stdlib.zip. The version in the path keeps caches honest.
``assets/pyodide/scorer-<hash>/``
    The scorer as a wheel, and a Pyodide lock file that registers it (made by
    pyodide-build's ``pyodide lockfile add-wheels`` from the npm package's
    lock, then trimmed to the scorer and its dependencies: none). The hash is
    the content hash of the scorer's sources, so a browser never pairs a
    cached wheel with a newer lock (Pyodide checks the wheel's sha256).

Wheel and lock are built once per content hash into ``build/pyodide/`` and
reused, so ``mkdocs serve`` (which watches ``scorer/``) rebuilds them only
when the scorer changed. Where the files are goes to the page templates and
the chooser hook through ``config.extra["chooser_runtime"]``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Files the browser downloads before Python can start (progress bar total).
DOWNLOADED_FIRST = ("pyodide.asm.wasm", "python_stdlib.zip")
SITE_DIR = "assets/pyodide"
LOCK_NAME = "pyodide-lock.json"
# What the scorer's wheel is built from; a change to any of these rebuilds it.
SCORER_INPUTS = ("scorer", "pyproject.toml", "README.md")


def on_pre_build(config: MkDocsConfig) -> None:
    """Check the pinned runtime; build (or reuse) the scorer wheel and its lock."""
    site_root = Path(config.config_file_path).parent
    runtime = _runtime_dir(site_root)
    version = json.loads((runtime / "package.json").read_text(encoding="utf-8"))["version"]
    # The scorer's project is wherever the scorer package really lives (a
    # test may build a copy of the site whose scorer/ is a link).
    root = (site_root / "scorer").resolve().parent
    package = _dist_name(root)
    key = _content_key(root, runtime)
    bundle = root / "build" / "pyodide" / f"scorer-{key}"
    if not (bundle / LOCK_NAME).is_file():
        _build_bundle(root, runtime, package, bundle)
    wheel = _wheel_in(bundle)
    config.extra["chooser_runtime"] = {
        "version": version,
        "package": package,
        "runtime": f"{SITE_DIR}/{version}/",
        "lock": f"{SITE_DIR}/{bundle.name}/{LOCK_NAME}",
        "download_bytes": sum((runtime / name).stat().st_size for name in DOWNLOADED_FIRST),
        "_runtime_dir": str(runtime),
        "_bundle_dir": str(bundle),
        "_files": {
            **{name: (runtime / name).stat().st_size for name in RUNTIME_FILES},
            wheel.name: wheel.stat().st_size,
            LOCK_NAME: (bundle / LOCK_NAME).stat().st_size,
        },
    }


def on_post_build(config: MkDocsConfig) -> None:
    """Copy the runtime files and the scorer bundle into the built site."""
    info: dict[str, Any] = config.extra["chooser_runtime"]
    site = Path(config.site_dir)
    runtime_target = site / info["runtime"]
    runtime_target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_FILES:
        _copy_if_changed(Path(info["_runtime_dir"]) / name, runtime_target / name)
    bundle = Path(info["_bundle_dir"])
    bundle_target = site / SITE_DIR / bundle.name
    bundle_target.mkdir(parents=True, exist_ok=True)
    for path in bundle.iterdir():
        _copy_if_changed(path, bundle_target / path.name)
    total = sum(info["_files"].values())
    log.info(
        "chooser runtime: %s files, %.1f MB (Pyodide %s, %s)",
        len(info["_files"]),
        total / 1e6,
        info["version"],
        ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in info["_files"].items()),
    )


def _runtime_dir(root: Path) -> Path:
    runtime = root / "node_modules" / "pyodide"
    missing = [
        n for n in (*RUNTIME_FILES, LOCK_NAME, "package.json") if not (runtime / n).is_file()
    ]
    if missing:
        raise PluginError(
            f"pyodide_runtime: the Pyodide runtime is missing from {runtime} "
            f"({', '.join(missing)}): run `make setup` (npm ci) first."
        )
    return runtime


def _dist_name(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as file:
        name: str = tomllib.load(file)["project"]["name"]
    return name


def _content_key(root: Path, runtime: Path) -> str:
    """Hash of everything the wheel and the lock are made from (12 hex digits)."""
    inputs: list[tuple[str, Path]] = []
    for name in SCORER_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        inputs.extend((p.relative_to(root).as_posix(), p) for p in files)
    inputs.append(("pyodide/" + LOCK_NAME, runtime / LOCK_NAME))
    digest = hashlib.sha256()
    for label, path in inputs:
        if "__pycache__" in path.parts or path.suffix == ".pyc" or not path.is_file():
            continue
        digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _build_bundle(root: Path, runtime: Path, package: str, bundle: Path) -> None:
    """Build the scorer wheel and a trimmed lock file registering it into ``bundle``."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=bundle.parent, prefix=".tmp-") as tmp:
        work = Path(tmp)
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
        wheel_options = ["--no-deps", "--no-build-isolation", "--wheel-dir", str(work)]
        _run([*pip, "wheel", *wheel_options, str(root)], root, "building the scorer wheel")
        wheel = _wheel_in(work)
        full_lock = work / "full-lock.json"
        add_wheels = [_pyodide_cli(), "lockfile", "add-wheels"]
        lock_options = ["--input", str(runtime / LOCK_NAME), "--output", str(full_lock)]
        _run([*add_wheels, *lock_options, str(wheel)], work, "registering the wheel in a lock")
        lock = _trim_lock(json.loads(full_lock.read_text(encoding="utf-8")), package)
        if lock["packages"][package]["file_name"] != wheel.name:
            raise PluginError(f"pyodide_runtime: unexpected lock entry for {package}: {lock}")
        full_lock.unlink()
        (work / LOCK_NAME).write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
        if bundle.exists():  # a half-written bundle from an interrupted build
            shutil.rmtree(bundle)
        os.replace(work, bundle)
        work.mkdir()  # TemporaryDirectory removes it again
    log.info("pyodide_runtime: built %s", bundle.relative_to(root))


def _trim_lock(lock: dict[str, Any], package: str) -> dict[str, Any]:
    """Keep only ``package`` and what it depends on (the page loads nothing else)."""
    packages: dict[str, Any] = lock["packages"]
    if package not in packages:
        raise PluginError(f"pyodide_runtime: {package} is missing from the lock file")
    keep: dict[str, Any] = {}
    todo = [package]
    while todo:
        name = todo.pop()
        if name not in keep:
            keep[name] = packages[name]
            todo.extend(packages[name]["depends"])
    return {**lock, "packages": dict(sorted(keep.items()))}


def _wheel_in(folder: Path) -> Path:
    wheels = sorted(folder.glob("*.whl"))
    if len(wheels) != 1:
        raise PluginError(f"pyodide_runtime: expected one wheel in {folder}, found {wheels}")
    return wheels[0]


def _pyodide_cli() -> str:
    beside = Path(sys.executable).parent / "pyodide"
    found = str(beside) if beside.exists() else shutil.which("pyodide")
    if not found:
        raise PluginError(
            "pyodide_runtime: the `pyodide` command (pyodide-build) is missing: run `make setup`."
        )
    return found


def _run(command: list[str], cwd: Path, what: str) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(
            f"pyodide_runtime: {what} failed (exit {result.returncode}):\n"
            f"$ {' '.join(command)}\n{result.stdout}{result.stderr}"
        )


def _copy_if_changed(source: Path, target: Path) -> None:
    """Copy a file unless an identical copy (size and mtime) is already there."""
    if target.is_file():
        old, new = target.stat(), source.stat()
        if old.st_size == new.st_size and int(old.st_mtime) == int(new.st_mtime):
            return
    shutil.copy2(source, target)
