"""Share links are hostile input: 10,000 generated ones, decoded in CPython.

For every string of the corpus (tests/support/share_fuzz.py) decoding must
not raise, keep only valid ids and weights, give a short notice (at most
``MAX_PROBLEMS`` short sentences), and re-encode to a link that decodes to
the same state with no problem at all: the link the chooser rewrites the
address bar to. A Hypothesis property adds arbitrary text on top.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from scorer import decode_share, encode_share, load_knowledge
from scorer.share import MAX_PROBLEMS
from tests.support.share_fuzz import FAMILIES, corpus

KNOWLEDGE = load_knowledge()
QUESTIONS = {q.id: {o.id for o in q.options} for q in KNOWLEDGE.questions}
CRITERIA = {c.id for c in KNOWLEDGE.criteria}
ENGINE = KNOWLEDGE.engine
CASES = 10_000


def _check(query: str) -> bool:
    state = decode_share(KNOWLEDGE, query)
    for question, answer in state.answers.items():
        assert answer in QUESTIONS[question], (query, question, answer)
    for criterion, weight in state.weights.items():
        assert criterion in CRITERIA
        assert ENGINE.weight_min <= weight <= ENGINE.weight_max
    assert len(state.problems) <= MAX_PROBLEMS
    assert all(len(p) <= 160 for p in state.problems), state.problems
    rewritten = encode_share(state.answers, state.weights)
    again = decode_share(KNOWLEDGE, rewritten)
    assert again.problems == (), (query, rewritten, again.problems)
    assert dict(again.answers) == dict(state.answers)
    assert dict(again.weights) == dict(state.weights)
    return bool(state.problems)


def test_ten_thousand_hostile_links_decode_safely() -> None:
    seen: Counter[str] = Counter()
    noticed = 0
    for family, query in corpus(KNOWLEDGE, CASES):
        seen[family.split("+")[0]] += 1
        noticed += _check(query)
    assert sum(seen.values()) == CASES
    assert set(seen) == set(FAMILIES)
    # Nearly every hostile link gets a notice (a truncation can still be valid).
    assert noticed > CASES * 0.8, noticed
    print(f"\nshare fuzz: {CASES} links, {noticed} with a notice, by family {dict(seen)}")


@settings(max_examples=2_000, deadline=None, database=None)
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_arbitrary_text_decodes_safely(query: str) -> None:
    _check(query)
