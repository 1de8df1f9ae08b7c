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
) -> str:
    """Run the hook on ``markdown`` with ``data`` (and ``rivals_data``) published; None: no file."""
    evidence = tmp_path / "evidence"
    evidence.mkdir(parents=True, exist_ok=True)
    for name, content in (("chooser-speed.json", data), ("rivals.json", rivals_data)):
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
    ],
    ids=["no steps", "not an object", "no kinds", "no rows", "row short of a cell", "twice"],
)
def test_steps_it_cannot_show_fail_the_build(
    hook: ModuleType, tmp_path: Path, data: Any, markdown: str, message: str
) -> None:
    with pytest.raises(PluginError, match=re.escape(message)):
        render(hook, tmp_path, data, markdown=markdown)
