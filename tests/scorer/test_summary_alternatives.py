"""The summary names an alternative that fits about as well as the leader.

Whatever the verdict (Node.js or Flask, a close call or a tie), a reader who
sees Django or FastAPI at the same fit in the list below should find it said
in the summary, with the reason it is not recommended.
"""

from __future__ import annotations

from dataclasses import replace

from scorer import Knowledge, recommend
from scorer.model import CONSIDER_OTHERS, Recommendation
from scorer.wording import summary


def test_an_alternative_as_good_as_the_leader_or_close_is_named(
    knowledge: Knowledge, small_results: tuple[Recommendation, ...]
) -> None:
    margin = knowledge.engine.consider_others_margin
    kinds = set()
    for rec in small_results:
        if rec.verdict == CONSIDER_OTHERS:
            continue
        best = max(knowledge.alternatives, key=lambda o: rec.fit[o.id])
        text = summary(knowledge, rec)
        said = f" {best.name} fits as well or better ({rec.fit[best.id]:.0f}%), but not by the "
        if rec.fit[best.id] >= rec.fit[rec.leader]:
            assert said in text, (dict(rec.answers), text)
            assert f"{margin:g} points the guide needs" in text
            kinds.add("tie" if rec.tie else rec.verdict)
        else:
            assert "fits as well or better" not in text, (dict(rec.answers), text)
            near = rec.fit[best.id] > rec.fit[rec.leader] - knowledge.engine.close_call_margin
            assert (f" {best.name} comes close (" in text) == near, (dict(rec.answers), text)
    # the remark is reached from a tie, a close call and a plain verdict
    assert {"tie", "close-call"} <= kinds and kinds - {"tie", "close-call"}


def test_a_tie_with_an_alternative_says_so(knowledge: Knowledge) -> None:
    tie = recommend(knowledge, {"size": "medium"})
    assert tie.tie and tie.fit["django"] == tie.fit["nodejs"]
    assert summary(knowledge, tie) == (
        f"Node.js and Flask fit your answers exactly as well ({tie.fit['nodejs']:.0f}% each): "
        f"a tie, with no lean either way. Django fits as well or better "
        f"({tie.fit['django']:.0f}%), but not by the "
        f"{knowledge.engine.consider_others_margin:g} points the guide needs before it "
        "recommends an alternative instead."
    )


def test_a_named_alternative_says_whom_it_is_rated_above(knowledge: Knowledge) -> None:
    rec = recommend(knowledge, {"team": "python", "realtime": "core"})
    assert rec.verdict == CONSIDER_OTHERS and rec.alternative_criteria == ("api-development",)
    assert summary(knowledge, rec).endswith(" It is rated above both on API development.")
    # Where it beats one primary only (reached with few answers), it says which.
    mixed = replace(rec, alternative_criteria=("api-development", "real-time", "team-python"))
    assert summary(knowledge, mixed).endswith(
        " It is rated above both on API development, above Flask on Real-time features"
        " and above Node.js on Fits a Python team."
    )
    bare = summary(knowledge, replace(rec, alternative_criteria=()))
    assert bare.endswith(f"{rec.fit['nodejs']:.0f}% for Node.js.")
