"""One change to Pyodide's JavaScript glue, in the copy the site serves.

Not a MkDocs hook: ``pyodide_runtime.py`` writes the served
``pyodide.asm.mjs`` through ``remember_wrapper_modules``; the stock
baseline of ``make bench`` keeps npm's copy.

Chromium has no way to put a JavaScript function straight into
WebAssembly's function table, so Emscripten's ``convertJsFunctionToWasm``
wraps each one in a tiny module of its own (one import, one export) and
compiles that module anew every time. Pyodide calls it for every
JavaScript function it adds to the table, 259 times in a start from a
memory snapshot (traced in Chromium 156, Pyodide 314.0.8), on the Python
worker's thread before the first verdict. The module's bytes depend only on
the function's signature (a string such as ``"vii"``), and a compiled
module can be instantiated any number of times, so the served copy keeps
one compiled module per signature and instantiates it for each function.
In a fresh worker in Chromium 156, 261 such wrappers over 12 signatures
took 17 to 50 ms Emscripten's way and 1.3 to 13.7 ms with the module kept
(docs/chooser-speed-log.md has the figures on the chooser itself).

The change is made on the exact text of the pinned Pyodide's glue. If an
upgrade changes that text, the build stops and says so: update this file
for the new glue, or drop the change.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

# The function as Pyodide 314.0.8's minified glue spells it: its head, up to
# the expression that builds the module's bytes, and the statement after it.
FUNCTION_HEAD = "var convertJsFunctionToWasm=(func,sig)=>{var bytes="
COMPILE = ";var module=new WebAssembly.Module(bytes);"
# The most the bytes expression may take (about 200 characters in 314.0.8).
LONGEST_BYTES_EXPRESSION = 600
# The map of compiled modules by signature: a name the glue does not use.
MODULES = "chooserWrapperModules"


def remember_wrapper_modules(glue: str, name: str = "pyodide.asm.mjs") -> str:
    """``glue`` with ``convertJsFunctionToWasm`` compiling each signature's module once.

    Raises PluginError, naming ``name``, when the function is not there
    exactly as expected (an upgrade changed the glue).
    """
    found = glue.count(FUNCTION_HEAD)
    if found != 1:
        raise PluginError(
            f"pyodide_glue: {name} has {found} copies of convertJsFunctionToWasm "
            f"as the pinned Pyodide wrote it ({FUNCTION_HEAD!r}), where 1 was expected: "
            "update overrides/hooks/pyodide_glue.py for this Pyodide, or drop the change"
        )
    if MODULES in glue:
        raise PluginError(f"pyodide_glue: {name} already uses the name {MODULES}")
    head = glue.index(FUNCTION_HEAD)
    start = head + len(FUNCTION_HEAD)
    end = glue.find(COMPILE, start, start + LONGEST_BYTES_EXPRESSION)
    if end == -1:
        raise PluginError(
            f"pyodide_glue: in {name}, convertJsFunctionToWasm does not compile its "
            f"module as expected ({COMPILE!r}): update overrides/hooks/pyodide_glue.py "
            "for this Pyodide, or drop the change"
        )
    bytes_expression = glue[start:end]
    remembered = (
        f"var {MODULES}=new Map;"
        "var convertJsFunctionToWasm=(func,sig)=>{"
        f"var module={MODULES}.get(sig);"
        f"if(!module){{module=new WebAssembly.Module({bytes_expression});"
        f"{MODULES}.set(sig,module)}}"
    )
    return glue[:head] + remembered + glue[end + len(COMPILE) :]
