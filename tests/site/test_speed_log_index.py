"""The speed page's lists of what was tried match the speed log's entries.

``docs/chooser-speed-log.md`` holds each change tried for the chooser's
speed as a list entry whose bold title carries an id (``**Title.**{ #id }``).
``docs/chooser-speed.md`` lists the same entries as links, under the same
headings ("Tried and not kept", the dated days, "Tried and kept"). An entry
added to the log and not to the page, or filed under another day, fails
here; the strict build checks that each link's anchor exists.
"""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
LOG = DOCS / "chooser-speed-log.md"
PAGE = DOCS / "chooser-speed.md"
SECTIONS = (
    "dropped",
    "dropped-2-december",
    "dropped-3-december",
    "dropped-4-december",
    "dropped-5-december",
    "dropped-6-december",
    "dropped-7-december",
    "dropped-8-december",
    "kept",
)

HEADING = re.compile(r"^#{2,3} .*\{#([a-z0-9-]+)\}\s*$")
LOG_ENTRY = re.compile(r"^- \*\*(.+?)\*\*\{ #([a-z0-9-]+) \}")
PAGE_ENTRY = re.compile(r"^- \[(.+?)\]\(chooser-speed-log\.md#([a-z0-9-]+)\)")


def entries(path: Path, pattern: re.Pattern[str]) -> list[tuple[str, str, str]]:
    """(section id, entry id, title) for each entry under one of SECTIONS, in order."""
    found = []
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if heading := HEADING.match(line):
            section = heading.group(1)
        elif (entry := pattern.match(line)) and section in SECTIONS:
            found.append((section, entry.group(2), entry.group(1).rstrip(".,:")))
    return found


def test_every_log_entry_is_listed_on_the_speed_page_under_its_heading() -> None:
    log = entries(LOG, LOG_ENTRY)
    page = entries(PAGE, PAGE_ENTRY)
    assert len(log) > 50, "the log's entries were not found: has their markup changed?"
    assert page == log


def test_log_entry_ids_are_unique() -> None:
    ids = [entry_id for _, entry_id, _ in entries(LOG, LOG_ENTRY)]
    assert len(ids) == len(set(ids))


def test_the_two_pages_keep_the_same_section_headings() -> None:
    for path in (LOG, PAGE):
        text = path.read_text(encoding="utf-8")
        for section in SECTIONS:
            assert f"{{#{section}}}" in text, f"{path.name} lacks the heading {{#{section}}}"
