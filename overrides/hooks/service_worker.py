"""MkDocs hook: generate the service worker that keeps the site readable offline.

After the build (and after ``pyodide_runtime.py`` has copied the chooser's
runtime in), Workbox's ``generateSW`` (npm ``workbox-build``, pinned) writes
``sw.js`` at the site root, so its scope covers the whole site wherever it is
served, sub-path included. It precaches every page, the search index and the
theme's assets from its own list of the built files, with a revision per file;
the chooser's runtime is cached the first time the chooser runs. The work is
done by ``overrides/offline/generate_sw.mjs``; this hook only runs it. It
starts Node before the pages are built, and Node loads Workbox meanwhile on
the other core; once the site is written, the hook tells it to go on (about
0.2 s of every build saved on this project's 2-core machine).

The offline copy (Material's ``offline`` plugin, read from ``file://``) gets no
service worker: browsers allow none there. Nor does ``mkdocs serve``: a worker
would answer from its cache while the pages are being edited.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

# overrides/offline/ holds build scripts and the copy's config, not theme files.
BUILD_FOLDER = "offline/"
GENERATOR = Path(__file__).resolve().parent.parent / "offline" / "generate_sw.mjs"


_serving = False
_generator: subprocess.Popen[str] | None = None  # started at pre-build, waiting for "go"


def on_startup(*, command: str, dirty: bool) -> None:
    """Remember whether this is ``mkdocs serve`` (no service worker then)."""
    global _serving  # MkDocs calls hooks as plain module functions
    _serving = command == "serve"


def _wanted(config: MkDocsConfig) -> bool:
    return not _serving and "material/offline" not in config.plugins


def on_pre_build(config: MkDocsConfig) -> None:
    """Start Workbox's generator now; it waits to be told the site is written."""
    global _generator
    _stop_generator()
    node = shutil.which("node")
    if not _wanted(config) or not node:
        return  # without Node, on_post_build says what is missing
    _generator = subprocess.Popen(
        [node, str(GENERATOR), config.site_dir, "--on-go"],
        cwd=GENERATOR.parent,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stop_generator() -> None:
    """End a generator that was started and never told to go (the build failed)."""
    global _generator
    if _generator is not None:
        _generator.kill()
        _generator.communicate()
        _generator = None


def on_build_error(*, error: Exception) -> None:
    """A failed build: end the waiting generator, which then writes nothing."""
    _stop_generator()


def on_shutdown() -> None:
    """The end of MkDocs: leave no generator behind."""
    _stop_generator()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Keep the build scripts in overrides/offline/ out of the built site."""
    for file in list(files):
        source = Path(file.abs_src_path or "").resolve()
        if file.src_uri.startswith(BUILD_FOLDER) and source.is_relative_to(GENERATOR.parent):
            files.remove(file)
    return files


def on_post_build(config: MkDocsConfig) -> None:
    """Write sw.js, sw-chooser.js and offline.json into the built site."""
    global _generator
    if not _wanted(config):
        return
    if _generator is None:
        raise PluginError("service_worker: Node.js (`node`) is needed to run Workbox.")
    generator, _generator = _generator, None
    stdout, stderr = generator.communicate("go\n")
    if generator.returncode != 0:
        raise PluginError(
            f"service_worker: Workbox failed (exit {generator.returncode}):\n{stdout}{stderr}"
        )
    figures = json.loads(stdout.strip().splitlines()[-1])
    for warning in figures["warnings"]:
        log.warning("service_worker: %s", warning)
    log.info(
        "service worker: precache %s files, %.2f MB; chooser runtime %s files, %.2f MB "
        "(cached on first use)",
        figures["precache_files"],
        figures["precache_bytes"] / 1e6,
        figures["chooser_files"],
        figures["chooser_bytes"] / 1e6,
    )
