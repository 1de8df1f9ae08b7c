"""MkDocs hook: a social card for every page, built at build time with no network.

Each page (the 404 page included) gets a 1200x630 PNG at
``assets/images/social/<page path>.png`` showing its title, the site's name,
its description, and on a comparison page the verdict from the knowledge
file. ``main.html`` points the page's ``og:image`` and ``twitter:image`` at it
through the template variable ``social_card`` set here.

What a card says is decided here; layout and rendering (resvg with the fonts
in ``fonts/``, no system fonts) live in ``social_card_render.py``. A page may
override its card's text in front matter (``card: {description, verdict,
verdict_label}``), as the generated chooser outcome pages do. Rendered PNGs
are cached in ``build/social-cards/`` (or ``$SOCIAL_CARDS_CACHE``) by a hash of
their SVG and fonts, so ``mkdocs serve`` re-renders only what changed.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from scorer import KnowledgeError, load_knowledge

HERE = Path(__file__).resolve().parent
KNOWLEDGE = "scorer/knowledge.toml"
CARDS = "assets/images/social"
CACHE = "build/social-cards"
NOT_FOUND = {
    "title": "Page not found",
    "description": "This address is not, or no longer, part of the guide. Search the site, "
    "or start again from the home page.",
}


# Import social_card_render.py from this folder, afresh on each `mkdocs serve` rebuild.
def _load_render() -> ModuleType:
    name = "node_or_flask_social_card_render"
    spec = importlib.util.spec_from_file_location(name, HERE / "social_card_render.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with the hook
        raise PluginError(f"cannot load {HERE / 'social_card_render.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


render = _load_render()


# Keep build-time material (fonts, card template) out of the published site.
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Drop theme files under ``hooks/``: they are for the build, not for readers."""
    for file in list(files):
        if file.src_uri.startswith("hooks/") and Path(file.abs_src_path or "").is_relative_to(HERE):
            files.remove(file)
    return files


# Render the page's card and hand its path to the templates.
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Write the page's card and set ``social_card`` (its path under the site root)."""
    meta = page.meta or {}
    override = meta.get("card") or {}
    if not isinstance(override, dict):
        raise PluginError(f"social_cards: {page.file.src_uri}: front matter 'card' must be a map")
    title = str(meta.get("title") or ("" if page.is_homepage else page.title) or config.site_name)
    description = str(
        override.get("description") or meta.get("description") or config.site_description or ""
    )
    verdict = str(override.get("verdict") or _verdict(page, config))
    card = render.Card(
        title=title,
        description=" ".join(description.split()),
        site_name="A sourced decision guide" if page.is_homepage else config.site_name,
        address=_address(config),
        verdict=verdict,
        verdict_label=str(override.get("verdict_label") or "Verdict"),
    )
    name = page.url.rstrip("/") or "index"
    context["social_card"] = _write(card, name, config)
    return context


# The 404 page is a theme template, not a page: give it a card of its own.
def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    """Write the 404 page's card and set ``social_card`` for it."""
    if template_name == "404.html":
        card = render.Card(
            title=NOT_FOUND["title"],
            description=NOT_FOUND["description"],
            site_name=config.site_name,
            address=_address(config),
        )
        context["social_card"] = _write(card, "404", config)
    return context


def _verdict(page: Page, config: MkDocsConfig) -> str:
    """On a question page (questions/<criterion>.md), the criterion's verdict; else ""."""
    source = PurePosixPath(page.file.src_uri)
    if source.parent.name != "questions" or source.stem == "index":
        return ""
    try:
        knowledge = load_knowledge(Path(config.docs_dir).parent / KNOWLEDGE)
    except KnowledgeError as error:
        raise PluginError(f"social_cards: {error}") from error
    # Sections are written as directory URLs (questions/<id>/#...), whatever
    # the build's own URL style (the offline copy uses .html).
    section = f"{source.with_suffix('')}/"
    for criterion in knowledge.criteria:
        if criterion.id == source.stem and criterion.section.startswith(section):
            return criterion.verdict
    raise PluginError(
        f"social_cards: {page.file.src_uri} is a question page, but no criterion "
        f"'{source.stem}' in the knowledge file links to it: its card would have no verdict"
    )


def _address(config: MkDocsConfig) -> str:
    parts = urlsplit(config.site_url or "")
    return f"{parts.netloc}{parts.path}" or config.site_name


def _write(card: Any, name: str, config: MkDocsConfig) -> str:
    """Render (or take from the cache) the card's PNG into the site; return its path."""
    svg = render.render_svg(card)
    folder = os.environ.get("SOCIAL_CARDS_CACHE") or Path(config.docs_dir).parent / CACHE
    cached = Path(folder) / f"{render.fingerprint(svg)}.png"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")  # one per build running
        partial.write_bytes(render.render_png(svg))
        partial.replace(cached)  # never a half-written card in the cache
    path = f"{CARDS}/{name}.png"
    target = Path(config.site_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    return path
