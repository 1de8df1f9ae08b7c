"""The site builds strictly, every nav page is there, and broken input fails the build.

The session's strict build (``built_site``) must succeed. Separate strict
builds of a modified copy of the docs show that a wrong marker and an
external asset each fail the build with a message that names the problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import project_copy
from tests.site.site_html import NavPage, mkdocs_config, nav_pages, parse_file

if TYPE_CHECKING:
    from tests.conftest import BuiltSite, SiteBuilder

pytestmark = pytest.mark.site

# The site map fixed by the team contract: page -> ids other parts link to.
QUESTION_IDS = ("situation", "nodejs", "flask", "verdict", "when-the-other-side-wins", "sources")
REQUIRED_IDS = {
    "index.md": ("runtime-vs-framework", "at-a-glance", "short-answer"),
    "questions/performance.md": (*QUESTION_IDS, "io-bound-work", "cpu-bound-work"),
    "questions/scalability.md": QUESTION_IDS,
    "questions/learning-curve.md": QUESTION_IDS,
    "questions/api-development.md": QUESTION_IDS,
    "questions/real-time.md": QUESTION_IDS,
    "questions/machine-learning.md": QUESTION_IDS,
    "questions/ecosystem.md": (*QUESTION_IDS, "supply-chain"),
    "questions/deployment.md": QUESTION_IDS,
    "strengths-weaknesses.md": (
        "nodejs-strengths",
        "nodejs-weaknesses",
        "flask-strengths",
        "flask-weaknesses",
        "structure",
    ),
    "how-to-choose.md": (
        "team-language",
        "small-apps",
        "growth",
        "beyond-both",
        "fastapi-and-quart",
        "django",
        "express-and-fastify",
    ),
    "methodology.md": ("versions", "review-date", "ratings", "chooser", "corrections"),
    "evidence/index.md": ("headline", "io", "cpu", "json", "websockets", "sanity-check", "method"),
}
NAV = nav_pages()


def test_strict_build_succeeds(built_site: BuiltSite) -> None:
    assert (built_site.site_dir / "index.html").is_file()
    assert (built_site.site_dir / "search" / "search_index.json").is_file()
    assert (built_site.site_dir / "sitemap.xml").is_file()


def test_nav_follows_the_site_map() -> None:
    assert [(p.title, p.src) for p in NAV] == [
        ("Home", "index.md"),
        ("The eight questions", "questions/index.md"),
        ("Performance", "questions/performance.md"),
        ("Scalability", "questions/scalability.md"),
        ("Learning curve", "questions/learning-curve.md"),
        ("API development", "questions/api-development.md"),
        ("Real-time", "questions/real-time.md"),
        ("Machine learning", "questions/machine-learning.md"),
        ("Ecosystem", "questions/ecosystem.md"),
        ("Deployment", "questions/deployment.md"),
        ("Strengths and weaknesses", "strengths-weaknesses.md"),
        ("How to choose", "how-to-choose.md"),
        ("Chooser", "chooser.md"),
        ("Methodology", "methodology.md"),
        ("Measured under load", "evidence/index.md"),
        ("How fast is the chooser?", "chooser-speed.md"),
        ("Speed log", "chooser-speed-log.md"),
    ]


@pytest.mark.parametrize("page", NAV, ids=[p.src for p in NAV])
def test_nav_page_is_built_with_its_title(built_site: BuiltSite, page: NavPage) -> None:
    output = page.output(built_site.site_dir)
    assert output.is_file(), f"{page.src} was not built to {output}"
    title = parse_file(output).find("title").text()
    site_name = mkdocs_config()["site_name"]
    if page.src == "index.md":
        assert title.startswith(site_name)
    else:
        assert title.endswith(f" - {site_name}"), title


@pytest.mark.parametrize("src", list(REQUIRED_IDS), ids=list(REQUIRED_IDS))
def test_page_has_the_ids_the_site_map_fixes(built_site: BuiltSite, src: str) -> None:
    page = next(p for p in NAV if p.src == src)
    ids = {
        el.attrs["id"]
        for el in parse_file(page.output(built_site.site_dir)).iter()
        if "id" in el.attrs
    }
    missing = [i for i in REQUIRED_IDS[src] if i not in ids]
    assert not missing, f"{src} lacks the ids {missing}"


def _site_copy(tmp_path: Path) -> Path:
    """A copy of the project that a test may break: docs copied, the rest linked."""
    return project_copy(tmp_path)


def _build_copy(site_builder: SiteBuilder, copy: Path, tmp_path: Path) -> str:
    result = site_builder(tmp_path / "out", "http://127.0.0.1:8000/", cwd=copy)
    assert result.returncode != 0, "the strict build should have failed"
    return result.stdout + result.stderr


def test_unknown_marker_fails_the_build_naming_page_and_marker(
    site_builder: SiteBuilder, tmp_path: Path
) -> None:
    copy = _site_copy(tmp_path)
    page = copy / "docs" / "questions" / "deployment.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- scorer:verdikt deployment -->\n")
    output = _build_copy(site_builder, copy, tmp_path)
    assert re.search(r"questions/deployment\.md:\d+: unknown marker 'scorer:verdikt'", output), (
        output
    )
    assert "known: alternatives, at-a-glance, chooser-form" in output


def test_external_asset_fails_the_build(site_builder: SiteBuilder, tmp_path: Path) -> None:
    copy = _site_copy(tmp_path)
    page = copy / "docs" / "methodology.md"
    image = "![x](https://images.example.org/chart.png)"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{image}\n")
    output = _build_copy(site_builder, copy, tmp_path)
    assert "External file: https://images.example.org/chart.png" in output, output
