"""Properties of the contract: one argument counts once, honest points, ties, robustness."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorer import recommend
from scorer.scoring import base_weights, capped_weights
from tests.scorer.hypothesis_inputs import FAST, KNOWLEDGE, answers


def importance() -> st.SearchStrategy[dict[str, float]]:
    grid = [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    return st.dictionaries(
        st.sampled_from([c.id for c in KNOWLEDGE.criteria]), st.sampled_from(grid), max_size=4
    )


def test_the_groups_in_the_data() -> None:
    groups = {g.id: set(g.criteria) for g in KNOWLEDGE.groups}
    assert groups["event-loop"] == {"performance", "scalability", "real-time"}
    assert groups["team-language"] == {"team-javascript", "team-python", "learning-curve"}


@FAST
@given(answers())
def test_a_group_never_carries_more_than_its_cap(chosen: dict[str, str]) -> None:
    base = base_weights(KNOWLEDGE, chosen)
    capped = capped_weights(KNOWLEDGE, base)
    for group in KNOWLEDGE.groups:
        total = sum(base[c] for c in group.criteria)
        assert sum(capped[c] for c in group.criteria) == pytest.approx(min(total, group.cap))
        for criterion_id in group.criteria:  # proportions are kept
            if total > 0:
                assert capped[criterion_id] * total == pytest.approx(
                    base[criterion_id] * min(total, group.cap)
                )
    grouped = {c for g in KNOWLEDGE.groups for c in g.criteria}
    for criterion in KNOWLEDGE.criteria:
        if criterion.id not in grouped:
            assert capped[criterion.id] == base[criterion.id]


@FAST
@given(answers(), importance())
def test_importance_applies_after_the_cap(
    chosen: dict[str, str], weights: dict[str, float]
) -> None:
    result = recommend(KNOWLEDGE, chosen, weights)
    capped = capped_weights(KNOWLEDGE, base_weights(KNOWLEDGE, chosen))
    for criterion in KNOWLEDGE.criteria:
        factor = weights.get(criterion.id, KNOWLEDGE.engine.weight_default)
        assert result.weights[criterion.id] == pytest.approx(capped[criterion.id] * factor)


@FAST
@given(answers(), importance())
def test_reasons_favour_the_choice_once_per_criterion(
    chosen: dict[str, str], weights: dict[str, float]
) -> None:
    result = recommend(KNOWLEDGE, chosen, weights)
    reasons = [r.criterion for r in result.reasons]
    assert len(reasons) == len(set(reasons))
    assert len(result.counterpoints) == len({c.criterion for c in result.counterpoints})
    if result.verdict == "consider-others":
        assert result.choice == result.alternative
    elif result.verdict != "close-call":
        assert result.choice == result.verdict
    for reason in result.reasons:
        assert reason.favours == result.choice
        assert reason.points > 0 and result.weights[reason.criterion] > 0
    for point in result.counterpoints:
        assert point.favours != result.choice and point.points > 0
        if result.choice is not None:
            assert point.against == result.choice
    points = [r.points for r in result.reasons]
    assert points == sorted(points, reverse=True)
    # each criterion is said once: never both for and against
    assert not set(reasons) & {c.criterion for c in result.counterpoints}


@FAST
@given(answers(), importance())
def test_a_tie_never_leans(chosen: dict[str, str], weights: dict[str, float]) -> None:
    result = recommend(KNOWLEDGE, chosen, weights)
    first, second = (o.id for o in KNOWLEDGE.primaries)
    equal = result.scores[first] == pytest.approx(result.scores[second], abs=1e-9)
    assert result.tie == equal
    if result.tie:
        assert result.margin == 0
        if result.verdict == "close-call":
            assert result.choice is None and result.reasons == ()


@FAST
@given(answers(), importance())
def test_robustness_counts_real_flips(chosen: dict[str, str], weights: dict[str, float]) -> None:
    result = recommend(KNOWLEDGE, chosen, weights)
    robust = result.robustness
    assert robust.level in {"firm", "fragile"}
    assert 0 <= len(robust.flips) <= robust.tried
    shifts = [f.shift for f in robust.flips]
    assert shifts == sorted(shifts)
    fragile = result.verdict == "close-call" or any(
        s < KNOWLEDGE.engine.fragile_shift for s in shifts
    )
    assert robust.level == ("fragile" if fragile else "firm")
    for flip in robust.flips[:3]:
        if flip.kind == "answer":
            again = recommend(KNOWLEDGE, {**chosen, flip.target: flip.after}, weights)
        else:
            again = recommend(KNOWLEDGE, chosen, {**weights, flip.target: float(flip.after)})
            assert abs(float(flip.after) - float(flip.before)) == KNOWLEDGE.engine.weight_step
        assert (again.verdict, again.alternative) == (flip.verdict, flip.alternative)
        assert (again.verdict, again.alternative) != (result.verdict, result.alternative)


def test_contributions_compare_the_verdict_with_its_runner_up() -> None:
    result = recommend(KNOWLEDGE, {"traffic": "high", "realtime": "core", "team": "python"})
    assert result.compared == ("fastapi-quart", "flask")
    for contribution in result.contributions:
        left, right = (contribution.ratings[o] for o in result.compared)
        assert contribution.gap == pytest.approx(contribution.weight * abs(left - right))
        expected = None if left == right else result.compared[0 if left > right else 1]
        assert contribution.favours == expected
