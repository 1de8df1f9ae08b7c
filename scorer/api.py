"""Browser bridge: JSON-ready dicts in and out, never an exception.

The chooser's Web Worker calls only this module (under Pyodide)::

    from scorer import api
    api.questions()          # the form: questions, answers, criteria, weight range
    api.evaluate("v=1&a=team.python")   # result for a share query string

``evaluate`` accepts any string. Unknown or malformed parts are dropped and
reported in ``problems``; an empty query gives the general comparison with a
``close-call`` verdict and a note asking for answers.
"""

from __future__ import annotations

from typing import Any

from .engine import recommend
from .export import to_json, to_markdown
from .knowledge import load_knowledge
from .model import Knowledge
from .sensitivity import weight_grid
from .share import decode_share, encode_share

__all__ = ["evaluate", "questions"]


def questions(knowledge: Knowledge | None = None) -> dict[str, Any]:
    """Return what the chooser form needs, as a JSON-ready dict.

    Args:
        knowledge: Knowledge to describe; None uses the packaged file.

    Returns:
        ``{"questions": [{"id", "prompt", "help", "options": [{"id", "label"}]}],
        "criteria": [{"id", "name", "description", "section"}],
        "weights": {"min", "max", "default", "step", "grid"}, "reviewed": str}``.
    """
    knowledge = knowledge or load_knowledge()
    engine = knowledge.engine
    return {
        "questions": [
            {
                "id": q.id,
                "prompt": q.prompt,
                "help": q.help,
                "options": [{"id": o.id, "label": o.label} for o in q.options],
            }
            for q in knowledge.questions
        ],
        "criteria": [
            {"id": c.id, "name": c.name, "description": c.description, "section": c.section}
            for c in knowledge.criteria
        ],
        "options": [
            {"id": o.id, "name": o.name, "kind": o.kind, "summary": o.summary}
            for o in knowledge.options
        ],
        "weights": {
            "min": engine.weight_min,
            "max": engine.weight_max,
            "default": engine.weight_default,
            "step": engine.weight_step,
            "grid": list(weight_grid(knowledge)),
        },
        "reviewed": knowledge.reviewed.isoformat(),
    }


def evaluate(query: str, knowledge: Knowledge | None = None) -> dict[str, Any]:
    """Evaluate a share query string and return everything the page shows.

    Args:
        query: Share string (``v=1&a=...&w=...``), with or without ``?``; any text.
        knowledge: Knowledge to score against; None uses the packaged file.

    Returns:
        ``{"recommendation": to_json(...), "markdown": str, "share": str,
        "problems": [str, ...], "answers": {...}, "weights": {...}}``. Should
        anything unexpected fail, ``recommendation`` is None and ``error``
        holds the message, so the page can show it instead of crashing.
    """
    try:
        knowledge = knowledge or load_knowledge()
        state = decode_share(knowledge, query)
        result = recommend(knowledge, state.answers, state.weights)
        return {
            "recommendation": to_json(knowledge, result),
            "markdown": to_markdown(knowledge, result),
            "share": encode_share(result.answers, result.importance),
            "problems": list(state.problems),
            "answers": dict(result.answers),
            "weights": dict(result.importance),
        }
    except Exception as error:  # the bridge must never raise
        return {
            "recommendation": None,
            "markdown": "",
            "share": "",
            "problems": [],
            "answers": {},
            "weights": {},
            "error": f"{type(error).__name__}: {error}",
        }
