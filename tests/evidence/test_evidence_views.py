"""The evidence page's shaping: charts to scale, each stack's best, code from the real files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import load_hook
from tests.evidence.catalog import ROOT

from .test_results_schema import DOC, RUN

views = load_hook("evidence_views.py")
PAGE = ROOT / "docs" / "evidence" / "index.md"


def _doc(*runs: dict[str, Any]) -> dict[str, Any]:
    return {**DOC, "method": {"repeats": 3, "workloads": {"io_delay_ms": 50}}, "runs": list(runs)}


NODE = {
    **RUN,
    "stack": "nodejs",
    "server": "fastify",
    "blocking_slots": None,
    "rps": 1800.0,
    "spread": {"rps": [1700.0, 1900.0]},
}
FLASK = {**RUN, "rps": 58.0, "spread": {"rps": [57.0, 59.0]}}


def test_bars_are_scaled_to_the_highest_run() -> None:
    (chart,) = views.charts(_doc(NODE, FLASK), "io")
    fastify, sync = chart.bars
    assert fastify.high == 100.0  # 1900 is the top of the scale
    assert fastify.width == pytest.approx(100 * 1800 / 1900, abs=0.01)
    assert sync.width < 4 and sync.low <= sync.width <= sync.high
    assert chart.title.startswith("io: each request waits 50 ms")


def test_headline_picks_each_stacks_best_and_says_who_leads() -> None:
    gevent = {
        **FLASK,
        "server": "gunicorn-gevent",
        "blocking_slots": None,
        "rps": 900.0,
        "spread": {"rps": [880.0, 950.0]},
    }
    (row,) = views.headline(_doc(NODE, FLASK, gevent))
    node, flask = row.sides
    assert (node.server, flask.server) == ("fastify", "gunicorn-gevent")
    assert flask.spread == "880\N{EN DASH}950"
    assert row.ahead == "Node.js, 2.0\N{MULTIPLICATION SIGN}"


def test_close_medians_are_about_even() -> None:
    close = {**FLASK, "server": "gunicorn-gevent", "blocking_slots": None, "rps": 1700.0}
    (row,) = views.headline(_doc(NODE, close))
    assert row.ahead == "about even"


def test_sanity_rows_compare_blocking_servers_with_their_ceiling() -> None:
    (row,) = views.sanity(_doc(NODE, FLASK))
    assert (row.server, row.ceiling, row.measured, row.passed) == (
        "gunicorn-sync",
        "60",
        "58",
        True,
    )


def test_every_code_marker_of_the_page_resolves_to_real_code() -> None:
    markers = re.findall(r"<!-- evidence:code (\S+) (\S+) -->", PAGE.read_text("utf-8"))
    assert len(markers) >= 10
    for path, section in markers:
        snippet = views.code_snippet(ROOT, path, section)
        assert snippet.code.strip(), (path, section)
        assert "--8<--" not in snippet.code


def test_a_snippet_is_the_marked_section_dedented(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "x = 1\n    # --8<-- [start:view]\n    def view():\n        return 1\n"
        "    # --8<-- [end:view]\n"
    )
    snippet = views.code_snippet(tmp_path, "app.py", "view")
    assert snippet.code == "def view():\n    return 1"
    assert snippet.language == "python"


@pytest.mark.parametrize(
    ("path", "section", "message"),
    [
        ("app.py", "missing", "no section 'missing'"),
        ("gone.py", "view", "no such file"),
        ("../outside.py", "view", "outside the project"),
    ],
)
def test_a_bad_code_marker_says_what_is_wrong(
    tmp_path: Path, path: str, section: str, message: str
) -> None:
    (tmp_path / "app.py").write_text("# --8<-- [start:view]\npass\n# --8<-- [end:view]\n")
    with pytest.raises(ValueError, match=re.escape(message)):
        views.code_snippet(tmp_path, path, section)


def test_the_core_counts_as_the_servers_own_only_when_each_used_most_of_it() -> None:
    cpu = {**RUN, "workload": "cpu", "concurrency": 10, "rps": 40.0}
    quiet = views.figure(_doc({**cpu, "cpu_pct": 99.5}), "gunicorn-sync", "cpu", 10)
    shared = views.figure(_doc({**cpu, "cpu_pct": 21.4}), "gunicorn-sync", "cpu", 10)
    assert views.had_own_core(quiet, quiet)
    assert not views.had_own_core(quiet, shared)
    assert not views.had_own_core(quiet, None)


def test_a_best_setup_names_the_setups_whose_runs_reached_its_worst() -> None:
    close = {**NODE, "server": "node-http", "rps": 1750.0, "spread": {"rps": [1600.0, 1710.0]}}
    behind = {**NODE, "server": "express", "rps": 1500.0, "spread": {"rps": [1450.0, 1690.0]}}
    rows = views.headline(_doc(NODE, close, behind, FLASK))
    best_node = rows[0].sides[0]
    assert best_node.server == "fastify"
    assert best_node.tied == ("node-http",)  # 1710 reached fastify's worst run, 1700; 1690 did not
    assert views.best(_doc(NODE, close, behind, FLASK), "nodejs", "io", 100).tied == ("node-http",)
    # lower is better: a time ties when its fastest run is no slower than the best's slowest
    fast = {**RUN, "broadcast_ms": 30.0, "spread": {"broadcast_ms": [28.0, 40.0]}}
    near = {
        **RUN,
        "server": "other",
        "broadcast_ms": 35.0,
        "spread": {"broadcast_ms": [39.0, 45.0]},
    }
    assert views.within_spread(fast, [near], "broadcast_ms", higher=False) == ("other",)
    assert (
        views.within_spread(
            fast, [{**near, "spread": {"broadcast_ms": [41.0, 45.0]}}], "broadcast_ms", higher=False
        )
        == ()
    )
