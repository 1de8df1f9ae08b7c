"""Frozen data types: the knowledge model and the recommendation.

The knowledge types mirror ``knowledge.toml`` one to one; ``knowledge.py``
builds them after validation, so code that holds a :class:`Knowledge` can
trust every id in it. The result types are what the engine returns and what
the exports turn into Markdown and JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import UnknownIdError

__all__ = [
    "Contribution",
    "Criterion",
    "EngineSettings",
    "Flip",
    "Group",
    "Knowledge",
    "Option",
    "Question",
    "QuestionOption",
    "Rating",
    "Reason",
    "Recommendation",
    "Robustness",
    "SharedState",
    "VersionEntry",
]

PRIMARY = "primary"
ALTERNATIVE = "alternative"
CLOSE_CALL = "close-call"
CONSIDER_OTHERS = "consider-others"
FIRM = "firm"
FRAGILE = "fragile"


@dataclass(frozen=True)
class Option:
    """A backend stack the guide compares.

    Attributes:
        id: Stable kebab-case id, e.g. ``"nodejs"``.
        name: Display name, e.g. ``"Node.js"``.
        kind: ``"primary"`` (the two compared) or ``"alternative"``.
        summary: One line: what the option is.
        description: A few sentences, e.g. what the option includes.
        versions: The releases its ratings hold for, unless a rating says otherwise.
        url: The option's primary documentation.
    """

    id: str
    name: str
    kind: str
    summary: str
    description: str
    versions: str
    url: str

    @property
    def is_primary(self) -> bool:
        """Whether this is one of the two options the guide compares."""
        return self.kind == PRIMARY


@dataclass(frozen=True)
class Criterion:
    """Something a backend choice is judged on.

    Attributes:
        id: Stable kebab-case id, e.g. ``"real-time"``.
        name: Display name.
        description: What a high rating means.
        section: Site path (relative to the root, with anchor) that explains it.
        verdict: Who wins on it and under what condition, in one line.
        baseline: Weight the criterion carries before any answer.
    """

    id: str
    name: str
    description: str
    section: str
    verdict: str
    baseline: float


@dataclass(frozen=True)
class Group:
    """Criteria that carry one underlying argument, so they count once together.

    Attributes:
        id: Stable kebab-case id, e.g. ``"event-loop"``.
        name: Display name, e.g. ``"Event-loop concurrency"``.
        description: The one argument its criteria share.
        cap: Most weight the group's criteria carry together from the answers
            (before importance); above it they are scaled down in proportion.
        criteria: Criterion ids in the group (each criterion in one group at most).
    """

    id: str
    name: str
    description: str
    cap: float
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Rating:
    """How well one option does on one criterion.

    Attributes:
        option: Option id.
        criterion: Criterion id.
        score: Integer from the engine's rating range (1 to 5).
        rationale: One line, in our own words.
        source_url: Primary documentation the rating rests on.
        source_title: Title of that page.
        versions: The releases the rating holds for.
        reviewed: When the rating was last checked.
    """

    option: str
    criterion: str
    score: int
    rationale: str
    source_url: str
    source_title: str
    versions: str
    reviewed: dt.date


@dataclass(frozen=True)
class QuestionOption:
    """One answer a reader can give to a question.

    Attributes:
        id: Stable kebab-case id, unique within its question.
        label: What the reader sees.
        weights: Criterion id -> weight this answer adds.
    """

    id: str
    label: str
    weights: Mapping[str, float]


@dataclass(frozen=True)
class Question:
    """A question the chooser asks.

    Attributes:
        id: Stable kebab-case id (it goes into share links).
        prompt: The question as the reader sees it.
        help: One line of help under the question.
        options: The possible answers, in display order.
    """

    id: str
    prompt: str
    help: str
    options: tuple[QuestionOption, ...]

    def option(self, option_id: str) -> QuestionOption:
        """Return the answer with this id.

        Raises:
            UnknownIdError: No answer of this question has that id.
        """
        for option in self.options:
            if option.id == option_id:
                return option
        raise UnknownIdError(
            "option", option_id, [o.id for o in self.options], f"question '{self.id}'"
        )


@dataclass(frozen=True)
class VersionEntry:
    """A release the comparison holds for (methodology page).

    Attributes:
        name: Project name, e.g. ``"Node.js"``.
        version: Version or release line, e.g. ``"26 LTS (26.13)"``.
        status: Support status on the review date.
        source_url: Where the version was checked.
        source_title: Title of that page.
    """

    name: str
    version: str
    status: str
    source_url: str
    source_title: str


@dataclass(frozen=True)
class EngineSettings:
    """Thresholds and ranges the engine uses (the ``[engine]`` table).

    Attributes:
        rating_min: Lowest rating.
        rating_max: Highest rating.
        weight_min: Lowest importance weight a reader may set.
        weight_max: Highest importance weight.
        weight_default: Importance of a criterion the reader left alone.
        weight_step: Step of the importance control (sensitivity searches on it).
        close_call_margin: Fit points (percent of the maximum) under which the
            two primaries are a close call.
        consider_others_margin: Fit points by which an alternative must beat
            both primaries to be recommended instead.
        fragile_shift: A verdict is fragile when one plausible change that moves
            the fits by less than this many points (relative to each other) flips it.
    """

    rating_min: int
    rating_max: int
    weight_min: float
    weight_max: float
    weight_default: float
    weight_step: float
    close_call_margin: float
    consider_others_margin: float
    fragile_shift: float


@dataclass(frozen=True)
class Knowledge:
    """Everything the guide knows, validated.

    Attributes:
        title: Title of the comparison.
        reviewed: Date the knowledge as a whole was reviewed.
        engine: Engine thresholds.
        options: Options in display order (primaries first).
        criteria: Criteria in display order.
        groups: Argument groups (criteria that count once together).
        ratings: (option id, criterion id) -> rating, complete.
        questions: Questions in display order.
        versions: Releases compared.
        source: Where the knowledge was read from.
    """

    title: str
    reviewed: dt.date
    engine: EngineSettings
    options: tuple[Option, ...]
    criteria: tuple[Criterion, ...]
    groups: tuple[Group, ...]
    ratings: Mapping[tuple[str, str], Rating]
    questions: tuple[Question, ...]
    versions: tuple[VersionEntry, ...]
    source: str

    def option(self, option_id: str) -> Option:
        """Return the option with this id.

        Raises:
            UnknownIdError: No option has that id.
        """
        for option in self.options:
            if option.id == option_id:
                return option
        raise UnknownIdError("option", option_id, [o.id for o in self.options])

    def criterion(self, criterion_id: str) -> Criterion:
        """Return the criterion with this id.

        Raises:
            UnknownIdError: No criterion has that id.
        """
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise UnknownIdError("criterion", criterion_id, [c.id for c in self.criteria])

    def question(self, question_id: str) -> Question:
        """Return the question with this id.

        Raises:
            UnknownIdError: No question has that id.
        """
        for question in self.questions:
            if question.id == question_id:
                return question
        raise UnknownIdError("question", question_id, [q.id for q in self.questions])

    def group_of(self, criterion_id: str) -> Group | None:
        """Return the argument group a criterion belongs to, or None."""
        for group in self.groups:
            if criterion_id in group.criteria:
                return group
        return None

    def rating(self, option_id: str, criterion_id: str) -> Rating:
        """Return the rating of an option on a criterion.

        Raises:
            UnknownIdError: The option or the criterion is unknown.
        """
        self.option(option_id)
        self.criterion(criterion_id)
        return self.ratings[(option_id, criterion_id)]

    @property
    def primaries(self) -> tuple[Option, ...]:
        """The two options the guide compares."""
        return tuple(o for o in self.options if o.is_primary)

    @property
    def alternatives(self) -> tuple[Option, ...]:
        """The options to consider when neither primary fits."""
        return tuple(o for o in self.options if not o.is_primary)

    def advantages(self, option_id: str) -> dict[str, tuple[str, ...]]:
        """Where an option rates higher than each primary (for "beyond both" tables).

        Args:
            option_id: Usually an alternative's id.

        Returns:
            Primary id -> criterion ids where ``option_id`` rates higher,
            largest difference first (ties in criterion order). A criterion
            in every list is one where the option beats both primaries.

        Raises:
            UnknownIdError: The option is unknown.
        """
        self.option(option_id)
        result: dict[str, tuple[str, ...]] = {}
        for primary in self.primaries:
            if primary.id == option_id:
                continue
            diffs = {
                c.id: self.ratings[(option_id, c.id)].score - self.ratings[(primary.id, c.id)].score
                for c in self.criteria
            }
            ahead = [c.id for c in self.criteria if diffs[c.id] > 0]
            result[primary.id] = tuple(sorted(ahead, key=lambda c: -diffs[c]))
        return result


@dataclass(frozen=True)
class Contribution:
    """What one criterion adds to each option's score.

    Attributes:
        criterion: Criterion id.
        section: Site section that explains it.
        weight: Effective weight (answers and baseline, capped within its
            group, times importance).
        ratings: Option id -> rating on this criterion.
        points: Option id -> weight x rating.
        favours: Option id of the better-rated of the compared pair
            (``Recommendation.compared``), or None when they rate the same.
        gap: Points the favoured option gains over the other one of the pair.
        group: Id of the criterion's argument group, or None.
        capped: Whether the group's cap scaled this weight down.
    """

    criterion: str
    section: str
    weight: float
    ratings: Mapping[str, int]
    points: Mapping[str, float]
    favours: str | None
    gap: float
    group: str | None = None
    capped: bool = False


@dataclass(frozen=True)
class Reason:
    """One point for or against an option, tied to a criterion and its section.

    Attributes:
        criterion: Criterion id.
        favours: Option id this point speaks for.
        text: The point in words (names, never ids).
        section: Site section that explains it.
        against: Option id it is weighed against.
        points: Weighted lead of ``favours`` over ``against`` on this criterion.
    """

    criterion: str
    favours: str
    text: str
    section: str
    against: str = ""
    points: float = 0.0


@dataclass(frozen=True)
class Flip:
    """A single change of input that would change the verdict.

    Attributes:
        kind: ``"answer"`` or ``"weight"``.
        target: Question id (answer) or criterion id (weight).
        before: Current answer id ("" when unanswered) or weight.
        after: Answer id or weight that flips the verdict.
        verdict: The verdict after the change.
        change: Size of the change: for a weight, the absolute difference;
            for an answer, the fit points the leading primary's lead moves.
        margin: The margin after the change.
        alternative: The alternative named when ``verdict`` is ``consider-others``.
        shift: How far the change moves the fits relative to each other
            (largest fit gain minus largest fit loss, in points).
    """

    kind: str
    target: str
    before: str
    after: str
    verdict: str
    change: float
    margin: float
    alternative: str | None = None
    shift: float = 0.0


@dataclass(frozen=True)
class Robustness:
    """How firm a verdict is against single plausible changes of input.

    Plausible changes: any one answer changed (or a skipped question
    answered), or any one importance slider moved by one step.

    Attributes:
        level: ``"firm"`` or ``"fragile"``.
        tried: How many plausible single changes were tried.
        flips: Those that change the verdict, smallest shift first.
        threshold: The engine's ``fragile_shift``.
    """

    level: str
    tried: int
    flips: tuple[Flip, ...]
    threshold: float

    @property
    def smallest(self) -> Flip | None:
        """The plausible change with the smallest shift that flips the verdict."""
        return self.flips[0] if self.flips else None


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer.

    Attributes:
        verdict: An option id, ``"close-call"`` or ``"consider-others"``.
        leader: The primary with the higher score (the first primary on a tie).
        runner_up: The other primary.
        tie: Whether the two primaries' scores are exactly equal (no lean).
        choice: The option the verdict stands for: the verdict's primary, the
            named alternative, or the lean of a close call; None on a tie.
        compared: The pair the contributions compare: the choice (or the
            leader on a tie) and its runner-up among the other options.
        alternative: The alternative named by ``consider-others``, else None.
        alternative_criteria: Criteria where that alternative is rated above both
            primaries, largest weighted lead first; then, for a primary it beats on
            none of them, the criterion where it gains most over that one.
        scores: Option id -> weighted sum of ratings.
        fit: Option id -> score as a percentage of the maximum possible.
        margin: Fit points between the two primaries.
        max_score: The maximum possible score for these weights.
        weights: Criterion id -> effective weight.
        contributions: Per criterion, biggest gap first.
        reasons: Points for the choice, strongest first, one per criterion.
        counterpoints: Points against the choice (or, on a tie, each way),
            strongest first, one per criterion, each naming the option it favours.
        robustness: How firm the verdict is.
        sensitivity: Single changes that flip the verdict, smallest first.
        answers: The answers used (question id -> option id).
        importance: The importance weights used (criterion id -> weight).
        notes: Remarks on the input (e.g. a weight with no effect).
    """

    verdict: str
    leader: str
    runner_up: str
    tie: bool
    choice: str | None
    compared: tuple[str, str]
    alternative: str | None
    alternative_criteria: tuple[str, ...]
    scores: Mapping[str, float]
    fit: Mapping[str, float]
    margin: float
    max_score: float
    weights: Mapping[str, float]
    contributions: tuple[Contribution, ...]
    reasons: tuple[Reason, ...]
    counterpoints: tuple[Reason, ...]
    robustness: Robustness
    sensitivity: tuple[Flip, ...]
    answers: Mapping[str, str]
    importance: Mapping[str, float]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class SharedState:
    """What a share string decodes to.

    Attributes:
        answers: Valid answers (question id -> option id).
        weights: Valid importance weights (criterion id -> weight).
        problems: Readable sentences about the parts that were dropped.
    """

    answers: Mapping[str, str]
    weights: Mapping[str, float]
    problems: tuple[str, ...]
