"""Content-Security-Policy for the built pages: the policy text and script hashes.

GitHub Pages sends no custom headers, so every page carries its policy in a
``<meta http-equiv="Content-Security-Policy">``. The policy itself is data:
``extra.csp`` in mkdocs.yml maps each directive to its sources. What data
cannot know is the theme's inline scripts: Material writes a few small ones
into every page (the ``__md_scope`` one differs with the page's depth), and
their text changes with each Material release. So the hook ``csp.py`` reads
each rendered page, hashes exactly the inline scripts it runs, and adds those
``'sha256-...'`` sources to ``script-src``. The site's stylesheets are
written into each page as one ``<style>`` element (hook ``css_bundle.py``),
whose hash goes to ``style-src`` the same way.

Pure functions, no MkDocs: importable by the hook and by the tests (which
also serve the same policy as an HTTP header).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html import unescape

__all__ = [
    "FORBIDDEN_SCRIPT_SOURCES",
    "META_ONLY_DIRECTIVES",
    "PLACEHOLDER",
    "CspError",
    "InlineScript",
    "build_policy",
    "check_directives",
    "inline_scripts",
    "inline_styles",
    "meta_policy",
    "script_hash",
]

# The template partial writes this where the policy goes; the hook replaces it.
PLACEHOLDER = "__CONTENT_SECURITY_POLICY__"
# Never allowed for scripts: they would let an injected script run.
FORBIDDEN_SCRIPT_SOURCES = frozenset({"'unsafe-inline'", "'unsafe-eval'"})
# Directives a <meta> policy cannot carry (browsers ignore them there).
META_ONLY_DIRECTIVES = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})
_DIRECTIVE = re.compile(r"^[a-z][a-z-]*$")
_SOURCE = re.compile(r"^[^\s;,'\"]+$|^'[a-z0-9+/=-]+'$")
# <script> types a browser executes (anything else, e.g. JSON, is data).
_EXECUTABLE_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
)


class CspError(ValueError):
    """The configured policy or a page's scripts cannot make a valid policy."""


@dataclass(frozen=True)
class InlineScript:
    """An inline script a page runs: its text and where the page has it."""

    text: str
    line: int

    @property
    def source(self) -> str:
        """The CSP source that allows exactly this script, e.g. ``'sha256-...'``."""
        return script_hash(self.text)


def script_hash(text: str) -> str:
    """The ``'sha256-<base64>'`` source of a script's text (UTF-8, as CSP hashes it)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


# A scan for script and meta tags steps over comments and over the content of
# elements that hold text, not markup: a "<script" in them starts nothing.
# (A full HTML parser did the same at a fifth of the speed: it tokenised every
# tag of every page, about 0.4 s of a 2.5 s build.)
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<(script|meta|style|textarea|title)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_END_TAG = {
    name: re.compile(rf"</{name}(?=[\s/>])[^>]*>", re.IGNORECASE)
    for name in ("script", "style", "textarea", "title")
}


def _elements(html: str) -> Iterator[tuple[str, dict[str, str], int, str]]:
    """Each script, style and meta element of a page, in document order.

    Yields the tag, its attributes (names lower-cased, values unescaped), the
    offset of its start tag, and its text (a script's or style's, up to its
    end tag; empty for meta).
    """
    position = 0
    while match := _MARKUP.search(html, position):
        position = match.end()
        tag = (match.group(1) or "").lower()
        if not tag:
            continue  # a comment
        attributes = {
            name.lower(): unescape(double or single or bare)
            for name, double, single, bare in _ATTRIBUTE.findall(match.group(2))
        }
        if tag == "meta":
            yield tag, attributes, match.start(), ""
            continue
        end = _END_TAG[tag].search(html, position)
        text = html[position : end.start() if end else len(html)]
        position = end.end() if end else len(html)
        if tag in ("script", "style"):
            yield tag, attributes, match.start(), text


def _line(html: str, offset: int) -> int:
    return html.count("\n", 0, offset) + 1


def _is_csp_meta(tag: str, attributes: dict[str, str]) -> bool:
    return tag == "meta" and attributes.get("http-equiv", "").lower() == "content-security-policy"


def inline_scripts(html: str) -> tuple[list[InlineScript], int | None]:
    """Find a page's inline executable scripts and the line of its CSP meta tag.

    Args:
        html: A rendered page.

    Returns:
        The scripts in document order, and the meta tag's line (None if absent).
    """
    scripts: list[InlineScript] = []
    meta_line: int | None = None
    for tag, attributes, offset, text in _elements(html):
        if _is_csp_meta(tag, attributes):
            if meta_line is None:
                meta_line = _line(html, offset)
        elif tag == "script":
            kind = attributes.get("type", "").strip().lower()
            if "src" not in attributes and kind in _EXECUTABLE_TYPES:
                scripts.append(InlineScript(text=text, line=_line(html, offset)))
    return scripts, meta_line


def inline_styles(html: str) -> list[InlineScript]:
    """A page's ``<style>`` elements, in document order (text and line, as for scripts)."""
    return [
        InlineScript(text=text, line=_line(html, offset))
        for tag, _, offset, text in _elements(html)
        if tag == "style"
    ]


