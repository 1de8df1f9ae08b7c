"""Fixtures of the offline tests: the copy read from disk, and a browser for it.

``offline_copy`` builds the copy once per session exactly as ``make offline``
does (``overrides/offline/mkdocs.yml``, then ``package_copy.py`` for the
zip), into a temporary folder. ``file_browser`` is a fresh Chromium profile
that opens it from ``file://`` and records every request to any host.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Request

    from tests.conftest import SharedChromium

OFFLINE_CONFIG = ROOT / "overrides" / "offline" / "mkdocs.yml"
PACKAGE_COPY = ROOT / "overrides" / "offline" / "package_copy.py"


@dataclass(frozen=True)
class OfflineCopy:
    """The built copy (``folder``, with index.html at its top) and its zip."""

    folder: Path
    archive: Path

    def url(self, page: str = "index.html") -> str:
        """file:// URL of a page of the copy."""
        return (self.folder / page).as_uri()


def build_offline_copy(target: Path) -> OfflineCopy:
    """Build the copy into ``target/offline`` and zip it, as ``make offline`` does."""
    folder, archive = target / "offline", target / "node-or-flask-offline.zip"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(OFFLINE_CONFIG)]
    steps = [
        [*build, "--site-dir", str(folder)],
        [sys.executable, str(PACKAGE_COPY), str(folder), str(archive)],
    ]
    for command in steps:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return OfflineCopy(folder=folder, archive=archive)


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> OfflineCopy:
    """The offline copy and its zip, built once per session."""
    return build_offline_copy(tmp_path_factory.mktemp("offline-copy"))


@dataclass
class FileBrowser:
    """A Chromium context for pages opened from disk; records requests to any host."""

    context: BrowserContext
    host_requests: list[str] = field(default_factory=list)

    def open(self, url: str) -> Page:
        """Open ``url`` in a new tab and wait for it to load."""
        page = self.context.new_page()
        page.goto(url)
        return page


@pytest.fixture
def file_browser(chromium: SharedChromium) -> Iterator[FileBrowser]:
    """A fresh Chromium context (no server: every http(s) request is recorded)."""
    context = chromium.new_context()
    browser = FileBrowser(context=context)

    def record(request: Request) -> None:
        if not request.url.startswith(("file:", "blob:", "data:")):
            browser.host_requests.append(request.url)

    context.on("request", record)
    try:
        yield browser
    finally:
        context.close()
