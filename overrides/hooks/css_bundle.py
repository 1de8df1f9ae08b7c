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

With ``extra.inline_styles`` set, each page then carries its stylesheets
(Material's two and the bundle) as one ``<style>`` element in place of their
links, so the page can be drawn once its HTML has arrived, without a second
round trip. Every page gets the same element, so Material's instant
navigation, which keeps the head elements two pages share, leaves it in
place; ``csp.py`` adds its hash to ``style-src``. The file:// copy keeps the
links (no round trips there, and its zip stays small). The written-in palette
goes without Material's rule for every element while the scheme switches
(SWITCHING_RULE), which palette_switch.js stands in for, and Material's
written-in styles go without the rules for palette colours and a text
direction this site never has, and for the classes of the features it leaves
off (css_unused.py, css_unused_classes.txt). A page or a script that names
one of those classes stops the build: it would go unstyled.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import css_unused
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

BUNDLE_DIR = "assets/stylesheets/"
# extra.<this> in mkdocs.yml: write the stylesheets into every page.
INLINE_OPTION = "inline_styles"
_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">\n?')
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_STYLE_END = re.compile(r"</style", re.IGNORECASE)
_RIGHT_TO_LEFT = re.compile(r"""\sdir=["']?rtl\b""", re.IGNORECASE)
# A comment, or a string (kept: "/*" inside one starts no comment).
_COMMENT_OR_STRING = re.compile(r"/\*.*?\*/|(\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')", re.S)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.S)
_inline_cache: dict[str, str] = {}  # stylesheet path in the site -> its text
# The classes left off (css_unused_classes.txt), checked against the theme's
# scripts once per build: prefix -> what would produce it.
_left_off: dict[str, str] | None = None
# Material's palette rule that stops transitions while the colour scheme
# switches. It matches every element, and Material's script sets and clears
# its attribute on every full page load: two restyles of the whole page (a
# third of a docs page's style work at load). The inlined palette leaves it
# out; SWITCH_SCRIPT stops transitions only when the reader switches.
SWITCHING_RULE = (
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
)
SWITCH_SCRIPT = "assets/javascripts/palette_switch.js"

_sources: list[str] = []
_bundle: tuple[str, str] | None = None  # (src_uri, content)


def _custom_dir(config: MkDocsConfig) -> Path:
    custom = config.theme.custom_dir
    if not custom:
        raise PluginError("css_bundle: the theme has no custom_dir (overrides/)")
    return Path(custom)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Replace the listed stylesheets with their bundle."""
    global _bundle, _left_off  # MkDocs calls hooks as plain module functions
    _left_off = None
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
    _inline_cache.clear()
    _sources[:] = sources
    config.extra_css[:] = [_bundle[0]]
    return config


def _without_comments(css: str) -> str:
    """The stylesheet without its comments and blank lines."""
    text = _COMMENT_OR_STRING.sub(lambda match: match.group(1) or "", css)
    return re.sub(r"\n\s*\n+", "\n", text)


def _check_blocks(uri: str, text: str) -> None:
    """Fail on a stylesheet whose braces do not pair up.

    A browser skips to the end of an unclosed block, so in a bundle an
    unclosed block in one file would swallow every file after it.
    """
    # Comments and strings out (their line breaks kept, so line numbers hold).
    code = _COMMENT_OR_STRING.sub(lambda match: "\n" * match.group(0).count("\n"), text)
    depth = 0
    for number, line in enumerate(code.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        if depth < 0:
            raise PluginError(f"css_bundle: {uri} line {number}: a '}}' closes no block")
    if depth:
        raise PluginError(f"css_bundle: {uri} leaves {depth} block(s) unclosed")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Leave the separate sources out of the site; add the bundle.

    With the stylesheets written into every page, no stylesheet file ships
    (Material's neither): no page asks for one, and the offline copy the
    service worker keeps would hold them for nothing.
    """
    if _bundle is None:
        return files
    for uri in _sources:
        source = files.get_file_from_path(uri)
        if source is not None:
            files.remove(source)
    if config.extra.get(INLINE_OPTION):
        for file in list(files):
            if file.src_uri.startswith(BUNDLE_DIR) and file.src_uri.endswith((".css", ".css.map")):
                files.remove(file)
        return files
    files.append(File.generated(config, _bundle[0], content=_bundle[1]))
    return files


# Write the stylesheets into each page (extra.inline_styles).
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Replace the page's stylesheet links with one <style> element."""
    return _inline(output, page.file.src_uri, config)


# The same for theme pages rendered from templates (404.html).
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Replace the stylesheet links of an HTML theme template's output."""
    if not template_name.endswith(".html"):
        return output_content
    return _inline(output_content, template_name, config)


