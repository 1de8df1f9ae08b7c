"""Pyodide's WebAssembly split in two: what a first verdict runs, and the rest.

A first visit to the chooser runs 2,700 or so of the module's 17,000
functions, and a restore of its memory snapshot three more. ``split``
writes a copy of the module in which the body of each function the list
leaves out is a stub (below), and a second file, the *rest*, that holds
those bodies. The copy keeps every function's index, type and place in the
table, and the data, globals and memory layout untouched, so Python starts
on it as on the whole module, and a memory snapshot made on either restores
on the other (a return visit whose whole module was not kept restores on
the first part). The chooser downloads the copy first, and the rest
after its first verdict, and splices the two back into the whole module to
keep for later visits (``runtime_files.js``, which checks the result's
SHA-256).

A stub first calls one of the module's imported functions, ``STUB_IMPORT``,
with ``STUB_MARK`` plus its own index (an address no real call can pass:
the last 64 KiB of a 4 GiB memory), then traps (``unreachable``). The
chooser's worker wraps that import (``stubs.js``): a marked call stops
Python and starts the chooser again on the whole module, whatever the code
around the stub would have made of a trap (Pyodide turns some into Python
exceptions). Without the wrapper, the trap stops Python all the same.

The rest file (``MAGIC``, then little-endian unsigned 32-bit integers)::

    MAGIC  runs  (at drop insert) * runs  inserted bytes, run after run

Splicing copies the stubbed module up to ``at``, skips ``drop`` of its
bytes, writes the next ``insert`` bytes of the rest, and goes on from there
for each run in turn, then copies what is left of the stubbed module. A run
covers the code section's size and each stretch of stubbed function entries.

Which functions to keep is data, measured: ``wasm_first_verdict.txt``
(``tests/maintenance/first_verdict_functions.py`` makes it for each
Pyodide release).
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"NOFREST1"
# The list of kept functions, beside this file.
LIST = Path(__file__).with_name("wasm_first_verdict.txt")
# What a stub calls, with STUB_MARK + its index (stubs.js wraps it).
STUB_IMPORT = ("env", "getprotobyname")
STUB_MARK = 0xFFFF0000
_HEADER = b"\0asm\1\0\0\0"
_TYPE, _IMPORT, _CODE = 1, 2, 10


class SplitError(ValueError):
    """The module or the list cannot be split as asked; the message says why."""


@dataclass(frozen=True)
class FunctionList:
    """Functions to keep, by index in the module's function space (imports first)."""

    pyodide: str
    sha256: str
    kept: frozenset[int]
    # Of ``kept``, those that only a start from a memory snapshot ran when
    # the list was made: a test leaves them out to reach a stub in a restore.
    restore_only: frozenset[int] = frozenset()


def read_list(path: Path = LIST) -> FunctionList:
    """Read a list file: its header, then one index per line.

    The header: ``# pyodide <version>``, ``# sha256 <hex>``, and perhaps
    ``# restore-only <index> …``.
    """
    fields: dict[str, str] = {}
    kept: set[int] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if text.startswith("#"):
            key, _, value = text[1:].strip().partition(" ")
            fields[key] = value.strip()
        elif text:
            if not text.isdigit():
                raise SplitError(f"{path}, line {number}: not a function index: {text!r}")
            kept.add(int(text))
    missing = [key for key in ("pyodide", "sha256") if not fields.get(key)]
    if missing:
        raise SplitError(f"{path}: its header lacks {' and '.join(missing)}")
    if not kept:
        raise SplitError(f"{path}: it lists no function")
    restore_only = fields.get("restore-only", "").split()
    if not all(text.isdigit() for text in restore_only):
        raise SplitError(f"{path}: restore-only holds more than function indexes")
    unlisted = sorted(set(map(int, restore_only)) - kept)
    if unlisted:
        raise SplitError(f"{path}: restore-only names functions it does not list: {unlisted[:5]}")
    return FunctionList(
        fields["pyodide"], fields["sha256"], frozenset(kept), frozenset(map(int, restore_only))
    )


