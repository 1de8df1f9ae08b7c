"""Shared fixtures: the built site, served under a sub-path, and a real Chromium.

The site is built once per test session into a temporary folder, exactly as
GitHub Pages will serve it (under ``/node-or-flask/``), and served by a local
HTTP server on 127.0.0.1. Browser tests drive Debian's Chromium through
Playwright with ``executable_path``; every request to another host is blocked
and recorded, so a test can assert that the site made none.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, ViewportSize

ROOT = Path(__file__).resolve().parent.parent
# pytest puts tests/ on sys.path, where tests/scorer/ would pass for the
# scorer package (as a namespace package) when the project is not installed:
# the project root goes first, so `import scorer` is always the real one.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SUBPATH = "/node-or-flask/"
# Flags that keep Chromium quiet on a machine without internet (see DESIGN.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# ... and let it resolve no host name but 127.0.0.1, so a request to any other
# host fails instead of reaching the network.
LOCAL_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


class LocalServer(ThreadingHTTPServer):
    """A threaded HTTP server that says nothing when a browser hangs up.

    Chromium drops its connections when a test or the benchmark closes a
    browser context, sometimes in the middle of a request; the standard
    server then prints a ConnectionResetError traceback for what is no error.
    Every other error is still printed.
    """

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serving(handler: Callable[..., Any], port: int = 0) -> Iterator[LocalServer]:
    """Serve with ``handler`` on 127.0.0.1 (a free port when 0) until the block ends."""
    server = LocalServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class BuiltSite:
    """A site built for serving at ``base_url``."""

    root: Path  # the folder the server serves (the site sits in root/<subpath>)
    site_dir: Path  # the built site itself
    port: int

    @property
    def base_url(self) -> str:
        """URL of the home page, sub-path included, with a trailing slash."""
        return f"http://127.0.0.1:{self.port}{SUBPATH}"


# What a build reads besides docs/, mkdocs.yml and overrides/: the scorer, the
# npm runtime, the pins and cached bundles (linked), and the load benchmark's
# servers, whose code the evidence page shows (copied: the page refuses files
# outside the project).
_PROJECT_LINKS = ("scorer", "node_modules", "pyproject.toml", "build")
_PROJECT_COPIES = ("tests/evidence/servers",)


def load_hook(file_name: str, module_name: str | None = None) -> ModuleType:
    """Import ``overrides/hooks/<file_name>`` by path, as MkDocs loads hooks (not a package).

    Registered in ``sys.modules`` as ``module_name`` (default ``<stem>_under_test``),
    which dataclasses and the like need while the module runs. Like MkDocs, it
    puts the hooks' folder on ``sys.path`` while the module runs, so a hook
    can import a module beside it (``hook_templates``).
    """
    path = ROOT / "overrides" / "hooks" / file_name
    name = module_name or f"{Path(file_name).stem}_under_test"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    before = sys.path.copy()
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = before
    return module


def project_copy(tmp_path: Path, *, copy_overrides: bool = False) -> Path:
    """A copy of the project that a test may change before building it.

    docs/ and mkdocs.yml are copied, overrides/ too when ``copy_overrides``;
    everything else a build reads is linked to the real project.
    """
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    if copy_overrides:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(ROOT / "overrides", copy / "overrides", ignore=ignore)
    for folder in _PROJECT_COPIES:
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    links = _PROJECT_LINKS if copy_overrides else ("overrides", *_PROJECT_LINKS)
    for name in links:
        if (ROOT / name).exists():
            (copy / name).symlink_to(ROOT / name)
    return copy


def build_site(site_dir: Path, site_url: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` in ``cwd`` (a project) into ``site_dir`` for ``site_url``."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the tests of long files (marker ``long``) first, in their order.

    ``make test`` hands whole files to two processes in collection order
    (pytest-xdist's ``--dist loadfile --no-loadscope-reorder``). A long file
    handed out near the end keeps one process busy alone for minutes while
    the other has finished; handed out first, the short files fill in.
    """
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site, built once per session with a sub-path ``site_url``."""
    port = _free_port()
    root = tmp_path_factory.mktemp("served")
    site_dir = root / SUBPATH.strip("/")
    result = build_site(site_dir, f"http://127.0.0.1:{port}{SUBPATH}")
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return BuiltSite(root=root, site_dir=site_dir, port=port)


# What the test servers send as Content-Type, besides Python's defaults: module
# scripts, WebAssembly (streamed compilation needs it) and the scorer's wheel.
MEDIA_TYPES = {
    **SimpleHTTPRequestHandler.extensions_map,
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
}


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a folder with MEDIA_TYPES and logs nothing."""

    extensions_map = MEDIA_TYPES

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


