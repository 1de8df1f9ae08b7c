"""Properties of the engine that hold for every input (hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from scorer import Knowledge, recommend
from scorer.scoring import evaluate
from tests.scorer.hypothesis_inputs import FAST, KNOWLEDGE, answers

VERDICTS = {"close-call", "consider-others", *(o.id for o in KNOWLEDGE.primaries)}


def importance() -> st.SearchStrategy[dict[str, float]]:
    engine = KNOWLEDGE.engine
    return st.dictionaries(
        st.sampled_from([c.id for c in KNOWLEDGE.criteria]),
        st.floats(engine.weight_min, engine.weight_max, allow_nan=False),
        max_size=5,
    )


def _valid(knowledge: Knowledge, verdict: str, alternative: str | None) -> bool:
    if verdict == "consider-others":
        return alternative in {o.id for o in knowledge.alternatives}
    return verdict in VERDICTS and alternative is None


@FAST
@given(answers(), importance())
def test_deterministic(chosen: dict[str, str], weights: dict[str, float]) -> None:
    assert recommend(KNOWLEDGE, chosen, weights) == recommend(
        KNOWLEDGE, dict(chosen), dict(weights)
    )


@FAST
@given(answers(), importance())
def test_every_input_gives_a_valid_recommendation(
    chosen: dict[str, str], weights: dict[str, float]
) -> None:
    result = recommend(KNOWLEDGE, chosen, weights)
    assert _valid(KNOWLEDGE, result.verdict, result.alternative)
    assert {result.leader, result.runner_up} == {o.id for o in KNOWLEDGE.primaries}
    assert result.margin >= 0
    for option in KNOWLEDGE.options:
        assert 0 <= result.fit[option.id] <= 100
    for flip in (*result.sensitivity, *result.robustness.flips):
        assert (flip.verdict, flip.alternative) != (result.verdict, result.alternative)


def test_every_answer_combination_gives_a_valid_verdict() -> None:
    """Exhaustive over all full answer sets (the core rule, without explanations)."""
    questions = KNOWLEDGE.questions
    count = 0
    for combo in itertools.product(*([o.id for o in q.options] for q in questions)):
        chosen = dict(zip((q.id for q in questions), combo, strict=True))
        outcome = evaluate(KNOWLEDGE, chosen, {})
        assert _valid(KNOWLEDGE, outcome.verdict, outcome.alternative)
        count += 1
    assert count > 1000


@FAST
@given(answers(), importance(), st.data())
def test_raising_a_weight_never_lowers_the_best_rated_option(
    chosen: dict[str, str], weights: dict[str, float], data: st.DataObject
) -> None:
    engine = KNOWLEDGE.engine
    criterion = data.draw(st.sampled_from(KNOWLEDGE.criteria))
    low = weights.get(criterion.id, engine.weight_default)
    high = data.draw(st.floats(low, engine.weight_max, allow_nan=False))
    before = recommend(KNOWLEDGE, chosen, {**weights, criterion.id: low})
    after = recommend(KNOWLEDGE, chosen, {**weights, criterion.id: high})
    top = max(KNOWLEDGE.rating(o.id, criterion.id).score for o in KNOWLEDGE.options)
    for option in KNOWLEDGE.options:
        if KNOWLEDGE.rating(option.id, criterion.id).score == top:
            assert after.scores[option.id] >= before.scores[option.id]
            # It also gains at least as much as any other option.
            gain = after.scores[option.id] - before.scores[option.id]
            for other in KNOWLEDGE.options:
                assert gain >= after.scores[other.id] - before.scores[other.id] - 1e-9


@FAST
@given(answers())
def test_answer_order_does_not_matter(chosen: dict[str, str]) -> None:
    reversed_answers = dict(reversed(list(chosen.items())))
    assert recommend(KNOWLEDGE, chosen) == recommend(KNOWLEDGE, reversed_answers)
