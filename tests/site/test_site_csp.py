"""A strict Content-Security-Policy on every page: in the HTML, and in force in Chromium.

Every built page carries ``<meta http-equiv="Content-Security-Policy">``
with the directives from ``extra.csp`` and the sha256 hashes of exactly the
inline scripts the page runs. Chromium then runs the site twice: as GitHub
Pages serves it (the meta tag), and as a self-hosting team would (the same
policy as a response header, the meta tag stripped). Both times there must be
no violation, and the chooser, search, palette toggle and instant navigation
across page depths must work.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pytest

from scorer import load_knowledge
from scorer.wiki import outcome_ids
from tests.conftest import QuietHandler, load_hook, serving
from tests.site.site_html import mkdocs_config, nav_pages

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage

    from tests.conftest import BuiltSite, SiteBrowser

pytestmark = pytest.mark.site

NAV = nav_pages()
site_csp = load_hook("site_csp.py", "site_csp")

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
# Collects every violation the page reports, from before its first script.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def _pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if "assets" not in p.parts)


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: sources for name, *sources in parts}


def test_every_page_has_the_configured_policy_with_its_script_hashes(built_site: BuiltSite) -> None:
    configured = mkdocs_config()["extra"]["csp"]
    pages = _pages(built_site.site_dir)
    # the nav pages, 404.html and the chooser's outcome pages (not in the nav)
    outcomes = outcome_ids(load_knowledge())
    assert len(pages) == len(NAV) + 1 + len(outcomes)
    depths: dict[str, set[str]] = {}
    style_hashes: set[str] = set()
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count('http-equiv="Content-Security-Policy"') == 1, path
        policy = site_csp.meta_policy(html)
        assert policy is not None
        directives = _directives(policy)
        scripts, meta_line = site_csp.inline_scripts(html)
        assert meta_line is not None and all(s.line > meta_line for s in scripts), path
        hashes = [s.source for s in scripts]
        # Material 9.8's three, and ours that fetches the search index on demand.
        assert len(hashes) == 4, f"{path}: expected four inline scripts, found {hashes}"
        assert directives["script-src"] == [*configured["script-src"], *hashes], path
        # The stylesheets, written into the page as one element (css_bundle.py).
        (style,) = site_csp.inline_styles(html)
        assert style.line > meta_line, path
        assert directives["style-src"] == [*configured["style-src"], style.source], path
        style_hashes.add(style.source)
        for name, sources in configured.items():
            if name not in ("script-src", "style-src"):
                assert directives[name] == sources, (path, name)
        joined = " ".join(directives["script-src"] + directives["default-src"])
        assert "'unsafe-inline'" not in joined and "'unsafe-eval'" not in joined
        # 404.html is served at any depth, so its scope is an absolute path.
        relative = path.relative_to(built_site.site_dir)
        depth = "404" if relative.name == "404.html" else str(len(relative.parts) - 1)
        depths.setdefault(depth, set()).update(hashes)
    # One style on every page, so instant navigation keeps it in the head.
    assert len(style_hashes) == 1, style_hashes
    # The scope script differs by depth; the palette, tab and search scripts are shared.
    shared = set.intersection(*depths.values())
    assert len(shared) == 3
    assert sorted(depths) == ["0", "1", "2", "404"]  # chooser/<outcome>/ is depth 2
    assert all(len(hashes - shared) == 1 for hashes in depths.values()), depths


def test_policy_data_is_checked() -> None:
    check = site_csp.check_directives
    good = {"default-src": ["'self'"], "script-src": ["'self'"]}
    assert check(good) == good
    for bad, message in [
        ({"script-src": ["'self'", "'unsafe-inline'"]}, "must not allow 'unsafe-inline'"),
        ({"default-src": ["'unsafe-eval'"], "script-src": []}, "must not allow 'unsafe-eval'"),
        ({"default-src": ["'self'"]}, "'script-src' is missing"),
        ({"script-src": ["'self'; img-src *"]}, "is not a valid source"),
        ({"frame-ancestors": ["'none'"], "script-src": []}, "no effect in a <meta> policy"),
        ({"Script Src": []}, "is not a directive name"),
        ({"script-src": "'self'"}, "must be a list of sources"),
        ([], "must map directive names"),
    ]:
        with pytest.raises(site_csp.CspError, match=re.escape(message)):
            check(bad)


def test_inline_styles_need_a_style_src() -> None:
    directives = {"default-src": ["'self'"], "script-src": ["'self'"]}
    assert site_csp.build_policy(directives, []) == "default-src 'self'; script-src 'self'"
    with pytest.raises(site_csp.CspError, match="'style-src' is missing"):
        site_csp.build_policy(directives, [], ["'sha256-AAAA'"])
    with_styles = {**directives, "style-src": ["'self'"]}
    assert site_csp.build_policy(with_styles, ["'sha256-s'"], ["'sha256-c'", "'sha256-c'"]) == (
        "default-src 'self'; script-src 'self' 'sha256-s'; style-src 'self' 'sha256-c'"
    )


def test_script_hash_matches_the_csp_algorithm() -> None:
    # sha256 of the UTF-8 text, base64: the value from the CSP spec's own example.
    assert site_csp.script_hash("alert('Hello, world.');") == (
        "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    )


def test_only_scripts_a_browser_runs_are_found_with_their_lines() -> None:
    html = "\n".join(
        [
            '<meta http-equiv="Content-Security-Policy" content="a &amp; b">',
            "<!-- <script>in_a_comment()</script> -->",
            '<SCRIPT type="Module">one()</script >',
            "<textarea><script>in_text()</script></textarea>",
            '<script src="x.js"></script><script type="application/json">{}</script>',
            "<title>a <script> in a title</title>",
            '<script defer>two("</scrip", "<!--")</script>',
            "<style>a::after { content: '<script>' }</style>",
        ]
    )
    scripts, meta_line = site_csp.inline_scripts(html)
    assert [(s.text, s.line) for s in scripts] == [("one()", 3), ('two("</scrip", "<!--")', 7)]
    assert meta_line == 1
    assert [(s.text, s.line) for s in site_csp.inline_styles(html)] == [
        ("a::after { content: '<script>' }", 8)
    ]
    assert site_csp.meta_policy(html) == "a & b"
    assert site_csp.meta_policy("<p>no policy</p>") is None


def _header_handler(site_root: Path) -> Callable[..., QuietHandler]:
    """A request handler that moves each page's meta policy into a response header."""

    class HeaderPolicy(QuietHandler):
        def send_head(self) -> io.BytesIO | BinaryIO | None:
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix != ".html" or not path.is_file():
                return super().send_head()
            html = path.read_text(encoding="utf-8")
            policy = site_csp.meta_policy(html)
            body = META.sub("", html).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if policy:
                self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            return io.BytesIO(body)

    return functools.partial(HeaderPolicy, directory=str(site_root))


