"""Two changes to Pyodide's JavaScript glue, in the copy the site serves.

Not a MkDocs hook: ``pyodide_runtime.py`` writes the served
``pyodide.asm.mjs`` through ``served_glue``; the stock baseline of
``make bench`` keeps npm's copy. Both changes save work on the Python
worker's thread in every start, before the first verdict, and change
nothing Python or the page can see.

**One compiled wrapper per signature** (``remember_wrapper_modules``).
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

**Table entries made when first asked for** (``got_entries_on_demand``).
Pyodide's runtime is an Emscripten main module that other WebAssembly
modules may be linked against at run time. For them, Emscripten's
``updateGOT`` puts every one of its exports (8,554 in Pyodide 314.0.8) in
a table of symbols (the "global offset table", ``GOT``), each as a
``WebAssembly.Global`` made at once, and ``reportUndefinedSymbols`` then
looks through all of them for the 280 still unresolved. No module is
linked against the runtime before the first verdict. The served copy still
gives each exported function its slot in the function table, in the same
order (memory restored from a snapshot holds those slot numbers), but keeps
each entry's value in a Map, and makes its ``WebAssembly.Global`` the first
time the table is asked for that symbol. In Node.js 20 with Pyodide 314.0.8,
every entry and every slot came out as npm's glue makes them (a test checks
this). On the chooser in Chromium 156, the runtime's linking (``updateGOT``
to ``loadDylibs``) took 42 ms instead of 62 ms in return visits, medians of
16 (docs/chooser-speed-log.md has the figures).

The changes are made on the exact text of the pinned Pyodide's glue. If an
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
# What a message about a glue that no longer fits asks for.
UPDATE = "update overrides/hooks/pyodide_glue.py for this Pyodide, or drop the change"


def _require_once(glue: str, part: str, what: str, name: str) -> None:
    """Raise PluginError, naming ``name``, unless ``glue`` has ``part`` exactly once."""
    found = glue.count(part)
    if found != 1:
        raise PluginError(
            f"pyodide_glue: {name} has {found} copies of {what} as the pinned "
            f"Pyodide wrote it ({part!r}), where 1 was expected: {UPDATE}"
        )


def _require_unused(glue: str, identifier: str, name: str) -> None:
    """Raise PluginError, naming ``name``, if ``glue`` already uses ``identifier``."""
    if identifier in glue:
        raise PluginError(f"pyodide_glue: {name} already uses the name {identifier}")


def remember_wrapper_modules(glue: str, name: str = "pyodide.asm.mjs") -> str:
    """``glue`` with ``convertJsFunctionToWasm`` compiling each signature's module once.

    Raises PluginError, naming ``name``, when the function is not there
    exactly as expected (an upgrade changed the glue).
    """
    _require_once(glue, FUNCTION_HEAD, "convertJsFunctionToWasm", name)
    _require_unused(glue, MODULES, name)
    head = glue.index(FUNCTION_HEAD)
    start = head + len(FUNCTION_HEAD)
    end = glue.find(COMPILE, start, start + LONGEST_BYTES_EXPRESSION)
    if end == -1:
        raise PluginError(
            f"pyodide_glue: in {name}, convertJsFunctionToWasm does not compile its "
            f"module as expected ({COMPILE!r}): {UPDATE}"
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


# The symbol table as Pyodide 314.0.8's glue declares it, and the statements
# of updateGOT that make an export's entry and set its value.
GOT_DECLARATION = "var GOT={};"
GOT_ENTRY = (
    'GOT[symName]??=new WebAssembly.Global({value:"i32",mutable:true});GOT[symName].value=newValue}'
)
# The values of entries not yet asked for, by symbol: a name the glue does not use.
LAZY_ENTRIES = "chooserLazyGOT"


def got_entries_on_demand(glue: str, name: str = "pyodide.asm.mjs") -> str:
    """``glue`` with the symbol table's entries for exports made when first read.

    ``GOT`` stays the object Emscripten reads and writes; an entry nobody
    has read yet lives in a Map, and reading it through ``GOT`` (from its
    prototype, a Proxy) makes the ``WebAssembly.Global`` with that value
    and puts it on ``GOT`` as Emscripten would have. Entries that exist
    already (a symbol the runtime imports, waiting at -1) are set as
    before, and ``Object.entries(GOT)`` lists only entries made so far,
    which is all ``reportUndefinedSymbols`` needs (those at -1).

    Raises PluginError, naming ``name``, when the glue does not have the
    two statements exactly as expected (an upgrade changed them).
    """
    _require_once(glue, GOT_DECLARATION, "the symbol table", name)
    _require_once(glue, GOT_ENTRY, "updateGOT's entry", name)
    _require_unused(glue, LAZY_ENTRIES, name)
    table = (
        f"var {LAZY_ENTRIES}=new Map;"
        "var GOT=Object.create(new Proxy({},{get(target,symName,receiver){"
        f"if({LAZY_ENTRIES}.has(symName)){{"
        'var entry=new WebAssembly.Global({value:"i32",mutable:true},'
        f"{LAZY_ENTRIES}.get(symName));{LAZY_ENTRIES}.delete(symName);"
        "Object.defineProperty(receiver,symName,"
        "{value:entry,writable:true,enumerable:true,configurable:true});"
        "return entry}"
        "return Reflect.get(target,symName,receiver)}}));"
    )
    # A Global's value (an exported datum's address) or a function's slot.
    entry = (
        "if(GOT[symName]){GOT[symName].value=newValue}"
        f"else{{{LAZY_ENTRIES}.set(symName,+newValue)}}}}"
    )
    return glue.replace(GOT_DECLARATION, table).replace(GOT_ENTRY, entry)


def served_glue(glue: str, name: str = "pyodide.asm.mjs") -> str:
    """Pyodide's glue as the site serves it: ``glue`` with both changes."""
    return got_entries_on_demand(remember_wrapper_modules(glue, name), name)
