"""Published URLs never break, and the cards build offline: strict builds of the project.

- The real build passes the URL guard (every listed page and anchor resolves).
- A copy of the project with one heading removed fails the build, naming the
  page and the anchor; the same copy with the heading renamed but its old id
  kept on a span passes.
- The whole build, social cards included, passes with every connection to
  another host refused (a ``sitecustomize`` blocks sockets in the build).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from site_html import ROOT, nav_pages

pytestmark = pytest.mark.site

HOOKS = ROOT / "overrides" / "hooks"
_spec = importlib.util.spec_from_file_location("published_urls_site", HOOKS / "published_urls.py")
assert _spec and _spec.loader
urls = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = urls
_spec.loader.exec_module(urls)

BLOCK_NETWORK = '''\
import socket

_connect = socket.socket.connect
_getaddrinfo = socket.getaddrinfo
LOCAL = ("127.0.0.1", "::1", "localhost")


def _host(address):
    return address[0] if isinstance(address, tuple) else address


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and _host(address) not in LOCAL:
        raise OSError(f"network blocked by the test: {address!r}")
    return _connect(self, address)


def getaddrinfo(host, *args, **kwargs):
    if host not in LOCAL and host is not None:
        raise OSError(f"network blocked by the test: {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.getaddrinfo = getaddrinfo
'''


def _listed() -> list:
    return urls.parse_list((HOOKS / "published_urls.txt").read_text(encoding="utf-8"))


def test_the_list_covers_every_nav_page() -> None:
    listed = {entry.path for entry in _listed()}
    assert {page.url for page in nav_pages()} <= listed
    assert {f"chooser/{o}/" for o in ("nodejs", "flask", "close-call", "django")} <= listed


def test_every_listed_url_and_anchor_resolves_in_the_real_build(built_site) -> None:
    assert len(_listed()) > 100
    assert urls.check(_listed(), built_site.site_dir) == []


def _project_copy(tmp_path: Path) -> Path:
    """docs/, mkdocs.yml and overrides/ copied (a test may change them); the rest linked."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copytree(ROOT / "overrides", copy / "overrides", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    for name in ("scorer", "node_modules", "pyproject.toml", "build"):
        if (ROOT / name).exists():
            (copy / name).symlink_to(ROOT / name)
    return copy


def test_removing_a_published_heading_fails_the_build(site_builder, tmp_path) -> None:
    copy = _project_copy(tmp_path)
    page = copy / "docs" / "how-to-choose.md"
    text = page.read_text(encoding="utf-8")
    assert "## Growth {#growth}\n" in text
    page.write_text(text.replace("## Growth {#growth}\n", "Growth.\n"), encoding="utf-8")
    result = site_builder(tmp_path / "out", "http://127.0.0.1:8000/", cwd=copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "url_guard: 1 published URL(s) or anchor(s) no longer resolve" in output
    assert "anchor 'how-to-choose/#growth' is gone" in output

    # Renamed, with the old id kept just above the new heading: the old links work.
    page.write_text(
        text.replace(
            "## Growth {#growth}\n",
            '<span id="growth"></span>\n\n## Growing the app {#growing-the-app}\n',
        ),
        encoding="utf-8",
    )
    result = site_builder(tmp_path / "out2", "http://127.0.0.1:8000/", cwd=copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 new page(s) or heading anchor(s)" in result.stderr


def test_a_moved_page_with_a_redirect_keeps_its_url(site_builder, tmp_path) -> None:
    copy = _project_copy(tmp_path)
    listed = copy / "overrides" / "hooks" / "published_urls.txt"
    listed.write_text(
        listed.read_text(encoding="utf-8") + "old-methodology/\nold-methodology/#ratings\n",
        encoding="utf-8",
    )
    result = site_builder(tmp_path / "out", "http://127.0.0.1:8000/", cwd=copy)
    assert result.returncode != 0
    assert "page 'old-methodology/' is gone" in result.stdout + result.stderr

    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      redirect_maps: {}\n" in text
    config.write_text(
        text.replace(
            "      redirect_maps: {}\n",
            "      redirect_maps:\n        old-methodology.md: methodology.md\n",
        ),
        encoding="utf-8",
    )
    result = site_builder(tmp_path / "out2", "http://127.0.0.1:8000/", cwd=copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out2" / "old-methodology" / "index.html").is_file()


def test_the_build_and_its_cards_need_no_network(tmp_path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCK_NETWORK, encoding="utf-8")
    probe = subprocess.run(
        [sys.executable, "-c", "import urllib.request as u; u.urlopen('https://pypi.org', timeout=5)"],
        env={**os.environ, "PYTHONPATH": str(blocker)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "network blocked by the test" in probe.stderr, "the blocker does not block"

    site = tmp_path / "site"
    env = {
        **os.environ,
        "PYTHONPATH": str(blocker),
        "SITE_URL": "https://example.org/node-or-flask/",
        "NO_MKDOCS_2_WARNING": "1",
        "SOCIAL_CARDS_CACHE": str(tmp_path / "cards"),  # render every card afresh
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    cards = sorted((site / "assets" / "images" / "social").rglob("*.png"))
    assert len(cards) == len(nav_pages()) + 5 + 1  # pages, outcome pages, 404
    assert len(list((tmp_path / "cards").glob("*.png"))) == len(cards)  # rendered here
