"""The "Download for offline reading" box (overrides/hooks/offline_download.py).

With the zip of ``make offline`` present, the marked pages link it, relative
to the page (so the link works under any sub-path), with its size, and the
build serves it from the site root. Without it, the box says how to build
one; in the copy itself, it says that this is the copy.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from tests.conftest import load_hook

MARKER = "<!-- offline:download -->"


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    return load_hook("offline_download.py")


def _config(project: Path, plugins: tuple[str, ...] = ("material/search",)) -> SimpleNamespace:
    (project / "docs").mkdir(parents=True, exist_ok=True)
    return SimpleNamespace(
        docs_dir=str(project / "docs"), plugins=plugins, site_dir=str(project / "site")
    )


def _page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url, file=SimpleNamespace(src_uri="methodology.md"))


def test_the_zip_is_linked_relative_to_the_page_with_its_size(
    hook: ModuleType, tmp_path: Path
) -> None:
    config = _config(tmp_path)
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "node-or-flask-offline.zip").write_bytes(b"z" * 2_500_000)
    html = hook.on_page_content(f"<p>{MARKER}</p>", _page("methodology/"), config, None)
    assert 'href="../node-or-flask-offline.zip"' in html
    assert "(zip, 2.5 MB)" in html
    assert MARKER not in html
    home = hook.on_page_content(MARKER, _page(""), config, None)
    assert 'href="node-or-flask-offline.zip"' in home
    (tmp_path / "site").mkdir()
    hook.on_post_build(config)
    assert (tmp_path / "site" / "node-or-flask-offline.zip").stat().st_size == 2_500_000


def test_without_a_zip_the_box_says_how_to_build_one(hook: ModuleType, tmp_path: Path) -> None:
    html = hook.on_page_content(MARKER, _page("methodology/"), _config(tmp_path), None)
    assert "make offline" in html and "href=" not in html


def test_the_copy_says_it_is_the_copy(hook: ModuleType, tmp_path: Path) -> None:
    config = _config(tmp_path, plugins=("material/search", "material/offline"))
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "node-or-flask-offline.zip").write_bytes(b"z")
    html = hook.on_page_content(MARKER, _page("methodology.html"), config, None)
    assert "You are reading the offline copy" in html and ".zip" not in html


def test_a_page_with_the_marker_twice_fails(hook: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="twice"):
        hook.on_page_content(MARKER * 2, _page("methodology/"), _config(tmp_path), None)
