"""Errors raised by the scorer, all derived from one base class.

Every error names what went wrong in words a reader can act on: the file,
entry and field of a broken knowledge file, or the unknown id with the
closest valid one ("did you mean ...").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["InvalidWeightError", "KnowledgeError", "ScorerError", "UnknownIdError", "suggest"]


def suggest(value: str, choices: Iterable[str]) -> str | None:
    """Return the valid id closest to ``value``, or None when nothing is close.

    Args:
        value: The id as given.
        choices: The valid ids.

    Returns:
        The closest id by difflib's ratio, if any is reasonably close.
    """
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


class ScorerError(Exception):
    """Base class of every error the scorer raises on purpose."""


class KnowledgeError(ScorerError):
    """The knowledge file is missing, unreadable or fails validation.

    Attributes:
        path: The file that was read.
        entry: The entry at fault, e.g. ``"rating flask/performance"``.
        field: The field at fault, when one is.
        problem: What is wrong, in words.
    """

    def __init__(self, path: str | Path, entry: str, field: str | None, problem: str) -> None:
        self.path = str(path)
        self.entry = entry
        self.field = field
        self.problem = problem
        where = f"{entry}, field '{field}'" if field else entry
        super().__init__(f"{self.path}: {where}: {problem}")


class UnknownIdError(ScorerError):
    """An id (question, option, criterion) is not in the knowledge file.

    Attributes:
        kind: What kind of id it is, e.g. ``"question"``.
        value: The id as given.
        suggestion: The closest valid id, if any.
        choices: The valid ids.
        context: Where it was looked up, e.g. ``"question 'team'"``.
    """

    def __init__(
        self, kind: str, value: str, choices: Iterable[str], context: str | None = None
    ) -> None:
        self.kind = kind
        self.value = value
        self.choices = tuple(choices)
        self.suggestion = suggest(value, self.choices)
        self.context = context
        message = f"unknown {kind} '{value}'"
        if context:
            message += f" for {context}"
        if self.suggestion:
            message += f" (did you mean '{self.suggestion}'?)"
        else:
            message += f" (valid: {', '.join(self.choices)})"
        super().__init__(message)


class InvalidWeightError(ScorerError):
    """An importance weight is not a finite number inside the allowed range.

    Attributes:
        criterion: The criterion id the weight is for.
        value: The weight as given.
    """

    def __init__(self, criterion: str, value: object, low: float, high: float) -> None:
        self.criterion = criterion
        self.value = value
        super().__init__(
            f"weight for '{criterion}' must be a number from {low:g} to {high:g}, got {value!r}"
        )
