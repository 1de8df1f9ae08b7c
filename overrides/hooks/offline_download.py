"""MkDocs hook: offer the offline copy's zip where a page asks for it.

``docs/index.md`` and ``docs/methodology.md`` place ``<!-- offline:download -->``
on a line of their own. This hook replaces it with a "Download for offline
reading" link and the zip's size (``templates/offline_download.html``), and
copies the zip into the site root, so the link works under any sub-path.

The zip is ``dist/node-or-flask-offline.zip``, written by ``make offline``;
the Pages workflow runs that before ``make build``. A build without it says
how to make one; the offline copy itself says that it is the copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from hook_templates import environment as template_environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

MARKER = "<!-- offline:download -->"
ZIP = "dist/node-or-flask-offline.zip"  # written by `make offline`
SITE_NAME = "node-or-flask-offline.zip"  # where the site serves it

_environment = template_environment(escape="all", trailing_newline=True)


def _zip(config: MkDocsConfig) -> Path:
    return Path(config.docs_dir).parent / ZIP  # docs/'s parent: the project


def _reading_copy(config: MkDocsConfig) -> bool:
    return "material/offline" in config.plugins


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Replace the marker with the download box (other pages: unchanged)."""
    if MARKER not in html:
        return html
    if html.count(MARKER) > 1:
        raise PluginError(f"offline_download: {page.file.src_uri} has the marker twice")
    archive = _zip(config)
    copy: dict[str, Any] | None = None
    if archive.is_file() and not _reading_copy(config):
        copy = {
            "href": get_relative_url(SITE_NAME, page.url),
            "megabytes": f"{archive.stat().st_size / 1e6:.1f}",
        }
    box = _environment.get_template("offline_download.html").render(
        copy=copy, reading_copy=_reading_copy(config)
    )
    return html.replace(f"<p>{MARKER}</p>", MARKER).replace(MARKER, box)


def on_post_build(config: MkDocsConfig) -> None:
    """Copy the zip into the site root (the published site only)."""
    archive = _zip(config)
    if archive.is_file() and not _reading_copy(config):
        shutil.copyfile(archive, Path(config.site_dir) / SITE_NAME)
