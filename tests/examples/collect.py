"""Find the code examples in the site's Markdown, by their fence attributes.

Every fenced block on the site opens with a brace info string that names the
example it belongs to and the file it is, for instance::

    ```{.js data-example="perf-cpu/server.mjs" title="server.mjs"}

``data-example`` is ``GROUP/FILE``: the blocks of one group are written into one
folder under those file names, and a test starts them and makes a request.
MkDocs renders the attribute on the code block (attr_list + superfences) and
shows ``title`` as the file name, so the reader sees what the test runs.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_ATTR = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it is, its info string and its text."""

    page: str  # path relative to docs/
    line: int  # 1-based line of the opening fence
    info: str
    code: str

    @property
    def example(self) -> str | None:
        """The ``data-example`` value, or None when the block has none."""
        for match in _ATTR.finditer(self.info):
            if match["key"] == "data-example":
                return match["value"]
        return None


def blocks(docs: Path = DOCS) -> list[Block]:
    """Every fenced code block in the Markdown under ``docs``, in page order."""
    found: list[Block] = []
    for page in sorted(docs.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            opening = _FENCE_OPEN.match(lines[i])
            if not opening:
                i += 1
                continue
            indent, fence = opening["indent"], opening["fence"]
            body: list[str] = []
            j = i + 1
            while j < len(lines) and lines[j].strip() != fence:
                body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
                j += 1
            if j == len(lines):
                raise ValueError(f"{page.relative_to(docs)}:{i + 1}: code fence never closed")
            code = textwrap.dedent("\n".join(body)) + "\n"
            found.append(Block(str(page.relative_to(docs)), i + 1, opening["info"].strip(), code))
            i = j + 1
    return found


def example(group: str, docs: Path = DOCS) -> dict[str, str]:
    """The files of one example group: file name -> code, as the page shows them."""
    files: dict[str, str] = {}
    for block in blocks(docs):
        name = block.example
        if name is None or "/" not in name:
            continue
        block_group, file_name = name.split("/", 1)
        if block_group != group:
            continue
        if file_name in files:
            raise ValueError(f"{block.page}:{block.line}: {name} appears twice")
        files[file_name] = block.code
    if not files:
        raise LookupError(f"no code block carries data-example={group}/...")
    return files
