"""The sentences a reader sees, made in one place for the CLI, the page and the record.

Every function here turns ids into names, labels and prompts: no text it
returns contains an internal id (a test renders many answer sets and checks).
"""

from __future__ import annotations

from .model import CLOSE_CALL, CONSIDER_OTHERS, FRAGILE, Flip, Knowledge, Recommendation

__all__ = [
    "change_text",
    "choice_mark",
    "counterpoints_title",
    "flip_text",
    "flips_intro",
    "listed",
    "outcome_name",
    "reasons_title",
    "robustness_sentence",
    "summary",
    "verdict_label",
]


_TIMES = "\u00d7"  # the multiplication sign the page's sliders show


def _percent(value: float) -> str:
    return f"{value:.0f}%"


def _points(value: float) -> str:
    return f"{value:.1f}"


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def _primaries(knowledge: Knowledge) -> str:
    """The compared pair, for "better than ..." and "instead of ...": "Node.js or Flask"."""
    return " or ".join(option.name for option in knowledge.primaries)


def verdict_label(knowledge: Knowledge, rec: Recommendation) -> str:
    """Return the verdict as one short sentence fit for a heading."""
    if rec.verdict == CONSIDER_OTHERS and rec.alternative:
        name = knowledge.option(rec.alternative).name
        return f"Consider {name}: it fits these needs better than {_primaries(knowledge)}"
    if rec.verdict == CLOSE_CALL:
        if not rec.answers:
            return "No verdict yet: answer the questions"
        if rec.tie or rec.choice is None:
            first, second = (o.name for o in knowledge.primaries)
            return f"A tie between {first} and {second}: no lean either way"
        return f"A close call, leaning to {knowledge.option(rec.choice).name}"
    return knowledge.option(rec.verdict).name


def choice_mark(rec: Recommendation) -> str | None:
    """What the list of fits calls the option the result stands for.

    "verdict" when the result recommends it; "leads" when it only leads, in a
    close call or, before any answer, in the general comparison; None on a tie.
    """
    if rec.choice is None:
        return None
    return "leads" if rec.verdict == CLOSE_CALL else "verdict"


def reasons_title(knowledge: Knowledge, rec: Recommendation) -> str | None:
    """The heading over the points for the choice ("Why Flask"); None on a tie."""
    if rec.choice is None:
        return None
    name = knowledge.option(rec.choice).name
    return f"Why {name}" if choice_mark(rec) == "verdict" else f"Where {name} leads"


def counterpoints_title(rec: Recommendation) -> str:
    """The heading over the points against the choice (each way on a tie)."""
    mark = choice_mark(rec)
    if mark is None:
        return "Points each way"
    return "Against it" if mark == "verdict" else "Where the others lead"


def flips_intro(rec: Recommendation) -> str:
    """The line before the smallest changes: they change a verdict, or give the first."""
    if not rec.answers:
        return "The smallest single changes that would give a verdict:"
    return "The smallest single changes that would change the verdict:"


def outcome_name(knowledge: Knowledge, verdict: str, alternative: str | None) -> str:
    """What a verdict is called inside a sentence ("a close call", "Node.js", ...)."""
    if verdict == CONSIDER_OTHERS:
        if alternative:
            return f"{knowledge.option(alternative).name} instead of {_primaries(knowledge)}"
        return "one of the alternatives"
    if verdict == CLOSE_CALL:
        return "a close call"
    return knowledge.option(verdict).name


def change_text(knowledge: Knowledge, flip: Flip) -> str:
    """The change itself, e.g. 'Answering "..." with "..."'."""
    if flip.kind == "weight":
        name = knowledge.criterion(flip.target).name
        return (
            f"Setting the importance of {name} from {_TIMES}{flip.before} to {_TIMES}{flip.after}"
        )
    question = knowledge.question(flip.target)
    after = question.option(flip.after).label
    if flip.before:
        before = question.option(flip.before).label
        return f"Changing “{question.prompt}” from “{before}” to “{after}”"
    return f"Answering “{question.prompt}” with “{after}”"


def flip_text(knowledge: Knowledge, flip: Flip) -> str:
    """One sentence: the change and the verdict it leads to."""
    new = outcome_name(knowledge, flip.verdict, flip.alternative)
    return f"{change_text(knowledge, flip)} would make it {new}."


