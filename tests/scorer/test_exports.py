"""Exports: the JSON document and the MADR-shaped Markdown record."""

from __future__ import annotations

import datetime as dt
import json

from scorer import Knowledge, recommend, to_json, to_markdown


def test_json_has_the_cli_contract_keys_and_serialises(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "python", "ml": "core"}, {"deployment": 2})
    document = to_json(knowledge, result)
    assert document["verdict"] == "flask"
    assert set(document["scores"]) == {o.id for o in knowledge.options}
    assert document["reasons"] and {"criterion", "favours", "text", "section"} <= set(
        document["reasons"][0]
    )
    assert document["share"] == "v=1&a=ml.core,team.python&w=deployment.2"
    assert document["reviewed"] == "2026-12-01"
    assert json.loads(json.dumps(document)) == document


def test_json_sensitivity_entries(knowledge: Knowledge) -> None:
    document = to_json(knowledge, recommend(knowledge, {"team": "javascript", "ml": "core"}))
    assert document["verdict"] == "close-call"
    entry = document["sensitivity"][0]
    assert set(entry) == {
        "kind",
        "target",
        "before",
        "after",
        "verdict",
        "alternative",
        "outcome",
        "change",
        "shift",
        "margin",
        "text",
    }


def test_markdown_follows_madr(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "python", "traffic": "high", "realtime": "core"})
    text = to_markdown(knowledge, result)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:7] == [
        "# Backend stack: Consider FastAPI or Quart:"
        " it fits these needs better than Node.js or Flask",
        "## Context and Problem Statement",
        "## Decision Drivers",
        "## Considered Options",
        "## Decision Outcome",
        "### Robustness",
        "## Pros and Cons of the Options",
    ]
    assert "## What Would Change the Decision" in headings
    assert "Chosen option: **FastAPI or Quart**." in text
    assert "Because:" in text and "Against it:" in text
    assert "Consider FastAPI or Quart" in text
    assert "Python** " not in text and "**Python**" in text
    assert "Good, because" in text and "Bad, because" in text
    assert "(https://socket.io/docs/v4/)" in text  # sources are linked


def test_markdown_drivers_are_the_weighted_criteria(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"cpu": "heavy"}, {"ecosystem": 0})
    text = to_markdown(knowledge, result)
    drivers = text.split("## Decision Drivers")[1].split("## Considered Options")[0]
    assert drivers.strip().splitlines()[0].startswith("- CPU-bound work (weight 4)")
    assert "Ecosystem" not in drivers


def test_markdown_without_answers(knowledge: Knowledge) -> None:
    text = to_markdown(knowledge, recommend(knowledge, {}))
    assert "Nothing yet: no question was answered." in text
    assert "No verdict yet" in text
    # no verdict is claimed: the leader on the general criteria is named as such
    assert "No answers yet: on the general criteria alone" in text
    assert "Answer the questions for a verdict." in text
    assert "\nWhere Flask leads:\n" in text and "\nWhere the others lead:\n" in text
    assert "Because:" not in text and "Against it:" not in text
    robustness = text.split("### Robustness")[1].split("##")[0]
    assert robustness.strip().startswith("Open: ")
    assert "Note: " not in text


def test_markdown_header_has_date_and_versions(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "python", "ml": "core"})
    text = to_markdown(knowledge, result, date=dt.date(2026, 12, 1))
    header = text.split("## Context")[0]
    assert "- Status: proposed" in header
    assert "- Date: 2026-12-01" in header
    assert "- Versions reviewed: Node.js 26 (26.13), Express 5.3" in header
    assert "Flask 3.1.3" in header
    assert f"(ratings reviewed {knowledge.reviewed.isoformat()})" in header
    # each considered option's good and bad points carry their source
    pros = text.split("## Pros and Cons of the Options")[1].split("## What Would Change")[0]
    for option in knowledge.options:
        assert f"### {option.name}" in pros
    for line in pros.splitlines():
        if line.startswith("- "):
            assert line.startswith(("- Good, because", "- Bad, because", "- Neutral, because"))
            assert "](https://" in line


def test_markdown_robustness_sentence(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"traffic": "steady", "team": "python"})
    text = to_markdown(knowledge, result)
    robustness = text.split("### Robustness")[1].split("##")[0]
    assert robustness.strip().startswith("Fragile: ")
    assert "FastAPI or Quart" in robustness
