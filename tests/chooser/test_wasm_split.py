"""Pyodide's WebAssembly split in two for a first visit (hooks/wasm_split.py).

A small module made here shows what the split keeps and what a stub does
(in Node.js: a stub traps, a kept function runs), and that splicing the two
parts, in Python and with the worker's own code (runtime_files.js's
``splice``), gives back the module byte for byte. The built site's two parts
must make its whole module in Node.js as the worker makes them, and the list
must belong to the module it is used on; a damaged rest file or list is
refused with a message that says what is wrong. The build's cache counts
the packed parts as made only once both are written.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import brotli  # type: ignore[import-untyped]  # no type information shipped
import pytest
from mkdocs.exceptions import PluginError

from tests.chooser.runtime_files import chooser_attribute, node_module_output
from tests.conftest import ROOT, load_hook

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

wasm_split = load_hook("wasm_split.py")
CHOOSER_JS = ROOT / "overrides" / "assets" / "javascripts" / "chooser"
RUNTIME_FILES = CHOOSER_JS / "runtime_files.js"
STUBS = CHOOSER_JS / "stubs.js"

# Run runtime_files.js's splice on two files; print the result's sha256, or the error.
SPLICE_IN_NODE = """
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [runtimeFiles, first, rest] = process.argv.slice(1);
const { splice } = await import(pathToFileURL(runtimeFiles).href);
try {
  const [a, b] = [first, rest].map((path) => new Uint8Array(readFileSync(path)));
  const whole = splice(a, b, "rest.bin");
  console.log(createHash("sha256").update(whole).digest("hex"));
} catch (error) {
  console.log(`error: ${error.message}`);
}
"""

# Instantiate a module and call each export; print the outcomes. Its one
# import, env.getprotobyname, is wrapped as the worker wraps it (stubs.js),
# unless the second argument is "plain".
CALL_IN_NODE = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [path, how, stubsModule] = process.argv.slice(1);
const reached = [];
if (how !== "plain") {
  const { watchStubs } = await import(pathToFileURL(stubsModule).href);
  watchStubs((index) => reached.push(index));
}
const imports = { env: { getprotobyname: () => 0 } };
const { instance } = await WebAssembly.instantiate(readFileSync(path), imports);
const outcomes = {};
for (const [name, run] of Object.entries(instance.exports)) {
  try {
    outcomes[name] = run();
  } catch (error) {
    outcomes[name] = `${error.constructor.name}: ${error.message}`;
  }
}
console.log(JSON.stringify({ ...outcomes, reached }));
"""


def _section(code: int, body: bytes) -> bytes:
    return bytes([code]) + _leb(len(body)) + body


def _leb(value: int) -> bytes:
    return bytes(wasm_split._encode_uleb(value))


def _name(text: str) -> bytes:
    return _leb(len(text)) + text.encode()


def small_module(count: int = 3) -> bytes:
    """A module: env.getprotobyname imported, then ``count`` functions that return 10 + their place.

    (Under 64, so that each constant is one byte of signed LEB128.)
    """
    types = _section(1, b"\x02\x60\x00\x01\x7f\x60\x01\x7f\x01\x7f")  # () -> i32, (i32) -> i32
    imports = _section(2, b"\x01" + _name("env") + _name("getprotobyname") + b"\x00\x01")
    functions = _section(3, _leb(count) + b"\x00" * count)
    entries = b"".join(_name(f"e{i}") + b"\x00" + _leb(i + 1) for i in range(count))
    exports = _section(7, _leb(count) + entries)
    bodies = [b"\x00\x41" + _leb(10 + i) + b"\x0b" for i in range(count)]  # i32.const; end
    code = _section(10, _leb(count) + b"".join(_leb(len(body)) + body for body in bodies))
    custom = _section(0, _name("after-code") + b"kept as it is")
    return b"\0asm\1\0\0\0" + types + imports + functions + exports + code + custom


def listing(module: bytes, kept: set[int]) -> object:
    return wasm_split.FunctionList("test", hashlib.sha256(module).hexdigest(), frozenset(kept))


def splice_in_node(folder: Path, first: bytes, rest: bytes) -> str:
    """What SPLICE_IN_NODE prints for the two parts (written into ``folder``)."""
    (folder / "first.wasm").write_bytes(first)
    (folder / "rest.bin").write_bytes(rest)
    return node_module_output(
        SPLICE_IN_NODE, str(RUNTIME_FILES), str(folder / "first.wasm"), str(folder / "rest.bin")
    )