@pytest.fixture(scope="session")
def site_server(built_site: BuiltSite) -> Iterator[str]:
    """Serve the built site on 127.0.0.1; yields the base URL (with sub-path)."""
    handler = functools.partial(QuietHandler, directory=str(built_site.root))
    with serving(handler, built_site.port):
        yield built_site.base_url


def node_executable(purpose: str) -> str:
    """Path of Node.js; without it, skip (fail under CI=true), saying what it was for."""
    node = shutil.which("node")
    if node:
        return node
    if os.environ.get("CI") == "true":
        pytest.fail(f"node is missing: it {purpose}")
    pytest.skip(f"node is missing: install Node.js, which {purpose}")


def _chromium_executable() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _playwright_bundled() -> bool:
    """``PLAYWRIGHT_BUNDLED=1``: drive Playwright's own Chromium (GitHub's Ubuntu runners)."""
    return os.environ.get("PLAYWRIGHT_BUNDLED") == "1"


def browser_executable() -> str | None:
    """The Chromium a benchmark launches: None (Playwright's own) when bundled, else Debian's."""
    return None if _playwright_bundled() else _chromium_executable()


@pytest.fixture(scope="session")
def chromium_path() -> str | None:
    """Path of the Chromium to drive; ``None`` means Playwright's own build.

    ``PLAYWRIGHT_BUNDLED=1`` selects Playwright's own Chromium (GitHub's Ubuntu
    runners, where ``chromium`` is a snap shim). Elsewhere a missing browser
    skips the browser tests, except under ``CI=true`` where it fails them.
    """
    if _playwright_bundled():
        return None
    path = _chromium_executable()
    if path and Path(path).exists():
        return path
    message = "no Chromium found: install Debian's chromium or set CHROMIUM_PATH"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """One Playwright driver for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


# Flags for the browser tests alone; the benchmarks run Chromium as readers
# have it (launch_chromium). The tests check what the site does, not how fast:
# with V8's optimising tier for WebAssembly off, a cold start of the chooser
# took 3.2 to 3.6 s of CPU to its verdict against 5.0 to 6.7 s (7 December
# 2026), and its results are the same, as V8's tiers compute the same thing.
TEST_ONLY_ARGS = ["--js-flags=--liftoff-only"]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


class SharedChromium:
    """One Chromium per test process; each test opens a fresh context in it.

    A new context is a fresh profile as far as the site can tell (empty HTTP
    cache, Cache Storage, service workers, origin private file system,
    localStorage), kept in memory and dropped when the context closes. It
    costs about 0.9 s less CPU than a Chromium launched with a profile on
    disk (7 December 2026), over some two hundred browser tests. With
    TEST_ONLY_ARGS, the browser-test files (tests/chooser, tests/offline and
    three of tests/site, two processes) took 409 and 424 s and 772 and 802 s
    of CPU, against 502 and 503 s and 953 and 940 s launching a Chromium per
    test, runs taken in turn. The benchmarks launch their own (launch_chromium).
    The browser is started when first needed, and again if it has gone (a
    crash takes only the test it happened in).
    """

    def __init__(self, playwright: Playwright, executable: str | None) -> None:
        self._playwright = playwright
        self._executable = executable
        self._browser: Browser | None = None

    def new_context(self, **options: Any) -> BrowserContext:
        """A fresh context that can reach only 127.0.0.1, 1280 x 900 unless ``options`` say."""
        if self._browser is None or not self._browser.is_connected():
            self._browser = self._playwright.chromium.launch(
                executable_path=self._executable,
                args=[*CHROMIUM_ARGS, LOCAL_ONLY, *TEST_ONLY_ARGS],
            )
        context = self._browser.new_context(**{"viewport": VIEWPORT, **options})
        context.set_default_timeout(60_000)
        return context

    def close(self) -> None:
        """Stop the browser, if it runs."""
        if self._browser is not None and self._browser.is_connected():
            self._browser.close()


@pytest.fixture(scope="session")
def chromium(
    playwright_instance: Playwright, chromium_path: str | None
) -> Iterator[SharedChromium]:
    """The test process's Chromium (SharedChromium)."""
    chromium = SharedChromium(playwright_instance, chromium_path)
    yield chromium
    chromium.close()


