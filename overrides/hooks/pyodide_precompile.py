"""Precompile the chooser's Python for Pyodide: the stdlib, trimmed, and the scorer's wheel.

Not a MkDocs hook: ``pyodide_runtime.py`` runs this file at build time in the
pinned Pyodide runtime under Node, with the scorer wheel installed.

Pyodide imports its standard library from a zip archive, and zipimport
cannot cache bytecode, so every start compiles about 200 modules from
source: most of the chooser's start-up time. This warms the scorer up the
way the page does, then rewrites the archive with those modules as ``.pyc``
files in place of their sources, and leaves every other module out: about
200 files of the 2.5 MB archive stay. Its entries are stored, not deflated:
the page downloads the archive as one Brotli stream (``pyodide_runtime.py``),
which compresses across files what deflate compresses file by file (with
xz, which packed it until 4 December 2026, 0.92 MB against 1.31 MB, before
the columns went, below), and zipimport then reads them without inflating.
The bytecode must match the browser's interpreter exactly (Pyodide's
Python 3.14, not the build's CPython), which is why the pinned runtime
compiles it itself. The ``.pyc`` files are unchecked hash-based, so they
load without their source, and compiled with ``optimize=2`` (no docstrings
or asserts; a fifth smaller).

Each code object keeps its line numbers but not its columns
(``lines_only``): CPython's location table stores, per instruction, the
line and the start and end columns that tracebacks underline with ``^^^``.
Without the columns the archive was 29% smaller once packed with xz (0.65
against 0.92 MB; 0.66 MB with Brotli), 0.3 s less to download on a Fast 4G
link, and a traceback
from the page still names every file, line and function.

The scorer's own wheel gets the same treatment (``compile_wheel``): its modules
as ``.pyc`` files in place of their sources, so the page does not compile the
scorer either (about 0.1 s of the first start in Node.js).

The warm-up walks the scorer's paths, error paths included; the Pyodide parity
test then runs more than a thousand answer sets against the trimmed archive,
so a module the warm-up missed fails a test, not a reader. ``trim=False``
keeps the unused modules as source (for comparison).
"""

from __future__ import annotations

import importlib.util
import sys
import types
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc  # type: ignore[attr-defined]
from pathlib import PurePosixPath

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
                data = _bytecode(data, archive + info.filename)
                info = zipfile.ZipInfo(info.filename + "c", info.date_time)
                compiled += 1
            elif trim and not info.is_dir():
                dropped += 1
                continue
            new.writestr(info, data, zipfile.ZIP_STORED)
    python = sys.version.split()[0]
    return (
        f"precompiled {compiled} and left out {dropped} of {len(entries)} files "
        f"of the stdlib for Python {python}"
    )


def compile_wheel(source: str, target: str, package: str) -> str:
    """Rewrite the wheel ``source`` into ``target`` with each ``.py`` as ``.pyc``.

    The bytecode names the files where Pyodide installed the distribution
    ``package`` for this run, as it does in the browser, so tracebacks point
    there. A ``.pyc`` without its source is imported as it is. RECORD is
    rewritten to list the new files with their hashes.
    """
    # Imported after main(), so that none is counted among the modules the
    # chooser uses and kept in the trimmed archive for nothing (hashlib was,
    # until 5 December 2026: the page never imports it).
    import base64
    import hashlib
    import importlib.metadata

    installed = PurePosixPath(str(importlib.metadata.distribution(package).locate_file("")))
    records = []
    compiled = 0
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        names = old.namelist()
        record = next(name for name in names if name.endswith(".dist-info/RECORD"))
        for info in old.infolist():
            if info.filename == record:
                continue
            name, data = info.filename, old.read(info)
            if name.endswith(".py"):
                data = _bytecode(data, str(installed / name))
                name += "c"
                compiled += 1
            entry = zipfile.ZipInfo(name, info.date_time)
            entry.external_attr = info.external_attr
            new.writestr(entry, data, zipfile.ZIP_DEFLATED, 9)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            records.append(f"{name},sha256={digest.decode()},{len(data)}")
        records.append(f"{record},,")
        entry = zipfile.ZipInfo(record, old.getinfo(record).date_time)
        new.writestr(entry, "\n".join(records) + "\n", zipfile.ZIP_DEFLATED, 9)
    return f"precompiled {compiled} modules of the {package} wheel"


def _bytecode(source: bytes, filename: str) -> bytes:
    """``source`` compiled to an unchecked hash-based ``.pyc`` naming ``filename``."""
    code = compile(source, filename, "exec", dont_inherit=True, optimize=OPTIMIZE)
    code = lines_only(code)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), False))


# Entry kinds of CPython's location table (3.11 on; InternalDocs/code_objects.md):
# "line only" (a signed line delta follows) and "no location".
_LINE_ONLY = 13
_NO_LOCATION = 15
_MAX_SPAN = 8  # code units one entry covers at most


def lines_only(code: types.CodeType) -> types.CodeType:
    """``code`` (and the code objects nested in it) with a location table of lines only.

    Raises ``ValueError`` if the new table would not give every instruction
    the line the compiler gave it (a change of the table's format, say).
    """
    consts = tuple(
        lines_only(const) if isinstance(const, types.CodeType) else const
        for const in code.co_consts
    )
    lines = [position[0] for position in code.co_positions()]
    table = bytearray()
    previous, index = code.co_firstlineno, 0
    while index < len(lines):
        line, span = lines[index], 1
        while index + span < len(lines) and span < _MAX_SPAN and lines[index + span] == line:
            span += 1
        if line is None:
            table.append(0x80 | _NO_LOCATION << 3 | (span - 1))
        else:
            table.append(0x80 | _LINE_ONLY << 3 | (span - 1))
            _signed_varint(line - previous, table)
            previous = line
        index += span
    stripped = code.replace(co_linetable=bytes(table), co_consts=consts)
    if [position[0] for position in stripped.co_positions()] != lines:
        raise ValueError(f"lines_only: the line table of {code.co_qualname} does not round-trip")
    return stripped


def _signed_varint(value: int, out: bytearray) -> None:
    """Append ``value`` as the location table writes it: sign in the low bit, 6 bits a byte."""
    value = (-value) << 1 | 1 if value < 0 else value << 1
    while value >= 64:
        out.append(0x40 | value & 63)
        value >>= 6
    out.append(value)
