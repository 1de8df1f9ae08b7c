"""Ship the site's own stylesheets as one file (MkDocs hook).

The sources stay one concern a file (``extra_css`` in mkdocs.yml: extra,
chooser, offline, evidence, a11y), but each is a render-blocking request:
with Material's two, a page waited on seven stylesheets, more than a browser
opens connections to one host at once, so on a slow link the first paint
waited for a second round trip. This hook joins them, in their listed order
(later rules still win), into ``assets/stylesheets/site.<hash>.css`` and
lists only that file; the hash of the content names it, so a new deploy
never serves a stale copy. None of the sources uses a relative ``url()``,
and the bundle sits in the same folder, so such a reference would still
resolve.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

BUNDLE_DIR = "assets/stylesheets/"

_sources: list[str] = []
_bundle: tuple[str, str] | None = None  # (src_uri, content)


def _custom_dir(config: MkDocsConfig) -> Path:
    custom = config.theme.custom_dir
    if not custom:
        raise PluginError("css_bundle: the theme has no custom_dir (overrides/)")
    return Path(custom)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Replace the listed stylesheets with their bundle."""
    global _bundle  # MkDocs calls hooks as plain module functions
    sources = [str(entry) for entry in config.extra_css]
    if not sources:
        _bundle = None  # nothing to bundle (and nothing left from an earlier build)
        return config
    overrides = _custom_dir(config)
    parts = []
    for uri in sources:
        if not uri.startswith(BUNDLE_DIR) or not uri.endswith(".css"):
            raise PluginError(
                f"css_bundle: extra_css entry {uri!r} is not a .css file in {BUNDLE_DIR}"
            )
        path = overrides / uri
        if not path.is_file():
            raise PluginError(f"css_bundle: extra_css entry {uri!r} is missing ({path})")
        text = path.read_text(encoding="utf-8")
        _check_blocks(uri, text)
        parts.append(f"/* {uri} */\n{text.rstrip()}\n")
    content = "\n".join(parts)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    _bundle = (f"{BUNDLE_DIR}site.{digest}.css", content)
    _sources[:] = sources
    config.extra_css[:] = [_bundle[0]]
    return config


def _check_blocks(uri: str, text: str) -> None:
    """Fail on a stylesheet whose braces do not pair up.

    A browser skips to the end of an unclosed block, so in a bundle an
    unclosed block in one file would swallow every file after it.
    """
    # Comments and strings out (their line breaks kept, so line numbers hold).
    code = re.sub(
        r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'",
        lambda match: "\n" * match.group(0).count("\n"),
        text,
        flags=re.S,
    )
    depth = 0
    for number, line in enumerate(code.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        if depth < 0:
            raise PluginError(f"css_bundle: {uri} line {number}: a '}}' closes no block")
    if depth:
        raise PluginError(f"css_bundle: {uri} leaves {depth} block(s) unclosed")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Leave the separate sources out of the site; add the bundle."""
    if _bundle is None:
        return files
    for uri in _sources:
        source = files.get_file_from_path(uri)
        if source is not None:
            files.remove(source)
    files.append(File.generated(config, _bundle[0], content=_bundle[1]))
    return files
