"""Hostile share links: a deterministic corpus for the codec and the chooser.

Families of malformed query strings (script and HTML payloads, huge and
truncated strings, unknown ids, bad percent-encoding, repeated keys, Unicode
look-alikes), mixed with valid parts, then many seeded random mutations of
them. The same corpus feeds the CPython fuzz test and, sampled, the run
through the real chooser in Chromium. Every payload that would run sets
``window.__pwned`` or carries ``data-fuzz``, so a test can tell.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from urllib.parse import quote

from scorer import Knowledge

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1" data-fuzz>',
    "<svg onload=window.__pwned=1 data-fuzz>",
    "javascript:window.__pwned=1",
    "';window.__pwned=1;//",
    "<b data-fuzz>bold</b>",
    "{{7*7}}${window.__pwned=1}",
    "</p><iframe srcdoc='<script>parent.__pwned=1</script>' data-fuzz>",
)
LOOKALIKES = (
    "t\u0435am",  # Cyrillic e
    "team\u200b",  # zero-width space
    "\uff54\uff45\uff41\uff4d",  # full-width
    "TEAM",
    "team\u0301",  # combining accent
    "p\u0443thon",  # Cyrillic u
)
BAD_ESCAPES = ("%", "%2", "%zz", "%E2%82", "%ff%fe", "%00", "%0a%0d", "%25%32%35", "%u0041")


def _valid_parts(knowledge: Knowledge, rng: random.Random) -> list[str]:
    questions = rng.sample(list(knowledge.questions), k=rng.randint(0, len(knowledge.questions)))
    answers = [f"{q.id}.{rng.choice(q.options).id}" for q in questions]
    criteria = rng.sample(list(knowledge.criteria), k=rng.randint(0, 3))
    weights = [f"{c.id}.{rng.choice(['0', '0.5', '1.5', '2', '3'])}" for c in criteria]
    parts = ["v=1"]
    if answers:
        parts.append("a=" + ",".join(answers))
    if weights:
        parts.append("w=" + ",".join(weights))
    return parts


def _family(knowledge: Knowledge, rng: random.Random, family: str) -> str:
    parts = _valid_parts(knowledge, rng)
    payload = rng.choice(PAYLOADS)
    q = rng.choice(knowledge.questions)
    if family == "script":
        spot = rng.choice(["key", "question", "answer", "weight", "version", "raw"])
        bad = {
            "key": f"{payload}=1",
            "question": f"a={payload}.python",
            "answer": f"a={q.id}.{payload}",
            "weight": f"w=performance.{payload}",
            "version": f"v={payload}",
            "raw": payload,
        }[spot]
        if rng.random() < 0.5:
            bad = quote(bad, safe="=.,")
        parts.insert(rng.randint(0, len(parts)), bad)
    elif family == "huge":
        unit = rng.choice(["a=team.python,", "&", "x" * 97, payload, "w=performance.2,"])
        parts.append(unit * rng.randint(30, 400))
    elif family == "truncated":
        text = "&".join(parts)
        return text[: rng.randint(0, len(text))]
    elif family == "unknown":
        parts.append(
            rng.choice(
                [
                    f"a=nonsense.{q.options[0].id}",
                    f"a={q.id}.nonsense",
                    "w=speedd.2",
                    "w=performance.99",
                    "w=performance.-1",
                    "w=performance.nan",
                    "w=performance.inf",
                    "w=performance.1e308",
                    "v=2",
                    "zz=1",
                    "a=team",
                    "w=performance",
                ]
            )
        )
    elif family == "escapes":
        parts.insert(rng.randint(0, len(parts)), rng.choice(BAD_ESCAPES) * rng.randint(1, 5))
        if rng.random() < 0.5:
            parts.append(f"a={q.id}.{rng.choice(BAD_ESCAPES)}")
    elif family == "repeated":
        dup = rng.choice(["v=1", f"a={q.id}.{q.options[-1].id}", "w=performance.2"])
        parts += [dup] * rng.randint(2, 50)
        if rng.random() < 0.5:
            parts.append(f"a={q.id}.{q.options[0].id},{q.id}.{q.options[-1].id}")
    elif family == "lookalike":
        look = rng.choice(LOOKALIKES)
        parts.append(rng.choice([f"a={look}.python", f"a=team.{look}", f"{look}=1"]))
        if rng.random() < 0.5:
            parts[-1] = quote(parts[-1], safe="=.,")
    return "&".join(parts)


FAMILIES = ("script", "huge", "truncated", "unknown", "escapes", "repeated", "lookalike")


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        pos = rng.randint(0, len(chars))
        if op < 0.4:
            chars.insert(pos, rng.choice("&=.,%#?+ <>\"'\\\x00\u202e\ufeff"))
        elif op < 0.7 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif chars:
            i = min(pos, len(chars) - 1)
            chars[i], chars[-1] = chars[-1], chars[i]
    return "".join(chars)


def corpus(knowledge: Knowledge, count: int = 10_000, seed: int = 13) -> Iterator[tuple[str, str]]:
    """``count`` (family, query) pairs: each family in turn, then a mutation of it."""
    rng = random.Random(seed)
    for index in range(count):
        family = FAMILIES[index % len(FAMILIES)]
        text = _family(knowledge, rng, family)
        if (index // len(FAMILIES)) % 2:
            text = _mutate(text, rng)
            family += "+mutated"
        yield family, text
