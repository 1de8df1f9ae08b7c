"""Shared by the benchmarks' command lines (chooser_load.py, rivals.py, offline_load.py).

The machine and its load average as a run records them, the ``--json`` and
``--publish`` options and writing the figures, and the versions of the
browser and of npm packages a run names.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright

from tests.conftest import ROOT


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) / 1024 / 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = 0.0
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}"
    )


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def add_output_options(parser: argparse.ArgumentParser, default: Path, published: Path) -> None:
    """``--json`` (where to write the figures) and ``--publish`` (for the speed page too)."""
    parser.add_argument(
        "--json",
        type=Path,
        default=default,
        help=f"where to write the figures ({default.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--publish",
        action="store_true",
        help=f"also write them to {published.relative_to(ROOT)} (the speed page shows that file)",
    )


def write_figures(document: dict[str, Any], json_path: Path, published: Path | None) -> None:
    """Write the figures to ``json_path``, and to ``published`` unless None."""
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    for path in (json_path, published):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"Figures written to {path}")


def browser_name(playwright: Playwright, executable: str | None) -> str:
    """'Chromium <version>' of the browser the benchmark drives."""
    browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
    name = f"Chromium {browser.version}"
    browser.close()
    return name


def npm_version(package: str) -> str:
    """The installed version of an npm package (node_modules, from package-lock.json)."""
    manifest = ROOT / "node_modules" / package / "package.json"
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
