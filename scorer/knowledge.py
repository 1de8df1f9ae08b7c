"""Load and validate the knowledge file.

:func:`load_knowledge` reads TOML with the standard library, checks every
entry and only then builds the frozen model: a broken file raises
:class:`~scorer.errors.KnowledgeError` naming the file, the entry and the
field, and never yields a half-loaded model.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .checks import Checker
from .errors import KnowledgeError, suggest
from .model import (
    ALTERNATIVE,
    PRIMARY,
    Criterion,
    EngineSettings,
    Group,
    Knowledge,
    Option,
    Question,
    QuestionOption,
    Rating,
    VersionEntry,
)

__all__ = ["DEFAULT_NAME", "load_knowledge", "parse_knowledge"]

DEFAULT_NAME = "knowledge.toml"
SCHEMA = 1
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_TOP = {
    "schema",
    "title",
    "reviewed",
    "engine",
    "options",
    "criteria",
    "groups",
    "ratings",
    "questions",
    "versions",
}
_ENGINE = (
    "rating_min",
    "rating_max",
    "weight_min",
    "weight_max",
    "weight_default",
    "weight_step",
    "close_call_margin",
    "consider_others_margin",
    "fragile_shift",
)
_OPTION = ("id", "name", "kind", "summary", "description", "versions", "url")
_CRITERION = ("id", "name", "description", "section", "verdict", "baseline")
_GROUP = ("id", "name", "description", "cap", "criteria")
_RATING_REQUIRED = ("score", "rationale", "source_url", "source_title")
_RATING_OPTIONAL = ("versions", "reviewed")
_QUESTION = ("id", "prompt", "help", "options")
_ANSWER = ("id", "label", "weights")
_VERSION = ("name", "version", "status", "source_url", "source_title")


def _engine(check: Checker, data: Mapping[str, Any]) -> EngineSettings:
    entry = "[engine]"
    table = check.table(data.get("engine"), entry) if "engine" in data else None
    if table is None:
        raise check.fail(entry, None, "missing table")
    check.fields(table, entry, _ENGINE)
    low = check.integer(table, "rating_min", entry)
    high = check.integer(table, "rating_max", entry)
    if not 0 < low < high:
        raise check.fail(entry, "rating_max", "must be greater than rating_min, both above 0")
    values = {key: check.number(table, key, entry) for key in _ENGINE[2:]}
    if not 0 <= values["weight_min"] <= values["weight_default"] <= values["weight_max"]:
        raise check.fail(
            entry, "weight_default", "must lie between weight_min and weight_max (min >= 0)"
        )
    if values["weight_max"] <= values["weight_min"]:
        raise check.fail(entry, "weight_max", "must be greater than weight_min")
    for key in ("weight_step", "close_call_margin", "consider_others_margin", "fragile_shift"):
        if values[key] <= 0:
            raise check.fail(entry, key, "must be greater than 0")
    return EngineSettings(rating_min=low, rating_max=high, **values)


def _options(check: Checker, data: Mapping[str, Any]) -> tuple[Option, ...]:
    seen: set[str] = set()
    options = []
    for index, raw in enumerate(check.array(data, "options", "top level")):
        entry = f"options[{index}]"
        table = check.table(raw, entry)
        option_id = check.ident(table, entry)
        entry = f"option '{option_id}'"
        check.unique(seen, option_id, "option", entry)
        check.fields(table, entry, _OPTION)
        kind = check.text(table, "kind", entry)
        if kind not in (PRIMARY, ALTERNATIVE):
            raise check.fail(entry, "kind", f"must be '{PRIMARY}' or '{ALTERNATIVE}', got '{kind}'")
        options.append(
            Option(
                id=option_id,
                name=check.text(table, "name", entry),
                kind=kind,
                summary=check.text(table, "summary", entry),
                description=check.text(table, "description", entry),
                versions=check.text(table, "versions", entry),
                url=check.url(table, "url", entry),
            )
        )
    primaries = [o.id for o in options if o.kind == PRIMARY]
    if len(primaries) != 2:
        raise check.fail(
            "options", "kind", f"exactly two primary options needed, found {primaries}"
        )
    return tuple(options)


def _criteria(check: Checker, data: Mapping[str, Any]) -> tuple[Criterion, ...]:
    seen: set[str] = set()
    criteria = []
    for index, raw in enumerate(check.array(data, "criteria", "top level")):
        entry = f"criteria[{index}]"
        table = check.table(raw, entry)
        criterion_id = check.ident(table, entry)
        entry = f"criterion '{criterion_id}'"
        check.unique(seen, criterion_id, "criterion", entry)
        check.fields(table, entry, _CRITERION)
        section = check.text(table, "section", entry)
        if section.startswith(("/", "http:", "https:")) or "#" not in section:
            raise check.fail(
                entry,
                "section",
                f"must be a site path with an anchor such as 'page/#id', got '{section}'",
            )
        baseline = check.number(table, "baseline", entry)
        if baseline < 0:
            raise check.fail(entry, "baseline", "must not be negative")
        criteria.append(
            Criterion(
                id=criterion_id,
                name=check.text(table, "name", entry),
                description=check.text(table, "description", entry),
                section=section,
                verdict=check.text(table, "verdict", entry),
                baseline=baseline,
            )
        )
    return tuple(criteria)


def _groups(
    check: Checker, data: Mapping[str, Any], criteria: tuple[Criterion, ...]
) -> tuple[Group, ...]:
    """Argument groups: optional; each criterion in one group at most."""
    if "groups" not in data:
        return ()
    baselines = {c.id: c.baseline for c in criteria}
    seen: set[str] = set()
    owner: dict[str, str] = {}
    groups = []
    for index, raw in enumerate(check.array(data, "groups", "top level")):
        entry = f"groups[{index}]"
        table = check.table(raw, entry)
        group_id = check.ident(table, entry)
        entry = f"group '{group_id}'"
        check.unique(seen, group_id, "group", entry)
        check.fields(table, entry, _GROUP)
        cap = check.number(table, "cap", entry)
        members = table["criteria"]
        if not isinstance(members, list) or len(members) < 2:
            raise check.fail(entry, "criteria", "must list at least two criterion ids")
        for member in members:
            if not isinstance(member, str) or member not in baselines:
                hint = suggest(str(member), list(baselines))
                extra = f" (did you mean '{hint}'?)" if hint else ""
                raise check.fail(entry, "criteria", f"unknown criterion '{member}'{extra}")
            if member in owner:
                raise check.fail(
                    entry, "criteria", f"criterion '{member}' is already in group '{owner[member]}'"
                )
            owner[member] = group_id
        floor = sum(baselines[m] for m in members)
        if cap <= 0 or cap < floor:
            raise check.fail(
                entry,
                "cap",
                f"must be greater than 0 and at least the members' baselines together ({floor:g})",
            )
        groups.append(
            Group(
                id=group_id,
                name=check.text(table, "name", entry),
                description=check.text(table, "description", entry),
                cap=cap,
                criteria=tuple(members),
            )
        )
    return tuple(groups)


def _ratings(
    check: Checker,
    data: Mapping[str, Any],
    options: tuple[Option, ...],
    criteria: tuple[Criterion, ...],
    engine: EngineSettings,
    reviewed: dt.date,
) -> Mapping[tuple[str, str], Rating]:
    option_ids = [o.id for o in options]
    criterion_ids = [c.id for c in criteria]
    versions = {o.id: o.versions for o in options}
    ratings = check.table(data.get("ratings"), "top level", "ratings")
    result: dict[tuple[str, str], Rating] = {}
    for criterion_id, per_option in ratings.items():
        if criterion_id not in criterion_ids:
            hint = suggest(criterion_id, criterion_ids)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            raise check.fail(f"[ratings.{criterion_id}]", None, f"unknown criterion{extra}")
        table = check.table(per_option, f"[ratings.{criterion_id}]")
        for option_id, raw in table.items():
            entry = f"rating {option_id}/{criterion_id}"
            if option_id not in option_ids:
                hint = suggest(option_id, option_ids)
                extra = f" (did you mean '{hint}'?)" if hint else ""
                raise check.fail(entry, None, f"unknown option{extra}")
            rating = check.table(raw, entry)
            check.fields(rating, entry, _RATING_REQUIRED, _RATING_OPTIONAL)
            score = check.integer(rating, "score", entry)
            if not engine.rating_min <= score <= engine.rating_max:
                raise check.fail(
                    entry,
                    "score",
                    f"{score} is out of range {engine.rating_min} to {engine.rating_max}",
                )
            result[(option_id, criterion_id)] = Rating(
                option=option_id,
                criterion=criterion_id,
                score=score,
                rationale=check.text(rating, "rationale", entry),
                source_url=check.url(rating, "source_url", entry),
                source_title=check.text(rating, "source_title", entry),
                versions=(
                    check.text(rating, "versions", entry)
                    if "versions" in rating
                    else versions[option_id]
                ),
                reviewed=check.date(rating, "reviewed", entry)
                if "reviewed" in rating
                else reviewed,
            )
    for criterion_id in criterion_ids:
        for option_id in option_ids:
            if (option_id, criterion_id) not in result:
                raise check.fail(
                    f"rating {option_id}/{criterion_id}",
                    None,
                    f"missing: add [ratings.{criterion_id}.{option_id}]",
                )
    return MappingProxyType(result)


def _questions(
    check: Checker, data: Mapping[str, Any], criteria: tuple[Criterion, ...]
) -> tuple[Question, ...]:
    criterion_ids = [c.id for c in criteria]
    seen: set[str] = set()
    questions = []
    for index, raw in enumerate(check.array(data, "questions", "top level")):
        entry = f"questions[{index}]"
        table = check.table(raw, entry)
        question_id = check.ident(table, entry)
        entry = f"question '{question_id}'"
        check.unique(seen, question_id, "question", entry)
        check.fields(table, entry, _QUESTION)
        answers = []
        answer_ids: set[str] = set()
        raw_answers = check.array(table, "options", entry)
        if len(raw_answers) < 2:
            raise check.fail(entry, "options", "needs at least two answers")
        for answer_index, raw_answer in enumerate(raw_answers):
            where = f"{entry}, options[{answer_index}]"
            answer = check.table(raw_answer, where)
            answer_id = check.ident(answer, where)
            where = f"{entry}, option '{answer_id}'"
            check.unique(answer_ids, answer_id, "answer", where)
            check.fields(answer, where, _ANSWER)
            weights = check.table(answer["weights"], where, "weights")
            parsed: dict[str, float] = {}
            for criterion_id in weights:
                if criterion_id not in criterion_ids:
                    hint = suggest(criterion_id, criterion_ids)
                    extra = f" (did you mean '{hint}'?)" if hint else ""
                    raise check.fail(where, "weights", f"unknown criterion '{criterion_id}'{extra}")
                value = check.number(weights, criterion_id, f"{where}, weights")
                if value < 0:
                    raise check.fail(where, "weights", f"weight of '{criterion_id}' is negative")
                parsed[criterion_id] = value
            answers.append(
                QuestionOption(
                    id=answer_id,
                    label=check.text(answer, "label", where),
                    weights=MappingProxyType(parsed),
                )
            )
        questions.append(
            Question(
                id=question_id,
                prompt=check.text(table, "prompt", entry),
                help=check.text(table, "help", entry),
                options=tuple(answers),
            )
        )
    return tuple(questions)


def _versions(check: Checker, data: Mapping[str, Any]) -> tuple[VersionEntry, ...]:
    entries = []
    for index, raw in enumerate(check.array(data, "versions", "top level")):
        entry = f"versions[{index}]"
        table = check.table(raw, entry)
        check.fields(table, entry, _VERSION)
        entries.append(
            VersionEntry(
                name=check.text(table, "name", entry),
                version=check.text(table, "version", entry),
                status=check.text(table, "status", entry),
                source_url=check.url(table, "source_url", entry),
                source_title=check.text(table, "source_title", entry),
            )
        )
    return tuple(entries)


def parse_knowledge(data: Mapping[str, Any], source: str = "<data>") -> Knowledge:
    """Validate parsed TOML data and build the knowledge model.

    Args:
        data: The TOML document as ``tomllib`` returns it.
        source: Name used in error messages (usually the file path).

    Returns:
        The validated, frozen knowledge.

    Raises:
        KnowledgeError: The first problem found, naming the entry and field.
    """
    check = Checker(source)
    check.fields(data, "top level", tuple(sorted(_TOP)))
    schema = check.integer(data, "schema", "top level")
    if schema != SCHEMA:
        raise check.fail(
            "top level", "schema", f"version {schema} is not supported (expected {SCHEMA})"
        )
    reviewed = check.date(data, "reviewed", "top level")
    engine = _engine(check, data)
    options = _options(check, data)
    criteria = _criteria(check, data)
    return Knowledge(
        title=check.text(data, "title", "top level"),
        reviewed=reviewed,
        engine=engine,
        options=options,
        criteria=criteria,
        groups=_groups(check, data, criteria),
        ratings=_ratings(check, data, options, criteria, engine, reviewed),
        questions=_questions(check, data, criteria),
        versions=_versions(check, data),
        source=source,
    )


@functools.lru_cache(maxsize=1)
def _packaged() -> Knowledge:
    resource = resources.files("scorer").joinpath(DEFAULT_NAME)
    text = resource.read_text(encoding="utf-8")
    return _parse_text(text, f"scorer/{DEFAULT_NAME}")


# Keyed on the text itself: a site build reads the file 16 times (in several
# hooks, and on every question page), and parsing is most of a read's cost
# (6.6 ms each, so about 0.1 s of a 2.7 s build); an edit changes the text,
# so `mkdocs serve` still sees it at once. Knowledge is frozen: safe to share.
@functools.lru_cache(maxsize=4)
def _parse_text(text: str, source: str) -> Knowledge:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(source, "file", None, f"not valid TOML: {error}") from error
    return parse_knowledge(data, source)


def load_knowledge(path: str | Path | None = None) -> Knowledge:
    """Load and validate a knowledge file.

    Args:
        path: A TOML file; None reads the packaged ``knowledge.toml`` (cached).

    Returns:
        The validated knowledge.

    Raises:
        KnowledgeError: The file cannot be read or fails validation.
    """
    if path is None:
        return _packaged()
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KnowledgeError(file, "file", None, f"cannot be read: {error}") from error
    return _parse_text(text, str(file))
