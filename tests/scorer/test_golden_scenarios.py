"""Golden scenarios from the brief's "How to choose" logic.

Each row is a situation the written guide discusses, the answers a reader
in that situation would give, and the verdict the guide argues for. When a
rating or a weight in knowledge.toml changes, these rows say whether the
chooser still agrees with the written guide.
"""

from __future__ import annotations

import pytest

from scorer import Knowledge, recommend

# (id, answers, verdict, alternative named by consider-others)
SCENARIOS = [
    (
        "chat-app-js-team",
        {"traffic": "high", "realtime": "core", "team": "javascript"},
        "nodejs",
        None,
    ),
    (
        "live-dashboard-mixed-team",
        {"traffic": "high", "realtime": "core", "team": "both"},
        "nodejs",
        None,
    ),
    (
        "microservices-js-team",
        {"traffic": "high", "size": "services", "team": "javascript"},
        "nodejs",
        None,
    ),
    (
        "microservices-growing-traffic",
        {"traffic": "high", "size": "services", "team": "both"},
        "nodejs",
        None,
    ),
    (
        "small-api-js-team",
        {"traffic": "low", "size": "small", "team": "javascript"},
        "nodejs",
        None,
    ),
    (
        "serverless-api-js-team",
        {"traffic": "steady", "deploy": "serverless", "team": "javascript"},
        "nodejs",
        None,
    ),
    (
        "model-serving-python-data-team",
        {"traffic": "steady", "ml": "core", "team": "python"},
        "flask",
        None,
    ),
    (
        "data-backend-python-team",
        {"traffic": "steady", "ml": "some", "team": "python", "size": "medium"},
        "flask",
        None,
    ),
    ("ml-workflows-mixed-team", {"ml": "core", "team": "both"}, "flask", None),
    (
        "internal-tool-python-team",
        {"traffic": "low", "size": "small", "team": "python"},
        "flask",
        None,
    ),
    (
        "internal-tool-mixed-team",
        {"traffic": "low", "size": "small", "team": "both"},
        "flask",
        None,
    ),
    (
        "first-backend-new-team",
        {"traffic": "low", "size": "small", "team": "neither"},
        "flask",
        None,
    ),
    ("cpu-heavy-processing", {"traffic": "steady", "cpu": "heavy", "team": "both"}, "flask", None),
    (
        "small-app-strict-dependencies",
        {"size": "small", "deps": "strict", "team": "both"},
        "flask",
        None,
    ),
    ("js-team-but-models-central", {"ml": "core", "team": "javascript"}, "close-call", None),
    (
        "python-team-real-time-at-scale",
        {"traffic": "high", "realtime": "core", "team": "python"},
        "consider-others",
        "fastapi-quart",
    ),
    (
        "python-team-high-concurrency-api",
        {"traffic": "high", "team": "python"},
        "consider-others",
        "fastapi-quart",
    ),
    (
        "python-team-large-app-wants-structure",
        {"size": "large", "structure": "built-in", "team": "python"},
        "consider-others",
        "django",
    ),
    ("no-answers-yet", {}, "close-call", None),
    ("growing-app-no-strong-needs", {"size": "medium", "team": "both"}, "close-call", None),
    ("strict-supply-chain-mixed-team", {"deps": "strict", "team": "both"}, "flask", None),
]


@pytest.mark.parametrize(
    ("answers", "verdict", "alternative"),
    [pytest.param(a, v, alt, id=name) for name, a, v, alt in SCENARIOS],
)
def test_scenario_verdict(
    knowledge: Knowledge, answers: dict[str, str], verdict: str, alternative: str | None
) -> None:
    result = recommend(knowledge, answers)
    assert (result.verdict, result.alternative) == (verdict, alternative), result.fit


def test_there_are_at_least_twelve_scenarios() -> None:
    assert len(SCENARIOS) >= 12
    assert len({name for name, *_ in SCENARIOS}) == len(SCENARIOS)


def test_consider_others_names_why(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"traffic": "high", "realtime": "core", "team": "python"})
    # With Node.js rated as Express (methodology: one framework per rating),
    # FastAPI's typed validation leads both primaries on API development; what
    # it keeps from each (team-python from Flask, real-time from Node.js) follows.
    assert set(result.alternative_criteria) == {"api-development"}
    assert {r.criterion for r in result.reasons} >= {"team-python", "real-time"}
    assert result.reasons[0].favours == "fastapi-quart"
    assert "FastAPI or Quart" in result.reasons[0].text


def test_structure_alternative_names_structure(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"size": "large", "structure": "built-in", "team": "python"})
    assert result.alternative_criteria[0] == "structure"
