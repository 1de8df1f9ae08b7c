"""The decision engine: answers and importance weights in, Recommendation out.

:func:`recommend` checks its input (unknown ids raise
:class:`~scorer.errors.UnknownIdError` with a suggestion), scores the options
(see :mod:`scorer.scoring` for the rule), explains the result criterion by
criterion and runs the sensitivity analysis.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .model import CONSIDER_OTHERS, Contribution, Knowledge, Reason, Recommendation
from .scoring import Outcome, base_weights, check_answers, check_importance, evaluate
from .sensitivity import analyse

__all__ = ["recommend"]


def _contributions(knowledge: Knowledge, outcome: Outcome) -> tuple[Contribution, ...]:
    first, second = (o.id for o in knowledge.primaries)
    result = []
    for criterion in knowledge.criteria:
        weight = outcome.weights[criterion.id]
        if weight <= 0:
            continue
        ratings = {o.id: knowledge.ratings[(o.id, criterion.id)].score for o in knowledge.options}
        points = {option_id: weight * score for option_id, score in ratings.items()}
        gap = points[first] - points[second]
        favours = first if gap > 0 else second if gap < 0 else None
        result.append(
            Contribution(
                criterion=criterion.id,
                section=criterion.section,
                weight=weight,
                ratings=MappingProxyType(ratings),
                points=MappingProxyType(points),
                favours=favours,
                gap=abs(gap),
            )
        )
    result.sort(key=lambda c: (-c.gap, -c.weight))
    return tuple(result)


def _alternative_criteria(
    knowledge: Knowledge, outcome: Outcome, alternative: str
) -> tuple[str, ...]:
    """Why an alternative is named: the criteria where it gains most.

    First the weighted criteria where it beats both primaries (largest
    weighted lead first), then, for each primary it beats on no such
    criterion, the criterion where it gains most over that primary.
    """

    def rating(option_id: str, criterion_id: str) -> int:
        return knowledge.ratings[(option_id, criterion_id)].score

    weighted = [c.id for c in knowledge.criteria if outcome.weights[c.id] > 0]
    primaries = [p.id for p in knowledge.primaries]
    both = {
        c: outcome.weights[c] * (rating(alternative, c) - max(rating(p, c) for p in primaries))
        for c in weighted
    }
    result = sorted((c for c, gain in both.items() if gain > 0), key=lambda c: -both[c])
    for primary in primaries:
        gains = {
            c: outcome.weights[c] * (rating(alternative, c) - rating(primary, c)) for c in weighted
        }
        if any(gains[c] > 0 for c in result):
            continue
        best = max(gains, key=lambda c: gains[c], default=None)
        if best is not None and gains[best] > 0 and best not in result:
            result.append(best)
    return tuple(result)


def _reasons(
    knowledge: Knowledge,
    outcome: Outcome,
    contributions: tuple[Contribution, ...],
    alternative_criteria: tuple[str, ...],
) -> tuple[Reason, ...]:
    reasons = []
    if outcome.alternative is not None:
        alt = knowledge.option(outcome.alternative)
        for criterion_id in alternative_criteria:
            criterion = knowledge.criterion(criterion_id)
            rating = knowledge.ratings[(alt.id, criterion_id)]
            others = ", ".join(
                f"{p.name} {knowledge.ratings[(p.id, criterion_id)].score}"
                for p in knowledge.primaries
            )
            reasons.append(
                Reason(
                    criterion=criterion_id,
                    favours=alt.id,
                    text=f"{criterion.name}: {alt.name} rates {rating.score} ({others}). "
                    f"{rating.rationale}",
                    section=criterion.section,
                )
            )
    for contribution in contributions:
        if contribution.favours is None:
            continue
        criterion = knowledge.criterion(contribution.criterion)
        winner = knowledge.option(contribution.favours)
        loser = next(p for p in knowledge.primaries if p.id != winner.id)
        rating = knowledge.ratings[(winner.id, criterion.id)]
        reasons.append(
            Reason(
                criterion=criterion.id,
                favours=winner.id,
                text=f"{criterion.name}: {winner.name} {rating.score} vs {loser.name} "
                f"{contribution.ratings[loser.id]}. {rating.rationale}",
                section=criterion.section,
            )
        )
    return tuple(reasons)


def _notes(
    knowledge: Knowledge, answers: Mapping[str, str], importance: Mapping[str, float]
) -> tuple[str, ...]:
    notes = []
    if not answers:
        notes.append(
            "No answers yet: the scores show the general comparison, and the verdict "
            "stays a close call until you answer at least one question."
        )
    base = base_weights(knowledge, answers)
    for criterion_id, value in importance.items():
        if base[criterion_id] <= 0 and value > 0:
            notes.append(
                f"The importance of '{criterion_id}' has no effect yet: none of your "
                "answers makes that criterion count."
            )
    return tuple(notes)


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
    contributions = _contributions(knowledge, outcome)
    alternative_criteria = (
        _alternative_criteria(knowledge, outcome, outcome.alternative)
        if outcome.verdict == CONSIDER_OTHERS and outcome.alternative is not None
        else ()
    )
    return Recommendation(
        verdict=outcome.verdict,
        leader=outcome.leader,
        runner_up=outcome.runner_up,
        alternative=outcome.alternative,
        alternative_criteria=alternative_criteria,
        scores=outcome.scores,
        fit=outcome.fit,
        margin=outcome.margin,
        max_score=outcome.max_score,
        weights=outcome.weights,
        contributions=contributions,
        reasons=_reasons(knowledge, outcome, contributions, alternative_criteria),
        sensitivity=analyse(knowledge, checked, importance, outcome),
        answers=MappingProxyType(checked),
        importance=MappingProxyType(importance),
        notes=_notes(knowledge, checked, importance),
    )
