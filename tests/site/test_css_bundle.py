"""The css_bundle hook: the site's own stylesheets ship as one file, in order.

The built site (one build per session) links Material's two stylesheets and
exactly one of ours, whose content is every extra_css source in its listed
order; the sources are not shipped separately. A bad extra_css entry stops
the build with a message naming it (stand-in config, no build).
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
import yaml
from mkdocs.exceptions import PluginError

from tests.conftest import ROOT, BuiltSite, load_hook

STYLESHEETS = ROOT / "overrides" / "assets" / "stylesheets"


def listed_sources() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = text[text.index("\nextra_css:") :].split("\n\n", 1)[0]
    return list(yaml.safe_load(block)["extra_css"])


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    return load_hook("css_bundle.py")


def test_every_page_links_one_bundle_with_every_source_in_order(built_site: BuiltSite) -> None:
    sources = listed_sources()
    assert len(sources) >= 2
    bundles = sorted((built_site.site_dir / "assets" / "stylesheets").glob("site.*.css"))
    assert len(bundles) == 1, bundles
    content = bundles[0].read_text(encoding="utf-8")
    positions = []
    for uri in sources:
        source = (ROOT / "overrides" / uri).read_text(encoding="utf-8").rstrip()
        assert source in content, f"{uri} is missing from {bundles[0].name}"
        positions.append(content.index(source))
        assert not (built_site.site_dir / uri).exists(), f"{uri} is shipped separately too"
    assert positions == sorted(positions), "the sources are not in their listed order"

    for page in ("index.html", "how-to-choose/index.html", "chooser/index.html"):
        html = (built_site.site_dir / page).read_text(encoding="utf-8")
        ours = re.findall(r'<link rel="stylesheet" href="[^"]*/(site\.[0-9a-f]{8}\.css)"', html)
        assert ours == [bundles[0].name], (page, ours)
        for uri in sources:
            assert uri not in html, f"{page} still links {uri}"


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
