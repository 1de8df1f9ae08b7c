"""Lists in the pages' Markdown nest by four spaces.

Python-Markdown (which MkDocs uses) nests a list item, or a further
paragraph of an item, only when it is indented by four spaces. Indented by
two, as many editors and other Markdown dialects have it, the nested items
come out as items of the outer list and the paragraph as one after the
list, and the strict build says nothing: the speed page carried three such
lists (written on 3 and 4 December 2026) until a screenshot showed them flat.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
SHALLOW_ITEM = re.compile(r"^ {1,3}(?:[-*+]|\d+[.)]) ")
SHALLOW_TEXT = re.compile(r"^ {1,3}\S")


def shallow_lines(text: str) -> list[tuple[int, str]]:
    """Lines (number, text) that Python-Markdown would not nest.

    A list item indented by one to three spaces, or a paragraph so indented
    after a blank line; front matter and fenced code are skipped.
    """
    lines = text.split("\n")
    found: list[tuple[int, str]] = []
    fence: str | None = None
    in_front_matter = bool(lines) and lines[0] == "---"
    for number, line in enumerate(lines, start=1):
        if in_front_matter:
            if number > 1 and line == "---":
                in_front_matter = False
            continue
        match = FENCE.match(line)
        if match:
            if fence is None:
                fence = match.group(1)
            elif line.strip().startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        after_blank = number > 1 and not lines[number - 2].strip()
        if SHALLOW_ITEM.match(line) or (after_blank and SHALLOW_TEXT.match(line)):
            found.append((number, line.strip()))
    return found


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")), ids=lambda p: str(p.relative_to(DOCS)))
def test_page_lists_nest_by_four_spaces(page: Path) -> None:
    found = shallow_lines(page.read_text(encoding="utf-8"))
    where = "\n".join(f"  {page.relative_to(ROOT)}:{number}: {line[:60]}" for number, line in found)
    assert not found, f"indent these by four spaces to nest them in the list above:\n{where}"


def test_two_space_nesting_is_found() -> None:
    text = "- outer\n  - inner\n\n  a paragraph of the outer item\n- next\n"
    assert shallow_lines(text) == [(2, "- inner"), (4, "a paragraph of the outer item")]


def test_four_space_nesting_front_matter_and_code_pass() -> None:
    text = (
        "---\ntags:\n  - toc\n---\n"
        "1. outer\n    - inner\n\n    a paragraph of the outer item\n"
        "```yaml\nlist:\n  - in code\n```\n"
        "- lazy continuation\n  of the same line\n"
    )
    assert shallow_lines(text) == []