@dataclass
class SiteBrowser:
    """A fresh Chromium context pointed at the served site.

    Chromium resolves no host name but 127.0.0.1 (``--host-resolver-rules``),
    so nothing can leave the machine; every request to another host is also
    recorded in ``external_requests`` for tests to assert on. Request routing
    is not used for this, because Playwright turns the HTTP cache off while
    routing is on, and warm loads must hit the cache.
    """

    context: BrowserContext
    base_url: str
    external_requests: list[str] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        """Absolute URL of a page path relative to the site root."""
        return self.base_url + path.lstrip("/")

    def new_page(self) -> Page:
        """Open a new tab."""
        return self.context.new_page()

    def open(self, path: str = "") -> Page:
        """Open a page of the site in a new tab and wait for it to load."""
        page = self.new_page()
        page.goto(self.url(path))
        return page

    def fail_requests_to(self, path_suffix: str) -> None:
        """Make every request whose path ends with ``path_suffix`` fail."""
        self.context.route(f"**/*{path_suffix}", lambda route: route.abort("failed"))


def launch_chromium(
    playwright: Playwright,
    executable: str | None,
    profile: Path,
    own_host: str,
    service_workers: Literal["allow", "block"] = "allow",
) -> BrowserContext:
    """Start Chromium with a fresh profile on disk that can reach only 127.0.0.1 (benchmarks)."""
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=executable,
        headless=True,
        args=[*CHROMIUM_ARGS, LOCAL_ONLY],
        viewport=VIEWPORT,
        service_workers=service_workers,
    )


@contextmanager
def site_browser_in(chromium: SharedChromium, base_url: str) -> Iterator[SiteBrowser]:
    """A SiteBrowser on ``base_url`` in a fresh context of ``chromium``, closed afterwards."""
    own_host = urlsplit(base_url).netloc
    context = chromium.new_context()
    browser = SiteBrowser(context=context, base_url=base_url)

    def record(request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own_host:
            browser.external_requests.append(request.url)

    context.on("request", record)
    try:
        yield browser
    finally:
        context.close()


@pytest.fixture
def site_browser(chromium: SharedChromium, site_server: str) -> Iterator[SiteBrowser]:
    """A fresh context per test (cold caches), recording other hosts."""
    with site_browser_in(chromium, site_server) as browser:
        yield browser


@pytest.fixture(scope="module")
def shared_site_browser(chromium: SharedChromium, site_server: str) -> Iterator[SiteBrowser]:
    """One context for all tests of a module that need no isolation (faster)."""
    with site_browser_in(chromium, site_server) as browser:
        yield browser


# What the site_builder fixture gives: build_site's signature.
SiteBuilder = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def site_builder() -> SiteBuilder:
    """``build_site`` itself, for tests that build a modified copy of the project.

    (Test modules cannot ``import conftest``: each test folder may have its own.)
    """
    return build_site
