"""Leave out the theme's style rules that no page of this site can match.

Every page carries the stylesheets in its HTML (css_bundle.py), so every rule
is bytes each first visit waits for and text each page parses. Material's
stylesheets hold rules for every palette colour and for right-to-left
languages; a site in English with one primary and one accent colour uses
neither: about a tenth of them (15 KB of the 172 KB a page carries, 2.2 KB
gzipped). They also hold rules for features this site leaves off (tabs, a
blog, a cookie banner, Markdown extensions it does not use): 21 KB more of
what was left, 3.4 KB gzipped.

``without_selectors`` drops each selector of a rule that ``unused`` names,
and the rule itself once none is left; ``unused_in_site`` says which
selectors this site's configuration can never match. The parser knows what
minified CSS needs: nested at-rules (``@media``, ``@supports``), blocks kept
whole (``@font-face``, ``@keyframes``), strings, and parentheses, whose
commas do not separate selectors.

``never_produced`` names the selectors that need an element of a class this
site's pages never have: the classes of theme and Markdown features it leaves
off, listed in ``css_unused_classes.txt`` (``left_off_classes`` reads it).
css_bundle.py makes that list hold: ``classes_in_markup`` and
``named_in_script`` find a listed class in a page or a script, and the build
stops.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

# At-rules whose blocks hold style rules (the others are kept whole).
_NESTING = ("@media", "@supports", "@container", "@layer", "@document")
_DIRECTION = re.compile(r'"direction":\s*"(ltr|rtl)"')
_COLOUR = re.compile(r"\[data-md-color-(primary|accent)=([\w-]+)\]")
_RTL = "[dir=rtl]"
# The class names of the theme's and Markdown's features this site leaves off.
CLASSES_FILE = Path(__file__).with_name("css_unused_classes.txt")
_CLASS_NAME = r"-?[_a-zA-Z][\w-]*"
_CLASS_IN_SELECTOR = re.compile(r"\.(" + _CLASS_NAME + ")")
_ATTRIBUTE_SELECTOR = re.compile(r"\[[^\]]*\]")
_CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
# Material's colours when the palette names none (its base.html).
_DEFAULT_COLOUR = "indigo"


def without_selectors(css: str, unused: Callable[[str], bool]) -> str:
    """``css`` without the selectors ``unused`` names (and rules left empty)."""
    out: list[str] = []
    _rules(css, 0, len(css), unused, out)
    return "".join(out)


def _rules(css: str, start: int, end: int, unused: Callable[[str], bool], out: list[str]) -> None:
    position = start
    while position < end:
        stop = _scan(css, position, end, "{;}")
        if stop >= end or css[stop] == "}":
            out.append(css[position : end if stop >= end else stop])
            return
        prelude = css[position:stop]
        if css[stop] == ";":  # @import, @charset
            out.append(css[position : stop + 1])
            position = stop + 1
            continue
        close = _matching(css, stop, end)
        head = prelude.strip()
        if head.startswith("@"):
            if head.split(None, 1)[0].split("(")[0] in _NESTING:
                inner: list[str] = []
                _rules(css, stop + 1, close, unused, inner)
                if "".join(inner).strip():
                    out.append(prelude + "{" + "".join(inner) + "}")
            else:
                out.append(css[position : close + 1])
        else:
            kept = [part for part in _split(prelude) if not unused(part)]
            if kept:
                out.append(",".join(kept) + css[stop : close + 1])
        position = close + 1


def _scan(css: str, position: int, end: int, stops: str) -> int:
    """Index of the first of ``stops`` outside strings and parentheses."""
    depth = 0
    while position < end:
        char = css[position]
        if char in "\"'":
            position = _string_end(css, position, end)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char in stops:
            return position
        position += 1
    return end


def _string_end(css: str, position: int, end: int) -> int:
    quote = css[position]
    position += 1
    while position < end and css[position] != quote:
        position += 2 if css[position] == "\\" else 1
    return position


def _matching(css: str, opening: int, end: int) -> int:
    """Index of the ``}`` that closes the block opened at ``opening``."""
    depth = 0
    position = opening
    while position < end:
        char = css[position]
        if char in "\"'":
            position = _string_end(css, position, end)
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    raise ValueError(f"css_unused: a block opened at offset {opening} is never closed")


def _split(selectors: str) -> list[str]:
    """The selectors of a list, split at commas outside parentheses and strings."""
    parts = []
    position = 0
    while True:
        comma = _scan(selectors, position, len(selectors), ",")
        parts.append(selectors[position:comma])
        if comma >= len(selectors):
            return parts
        position = comma + 1


def unused_in_site(direction: str, colours: Iterable[str]) -> Callable[[str], bool]:
    """Whether a selector needs a direction or palette colour the site never has.

    Only what stands outside parentheses counts: ``:not([dir=rtl])`` matches
    in a left-to-right page.
    """
    used = {colour.lower().replace(" ", "-") for colour in colours}

    def unused(selector: str) -> bool:
        top = _outside_parentheses(selector)
        if direction == "ltr" and _RTL in top:
            return True
        return any(colour not in used for _, colour in _COLOUR.findall(top))

    return unused


def never_produced(prefixes: Iterable[str]) -> Callable[[str], bool]:
    """Whether a selector needs an element whose class starts with one of ``prefixes``.

    As for ``unused_in_site``, only what stands outside parentheses counts
    (``:not(.md-tabs)`` matches anywhere), and attribute selectors are not
    classes (``[href$=".md-tabs"]``).
    """
    starts = tuple(prefixes)

    def unused(selector: str) -> bool:
        top = _ATTRIBUTE_SELECTOR.sub("", _outside_parentheses(selector))
        return bool(starts) and any(
            name.startswith(starts) for name in _CLASS_IN_SELECTOR.findall(top)
        )

    return unused


def any_of(*predicates: Callable[[str], bool]) -> Callable[[str], bool]:
    """Whether any of ``predicates`` names a selector."""
    return lambda selector: any(predicate(selector) for predicate in predicates)


def left_off_classes(text: str, source: str) -> dict[str, str]:
    """The list's class-name prefixes, each with what would produce it.

    A line holds a prefix and then its producer; ``#`` starts a comment.
    """
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        prefix, _, producer = line.partition(" ")
        if not re.fullmatch(_CLASS_NAME, prefix) or not producer.strip():
            raise ValueError(
                f"{source} line {number}: expected a class name and what produces it, got {line!r}"
            )
        if prefix in found:
            raise ValueError(f"{source} line {number}: {prefix!r} is listed twice")
        found[prefix] = producer.strip()
    return found


def classes_in_markup(html: str) -> set[str]:
    """The class names a page's elements carry (its ``class`` attributes)."""
    names: set[str] = set()
    for match in _CLASS_ATTRIBUTE.finditer(html):
        names.update(next(value for value in match.groups() if value is not None).split())
    return names