@pytest.fixture(scope="module")
def header_server(built_site: BuiltSite) -> Iterator[str]:
    with serving(_header_handler(built_site.root)) as server:
        port = server.server_address[1]
        yield f"http://127.0.0.1:{port}/{built_site.site_dir.name}/"


@pytest.mark.browser
@pytest.mark.parametrize("delivery", ["meta", "header"])
def test_policy_holds_in_chromium(
    delivery: str, site_browser: SiteBrowser, header_server: str
) -> None:
    base = site_browser.base_url if delivery == "meta" else header_server
    site_browser.context.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page = site_browser.new_page()

    def on_console(m: ConsoleMessage) -> None:
        if m.type == "error":
            console.append(m.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: console.append(f"uncaught {e}"))

    response = page.goto(base)
    assert response is not None
    header = response.headers.get("content-security-policy")
    meta = page.locator('meta[http-equiv="Content-Security-Policy"]').count()
    assert (header is None, meta) == ((False, 0) if delivery == "header" else (True, 1))
    page.wait_for_function("() => typeof window.document$ !== 'undefined'")

    # Palette toggle (Material's bundle + the inline palette script).
    page.locator("label.md-header__button[for^='__palette_']:visible").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")

    # Search (a Web Worker from the site itself).
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("Corrections")
    search.press("End")
    page.wait_for_selector("a.md-search-result__link[href*='methodology/']")
    page.keyboard.press("Escape")

    # Instant navigation to a page two levels down, then to the chooser.
    page.locator("a[href$='questions/']").first.click()
    page.wait_for_url("**/questions/")
    page.goto(base + "questions/performance/")
    page.locator(".md-nav a[href$='chooser/']").first.click()
    page.wait_for_url("**/chooser/")
    page.locator("[data-question='team'] input[value='python']").check()
    page.wait_for_selector('#chooser-result[data-state="ready"]', timeout=120_000)
    page.wait_for_function("location.search.includes('team.python')")
    verdict = page.locator("#chooser-result").get_attribute("data-verdict")
    assert verdict

    violations = page.evaluate("window.__csp")
    assert violations == [], violations
    assert [m for m in console if "Content Security Policy" in m or "uncaught" in m] == []
    # (The header server is this machine too, on another port.)
    assert [u for u in site_browser.external_requests if not u.startswith(base)] == []
