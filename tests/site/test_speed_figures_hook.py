"""The speed_figures hook: renders the published benchmark, rejects what it cannot show.

Fast checks with stand-ins for MkDocs' page and config (no build); the site
build tests render the real page from docs/evidence/chooser-speed.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from tests.conftest import load_hook

PAGE = "# How fast is the chooser?\n\n<!-- speed:figures -->\n\nAfter."


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    return load_hook("speed_figures.py")


def figures(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "generated": "2026-12-01T15:00:00+00:00",
        "runs": 5,
        "machine": "2 CPUs (test), 24 GiB",
        "load": "1.00 / 1.20",
        "versions": {"pyodide": "314.0.8", "browser": "Chromium 156"},
        "table": [
            {
                "figure": "cold, to the first verdict",
                "ours": "1.00 s (0.90-1.10)",
                "stock": "3.00 s (2.80-3.20)",
                "ratio": "0.33",
                "target": "≤ 0.25 x stock",
                "met": False,
            },
            {
                "figure": "back <by> instant navigation",
                "ours": "50 ms (40-60)",
                "stock": "",
                "ratio": "",
                "target": "",
                "met": None,
            },
        ],
    }
    data.update(changes)
    return data


def render(
    hook: ModuleType,
    tmp_path: Path,
    data: Any,
    src: str = "chooser-speed.md",
    markdown: str = PAGE,
    rivals_data: Any = None,
    history_data: Any = None,
) -> str:
    """Run the hook on ``markdown`` with each of the three files published; None: no file."""
    evidence = tmp_path / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    published = (
        ("chooser-speed.json", data),
        ("rivals.json", rivals_data),
        ("chooser-speed-history.json", history_data),
    )
    for name, content in published:
        if content is not None:
            (evidence / name).write_text(json.dumps(content), encoding="utf-8")
    page = SimpleNamespace(file=SimpleNamespace(src_uri=src))
    config = SimpleNamespace(docs_dir=str(tmp_path))
    result: str = hook.on_page_markdown(markdown, page=page, config=config, files=None)
    return result


def test_the_marker_becomes_the_table_of_figures(hook: ModuleType, tmp_path: Path) -> None:
    html = render(hook, tmp_path, figures())
    assert "<!-- speed:" not in html
    assert html.startswith('# How fast is the chooser?\n\n<div class="nof-table-wrap">')
    assert html.endswith("\n\nAfter.")
    assert "median of 5 runs" in html and "Pyodide 314.0.8" in html
    assert '<th scope="row">cold, to the first verdict</th>' in html
    assert "<strong>no</strong>" in html  # a missed target says so
    assert "back &lt;by&gt; instant navigation" in html  # escaped


def test_under_the_table_it_lists_the_targets_met_and_missed_in_that_run(
    hook: ModuleType, tmp_path: Path
) -> None:
    rows = figures()["table"]
    met = {**rows[0], "figure": "re-score", "met": True}
    html = render(hook, tmp_path, figures(table=[rows[0], met, rows[1]]))
    standing = html[html.index('<p class="nof-speed-standing">') :]
    assert "Met in this run (1 of 2):</strong>\nre-score." in standing
    assert "<strong>Not met:</strong> cold, to the first verdict." in standing
    assert "instant navigation" not in standing  # a figure without a target is neither
    html = render(hook, tmp_path, figures(table=[met]))
    assert "<strong>Not met:</strong> none." in html


@pytest.mark.parametrize("text", ["# Home", "Isolation, not speed: the work runs no faster."])
def test_a_page_without_the_marker_is_left_alone(
    hook: ModuleType, tmp_path: Path, text: str
) -> None:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    config = SimpleNamespace(docs_dir=str(tmp_path))
    assert hook.on_page_markdown(text, page=page, config=config, files=None) == text


@pytest.mark.parametrize(
    ("data", "src", "message"),
    [
        (None, "chooser-speed.md", "is missing: run `make bench BENCH_ARGS=--publish`"),
        (figures(), "index.md", "index.md has a speed: marker"),
        ({k: v for k, v in figures().items() if k != "table"}, "chooser-speed.md", "lacks 'table'"),
        (figures(table=[{"figure": "x"}]), "chooser-speed.md", "row 1 lacks a text 'ours'"),
        (
            figures(table=[{**figures()["table"][0], "met": "yes"}]),
            "chooser-speed.md",
            "row 1: 'met' must be true, false or null",
        ),
    ],
    ids=["missing file", "other page", "no table", "row without a cell", "met not a boolean"],
)
def test_what_it_cannot_show_fails_the_build(
    hook: ModuleType, tmp_path: Path, data: Any, src: str, message: str
) -> None:
    with pytest.raises(PluginError, match=re.escape(message)):
        render(hook, tmp_path, data, src)


# ---------------------------------------------------------------------------
# The comparison with other Python pages (make bench-rivals)

RIVALS_PAGE = PAGE + "\n\n<!-- speed:rivals -->\n\nEnd."


def rivals(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "generated": "2026-12-05T01:41:52+00:00",
        "machine": "2 CPUs (test), 24 GiB",
        "load": "1.00 / 1.20",
        "versions": {
            "pyodide": "314.0.8",
            "pyscript": "0.7.31",
            "polyscript": "0.20.20",
            "brython": "3.15.0",
            "browser": "Chromium 156",
        },
        "rounds": {"fast": 8, "fast_4g": 6},
        "columns": ["the chooser", "stock Pyodide", "Brython <trimmed>"],
        "table": [{"figure": "cold", "cells": ["1.59 s", "3.38 s", "4.74 s"]}],
        "notes": ["Of 8 rounds on the fast link, <later> in: the chooser 0."],
    }
    data.update(changes)
    return data


def render_rivals(hook: ModuleType, tmp_path: Path, data: Any, markdown: str = RIVALS_PAGE) -> str:
    return render(hook, tmp_path, figures(), markdown=markdown, rivals_data=data)


def test_the_rivals_marker_becomes_the_comparison(hook: ModuleType, tmp_path: Path) -> None:
    html = render_rivals(hook, tmp_path, rivals())
    assert "<!-- speed:" not in html and html.endswith("\n\nEnd.")
    rivals_html = html[html.index("make bench-rivals") :]
    assert "8 rounds on the fast link and 6 on Fast 4G" in rivals_html
    assert "PyScript 0.7.31 (polyscript 0.20.20), Brython\n3.15.0" in rivals_html
    assert '<th scope="col">Brython &lt;trimmed&gt;</th>' in rivals_html
    assert '<td data-label="stock Pyodide">3.38 s</td>' in rivals_html
    assert "<li>Of 8 rounds on the fast link, &lt;later&gt; in: the chooser 0.</li>" in rivals_html


def test_without_the_rivals_marker_no_comparison_is_read(hook: ModuleType, tmp_path: Path) -> None:
    html = render_rivals(hook, tmp_path, None, markdown=PAGE)
    assert "make bench-rivals" not in html


@pytest.mark.parametrize(
    ("data", "markdown", "message"),
    [
        (None, RIVALS_PAGE, "is missing: run `make bench-rivals BENCH_ARGS=--publish`"),
        ([], RIVALS_PAGE, "is not a JSON object"),
        ({k: v for k, v in rivals().items() if k != "notes"}, RIVALS_PAGE, "lacks 'notes'"),
        (rivals(columns=[]), RIVALS_PAGE, "'columns' must be a list of texts"),
        (
            rivals(table=[{"figure": "cold", "cells": ["1 s", "2 s"]}]),
            RIVALS_PAGE,
            "row 1 needs 3 text cells, one per column",
        ),
        (rivals(table=[{"cells": []}]), RIVALS_PAGE, "row 1 needs a 'figure' and 'cells'"),
        (rivals(notes=[1]), RIVALS_PAGE, "'notes' must be texts"),
        (rivals(notes="one"), RIVALS_PAGE, "'table' and 'notes' must be lists"),
        (rivals(table=["cold"]), RIVALS_PAGE, "row 1 needs a 'figure' and 'cells'"),
        (rivals(rounds={"fast": 8}), RIVALS_PAGE, "'rounds' needs a count for"),
        (rivals(versions={"pyodide": "314.0.8"}), RIVALS_PAGE, "'versions' needs"),
        (
            rivals(),
            RIVALS_PAGE + "\n<!-- speed:rivals -->\n",
            "may have <!-- speed:rivals --> once",
        ),
        (
            rivals(),
            PAGE + "\n\n<!-- speed:other -->\n",
            "has an unknown marker <!-- speed:other -->",
        ),
    ],
    ids=[
        "missing file",
        "not an object",
        "no notes",
        "no columns",
        "row short of a cell",
        "row without a figure",
        "note not a text",
        "notes not a list",
        "row not an object",
        "rounds incomplete",
        "versions incomplete",
        "marker twice",
        "unknown marker",
    ],
)
def test_a_comparison_it_cannot_show_fails_the_build(
    hook: ModuleType, tmp_path: Path, data: Any, markdown: str, message: str
) -> None:
    with pytest.raises(PluginError, match=re.escape(message)):
        render_rivals(hook, tmp_path, data, markdown)


# ---------------------------------------------------------------------------
# Python's start, step by step (the same run's "steps")

STEPS_PAGE = PAGE + "\n\n<!-- speed:steps -->\n\nEnd."


def steps(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kinds": ["first", "return"],
        "rows": [
            {
                "step": "snapshot",
                "meaning": "The saved <snapshot> has been read",
                "first": "-",
                "return": "322 ms (227-483)",
            },
            {
                "step": "verdict",
                "meaning": "The first verdict is drawn",
                "first": "1601 ms (1383-2412)",
                "return": "609 ms (555-850)",
            },
        ],
    }
    data.update(changes)
    return data


def test_the_steps_marker_becomes_the_table_of_steps(hook: ModuleType, tmp_path: Path) -> None:
    html = render(hook, tmp_path, figures(steps=steps()), markdown=STEPS_PAGE)
    assert "<!-- speed:" not in html and html.endswith("\n\nEnd.")
    table = html[html.index("When each step of the chooser's start ended") :]
    assert "median of\n5 runs" in table and "(2026-12-01, <code>make bench</code>)" in table
    assert '<th scope="col">First visit</th><th scope="col">Return visit</th>' in table
    assert '<th scope="row">The saved &lt;snapshot&gt; has been read</th>' in table  # escaped
    assert '<td data-label="First visit">\u2013</td>' in table  # a step the visit did not have
    assert '<td data-label="Return visit">609 ms (555-850)</td>' in table


def test_without_the_steps_marker_no_steps_are_needed(hook: ModuleType, tmp_path: Path) -> None:
    html = render(hook, tmp_path, figures(), markdown=PAGE)
    assert "each step" not in html


# ---------------------------------------------------------------------------
# The same visits stage by stage ("stages"), and the cold target's budget

STAGES_PAGE = PAGE + "\n\n<!-- speed:stages -->\n\nEnd."
BUDGET_PAGE = PAGE + "\n\n<!-- speed:budget -->\n\nEnd."


def summary(median: float) -> dict[str, float]:
    return {"median": median, "min": median, "max": median, "n": 1}


def staged(**changes: Any) -> dict[str, Any]:
    """Figures with a stage table and the medians behind it (a first visit downloads)."""
    table = steps(
        rows=[
            {"step": "downloaded", "meaning": "Waiting", "first": "150 ms", "return": "-"},
            {"step": "snapshot", "meaning": "Reading", "first": "-", "return": "70 ms"},
            {"step": "python", "meaning": "Python <own>", "first": "500 ms", "return": "60 ms"},
        ]
    )
    stages_ms = {
        "first": {"downloaded": summary(150.0), "python": summary(500.0)},
        "return": {"snapshot": summary(70.0), "python": summary(60.0)},
    }
    numbers = {
        "cold": {"ours_ms": summary(1000.0), "stock_ms": summary(3000.0)},
        "warm": {"ours_ms": summary(550.0), "stock_ms": summary(2500.0)},
        "stages_ms": stages_ms,
    }
    return figures(**{"stages": table, "figures": numbers, **changes})


def test_the_stages_marker_becomes_the_table_of_stages_with_the_first_visits_excess(
    hook: ModuleType, tmp_path: Path
) -> None:
    html = render(hook, tmp_path, staged(), markdown=STAGES_PAGE)
    assert "<!-- speed:" not in html and html.endswith("\n\nEnd.")
    table = html[html.index("How long each stage of the chooser's start took") :]
    assert '<th scope="col">Stage</th>' in table and "First less return" in table
    assert '<th scope="row">Python &lt;own&gt;</th>' in table  # escaped
    # Each stage's first-visit median less the return visit's; a stage only
    # one kind of visit has counts as nothing in the other.
    excess = re.findall(r'<td data-label="First less return">([^<]*)</td>', table)
    assert excess == ["+150 ms", "\u221270 ms", "+440 ms"]


@pytest.mark.parametrize(
    "medians",
    [
        None,
        "x",
        {"first": {"python": summary(500.0)}},
        {"first": {}, "return": {}},
        {
            "first": {"python": {"median": "500 ms"}},
            "return": {"python": summary(60.0)},
        },
    ],
    ids=["none", "not an object", "one kind only", "empty", "not a number"],
)
def test_stages_without_their_medians_show_no_excess(
    hook: ModuleType, tmp_path: Path, medians: Any
) -> None:
    data = staged()
    data["figures"]["stages_ms"] = medians
    if medians is None:
        del data["figures"]["stages_ms"]
    html = render(hook, tmp_path, data, markdown=STAGES_PAGE)
    assert "First less return" not in html and '<td data-label="First visit">150 ms</td>' in html


def test_the_budget_sets_a_quarter_of_stocks_cold_start_against_the_return_visit(
    hook: ModuleType, tmp_path: Path
) -> None:
    html = render(hook, tmp_path, staged(), markdown=BUDGET_PAGE)
    assert "<!-- speed:" not in html and html.endswith("\n\nEnd.")
    budget = html[html.index("The cold target against a return visit") :]
    cells = re.findall(r'<td data-label="This run">([^<]*)</td>', budget)
    # stock, its quarter, the return visit, what is left, the first visit's excess
    assert cells == ["3,000 ms", "750 ms", "550 ms", "200 ms", "450 ms"]
    assert "the first visit (1,000 ms) less the return visit" in budget
    slow_return = staged(figures={**staged()["figures"], "warm": {"ours_ms": summary(900.0)}})
    html = render(hook, tmp_path, slow_return, markdown=BUDGET_PAGE)
    assert '<td data-label="This run">\u2212150 ms</td>' in html  # nothing left: below zero


@pytest.mark.parametrize(
    ("data", "markdown", "message"),
    [
        (figures(), STEPS_PAGE, "lacks 'steps' (runs published before 5 December 2026"),
        (figures(steps=[]), STEPS_PAGE, "'steps' needs 'kinds', a list of texts"),
        (figures(steps=steps(kinds=[])), STEPS_PAGE, "'steps' needs 'kinds', a list of texts"),
        (figures(steps=steps(rows=[])), STEPS_PAGE, "'steps' needs 'rows'"),
        (
            figures(steps=steps(rows=[{"step": "began", "meaning": "Began", "first": "1 ms"}])),
            STEPS_PAGE,
            "step row 1 needs a text for each of ('step', 'meaning', 'first', 'return')",
        ),
        (
            figures(steps=steps()),
            STEPS_PAGE + "\n<!-- speed:steps -->\n",
            "may have <!-- speed:steps --> once",
        ),
        (figures(), STAGES_PAGE, "lacks 'stages' (runs published before 6 December 2026"),
        (staged(stages=steps(rows=[])), STAGES_PAGE, "'stages' needs 'rows'"),
        (
            staged(stages=steps(rows=[{"step": "python", "meaning": "Python"}])),
            STAGES_PAGE,
            "stage row 1 needs a text for each of ('step', 'meaning', 'first', 'return')",
        ),
        (figures(), BUDGET_PAGE, "lacks a number at ['figures']['cold']['stock_ms']['median']"),
        (
            staged(figures={"cold": staged()["figures"]["cold"], "warm": {"ours_ms": {}}}),
            BUDGET_PAGE,
            "lacks a number at ['figures']['warm']['ours_ms']['median']",
        ),
        (
            staged(),
            BUDGET_PAGE + "\n<!-- speed:budget -->\n",
            "may have <!-- speed:budget --> once",
        ),
    ],
    ids=[
        "no steps",
        "not an object",
        "no kinds",
        "no rows",
        "row short of a cell",
        "steps twice",
        "no stages",
        "no stage rows",
        "stage row short",
        "no figures",
        "no warm median",
        "budget twice",
    ],
)
def test_steps_stages_or_a_budget_it_cannot_show_fail_the_build(
    hook: ModuleType, tmp_path: Path, data: Any, markdown: str, message: str
) -> None:
    with pytest.raises(PluginError, match=re.escape(message)):
        render(hook, tmp_path, data, markdown=markdown)


def test_the_published_stages_are_the_runs_own_steps_taken_visit_by_visit() -> None:
    # The speed page's stage table must come from the published run's raw
    # step times, by the benchmark's own code, not from figures typed in.
    from tests.bench.report import stage_summaries
    from tests.bench.start_steps import STAGES, steps_table

    published = json.loads(
        (Path(__file__).resolve().parents[2] / "docs/evidence/chooser-speed.json").read_text()
    )
    summaries = stage_summaries(published["raw"])
    assert published["figures"]["stages_ms"] == summaries
    assert published["stages"] == steps_table(summaries, STAGES)


# ---------------------------------------------------------------------------
# The speed log's table of every published run ("speed:history")

LOG_PAGE = "# Speed log\n\n<!-- speed:history -->\n\nEnd."


def run(generated: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "generated": generated,
        "host": "AMD",
        "cold_ms": 1473.1,
        "stock_cold_ms": 3231.8,
        "warm_ms": 540.6,
        "fast_4g_ms": None,
        "targets_met": 13,
        "targets": 14,
    }
    data.update(changes)
    return data


def render_log(hook: ModuleType, tmp_path: Path, rows: Any, markdown: str = LOG_PAGE) -> str:
    """Run the hook on the speed log with ``rows`` as the history; None: no file."""
    return render(hook, tmp_path, None, "chooser-speed-log.md", markdown, history_data=rows)


def test_the_logs_marker_becomes_every_run_the_latest_first(
    hook: ModuleType, tmp_path: Path
) -> None:
    rows = [run("2026-12-05T22:31:39+00:00", host="Intel"), run("2026-12-06T01:52:28+00:00")]
    html = render_log(hook, tmp_path, rows)
    assert "<!-- speed:" not in html and html.endswith("\n\nEnd.")
    assert "run (2), the latest first." in html
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html[html.index("<tbody>") :])
    latest = cells[:9]
    assert latest[0] == '<time datetime="2026-12-06T01:52:28+00:00">2026-12-06 01:52</time>'
    # host, first visit, stock, first ÷ stock, second visit, second ÷ stock,
    # Fast 4G (not measured), targets
    assert latest[1:] == ["AMD", "1.47 s", "3.23 s", "0.46", "0.54 s", "0.17", "\u2013", "13 of 14"]
    assert cells[10] == "Intel"  # the earlier run second


@pytest.mark.parametrize(
    ("rows", "markdown", "message"),
    [
        (None, LOG_PAGE, "is missing: run `python -m tests.bench.history --from-git`"),
        ([], LOG_PAGE, "is not a list of runs"),
        ([run("2026-12-06T01:52")], "# Log\n\n<!-- speed:steps -->\n", "needs <!-- speed:history"),
        ([{**run("2026-12-06T01:52"), "cold_ms": "1.4 s"}], LOG_PAGE, "run 1 lacks 'cold_ms'"),
        ([run("2026-12-06T01:52", targets=None)], LOG_PAGE, "run 1 needs counts"),
        ([run("2026-12-06T01:52", warm_ms="fast")], LOG_PAGE, "must be numbers or null"),
        ([run("2026-12-06T01:52")] * 2, LOG_PAGE, "runs must be in order, each once"),
        (
            [run("2026-12-06T01:52")],
            LOG_PAGE + "\n<!-- speed:figures -->\n",
            "chooser-speed-log.md has an unknown marker <!-- speed:figures -->",
        ),
    ],
    ids=[
        "missing file",
        "empty",
        "another marker only",
        "not a number",
        "no counts",
        "optional not a number",
        "a run twice",
        "speed page's marker",
    ],
)
def test_a_history_it_cannot_show_fails_the_build(
    hook: ModuleType, tmp_path: Path, rows: Any, markdown: str, message: str
) -> None:
    with pytest.raises(PluginError, match=re.escape(message)):
        render_log(hook, tmp_path, rows, markdown)


def test_the_history_marker_belongs_to_the_log_only(hook: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="has an unknown marker <!-- speed:history -->"):
        render(hook, tmp_path, figures(), markdown=PAGE + "\n\n<!-- speed:history -->\n")


SPREADS_LOG = LOG_PAGE + "\n\n<!-- speed:spreads -->\n\nLast."


def spread_runs() -> list[dict[str, Any]]:
    bounds = {
        "lighthouse_home_min": 99.0,  # five loads that scored the same: no brackets
        "lighthouse_home_max": 99.0,
        "lighthouse_chooser_min": 81.0,
        "lighthouse_chooser_max": 99.0,
    }
    return [
        run("2026-12-01T14:32:28+00:00", fast_4g_ms=8666.0, lighthouse_chooser=87.0),
        run(
            "2026-12-06T01:52:28+00:00",
            fast_4g_ms=5317.0,
            fast_4g_min_ms=5251.0,
            fast_4g_max_ms=5364.4,
            lighthouse_home=99.0,
            lighthouse_chooser=95.0,
            **bounds,
        ),
    ]


def test_the_logs_spreads_marker_becomes_each_runs_lowest_and_highest(
    hook: ModuleType, tmp_path: Path
) -> None:
    html = render_log(hook, tmp_path, spread_runs(), SPREADS_LOG)
    assert "<!-- speed:" not in html and html.endswith("\n\nLast.")
    spreads = html[html.index("Each published run's spread (2), the latest first.") :]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", spreads[spreads.index("<tbody>") :])
    # run, host, Fast 4G, Lighthouse's home page, docs page, chooser: the latest first
    assert cells[2:6] == ["5.32 s (5.25\u20135.36)", "99", "\u2013", "95 (81\u201399)"]
    # a run that kept no spread shows its median alone
    assert cells[8:12] == ["8.67 s", "\u2013", "\u2013", "87"]


def test_the_spreads_marker_may_stand_once_on_its_own_line(
    hook: ModuleType, tmp_path: Path
) -> None:
    twice = SPREADS_LOG + "\n\n<!-- speed:spreads -->\n"
    with pytest.raises(PluginError, match=re.escape("may have <!-- speed:spreads --> once")):
        render_log(hook, tmp_path, spread_runs(), twice)


# ---------------------------------------------------------------------------
# Ranges over the latest runs in the speed page's sentences ("speed:range")

RANGES_PAGE = (
    PAGE
    + "\n\nFirst visits took <!-- speed:range cold latest-2 --> s, stock"
    + " <!-- speed:range stock latest-2 --> s (ratio <!-- speed:range ratio latest-2 -->);"
    + "\n<!-- speed:range return-ratio since-2026-12-05T12 --> in"
    + " <!-- speed:count since-2026-12-05T12 --> runs.\n"
)


def ranged_runs() -> list[dict[str, Any]]:
    return [
        run("2026-12-05T09:00:00+00:00", cold_ms=1000.0, warm_ms=600.0),
        run("2026-12-05T13:00:00+00:00", cold_ms=1690.0, stock_cold_ms=3300.0, warm_ms=660.0),
        run("2026-12-05T20:00:00+00:00", host="Intel", cold_ms=900.0, stock_cold_ms=2000.0),
        run("2026-12-06T01:52:28+00:00", cold_ms=1440.0, stock_cold_ms=3000.0, warm_ms=600.0),
    ]


def test_range_markers_become_the_lowest_and_highest_of_the_runs_medians(
    hook: ModuleType, tmp_path: Path
) -> None:
    text = render(hook, tmp_path, figures(), markdown=RANGES_PAGE, history_data=ranged_runs())
    # latest-2: the two latest runs on the latest run's host (the Intel run skipped)
    assert "First visits took 1.4 to 1.7 s, stock 3.0 to 3.3 s (ratio 0.48 to 0.51);" in text
    # since: every run from that time on, whatever its host (540.6 / 2000 the highest)
    assert "\n0.20 to 0.27 in 3 runs.\n" in text


def test_what_a_quarter_of_stock_leaves_after_a_return_visit_may_be_below_zero(
    hook: ModuleType, tmp_path: Path
) -> None:
    rows = [
        run("2026-12-05T13:00", warm_ms=900.0, stock_cold_ms=3400.0),  # 850 - 900
        run("2026-12-06T01:52", warm_ms=500.0, stock_cold_ms=3200.0),  # 800 - 500
        run("2026-12-06T09:57", warm_ms=752.0, stock_cold_ms=3000.0),  # 750 - 752: not "-0.00"
    ]
    page = PAGE + "\n\n<!-- speed:range left latest-3 --> s, <!-- speed:range left latest-1 -->\n"
    text = render(hook, tmp_path, figures(), markdown=page, history_data=rows)
    assert text.endswith("\n\N{MINUS SIGN}0.05 to 0.30 s, 0.00\n")


def test_the_questions_and_lighthouse_ranges_are_whole_numbers(
    hook: ModuleType, tmp_path: Path
) -> None:
    rows = [
        run("2026-12-05T13:00", answerable_4g_ms=263.4, lighthouse_chooser=83.0),
        run("2026-12-06T01:52", answerable_4g_ms=319.0, lighthouse_chooser=100.0),
    ]
    page = (
        PAGE
        + "\n\n<!-- speed:range answerable-4g latest-2 --> ms,"
        + " <!-- speed:range lighthouse-chooser since-2026-12-06 -->\n"
    )
    text = render(hook, tmp_path, figures(), markdown=page, history_data=rows)
    assert text.endswith("\n263 to 319 ms, 100\n")


def test_spread_markers_become_the_lowest_and_highest_measurement_of_the_runs(
    hook: ModuleType, tmp_path: Path
) -> None:
    rows = [
        run("2026-12-05T13:00", fast_4g_min_ms=4949.0, fast_4g_max_ms=5155.0),
        run("2026-12-06T01:52", fast_4g_min_ms=5251.0, fast_4g_max_ms=6127.0),
    ]
    page = (
        PAGE
        + "\n\n<!-- speed:spread fast-4g latest-1 --> s;"
        + " <!-- speed:spread fast-4g since-2026-12-05 --> s\n"
    )
    text = render(hook, tmp_path, figures(), markdown=page, history_data=rows)
    assert text.endswith("\n5.25 to 6.13 s; 4.95 to 6.13 s\n")


def test_the_second_visits_range_has_two_decimals(hook: ModuleType, tmp_path: Path) -> None:
    rows = [run("2026-12-05T13:00", warm_ms=583.9), run("2026-12-06T01:52", warm_ms=535.1)]
    page = PAGE + "\n\n<!-- speed:range warm latest-2 --> s\n"
    text = render(hook, tmp_path, figures(), markdown=page, history_data=rows)
    assert text.endswith("\n0.54 to 0.58 s\n")


def test_the_heaviest_docs_page_is_given_in_whole_kilobytes(
    hook: ModuleType, tmp_path: Path
) -> None:
    rows = [run("2026-12-05T13:00", docs_heaviest_bytes=99_400), run("2026-12-06T01:52")]
    page = PAGE + "\n\n<!-- speed:range docs-heaviest-kb since-2026-12-05 --> KB\n"
    with pytest.raises(PluginError, match=re.escape("covers 1 run(s) without 'docs-heaviest-kb'")):
        render(hook, tmp_path, figures(), markdown=page, history_data=rows)
    rows[1]["docs_heaviest_bytes"] = 127_366
    text = render(hook, tmp_path, figures(), markdown=page, history_data=rows)
    assert text.endswith("\n99 to 127 KB\n")


def test_a_range_whose_ends_round_the_same_is_one_figure(hook: ModuleType, tmp_path: Path) -> None:
    rows = [run("2026-12-05T13:00"), run("2026-12-06T01:52", cold_ms=1460.0)]
    page = PAGE + "\n\n<!-- speed:range cold latest-2 --> s\n"
    assert render(hook, tmp_path, figures(), markdown=page, history_data=rows).endswith("\n1.5 s\n")


@pytest.mark.parametrize(
    ("marker", "rows", "message"),
    [
        ("<!-- speed:range cold latest-2 -->", None, "is missing: run `python -m tests.bench"),
        (
            "<!-- speed:range speed latest-2 -->",
            ranged_runs(),
            "names no known figure (known: cold",
        ),
        ("<!-- speed:range cold latest -->", ranged_runs(), "has no window 'latest-N' or 'since"),
        ("<!-- speed:range cold latest-0 -->", ranged_runs(), "has no window"),
        ("<!-- speed:range cold -->", ranged_runs(), "needs a figure and a window"),
        ("<!-- speed:count latest-2 cold -->", ranged_runs(), "needs one window"),
        (
            "<!-- speed:range cold latest-4 -->",
            ranged_runs(),
            "asks for 4 runs on the latest run's kind of host (AMD), and the history has 3",
        ),
        ("<!-- speed:count since-2026-12-07 -->", ranged_runs(), "none was published since"),
        (
            "<!-- speed:range fast-4g latest-2 -->",
            ranged_runs(),
            "covers 2 run(s) without 'fast-4g'",
        ),
        ("<!-- speed:ranges cold latest-2 -->", ranged_runs(), "unknown marker <!-- speed:ranges"),
        (
            "<!-- speed:spread cold latest-2 -->",
            ranged_runs(),
            "names no known figure (known: fast-4g, lighthouse-home",
        ),
        (
            "<!-- speed:spread fast-4g latest-1 -->",
            [run("2026-12-05T13:00", fast_4g_min_ms=5251.0, fast_4g_max_ms=None)],
            "covers 1 run(s) without 'fast-4g'",
        ),
    ],
    ids=[
        "no history",
        "unknown figure",
        "window without a count",
        "no runs asked for",
        "no window",
        "count with a figure",
        "fewer runs than asked",
        "nothing since",
        "figure not measured",
        "misspelt marker",
        "spread of a figure without one",
        "spread not kept",
    ],
)
def test_a_range_it_cannot_fill_fails_the_build(
    hook: ModuleType, tmp_path: Path, marker: str, rows: Any, message: str
) -> None:
    page = f"{PAGE}\n\nIt took {marker} s.\n"
    with pytest.raises(PluginError, match=re.escape(message)):
        render(hook, tmp_path, figures(), markdown=page, history_data=rows)


def test_the_range_markers_belong_to_the_speed_page(hook: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="has an unknown marker <!-- speed:range"):
        render_log(hook, tmp_path, ranged_runs(), LOG_PAGE + "\n<!-- speed:range cold latest-2 -->")
