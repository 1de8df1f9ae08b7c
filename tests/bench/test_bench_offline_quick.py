"""`make bench-offline` works: one run of each measure prints every figure.

This proves the benchmark runs (it once broke silently when the speed
benchmark's helpers were renamed); it checks no speed. It runs as `make
bench-offline` runs it, in a process of its own: Playwright's synchronous API
cannot start while another test's browser is open in this one.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

FIGURES = (
    r"precache \(service worker\)\s+\d+ files, [\d.]+ MB",
    r"chooser runtime \(on first use\)\s+\d+ files, [\d.]+ MB",
    r"sw\.js\s+[\d.]+ KB",
    r"offline copy zip\s+[\d.]+ MB",
    r"verdict offline, after a visit\s+[\d.]+ s \([\d.]+-[\d.]+\)",
    r"verdict from file://\s+[\d.]+ s \([\d.]+-[\d.]+\)",
)


@pytest.mark.timeout(900)
def test_one_run_prints_every_figure() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tests.bench.offline_load", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=880,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    printed = run.stdout
    assert "Offline reading (1 runs;" in printed
    for figure in FIGURES:
        assert re.search(figure, printed), f"missing: {figure}\n{printed}"