def test_a_stub_reports_itself_then_traps_and_a_kept_function_runs(tmp_path: Path) -> None:
    whole = small_module()
    first, _ = wasm_split.split(whole, listing(whole, {1, 3}))  # index 0 is the import
    (tmp_path / "first.wasm").write_bytes(first)
    (tmp_path / "whole.wasm").write_bytes(whole)

    def call(name: str, how: str) -> object:
        return json.loads(node_module_output(CALL_IN_NODE, str(tmp_path / name), how, str(STUBS)))

    # Watched as the worker watches it: the stub names itself and stops there.
    reported = "Error: Python reached function 2, which the first part leaves out"
    assert call("first.wasm", "watched") == {"e0": 10, "e1": reported, "e2": 12, "reached": [2]}
    # Without the watch, the import answers and the stub traps all the same.
    plain = "RuntimeError: unreachable"
    assert call("first.wasm", "plain") == {"e0": 10, "e1": plain, "e2": 12, "reached": []}
    assert call("whole.wasm", "watched") == {"e0": 10, "e1": 11, "e2": 12, "reached": []}


def test_a_module_that_stubs_cannot_call_is_refused() -> None:
    whole = small_module().replace(b"getprotobyname", b"getprotobynamf")
    with pytest.raises(wasm_split.SplitError, match=r"does not import env\.getprotobyname"):
        wasm_split.split(whole, listing(whole, {1}))


@pytest.mark.parametrize("kept", [set(), {1}, {2}, {1, 3}, {1, 2, 3}, set(range(1, 41, 3))])
def test_splicing_gives_back_the_module_in_python_and_in_the_worker(
    tmp_path: Path, kept: set[int]
) -> None:
    whole = small_module(40)
    first, rest = wasm_split.split(whole, listing(whole, kept))
    assert wasm_split.splice(first, rest) == whole
    assert splice_in_node(tmp_path, first, rest) == hashlib.sha256(whole).hexdigest()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda rest: b"NOTREST!" + rest[8:], "it does not start with its magic bytes"),
        (lambda rest: rest[:-1], "its run 1 does not fit the first part"),
        (lambda rest: rest + b"x", "it goes on after its last run"),
        (lambda rest: rest[:10], "it ends in its header"),
    ],
)
def test_the_worker_refuses_a_damaged_rest_file(
    tmp_path: Path, spoil: object, message: str
) -> None:
    whole = small_module()
    first, rest = wasm_split.split(whole, listing(whole, {1}))
    out = splice_in_node(tmp_path, first, spoil(rest))  # type: ignore[operator]
    assert out == f"error: rest.bin is damaged: {message}"


def test_a_list_made_for_another_module_is_refused() -> None:
    whole = small_module()
    other = wasm_split.FunctionList("9.9", "0" * 64, frozenset({1}))
    with pytest.raises(wasm_split.SplitError, match=r"made for another pyodide\.asm\.wasm"):
        wasm_split.split(whole, other)


def test_a_list_naming_a_function_the_module_lacks_is_refused() -> None:
    whole = small_module()
    with pytest.raises(wasm_split.SplitError, match=r"does not define: \[0\]"):
        wasm_split.split(whole, listing(whole, {0, 1}))  # 0 is the import


