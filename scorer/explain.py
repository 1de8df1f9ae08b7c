"""Explaining a verdict: what each criterion adds, points for and against.

Who is compared with whom:

* The *choice* is the option the verdict stands for: the verdict's primary,
  the alternative a ``consider-others`` verdict names, or the lean of a close
  call. An exact tie has no choice.
* Its *runner-up* is the best-fitting of the other options. The contribution
  chart compares the two (on a tie: the two primaries).
* **Reasons** are points for the choice, one per criterion at most: on each
  weighted criterion, its lead over the weakest of its rivals there (the
  other primaries and the runner-up). Every reason's ``favours`` is the choice.
* **Counterpoints** are points against the choice, one per criterion: on
  each weighted criterion, the other option that rates highest, if it rates
  higher than the choice. On a tie they are the points each way between
  the two primaries.
* A criterion where the choice beats one rival but trails another is said
  once, on the side with more weighted points (and not at all when they are
  equal), so "why" and "against it" never name the same criterion.

Every text here uses names, never ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .model import Contribution, Knowledge, Reason
from .scoring import Outcome, base_weights, capped_weights
from .wording import listed

__all__ = [
    "alternative_criteria",
    "choice_of",
    "compared_pair",
    "contributions",
    "counterpoints",
    "notes",
    "reasons",
]


def choice_of(outcome: Outcome) -> str | None:
    """The option the verdict stands for, or None on an exact tie."""
    if outcome.alternative is not None:
        return outcome.alternative
    if outcome.tie:
        return None
    return outcome.leader


def compared_pair(knowledge: Knowledge, outcome: Outcome) -> tuple[str, str]:
    """The choice and its runner-up (on a tie: the two primaries in order)."""
    choice = choice_of(outcome)
    if choice is None:
        return outcome.leader, outcome.runner_up
    others = [o.id for o in knowledge.options if o.id != choice]
    runner_up = max(others, key=lambda o: (outcome.fit[o], -others.index(o)))
    return choice, runner_up


def contributions(
    knowledge: Knowledge, outcome: Outcome, answers: Mapping[str, str]
) -> tuple[Contribution, ...]:
    """Per weighted criterion, what it adds to each option; biggest gap in the pair first."""
    left, right = compared_pair(knowledge, outcome)
    base = base_weights(knowledge, answers)
    capped = capped_weights(knowledge, base)
    result = []
    for criterion in knowledge.criteria:
        weight = outcome.weights[criterion.id]
        if weight <= 0:
            continue
        ratings = {o.id: knowledge.ratings[(o.id, criterion.id)].score for o in knowledge.options}
        points = {option_id: weight * score for option_id, score in ratings.items()}
        gap = points[left] - points[right]
        group = knowledge.group_of(criterion.id)
        result.append(
            Contribution(
                criterion=criterion.id,
                section=criterion.section,
                weight=weight,
                ratings=MappingProxyType(ratings),
                points=MappingProxyType(points),
                favours=left if gap > 0 else right if gap < 0 else None,
                gap=abs(gap),
                group=group.id if group else None,
                capped=capped[criterion.id] < base[criterion.id],
            )
        )
    result.sort(key=lambda c: (-c.gap, -c.weight))
    return tuple(result)


def _point(
    knowledge: Knowledge, criterion_id: str, winner: str, loser: str, weight: float
) -> Reason:
    criterion = knowledge.criterion(criterion_id)
    high = knowledge.ratings[(winner, criterion_id)]
    low = knowledge.ratings[(loser, criterion_id)]
    claim = (
        f"{criterion.name}: {knowledge.option(winner).name} {high.score} vs "
        f"{knowledge.option(loser).name} {low.score}"
    )
    return Reason(
        criterion=criterion_id,
        favours=winner,
        text=f"{claim}. {high.rationale}",
        section=criterion.section,
        against=loser,
        points=weight * (high.score - low.score),
    )


def _sorted(points: list[Reason]) -> tuple[Reason, ...]:
    return tuple(sorted(points, key=lambda r: -r.points))


def _rivals(knowledge: Knowledge, outcome: Outcome, choice: str) -> list[str]:
    _, runner_up = compared_pair(knowledge, outcome)
    primaries = [p.id for p in knowledge.primaries if p.id != choice]
    # the other primary first: on equal ratings a reason names it (the guide's question)
    return [*primaries, *([runner_up] if runner_up not in primaries else [])]


def _for_and_against(
    knowledge: Knowledge, outcome: Outcome, choice: str
) -> tuple[list[Reason], list[Reason]]:
    """Per weighted criterion, the point for the choice or the point against it.

    A criterion where the choice beats one rival but loses to another option
    goes to the side with more weighted points, and to neither when they are
    equal: each criterion is said once, on the side it really weighs.
    """
    rivals = _rivals(knowledge, outcome, choice)
    _, runner_up = compared_pair(knowledge, outcome)
    others = [runner_up, *(o.id for o in knowledge.options if o.id not in (choice, runner_up))]
    pros: list[Reason] = []
    cons: list[Reason] = []
    for criterion in knowledge.criteria:
        weight = outcome.weights[criterion.id]
        if weight <= 0:
            continue

        def rating(option_id: str, criterion_id: str = criterion.id) -> int:
            return knowledge.ratings[(option_id, criterion_id)].score

        weakest = min(rivals, key=rating)  # the rival it beats most here
        strongest = max(others, key=lambda o: (rating(o), -others.index(o)))
        lead = rating(choice) - rating(weakest)
        deficit = rating(strongest) - rating(choice)
        if lead > 0 and lead > deficit:
            pros.append(_point(knowledge, criterion.id, choice, weakest, weight))
        elif deficit > 0 and deficit > lead:
            cons.append(_point(knowledge, criterion.id, strongest, choice, weight))
    return pros, cons


def reasons(knowledge: Knowledge, outcome: Outcome) -> tuple[Reason, ...]:
    """Points for the choice, strongest first; none on a tie."""
    choice = choice_of(outcome)
    if choice is None:
        return ()
    return _sorted(_for_and_against(knowledge, outcome, choice)[0])


def counterpoints(knowledge: Knowledge, outcome: Outcome) -> tuple[Reason, ...]:
    """Points against the choice (on a tie: the points each way), strongest first."""
    choice = choice_of(outcome)
    if choice is not None:
        return _sorted(_for_and_against(knowledge, outcome, choice)[1])
    first, second = outcome.leader, outcome.runner_up
    result = []
    for criterion in knowledge.criteria:
        weight = outcome.weights[criterion.id]
        a = knowledge.ratings[(first, criterion.id)].score
        b = knowledge.ratings[(second, criterion.id)].score
        if weight > 0 and a != b:
            winner, loser = (first, second) if a > b else (second, first)
            result.append(_point(knowledge, criterion.id, winner, loser, weight))
    return _sorted(result)


def alternative_criteria(
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


def notes(
    knowledge: Knowledge, answers: Mapping[str, str], importance: Mapping[str, float]
) -> tuple[str, ...]:
    """Remarks on the input, in words a reader knows.

    A result with no answer needs no remark of its own: its label, summary
    and robustness sentence each say that there is no verdict yet.
    """
    result = []
    base = base_weights(knowledge, answers)
    base_capped = capped_weights(knowledge, base)
    for criterion_id, value in importance.items():
        if base[criterion_id] <= 0 and value > 0:
            name = knowledge.criterion(criterion_id).name
            result.append(
                f"The importance you gave {name} has no effect yet: none of your "
                "answers makes that criterion count."
            )
    for group in knowledge.groups:
        if any(base_capped[c] < base[c] for c in group.criteria):
            names = [knowledge.criterion(c).name for c in group.criteria if base[c] > 0]
            result.append(
                f"{listed(names)} carry one argument ({group.name}): together they count at "
                f"most {group.cap:g}, so each was scaled down in proportion."
            )
    return tuple(result)
