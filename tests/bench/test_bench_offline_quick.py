"""`make bench-offline` works: one run of each measure prints every figure.

This proves the benchmark runs (it once broke silently when the speed
benchmark's helpers were renamed); it checks no speed. It runs as `make
bench-offline` runs it, in a process of its own (run_bench.py says why).
"""

from __future__ import annotations

import re

import pytest

from tests.bench.run_bench import run_bench

pytestmark = [pytest.mark.browser, pytest.mark.long]

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
    printed = run_bench("offline_load", "--runs", "1", timeout=880)
    assert "Offline reading (1 runs;" in printed
    for figure in FIGURES:
        assert re.search(figure, printed), f"missing: {figure}\n{printed}"
