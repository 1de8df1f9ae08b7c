"""Share codec: short, stable strings that round-trip; decoding never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer import Knowledge, decode_share, encode_share, load_knowledge

KNOWLEDGE = load_knowledge()
ENGINE = KNOWLEDGE.engine


def test_format_is_short_and_sorted() -> None:
    query = encode_share({"traffic": "high", "team": "python"}, {"real-time": 2, "cpu-bound": 0.5})
    assert query == "v=1&a=team.python,traffic.high&w=cpu-bound.0.5,real-time.2"


def test_empty_state_encodes_to_version_only() -> None:
    assert encode_share({}, {}) == "v=1"


def test_decode_accepts_question_mark_and_whole_urls(knowledge: Knowledge) -> None:
    for query in (
        "?v=1&a=team.python",
        "https://example.org/node-or-flask/chooser/?v=1&a=team.python#result",
        "a=team.python",
    ):
        state = decode_share(knowledge, query)
        assert dict(state.answers) == {"team": "python"}
        assert state.problems == ()


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("v=1&a=tem.python", "unknown question 'tem' dropped (did you mean 'team'?)"),
        (
            "v=1&a=team.pyton",
            "unknown answer 'pyton' to question 'team' dropped (did you mean 'python'?)",
        ),
        ("v=1&a=team", "answer 'team' is not question.answer; dropped"),
        (
            "v=1&a=team.python,team.javascript",
            "question 'team' answered twice; kept the first answer",
        ),
        ("v=1&w=realtime.2", "unknown criterion 'realtime' dropped (did you mean 'real-time'?)"),
        (
            "v=1&w=real-time.9",
            "weight '9' for 'real-time' dropped: it must be a number from 0 to 3",
        ),
        ("v=1&w=real-time.nan", "weight 'nan' for 'real-time' dropped"),
        ("v=1&w=real-time", "weight 'real-time' is not criterion.value; dropped"),
        ("v=2&a=team.python", "link format version '2' is not supported; read as version 1"),
        ("v=1&zz=1", "unknown part 'zz' ignored"),
        ("v=1&a=team.python&a=ml.core", "part 'a' given twice; kept the first"),
    ],
)
def test_bad_parts_are_reported_and_dropped(knowledge: Knowledge, query: str, problem: str) -> None:
    state = decode_share(knowledge, query)
    assert any(problem in p for p in state.problems), state.problems


def test_valid_parts_survive_bad_neighbours(knowledge: Knowledge) -> None:
    state = decode_share(knowledge, "v=1&a=tem.python,ml.core,,traffic.high&w=x.1,cpu-bound.2")
    assert dict(state.answers) == {"traffic": "high", "ml": "core"}
    assert dict(state.weights) == {"cpu-bound": 2.0}
    assert len(state.problems) == 2


def test_overlong_input_is_cut_and_reported(knowledge: Knowledge) -> None:
    state = decode_share(knowledge, "v=1&a=team.python&" + "x" * 5000)
    assert dict(state.answers) == {"team": "python"}
    assert any("too long" in p for p in state.problems)


answer_sets = st.fixed_dictionaries(
    {},
    optional={q.id: st.sampled_from([o.id for o in q.options]) for q in KNOWLEDGE.questions},
)
weight_sets = st.dictionaries(
    st.sampled_from([c.id for c in KNOWLEDGE.criteria]),
    st.sampled_from([0.0, 0.25, 0.5, 1.5, 2.0, 2.75, 3.0]),
)


@settings(max_examples=200, deadline=None)
@given(answer_sets, weight_sets)
def test_round_trip(answers: dict[str, str], weights: dict[str, float]) -> None:
    query = encode_share(answers, weights)
    state = decode_share(KNOWLEDGE, query)
    assert dict(state.answers) == answers
    assert dict(state.weights) == weights
    assert state.problems == ()
    assert encode_share(state.answers, state.weights) == query


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fuzzed_strings_never_raise(text: str) -> None:
    state = decode_share(KNOWLEDGE, text)
    assert all(isinstance(p, str) for p in state.problems)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "v=",
                "a=",
                "w=",
                "1",
                "team",
                ".",
                ",",
                "&",
                "=",
                "python",
                "%",
                "%2C",
                "+",
                "ml.core",
                "real-time.",
                "2",
                "-",
                "é",
                "?",
                "#",
                "\x00",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_structured_garbage_never_raises(text: str) -> None:
    state = decode_share(KNOWLEDGE, text)
    for question_id, option_id in state.answers.items():
        KNOWLEDGE.question(question_id).option(option_id)
    for value in state.weights.values():
        assert ENGINE.weight_min <= value <= ENGINE.weight_max


def test_non_text_input_is_reported(knowledge: Knowledge) -> None:
    state = decode_share(knowledge, None)  # type: ignore[arg-type]
    assert state.problems == ("the share string is not text; ignored",)