def summary(knowledge: Knowledge, rec: Recommendation) -> str:
    """The scores in one or two sentences, with the margin that decided."""
    engine = knowledge.engine
    name = {o.id: o.name for o in knowledge.options}
    fit = rec.fit
    first, second = rec.leader, rec.runner_up
    if rec.verdict == CONSIDER_OTHERS and rec.alternative:
        alt = rec.alternative
        text = (
            f"{name[alt]} fits your answers better than either: {_percent(fit[alt])}, against "
            f"{_percent(fit[first])} for {name[first]} and {_percent(fit[second])} for "
            f"{name[second]}."
        )
        return text + _alternative_leads(knowledge, alt, rec.alternative_criteria)
    if rec.tie:
        both = f"{name[first]} and {name[second]}"
        if not rec.answers:
            return (
                f"No answers yet: on the general criteria alone {both} score the same "
                f"({_percent(fit[first])} each)."
            )
        text = (
            f"{both} fit your answers exactly as well ({_percent(fit[first])} each): "
            "a tie, with no lean either way."
        )
        return text + _alternative_remark(knowledge, rec)
    if not rec.answers:
        return (
            f"No answers yet: on the general criteria alone {name[first]} scores a little "
            f"higher than {name[second]} ({_percent(fit[first])} against "
            f"{_percent(fit[second])}). Answer the questions for a verdict."
        )
    if rec.verdict == CLOSE_CALL:
        text = (
            f"{name[first]} fits your answers a little better than {name[second]} "
            f"({_percent(fit[first])} against {_percent(fit[second])}), but by "
            f"{_points(rec.margin)} points, under the {engine.close_call_margin:g} the guide "
            "needs for a verdict."
        )
    else:
        text = (
            f"{name[first]} fits your answers best: {_percent(fit[first])}, against "
            f"{_percent(fit[second])} for {name[second]}, a lead of {_points(rec.margin)} points."
        )
    return text + _alternative_remark(knowledge, rec)


def listed(names: list[str]) -> str:
    """Names in a sentence: "A", "A and B", "A, B and C"."""
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _alternative_leads(knowledge: Knowledge, alternative: str, criteria: tuple[str, ...]) -> str:
    """Where a named alternative is rated above the compared pair, as a sentence, or "".

    ``criteria`` is ``Recommendation.alternative_criteria``: those where it is
    rated above both, and, for a primary it beats on none of them, the one
    where it gains most over that primary. Each is said with whom it beats.
    """
    primaries = knowledge.primaries
    above: dict[str, list[str]] = {}
    for criterion in criteria:
        beaten = [
            p.name
            for p in primaries
            if knowledge.rating(alternative, criterion).score
            > knowledge.rating(p.id, criterion).score
        ]
        whom = "both" if len(beaten) == len(primaries) else listed(beaten)
        above.setdefault(whom, []).append(knowledge.criterion(criterion).name)
    if not above:
        return ""
    parts = [f"above {whom} on {listed(names)}" for whom, names in above.items()]
    return f" It is rated {listed(parts)}."


def _alternative_remark(knowledge: Knowledge, rec: Recommendation) -> str:
    """A sentence on the best alternative when it fits about as well as the leader, else ""."""
    engine = knowledge.engine
    fit = rec.fit
    first = rec.leader
    best_alt = max(knowledge.alternatives, key=lambda o: fit[o.id])
    if rec.answers and fit[best_alt.id] >= fit[first]:
        return (
            f" {best_alt.name} fits as well or better ({_percent(fit[best_alt.id])}), but not by "
            f"the {engine.consider_others_margin:g} points the guide needs before it recommends "
            f"an alternative instead."
        )
    if rec.answers and fit[best_alt.id] > fit[first] - engine.close_call_margin:
        return f" {best_alt.name} comes close ({fit[best_alt.id]:.1f}% against {fit[first]:.1f}%)."
    return ""


def robustness_sentence(knowledge: Knowledge, rec: Recommendation) -> str:
    """How firm the verdict is, in one sentence."""
    robust = rec.robustness
    count = len(robust.flips)
    tried = robust.tried
    if not rec.answers:
        # Before any answer there is no verdict to test, only a first one to give.
        opening = (
            f"Open: {count} of the {tried} plausible single changes (one answer, or one "
            "importance step) would give a verdict"
        )
        if count == 0:
            return f"{opening}."
        return f"{opening}; the smallest: {_lower_first(flip_text(knowledge, robust.flips[0]))}"
    if robust.level == FRAGILE:
        lead = "Fragile, as every close call is" if rec.verdict == CLOSE_CALL else "Fragile"
    else:
        lead = "Firm"
    if count == 0:
        return (
            f"{lead}: none of the {tried} plausible single changes (one answer, or one "
            "importance step) would change it."
        )
    small = _lower_first(flip_text(knowledge, robust.flips[0]))
    return (
        f"{lead}: {count} of {tried} plausible single changes (one answer, or one importance "
        f"step) would change it; the smallest: {small}"
    )
