"""Every section of every page is in the search index, under its own anchor."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from tests.site.site_html import NavPage, nav_pages, parse_file

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site

NAV = nav_pages()


@pytest.mark.parametrize("page", NAV, ids=[p.src for p in NAV])
def test_every_section_of_the_page_is_indexed(built_site: BuiltSite, page: NavPage) -> None:
    index = json.loads((built_site.site_dir / "search" / "search_index.json").read_text())
    locations = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert page.url in locations, f"{page.src} is not in the search index"
    content = parse_file(page.output(built_site.site_dir)).find("article")
    headings = [el for el in content.iter() if el.tag in ("h2", "h3") and "id" in el.attrs]
    missing = [
        f"#{h.attrs['id']} ({h.text().rstrip('¶').strip()})"
        for h in headings
        if f"{page.url}#{h.attrs['id']}" not in locations
    ]
    assert not missing, f"{page.src}: sections missing from the search index: {missing}"
