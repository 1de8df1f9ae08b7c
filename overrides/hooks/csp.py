"""MkDocs hook: a strict Content-Security-Policy in a <meta> tag on every page.

The policy is data (``extra.csp`` in mkdocs.yml, validated here before the
build starts); ``overrides/partials/csp.html`` writes the meta tag with a
placeholder, and this hook fills it in once the page is rendered: the
configured directives, with the sha256 hashes of exactly the inline scripts
that page runs added to ``script-src``, and of its inline style (the site's
stylesheets, written in by ``css_bundle.py``, listed before this hook) to
``style-src``. Those hashes are computed at build
time because Material's inline scripts change with each release, and its
``__md_scope`` script differs with the page's depth. The logic lives in
``site_csp.py`` (importable, no MkDocs).
"""

from __future__ import annotations

import html as html_lib
import importlib.util
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

HERE = Path(__file__).resolve().parent
log = logging.getLogger(f"mkdocs.hooks.{__name__}")


# Import site_csp.py from this folder (MkDocs loads hooks by path, not as a package).
def _load() -> ModuleType:
    name = "node_or_flask_site_csp"
    spec = importlib.util.spec_from_file_location(name, HERE / "site_csp.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with the hook
        raise PluginError(f"cannot load {HERE / 'site_csp.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


csp = _load()


@dataclass
class _State:
    """The validated directives and what the pages of this build needed."""

    directives: dict[str, list[str]] | None = None
    hashes: dict[str, set[str]] = field(default_factory=dict)  # hash -> pages
    style_hashes: dict[str, set[str]] = field(default_factory=dict)  # the same, for styles


state = _State()


# Validate the policy data before anything is built.
def on_config(config: MkDocsConfig) -> None:
    """Read ``extra.csp``; a bad policy fails the build before any page is written."""
    state.hashes = {}
    state.style_hashes = {}
    raw = config.extra.get("csp")
    if not raw:
        state.directives = None
        return
    try:
        state.directives = csp.check_directives(raw)
    except csp.CspError as error:
        raise PluginError(f"mkdocs.yml: {error}") from error


# Fill in the policy of a Markdown page.
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Replace the placeholder with the page's policy."""
    return _apply(output, page.file.src_uri)


# The same for theme pages rendered from templates (404.html).
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Replace the placeholder in an HTML theme template's output."""
    if not template_name.endswith(".html"):
        return output_content
    return _apply(output_content, template_name)


def _apply(html: str, where: str) -> str:
    if state.directives is None:
        return html
    count = html.count(csp.PLACEHOLDER)
    if count != 1:
        raise PluginError(
            f"csp: {where} has {count} CSP meta placeholders, expected 1 "
            "(overrides/main.html includes partials/csp.html once)"
        )
    scripts, meta_line = csp.inline_scripts(html)
    styles = csp.inline_styles(html)
    for kind, elements in (("script", scripts), ("style", styles)):
        early = [e for e in elements if meta_line is None or e.line < meta_line]
        if early:
            raise PluginError(
                f"csp: {where}: an inline {kind} on line {early[0].line} comes before the "
                "CSP meta tag, which covers only what follows it"
            )
    sources = [s.source for s in scripts]
    style_sources = [s.source for s in styles]
    for seen, found in ((state.hashes, sources), (state.style_hashes, style_sources)):
        for source in found:
            seen.setdefault(source, set()).add(where)
    try:
        policy = csp.build_policy(state.directives, sources, style_sources)
    except csp.CspError as error:
        raise PluginError(f"csp: {where}: {error}") from error
    # Sources hold no '"' (checked), so escaping &, < and > is enough in the attribute.
    return html.replace(csp.PLACEHOLDER, html_lib.escape(policy, quote=False))


# Say which hashes are in force, and the header form for self-hosting.
def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Log the distinct inline-script hashes of this build."""
    if state.directives is None:
        return
    log.info(
        "csp: %d directives, %d distinct inline-script hashes across the pages",
        len(state.directives),
        len(state.hashes),
    )
    for source, pages in sorted(state.hashes.items(), key=lambda item: -len(item[1])):
        log.debug("csp: %s on %d page(s)", source, len(pages))
    # One header for every page of a self-hosted copy: every page's hashes.
    header = csp.build_policy(state.directives, sorted(state.hashes), sorted(state.style_hashes))
    log.info("csp: header form: %s", header)
