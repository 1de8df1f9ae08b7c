"""The evidence page shows results.json as built: headline, charts, tables, code that ran.

The question pages carry a "Measured here" box that links to it, and a broken
results file or a figure above its physical ceiling fails the strict build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import project_copy
from tests.site.site_html import ROOT, Element, parse_file

if TYPE_CHECKING:
    from tests.conftest import BuiltSite, SiteBuilder

pytestmark = pytest.mark.site
RESULTS = json.loads((ROOT / "docs" / "evidence" / "results.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def page(built_site: BuiltSite) -> Element:
    return parse_file(built_site.site_dir / "evidence" / "index.html")


def test_the_title_says_what_was_measured(page: Element) -> None:
    assert page.find("h1").text().rstrip("¶") == "Measured: Node.js and Flask under load"


def test_every_run_has_a_bar_and_a_table_row(page: Element) -> None:
    bars = page.find_all("li", cls="nof-ev-row")
    rows = [
        tr
        for table in page.find_all("table", cls="nof-evidence-table")
        for tr in table.find_all("tr")[1:]
    ]
    assert len(bars) == len(RESULTS["runs"])
    assert len(rows) == len(RESULTS["runs"])
    servers = {run["server"] for run in RESULTS["runs"]}
    shown = {bar.find("code").text() for bar in bars}
    assert shown == servers


def test_bars_are_svg_without_inline_style(page: Element) -> None:
    for svg in page.find_all("svg", cls="nof-ev-track"):
        rect = svg.find("rect")
        assert 0 <= float(rect.attrs["width"]) <= 100
        assert "style" not in rect.attrs


def test_the_headline_names_each_stacks_best_setup(page: Element) -> None:
    table = page.find("table", cls="nof-evidence-headline")
    text = table.text()
    assert "io, 1,000 connections" in text and "ws-idle (Socket.IO), 10,000 connections" in text
    assert "Best Node.js setup" in text and "Best Flask setup" in text


def test_machine_load_and_versions_are_stated(page: Element) -> None:
    facts = page.find("dl", cls="nof-ev-facts").text()
    assert "taskset" in facts and "load average" in facts
    versions = page.find("table", cls="nof-evidence-versions").text()
    for name in ("node", "flask", "gunicorn", "express", "fastify", "wrk"):
        assert RESULTS["versions"][name] in versions


def test_the_handler_code_is_the_code_that_ran(page: Element) -> None:
    code = " ".join(
        block.text()
        for block in page.find_all("code")
        if block.parent is not None and block.parent.tag == "pre"
    )
    source = (ROOT / "tests/evidence/servers/python/flask_app.py").read_text("utf-8")
    assert "time.sleep(DELAY_S)" in source and "time.sleep(DELAY_S)" in code
    assert "await sleep(DELAY_MS);" in code
    assert 'socketio.emit("broadcast", data)' in code


@pytest.mark.parametrize("src", ["performance", "scalability", "real-time"])
def test_question_pages_cite_the_measurement(built_site: BuiltSite, src: str) -> None:
    html = parse_file(built_site.site_dir / "questions" / src / "index.html")
    box = html.find("div", cls="nof-measured")
    assert box.find("p", cls="admonition-title").text() == "Measured here"
    link = box.find("a")
    assert link.attrs["href"].startswith("../../evidence/#")


def _copy_with_results(tmp_path: Path, results: dict[str, Any]) -> Path:
    copy = project_copy(tmp_path)
    (copy / "docs" / "evidence" / "results.json").write_text(json.dumps(results))
    return copy


def test_a_figure_above_its_ceiling_fails_the_build(
    site_builder: SiteBuilder, tmp_path: Path
) -> None:
    broken = json.loads(json.dumps(RESULTS))
    sync = next(
        r for r in broken["runs"] if r["server"] == "gunicorn-sync" and r["workload"] == "io"
    )
    sync["rps"] = 500.0
    result = site_builder(
        tmp_path / "out", "http://127.0.0.1:8000/", cwd=_copy_with_results(tmp_path, broken)
    )
    assert result.returncode != 0
    assert "results fail the sanity check: gunicorn-sync io" in result.stdout + result.stderr
