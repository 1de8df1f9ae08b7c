"""A chooser share link, fetched as a link preview would (no browser, no JavaScript),
names its verdict.

The links are made by the scorer itself (``scorer.api.evaluate`` with the
served site as base), exactly as the chooser copies them; the raw HTML they
return must name the verdict in og:title or og:description.
"""

from __future__ import annotations

import urllib.request

import pytest

from scorer import api
from tests.site.site_html import parse_html

pytestmark = pytest.mark.site

SHARED = [
    ("v=1&a=realtime.core,team.javascript", "nodejs", "Node.js"),
    ("v=1&a=ml.core,team.python", "flask", "Flask"),
    ("v=1&a=ml.core,team.javascript", "close-call", "close call"),
    ("v=1&a=size.large,structure.built-in,team.python", "django", "Django"),
    ("v=1&a=realtime.core,team.python,traffic.high", "fastapi-quart", "FastAPI or Quart"),
]


@pytest.mark.parametrize(("query", "outcome", "words"), SHARED, ids=[s[1] for s in SHARED])
def test_raw_html_of_a_share_link_names_the_verdict(
    site_server: str, query: str, outcome: str, words: str
) -> None:
    evaluation = api.evaluate(query, base_url=site_server)
    link = evaluation["url"]
    assert link == f"{site_server}chooser/{outcome}/?{query}"
    with urllib.request.urlopen(link, timeout=10) as response:  # our own local server
        assert response.status == 200
        html = response.read().decode("utf-8")
    metas = {
        el.attrs.get("property") or el.attrs.get("name"): el.attrs.get("content", "")
        for el in parse_html(html).find_all("meta")
    }
    assert words in metas["og:title"] or words in metas["og:description"], metas
    assert words in metas["twitter:title"] or words in metas["twitter:description"]
    assert metas["og:image"].endswith(f"/assets/images/social/chooser/{outcome}.png")
