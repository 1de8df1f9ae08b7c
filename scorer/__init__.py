"""Decision scorer behind the "Node.js or Flask?" guide.

One knowledge file (``knowledge.toml``) holds the options, criteria, ratings
with sources, and the chooser's questions; the engine turns a reader's
answers into a :class:`Recommendation`. Standard library only, so it runs
unchanged under CPython 3.11+ and under Pyodide.

Example:
    >>> from scorer import load_knowledge, recommend
    >>> knowledge = load_knowledge()
    >>> recommend(knowledge, {"team": "python", "ml": "core"}).verdict
    'flask'
"""

from __future__ import annotations

from . import api
from .engine import recommend
from .errors import InvalidWeightError, KnowledgeError, ScorerError, UnknownIdError
from .export import to_json, to_markdown
from .knowledge import load_knowledge
from .model import (
    Contribution,
    Criterion,
    Flip,
    Knowledge,
    Option,
    Question,
    QuestionOption,
    Rating,
    Reason,
    Recommendation,
    SharedState,
    VersionEntry,
)
from .share import decode_share, encode_share

__all__ = [
    "Contribution",
    "Criterion",
    "Flip",
    "InvalidWeightError",
    "Knowledge",
    "KnowledgeError",
    "Option",
    "Question",
    "QuestionOption",
    "Rating",
    "Reason",
    "Recommendation",
    "ScorerError",
    "SharedState",
    "UnknownIdError",
    "VersionEntry",
    "api",
    "decode_share",
    "encode_share",
    "load_knowledge",
    "recommend",
    "to_json",
    "to_markdown",
]

__version__ = "1.0.0"
