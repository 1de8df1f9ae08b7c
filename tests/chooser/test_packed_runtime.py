"""The runtime's big files as a first visit downloads them: packed with Brotli.

The runtime hook writes ``<file>.br`` beside the WebAssembly and the
standard library, and the Brotli decoder (an ES module and its WebAssembly);
the chooser's worker unpacks them in the browser (runtime_files.js). These
check the packed copies against the files beside them, in Python and
through the shipped decoder and the worker's own unpacking stream in
Node.js, that a damaged copy fails with a message, and that they are what
makes the download smaller.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import brotli  # type: ignore[import-untyped]  # no type information shipped
import pytest

from tests.chooser.runtime_files import DECODER, DECODER_WASM, node_module_output

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

# Packed files, relative to assets/pyodide/ (the stdlib's folder is named after its bytes).
# The plain files with a packed copy beside them; the WebAssembly is packed
# in two parts instead (wasm_split.py, test_wasm_split.py).
PACKED = ("stdlib-*/python_stdlib.zip",)
WASM_PARTS = ("wasm-*/pyodide.asm.first.wasm.br", "wasm-*/pyodide.asm.rest.br")

# Unpack a file as the worker does (runtime_files.js's unpackStream, with the
# decoder module and WebAssembly as the site ships them), after spoiling it
# as the last argument says; print the sha256 of what came out, or the error.
UNPACK_IN_NODE = """
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [decoderPath, runtimeFiles, packed, spoil] = process.argv.slice(1);
const { decoderWasm, unpackStream } = await import(pathToFileURL(runtimeFiles).href);
const decoder = await import(pathToFileURL(decoderPath).href);
await decoder.default({ module_or_path: readFileSync(decoderWasm(decoderPath)) });
let bytes = readFileSync(packed);
if (spoil === "cut") bytes = bytes.subarray(0, bytes.length - 1000);
if (spoil === "trailing") bytes = Buffer.concat([bytes, Buffer.from("more")]);
if (spoil === "not-brotli") bytes = Buffer.from("<html>Not found</html>");
const hash = createHash("sha256");
try {
  for await (const chunk of unpackStream(new Blob([bytes]).stream(), decoder)) hash.update(chunk);
  console.log(hash.digest("hex"));
} catch (error) {
  console.log(`error: ${error.message}`);
}
"""


def packed_files(site_dir: Path) -> list[tuple[Path, Path]]:
    """(plain, packed) pairs in the built site."""
    runtime = site_dir / "assets" / "pyodide"
    pairs = []
    for pattern in PACKED:
        (plain,) = sorted(runtime.glob(pattern))
        pairs.append((plain, plain.with_name(plain.name + ".br")))
    return pairs


def wasm_parts(site_dir: Path) -> list[Path]:
    """The WebAssembly's two packed parts in the built site: the first, the rest."""
    runtime = site_dir / "assets" / "pyodide"
    parts = []
    for pattern in WASM_PARTS:
        (part,) = sorted(runtime.glob(pattern))
        parts.append(part)
    return parts


def decoder_module(site_dir: Path) -> Path:
    (found,) = sorted((site_dir / "assets" / "pyodide").glob("brotli-dec-wasm-*.mjs"))
    return found


def unpack_in_node(site_dir: Path, packed: Path, spoil: str = "") -> str:
    """What UNPACK_IN_NODE prints for ``packed``: a sha256, or ``error: ...``."""
    runtime_files = site_dir / "assets" / "javascripts" / "chooser" / "runtime_files.js"
    arguments = [str(decoder_module(site_dir)), str(runtime_files), str(packed), spoil]
    return node_module_output(UNPACK_IN_NODE, *arguments)


def test_each_packed_file_unpacks_to_the_file_beside_it(built_site: BuiltSite) -> None:
    for plain, packed in packed_files(built_site.site_dir):
        assert packed.is_file(), f"{packed.name} is missing beside {plain}"
        assert brotli.decompress(packed.read_bytes()) == plain.read_bytes()


def test_packed_the_first_download_is_a_fifth_smaller_than_gzip(built_site: BuiltSite) -> None:
    """GitHub Pages gzips the plain files on the fly (level 6 here, as the
    benchmark's server does); the packed copies, with the decoder that
    unpacks them (itself gzipped), must beat that by far, or unpacking in the
    browser is not worth its time. (Pyodide 314.0.8, 4 December 2026: 3.53
    against 4.46 MB, of which the decoder 0.10 MB.)"""
    site_dir = built_site.site_dir
    decoder = decoder_module(site_dir)
    packed = sum(
        len(gzip.compress(path.read_bytes(), compresslevel=6))
        for path in (decoder, decoder.with_suffix(".wasm"))
    )
    gzipped = 0
    for plain, packed_file in packed_files(site_dir):
        packed += packed_file.stat().st_size
        gzipped += len(gzip.compress(plain.read_bytes(), compresslevel=6))
    packed += sum(part.stat().st_size for part in wasm_parts(site_dir))
    (wasm,) = sorted((site_dir / "assets" / "pyodide").glob("*/pyodide.asm.wasm"))
    gzipped += len(gzip.compress(wasm.read_bytes(), compresslevel=6))
    assert packed < 0.8 * gzipped, (packed, gzipped)


