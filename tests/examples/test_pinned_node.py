"""The Node.js the examples run on is the pinned one, and the pages name it.

Every "**Ran on:**" paragraph of the question pages says which Node.js ran the
page's code; that must be the release package.json pins
(tests/support/pinned_node.py), and the installed binary must be that release.
"""

from __future__ import annotations

import re

import pytest

from tests.support import pinned_node
from tests.support.pinned_node import node_version, pinned_version

QUESTIONS = pinned_node.ROOT / "docs" / "questions"
NODE_RELEASE = re.compile(r"Node\.js (\d+\.\d+\.\d+)")


def ran_on_paragraphs() -> dict[str, str]:
    """Each question page's "**Ran on:**" paragraph, by file name."""
    found = {}
    for page in sorted(QUESTIONS.glob("*.md")):
        for paragraph in page.read_text(encoding="utf-8").split("\n\n"):
            if paragraph.startswith("**Ran on:**"):
                found[page.name] = " ".join(paragraph.split())
    return found


def test_the_installed_node_is_the_pinned_release() -> None:
    assert node_version() == f"v{pinned_version()}"


def test_every_ran_on_paragraph_names_the_pinned_node() -> None:
    paragraphs = ran_on_paragraphs()
    assert len(paragraphs) >= 7, f"fewer Ran on paragraphs than expected: {sorted(paragraphs)}"
    wrong = {
        name: releases
        for name, text in paragraphs.items()
        if (releases := NODE_RELEASE.findall(text)) and set(releases) != {pinned_version()}
    }
    assert not wrong, f"pages naming another Node.js than {pinned_version()}: {wrong}"
    naming = [name for name, text in paragraphs.items() if NODE_RELEASE.search(text)]
    assert len(naming) >= 6, f"Ran on paragraphs naming a Node.js release: {naming}"


def test_a_missing_binary_says_what_is_missing_and_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pinned_node, "NODE", pinned_node.ROOT / "node_modules" / "absent" / "node")
    with pytest.raises(pinned_node.PinnedNodeMissing) as raised:
        pinned_node.node_binary()
    message = str(raised.value)
    assert "node_modules/absent/node is missing" in message
    assert f"Node.js {pinned_version()}" in message and "Linux x64 only" in message
