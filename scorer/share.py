"""Share codec: answers and weights to a short URL query string and back.

Format, version 1 (no leading ``?``)::

    v=1&a=team.python,traffic.high&w=real-time.2,structure.0.5

* ``v``: format version. A link without it is read as version 1.
* ``a``: answers, ``question.answer`` pairs, comma-separated, sorted by question id.
* ``w``: importance weights that differ from the default, ``criterion.value``
  pairs, sorted by criterion id. Values are written with up to two decimals.

Ids are kebab-case, so ``.`` and ``,`` never occur inside them and nothing
needs percent-encoding. Encoding is stable: equal inputs give equal strings.
Decoding never raises: it keeps every valid part and reports each dropped
part as a sentence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from urllib.parse import unquote_plus

from .errors import suggest
from .model import Knowledge, SharedState

__all__ = ["FORMAT_VERSION", "MAX_LENGTH", "MAX_PROBLEMS", "decode_share", "encode_share"]

FORMAT_VERSION = 1
MAX_LENGTH = 2000
# The reader sees a short notice: at most this many sentences about a bad link.
MAX_PROBLEMS = 5


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def encode_share(answers: Mapping[str, str], weights: Mapping[str, float] | None = None) -> str:
    """Encode answers and importance weights as a URL query string.

    Args:
        answers: Question id -> answer id.
        weights: Criterion id -> importance; pass only non-default values to
            keep links short (the engine's checked weights already are).

    Returns:
        The query string without a leading ``?``, e.g. ``v=1&a=team.python``.
    """
    parts = [f"v={FORMAT_VERSION}"]
    if answers:
        parts.append("a=" + ",".join(f"{q}.{answers[q]}" for q in sorted(answers)))
    if weights:
        parts.append("w=" + ",".join(f"{c}.{_number(weights[c])}" for c in sorted(weights)))
    return "&".join(parts)


def _hint(value: str, choices: list[str]) -> str:
    match = suggest(value, choices)
    return f" (did you mean '{match}'?)" if match else ""


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _decode_answers(
    knowledge: Knowledge, value: str, answers: dict[str, str], problems: list[str]
) -> None:
    question_ids = [q.id for q in knowledge.questions]
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        question_id, dot, option_id = item.partition(".")
        if not dot or not option_id:
            problems.append(f"answer '{_short(item)}' is not question.answer; dropped")
            continue
        if question_id not in question_ids:
            problems.append(
                f"unknown question '{_short(question_id)}' dropped"
                + _hint(question_id, question_ids)
            )
            continue
        option_ids = [o.id for o in knowledge.question(question_id).options]
        if option_id not in option_ids:
            problems.append(
                f"unknown answer '{_short(option_id)}' to question '{question_id}' dropped"
                + _hint(option_id, option_ids)
            )
            continue
        if question_id in answers:
            problems.append(f"question '{question_id}' answered twice; kept the first answer")
            continue
        answers[question_id] = option_id


def _decode_weights(
    knowledge: Knowledge, value: str, weights: dict[str, float], problems: list[str]
) -> None:
    engine = knowledge.engine
    criterion_ids = [c.id for c in knowledge.criteria]
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        criterion_id, dot, number = item.partition(".")
        if not dot or not number:
            problems.append(f"weight '{_short(item)}' is not criterion.value; dropped")
            continue
        if criterion_id not in criterion_ids:
            problems.append(
                f"unknown criterion '{_short(criterion_id)}' dropped"
                + _hint(criterion_id, criterion_ids)
            )
            continue
        try:
            weight = float(number) if len(number) <= 12 else math.nan
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or not engine.weight_min <= weight <= engine.weight_max:
            problems.append(
                f"weight '{_short(number)}' for '{criterion_id}' dropped: it must be a "
                f"number from {engine.weight_min:g} to {engine.weight_max:g}"
            )
            continue
        if criterion_id in weights:
            problems.append(f"weight for '{criterion_id}' given twice; kept the first")
            continue
        if weight != engine.weight_default:
            weights[criterion_id] = weight


def decode_share(knowledge: Knowledge, query: str) -> SharedState:
    """Decode a share string, keeping valid parts and reporting the rest.

    Accepts the query with or without a leading ``?``, or a whole URL (the
    part after ``?`` is read, a ``#fragment`` is ignored). Never raises.

    Args:
        knowledge: The knowledge the ids are checked against.
        query: The query string as found in the URL.

    Returns:
        The valid answers and weights, and one sentence per dropped part.
    """
    answers: dict[str, str] = {}
    weights: dict[str, float] = {}
    problems: list[str] = []
    try:
        text = query if isinstance(query, str) else ""
        if not isinstance(query, str):
            problems.append("the share string is not text; ignored")
        if len(text) > MAX_LENGTH:
            problems.append(
                f"the share string is too long; only its first {MAX_LENGTH} characters were read"
            )
            text = text[:MAX_LENGTH]
        text = text.strip().split("#", 1)[0]
        if "?" in text:
            text = text.split("?", 1)[1]
        seen: set[str] = set()
        for part in text.split("&"):
            if not part.strip():
                continue
            key, _, raw = part.partition("=")
            key = unquote_plus(key).strip()
            value = unquote_plus(raw).strip()
            if key in seen:
                problems.append(f"part '{_short(key)}' given twice; kept the first")
                continue
            seen.add(key)
            if key == "v":
                if value != str(FORMAT_VERSION):
                    problems.append(
                        f"link format version '{_short(value)}' is not supported; "
                        f"read as version {FORMAT_VERSION}"
                    )
            elif key == "a":
                _decode_answers(knowledge, value, answers, problems)
            elif key == "w":
                _decode_weights(knowledge, value, weights, problems)
            else:
                problems.append(f"unknown part '{_short(key)}' ignored")
    except Exception as error:  # decoding must never raise
        problems.append(f"the share string could not be read fully ({type(error).__name__})")
    if len(problems) > MAX_PROBLEMS:
        hidden = len(problems) - (MAX_PROBLEMS - 1)
        problems = [*problems[: MAX_PROBLEMS - 1], f"{hidden} more damaged parts dropped"]
    ordered_answers = {q.id: answers[q.id] for q in knowledge.questions if q.id in answers}
    ordered_weights = {c.id: weights[c.id] for c in knowledge.criteria if c.id in weights}
    return SharedState(
        answers=MappingProxyType(ordered_answers),
        weights=MappingProxyType(ordered_weights),
        problems=tuple(problems),
    )
