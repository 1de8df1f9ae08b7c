"""MkDocs hook: render the chooser's static form where a page asks for it.

``docs/chooser.md`` places ``<!-- scorer:chooser-form -->`` on a line of its
own. This hook replaces it, in the page's HTML, with the questions, answers
and importance sliders read from the scorer's knowledge file, and the empty
result area the page script fills (``templates/chooser_form.html``, which
documents the DOM contract). The form is plain HTML: visible and answerable
before Python is ready, and readable without JavaScript.

The chooser element also carries where the Pyodide runtime and the scorer's
lock file are (``config.extra["chooser_runtime"]``, set by
``pyodide_runtime.py``, which must be listed before this hook), as URLs
relative to the site root, and the relative URL of that root.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hook_templates import environment as template_environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from scorer import Knowledge, KnowledgeError, load_knowledge

MARKER = "<!-- scorer:chooser-form -->"
KNOWLEDGE = "scorer/knowledge.toml"
GUIDE = "how-to-choose.md"  # where readers go when the chooser cannot run

_environment = template_environment(escape="all", trailing_newline=True)


def _number(value: float) -> str:
    """Format a weight without a needless ``.0`` (1.0 -> "1", 0.5 -> "0.5")."""
    return f"{value:g}"


_environment.filters["number"] = _number


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Replace the chooser marker with the rendered form (other pages: unchanged)."""
    if MARKER not in html:
        return html
    if html.count(MARKER) > 1:
        raise PluginError(f"chooser_form: {page.file.src_uri} has the chooser marker twice")
    runtime = config.extra.get("chooser_runtime")
    if runtime is None:
        raise PluginError(
            "chooser_form: no Pyodide runtime; list overrides/hooks/pyodide_runtime.py "
            "before overrides/hooks/chooser_form.py under `hooks:` in mkdocs.yml"
        )
    guide = files.get_file_from_path(GUIDE)
    if guide is None:
        raise PluginError(f"chooser_form: the fallback page docs/{GUIDE} is missing")
    root = get_relative_url(".", page.url).rstrip("/") + "/"
    form = render_form(
        _knowledge(Path(config.docs_dir).parent / KNOWLEDGE),  # docs/'s parent: the project
        root=root,
        guide=get_relative_url(guide.url, page.url),
        runtime=runtime,
        site_url=config.site_url or "",
    )
    return html.replace(MARKER, form)


def render_form(
    knowledge: Knowledge,
    *,
    root: str,
    guide: str,
    runtime: dict[str, Any],
    site_url: str = "",
) -> str:
    """Render the chooser element for a page.

    Args:
        knowledge: Questions, criteria and weight range to render.
        root: Relative URL from the page to the site root, ending in ``/``.
        guide: Relative URL from the page to the written decision guide.
        runtime: ``config.extra["chooser_runtime"]`` (runtime and lock paths).
        site_url: Where the site is published (``site_url``): the links the
            chooser copies for wikis point there.

    Returns:
        The HTML of the chooser element.
    """
    return _environment.get_template("chooser_form.html").render(
        questions=knowledge.questions,
        criteria=knowledge.criteria,
        engine=knowledge.engine,
        root=root,
        guide=guide,
        runtime=runtime,
        site_url=site_url,
    )


def _knowledge(path: Path) -> Knowledge:
    # Read the file in the tree, not the packaged copy: the package caches it,
    # and `mkdocs serve` must show an edit at once.
    try:
        return load_knowledge(path)
    except KnowledgeError as error:
        raise PluginError(f"chooser_form: {error}") from error
