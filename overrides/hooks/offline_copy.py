"""MkDocs hook of the offline copy (overrides/offline/mkdocs.yml): a site read from disk.

Opened from ``file://``, Chromium runs no module script, no module worker and
no ``fetch``. Material's ``offline`` plugin handles links (``.html`` URLs) and
search (the index as a script, run by the iframe-worker shim); this hook does
the rest:

- turns instant navigation off (it needs a server) and swaps the site's module
  scripts for one classic script: the chooser bundled by
  ``overrides/offline/bundle_chooser.mjs`` (rollup), whose engine runs Python
  on the page;
- copies the iframe-worker shim from the pinned npm package, so search fetches
  nothing from a CDN;
- drops what only a web server uses (404 page, sitemap);
- embeds every file of the chooser's runtime (whatever ``pyodide_runtime.py``
  put under ``assets/pyodide/``) as base64 in one classic script,
  ``assets/pyodide/embedded.js``, and removes the files themselves; the
  packed copies and their decoder, for downloads only, are removed unread.
"""

from __future__ import annotations

import base64
import json
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

PROJECT = Path(__file__).resolve().parent.parent.parent
BUNDLER = PROJECT / "overrides" / "offline" / "bundle_chooser.mjs"
SHIM = PROJECT / "node_modules" / "iframe-worker" / "shim" / "index.js"
SHIM_TARGET = "assets/javascripts/iframe-worker/shim.js"  # listed in extra.polyfills
CHOOSER_BUNDLE = "assets/javascripts/chooser-file.js"
RUNTIME_DIR = "assets/pyodide"
EMBEDDED = "assets/pyodide/embedded.js"  # file_engine.js loads it from here
EMBEDDED_GLOBAL = "__nofEmbedded"
# Files for a web server only: no server shows a 404 page or reads a sitemap
# from disk (and their links are absolute, for the server's root).
SERVER_ONLY = ("404.html", "sitemap.xml", "sitemap.xml.gz")
# Social cards are for link previews, which nothing makes of a file on disk.
SERVER_ONLY_FOLDERS = ("assets/images/social",)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """No instant navigation; classic scripts only (the chooser bundle)."""
    if "material/offline" not in config.plugins:
        raise PluginError("offline_copy: this hook belongs to the offline copy's config only")
    if SHIM_TARGET not in config.extra.get("polyfills", []):
        raise PluginError(f"offline_copy: extra.polyfills must list {SHIM_TARGET}")
    features = config.theme["features"]
    config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
    classic = [
        script for script in config.extra_javascript if getattr(script, "type", "") != "module"
    ]
    config.extra_javascript = [*classic, CHOOSER_BUNDLE]
    return config


def on_post_build(config: MkDocsConfig) -> None:
    """Copy the shim, bundle the chooser, embed its runtime; drop server-only files."""
    site = Path(config.site_dir)
    for name in SERVER_ONLY:
        (site / name).unlink(missing_ok=True)
    for folder in SERVER_ONLY_FOLDERS:
        shutil.rmtree(site / folder, ignore_errors=True)
    _copy_shim(site / SHIM_TARGET)
    _bundle_chooser(site / CHOOSER_BUNDLE)
    runtime: dict[str, Any] = config.extra["chooser_runtime"]
    for path in (site / RUNTIME_DIR).rglob(f"*{runtime['packed_suffix']}"):
        path.unlink()
    for name in runtime["_decoder"]["sources"]:  # the decoder's module and WebAssembly
        (site / RUNTIME_DIR / name).unlink(missing_ok=True)
    count, size = embed_runtime(site / RUNTIME_DIR, site / EMBEDDED)
    log.info(
        "offline copy: chooser runtime embedded in %s (%s files, %.1f MB of base64)",
        EMBEDDED,
        count,
        size / 1e6,
    )


def embed_runtime(runtime: Path, target: Path) -> tuple[int, int]:
    """Write every file under ``runtime`` as base64 into the script ``target``; remove them.

    The keys are the files' paths from the site root, as the chooser element's
    data attributes name them. Returns the number of files and the script's size.
    """
    files = sorted(path for path in runtime.rglob("*") if path.is_file() and path != target)
    if not files:
        raise PluginError(f"offline_copy: no chooser runtime under {runtime}")
    site = runtime.parent.parent
    embedded = {
        path.relative_to(site).as_posix(): base64.b64encode(path.read_bytes()).decode("ascii")
        for path in files
    }
    script = (
        "/* The chooser's runtime, embedded for file:// (overrides/hooks/offline_copy.py). */\n"
        f"self.{EMBEDDED_GLOBAL} = {json.dumps(embedded, indent=0)};\n"
    )
    temporary = target.with_suffix(".tmp")
    temporary.write_text(script, encoding="ascii")
    temporary.replace(target)
    for path in files:
        path.unlink()
    for folder in sorted({p.parent for p in files}, key=lambda p: len(p.parts), reverse=True):
        if folder != runtime and not any(folder.iterdir()):
            folder.rmdir()
    return len(files), target.stat().st_size


def _copy_shim(target: Path) -> None:
    if not SHIM.is_file():
        raise PluginError(
            f"offline_copy: the iframe-worker shim is missing ({SHIM}): run `make setup`"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, target)


def _bundle_chooser(target: Path) -> None:
    node = shutil.which("node")
    if not node:
        raise PluginError("offline_copy: Node.js (`node`) is needed to bundle the chooser.")
    result = subprocess.run(
        [node, str(BUNDLER), str(target)],
        cwd=BUNDLER.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not target.is_file():
        raise PluginError(
            f"offline_copy: bundling the chooser failed (exit {result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