def write_list(path: Path, functions: FunctionList, comment: str) -> None:
    """Write ``functions`` as ``read_list`` reads them, ``comment`` above (lines start with #)."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines += [f"# pyodide {functions.pyodide}", f"# sha256 {functions.sha256}"]
    if functions.restore_only:
        lines += [f"# restore-only {' '.join(map(str, sorted(functions.restore_only)))}"]
    lines += [str(index) for index in sorted(functions.kept)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def split(whole: bytes, functions: FunctionList) -> tuple[bytes, bytes]:
    """The stubbed module and the rest file, for ``whole`` as ``functions`` lists it."""
    digest = hashlib.sha256(whole).hexdigest()
    if digest != functions.sha256:
        raise SplitError(
            f"the list of kept functions was made for another pyodide.asm.wasm "
            f"(sha256 {functions.sha256[:12]}…, Pyodide {functions.pyodide}); "
            f"this one is {digest[:12]}…"
        )
    imported, marker, (size_at, start, end) = _layout(whole)
    count, offset = _uleb(whole, start)
    entries = []  # (first byte, end) of each function's entry: its size and body
    for _ in range(count):
        size, body = _uleb(whole, offset)
        entries.append((offset, body + size))
        offset = body + size
    if offset != end:
        raise SplitError("the code section's entries do not fill it")
    out_of_range = [i for i in functions.kept if not imported <= i < imported + count]
    if out_of_range:
        raise SplitError(f"the list names functions the module does not define: {out_of_range[:5]}")
    if imported + count > 0xFFFFFFFF - STUB_MARK:
        raise SplitError(f"the module defines too many functions to mark stubs: {count}")

    stubbed = [index + imported not in functions.kept for index in range(count)]
    runs: list[tuple[int, int, int]] = []  # (at, drop, insert) in the stubbed module
    inserted = bytearray()
    code = bytearray(_encode_uleb(count))
    index = 0
    while index < count:
        begin = index
        while index < count and stubbed[index] == stubbed[begin]:
            index += 1
        first, last = entries[begin][0], entries[index - 1][1]
        if stubbed[begin]:
            stubs = b"".join(_stub(imported + i, marker) for i in range(begin, index))
            runs.append((len(code), len(stubs), last - first))
            code += stubs
            inserted += whole[first:last]
        else:
            code += whole[first:last]
    new_size = _encode_uleb(len(code))
    head = whole[:size_at] + new_size
    first_module = head + bytes(code) + whole[end:]
    # Runs so far are relative to the code section's body; the section's size comes first.
    old_size = whole[size_at:start]
    shift = len(head)
    all_runs = [(size_at, len(new_size), len(old_size))]
    all_runs += [(at + shift, drop, insert) for at, drop, insert in runs]
    rest = bytearray(MAGIC + struct.pack("<I", len(all_runs)))
    for run in all_runs:
        rest += struct.pack("<III", *run)
    rest += old_size + inserted
    return first_module, bytes(rest)


def splice(first: bytes, rest: bytes) -> bytes:
    """The whole module again, from the stubbed one and the rest (as the browser does it)."""
    if rest[: len(MAGIC)] != MAGIC:
        raise SplitError("the rest file does not start with its magic bytes")
    (count,) = struct.unpack_from("<I", rest, len(MAGIC))
    table = len(MAGIC) + 4
    data = table + 12 * count
    out = bytearray()
    position = 0
    for number in range(count):
        at, drop, insert = struct.unpack_from("<III", rest, table + 12 * number)
        if at < position or at + drop > len(first) or data + insert > len(rest):
            raise SplitError(f"the rest file's run {number} does not fit the stubbed module")
        out += first[position:at] + rest[data : data + insert]
        position, data = at + drop, data + insert
    if data != len(rest):
        raise SplitError("the rest file goes on after its last run")
    return bytes(out + first[position:])


def _stub(index: int, marker: int) -> bytes:
    """A stub's entry: its size, no locals, ``call marker(STUB_MARK + index)``, drop, trap."""
    body = (
        b"\x00\x41"  # no locals; i32.const
        + _encode_sleb(STUB_MARK + index - (1 << 32))  # the mark, as a signed 32-bit value
        + b"\x10"  # call
        + _encode_uleb(marker)
        + b"\x1a\x00\x0b"  # drop; unreachable; end
    )
    return _encode_uleb(len(body)) + body


