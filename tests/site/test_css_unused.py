"""css_unused: the theme's rules that no page of this site can match are left out.

Pure functions on small stylesheets (no build): selectors that need a
right-to-left page, a palette colour the site does not use or a class of a
feature it leaves off (css_unused_classes.txt) go, rules left without a
selector go, nested at-rules are walked, and nothing else changes.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import material  # type: ignore[import-untyped]  # Material ships no type information
import pytest

from tests.conftest import load_hook

MATERIAL_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


@pytest.fixture(scope="module")
def unused() -> ModuleType:
    return load_hook("css_unused.py")


def test_right_to_left_selectors_go_from_a_left_to_right_site(unused: ModuleType) -> None:
    never = unused.unused_in_site("ltr", {"indigo"})
    css = "[dir=ltr] .a,[dir=rtl] .b{margin:0}[dir=rtl] .c{left:0}.d{right:0}"
    assert unused.without_selectors(css, never) == "[dir=ltr] .a{margin:0}.d{right:0}"
    # A right-to-left site keeps them.
    keep = unused.unused_in_site("rtl", {"indigo"})
    assert unused.without_selectors(css, keep) == css


def test_selectors_for_colours_the_palette_never_names_go(unused: ModuleType) -> None:
    never = unused.unused_in_site("ltr", {"indigo", "teal"})
    css = (
        "[data-md-color-primary=red]{--x:1}[data-md-color-primary=indigo]{--x:2}"
        "[data-md-color-accent=teal],[data-md-color-accent=deep-purple]{--y:3}"
        "[data-md-color-scheme=slate]{--z:4}"
    )
    assert unused.without_selectors(css, never) == (
        "[data-md-color-primary=indigo]{--x:2}[data-md-color-accent=teal]{--y:3}"
        "[data-md-color-scheme=slate]{--z:4}"
    )


def test_nested_at_rules_are_walked_and_dropped_once_empty(unused: ModuleType) -> None:
    never = unused.unused_in_site("ltr", set())
    css = (
        '@charset "UTF-8";@media screen{[dir=rtl] .a{left:0}}'
        "@media print{.b{color:red}[dir=rtl] .c{left:0}}"
        "@supports (display:grid){@media screen{[dir=rtl] .d{left:0}.e{top:0}}}"
        "@keyframes k{0%{left:0}to{left:1px}}@font-face{font-family:x}"
    )
    assert unused.without_selectors(css, never) == (
        '@charset "UTF-8";@media print{.b{color:red}}'
        "@supports (display:grid){@media screen{.e{top:0}}}"
        "@keyframes k{0%{left:0}to{left:1px}}@font-face{font-family:x}"
    )


def test_commas_in_parentheses_and_strings_split_nothing(unused: ModuleType) -> None:
    never = unused.unused_in_site("ltr", set())
    css = (
        ":is(h1,h2) .a,[dir=rtl] :is(h3,h4){margin:0}.b:not([dir=rtl]){top:0}"
        '.c[title="x,y{"],[dir=rtl] .d{content:"}"}'
    )
    assert unused.without_selectors(css, never) == (
        ':is(h1,h2) .a{margin:0}.b:not([dir=rtl]){top:0}.c[title="x,y{"]{content:"}"}'
    )


def test_an_unclosed_block_is_named(unused: ModuleType) -> None:
    with pytest.raises(ValueError, match="never closed"):
        unused.without_selectors("@media screen{.a{top:0}", unused.unused_in_site("ltr", set()))


def test_the_site_direction_and_colours_come_from_the_theme(
    unused: ModuleType, tmp_path: Path
) -> None:
    languages = tmp_path / "partials" / "languages"
    languages.mkdir(parents=True)
    (languages / "en.html").write_text('{% macro t(key) %}{{ {"direction": "ltr"}[key] }}')
    (languages / "ar.html").write_text('{% macro t(key) %}{{ {"direction": "rtl"}[key] }}')
    assert unused.site_direction([str(tmp_path)], "en", None) == "ltr"
    assert unused.site_direction([str(tmp_path)], "ar", None) == "rtl"
    assert unused.site_direction([str(tmp_path)], "en", "rtl") == "rtl"
    assert unused.site_direction([str(tmp_path)], "xx", None) is None
    palette = [{"primary": "indigo", "accent": "teal"}, {"primary": "deep purple"}]
    assert unused.palette_colours(palette) == {"indigo", "teal", "deep purple"}
    assert unused.palette_colours(None) == {"indigo"}


def test_selectors_that_need_a_class_left_off_go(unused: ModuleType) -> None:
    never = unused.never_produced(["md-tabs", "task-list"])
    css = (
        ".md-tabs{top:0}.md-tabs__list,.md-nav{margin:0}.md-typeset .task-list-item{left:0}"
        '.md-header:not(.md-tabs){right:0}a[href$=".md-tabs"]{color:red}'
        "@media screen{.md-tabs__link{top:0}.md-tab{top:1px}}"
    )
    assert unused.without_selectors(css, never) == (
        '.md-nav{margin:0}.md-header:not(.md-tabs){right:0}a[href$=".md-tabs"]{color:red}'
        "@media screen{.md-tab{top:1px}}"
    )
    assert unused.without_selectors(css, unused.never_produced([])) == css
    both = unused.any_of(unused.unused_in_site("ltr", {"indigo"}), never)
    assert unused.without_selectors("[dir=rtl] .a,.md-tabs,.b{top:0}", both) == ".b{top:0}"


def test_the_list_of_classes_left_off_is_read_line_by_line(unused: ModuleType) -> None:
    text = "# a comment\n\nmd-tabs   the tabs feature  # why\nkey-  the keys extension\n"
    assert unused.left_off_classes(text, "list.txt") == {
        "md-tabs": "the tabs feature",
        "key-": "the keys extension",
    }
    with pytest.raises(ValueError, match=r"list\.txt line 2: expected a class name"):
        unused.left_off_classes("md-tabs tabs\nmd-path\n", "list.txt")
    with pytest.raises(ValueError, match=r"list\.txt line 2: expected a class name"):
        unused.left_off_classes("md-tabs tabs\n.md-path the path\n", "list.txt")
    with pytest.raises(ValueError, match=r"list\.txt line 3: 'md-tabs' is listed twice"):
        unused.left_off_classes("md-tabs tabs\n\nmd-tabs tabs again\n", "list.txt")


def test_classes_are_found_in_markup_and_in_scripts(unused: ModuleType) -> None:
    html = """<ul class="md-tabs__list a"><li class='b'><i class=c></i><p data-class="d">"""
    assert unused.classes_in_markup(html) == {"md-tabs__list", "a", "b", "c"}
    listed = ["md-source", "md-tabs", "key-", "critic"]
    assert unused.named_in_script('x("ul",{class:"md-source__facts"})', listed) == {"md-source"}
    assert unused.named_in_script("q('.md-nav .md-tabs')", listed) == {"md-tabs"}
    assert unused.named_in_script("el.className = `a key-ctrl`", listed) == {"key-"}
    # A method is not a class; nor is a name inside another word.
    assert unused.named_in_script("o.critic(1); Object.keys(o); mykey-x", listed) == set()


def test_every_class_listed_as_left_off_has_rules_in_the_theme(unused: ModuleType) -> None:
    """A line whose prefix no rule of Material's stylesheets needs saves nothing."""
    listed = unused.left_off_classes(unused.CLASSES_FILE.read_text(encoding="utf-8"), "list")
    assert listed, "the list is empty"
    material = "".join(
        path.read_text(encoding="utf-8") for path in sorted(MATERIAL_CSS.glob("*.min.css"))
    )
    for prefix in listed:
        kept = unused.without_selectors(material, unused.never_produced([prefix]))
        assert len(kept) < len(material), f"no rule of Material's needs {prefix!r}"
