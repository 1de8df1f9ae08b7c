"""The browser bridge: JSON-ready dicts, never an exception for user input."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scorer import Knowledge, api


def test_questions_describe_the_form(knowledge: Knowledge) -> None:
    form = api.questions()
    assert [q["id"] for q in form["questions"]] == [q.id for q in knowledge.questions]
    first = form["questions"][0]
    assert {"id", "prompt", "help", "options"} <= set(first)
    assert {"id", "label"} <= set(first["options"][0])
    assert form["weights"] == {
        "min": 0.0,
        "max": 3.0,
        "default": 1.0,
        "step": 0.5,
        "grid": [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
    }
    assert json.loads(json.dumps(form)) == form


def test_evaluate_empty_query_is_a_neutral_close_call() -> None:
    result = api.evaluate("")
    assert result["recommendation"]["verdict"] == "close-call"
    assert result["problems"] == []
    assert result["share"] == "v=1"
    assert result["answers"] == {} and result["weights"] == {}
    assert result["recommendation"]["summary"].startswith("No answers yet")
    assert result["recommendation"]["notes"] == []


def test_evaluate_returns_everything_the_page_shows() -> None:
    result = api.evaluate("?v=1&a=team.python,ml.core,tem.x&w=deployment.2")
    assert set(result) == {
        "recommendation",
        "markdown",
        "share",
        "problems",
        "answers",
        "weights",
        "outcome",
        "path",
        "url",
        "wiki",
    }
    assert result["recommendation"]["verdict"] == "flask"
    assert (result["outcome"], result["path"], result["url"]) == ("flask", "chooser/flask/", None)
    assert result["share"] == "v=1&a=ml.core,team.python&w=deployment.2"
    assert result["problems"] == ["unknown question 'tem' dropped (did you mean 'team'?)"]
    assert result["markdown"].startswith("# Backend stack")
    assert json.loads(json.dumps(result)) == result


def test_evaluate_reports_internal_failure_instead_of_raising(knowledge: Knowledge) -> None:
    broken = knowledge.__class__(**{**knowledge.__dict__, "options": ()})
    result = api.evaluate("a=team.python", broken)
    assert result["recommendation"] is None
    assert result["error"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_evaluate_never_raises(text: str) -> None:
    result = api.evaluate(text)
    assert "error" not in result
    assert result["recommendation"]["verdict"]
