"""The packaged knowledge file loads and matches the team contract."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from scorer import Knowledge, UnknownIdError, load_knowledge

CONTRACT_SECTIONS = {
    "performance": "questions/performance/#io-bound-work",
    "scalability": "questions/scalability/#verdict",
    "learning-curve": "questions/learning-curve/#verdict",
    "api-development": "questions/api-development/#verdict",
    "real-time": "questions/real-time/#verdict",
    "machine-learning": "questions/machine-learning/#verdict",
    "ecosystem": "questions/ecosystem/#verdict",
    "deployment": "questions/deployment/#verdict",
    "cpu-bound": "questions/performance/#cpu-bound-work",
    "team-javascript": "how-to-choose/#team-language",
    "team-python": "how-to-choose/#team-language",
    "small-apps": "how-to-choose/#small-apps",
    "structure": "strengths-weaknesses/#structure",
    "dependency-hygiene": "questions/ecosystem/#supply-chain",
}


def test_default_load_is_cached(knowledge: Knowledge) -> None:
    assert load_knowledge() is knowledge


def test_options_match_the_contract(knowledge: Knowledge) -> None:
    assert [o.id for o in knowledge.options] == ["nodejs", "flask", "fastapi-quart", "django"]
    assert [o.id for o in knowledge.primaries] == ["nodejs", "flask"]
    assert "Express" in knowledge.option("nodejs").description
    assert "Fastify" in knowledge.option("nodejs").description


def test_criteria_and_sections_match_the_contract(knowledge: Knowledge) -> None:
    assert {c.id: c.section for c in knowledge.criteria} == CONTRACT_SECTIONS


def test_every_option_is_rated_on_every_criterion(knowledge: Knowledge) -> None:
    for option in knowledge.options:
        for criterion in knowledge.criteria:
            rating = knowledge.rating(option.id, criterion.id)
            assert 1 <= rating.score <= 5
            assert rating.source_url.startswith("https://")
            assert rating.rationale and rating.source_title and rating.versions
            assert dt.date(2026, 11, 24) <= rating.reviewed <= dt.date(2026, 12, 1)


def test_ratings_are_one_line_in_our_words(knowledge: Knowledge) -> None:
    for rating in knowledge.ratings.values():
        assert "\n" not in rating.rationale
        assert len(rating.rationale) <= 160, (rating.option, rating.criterion)


def test_questions_are_few_and_short(knowledge: Knowledge) -> None:
    assert 7 <= len(knowledge.questions) <= 9
    for question in knowledge.questions:
        assert len(question.id) <= 10
        assert 2 <= len(question.options) <= 5


def test_every_criterion_can_gain_weight(knowledge: Knowledge) -> None:
    reached = {c.id for c in knowledge.criteria if c.baseline > 0}
    for question in knowledge.questions:
        for option in question.options:
            reached.update(c for c, w in option.weights.items() if w > 0)
    assert reached == set(CONTRACT_SECTIONS)


def test_versions_table_names_the_primaries(knowledge: Knowledge) -> None:
    names = {v.name for v in knowledge.versions}
    assert {"Node.js", "Flask", "Gunicorn", "Express"} <= names


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda k: k.option("flsk"), "unknown option 'flsk' (did you mean 'flask'?)"),
        (lambda k: k.criterion("realtime"), "did you mean 'real-time'?"),
        (lambda k: k.question("teams"), "unknown question 'teams' (did you mean 'team'?)"),
        (lambda k: k.rating("nodejs", "speed"), "unknown criterion 'speed'"),
    ],
)
def test_lookup_helpers_suggest_the_closest_id(
    knowledge: Knowledge, call: Callable[[Knowledge], object], message: str
) -> None:
    with pytest.raises(UnknownIdError) as info:
        call(knowledge)
    assert message in str(info.value)


def test_advantages_show_where_alternatives_are_ahead(knowledge: Knowledge) -> None:
    fastapi = knowledge.advantages("fastapi-quart")
    assert fastapi["flask"][0] == "real-time"  # the gap Flask leaves for async Python
    assert fastapi["nodejs"][0] == "team-python"
    django = knowledge.advantages("django")
    assert "structure" in django["flask"] and "structure" in django["nodejs"]
    assert set(knowledge.advantages("nodejs")) == {"flask"}


def test_sources_are_primary_documentation(knowledge: Knowledge) -> None:
    primary_hosts = (
        "nodejs.org",
        "flask.palletsprojects.com",
        "gunicorn.org",
        "socket.io",
        "flask-socketio.readthedocs.io",
        "expressjs.com",
        "fastify.dev",
        "fastapi.tiangolo.com",
        "docs.djangoproject.com",
        "pypi.org",
        "docs.npmjs.com",
        "onnxruntime.ai",
        "docs.docker.com",
        "scikit-learn.org",
        "github.com/nodejs/",
        "peps.python.org",
    )
    urls = [r.source_url for r in knowledge.ratings.values()]
    urls += [v.source_url for v in knowledge.versions] + [o.url for o in knowledge.options]
    for url in urls:
        assert url.removeprefix("https://").startswith(primary_hosts), url
