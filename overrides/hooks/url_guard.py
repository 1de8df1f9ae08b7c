"""MkDocs hook: the build fails when a published URL or heading anchor disappears.

``overrides/hooks/published_urls.txt`` lists every page URL and heading anchor the
site has published (see ``published_urls.py`` for the format and the rules).
After the build, and after the redirects plugin has written its redirect
pages, each listed entry must resolve in the built site; otherwise the build
fails with one line per lost URL or anchor, saying how to keep it working.

Pages and headings that are new are not an error: the build says how many
there are, and ``make urls`` (``PUBLISHED_URLS=update``) adds them to the list,
keeping every entry already there.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

HERE = Path(__file__).resolve().parent
LIST = HERE / "published_urls.txt"
UPDATE = "PUBLISHED_URLS"  # environment: "update" rewrites the list with new entries

log = logging.getLogger("mkdocs.hooks.url_guard")


# Import published_urls.py from this folder, afresh on each `mkdocs serve` rebuild.
def _load() -> ModuleType:
    name = "node_or_flask_published_urls"
    spec = importlib.util.spec_from_file_location(name, HERE / "published_urls.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the file ships with the hook
        raise PluginError(f"cannot load {HERE / 'published_urls.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


urls = _load()


@dataclass
class _State:
    """The pages and heading anchors this build produced."""

    built: set[Any] = field(default_factory=set)


state = _State()


# Start each build with an empty record.
def on_pre_build(config: MkDocsConfig) -> None:
    """Forget the previous build's pages (mkdocs serve rebuilds in one process)."""
    state.built = set()


# Record each page and its heading anchors (the table of contents, every level).
def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    """Note the page's URL and the ids of its headings."""
    state.built.add(urls.Entry(page.url))

    def walk(items: list[AnchorLink]) -> None:
        for item in items:
            state.built.add(urls.Entry(page.url, item.id))
            walk(item.children)

    walk(list(page.toc))
    return context


# Last of all post-build steps, so redirect pages already exist.
@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    """Check the list against the built site; with PUBLISHED_URLS=update, extend it."""
    if not config.use_directory_urls:
        # The file:// copy (make offline) has .html URLs of its own; the list is
        # the published site's, which the copy never replaces.
        return
    try:
        listed = urls.parse_list(LIST.read_text(encoding="utf-8"), str(LIST.name))
    except FileNotFoundError:
        listed = []
    except ValueError as error:
        raise PluginError(f"url_guard: {error}") from error
    problems = urls.check(listed, Path(config.site_dir))
    if problems:
        raise PluginError(
            f"url_guard: {len(problems)} published URL(s) or anchor(s) no longer resolve "
            f"(listed in overrides/hooks/{LIST.name}):\n  " + "\n  ".join(problems)
        )
    new = state.built - set(listed)
    if os.environ.get(UPDATE) == "update":
        LIST.write_text(urls.format_list([*listed, *new]), encoding="utf-8")
        log.info("url_guard: wrote %s (%d entries, %d new)", LIST, len(listed) + len(new), len(new))
    elif new:
        log.info(
            "url_guard: %d new page(s) or heading anchor(s) not yet in overrides/hooks/%s; "
            "`make urls` adds them",
            len(new),
            LIST.name,
        )
