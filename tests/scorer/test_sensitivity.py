"""Sensitivity: every reported flip is real, minimal and sorted."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scorer import Flip, Knowledge, load_knowledge, recommend
from scorer.sensitivity import weight_grid
from scorer.wording import flip_text

KNOWLEDGE = load_knowledge()


def _apply(
    answers: dict[str, str], weights: dict[str, float], flip: Flip
) -> tuple[dict[str, str], dict[str, float]]:
    if flip.kind == "answer":
        return {**answers, flip.target: flip.after}, weights
    return answers, {**weights, flip.target: float(flip.after)}


def test_weight_grid_follows_the_engine_table(knowledge: Knowledge) -> None:
    assert weight_grid(knowledge) == (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)


def test_python_team_flips_to_nodejs_with_a_javascript_team(knowledge: Knowledge) -> None:
    answers = {"traffic": "steady", "ml": "core", "team": "python"}
    result = recommend(knowledge, answers)
    flips = {(f.target, f.after): f.verdict for f in result.sensitivity if f.kind == "answer"}
    assert result.verdict == "flask"
    assert flips[("team", "javascript")] in {"close-call", "nodejs"}


def test_a_stable_verdict_reports_no_weight_flip_for_unweighted_criteria(
    knowledge: Knowledge,
) -> None:
    result = recommend(knowledge, {"team": "javascript", "realtime": "core", "traffic": "high"})
    weighted = {c.id for c in knowledge.criteria if result.weights[c.id] > 0}
    assert {f.target for f in result.sensitivity if f.kind == "weight"} <= weighted


def test_flips_are_sorted_by_change(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"traffic": "high", "realtime": "core", "team": "python"})
    for kind in ("answer", "weight"):
        changes = [f.change for f in result.sensitivity if f.kind == kind]
        assert changes == sorted(changes)
    kinds = [f.kind for f in result.sensitivity]
    assert kinds == sorted(kinds)  # answers first, then weights


@settings(max_examples=25, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={q.id: st.sampled_from([o.id for o in q.options]) for q in KNOWLEDGE.questions},
    )
)
def test_every_flip_is_real_and_weight_flips_are_minimal(answers: dict[str, str]) -> None:
    result = recommend(KNOWLEDGE, answers)
    grid = weight_grid(KNOWLEDGE)
    for flip in result.sensitivity:
        new_answers, new_weights = _apply(answers, {}, flip)
        flipped = recommend(KNOWLEDGE, new_answers, new_weights)
        assert (flipped.verdict, flipped.alternative) == (flip.verdict, flip.alternative)
        assert (flip.verdict, flip.alternative) != (result.verdict, result.alternative)
        if flip.kind == "weight":
            before = float(flip.before)
            for value in grid:
                if abs(value - before) < flip.change and value != before:
                    same = recommend(KNOWLEDGE, answers, {flip.target: value})
                    assert (same.verdict, same.alternative) == (result.verdict, result.alternative)


def test_a_change_to_an_alternative_names_the_two_it_replaces(knowledge: Knowledge) -> None:
    answers = {"team": "python", "cpu": "heavy", "traffic": "high"}
    result = recommend(knowledge, answers)
    to_alternative = [f for f in result.sensitivity if f.verdict == "consider-others"]
    assert result.verdict == "flask" and to_alternative
    for flip in to_alternative:
        alternative = knowledge.option(flip.alternative or "").name
        assert flip_text(knowledge, flip).endswith(
            f" would make it {alternative} instead of Node.js or Flask."
        )
