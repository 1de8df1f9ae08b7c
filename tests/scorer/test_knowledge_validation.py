"""A broken knowledge file raises KnowledgeError naming file, entry and field.

One case per kind of error. Each writes the packaged file with one change
to a temporary folder and asserts the message. Validation is all-or-nothing:
load_knowledge either returns a complete model or raises.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scorer import KnowledgeError, ScorerError, load_knowledge

NODE_PERF = "[ratings.performance.nodejs]\nscore = 5\n"
SIO = 'source_url = "https://socket.io/docs/v4/"\n'
SIO_VERSIONS = (
    'source_title = "Socket.IO: Introduction"\n'
    'versions = "Express 5.3 on Node.js 26 LTS, Socket.IO 4.8"'
)
CASES = [
    pytest.param(
        [("schema = 1\n", "schema = 1\n[broken\n")], "", "not valid TOML", id="toml-syntax"
    ),
    pytest.param(
        [('id = "flask"\nname = "Flask"\n', 'id = "flask"\n')],
        "",
        "option 'flask', field 'name': missing",
        id="missing-field",
    ),
    pytest.param(
        [('id = "flask"\nname = "Flask"\n', 'id = "flask"\nnmae = "Flask"\n')],
        "",
        "option 'flask', field 'nmae': unknown field (did you mean 'name'?)",
        id="unknown-field",
    ),
    pytest.param(
        [('id = "django"\nname = "Django"\n', 'id = "flask"\nname = "Django"\n')],
        "",
        "option 'flask', field 'id': duplicate option id 'flask'",
        id="duplicate-option-id",
    ),
    pytest.param(
        [('id = "deps"\n', 'id = "team"\n')],
        "",
        "question 'team', field 'id': duplicate question id 'team'",
        id="duplicate-question-id",
    ),
    pytest.param(
        [("weights = { team-python = 4 }", "weights = { team-pyton = 4 }")],
        "",
        "question 'team', option 'python', field 'weights': unknown criterion 'team-pyton' "
        "(did you mean 'team-python'?)",
        id="unknown-criterion-in-question",
    ),
    pytest.param(
        [(NODE_PERF, NODE_PERF.replace("5", "7"))],
        "",
        "rating nodejs/performance, field 'score': 7 is out of range 1 to 5",
        id="rating-out-of-range",
    ),
    pytest.param(
        [(NODE_PERF, NODE_PERF.replace("5", '"5"'))],
        "",
        "rating nodejs/performance, field 'score': must be an integer, got '5'",
        id="rating-not-integer",
    ),
    pytest.param(
        [
            (
                NODE_PERF + 'rationale = "One event loop',
                NODE_PERF.replace("score", "scre") + 'rationale = "One event loop',
            )
        ],
        "",
        "rating nodejs/performance, field 'scre': unknown field (did you mean 'score'?)",
        id="rating-unknown-field",
    ),
    pytest.param(
        [(SIO + SIO_VERSIONS, SIO_VERSIONS)],
        "",
        "rating nodejs/real-time, field 'source_url': missing",
        id="missing-source",
    ),
    pytest.param(
        [(SIO + SIO_VERSIONS, 'source_url = "socket.io/docs"\n' + SIO_VERSIONS)],
        "",
        "rating nodejs/real-time, field 'source_url': must be an https:// URL",
        id="source-not-https",
    ),
    pytest.param(
        [("[ratings.small-apps.django]\n", "[ratings.small-apps.djngo]\n")],
        "",
        "rating djngo/small-apps: unknown option (did you mean 'django'?)",
        id="rating-unknown-option",
    ),
    pytest.param(
        [],
        "\n[ratings.speed.nodejs]\nscore = 3\n",
        "[ratings.speed]: unknown criterion",
        id="rating-unknown-criterion",
    ),
    pytest.param(
        [("[ratings.structure.django]\n", "[ratings.structure-x.django]\n")],
        "",
        "[ratings.structure-x]: unknown criterion (did you mean 'structure'?)",
        id="rating-unknown-criterion-suggests",
    ),
    pytest.param(
        [('id = "learning-curve"\n', 'id = "Learning Curve"\n')],
        "",
        "criteria[2], field 'id': 'Learning Curve' is not a kebab-case id",
        id="bad-id",
    ),
    pytest.param(
        [('kind = "alternative"\nsummary = "Batteries', 'kind = "primary"\nsummary = "Batteries')],
        "",
        "options, field 'kind': exactly two primary options needed",
        id="three-primaries",
    ),
    pytest.param(
        [("close_call_margin = 4.0", "close_call_margin = -1.0")],
        "",
        "[engine], field 'close_call_margin': must be greater than 0",
        id="engine-threshold",
    ),
    pytest.param(
        [("schema = 1\n", "schema = 2\n")],
        "",
        "top level, field 'schema': version 2 is not supported (expected 1)",
        id="schema-version",
    ),
    pytest.param(
        [("reviewed = 2026-12-01\n", 'reviewed = "last week"\n')],
        "",
        "top level, field 'reviewed': must be a date",
        id="date-not-a-date",
    ),
    pytest.param(
        [('section = "how-to-choose/#small-apps"', 'section = "how-to-choose/"')],
        "",
        "criterion 'small-apps', field 'section': must be a site path with an anchor",
        id="section-without-anchor",
    ),
    pytest.param(
        [("weights = { dependency-hygiene = 3 }", "weights = { dependency-hygiene = -3 }")],
        "",
        "question 'deps', option 'strict', field 'weights': weight of 'dependency-hygiene' "
        "is negative",
        id="negative-weight",
    ),
    pytest.param(
        [
            (
                'criteria = ["performance", "scalability", "real-time"]',
                'criteria = ["performance", "scalabilty", "real-time"]',
            )
        ],
        "",
        "group 'event-loop', field 'criteria': unknown criterion 'scalabilty' "
        "(did you mean 'scalability'?)",
        id="unknown-criterion-in-group",
    ),
    pytest.param(
        [
            (
                'criteria = ["team-javascript", "team-python", "learning-curve"]',
                'criteria = ["team-javascript", "team-python", "learning-curve", "real-time"]',
            )
        ],
        "",
        "group 'team-language', field 'criteria': criterion 'real-time' is already in "
        "group 'event-loop'",
        id="criterion-in-two-groups",
    ),
    pytest.param(
        [
            (
                'cap = 4.0\ncriteria = ["performance", "scalability", "real-time"]',
                'cap = 0.0\ncriteria = ["performance", "scalability", "real-time"]',
            )
        ],
        "",
        "group 'event-loop', field 'cap': must be greater than 0",
        id="group-cap-too-low",
    ),
    pytest.param(
        [('criteria = ["performance", "scalability", "real-time"]', 'criteria = ["performance"]')],
        "",
        "group 'event-loop', field 'criteria': must list at least two criterion ids",
        id="group-of-one",
    ),
    pytest.param(
        [("fragile_shift = 4.0", "")],
        "",
        "[engine], field 'fragile_shift': missing",
        id="engine-missing-fragile-shift",
    ),
]


@pytest.mark.parametrize(("replacements", "append", "message"), CASES)
def test_broken_file_names_entry_and_field(
    write_knowledge: Callable[..., Path],
    replacements: list[tuple[str, str]],
    append: str,
    message: str,
) -> None:
    path = write_knowledge(*replacements, append=append)
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(path)
    assert message in str(info.value)
    assert str(info.value).startswith(str(path))


def test_missing_rating_is_named(write_knowledge: Callable[..., Path], knowledge_text: str) -> None:
    start = knowledge_text.index("[ratings.cpu-bound.django]")
    end = knowledge_text.index("[ratings.team-javascript.nodejs]")
    path = write_knowledge((knowledge_text[start:end], ""))
    with pytest.raises(KnowledgeError, match=r"rating django/cpu-bound: missing: add"):
        load_knowledge(path)


def test_question_with_one_answer(
    write_knowledge: Callable[..., Path], knowledge_text: str
) -> None:
    start = knowledge_text.index('  [[questions.options]]\n  id = "strict"')
    end = knowledge_text.index("# --- versions compared")
    path = write_knowledge((knowledge_text[start:end], "\n"))
    with pytest.raises(
        KnowledgeError, match=r"question 'deps', field 'options': needs at least two"
    ):
        load_knowledge(path)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="file: cannot be read"):
        load_knowledge(tmp_path / "missing.toml")


def test_error_keeps_its_parts(write_knowledge: Callable[..., Path]) -> None:
    path = write_knowledge((NODE_PERF, NODE_PERF.replace("5", "0")))
    with pytest.raises(ScorerError) as info:
        load_knowledge(path)
    error = info.value
    assert isinstance(error, KnowledgeError)
    assert (error.path, error.entry, error.field) == (
        str(path),
        "rating nodejs/performance",
        "score",
    )


def test_a_valid_copy_loads_in_full(write_knowledge: Callable[..., Path]) -> None:
    knowledge = load_knowledge(write_knowledge())
    assert len(knowledge.ratings) == len(knowledge.options) * len(knowledge.criteria)
