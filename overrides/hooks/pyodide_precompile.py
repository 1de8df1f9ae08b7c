"""Trim the standard library to what the chooser uses, precompiled (runs inside Pyodide).

Not a MkDocs hook: ``pyodide_runtime.py`` runs this file at build time in the
pinned Pyodide runtime under Node, with the scorer wheel installed.

Pyodide imports its standard library from a zip archive, and zipimport cannot
cache bytecode, so every start compiles about 200 modules from source: most
of the chooser's start-up time. This warms the scorer up the way the page
does, then rewrites the archive with those modules as ``.pyc`` files in place
of their sources, and leaves every other module out: the archive shrinks
from 2.5 MB to about 1 MB, which is most of what the chooser page downloads
besides the WebAssembly. The bytecode must match the browser's interpreter
exactly (Pyodide's Python 3.14, not the build's CPython), which is why the
pinned runtime compiles it itself. The ``.pyc`` files are unchecked
hash-based, so they load without their source, and compiled with
``optimize=2`` (no docstrings or asserts; a fifth smaller).

The warm-up walks the scorer's paths, error paths included; the Pyodide parity
test then runs more than a thousand answer sets against the trimmed archive,
so a module the warm-up missed fails a test, not a reader. ``trim=False``
keeps the unused modules as source (for comparison).
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]

# Share links that walk the scorer's paths: empty, full, and malformed.
WARM_UP = (
    "",
    "v=1&a=team.python,ml.core,traffic.high&w=performance.2,structure.0",
    "v=2&a=team.pyhton,zz.top&w=speed.9,performance.x&junk=%ZZ",
)


# Optimisation level of the precompiled bytecode (2: no docstrings, no asserts).
OPTIMIZE = 2


def main(source: str, target: str, trim: bool = True) -> str:
    """Rewrite the stdlib archive ``source`` into ``target``; return a summary line."""
    from scorer import api

    api.questions()
    for query in WARM_UP:
        api.evaluate(query)

    archive = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
    used = set()
    for module in list(sys.modules.values()):
        origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
        if origin.startswith(archive) and origin.endswith(".py"):
            used.add(origin[len(archive) :])

    compiled = dropped = 0
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        entries = old.infolist()
        for info in entries:
            data = old.read(info)
            if info.filename in used:
                code = compile(
                    data, archive + info.filename, "exec", dont_inherit=True, optimize=OPTIMIZE
                )
                data = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), False))
                info = zipfile.ZipInfo(info.filename + "c", info.date_time)
                compiled += 1
            elif trim and not info.is_dir():
                dropped += 1
                continue
            new.writestr(info, data, zipfile.ZIP_DEFLATED, 9)
    python = sys.version.split()[0]
    return (
        f"precompiled {compiled} and left out {dropped} of {len(entries)} files "
        f"of the stdlib for Python {python}"
    )