def named_in_script(script: str, prefixes: Iterable[str]) -> set[str]:
    """The ``prefixes`` a script names the way it names a class.

    After a quote, a backtick, a space or a dot, as in ``"md-tabs"``,
    ``"md-nav md-tabs__list"`` or ``".md-tabs"``; a name followed by ``(``
    is a method (``.keys(``), not a class.
    """
    listed = sorted(prefixes, key=len, reverse=True)  # the longest first
    if not listed:
        return set()
    names = "|".join(re.escape(prefix) for prefix in listed)
    pattern = r"(?<=[\"'`\s.])(" + names + r")[\w-]*(?![\w(-])"
    return set(re.findall(pattern, script))


def _outside_parentheses(selector: str) -> str:
    depth = 0
    kept = []
    for char in selector:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def site_direction(theme_dirs: Iterable[str], language: str, configured: str | None) -> str | None:
    """The site's text direction as Material sets it on ``<body>`` (None if unknown)."""
    if configured:
        return configured
    for folder in theme_dirs:
        partial = Path(folder) / "partials" / "languages" / f"{language}.html"
        if partial.is_file():
            found = _DIRECTION.search(partial.read_text(encoding="utf-8"))
            return found.group(1) if found else None
    return None


def palette_colours(palette: object) -> set[str]:
    """The primary and accent colours the theme's palette names (with Material's default)."""
    entries = palette if isinstance(palette, list) else [palette] if palette else []
    colours = {_DEFAULT_COLOUR}
    for entry in entries:
        if isinstance(entry, dict):
            colours.update(str(entry[key]) for key in ("primary", "accent") if entry.get(key))
    return colours
