"""The built site loads nothing from another host.

Links to sources on other hosts are fine; loads are not: scripts, style
sheets, icons, preloads, manifests, images, frames, media, CSS ``url()`` and
``@import``, and JavaScript ``import``/``fetch``/workers of absolute URLs.

Our own files (every HTML page, our CSS and JS) must contain no such load.
Third-party files we ship as they are (Material's bundle and search worker,
the Pyodide runtime) contain URLs of other hosts in code paths the site never
takes; each one is listed below with the reason it is never loaded, and the
reason is checked where it can be. A new URL (say, after an upgrade) fails
the test until someone has looked at it. The browser tests then prove it:
zero requests to other hosts while every page is visited.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.site.site_html import built_pages, mkdocs_config, parse_file

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site

# Elements and attributes through which a page loads something.
LOADING_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
# <link rel=...> values that make the browser fetch the href.
LOADING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "mask-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
}
ABSOLUTE = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]+)\1\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?(?P<url>[^'")\s;]+)""", re.I)
# JavaScript that loads an absolute URL: import, import(), fetch, workers, scripts.
JS_LOAD = re.compile(
    r"""(?:\bimport\s*\(\s*|\bfrom\s*|\bimport\s+|\bfetch\s*\(\s*|\bimportScripts\s*\(\s*"""
    r"""|\bnew\s+(?:Shared)?Worker\s*\(\s*|\bnew\s+EventSource\s*\(\s*|\bnew\s+WebSocket\s*\(\s*"""
    r"""|\.src\s*=\s*|\.href\s*=\s*)["'`](?P<url>(?:https?:|wss?:)?//[^"'`]+)""",
)
ANY_URL = re.compile(r"""https?://(?P<host>[a-z0-9.-]+\.[a-z]{2,})(?P<path>/[^\s"'`)<>]*)?""", re.I)

# Third-party files shipped as they are: the URLs of other hosts they contain,
# and why the site never loads them. Keys are glob patterns under the site.
VENDORED = {
    "assets/javascripts/bundle.*.min.js": {
        "unpkg.com/mermaid@": "loaded only for Mermaid diagrams; no page has one (checked)",
        "unpkg.com/resize-observer-polyfill": "loaded only where ResizeObserver is missing",
        "api.github.com/": "repository facts, only with repo_url; mkdocs.yml has none (checked)",
        "clipboardjs.com/": "licence comment",
    },
    "assets/javascripts/workers/search.*.min.js": {
        "lunrjs.com": "licence comment",
        "tartarus.org/": "Porter stemmer credit comment",
        "bit.ly/": "comment",
    },
    # Search support for other languages (stemmers, segmenters): the search
    # worker loads these only for a search language other than English.
    "assets/javascripts/lunr/*.js": {"": "never loaded: search language is en (checked)"},
    "assets/stylesheets/*.min.css": {
        "fontawesome.com": "licence comment",
        "www.w3.org/2000/svg": "namespace of inline SVG icons",
    },
    "assets/pyodide/*/pyodide.mjs": {
        "cdn.jsdelivr.net/pyodide/": "Pyodide's default package index; the chooser passes "
        "its own indexURL and lock file, so it is never used (browser tests)",
    },
    "assets/pyodide/*/pyodide.asm.mjs": {},  # names no other host
}


def _absolute(value: str) -> bool:
    return bool(ABSOLUTE.match(value))


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _html_loads(path: Path) -> list[str]:
    """Absolute URLs a built page would load."""
    found: list[str] = []
    root = parse_file(path)
    for el in root.iter():
        for attr in LOADING_ATTRS.get(el.tag, ()):
            value = el.attrs.get(attr, "")
            urls = _srcset_urls(value) if attr == "srcset" else [value]
            found += [f"<{el.tag} {attr}={u}> (line {el.line})" for u in urls if _absolute(u)]
        if el.tag == "link":
            rels = set(el.attrs.get("rel", "").lower().split())
            href = el.attrs.get("href", "")
            if rels & LOADING_RELS and _absolute(href):
                found.append(f"<link rel={' '.join(rels)} href={href}> (line {el.line})")
        if el.tag == "meta" and el.attrs.get("http-equiv", "").lower() == "refresh":
            found.append(f"<meta http-equiv=refresh> (line {el.line})")
        if "style" in el.attrs:
            found += [f"style url({u})" for u in _css_loads(el.attrs["style"])]
        if el.tag == "style":
            found += [f"<style> url({u})" for u in _css_loads(el.text())]
        if el.tag == "script" and not el.attrs.get("src"):
            found += [f"inline script loads {u}" for u in _js_loads(el.text())]
    return found


