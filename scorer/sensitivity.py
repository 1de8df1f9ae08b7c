"""Sensitivity analysis: which single change of input flips the verdict.

Two kinds of change are tried, one at a time, from the current inputs:

* an answer: every other answer to every question (an unanswered question
  counts as a change too);
* an importance weight: for each criterion that carries weight, the values on
  the engine's importance grid (``weight_min`` to ``weight_max`` by
  ``weight_step``), nearest first; the first one that flips is reported.

Weight flips are sorted by the size of the change, smallest first; answer
flips by how far they move the balance between the two primaries, smallest
first (the nearest alternatives come first in both lists).

Robustness asks a narrower question: of the *plausible* single changes (any
one answer, or any one importance slider moved by one step), how many flip
the verdict, and how small is the smallest? A change's size is its *shift*:
how far it moves the options' fits relative to each other (the largest fit
gain minus the largest fit loss, in points). The verdict is fragile when a
plausible change with a shift under ``fragile_shift`` flips it (the scores
barely move, yet the verdict changes), and a close call is always fragile:
it says the scores are too near to choose.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import CLOSE_CALL, FIRM, FRAGILE, Flip, Knowledge, Robustness
from .scoring import Outcome, base_weights, evaluate

__all__ = ["analyse", "robustness", "weight_grid"]


def weight_grid(knowledge: Knowledge) -> tuple[float, ...]:
    """Return the importance values a reader can pick, lowest first."""
    engine = knowledge.engine
    values = []
    steps = round((engine.weight_max - engine.weight_min) / engine.weight_step)
    for index in range(steps + 1):
        values.append(round(engine.weight_min + index * engine.weight_step, 6))
    if values[-1] < engine.weight_max:
        values.append(engine.weight_max)
    return tuple(values)


def _balance(knowledge: Knowledge, outcome: Outcome) -> float:
    """Signed fit difference first primary minus second primary."""
    first, second = (o.id for o in knowledge.primaries)
    return outcome.fit[first] - outcome.fit[second]


def _format_weight(value: float) -> str:
    return f"{value:g}"


def _shift(before: Outcome, after: Outcome) -> float:
    """Largest fit gain minus largest fit loss between two outcomes (points)."""
    moves = [after.fit[o] - before.fit[o] for o in before.fit]
    return max(moves) - min(moves)


def _flip(
    kind: str,
    target: str,
    before: str,
    after: str,
    current: Outcome,
    outcome: Outcome,
    change: float,
) -> Flip:
    return Flip(
        kind=kind,
        target=target,
        before=before,
        after=after,
        verdict=outcome.verdict,
        change=change,
        margin=outcome.margin,
        alternative=outcome.alternative,
        shift=_shift(current, outcome),
    )


def _flipped(current: Outcome, outcome: Outcome) -> bool:
    """The verdict differs, or a consider-others verdict names another alternative."""
    return (outcome.verdict, outcome.alternative) != (current.verdict, current.alternative)


def answer_flips(
    knowledge: Knowledge,
    answers: Mapping[str, str],
    importance: Mapping[str, float],
    current: Outcome,
) -> list[Flip]:
    """Every single answer change that changes the verdict."""
    flips = []
    balance = _balance(knowledge, current)
    for question in knowledge.questions:
        before = answers.get(question.id, "")
        for option in question.options:
            if option.id == before:
                continue
            changed = {**answers, question.id: option.id}
            outcome = evaluate(knowledge, changed, importance)
            if _flipped(current, outcome):
                change = abs(_balance(knowledge, outcome) - balance)
                flips.append(
                    _flip("answer", question.id, before, option.id, current, outcome, change)
                )
    flips.sort(key=lambda flip: flip.change)
    return flips


def weight_flips(
    knowledge: Knowledge,
    answers: Mapping[str, str],
    importance: Mapping[str, float],
    current: Outcome,
) -> list[Flip]:
    """For each criterion, the smallest importance change that changes the verdict."""
    default = knowledge.engine.weight_default
    base = base_weights(knowledge, answers)
    grid = weight_grid(knowledge)
    flips = []
    for criterion in knowledge.criteria:
        if base[criterion.id] <= 0:
            continue  # no importance can make a criterion with no weight count
        before = importance.get(criterion.id, default)
        for value in sorted(grid, key=lambda v: (abs(v - before), v)):
            if value == before:
                continue
            changed = {**importance, criterion.id: value}
            outcome = evaluate(knowledge, answers, changed)
            if _flipped(current, outcome):
                flips.append(
                    _flip(
                        "weight",
                        criterion.id,
                        _format_weight(before),
                        _format_weight(value),
                        current,
                        outcome,
                        abs(value - before),
                    )
                )
                break
    flips.sort(key=lambda flip: flip.change)
    return flips


def analyse(
    knowledge: Knowledge,
    answers: Mapping[str, str],
    importance: Mapping[str, float],
    current: Outcome,
) -> tuple[Flip, ...]:
    """Return the answer flips, then the weight flips, each smallest change first.

    Args:
        knowledge: The knowledge model.
        answers: Checked answers.
        importance: Checked importance weights.
        current: The outcome for exactly these inputs.

    Returns:
        The flips; empty when no single change alters the verdict.
    """
    return (
        *answer_flips(knowledge, answers, importance, current),
        *weight_flips(knowledge, answers, importance, current),
    )


def robustness(
    knowledge: Knowledge,
    answers: Mapping[str, str],
    importance: Mapping[str, float],
    current: Outcome,
) -> Robustness:
    """Count the plausible single changes that flip the verdict (see the module docstring).

    Args:
        knowledge: The knowledge model.
        answers: Checked answers.
        importance: Checked importance weights.
        current: The outcome for exactly these inputs.

    Returns:
        Firm or fragile, with the flipping changes, smallest shift first.
    """
    engine = knowledge.engine
    tried = 0
    flips = []
    for question in knowledge.questions:
        before = answers.get(question.id, "")
        for option in question.options:
            if option.id == before:
                continue
            tried += 1
            outcome = evaluate(knowledge, {**answers, question.id: option.id}, importance)
            if _flipped(current, outcome):
                change = abs(_balance(knowledge, outcome) - _balance(knowledge, current))
                flips.append(
                    _flip("answer", question.id, before, option.id, current, outcome, change)
                )
    base = base_weights(knowledge, answers)
    for criterion in knowledge.criteria:
        if base[criterion.id] <= 0:
            continue
        before_weight = importance.get(criterion.id, engine.weight_default)
        for step in (-engine.weight_step, engine.weight_step):
            value = round(before_weight + step, 6)
            if not engine.weight_min <= value <= engine.weight_max:
                continue
            tried += 1
            outcome = evaluate(knowledge, answers, {**importance, criterion.id: value})
            if _flipped(current, outcome):
                flips.append(
                    _flip(
                        "weight",
                        criterion.id,
                        _format_weight(before_weight),
                        _format_weight(value),
                        current,
                        outcome,
                        abs(step),
                    )
                )
    flips.sort(key=lambda flip: (flip.shift, flip.kind, flip.target, flip.after))
    fragile = current.verdict == CLOSE_CALL or any(
        flip.shift < engine.fragile_shift for flip in flips
    )
    return Robustness(
        level=FRAGILE if fragile else FIRM,
        tried=tried,
        flips=tuple(flips),
        threshold=engine.fragile_shift,
    )
