"""Text a reader sees never contains an internal id.

For many answer sets, render the CLI's human output, the Markdown record and
every reader string the page shows (from the JSON the browser bridge returns),
and fail on any id. Command syntax the CLI prints for copying (``--answer
team=python``), site paths, URLs and the share string are code, not prose,
and are removed first.
"""

from __future__ import annotations

import io
import random
import re
from typing import Any

import pytest

from scorer import api, load_knowledge, recommend, to_markdown
from scorer.cli import _human

KNOWLEDGE = load_knowledge()
# The knowledge's own prose (prompts, labels, names, rationales) may use a word
# that is also an id ("machine-learning libraries", "built-in JSON responses"):
# it is removed before the search, so only text the engine writes is checked.
PROSE = sorted(
    {
        *(q.prompt for q in KNOWLEDGE.questions),
        *(a.label for q in KNOWLEDGE.questions for a in q.options),
        *(c.name for c in KNOWLEDGE.criteria),
        *(c.description for c in KNOWLEDGE.criteria),
        *(g.name for g in KNOWLEDGE.groups),
        *(r.rationale for r in KNOWLEDGE.ratings.values()),
        *(o.summary for o in KNOWLEDGE.options),
        *(o.description for o in KNOWLEDGE.options),
    },
    key=len,
    reverse=True,
)


def _ids() -> set[str]:
    ids = {"close-call", "consider-others"}
    ids |= {o.id for o in KNOWLEDGE.options} | {c.id for c in KNOWLEDGE.criteria}
    ids |= {g.id for g in KNOWLEDGE.groups} | {q.id for q in KNOWLEDGE.questions}
    ids |= {a.id for q in KNOWLEDGE.questions for a in q.options if "-" in a.id}
    words = {i for i in ids if "-" not in i and i not in {"nodejs", "flask", "django"}}
    # lower-case single words (traffic, team, size, ...) are English too; names are
    # capitalised (Flask, Django), so the lower-case ids are checked as ids
    return ids - (words - {"realtime", "deps", "ml", "cpu"})


IDS = sorted(_ids())
PATTERN = re.compile(r"(?<![\w/.#-])(" + "|".join(map(re.escape, IDS)) + r")(?![\w/-])")
CODE = [
    re.compile(r"https?://\S+"),
    re.compile(r"\(try: [^)]*\)"),
    re.compile(r"^\s*see \S+$", re.M),
    re.compile(r"`v=1[^`]*`"),
]


def _prose(text: str) -> str:
    for pattern in CODE:
        text = pattern.sub(" ", text)
    text = " ".join(text.split())  # the CLI wraps lines
    for known in PROSE:
        text = text.replace(" ".join(known.split()), " ")
    return text


def _answer_sets() -> list[dict[str, str]]:
    rng = random.Random(10)
    sets: list[dict[str, str]] = [{}]
    for question in KNOWLEDGE.questions:
        sets += [{question.id: option.id} for option in question.options]
    for _ in range(120):
        answers = {}
        for question in KNOWLEDGE.questions:
            choice = rng.choice([None, *(o.id for o in question.options)])
            if choice is not None:
                answers[question.id] = choice
        sets.append(answers)
    return sets


def _page_strings(document: dict[str, Any]) -> list[str]:
    rec = document["recommendation"]
    texts = [rec["label"], rec["summary"], rec["robustness"]["sentence"], *rec["notes"]]
    texts += [c["name"] for c in rec["contributions"]]
    texts += [c["group_name"] for c in rec["contributions"] if c["group_name"]]
    for key in ("reasons", "counterpoints"):
        texts += [p[field] for p in rec[key] for field in ("text", "name", "claim")]
    texts += [f["text"] for f in rec["sensitivity"]] + [f["outcome"] for f in rec["sensitivity"]]
    texts += [f["text"] for f in rec["robustness"]["flips"]]
    texts += document["problems"]
    return texts


def _found(text: str) -> list[str]:
    return PATTERN.findall(_prose(text))


def test_the_pattern_catches_ids() -> None:
    assert "team-python" in IDS and "consider-others" in IDS and "nodejs" in IDS
    assert _found("would make it consider-others") == ["consider-others"]
    assert _found("The importance of 'machine-learning' has no effect") == ["machine-learning"]
    assert _found("Node.js, Flask and FastAPI or Quart, see questions/real-time/#verdict") == []


@pytest.mark.parametrize("answers", _answer_sets())
def test_no_id_in_reader_text(answers: dict[str, str]) -> None:
    weights = {"deployment": 2.0} if len(answers) % 3 == 0 else {}
    rec = recommend(KNOWLEDGE, answers, weights)
    out = io.StringIO()
    _human(KNOWLEDGE, rec, out)
    assert _found(out.getvalue()) == [], out.getvalue()
    markdown = to_markdown(KNOWLEDGE, rec)
    assert _found(markdown) == [], markdown
    query = "v=1&a=" + ",".join(f"{q}.{a}" for q, a in sorted(answers.items()))
    document = api.evaluate(query)
    for text in _page_strings(document):
        assert _found(text) == [], text
