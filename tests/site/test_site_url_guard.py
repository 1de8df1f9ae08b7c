"""Published URLs never break, and the cards build offline: strict builds of the project.

- The real build passes the URL guard (every listed page and anchor resolves).
- A copy of the project with one heading removed (and a listed page with no
  redirect) fails the build, naming each lost URL.
- The same copy with the heading renamed but its old id kept on a span, and
  the page redirected (mkdocs-redirects), passes; that build runs with every
  connection to another host refused (a ``sitecustomize`` blocks sockets) and
  renders every social card afresh.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import load_hook, project_copy
from tests.site.site_html import ROOT, nav_pages

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site

HOOKS = ROOT / "overrides" / "hooks"
urls = load_hook("published_urls.py", "published_urls_site")

BLOCK_NETWORK = """\
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
"""


def _listed() -> list[Any]:
    """The listed entries (the hook's ``Entry``, loaded by path: no type to name here)."""
    listed: list[Any] = urls.parse_list((HOOKS / "published_urls.txt").read_text(encoding="utf-8"))
    return listed


def test_the_list_covers_every_nav_page() -> None:
    listed = {entry.path for entry in _listed()}
    assert {page.url for page in nav_pages()} <= listed
    assert {f"chooser/{o}/" for o in ("nodejs", "flask", "close-call", "django")} <= listed


def test_every_listed_url_and_anchor_resolves_in_the_real_build(built_site: BuiltSite) -> None:
    assert len(_listed()) > 100
    assert urls.check(_listed(), built_site.site_dir) == []


def _project_copy(tmp_path: Path) -> Path:
    return project_copy(tmp_path, copy_overrides=True)


def _build(
    copy: Path, out: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=copy,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def test_lost_urls_fail_the_build_and_kept_ones_pass_offline(tmp_path: Path) -> None:
    copy = _project_copy(tmp_path)
    page = copy / "docs" / "how-to-choose.md"
    text = page.read_text(encoding="utf-8")
    assert "## Growth {#growth}\n" in text
    listed = copy / "overrides" / "hooks" / "published_urls.txt"
    listed.write_text(
        listed.read_text(encoding="utf-8") + "old-methodology/\nold-methodology/#ratings\n",
        encoding="utf-8",
    )

    # 1. A heading removed, and a listed page that has neither page nor redirect.
    page.write_text(text.replace("## Growth {#growth}\n", "Growth.\n"), encoding="utf-8")
    result = _build(copy, tmp_path / "out1")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "url_guard: 2 published URL(s) or anchor(s) no longer resolve" in output
    assert "anchor 'how-to-choose/#growth' is gone" in output
    assert "page 'old-methodology/' is gone" in output

    # 2. The heading renamed with its old id kept above it, the page redirected:
    #    the build passes, with every connection to another host refused.
    page.write_text(
        text.replace(
            "## Growth {#growth}\n",
            '<span id="growth"></span>\n\n## Growing the app {#growing-the-app}\n',
        ),
        encoding="utf-8",
    )
    config = copy / "mkdocs.yml"
    yml = config.read_text(encoding="utf-8")
    assert "      redirect_maps: {}\n" in yml
    config.write_text(
        yml.replace(
            "      redirect_maps: {}\n",
            "      redirect_maps:\n        old-methodology.md: methodology.md\n",
        ),
        encoding="utf-8",
    )
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCK_NETWORK, encoding="utf-8")
    probe = subprocess.run(
        [sys.executable, "-c", "import urllib.request as u; u.urlopen('https://pypi.org')"],
        env={**os.environ, "PYTHONPATH": str(blocker)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "network blocked by the test" in probe.stderr, "the blocker does not block"
    site = tmp_path / "out2"
    env = {
        "PYTHONPATH": str(blocker),
        "SITE_URL": "https://example.org/node-or-flask/",
        "SOCIAL_CARDS_CACHE": str(tmp_path / "cards"),  # render every card afresh
    }
    result = _build(copy, site, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 new page(s) or heading anchor(s)" in result.stderr  # #growing-the-app
    assert (site / "old-methodology" / "index.html").is_file()
    cards = sorted((site / "assets" / "images" / "social").rglob("*.png"))
    assert len(cards) == len(nav_pages()) + 5 + 1  # pages, outcome pages, 404
    assert len(list((tmp_path / "cards").glob("*.png"))) == len(cards)  # rendered here
