"""The css_bundle hook: the site's own stylesheets ship as one file, in order,
and every page carries them written in.

The built site (one build per session) has one stylesheet of ours, whose
content is every extra_css source in its listed order; the sources are not
shipped separately. With ``extra.inline_styles`` (the site's setting), each
page carries Material's two stylesheets and that one as a single ``<style>``
element instead of links. A bad extra_css entry stops the build with a
message naming it (stand-in config, no build).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import material  # type: ignore[import-untyped]  # Material ships no type information
import pytest
import yaml
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT, BuiltSite, load_hook

STYLESHEETS = ROOT / "overrides" / "assets" / "stylesheets"
MATERIAL = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def listed_sources() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = text[text.index("\nextra_css:") :].split("\n\n", 1)[0]
    return list(yaml.safe_load(block)["extra_css"])


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    return load_hook("css_bundle.py")


def test_every_page_carries_the_stylesheets_with_every_source_in_order(
    built_site: BuiltSite, hook: ModuleType
) -> None:
    sources = listed_sources()
    assert len(sources) >= 2
    shipped = sorted((built_site.site_dir / "assets" / "stylesheets").glob("*.css*"))
    assert shipped == [], "no page links a stylesheet file, so none ships"
    material = [
        stylesheet.read_text(encoding="utf-8").split("/*# sourceMappingURL=")[0].strip()
        for stylesheet in sorted(MATERIAL.glob("*.min.css"), key=lambda p: "palette" in p.name)
    ]
    assert len(material) == 2  # main, then palette, as Material links them
    # The palette goes without its rule for every element (palette_switch.js).
    assert material[1].count(hook.SWITCHING_RULE) == 1
    material[1] = material[1].replace(hook.SWITCHING_RULE, "")
    # Without the rules this site never matches: it is in English (left to
    # right), with an indigo primary and a teal accent (mkdocs.yml), and
    # without the features css_unused_classes.txt lists.
    unused = load_hook("css_unused.py")
    left_off = unused.left_off_classes(unused.CLASSES_FILE.read_text(encoding="utf-8"), "list")
    never = unused.any_of(
        unused.unused_in_site("ltr", {"indigo", "teal"}), unused.never_produced(left_off)
    )
    material = [unused.without_selectors(text, never) for text in material]
    pages = ("index.html", "how-to-choose/index.html", "chooser/index.html", "404.html")
    styles = set()
    for page in pages:
        html = (built_site.site_dir / page).read_text(encoding="utf-8")
        assert 'rel="stylesheet"' not in html, f"{page} still links a stylesheet"
        (style,) = re.findall(r"<style>(.*?)</style>", html, re.S)
        styles.add(style)
    assert len(styles) == 1  # the same element everywhere: instant navigation keeps it
    (style,) = styles
    assert style.startswith("\n".join(material))
    assert "[data-md-color-switching]" not in style
    assert "[dir=rtl]" not in style and "[dir=ltr]" in style
    assert ".md-tabs__list{" not in style and ".task-list-item" not in style and ".md-nav{" in style
    colours = set(re.findall(r"\[data-md-color-(?:primary|accent)=([\w-]+)\]", style))
    assert colours == {"indigo", "teal"}, colours
    positions = []
    for uri in sources:
        # The sources' comments are notes for us; the pages go without them.
        source = hook._without_comments((ROOT / "overrides" / uri).read_text(encoding="utf-8"))
        assert source.strip() in style, f"{uri} is missing from the pages' style"
        positions.append(style.index(source.strip()))
    assert positions == sorted(positions), "the sources are not in their listed order"


def config(*extra_css: str) -> SimpleNamespace:
    return SimpleNamespace(
        extra_css=list(extra_css), theme=SimpleNamespace(custom_dir=str(ROOT / "overrides"))
    )


def test_a_missing_stylesheet_is_named(hook: ModuleType) -> None:
    with pytest.raises(PluginError, match=r"'assets/stylesheets/nope\.css' is missing"):
        hook.on_config(config("assets/stylesheets/extra.css", "assets/stylesheets/nope.css"))


def test_an_entry_outside_the_stylesheets_folder_is_named(hook: ModuleType) -> None:
    with pytest.raises(PluginError, match=r"'styles/extra\.css' is not a \.css file"):
        hook.on_config(config("styles/extra.css"))


def test_an_unclosed_block_is_named(hook: ModuleType, tmp_path: Path) -> None:
    """An unclosed block would swallow every stylesheet after it in the bundle."""
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "a.css").write_text(
        '/* { in a comment */\n.a { content: "}"; }\n.b {\n  margin: 0;\n', encoding="utf-8"
    )
    (folder / "b.css").write_text(".c { margin: 0; }\n}\n", encoding="utf-8")
    stand_in = SimpleNamespace(theme=SimpleNamespace(custom_dir=str(tmp_path)))
    with pytest.raises(PluginError, match=r"a\.css leaves 1 block\(s\) unclosed"):
        hook.on_config(SimpleNamespace(**vars(stand_in), extra_css=["assets/stylesheets/a.css"]))
    with pytest.raises(PluginError, match=r"b\.css line 2: a '\}' closes no block"):
        hook.on_config(SimpleNamespace(**vars(stand_in), extra_css=["assets/stylesheets/b.css"]))


def test_the_name_follows_the_content(hook: ModuleType) -> None:
    first = hook.on_config(config("assets/stylesheets/extra.css")).extra_css
    both = hook.on_config(
        config("assets/stylesheets/extra.css", "assets/stylesheets/a11y.css")
    ).extra_css
    assert len(first) == len(both) == 1
    assert first != both
    assert STYLESHEETS.joinpath("extra.css").is_file()


def inline_config(*theme_dirs: Path, scripts: tuple[str, ...] = ()) -> SimpleNamespace:
    return SimpleNamespace(
        extra={"inline_styles": True},
        theme=SimpleNamespace(dirs=[str(d) for d in theme_dirs], get={"language": "en"}.get),
        extra_javascript=list(scripts),
    )


def test_links_become_one_style_element_in_their_order(hook: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "a.css").write_text(".a{}\n/*# sourceMappingURL=a.css.map */\n", encoding="utf-8")
    (folder / "b.css").write_text(".b{}\n", encoding="utf-8")
    page = (
        '<head><meta charset="utf-8">\n'
        '<link rel="stylesheet" href="../assets/stylesheets/a.css">\n'
        '<link rel="stylesheet" href="../assets/stylesheets/b.css">\n<script>x()</script>'
    )
    stand_in = inline_config(tmp_path)
    assert hook._inline(page, "p.md", stand_in) == (
        '<head><meta charset="utf-8">\n<style>.a{}\n.b{}</style>\n<script>x()</script>'
    )
    off = SimpleNamespace(extra={}, theme=stand_in.theme)
    assert hook._inline(page, "p.md", off) == page


def test_a_stylesheet_that_cannot_be_written_in_is_named(hook: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "end.css").write_text(".a{content:'</STYLE>'}", encoding="utf-8")
    stand_in = inline_config(tmp_path)

    def inline(href: str) -> str:
        result: str = hook._inline(f'<link rel="stylesheet" href="{href}">', "p.md", stand_in)
        return result

    with pytest.raises(PluginError, match=r"end\.css holds '</style'"):
        inline("assets/stylesheets/end.css")
    with pytest.raises(PluginError, match=r"p\.md links 'assets/stylesheets/gone\.css'"):
        inline("assets/stylesheets/gone.css")
    with pytest.raises(PluginError, match=r"not a stylesheet of this site"):
        inline("https://cdn.example/assets/stylesheets/x.css")


def test_comments_go_and_strings_stay(hook: ModuleType) -> None:
    css = '/* a note { */\n.a { content: "/* not a comment */"; }\n\n\n/* x */.b{}\n'
    assert hook._without_comments(css) == '\n.a { content: "/* not a comment */"; }\n.b{}\n'


def test_the_palette_goes_without_its_rule_for_every_element_only_beside_the_script(
    hook: ModuleType, tmp_path: Path
) -> None:
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    palette = folder / "palette.x.min.css"
    palette.write_text(f"@media screen{{.a{{}}{hook.SWITCHING_RULE}.b{{}}}}", encoding="utf-8")
    link = '<link rel="stylesheet" href="assets/stylesheets/palette.x.min.css">'
    with_script = inline_config(tmp_path, scripts=(hook.SWITCH_SCRIPT,))
    hook._inline_cache.clear()
    assert hook._inline(link, "p.md", with_script) == "<style>@media screen{.a{}.b{}}</style>\n"

    hook._inline_cache.clear()
    with pytest.raises(PluginError, match=r"palette_switch\.js is not in extra_javascript"):
        hook._inline(link, "p.md", inline_config(tmp_path))

    # A theme whose palette no longer holds the rule as written: say so.
    palette.write_text(".a{}[data-md-color-switching] *{transition:none}", encoding="utf-8")
    hook._inline_cache.clear()
    with pytest.raises(PluginError, match=r"does not hold Material's switching rule"):
        hook._inline(link, "p.md", with_script)
    hook._inline_cache.clear()


def test_right_to_left_text_in_a_page_is_named(hook: ModuleType, tmp_path: Path) -> None:
    """The written-in styles leave the theme's right-to-left rules out of a
    left-to-right site; a page with right-to-left text would need them."""
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "a.css").write_text(".a{}[dir=rtl] .a{left:0}\n", encoding="utf-8")
    languages = tmp_path / "partials" / "languages"
    languages.mkdir(parents=True)
    (languages / "en.html").write_text('"direction": "ltr"', encoding="utf-8")
    link = '<link rel="stylesheet" href="assets/stylesheets/a.css">'
    hook._inline_cache.clear()
    assert hook._inline(link, "p.md", inline_config(tmp_path)) == "<style>.a{}</style>\n"
    hook._inline_cache.clear()
    with pytest.raises(PluginError, match=r"p\.md has right-to-left text"):
        hook._inline(link + '<p dir="rtl">שלום</p>', "p.md", inline_config(tmp_path))
    hook._inline_cache.clear()


@pytest.fixture
def one_stylesheet(hook: ModuleType, tmp_path: Path) -> Iterator[tuple[str, SimpleNamespace]]:
    """A theme folder with one stylesheet, its link and a configuration; a fresh build."""
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "a.css").write_text(".a{}.md-tabs__list{top:0}\n", encoding="utf-8")
    hook._inline_cache.clear()
    vars(hook)["_left_off"] = None  # a global of the hook (ModuleType types no attribute)
    yield '<link rel="stylesheet" href="assets/stylesheets/a.css">', inline_config(tmp_path)
    hook._inline_cache.clear()
    vars(hook)["_left_off"] = None


def test_a_page_or_script_with_a_class_left_off_is_named(
    hook: ModuleType, one_stylesheet: tuple[str, SimpleNamespace]
) -> None:
    """The written-in styles leave out the rules of the classes that
    css_unused_classes.txt lists; a page that used one would go unstyled."""
    link, config = one_stylesheet
    assert (
        hook._inline(link + '<ul class="md-nav">', "p.md", config)
        == '<style>.a{}</style>\n<ul class="md-nav">'
    )
    with pytest.raises(
        PluginError,
        match=(
            r"p\.md has an element of class 'md-tabs__list', a class of the navigation\.tabs "
            r"feature .* take 'md-tabs' off overrides/hooks/css_unused_classes\.txt"
        ),
    ):
        hook._inline(link + '<ul class="md-tabs__list">', "p.md", config)
    with pytest.raises(PluginError, match=r"a script in p\.md names 'task-list'"):
        hook._inline(link + "<script>q('.task-list-item')</script>", "p.md", config)


def test_a_theme_script_that_names_a_class_left_off_is_named(
    hook: ModuleType, one_stylesheet: tuple[str, SimpleNamespace], tmp_path: Path
) -> None:
    link, config = one_stylesheet
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (scripts / "tabs.js").write_text('el.classList.add("md-tabs--active")', encoding="utf-8")
    with pytest.raises(PluginError, match=r"tabs\.js names 'md-tabs', a class of the navigation"):
        hook._inline(link, "p.md", config)
