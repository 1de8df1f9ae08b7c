"""Search finds what matters: the GIL in body text, and no run-on blob from the
at-a-glance table."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from scorer import load_knowledge

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site


def _docs(built_site: BuiltSite) -> list[dict[str, str]]:
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text())
    docs: list[dict[str, str]] = index["docs"]
    return docs


def test_gil_is_found_in_body_text_not_only_in_source_lists(built_site: BuiltSite) -> None:
    hits = [d for d in _docs(built_site) if "global interpreter lock (GIL)" in d["text"]]
    sections = {d["location"].split("#")[-1] for d in hits}
    assert hits, "no section spells out 'global interpreter lock (GIL)'"
    assert sections - {"sources"}, sections


def test_at_a_glance_section_is_not_one_blob_of_every_rating(built_site: BuiltSite) -> None:
    [glance] = [d for d in _docs(built_site) if d["location"].endswith("#at-a-glance")]
    rationales = [r.rationale for r in load_knowledge().ratings.values()]
    inside = [r for r in rationales if r in glance["text"]]
    assert not inside, f"rating rationales indexed in the at-a-glance section: {inside[:3]}"
    assert len(glance["text"]) < 800, len(glance["text"])
