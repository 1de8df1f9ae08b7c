"""On the home page the short answer comes before the at-a-glance table.

A reader who wants the answer gets it in the first screen, not after a
14-row table (four screens down on a laptop, eight on a phone before).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.site.site_html import parse_file

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site


def test_short_answer_precedes_the_table(built_site: BuiltSite) -> None:
    root = parse_file(built_site.site_dir / "index.html")
    ids = [el.attrs.get("id") for el in root.iter() if el.tag == "h2"]
    assert ids.index("short-answer") < ids.index("runtime-vs-framework") < ids.index("at-a-glance")
    headings = [el for el in root.iter() if el.tag in ("h2", "table")]
    first_table = next(i for i, el in enumerate(headings) if el.tag == "table")
    short = next(i for i, el in enumerate(headings) if el.attrs.get("id") == "short-answer")
    assert short < first_table