def _layout(module: bytes) -> tuple[int, int, tuple[int, int, int]]:
    """The number of imported functions, STUB_IMPORT's index, and where the code lies.

    The code section as (where its size begins, where its body begins, its end).
    """
    if module[:8] != _HEADER:
        raise SplitError("not a WebAssembly module (version 1)")
    offset, imported, marker, code, types = 8, 0, None, None, None
    while offset < len(module):
        section = module[offset]
        size, body = _uleb(module, offset + 1)
        if section == _TYPE:
            types = body
        elif section == _IMPORT:
            imported, marker = _imported_functions(module, body)
        elif section == _CODE:
            code = (offset + 1, body, body + size)
        offset = body + size
    if code is None:
        raise SplitError("the module has no code section")
    name = ".".join(STUB_IMPORT)
    if marker is None or types is None:
        raise SplitError(f"the module does not import {name}, which stubs call")
    if _function_type(module, types, marker[1]) != ([0x7F], [0x7F]):
        raise SplitError(f"{name} is not a function of one i32 to one i32, as stubs call it")
    return imported, marker[0], code


def _function_type(module: bytes, offset: int, index: int) -> tuple[list[int], list[int]]:
    """The parameter and result types of type ``index`` in the type section at ``offset``."""
    count, offset = _uleb(module, offset)
    for number in range(min(count, index + 1)):
        if module[offset] != 0x60:
            raise SplitError(f"type {number} is not a plain function type")
        lists = []
        offset += 1
        for _ in range(2):
            length, offset = _uleb(module, offset)
            lists.append(list(module[offset : offset + length]))
            offset += length
        if number == index:
            return lists[0], lists[1]
    raise SplitError(f"there is no type {index}")


def _imported_functions(module: bytes, offset: int) -> tuple[int, tuple[int, int] | None]:
    """How many of the import section's entries (from ``offset``) are functions.

    Also STUB_IMPORT's function index and type index, if the module imports it.
    """
    count, offset = _uleb(module, offset)
    functions = 0
    marker = None
    for _ in range(count):
        names = []
        for _name in range(2):  # module name, field name
            length, offset = _uleb(module, offset)
            names.append(module[offset : offset + length].decode("utf-8", "replace"))
            offset += length
        kind = module[offset]
        offset += 1
        if kind == 0:  # function: its type index
            type_index, offset = _uleb(module, offset)
            if tuple(names) == STUB_IMPORT:
                marker = (functions, type_index)
            functions += 1
        elif kind == 1:  # table: reference type, limits
            offset = _limits(module, _value_type(module, offset))
        elif kind == 2:  # memory: limits
            offset = _limits(module, offset)
        elif kind == 3:  # global: value type, mutability
            offset = _value_type(module, offset) + 1
        elif kind == 4:  # tag: attribute, type index
            _, offset = _uleb(module, offset + 1)
        else:
            raise SplitError(f"an import of unknown kind {kind}")
    return functions, marker


def _value_type(module: bytes, offset: int) -> int:
    """The offset after a value type (a reference type may carry a heap type)."""
    code = module[offset]
    if code in (0x63, 0x64):  # (ref null? <heap type>)
        _, offset = _uleb(module, offset + 1)  # an s33; its length is what counts here
        return offset
    return offset + 1


def _limits(module: bytes, offset: int) -> int:
    flags = module[offset]
    _, offset = _uleb(module, offset + 1)
    if flags & 1:
        _, offset = _uleb(module, offset)
    return offset


def _uleb(data: bytes, offset: int) -> tuple[int, int]:
    """An unsigned LEB128 number at ``offset``, and the offset after it."""
    value = shift = 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, offset
        shift += 7


def _encode_sleb(value: int) -> bytes:
    """A signed LEB128 number."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def _encode_uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
