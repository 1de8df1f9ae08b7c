"""The knowledge_tables hook: which markers it renders, leaves alone or rejects.

Fast checks on the hook's own functions with stand-ins for MkDocs' page and
files (no build); the strict builds in test_site_build.py show the same
errors end to end.
"""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from scorer import load_knowledge
from tests.conftest import load_hook

PAGES = [
    "",
    "questions/",
    *(
        f"questions/{n}/"
        for n in (
            "performance",
            "scalability",
            "learning-curve",
            "api-development",
            "real-time",
            "machine-learning",
            "ecosystem",
            "deployment",
        )
    ),
    "strengths-weaknesses/",
    "how-to-choose/",
    "chooser/",
    "methodology/",
]


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    module = load_hook("knowledge_tables.py")
    module.on_pre_build(config=None)
    return module


def _source(url: str) -> str:
    """The Markdown file of a directory URL ("questions/" -> "questions/index.md")."""
    if url in ("", "questions/"):  # the home page and the section's own page
        return f"{url}index.md"
    return url.rstrip("/") + ".md"


def _files(urls: list[str] = PAGES, html_urls: bool = False) -> SimpleNamespace:
    """Fake Files; ``html_urls`` as the offline copy has them (use_directory_urls off)."""

    def page(url: str) -> SimpleNamespace:
        source = _source(url)
        return SimpleNamespace(src_uri=source, url=source[:-3] + ".html" if html_urls else url)

    return SimpleNamespace(documentation_pages=lambda: [page(u) for u in urls])


def _page(
    src: str = "questions/performance.md", url: str = "questions/performance/"
) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src), url=url)


def _render(hook: ModuleType, markdown: str, **page: str) -> str:
    html: str = hook.on_page_markdown(markdown, page=_page(**page), config=None, files=_files())
    return html


def test_verdict_marker_becomes_a_verdict_box(hook: ModuleType) -> None:
    html = _render(hook, "## Verdict {#verdict}\n\n<!-- scorer:verdict real-time -->\n\nAfter.")
    assert '<div class="admonition success nof-verdict" data-criterion="real-time"' in html
    assert "<!-- scorer:" not in html
    assert html.endswith("\n\nAfter.")
    assert 'href="../../chooser/"' in html


def test_every_marker_of_the_registry_renders(hook: ModuleType) -> None:
    knowledge = load_knowledge()
    criterion = knowledge.criteria[0].id
    for name, marker in hook.MARKERS.items():
        line = (
            f"<!-- scorer:{name} {criterion} -->"
            if marker.takes_criterion
            else f"<!-- scorer:{name} -->"
        )
        html = _render(hook, line, src="methodology.md", url="methodology/")
        assert html.strip().startswith("<"), name
        assert "scorer:" not in html, name


def test_links_to_the_same_page_are_bare_anchors(hook: ModuleType) -> None:
    html = _render(hook, "<!-- scorer:ratings performance -->", src="index.md", url="")
    assert html  # the ratings table has no section link; the glance table has:
    html = _render(hook, "<!-- scorer:at-a-glance -->", url="questions/performance/")
    assert 'href="#io-bound-work"' in html
    assert 'href="../scalability/#verdict"' in html


def test_chooser_form_marker_is_left_for_the_chooser_hook(hook: ModuleType) -> None:
    markdown = "Intro\n\n<!-- scorer:chooser-form -->\n"
    assert _render(hook, markdown, src="chooser.md", url="chooser/") == markdown


def test_markers_in_code_blocks_are_left_alone(hook: ModuleType) -> None:
    markdown = (
        "```html\n<!-- scorer:verdict nonsense -->\n```\n\n~~~\n<!-- scorer:x -->\n~~~\n\n"
        "Write `<!-- scorer:verdict CRITERION -->` on a line of its own.\n"
    )
    assert _render(hook, markdown) == markdown


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("<!-- scorer:verdikt performance -->", "unknown marker 'scorer:verdikt' (known: "),
        ("<!-- scorer:verdict perfomance -->", "did you mean 'performance'"),
        ("<!-- scorer:verdict -->", "needs a criterion id"),
        ("<!-- scorer:versions all -->", "takes no argument"),
        ("See <!-- scorer:versions --> here", "alone on its line"),
        ("    <!-- scorer:versions -->", "alone on its line"),
        ("<!--scorer:versions-->trailing", "alone on its line"),
    ],
)
def test_bad_markers_fail_naming_page_line_and_marker(
    hook: ModuleType, line: str, message: str
) -> None:
    with pytest.raises(PluginError) as error:
        _render(hook, f"# Title\n\n{line}\n")
    assert "questions/performance.md:3:" in str(error.value)
    assert message in str(error.value)


def test_links_follow_the_offline_copys_html_urls(hook: ModuleType) -> None:
    html = hook.on_page_markdown(
        "<!-- scorer:verdict real-time -->",
        page=_page(url="questions/performance.html"),
        config=None,
        files=_files(html_urls=True),
    )
    assert 'href="../chooser.html"' in html
    assert 'href="../../chooser/"' not in html


def test_a_section_without_a_page_fails(hook: ModuleType) -> None:
    with pytest.raises(PluginError, match="no page of the site has that URL"):
        hook.on_page_markdown(
            "<!-- scorer:at-a-glance -->", page=_page(), config=None, files=_files([""])
        )


def test_views_are_importable_without_mkdocs_running(hook: ModuleType) -> None:
    knowledge = load_knowledge()
    verdict = hook.views.verdict_view(knowledge, "real-time")
    assert [s.option.id for s in verdict.sides] == [o.id for o in knowledge.primaries]
    assert verdict.stronger is not None
    glance = hook.views.at_a_glance(knowledge)
    assert len(glance.rows) == len(knowledge.criteria)
