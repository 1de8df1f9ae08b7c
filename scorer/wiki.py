"""Links to a chooser result for wikis, tickets and chat.

A result's link points at the static page of its *outcome* (the verdict, or
the alternative a "consider the alternatives" verdict names), with the
answers in the query::

    https://example.org/node-or-flask/chooser/flask/?v=1&a=ml.core,team.python

The outcome pages are built from the knowledge file (one per option, and one
for a close call), so a crawler that reads no JavaScript still finds the
verdict in the page's title and description; in a browser each is the full
chooser and restores the answers from the query.

Pure functions, standard library only (this module ships in the Pyodide
wheel): the outcome of a result, its path and absolute URL, a one-line
Markdown link and an HTML snippet that state the verdict, both escaped.
"""

from __future__ import annotations

import html
import re
from string import Template
from urllib.parse import quote, urlsplit

from .model import CLOSE_CALL, CONSIDER_OTHERS, Knowledge, Recommendation
from .share import encode_share

__all__ = [
    "CHOOSER_PATH",
    "html_snippet",
    "link_text",
    "markdown_link",
    "markdown_url",
    "outcome_headline",
    "outcome_id",
    "outcome_ids",
    "outcome_path",
    "result_path",
    "result_url",
    "site_root",
]

CHOOSER_PATH = "chooser/"
"""The chooser page's path under the site root; outcome pages live below it."""

# The chooser page or an outcome page: .../chooser/ or .../chooser/<outcome>/
_CHOOSER_PAGE = re.compile(r"^(?P<root>.*/)chooser/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?(?:index\.html)?$")
# Characters with a meaning in Markdown link text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<])")
# What an HTML snippet for a wiki looks like (values are escaped before they go in).
_SNIPPET = Template(
    '<p><a href="$url">$text</a><br>'
    "<small>Scored by the $title chooser against ratings reviewed $reviewed.</small></p>"
)


def outcome_id(recommendation: Recommendation) -> str:
    """The outcome page a result belongs to.

    The verdict's option id (``nodejs``, ``flask``), ``close-call``, or for
    ``consider-others`` the id of the alternative it names.
    """
    if recommendation.verdict == CONSIDER_OTHERS and recommendation.alternative:
        return recommendation.alternative
    return recommendation.verdict


def outcome_ids(knowledge: Knowledge) -> tuple[str, ...]:
    """Every outcome a result can have: each option, then a close call."""
    return (*(option.id for option in knowledge.options), CLOSE_CALL)


def outcome_headline(knowledge: Knowledge, outcome: str) -> str:
    """The outcome in a few words, e.g. "Recommendation: Flask".

    Raises:
        UnknownIdError: ``outcome`` is neither an option id nor ``close-call``.
    """
    if outcome == CLOSE_CALL:
        first, second = (option.name for option in knowledge.primaries)
        return f"A close call between {first} and {second}"
    option = knowledge.option(outcome)
    if option.is_primary:
        return f"Recommendation: {option.name}"
    return f"Recommendation: consider {option.name}"


def outcome_path(outcome: str) -> str:
    """Path of an outcome page under the site root, e.g. ``chooser/flask/``."""
    return f"{CHOOSER_PATH}{outcome}/"


def result_path(recommendation: Recommendation) -> str:
    """Path of the page a result's link opens: its outcome page.

    A result with no answers and no importance settings has no verdict to
    share: its link is the chooser itself.
    """
    if not recommendation.answers and not recommendation.importance:
        return CHOOSER_PATH
    return outcome_path(outcome_id(recommendation))


def result_url(base_url: str, recommendation: Recommendation) -> str:
    """Absolute link to this exact result: outcome page plus share query.

    Args:
        base_url: The site's root URL, e.g. ``https://example.org/node-or-flask/``
            (a missing trailing slash is added).
        recommendation: The result.
    """
    root = base_url if base_url.endswith("/") else base_url + "/"
    share = encode_share(recommendation.answers, recommendation.importance)
    return f"{root}{result_path(recommendation)}?{share}"


def site_root(link: str) -> str | None:
    """The site's root URL, read from an absolute link to a chooser page.

    ``https://h/site/chooser/flask/?v=1&a=...`` gives ``https://h/site/``.
    Returns None for anything else (a bare share string, another page).
    """
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    match = _CHOOSER_PAGE.match(parts.path)
    if match is None:
        return None
    return f"{parts.scheme}://{parts.netloc}{match.group('root')}"


def _fit(recommendation: Recommendation, option_id: str) -> str:
    return f"{recommendation.fit[option_id]:.0f}%"


def link_text(knowledge: Knowledge, recommendation: Recommendation) -> str:
    """The result in one line, fit figures included.

    E.g. "Recommendation: Flask (fit 90% vs Node.js 64%) — Node.js or Flask? chooser".
    """
    rec = recommendation
    lead, other = knowledge.option(rec.leader), knowledge.option(rec.runner_up)
    if not rec.answers:
        body = "No verdict yet (no question answered)"
    elif rec.verdict == CLOSE_CALL and rec.tie:
        body = f"A tie between {lead.name} and {other.name} (fit {_fit(rec, lead.id)} each)"
    elif rec.verdict == CLOSE_CALL:
        body = (
            f"A close call, leaning to {lead.name} "
            f"(fit {_fit(rec, lead.id)} vs {other.name} {_fit(rec, other.id)})"
        )
    elif rec.verdict == CONSIDER_OTHERS and rec.alternative:
        alternative = knowledge.option(rec.alternative)
        body = (
            f"Recommendation: consider {alternative.name} (fit {_fit(rec, alternative.id)} "
            f"vs {lead.name} {_fit(rec, lead.id)}, {other.name} {_fit(rec, other.id)})"
        )
    else:
        chosen = knowledge.option(rec.verdict)
        runner = other if chosen.id == lead.id else lead
        body = (
            f"Recommendation: {chosen.name} "
            f"(fit {_fit(rec, chosen.id)} vs {runner.name} {_fit(rec, runner.id)})"
        )
    return f"{body} — {knowledge.title} chooser"


def markdown_url(url: str) -> str:
    """A URL safe inside a Markdown link's parentheses (spaces, brackets encoded)."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def markdown_link(knowledge: Knowledge, recommendation: Recommendation, url: str) -> str:
    """A one-line Markdown link to the result whose text states the verdict."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", link_text(knowledge, recommendation))
    return f"[{text}]({markdown_url(url)})"


def html_snippet(knowledge: Knowledge, recommendation: Recommendation, url: str) -> str:
    """An HTML paragraph linking to the result, for wikis that take no Markdown."""
    return _SNIPPET.substitute(
        url=html.escape(url, quote=True),
        text=html.escape(link_text(knowledge, recommendation)),
        title=html.escape(knowledge.title),
        reviewed=html.escape(knowledge.reviewed.isoformat()),
    )
