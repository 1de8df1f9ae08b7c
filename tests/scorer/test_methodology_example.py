"""The worked example on the methodology page matches what the engine computes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scorer import Knowledge, recommend
from scorer.scoring import base_weights

PAGE = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
ANSWERS = {"traffic": "high", "realtime": "core", "team": "javascript"}


def _example() -> str:
    text = PAGE.read_text(encoding="utf-8")
    return text.split("**Worked example.**")[1].split("## ")[0]


def test_the_command_on_the_page_is_the_example() -> None:
    command = " ".join(f"-a {q}={a}" for q, a in ANSWERS.items())
    assert f"python -m scorer recommend {command}" in _example()


def test_each_row_matches_the_engine(knowledge: Knowledge) -> None:
    result = recommend(knowledge, ANSWERS)
    base = base_weights(knowledge, ANSWERS)
    rows = re.findall(
        r"^\| ([^|*]+?) \| (\d+) \| ([\d.]+) \| (\d) vs (\d) \| ([\d.]+) \|$", _example(), re.M
    )
    assert len(rows) == 3
    names = {c.name: c.id for c in knowledge.criteria}
    total = 0.0
    for name, given, capped, node, flask, gain in rows:
        criterion = names[name]
        assert base[criterion] == float(given)
        assert result.weights[criterion] == pytest.approx(float(capped))
        assert knowledge.rating("nodejs", criterion).score == int(node)
        assert knowledge.rating("flask", criterion).score == int(flask)
        points = result.weights[criterion] * (int(node) - int(flask))
        assert points == pytest.approx(float(gain))
        total += points
    assert f"**{total:.1f}**" in _example()


def test_the_outcome_sentence_matches(knowledge: Knowledge) -> None:
    result = recommend(knowledge, ANSWERS)
    text = " ".join(_example().split())
    assert f"fit {result.fit['nodejs']:.0f}% against {result.fit['flask']:.0f}%" in text
    robust = result.robustness
    assert robust.level == "firm" and len(robust.flips) == 1
    assert f"of {robust.tried} plausible single changes, only switching the team" in text
    assert (robust.flips[0].target, robust.flips[0].alternative) == ("team", "fastapi-quart")
