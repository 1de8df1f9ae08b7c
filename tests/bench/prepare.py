"""What the browser benchmarks prepare: a folder served like GitHub Pages, the site, the stock page.

``served_root`` serves a temporary folder with GitHub Pages' gzip and caching
(``serve.py``), ``timed_builds`` builds the site into it and times the builds,
and ``prepare_baseline`` writes beside it the stock Pyodide page that every
chooser figure is compared with (``tests/bench/stock/``).
"""

from __future__ import annotations

import json
import shutil
import string
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.bench.serve import Transfer, pages_server
from tests.conftest import ROOT, SUBPATH, build_site

HERE = Path(__file__).resolve().parent


@contextmanager
def served_root(prefix: str) -> Iterator[tuple[Path, Path, int, Transfer]]:
    """A temporary folder served like GitHub Pages (``pages_server``).

    Yields (the folder, where the site goes in it: under SUBPATH, port, transfer counter).
    """
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        root = Path(tmp)
        with pages_server(root) as (port, transfer):
            yield root, root / SUBPATH.strip("/"), port, transfer


def timed_builds(site_dir: Path, base: str, count: int) -> list[float]:
    """Build the site once (filling the runtime cache), then ``count`` timed builds."""
    _build(site_dir, base)
    times = []
    for _ in range(count):
        began = time.perf_counter()
        _build(site_dir, base)
        times.append(time.perf_counter() - began)
    return times


def _build(site_dir: Path, base: str) -> None:
    """Build the site into ``site_dir``; stop the benchmark with mkdocs' output if it fails."""
    result = build_site(site_dir, base)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")


def prepare_baseline(root: Path, site_dir: Path) -> str:
    """Write the stock page into ``root/stock/``; return the scorer's package name."""
    runtime = ROOT / "node_modules" / "pyodide"
    target = root / "stock"
    (target / "pyodide").mkdir(parents=True)
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        shutil.copy2(runtime / name, target / "pyodide" / name)
    # The scorer's wheel and the lock registering it (on the stock lock, as
    # `pyodide lockfile add-wheels` writes it; trimmed to the scorer).
    locks = sorted((site_dir / "assets/pyodide").glob("scorer-*/pyodide-lock.json"))
    if len(locks) != 1:
        raise SystemExit(f"expected one scorer bundle in the built site, found {locks}")
    lock = json.loads(locks[0].read_text(encoding="utf-8"))
    packages: dict[str, dict[str, Any]] = lock["packages"]
    (package,) = (name for name, entry in packages.items() if not entry["depends"])
    shutil.copy2(locks[0], target / "pyodide" / "pyodide-lock.json")
    wheel = packages[package]["file_name"]
    shutil.copy2(locks[0].with_name(wheel), target / "pyodide" / wheel)
    page = string.Template((HERE / "stock" / "index.html").read_text(encoding="utf-8"))
    (target / "index.html").write_text(page.substitute(package=package), encoding="utf-8")
    shutil.copy2(HERE / "stock" / "stock.mjs", target / "stock.mjs")
    return package
