"""The runtime's files as the built site serves them to the chooser.

Shared by the chooser's and the offline tests: the Brotli decoder's two files
(named with its npm version by the runtime hook) and what a first visit fetches.
"""

from __future__ import annotations

import json

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