def _inline(html: str, where: str, config: MkDocsConfig) -> str:
    if not config.extra.get(INLINE_OPTION):
        return html
    if _RIGHT_TO_LEFT.search(html) and _unused_in_site(config)("[dir=rtl] p"):
        raise PluginError(
            f'css_bundle: {where} has right-to-left text (dir="rtl"), but the theme\'s '
            "right-to-left rules are left out of the written-in styles of this "
            "left-to-right site (css_unused.py)"
        )
    _check_left_off(html, where, config)
    links = list(_LINK.finditer(html))
    if not links:
        return html
    texts = [_stylesheet(link.group(1), where, config) for link in links]
    style = "<style>" + "\n".join(texts) + "</style>\n"
    # The first link's place keeps the order of the head (stylesheets before
    # the theme's first inline script); the other links go.
    first = links[0].start()
    return _LINK.sub(lambda link: style if link.start() == first else "", html)


def _unused_in_site(config: MkDocsConfig) -> Callable[[str], bool]:
    """The theme's selectors this site never matches (see css_unused)."""
    theme = config.theme
    direction = css_unused.site_direction(
        theme.dirs, str(theme.get("language") or "en"), theme.get("direction")
    )
    colours = css_unused.palette_colours(theme.get("palette"))
    return css_unused.any_of(
        css_unused.unused_in_site(direction or "", colours),
        css_unused.never_produced(_left_off_classes(config)),
    )


def _left_off_classes(config: MkDocsConfig) -> dict[str, str]:
    """The listed classes, once no theme script names one (a script could add it)."""
    global _left_off
    if _left_off is None:
        source = css_unused.CLASSES_FILE
        try:
            listed = css_unused.left_off_classes(source.read_text(encoding="utf-8"), source.name)
        except (OSError, ValueError) as error:
            raise PluginError(f"css_bundle: {error}") from error
        for folder in config.theme.dirs:
            for script in sorted((Path(folder) / "assets" / "javascripts").rglob("*.js")):
                _stop_if_named(script.read_text(encoding="utf-8"), str(script), listed)
        _left_off = listed
    return _left_off


def _check_left_off(html: str, where: str, config: MkDocsConfig) -> None:
    """Stop on a page whose elements or inline scripts name a class left off."""
    listed = _left_off_classes(config)
    starts = tuple(listed)
    for name in sorted(css_unused.classes_in_markup(html)):
        if name.startswith(starts):
            prefix = next(p for p in listed if name.startswith(p))
            raise PluginError(
                _left_off_message(f"{where} has an element of class {name!r}", prefix, listed)
            )
    for script in _SCRIPT.findall(html):
        _stop_if_named(script, f"a script in {where}", listed)


def _stop_if_named(script: str, what: str, listed: dict[str, str]) -> None:
    """Stop where ``script`` (``what`` names it) names a class left off."""
    named = css_unused.named_in_script(script, listed)
    if named:
        first = min(named)
        raise PluginError(_left_off_message(f"{what} names {first!r}", first, listed))


def _left_off_message(what: str, prefix: str, listed: dict[str, str]) -> str:
    return (
        f"css_bundle: {what}, a class of {listed[prefix]}; its rules are left out of "
        f"the written-in styles: take {prefix!r} off overrides/hooks/{css_unused.CLASSES_FILE.name}"
    )


def _without_switching_rule(path: str, text: str, config: MkDocsConfig) -> str:
    """Material's palette stylesheet without SWITCHING_RULE (see there)."""
    scripts = [str(entry) for entry in config.extra_javascript]
    if SWITCH_SCRIPT not in scripts:
        raise PluginError(
            f"css_bundle: {SWITCH_SCRIPT} is not in extra_javascript; without it, leaving "
            f"Material's switching rule out of {path} would make a scheme switch fade"
        )
    if text.count(SWITCHING_RULE) != 1:
        raise PluginError(
            f"css_bundle: {path} does not hold Material's switching rule as expected "
            f"({SWITCHING_RULE!r}); check {SWITCH_SCRIPT} against the theme's version"
        )
    return text.replace(SWITCHING_RULE, "")


def _stylesheet(href: str, where: str, config: MkDocsConfig) -> str:
    """The text of a stylesheet a page links, found by its path in the site."""
    if "//" in href or BUNDLE_DIR not in href:
        raise PluginError(f"css_bundle: {where} links {href!r}, not a stylesheet of this site")
    path = BUNDLE_DIR + href.rsplit(BUNDLE_DIR, 1)[1]
    if path not in _inline_cache:
        if _bundle is not None and path == _bundle[0]:
            text = _without_comments(_bundle[1])  # notes for us, 2.8 KB gzip a page
        else:
            found = [Path(d) / path for d in config.theme.dirs if (Path(d) / path).is_file()]
            if not found:
                raise PluginError(f"css_bundle: {where} links {href!r}, which no theme folder has")
            text = found[0].read_text(encoding="utf-8")
            if Path(path).name.startswith("palette."):
                text = _without_switching_rule(path, text, config)
            text = css_unused.without_selectors(text, _unused_in_site(config))
        if _STYLE_END.search(text):
            raise PluginError(f"css_bundle: {path} holds '</style', which would end the element")
        _inline_cache[path] = _SOURCE_MAP.sub("", text).strip()
    return _inline_cache[path]
