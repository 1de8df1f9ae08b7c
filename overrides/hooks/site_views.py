"""Shape the knowledge data into what the site's tables and verdict boxes show.

Pure functions over the scorer's frozen :class:`~scorer.Knowledge`; no MkDocs
here, so the shaping is importable and testable on its own. The MkDocs hook
``knowledge_tables.py`` only finds the markers, calls these and renders the
results through the Jinja templates in ``templates/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scorer import Knowledge
from scorer.model import Criterion, Option, Rating, VersionEntry

__all__ = [
    "AlternativeView",
    "CriteriaView",
    "Glance",
    "GlanceRow",
    "MatrixRow",
    "Side",
    "VerdictView",
    "alternatives_view",
    "at_a_glance",
    "criteria_view",
    "ratings_view",
    "stronger_option",
    "verdict_view",
    "versions_view",
]


@dataclass(frozen=True)
class Side:
    """One option's rating on one criterion, ready to show.

    Attributes:
        option: The option.
        rating: Its rating on the criterion.
        stronger: Whether it is rated strictly above every other option shown.
    """

    option: Option
    rating: Rating
    stronger: bool


@dataclass(frozen=True)
class VerdictView:
    """A verdict box: who is stronger on a criterion, and why.

    Attributes:
        criterion: The criterion.
        sides: The two primaries (Node.js, Flask), in display order.
        stronger: The primary rated higher, or None on a tie.
        rating_max: Top of the rating scale.
        reviewed: The latest review date of the ratings shown.
    """

    criterion: Criterion
    sides: tuple[Side, ...]
    stronger: Option | None
    rating_max: int
    reviewed: dt.date

    @property
    def versions(self) -> tuple[str, ...]:
        """The release lines the two ratings hold for, without repeats."""
        return tuple(dict.fromkeys(side.rating.versions for side in self.sides))


@dataclass(frozen=True)
class GlanceRow:
    """One row of the at-a-glance table: a criterion and the primaries' verdict.

    Attributes:
        verdict: The verdict for the row's criterion.
    """

    verdict: VerdictView

    @property
    def criterion(self) -> Criterion:
        """The row's criterion."""
        return self.verdict.criterion


@dataclass(frozen=True)
class Glance:
    """The at-a-glance table.

    Attributes:
        primaries: The two options compared (column order).
        rows: One per criterion, in the knowledge file's order.
        rating_max: Top of the rating scale.
        reviewed: Review date of the knowledge as a whole.
    """

    primaries: tuple[Option, ...]
    rows: tuple[GlanceRow, ...]
    rating_max: int
    reviewed: dt.date


@dataclass(frozen=True)
class MatrixRow:
    """One criterion rated for every option.

    Attributes:
        criterion: The criterion.
        sides: One per option, in display order; ``stronger`` marks an
            alternative rated above both primaries.
    """

    criterion: Criterion
    sides: tuple[Side, ...]


@dataclass(frozen=True)
class AlternativeView:
    """An alternative to both primaries, and where it is rated above both.

    Attributes:
        option: The alternative.
        beats_both: Criteria on which it is rated above Node.js and Flask alike.
    """

    option: Option
    beats_both: tuple[Criterion, ...]


@dataclass(frozen=True)
class CriteriaView:
    """The criteria list and the rating scale (methodology page).

    Attributes:
        criteria: Every criterion, in display order.
        rating_min: Bottom of the rating scale.
        rating_max: Top of the rating scale.
    """

    criteria: tuple[Criterion, ...]
    rating_min: int
    rating_max: int


# Who is rated strictly highest among the options given, or None on a tie.
def stronger_option(
    knowledge: Knowledge, criterion_id: str, options: tuple[Option, ...]
) -> Option | None:
    """Return the option rated strictly above all the others on a criterion.

    Args:
        knowledge: The knowledge data.
        criterion_id: The criterion.
        options: The options to compare.

    Returns:
        The best-rated option, or None when two or more share the top rating.
    """
    scores = [(knowledge.rating(o.id, criterion_id).score, o) for o in options]
    top = max(score for score, _ in scores)
    leaders = [option for score, option in scores if score == top]
    return leaders[0] if len(leaders) == 1 else None


def verdict_view(knowledge: Knowledge, criterion_id: str) -> VerdictView:
    """Build the verdict box for one criterion.

    Raises:
        UnknownIdError: The criterion id is not in the knowledge data.
    """
    criterion = knowledge.criterion(criterion_id)
    primaries = knowledge.primaries
    stronger = stronger_option(knowledge, criterion.id, primaries)
    sides = tuple(
        Side(option=o, rating=knowledge.rating(o.id, criterion.id), stronger=o == stronger)
        for o in primaries
    )
    return VerdictView(
        criterion=criterion,
        sides=sides,
        stronger=stronger,
        rating_max=knowledge.engine.rating_max,
        reviewed=max(side.rating.reviewed for side in sides),
    )


def at_a_glance(knowledge: Knowledge) -> Glance:
    """Build the at-a-glance table: every criterion, Node.js against Flask."""
    return Glance(
        primaries=knowledge.primaries,
        rows=tuple(GlanceRow(verdict_view(knowledge, c.id)) for c in knowledge.criteria),
        rating_max=knowledge.engine.rating_max,
        reviewed=knowledge.reviewed,
    )


def ratings_view(knowledge: Knowledge, criterion_id: str) -> MatrixRow:
    """Rate every option on one criterion; ``stronger`` marks the sole leader.

    Raises:
        UnknownIdError: The criterion id is not in the knowledge data.
    """
    criterion = knowledge.criterion(criterion_id)
    leader = stronger_option(knowledge, criterion.id, knowledge.options)
    return MatrixRow(
        criterion=criterion,
        sides=tuple(
            Side(option=o, rating=knowledge.rating(o.id, criterion.id), stronger=o == leader)
            for o in knowledge.options
        ),
    )


def _beats_both(knowledge: Knowledge, option: Option, criterion: Criterion) -> bool:
    score = knowledge.rating(option.id, criterion.id).score
    return all(score > knowledge.rating(p.id, criterion.id).score for p in knowledge.primaries)


def alternatives_view(
    knowledge: Knowledge,
) -> tuple[tuple[AlternativeView, ...], tuple[MatrixRow, ...]]:
    """List the alternatives and rate all options on every criterion.

    Returns:
        The alternatives, each with the criteria where it is rated above both
        primaries; and one matrix row per criterion, in which ``stronger``
        marks an alternative rated above both primaries.
    """
    views = tuple(
        AlternativeView(
            option=alt,
            beats_both=tuple(c for c in knowledge.criteria if _beats_both(knowledge, alt, c)),
        )
        for alt in knowledge.alternatives
    )
    rows = tuple(
        MatrixRow(
            criterion=c,
            sides=tuple(
                Side(
                    option=o,
                    rating=knowledge.rating(o.id, c.id),
                    stronger=not o.is_primary and _beats_both(knowledge, o, c),
                )
                for o in knowledge.options
            ),
        )
        for c in knowledge.criteria
    )
    return views, rows


def versions_view(knowledge: Knowledge) -> tuple[VersionEntry, ...]:
    """The releases compared, in the knowledge file's order."""
    return knowledge.versions


def criteria_view(knowledge: Knowledge) -> CriteriaView:
    """The criteria with their descriptions, and the rating scale."""
    return CriteriaView(
        criteria=knowledge.criteria,
        rating_min=knowledge.engine.rating_min,
        rating_max=knowledge.engine.rating_max,
    )
