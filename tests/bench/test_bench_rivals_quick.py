"""`make bench-rivals` works: its quick mode (one round, fast link) prints and writes its figures.

This proves the comparison runs and that every page in it gives the scorer's
own first verdict; it checks no speed (the figures are read off full runs).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scorer import api
from tests.bench import rivals
from tests.bench.run_bench import run_bench
from tests.conftest import BuiltSite

pytestmark = [pytest.mark.browser, pytest.mark.long]


@pytest.mark.timeout(900)
def test_quick_rivals_run_gives_every_page_the_scorers_verdict(
    tmp_path: Path, built_site: BuiltSite
) -> None:
    output = tmp_path / "rivals.json"
    site = str(built_site.site_dir)  # served from another port: only its canonical links differ
    printed = run_bench("rivals", "--quick", "--site", site, "--json", str(output), timeout=880)
    data = json.loads(output.read_text(encoding="utf-8"))
    figures = data["figures"]

    expected = api.evaluate("v=1")["recommendation"]["verdict"]
    assert figures["verdicts"] == dict.fromkeys(rivals.OTHERS, expected)
    for name in rivals.PAGES:
        assert figures["cold_ms"][name]["n"] == 1
        assert figures["cold_ms"][name]["median"] > 0
    assert figures["fast_4g_cold_ms"] == {}
    for name in rivals.OTHERS:
        assert figures["warm_ms"][name]["median"] > 0
        assert figures["bytes"][name] > 500_000  # each fetched a Python runtime
    for name in rivals.BRYTHON:
        assert 0 < figures[f"{name}_import_ms"]["median"] < figures["cold_ms"][name]["median"]
        assert figures[f"{name}_rescore_ms"]["n"] == 6
    assert set(data["versions"]) >= {"pyodide", "pyscript", "polyscript", "brython", "browser"}

    for label in rivals.LABELS.values():
        assert label in printed
    assert "cold, to the first verdict" in printed
    assert f"First verdicts: stock Pyodide {expected}" in printed
