"""Exports of a recommendation: a JSON document and a MADR-shaped record.

Both the CLI and the browser use exactly these functions, so a decision
record downloaded from the chooser matches ``python -m scorer recommend
--markdown`` for the same answers.
"""

from __future__ import annotations

from typing import Any

from .model import CLOSE_CALL, CONSIDER_OTHERS, Knowledge, Recommendation
from .share import encode_share
from .wiki import markdown_link

__all__ = ["JSON_VERSION", "to_json", "to_markdown", "verdict_label"]

JSON_VERSION = 1
_TOP_REASONS = 5
_MAX_FLIPS = 10


def _round(value: float) -> float:
    return round(value, 2)


def verdict_label(knowledge: Knowledge, recommendation: Recommendation) -> str:
    """Return the verdict as one short sentence fit for a heading."""
    if recommendation.verdict == CONSIDER_OTHERS and recommendation.alternative:
        name = knowledge.option(recommendation.alternative).name
        return f"Consider {name}: it fits these needs better than either"
    if recommendation.verdict == CLOSE_CALL:
        if not recommendation.answers:
            return "No verdict yet: answer the questions"
        lean = knowledge.option(recommendation.leader).name
        return f"A close call, leaning to {lean}"
    return knowledge.option(recommendation.verdict).name


def to_json(knowledge: Knowledge, recommendation: Recommendation) -> dict[str, Any]:
    """Return the recommendation as a JSON-ready dict.

    Keys: ``version``, ``verdict``, ``label``, ``leader``, ``runner_up``,
    ``alternative``, ``alternative_criteria``, ``margin``, ``scores``, ``fit``,
    ``max_score``, ``weights``, ``contributions``, ``reasons``, ``sensitivity``,
    ``answers``, ``importance``, ``notes``, ``share``, ``reviewed``,
    ``thresholds``. Numbers are rounded to two decimals.
    """
    rec = recommendation
    engine = knowledge.engine
    return {
        "version": JSON_VERSION,
        "verdict": rec.verdict,
        "label": verdict_label(knowledge, rec),
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
            }
            for c in rec.contributions
        ],
        "reasons": [
            {"criterion": r.criterion, "favours": r.favours, "text": r.text, "section": r.section}
            for r in rec.reasons
        ],
        "sensitivity": [
            {
                "kind": f.kind,
                "target": f.target,
                "before": f.before,
                "after": f.after,
                "verdict": f.verdict,
                "change": _round(f.change),
                "margin": _round(f.margin),
            }
            for f in rec.sensitivity
        ],
        "answers": dict(rec.answers),
        "importance": dict(rec.importance),
        "notes": list(rec.notes),
        "share": encode_share(rec.answers, rec.importance),
        "reviewed": knowledge.reviewed.isoformat(),
        "thresholds": {
            "close_call_margin": engine.close_call_margin,
            "consider_others_margin": engine.consider_others_margin,
        },
    }


def _flip_text(knowledge: Knowledge, recommendation: Recommendation, index: int) -> str:
    flip = recommendation.sensitivity[index]
    new = (
        flip.verdict
        if flip.verdict in (CLOSE_CALL, CONSIDER_OTHERS)
        else (knowledge.option(flip.verdict).name)
    )
    if flip.kind == "answer":
        question = knowledge.question(flip.target)
        label = question.option(flip.after).label
        return f'Answering "{question.prompt}" with "{label}" would make it {new}.'
    name = knowledge.criterion(flip.target).name
    return f"Importance of {name} from {flip.before} to {flip.after} would make it {new}."


def to_markdown(
    knowledge: Knowledge, recommendation: Recommendation, *, result_url: str | None = None
) -> str:
    """Return a decision record in the shape of MADR (Markdown).

    Sections: context and problem statement, decision drivers (the weighted
    criteria), considered options, decision outcome, pros and cons of each
    option with sources, and what would change the decision.

    Args:
        knowledge: The knowledge the result was scored against.
        recommendation: The result.
        result_url: Absolute link to this exact result (``scorer.wiki.result_url``);
            when given, the record's header links back to it.
    """
    rec = recommendation
    lines = [
        "# Backend stack: Node.js or Flask?",
        "",
        f'- Status: proposed (scored by the "{knowledge.title}" chooser)',
        f"- Knowledge reviewed: {knowledge.reviewed.isoformat()}",
        f"- Share string: `{encode_share(rec.answers, rec.importance)}`",
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
                label = question.option(rec.answers[question.id]).label
                lines.append(f"- {question.prompt} **{label}**")
    else:
        lines.append("- Nothing yet: no question was answered.")
    lines += ["", "## Decision Drivers", ""]
    drivers = sorted(
        (c for c in knowledge.criteria if rec.weights[c.id] > 0),
        key=lambda c: -rec.weights[c.id],
    )
    for criterion in drivers:
        lines.append(
            f"- {criterion.name} (weight {rec.weights[criterion.id]:g}): {criterion.description}"
        )
    lines += ["", "## Considered Options", ""]
    for option in knowledge.options:
        lines.append(f"- {option.name}: {option.summary}")
    lines += ["", "## Decision Outcome", ""]
    lines.append(f"Outcome: **{verdict_label(knowledge, rec)}**.")
    lines.append("")
    fits = ", ".join(f"{o.name} {rec.fit[o.id]:.0f}%" for o in knowledge.options)
    lines.append(
        f"Fit (score as a share of the maximum possible): {fits}. The margin between "
        f"{knowledge.option(rec.leader).name} and {knowledge.option(rec.runner_up).name} "
        f"is {rec.margin:.1f} points (close call under {knowledge.engine.close_call_margin:g})."
    )
    if rec.reasons:
        lines += ["", "Because:", ""]
        lines += [f"- {reason.text}" for reason in rec.reasons[:_TOP_REASONS]]
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
                f"([{rating.source_title}]({rating.source_url}); {rating.versions})"
            )
        lines.append("")
    lines += ["## What Would Change the Decision", ""]
    if rec.sensitivity:
        shown = min(len(rec.sensitivity), _MAX_FLIPS)
        lines += [f"- {_flip_text(knowledge, rec, i)}" for i in range(shown)]
        if len(rec.sensitivity) > shown:
            lines.append(f"- ... and {len(rec.sensitivity) - shown} more single changes.")
    else:
        lines.append("- No single change of answer or importance changes the outcome.")
    lines.append("")
    return "\n".join(lines)
