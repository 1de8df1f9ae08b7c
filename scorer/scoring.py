"""The scoring core: input checks, weights, scores and the verdict rule.

Scores are weighted *sums* of ratings, so raising a criterion's weight never
lowers any option's score (ratings are positive), and the option rated best
on a criterion gains the most from it. ``fit`` expresses a score as a
percentage of the maximum possible (every rating at the top of the scale),
and margins are differences of fit in percentage points, so thresholds do
not depend on how many questions were answered.

One argument counts once: criteria in an argument group (``[[groups]]`` in
the knowledge file) share a cap. When the answers give a group's criteria
more weight together than its cap, each is scaled by ``cap / total``, so
their proportions stay and their sum is the cap. The cap applies to what the
answers and baselines give, before the reader's importance sliders: a reader
who explicitly says a criterion matters more is taken at their word.

Verdict rule, in order:

1. No answers yet: ``close-call`` (the scores show the general comparison).
2. An alternative's fit beats both primaries by ``consider_others_margin``
   points or more: ``consider-others``, naming that alternative.
3. The primaries' fits differ by less than ``close_call_margin`` points:
   ``close-call`` (``leader`` tells which way it leans; an exact tie leans
   nowhere, and ``tie`` says so).
4. Otherwise the primary with the higher fit.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import InvalidWeightError, UnknownIdError
from .model import CLOSE_CALL, CONSIDER_OTHERS, Knowledge

__all__ = [
    "Outcome",
    "base_weights",
    "capped_weights",
    "check_answers",
    "check_importance",
    "effective_weights",
    "evaluate",
]

_TIE = 1e-9


@dataclass(frozen=True)
class Outcome:
    """Scores and verdict for one set of inputs (no explanations).

    Attributes:
        verdict: Option id, ``close-call`` or ``consider-others``.
        leader: Primary with the higher fit (the first primary on a tie).
        runner_up: The other primary.
        alternative: Alternative named by ``consider-others``, else None.
        scores: Option id -> weighted sum of ratings.
        fit: Option id -> score as a percentage of ``max_score``.
        margin: Fit points between leader and runner-up.
        max_score: Maximum possible score for these weights.
        weights: Criterion id -> effective weight.
        tie: Whether the primaries' scores are exactly equal.
    """

    verdict: str
    leader: str
    runner_up: str
    alternative: str | None
    scores: Mapping[str, float]
    fit: Mapping[str, float]
    margin: float
    max_score: float
    weights: Mapping[str, float]
    tie: bool = False


def check_answers(knowledge: Knowledge, answers: Mapping[str, str]) -> dict[str, str]:
    """Return the answers in question order, or raise on an unknown id.

    Raises:
        UnknownIdError: A question or an answer id is not in the knowledge.
    """
    known = {q.id for q in knowledge.questions}
    for question_id in answers:
        if question_id not in known:
            knowledge.question(question_id)  # raises with a suggestion
    result: dict[str, str] = {}
    for question in knowledge.questions:
        if question.id in answers:
            option_id = answers[question.id]
            if not isinstance(option_id, str):
                raise UnknownIdError(
                    "option",
                    repr(option_id),
                    [o.id for o in question.options],
                    f"question '{question.id}'",
                )
            question.option(option_id)
            result[question.id] = option_id
    return result


def check_importance(knowledge: Knowledge, weights: Mapping[str, float] | None) -> dict[str, float]:
    """Return importance weights in criterion order, or raise on bad input.

    Weights equal to the default are dropped, so equal inputs compare equal.

    Raises:
        UnknownIdError: A criterion id is not in the knowledge.
        InvalidWeightError: A weight is not a finite number in range.
    """
    engine = knowledge.engine
    weights = weights or {}
    known = {c.id for c in knowledge.criteria}
    for criterion_id in weights:
        if criterion_id not in known:
            knowledge.criterion(criterion_id)  # raises with a suggestion
    result: dict[str, float] = {}
    for criterion in knowledge.criteria:
        if criterion.id not in weights:
            continue
        value = weights[criterion.id]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not engine.weight_min <= value <= engine.weight_max
        ):
            raise InvalidWeightError(criterion.id, value, engine.weight_min, engine.weight_max)
        if float(value) != engine.weight_default:
            result[criterion.id] = float(value)
    return result


def base_weights(knowledge: Knowledge, answers: Mapping[str, str]) -> dict[str, float]:
    """Criterion id -> baseline plus what the answers add (before importance)."""
    base = {c.id: c.baseline for c in knowledge.criteria}
    for question in knowledge.questions:
        if question.id in answers:
            for criterion_id, weight in question.option(answers[question.id]).weights.items():
                base[criterion_id] += weight
    return base


def capped_weights(knowledge: Knowledge, base: Mapping[str, float]) -> dict[str, float]:
    """Apply each argument group's cap to base weights (see the module docstring)."""
    result = dict(base)
    for group in knowledge.groups:
        total = sum(base[criterion_id] for criterion_id in group.criteria)
        if total > group.cap:
            scale = group.cap / total
            for criterion_id in group.criteria:
                result[criterion_id] = base[criterion_id] * scale
    return result


