"""The chooser worker's practice scoring (overrides/.../chooser/warmup.js).

After its first result the worker scores practice queries, so that Chromium
has optimised Python's WebAssembly before the reader's first answer change
(the speed page has the figures). These tests hold what that must never
cost: the queries are ones the scorer accepts as they are, cover every
answer and slider, and are built as the page's own requests are; the
practice stops at its budget or at a failure, lets other work run between
two of its queries, and waits before it starts. The browser tests in
test_chooser_browser.py check that it leaves the page's result alone.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scorer import api
from tests.conftest import node_executable

ROOT = Path(__file__).resolve().parents[2]
WARMUP = ROOT / "overrides/assets/javascripts/chooser/warmup.js"
CASES = Path(__file__).with_name("warmup_cases.mjs")
LINK_BASE = "https://example.org/node-or-flask/chooser/?"


@pytest.fixture(scope="module")
def outcome() -> dict[str, Any]:
    node = node_executable("runs the chooser's practice scoring")
    completed = subprocess.run(
        [node, "--no-warnings", str(CASES), str(WARMUP)],
        input=json.dumps(api.questions()),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def case(outcome: dict[str, Any], name: str) -> dict[str, Any]:
    cases: list[dict[str, Any]] = outcome["cases"]
    (found,) = [c for c in cases if c["name"] == name]
    return found


def test_practice_queries_are_whole_links_the_scorer_takes_as_they_are(
    outcome: dict[str, Any],
) -> None:
    queries = outcome["queries"]
    assert len(queries) == outcome["defaults"]["runs"]
    assert len(set(queries)) == len(queries)
    for query in queries:
        assert query.startswith(LINK_BASE + "v=1&")
        result = api.evaluate(query)
        assert result["problems"] == [], query
        assert result["url"], query  # the link branch (wiki snippets) runs too
    # Without a whole link, the queries are bare share strings, as the page's are then.
    assert all(query.startswith("v=1&a=") for query in outcome["bare"])


def test_practice_queries_cover_every_answer_and_every_slider(outcome: dict[str, Any]) -> None:
    knowledge = api.questions()
    decoded = [api.evaluate(query) for query in outcome["queries"]]
    for question in knowledge["questions"]:
        given = {result["answers"].get(question["id"]) for result in decoded}
        assert {option["id"] for option in question["options"]} <= given, question["id"]
    default = knowledge["weights"]["default"]
    moved = {name for result in decoded for name, w in result["weights"].items() if w != default}
    assert moved == {criterion["id"] for criterion in knowledge["criteria"]}
    assert len({result["outcome"] for result in decoded}) > 1


def test_every_query_is_scored_in_order_and_the_practice_says_so(outcome: dict[str, Any]) -> None:
    every = case(outcome, "all")
    assert every["seen"] == outcome["queries"]
    assert every["runs"] == len(outcome["queries"])
    said = f"chooser: practised {every['runs']} queries in {round(every['ms'])} ms"
    assert every["log"] == [said]


def test_the_budget_ends_the_practice(outcome: dict[str, Any]) -> None:
    budget = case(outcome, "budget")
    assert budget["runs"] == 3
    assert budget["ms"] == 15


def test_a_failing_evaluation_ends_the_practice_quietly(outcome: dict[str, Any]) -> None:
    failure = case(outcome, "failure")
    assert failure["runs"] == 2
    assert failure["log"][0] == "chooser: practice scoring stopped (the scorer is gone)"


def test_other_work_runs_between_two_practice_queries(outcome: dict[str, Any]) -> None:
    order = case(outcome, "interleaved")["order"]
    assert order == ["practice", "page request", "practice", "practice"]


def test_the_practice_waits_before_it_starts(outcome: dict[str, Any]) -> None:
    (started,) = case(outcome, "delay")["started"]
    assert started >= 45  # delayMs 50; a timer may round a millisecond down
