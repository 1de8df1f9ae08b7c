"""The result claims a verdict only when it gives one.

A close call, and the general comparison shown before any answer, only have
an option that leads: the fit list, the headings over the points and the
robustness sentence must say so (in the CLI, the JSON the page draws from and
the decision record alike), and keep "verdict" and "Why" for a real verdict.
"""

from __future__ import annotations

import pytest

from scorer import Knowledge, recommend
from scorer.export import to_json
from scorer.model import CLOSE_CALL, CONSIDER_OTHERS, Recommendation
from scorer.wiki import link_text
from scorer.wording import (
    choice_mark,
    counterpoints_title,
    flips_intro,
    reasons_title,
    robustness_sentence,
    summary,
)


def _kind(rec: Recommendation) -> str:
    if not rec.answers:
        return "no answers"
    if rec.verdict == CONSIDER_OTHERS:
        return "alternative"  # its primaries may tie: the alternative is still the verdict
    if rec.tie:
        return "tie"
    if rec.verdict == CLOSE_CALL:
        return "close call"
    return "verdict"


@pytest.fixture(scope="module")
def results(
    knowledge: Knowledge, small_results: tuple[Recommendation, ...]
) -> dict[str, Recommendation]:
    """A result of every kind, from no answer, one answer or two."""
    found = {"no answers": recommend(knowledge, {})}
    for rec in small_results:
        found.setdefault(_kind(rec), rec)
    assert set(found) == {"no answers", "tie", "close call", "alternative", "verdict"}
    return found


@pytest.mark.parametrize(
    ("kind", "mark", "reasons", "against"),
    [
        ("verdict", "verdict", "Why {choice}", "Against it"),
        ("alternative", "verdict", "Why {choice}", "Against it"),
        ("close call", "leads", "Where {choice} leads", "Where the others lead"),
        ("no answers", "leads", "Where {choice} leads", "Where the others lead"),
        ("tie", None, None, "Points each way"),
    ],
)
def test_headings_claim_a_verdict_only_when_there_is_one(
    knowledge: Knowledge,
    results: dict[str, Recommendation],
    kind: str,
    mark: str | None,
    reasons: str | None,
    against: str,
) -> None:
    rec = results[kind]
    choice = knowledge.option(rec.choice).name if rec.choice else None
    assert choice_mark(rec) == mark
    assert reasons_title(knowledge, rec) == (reasons.format(choice=choice) if reasons else None)
    assert counterpoints_title(rec) == against
    data = to_json(knowledge, rec)
    assert data["choice_mark"] == mark
    assert data["headings"] == {
        "reasons": reasons_title(knowledge, rec),
        "counterpoints": against,
        "flips": flips_intro(rec),
    }


def test_before_any_answer_the_changes_give_a_verdict(
    knowledge: Knowledge, results: dict[str, Recommendation]
) -> None:
    empty = results["no answers"]
    assert flips_intro(empty).endswith("would give a verdict:")
    sentence = robustness_sentence(knowledge, empty)
    count, tried = len(empty.robustness.flips), empty.robustness.tried
    assert count > 0
    assert sentence.startswith(f"Open: {count} of the {tried} plausible single changes ")
    assert "would give a verdict; the smallest: answering “" in sentence
    assert "change it" not in sentence and "Fragile" not in sentence
    for kind in ("verdict", "close call", "tie"):
        rec = results[kind]
        assert flips_intro(rec).endswith("would change the verdict:")
        assert robustness_sentence(knowledge, rec).startswith(("Firm", "Fragile"))


def test_an_alternative_is_recommended_in_words_even_when_the_primaries_tie(
    knowledge: Knowledge, small_results: tuple[Recommendation, ...]
) -> None:
    """Node.js and Flask can fit exactly as well while an alternative beats both:
    the verdict is the alternative, and no sentence may call the result a tie."""
    alternatives = [r for r in small_results if r.verdict == CONSIDER_OTHERS]
    assert any(r.tie for r in alternatives), "no input gives an alternative over tied primaries"
    for rec in alternatives:
        name = knowledge.option(rec.choice).name if rec.choice else None
        assert summary(knowledge, rec).startswith(f"{name} fits your answers better than either")
        assert link_text(knowledge, rec).startswith(f"Recommendation: consider {name} (fit ")
        assert choice_mark(rec) == "verdict" and reasons_title(knowledge, rec) == f"Why {name}"
