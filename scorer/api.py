"""Browser bridge: JSON-ready dicts in and out, never an exception.

The chooser's Web Worker calls only this module (under Pyodide)::

    from scorer import api
    api.questions()          # the form: questions, answers, criteria, weight range
    api.evaluate("v=1&a=team.python")   # result for a share query string

``evaluate`` accepts any string. Unknown or malformed parts are dropped and
reported in ``problems``; an empty query gives the general comparison with a
``close-call`` verdict whose summary asks for answers. Given a whole link to a
chooser page (``https://host/site/chooser/?v=1&a=...``) instead of a bare
share string, it also knows where the site lives, and returns the absolute
link to the result with a Markdown and an HTML form of it for wikis
(``scorer.wiki``); the decision record then links back to the result.
"""

from __future__ import annotations

from typing import Any

from .engine import recommend
from .export import to_json, to_markdown
from .knowledge import load_knowledge
from .model import Knowledge
from .sensitivity import weight_grid
from .share import decode_share, encode_share
from .wiki import html_snippet, markdown_link, outcome_id, result_path, result_url, site_root

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


def evaluate(
    query: str, knowledge: Knowledge | None = None, *, base_url: str | None = None
) -> dict[str, Any]:
    """Evaluate a share query string and return everything the page shows.

    Args:
        query: Share string (``v=1&a=...&w=...``), with or without ``?``, or a
            whole link to a chooser page; any text.
        knowledge: Knowledge to score against; None uses the packaged file.
        base_url: The site's root URL, for the link back to the result; None
            reads it from ``query`` when that is a whole chooser link.

    Returns:
        ``{"recommendation": to_json(...), "markdown": str, "share": str,
        "problems": [str, ...], "answers": {...}, "weights": {...},
        "outcome": str, "path": str, "url": str | None,
        "wiki": {"markdown": str, "html": str}}``: ``path`` is the result's
        page under the site root (``chooser/flask/``), ``url`` the absolute
        link (with the share query) when the site's root is known, and
        ``wiki`` that link as one line of Markdown and as HTML ("" without
        it). Should anything unexpected fail, ``recommendation`` is None and
        ``error`` holds the message, so the page can show it instead of crashing.
    """
    try:
        knowledge = knowledge or load_knowledge()
        state = decode_share(knowledge, query)
        result = recommend(knowledge, state.answers, state.weights)
        root = base_url or site_root(query if isinstance(query, str) else "")
        url = result_url(root, result) if root else None
        return {
            "recommendation": to_json(knowledge, result),
            "markdown": to_markdown(knowledge, result, result_url=url),
            "share": encode_share(result.answers, result.importance),
            "problems": list(state.problems),
            "answers": dict(result.answers),
            "weights": dict(result.importance),
            "outcome": outcome_id(result),
            "path": result_path(result),
            "url": url,
            "wiki": {
                "markdown": markdown_link(knowledge, result, url) if url else "",
                "html": html_snippet(knowledge, result, url) if url else "",
            },
        }
    except Exception as error:  # the bridge must never raise
        return {
            "recommendation": None,
            "markdown": "",
            "share": "",
            "problems": [],
            "answers": {},
            "weights": {},
            "outcome": "",
            "path": "",
            "url": None,
            "wiki": {"markdown": "", "html": ""},
            "error": f"{type(error).__name__}: {error}",
        }
