"""Fixtures shared by the scorer tests."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

# This folder is itself named "scorer" and pytest puts its parent on sys.path,
# so without the project root first `import scorer` could resolve to this
# folder as a namespace package when the project is not installed.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scorer import Knowledge, Recommendation, load_knowledge, recommend  # noqa: E402


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def small_results(knowledge: Knowledge) -> tuple[Recommendation, ...]:
    """The result of every input of one answer or two (no importance set)."""
    answers = [(q.id, o.id) for q in knowledge.questions for o in q.options]
    return tuple(
        recommend(knowledge, dict(chosen))
        for size in (1, 2)
        for chosen in itertools.combinations(answers, size)
        if len({q for q, _ in chosen}) == size
    )


@pytest.fixture(scope="session")
def knowledge_text() -> str:
    return resources.files("scorer").joinpath("knowledge.toml").read_text(encoding="utf-8")


@pytest.fixture
def write_knowledge(tmp_path: Path, knowledge_text: str) -> Callable[..., Path]:
    """Write the packaged knowledge with text replacements applied; return the path.

    Each replacement is (old, new) and must match exactly once, so a test
    cannot silently stop testing what it claims to.
    """

    def write(*replacements: tuple[str, str], append: str = "") -> Path:
        text = knowledge_text
        for old, new in replacements:
            count = text.count(old)
            assert count == 1, f"{old!r} occurs {count} times in knowledge.toml"
            text = text.replace(old, new)
        path = tmp_path / "knowledge.toml"
        path.write_text(text + append, encoding="utf-8")
        return path

    return write