def _css_loads(css: str) -> list[str]:
    urls = [m.group("url") for m in CSS_URL.finditer(css)]
    urls += [m.group("url") for m in CSS_IMPORT.finditer(css)]
    return [u for u in urls if _absolute(u)]


def _js_loads(js: str) -> list[str]:
    return [m.group("url") for m in JS_LOAD.finditer(js)]


def _vendored_rules(site_dir: Path, path: Path) -> dict[str, str] | None:
    relative = path.relative_to(site_dir).as_posix()
    for pattern, rules in VENDORED.items():
        if fnmatch.fnmatch(relative, pattern):
            return rules
    return None


def test_pages_load_nothing_from_another_host(built_site: BuiltSite) -> None:
    problems = {
        path.relative_to(built_site.site_dir).as_posix(): loads
        for path in built_pages(built_site.site_dir)
        if (loads := _html_loads(path))
    }
    assert not problems, f"pages that load from another host: {problems}"


def test_our_css_and_js_load_nothing_from_another_host(built_site: BuiltSite) -> None:
    site_dir = built_site.site_dir
    checked, problems = 0, []
    for path in sorted(site_dir.rglob("*")):
        if (
            path.suffix not in (".css", ".js", ".mjs")
            or _vendored_rules(site_dir, path) is not None
        ):
            continue
        checked += 1
        text = path.read_text(encoding="utf-8")
        loads = _css_loads(text) if path.suffix == ".css" else _js_loads(text)
        if path.suffix == ".css":
            # Our CSS has no reason to name another host at all (data: URIs aside).
            loads += [m.group(0) for m in ANY_URL.finditer(text) if "www.w3.org" not in m.group(0)]
        problems += [f"{path.relative_to(site_dir)}: {u}" for u in loads]
    assert checked >= 1, "our own style sheet was not found in the built site"
    assert not problems, "\n".join(problems)


def test_vendored_files_name_only_reviewed_hosts(built_site: BuiltSite) -> None:
    site_dir = built_site.site_dir
    unreviewed = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".css", ".js", ".mjs"):
            continue
        rules = _vendored_rules(site_dir, path)
        if rules is None:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in ANY_URL.finditer(text):
            url = match.group("host") + (match.group("path") or "")
            if not any(url.startswith(prefix) for prefix in rules):
                unreviewed.append(f"{path.relative_to(site_dir)}: {match.group(0)}")
    assert not unreviewed, (
        "URLs of other hosts in vendored files that nobody has reviewed "
        "(add each to VENDORED with the reason it is never loaded):\n"
        + "\n".join(sorted(set(unreviewed)))
    )


def test_conditions_of_the_vendored_loaders_hold(built_site: BuiltSite) -> None:
    config = mkdocs_config()
    assert "repo_url" not in config, "repo_url makes Material fetch repository facts"
    assert config["theme"].get("font") is False, "theme.font must be false (no web fonts)"
    search = next(p for p in config["plugins"] if isinstance(p, dict) and "search" in p)["search"]
    assert search.get("lang") in ("en", ["en"]), "lunr language files would be loaded"
    mermaid = []
    for path in built_pages(built_site.site_dir):
        root = parse_file(path)
        if any("mermaid" in el.classes for el in root.iter()):
            mermaid.append(path.relative_to(built_site.site_dir).as_posix())
    assert not mermaid, f"pages with a Mermaid diagram load Mermaid from a CDN: {mermaid}"


def test_the_checks_catch_a_load(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="//cdn.example/x.js"></script><img src="https://img.example/a.png">'
        '<a href="https://docs.example/">a source link is fine</a>'
        '<div style="background: url(https://img.example/b.png)"></div>'
        "<script>import('https://cdn.example/m.mjs'); fetch(\"https://api.example/\")</script>",
        encoding="utf-8",
    )
    loads = _html_loads(page)
    assert len(loads) == 6, loads
    assert _css_loads("@import 'https://x.example/a.css'; a{b:url(data:image/png;base64,AA)}") == [
        "https://x.example/a.css"
    ]
