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
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import Flip, Knowledge
from .scoring import Outcome, base_weights, evaluate

__all__ = ["analyse", "weight_grid"]


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
            if outcome.verdict != current.verdict:
                flips.append(
                    Flip(
                        kind="answer",
                        target=question.id,
                        before=before,
                        after=option.id,
                        verdict=outcome.verdict,
                        change=abs(_balance(knowledge, outcome) - balance),
                        margin=outcome.margin,
                    )
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
            if outcome.verdict != current.verdict:
                flips.append(
                    Flip(
                        kind="weight",
                        target=criterion.id,
                        before=_format_weight(before),
                        after=_format_weight(value),
                        verdict=outcome.verdict,
                        change=abs(value - before),
                        margin=outcome.margin,
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
