"""The decision engine: answers and importance weights in, Recommendation out.

:func:`recommend` checks its input (unknown ids raise
:class:`~scorer.errors.UnknownIdError` with a suggestion), scores the options
(see :mod:`scorer.scoring` for the rule), explains the result criterion by
criterion (:mod:`scorer.explain`) and runs the sensitivity analysis.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from . import explain
from .model import CONSIDER_OTHERS, Knowledge, Recommendation
from .scoring import check_answers, check_importance, evaluate
from .sensitivity import analyse, robustness

__all__ = ["recommend"]


def recommend(
    knowledge: Knowledge,
    answers: Mapping[str, str],
    weights: Mapping[str, float] | None = None,
) -> Recommendation:
    """Score the options for a reader's answers and explain the verdict.

    Args:
        knowledge: The knowledge model (see :func:`scorer.load_knowledge`).
        answers: Question id -> answer id; unanswered questions are left out.
        weights: Optional criterion id -> importance (default 1; 0 ignores it).

    Returns:
        The recommendation, with scores, reasons and sensitivity.

    Raises:
        UnknownIdError: A question, answer or criterion id is unknown.
        InvalidWeightError: A weight is not a number in the allowed range.
    """
    checked = check_answers(knowledge, answers)
    importance = check_importance(knowledge, weights)
    outcome = evaluate(knowledge, checked, importance)
    alternative_criteria = (
        explain.alternative_criteria(knowledge, outcome, outcome.alternative)
        if outcome.verdict == CONSIDER_OTHERS and outcome.alternative is not None
        else ()
    )
    return Recommendation(
        verdict=outcome.verdict,
        leader=outcome.leader,
        runner_up=outcome.runner_up,
        tie=outcome.tie,
        choice=explain.choice_of(outcome),
        compared=explain.compared_pair(knowledge, outcome),
        alternative=outcome.alternative,
        alternative_criteria=alternative_criteria,
        scores=outcome.scores,
        fit=outcome.fit,
        margin=outcome.margin,
        max_score=outcome.max_score,
        weights=outcome.weights,
        contributions=explain.contributions(knowledge, outcome, checked),
        reasons=explain.reasons(knowledge, outcome),
        counterpoints=explain.counterpoints(knowledge, outcome),
        robustness=robustness(knowledge, checked, importance, outcome),
        sensitivity=analyse(knowledge, checked, importance, outcome),
        answers=MappingProxyType(checked),
        importance=MappingProxyType(importance),
        notes=explain.notes(knowledge, checked, importance),
    )
