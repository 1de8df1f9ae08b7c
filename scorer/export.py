"""Exports of a recommendation: a JSON document and a MADR-shaped record.

Both the CLI and the browser use exactly these functions, so a decision
record downloaded from the chooser matches ``python -m scorer recommend
--markdown`` for the same answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import CLOSE_CALL, Flip, Knowledge, Reason, Recommendation
from .share import encode_share
from .wiki import markdown_link
from .wording import (
    choice_mark,
    counterpoints_title,
    flip_text,
    flips_intro,
    outcome_name,
    reasons_title,
    robustness_sentence,
    summary,
    verdict_label,
)

__all__ = ["JSON_VERSION", "to_json", "to_markdown", "verdict_label"]

JSON_VERSION = 2
_TOP_REASONS = 5
_TOP_COUNTERPOINTS = 3
_MAX_FLIPS = 10


def _round(value: float) -> float:
    return round(value, 2)


def _reason_json(knowledge: Knowledge, reason: Reason) -> dict[str, Any]:
    rationale = knowledge.ratings[(reason.favours, reason.criterion)].rationale
    return {
        "criterion": reason.criterion,
        "name": knowledge.criterion(reason.criterion).name,
        "favours": reason.favours,
        "against": reason.against,
        "points": _round(reason.points),
        "text": reason.text,
        "claim": reason.text.removesuffix(f" {rationale}").removesuffix("."),
        "rationale": rationale,
        "section": reason.section,
    }


def _group_name(knowledge: Knowledge, group_id: str | None) -> str | None:
    return next((g.name for g in knowledge.groups if g.id == group_id), None)


def _flip_json(knowledge: Knowledge, flip: Flip) -> dict[str, Any]:
    return {
        "kind": flip.kind,
        "target": flip.target,
        "before": flip.before,
        "after": flip.after,
        "verdict": flip.verdict,
        "alternative": flip.alternative,
        "outcome": outcome_name(knowledge, flip.verdict, flip.alternative),
        "change": _round(flip.change),
        "shift": _round(flip.shift),
        "margin": _round(flip.margin),
        "text": flip_text(knowledge, flip),
    }


def to_json(knowledge: Knowledge, recommendation: Recommendation) -> dict[str, Any]:
    """Return the recommendation as a JSON-ready dict.

    Keys: ``version``, ``verdict``, ``label``, ``summary``, ``tie``, ``choice``,
    ``choice_mark``, ``headings``, ``compared``, ``leader``, ``runner_up``, ``alternative``,
    ``alternative_criteria``, ``margin``, ``scores``, ``fit``, ``max_score``,
    ``weights``, ``contributions``, ``reasons``, ``counterpoints``,
    ``robustness``, ``sensitivity``, ``answers``, ``importance``, ``notes``,
    ``share``, ``reviewed``, ``thresholds``. Numbers are rounded to two
    decimals. Every ``text``, ``label``, ``summary`` and ``sentence`` is
    reader text: names, never ids. ``choice_mark`` is what the list of fits
    calls the choice ("verdict", or "leads" in a close call; None on a tie);
    ``headings`` holds the titles over ``reasons`` (None on a tie) and
    ``counterpoints`` and the line before ``sensitivity`` (``flips``).
    """
    rec = recommendation
    engine = knowledge.engine
    robust = rec.robustness
    return {
        "version": JSON_VERSION,
        "verdict": rec.verdict,
        "label": verdict_label(knowledge, rec),
        "summary": summary(knowledge, rec),
        "tie": rec.tie,
        "choice": rec.choice,
        "choice_mark": choice_mark(rec),
        "headings": {
            "reasons": reasons_title(knowledge, rec),
            "counterpoints": counterpoints_title(rec),
            "flips": flips_intro(rec),
        },
        "compared": list(rec.compared),
        "leader": rec.leader,
        "runner_up": rec.runner_up,
        "alternative": rec.alternative,
        "alternative_criteria": list(rec.alternative_criteria),
        "margin": _round(rec.margin),
        "scores": {k: _round(v) for k, v in rec.scores.items()},
        "fit": {k: _round(v) for k, v in rec.fit.items()},
        "max_score": _round(rec.max_score),
        "weights": {k: _round(v) for k, v in rec.weights.items() if v > 0},
        "contributions": [
            {
                "criterion": c.criterion,
                "name": knowledge.criterion(c.criterion).name,
                "section": c.section,
                "weight": _round(c.weight),
                "ratings": dict(c.ratings),
                "points": {k: _round(v) for k, v in c.points.items()},
                "favours": c.favours,
                "gap": _round(c.gap),
                "group": c.group,
                "group_name": _group_name(knowledge, c.group),
                "capped": c.capped,
            }
            for c in rec.contributions
        ],
        "reasons": [_reason_json(knowledge, r) for r in rec.reasons],
        "counterpoints": [_reason_json(knowledge, r) for r in rec.counterpoints],
        "robustness": {
            "level": robust.level,
            "tried": robust.tried,
            "count": len(robust.flips),
            "threshold": robust.threshold,
            "smallest": _flip_json(knowledge, robust.flips[0]) if robust.flips else None,
            "sentence": robustness_sentence(knowledge, rec),
            "flips": [_flip_json(knowledge, f) for f in robust.flips],
        },
        "sensitivity": [_flip_json(knowledge, f) for f in rec.sensitivity],
        "answers": dict(rec.answers),
        "importance": dict(rec.importance),
        "notes": list(rec.notes),
        "share": encode_share(rec.answers, rec.importance),
        "reviewed": knowledge.reviewed.isoformat(),
        "thresholds": {
            "close_call_margin": engine.close_call_margin,
            "consider_others_margin": engine.consider_others_margin,
            "fragile_shift": engine.fragile_shift,
        },
    }


def _source(knowledge: Knowledge, option_id: str, criterion_id: str) -> str:
    rating = knowledge.ratings[(option_id, criterion_id)]
    return f"[{rating.source_title}]({rating.source_url}); {rating.versions}"


def _point_line(knowledge: Knowledge, reason: Reason) -> str:
    return f"- {reason.text} ({_source(knowledge, reason.favours, reason.criterion)})"


def to_markdown(
    knowledge: Knowledge,
    recommendation: Recommendation,
    *,
    date: dt.date | None = None,
    result_url: str | None = None,
) -> str:
    """Return a decision record in the shape of MADR (Markdown).

    Header: title (the outcome), status, date, versions reviewed, the
    share string and, when given, the link back to the result. Sections:
    context and problem statement, decision drivers (the weighted criteria,
    strongest first), considered options, decision outcome (reasons,
    counterpoints, robustness), pros and cons of each option (good and bad
    points with their sources), and what would change the decision.

    Args:
        knowledge: The knowledge the recommendation was scored against.
        recommendation: The recommendation to record.
        date: The record's date; None means today.
        result_url: Absolute link to this exact result (``scorer.wiki.result_url``);
            when given, the record's header links back to it.
    """
    rec = recommendation
    day = (date or dt.date.today()).isoformat()
    names = {o.id: o.name for o in knowledge.options}
    label = verdict_label(knowledge, rec)
    versions = ", ".join(f"{v.name} {v.version}" for v in knowledge.versions)
    lines = [
        f"# Backend stack: {label}",
        "",
        "- Status: proposed",
        f"- Date: {day}",
        f"- Versions reviewed: {versions} (ratings reviewed {knowledge.reviewed.isoformat()})",
        f'- Scored by: the "{knowledge.title}" chooser, share string '
        f"`{encode_share(rec.answers, rec.importance)}`",
        *([f"- Result: {markdown_link(knowledge, rec, result_url)}"] if result_url else []),
        "",
        "## Context and Problem Statement",
        "",
        "We need to choose the stack for a new backend. What we know about it:",
        "",
    ]
    if rec.answers:
        for question in knowledge.questions:
            if question.id in rec.answers:
                answer = question.option(rec.answers[question.id]).label
                lines.append(f"- {question.prompt} **{answer}**")
    else:
        lines.append("- Nothing yet: no question was answered.")
    lines += ["", "## Decision Drivers", ""]
    drivers = sorted(
        (c for c in knowledge.criteria if rec.weights[c.id] > 0),
        key=lambda c: -rec.weights[c.id],
    )
    capped = {c.criterion for c in rec.contributions if c.capped}
    for criterion in drivers:
        group = knowledge.group_of(criterion.id)
        extra = (
            f"; shares the cap of {group.name} ({group.cap:g})"
            if group and criterion.id in capped
            else ""
        )
        lines.append(
            f"- {criterion.name} (weight {rec.weights[criterion.id]:.2g}{extra}): "
            f"{criterion.description}"
        )
    lines += ["", "## Considered Options", ""]
    for option in knowledge.options:
        lines.append(f"- {option.name} ({option.versions}): {option.summary}")
    lines += ["", "## Decision Outcome", ""]
    if rec.choice is not None and rec.verdict != CLOSE_CALL:
        lines.append(f"Chosen option: **{names[rec.choice]}**.")
    else:
        lines.append(f"Outcome: **{label}**.")
    lines += ["", summary(knowledge, rec)]
    if rec.reasons:
        heading = "Because" if choice_mark(rec) == "verdict" else reasons_title(knowledge, rec)
        lines += ["", f"{heading}:", ""]
        lines += [_point_line(knowledge, r) for r in rec.reasons[:_TOP_REASONS]]
    if rec.counterpoints:
        lines += ["", f"{counterpoints_title(rec)}:", ""]
        lines += [_point_line(knowledge, r) for r in rec.counterpoints[:_TOP_COUNTERPOINTS]]
    lines += ["", "### Robustness", "", robustness_sentence(knowledge, rec)]
    for note in rec.notes:
        lines += ["", f"Note: {note}"]
    lines += ["", "## Pros and Cons of the Options", ""]
    for option in knowledge.options:
        lines += [f"### {option.name}", "", option.description, ""]
        for criterion in drivers:
            rating = knowledge.ratings[(option.id, criterion.id)]
            kind = "Good" if rating.score >= 4 else "Bad" if rating.score <= 2 else "Neutral"
            lines.append(
                f"- {kind}, because {criterion.name} rates {rating.score}/"
                f"{knowledge.engine.rating_max}: {rating.rationale} "
                f"({_source(knowledge, option.id, criterion.id)})"
            )
        lines.append("")
    lines += ["## What Would Change the Decision", ""]
    if rec.sensitivity:
        shown = min(len(rec.sensitivity), _MAX_FLIPS)
        lines += [f"- {flip_text(knowledge, f)}" for f in rec.sensitivity[:shown]]
        if len(rec.sensitivity) > shown:
            lines.append(f"- ... and {len(rec.sensitivity) - shown} more single changes.")
    else:
        lines.append("- No single change of answer or importance changes the outcome.")
    lines.append("")
    return "\n".join(lines)