def check_directives(directives: object) -> dict[str, list[str]]:
    """Validate ``extra.csp``: a mapping of directive name to a list of sources.

    Args:
        directives: The value from mkdocs.yml.

    Returns:
        The directives, as a plain dict of lists.

    Raises:
        CspError: Naming the directive or source at fault.
    """
    if not isinstance(directives, Mapping) or not directives:
        raise CspError("extra.csp must map directive names to lists of sources")
    result: dict[str, list[str]] = {}
    for name, sources in directives.items():
        if not isinstance(name, str) or not _DIRECTIVE.match(name):
            raise CspError(f"extra.csp: {name!r} is not a directive name")
        if name in META_ONLY_DIRECTIVES:
            raise CspError(f"extra.csp: '{name}' has no effect in a <meta> policy")
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise CspError(f"extra.csp: '{name}' must be a list of sources (strings)")
        for source in sources:
            if not _SOURCE.match(source):
                raise CspError(f"extra.csp: '{name}': {source!r} is not a valid source")
        if name in ("script-src", "default-src"):
            bad = FORBIDDEN_SCRIPT_SOURCES.intersection(sources)
            if bad:
                raise CspError(f"extra.csp: '{name}' must not allow {', '.join(sorted(bad))}")
        result[name] = list(sources)
    if "script-src" not in result:
        raise CspError("extra.csp: 'script-src' is missing (the script hashes go there)")
    return result


def build_policy(
    directives: Mapping[str, list[str]],
    hashes: Iterable[str],
    style_hashes: Iterable[str] = (),
) -> str:
    """The policy text: each directive with its sources, hashes added.

    Args:
        directives: From :func:`check_directives`.
        hashes: ``'sha256-...'`` sources of the inline scripts (duplicates dropped),
            added to ``script-src``.
        style_hashes: The same for the inline styles, added to ``style-src``.

    Returns:
        ``"default-src 'self'; script-src 'self' 'sha256-...'; ..."``.

    Raises:
        CspError: There are inline styles but no ``style-src`` to allow them.
    """
    extra = {"script-src": list(dict.fromkeys(hashes))}
    extra["style-src"] = list(dict.fromkeys(style_hashes))
    if extra["style-src"] and "style-src" not in directives:
        raise CspError("extra.csp: 'style-src' is missing (the inline style hashes go there)")
    parts = []
    for name, sources in directives.items():
        parts.append(" ".join([name, *sources, *extra.get(name, [])]))
    return "; ".join(parts)


def meta_policy(html: str) -> str | None:
    """The policy a page's CSP meta tag carries (None without one)."""
    for tag, attributes, _, _ in _elements(html):
        if _is_csp_meta(tag, attributes):
            return attributes.get("content", "")
    return None