def effective_weights(
    knowledge: Knowledge, answers: Mapping[str, str], importance: Mapping[str, float]
) -> dict[str, float]:
    """Criterion id -> (baseline + answer weights, capped per group) x importance."""
    default = knowledge.engine.weight_default
    return {
        criterion_id: weight * importance.get(criterion_id, default)
        for criterion_id, weight in _capped_for(knowledge, answers).items()
    }


def evaluate(
    knowledge: Knowledge, answers: Mapping[str, str], importance: Mapping[str, float]
) -> Outcome:
    """Score every option and apply the verdict rule to checked inputs.

    The result depends on nothing but the arguments, and the sensitivity
    analysis asks for the same inputs more than once (and a reader's next
    answer shares neighbours with the last), so recent outcomes are kept.

    Args:
        knowledge: The knowledge model.
        answers: Checked answers (see :func:`check_answers`).
        importance: Checked importance weights (see :func:`check_importance`).

    Returns:
        Scores, fit, margin and verdict.
    """
    memo = _memo(knowledge)
    key = (tuple(answers.items()), tuple(importance.items()))
    outcome = memo.outcomes.get(key)
    if outcome is None:
        outcome = _evaluate(knowledge, memo, answers, importance)
        _keep(memo.outcomes, key, outcome)
    return outcome


# ---------------------------------------------------------------------------
# Memory of one knowledge model: its ratings as rows, and recent results.

_KEPT = 2048  # results kept per kind before they are forgotten all at once
_MODELS_KEPT = 16


@dataclass(frozen=True)
class _Memo:
    """A knowledge model's ratings as rows, in criterion order, and recent results."""

    rows: Mapping[str, tuple[float, ...]]  # option id -> rating score per criterion
    primaries: tuple[str, str]
    alternatives: tuple[str, ...]
    # Answers (in the order given) -> capped weights: the weight-flip search
    # tries many importance values for the same answers.
    capped: dict[tuple[tuple[str, str], ...], dict[str, float]] = field(default_factory=dict)
    # (answers, importance), in the order given -> outcome.
    outcomes: dict[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, float], ...]], Outcome] = (
        field(default_factory=dict)
    )


# By id, with the model itself: an id alone could be reused by a later object.
_MEMOS: dict[int, tuple[Knowledge, _Memo]] = {}


def _keep(store: dict[Any, Any], key: Any, value: Any) -> None:
    if len(store) >= _KEPT:
        store.clear()
    store[key] = value


def _memo(knowledge: Knowledge) -> _Memo:
    kept = _MEMOS.get(id(knowledge))
    if kept is not None and kept[0] is knowledge:
        return kept[1]
    first, second = (o.id for o in knowledge.primaries)
    memo = _Memo(
        rows={
            option.id: tuple(
                float(knowledge.ratings[(option.id, criterion.id)].score)
                for criterion in knowledge.criteria
            )
            for option in knowledge.options
        },
        primaries=(first, second),
        alternatives=tuple(o.id for o in knowledge.alternatives),
    )
    if len(_MEMOS) >= _MODELS_KEPT:
        _MEMOS.clear()
    _MEMOS[id(knowledge)] = (knowledge, memo)
    return memo


def _capped_for(knowledge: Knowledge, answers: Mapping[str, str]) -> dict[str, float]:
    """capped_weights(base_weights(answers)), kept per answer set (do not modify)."""
    memo = _memo(knowledge)
    key = tuple(answers.items())
    capped = memo.capped.get(key)
    if capped is None:
        capped = capped_weights(knowledge, base_weights(knowledge, answers))
        _keep(memo.capped, key, capped)
    return capped


def _evaluate(
    knowledge: Knowledge, memo: _Memo, answers: Mapping[str, str], importance: Mapping[str, float]
) -> Outcome:
    engine = knowledge.engine
    weights = effective_weights(knowledge, answers, importance)  # in criterion order
    factors = tuple(weights.values())
    max_score = sum(factors) * engine.rating_max
    scores: dict[str, float] = {}
    fit: dict[str, float] = {}
    for option_id, row in memo.rows.items():
        score = sum(map(operator.mul, factors, row))
        scores[option_id] = score
        fit[option_id] = 100.0 * score / max_score if max_score > 0 else 0.0
    first, second = memo.primaries
    tie = abs(scores[first] - scores[second]) <= _TIE * max(1.0, max_score)
    leader, runner_up = (second, first) if fit[second] > fit[first] and not tie else (first, second)
    margin = 0.0 if tie else fit[leader] - fit[runner_up]
    alternative = None
    if answers and max_score > 0:
        best = max(memo.alternatives, key=fit.__getitem__)
        if fit[best] - fit[leader] >= engine.consider_others_margin:
            alternative = best
    if alternative is not None:
        verdict = CONSIDER_OTHERS
    elif not answers or max_score <= 0 or margin < engine.close_call_margin:
        verdict = CLOSE_CALL
    else:
        verdict = leader
    return Outcome(
        verdict=verdict,
        leader=leader,
        runner_up=runner_up,
        alternative=alternative,
        scores=MappingProxyType(scores),
        fit=MappingProxyType(fit),
        margin=margin,
        max_score=max_score,
        weights=MappingProxyType(weights),
        tie=tie,
    )