def test_a_list_file_is_read_as_written_and_its_faults_named(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    written = wasm_split.FunctionList(
        "314.0.8", "ab" * 32, frozenset({5, 7, 1000}), restore_only=frozenset({7, 1000})
    )
    wasm_split.write_list(path, written, "made here\nfor a test")
    assert wasm_split.read_list(path) == written
    assert path.read_text(encoding="utf-8").startswith("# made here\n# for a test\n")
    assert "\n# restore-only 7 1000\n" in path.read_text(encoding="utf-8")
    path.write_text("# pyodide 1\n# sha256 ab\n12\nx1\n", encoding="utf-8")
    with pytest.raises(wasm_split.SplitError, match="line 4: not a function index: 'x1'"):
        wasm_split.read_list(path)
    path.write_text("# pyodide 1\n12\n", encoding="utf-8")
    with pytest.raises(wasm_split.SplitError, match="its header lacks sha256"):
        wasm_split.read_list(path)
    path.write_text("# pyodide 1\n# sha256 ab\n# restore-only 12 13\n12\n", encoding="utf-8")
    with pytest.raises(wasm_split.SplitError, match=r"does not list: \[13\]"):
        wasm_split.read_list(path)


def test_the_list_belongs_to_the_pinned_runtime() -> None:
    listed = wasm_split.read_list()
    wasm = ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm"
    version = json.loads((wasm.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert (listed.pyodide, listed.sha256) == (
        version,
        hashlib.sha256(wasm.read_bytes()).hexdigest(),
    )


@pytest.mark.site
def test_the_sites_two_parts_make_its_whole_module_in_the_worker(
    built_site: BuiltSite, tmp_path: Path
) -> None:
    site = built_site.site_dir
    attribute = {
        name: chooser_attribute(site, f"wasm-{name}") for name in ("first", "rest", "sha256")
    }
    whole = next((site / "assets" / "pyodide").glob("*/pyodide.asm.wasm")).read_bytes()
    assert attribute["sha256"] == hashlib.sha256(whole).hexdigest()
    first = brotli.decompress((site / attribute["first"]).read_bytes())
    rest = brotli.decompress((site / attribute["rest"]).read_bytes())
    assert splice_in_node(tmp_path, first, rest) == attribute["sha256"]
    # What a first visit waits for is well under what the two parts weigh
    # (1.60 of 2.78 MB packed on 7 December 2026, Pyodide 314.0.8).
    first_size, rest_size = ((site / attribute[n]).stat().st_size for n in ("first", "rest"))
    assert first_size < 0.65 * (first_size + rest_size)


def test_the_build_packs_the_two_parts_and_marks_them_made_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """_split_wasm, then _store_parts: the parts unpack to the split; a failed pack leaves no mark.

    The folder counts as made once its ``sha256`` file is there, which is
    written after both parts: a build whose packing failed leaves none, and
    the next build packs the parts again instead of serving a half-made pair.
    """
    runtime = load_hook("pyodide_runtime.py")
    whole = small_module(12)
    module = tmp_path / "pyodide.asm.wasm"
    module.write_bytes(whole)
    kept = listing(whole, {1, 4, 9})
    wasm_split.write_list(tmp_path / "list.txt", kept, "made for a test")
    monkeypatch.setattr(runtime, "SPLIT_LIST", tmp_path / "list.txt")
    cache = tmp_path / "cache"
    packed = runtime._packed

    def fail_on_the_rest(data: bytes) -> bytes:
        if data.startswith(wasm_split.MAGIC):  # the rest
            raise OSError("no space left on device")
        return packed(data)  # type: ignore[no-any-return]

    monkeypatch.setattr(runtime, "_packed", fail_on_the_rest)
    with ThreadPoolExecutor() as packer, pytest.raises(OSError, match="no space left"):
        runtime._store_parts(runtime._split_wasm(module, cache), packer)
    (folder,) = cache.glob("wasm-*")
    assert not (folder / "sha256").exists()
    assert not (folder / runtime.SPLIT_REST).exists()

    monkeypatch.setattr(runtime, "_packed", packed)
    with ThreadPoolExecutor() as packer:
        assert runtime._store_parts(runtime._split_wasm(module, cache), packer) == folder
    first, rest = wasm_split.split(whole, kept)
    assert brotli.decompress((folder / runtime.SPLIT_FIRST).read_bytes()) == first
    assert brotli.decompress((folder / runtime.SPLIT_REST).read_bytes()) == rest
    assert (folder / "sha256").read_text() == hashlib.sha256(whole).hexdigest()

    # Made: the next build packs nothing.
    monkeypatch.setattr(runtime, "_packed", fail_on_the_rest)
    made = runtime._split_wasm(module, cache)
    assert made.pieces is None
    with ThreadPoolExecutor() as packer:
        assert runtime._store_parts(made, packer) == folder


def test_a_list_for_another_module_stops_the_build_before_any_packing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The split, which takes no packer, refuses the list and names `make wasm-list`.

    The build splits before it packs (on_pre_build), so after a Pyodide
    upgrade the message comes at once, not after a minute of packing.
    """
    runtime = load_hook("pyodide_runtime.py")
    module = tmp_path / "pyodide.asm.wasm"
    module.write_bytes(small_module(12))
    other = small_module(14)
    wasm_split.write_list(tmp_path / "list.txt", listing(other, {1, 13}), "made for another module")
    monkeypatch.setattr(runtime, "SPLIT_LIST", tmp_path / "list.txt")
    with pytest.raises(PluginError, match=r"cannot split pyodide\.asm\.wasm .*`make wasm-list`"):
        runtime._split_wasm(module, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