def test_the_stdlib_is_stored_for_brotli_to_compress_across_files(built_site: BuiltSite) -> None:
    ((stdlib, _),) = packed_files(built_site.site_dir)
    with zipfile.ZipFile(stdlib) as archive:
        deflated = [i.filename for i in archive.infolist() if i.compress_type != zipfile.ZIP_STORED]
    assert deflated == []


def test_the_shipped_decoder_unpacks_each_file_in_node(built_site: BuiltSite) -> None:
    site_dir = built_site.site_dir
    assert decoder_module(site_dir).name == DECODER
    assert (site_dir / "assets" / "pyodide" / DECODER_WASM).is_file()
    for plain, packed in packed_files(site_dir):
        expected = hashlib.sha256(plain.read_bytes()).hexdigest()
        assert unpack_in_node(site_dir, packed) == expected, plain.name
    for part in wasm_parts(site_dir):
        expected = hashlib.sha256(brotli.decompress(part.read_bytes())).hexdigest()
        assert unpack_in_node(site_dir, part) == expected, part.name


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("cut", "error: it ends before its data does"),
        ("trailing", "error: it goes on after its end"),
        ("not-brotli", "error: Brotli streaming decompress failed"),
    ],
)
def test_a_spoilt_packed_file_fails_to_unpack(
    built_site: BuiltSite, spoil: str, message: str
) -> None:
    """Brotli has no checksum: a file cut short is caught by its missing end
    marker, and the unpacking stream must say so, not hand Pyodide less."""
    ((_, stdlib),) = packed_files(built_site.site_dir)
    assert unpack_in_node(built_site.site_dir, stdlib, spoil).startswith(message)


def test_the_chooser_names_the_decoder_and_the_suffix(built_site: BuiltSite) -> None:
    html = (built_site.site_dir / "chooser" / "index.html").read_text(encoding="utf-8")
    decoder = decoder_module(built_site.site_dir)
    assert f'data-decoder="assets/pyodide/{decoder.name}"' in html
    assert 'data-packed-suffix=".br"' in html


# A modulepreload hint in the chooser's head; group 1: the module, under assets/javascripts/.
MODULE_HINT = re.compile(r'rel="modulepreload" href="[./]*assets/javascripts/([^"]+)"')


# A module's static imports; with DYNAMIC_IMPORT, also those it imports when it runs.
STATIC_IMPORT = re.compile(r'^import .* from "(\.[^"]+)";$', re.MULTILINE)
DYNAMIC_IMPORT = re.compile(r'import\("(\.[^"]+)"\)')


def preload_imports(site_dir: Path, dynamic: bool = False) -> set[str]:
    """Every module preload.js imports, and theirs, under assets/javascripts/:
    static imports, and with ``dynamic`` those imported by ``import()`` too."""
    scripts = site_dir / "assets" / "javascripts"
    patterns = [STATIC_IMPORT, DYNAMIC_IMPORT] if dynamic else [STATIC_IMPORT]
    todo, imported = ["chooser/preload.js"], set()
    while todo:
        module = scripts / todo.pop()
        text = module.read_text()
        for name in (name for pattern in patterns for name in pattern.findall(text)):
            path = (module.parent / name).resolve().relative_to(scripts.resolve()).as_posix()
            if path not in imported:
                imported.add(path)
                todo.append(path)
    return imported


def test_every_module_the_head_script_imports_is_preloaded(built_site: BuiltSite) -> None:
    """preload.js starts the downloads and the Python worker; each module it
    imports, and theirs, that the page does not name in a modulepreload hint
    costs a round trip before it can run (165 ms each on Fast 4G). engine.js,
    imported when preload.js runs, counts too."""
    html = (built_site.site_dir / "chooser" / "index.html").read_text(encoding="utf-8")
    preloaded = set(MODULE_HINT.findall(html))
    imported = preload_imports(built_site.site_dir, dynamic=True)
    assert "chooser/engine.js" in imported
    assert imported <= preloaded, sorted(imported - preloaded)


def test_the_early_start_comes_before_the_stylesheets(built_site: BuiltSite) -> None:
    """The parser waits at the theme's first inline script until the
    stylesheets before it have loaded: preload.js and the modules it imports,
    if they came after, would be asked for a round trip later."""
    html = (built_site.site_dir / "chooser" / "index.html").read_text(encoding="utf-8")
    imported = preload_imports(built_site.site_dir)
    hints = [m.start() for m in MODULE_HINT.finditer(html) if m.group(1) in imported]
    early = [html.index("chooser/preload.js"), *hints]
    # The stylesheets: written into the page (extra.inline_styles) or linked.
    styles = [i for i in (html.find("<style>"), html.find('rel="stylesheet"')) if i >= 0]
    blocking = min(*styles, html.index("<script>"))
    assert len(hints) == len(imported)
    assert max(early) < blocking, "preload.js or a module it imports comes after the stylesheets"
