"""`make bench` works: its quick mode (one run) prints and writes every figure.

A quick run measures everything once, but stock Pyodide on Fast 4G and with
the CPU slowed, which only full runs (and the speed page) have.

This proves the benchmark runs; it checks no speed. Speed goals are read off
the figures `make bench` prints (five runs and more), never asserted in tests.
It runs as `make bench` runs it, in a process of its own (run_bench.py says why).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bench import chooser_load, report
from tests.bench.run_bench import run_bench
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.long]

TIMED = ("cold", "warm", "fast_4g_cold", "cpu_4x_cold")


@pytest.mark.timeout(1200)
def test_quick_bench_writes_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "speed.json"
    printed = run_bench("chooser_load", "--quick", "--json", str(output), timeout=1180)
    data = json.loads(output.read_text(encoding="utf-8"))
    figures = data["figures"]
    rows = {row["figure"]: row for row in data["table"]}

    for key in TIMED:
        assert figures[key]["ours_ms"]["n"] == 1
        assert figures[key]["ours_ms"]["median"] > 0
    for key in ("cold", "warm"):
        assert figures[key]["stock_ms"]["n"] == 1
        assert figures[key]["ratio"] > 0
    # Quick runs leave stock Pyodide's throttled visits out, and say so.
    for key in ("fast_4g_cold", "cpu_4x_cold"):
        assert (figures[key]["stock_ms"], figures[key]["ratio"]) == (None, None)
    for figure in ("cold on Fast 4G", "cold, CPU 4x slower (main thread)"):
        assert {"stock": "not in --quick", "ratio": ""}.items() <= rows[figure].items()
    for key in ("cold", "warm", "fast_4g_cold", "cpu_4x_cold"):
        assert figures["answerable_ms"][key]["median"] > 0
    assert figures["rescore_ms"]["n"] == chooser_load.RESCORES_PER_RUN
    assert figures["warm_without_snapshot_ms"]["median"] > 0
    for visit in ("clicked", "rested"):
        assert figures["from_home_ms"][visit]["median"] > 0
    # The warm visit starts from the snapshot the cold one saved; without it, normally.
    assert figures["warm_start_modes"] == ["snapshot/normal"]
    # Python's start, step by step: a first visit downloads and reads no
    # snapshot, a return visit the other way round; each visit's steps end
    # in order, the last at the verdict the figures time.
    steps = figures["steps_ms"]
    first = ["began", "downloaded", "runtime", "python", "scorer", "told", "verdict"]
    back = ["began", "snapshot", "runtime", "python", "scorer", "told", "verdict"]
    assert (list(steps["first"]), list(steps["return"])) == (first, back)
    for kind, names, visit in (("first", first, "cold"), ("return", back, "warm")):
        medians = [steps[kind][name]["median"] for name in names]
        assert medians[0] > 0 and medians == sorted(medians), (kind, medians)
        assert medians[-1] == figures[visit]["ours_ms"]["median"]
    assert [row["step"] for row in data["steps"]["rows"]] == [*first[:2], *back[1:]]
    assert "Python's start, step by step" in printed

    transfer = figures["transfer_bytes"]
    # The chooser downloads the runtime (megabytes); docs pages none of it.
    assert transfer["chooser"]["median"] > 1e6
    assert transfer["stock"]["median"] > 1e6
    for page in ("home", "docs", "docs_heaviest"):
        assert 0 < transfer[page]["bytes"] < 1e6
        assert transfer[page]["pyodide_files"] == []
    # Every docs page is visited; the heaviest is named, and no chooser page is among them.
    heaviest = transfer["docs_heaviest"]
    assert heaviest["pages"] > 10
    assert not heaviest["path"].startswith("chooser/")
    assert heaviest["bytes"] >= max(transfer["home"]["bytes"], transfer["docs"]["bytes"])
    # The offline precache (pages, search, theme) is counted apart from the page.
    assert transfer["offline_precache"]["bytes"] > 100e3
    assert transfer["offline_precache"]["requests"] > 10
    assert figures["build_s"]["median"] > 0
    assert 0 <= figures["lighthouse"]["chooser"]["median"] <= 100
    assert figures["lighthouse_tbt_ms"]["chooser"]["median"] >= 0
    # Read from Lighthouse's own trace of the load: a share of a CPU, never more than all.
    assert 0 < figures["lighthouse_cpu_share"]["chooser"]["median"] <= 1
    assert figures["lighthouse_benchmark_index"]["median"] > 0

    assert (
        data["versions"]["pyodide"]
        == json.loads((ROOT / "node_modules/pyodide/package.json").read_text(encoding="utf-8"))[
            "version"
        ]
    )
    assert "stock Pyodide" in printed and "ratio" in printed
    # The rows the docs page renders: every figure, each with a verdict where there is a target.
    assert len(rows) == len(data["table"])
    assert rows["cold, to the first verdict"]["met"] in (True, False)
    assert rows["Lighthouse mobile performance, chooser"]["target"] == "≥ 95"
    assert "total blocking time" in rows["Lighthouse mobile performance, chooser"]["ours"]
    assert "main thread on a CPU for" in rows["Lighthouse mobile performance, chooser"]["ours"]
    index_row = rows["Lighthouse's CPU benchmark of this host (benchmarkIndex, higher is faster)"]
    assert index_row["met"] is None
    heaviest_row = rows["the heaviest docs page transfer (gzip)"]
    assert f"({heaviest['path'] or 'home'}, of {heaviest['pages']} pages)" in heaviest_row["ours"]
    assert heaviest_row["met"] is (heaviest["bytes"] <= report.TARGETS["docs_bytes"])


def test_a_quick_run_cannot_be_published(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        chooser_load.main(["--quick", "--publish"])
    assert exit_.value.code == 2
    assert "--quick leaves out stock Pyodide's Fast 4G and 4x CPU visits" in capsys.readouterr().err
