"""The runtime's files as the built site serves them to the chooser.

Shared by the chooser's and the offline tests and by ``make wasm-list``: the
Brotli decoder's two files (named with its npm version by the runtime hook),
what a first visit fetches, where the chooser page says its files are, and
running the chooser's own modules in Node.js.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The Brotli decoder the runtime hook writes into the site, named with its npm version.
DECODER = "brotli-dec-wasm-{}.mjs".format(
    json.loads(
        (ROOT / "node_modules" / "brotli-dec-wasm" / "package.json").read_text(encoding="utf-8")
    )["version"]
)
DECODER_WASM = DECODER.removesuffix(".mjs") + ".wasm"

# What a first visit fetches from the runtime for its first verdict: the big
# two packed (the WebAssembly's first part, hooks/wasm_split.py), with their decoder.
FIRST_VISIT_FILES = frozenset(
    {
        "pyodide.mjs",
        "pyodide.asm.mjs",
        "pyodide.asm.first.wasm.br",
        "python_stdlib.zip.br",  # precompiled, in a folder named after its bytes
        DECODER,
        DECODER_WASM,
        "pyodide-lock.json",
        "node_or_flask_scorer-1.0.0-py3-none-any.whl",
    }
)

# What it fetches after its first verdict: the rest of the WebAssembly, spliced in.
AFTER_FIRST_VERDICT = frozenset({"pyodide.asm.rest.br"})
# Empty Cache Storage, from a page of the site: the kept runtime (offline.js)
# is forgotten, the memory snapshot (origin private file system) stays, as
# for a reader who closed the first visit after its snapshot was saved but
# before the whole WebAssembly was kept.
FORGET_KEPT = "async () => { for (const name of await caches.keys()) await caches.delete(name); }"


def chooser_attribute(site_dir: Path, name: str) -> str:
    """The chooser element's ``data-<name>`` in the built site (``name`` as in the HTML)."""
    html = (site_dir / "chooser" / "index.html").read_text(encoding="utf-8")
    found = re.search(rf'data-{name}="([^"]*)"', html)
    if found is None:
        raise LookupError(f"the chooser page has no data-{name}")
    return found.group(1)


def node_module_output(script: str, *arguments: str) -> str:
    """What ``script``, run by Node.js as an ES module with ``arguments``, printed (stripped)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed (it builds the site too)")
    done = subprocess.run(
        [node, "--input-type=module", "-e", script, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()
