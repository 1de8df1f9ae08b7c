"""The runtime's big files as a first visit downloads them: packed with xz.

The runtime hook writes ``<file>.xz`` beside the WebAssembly and the
standard library, and the xz decoder as an ES module; the chooser's worker
unpacks them in the browser (runtime_files.js). These check the packed
copies against the files beside them, in Python and through the shipped
decoder in Node.js, and that they are what makes the download smaller.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import lzma
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Packed files, relative to assets/pyodide/ (the stdlib's folder is the bundle's).
PACKED = ("*/pyodide.asm.wasm", "scorer-*/python_stdlib.zip")
# The xz decoder the runtime hook writes into the site, named with its npm version.
DECODER = "xz-decompress-{}.mjs".format(
    json.loads(
        (ROOT / "node_modules" / "xz-decompress" / "package.json").read_text(encoding="utf-8")
    )["version"]
)

# Unpack a file with the decoder module as the site ships it; print its sha256.
UNPACK_IN_NODE = """
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [decoder, packed] = process.argv.slice(1);
const { XzReadableStream } = await import(pathToFileURL(decoder).href);
const stream = new XzReadableStream(new Blob([readFileSync(packed)]).stream());
const hash = createHash("sha256");
for await (const chunk of stream) hash.update(chunk);
console.log(hash.digest("hex"));
"""


def packed_files(site_dir: Path) -> list[tuple[Path, Path]]:
    """(plain, packed) pairs in the built site."""
    runtime = site_dir / "assets" / "pyodide"
    pairs = []
    for pattern in PACKED:
        (plain,) = sorted(runtime.glob(pattern))
        pairs.append((plain, plain.with_name(plain.name + ".xz")))
    return pairs


def decoder_module(site_dir: Path) -> Path:
    (found,) = sorted((site_dir / "assets" / "pyodide").glob("xz-decompress-*.mjs"))
    return found


def test_each_packed_file_unpacks_to_the_file_beside_it(built_site) -> None:
    for plain, packed in packed_files(built_site.site_dir):
        assert packed.is_file(), f"{packed.name} is missing beside {plain}"
        # lzma checks the stream's CRC32 as it unpacks.
        assert lzma.decompress(packed.read_bytes(), format=lzma.FORMAT_XZ) == plain.read_bytes()


def test_packed_the_first_download_is_a_quarter_smaller_than_gzip(built_site) -> None:
    """GitHub Pages gzips the plain files on the fly (level 6 here, as the
    benchmark's server does); the packed copies must beat that by far, or
    unpacking in the browser is not worth its time."""
    packed = gzipped = 0
    for plain, packed_file in packed_files(built_site.site_dir):
        packed += packed_file.stat().st_size
        gzipped += len(gzip.compress(plain.read_bytes(), compresslevel=6))
    assert packed < 0.75 * gzipped, (packed, gzipped)


def test_the_stdlib_is_stored_for_xz_to_compress_across_files(built_site) -> None:
    (_, (stdlib, _)) = packed_files(built_site.site_dir)
    with zipfile.ZipFile(stdlib) as archive:
        deflated = [i.filename for i in archive.infolist() if i.compress_type != zipfile.ZIP_STORED]
    assert deflated == []


def test_the_shipped_decoder_unpacks_each_file_in_node(built_site) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed (it builds the site too)")
    decoder = decoder_module(built_site.site_dir)
    assert decoder.name == DECODER
    for plain, packed in packed_files(built_site.site_dir):
        result = subprocess.run(
            [node, "--input-type=module", "-e", UNPACK_IN_NODE, str(decoder), str(packed)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == hashlib.sha256(plain.read_bytes()).hexdigest(), plain.name


def test_the_chooser_names_the_decoder_and_the_suffix(built_site) -> None:
    html = (built_site.site_dir / "chooser" / "index.html").read_text(encoding="utf-8")
    decoder = decoder_module(built_site.site_dir)
    assert f'data-decoder="assets/pyodide/{decoder.name}"' in html
    assert 'data-packed-suffix=".xz"' in html


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


def test_every_module_the_head_script_imports_is_preloaded(built_site) -> None:
    """preload.js starts the downloads and the Python worker; each module it
    imports, and theirs, that the page does not name in a modulepreload hint
    costs a round trip before it can run (165 ms each on Fast 4G). engine.js,
    imported when preload.js runs, counts too."""
    html = (built_site.site_dir / "chooser" / "index.html").read_text(encoding="utf-8")
    preloaded = set(MODULE_HINT.findall(html))
    imported = preload_imports(built_site.site_dir, dynamic=True)
    assert "chooser/engine.js" in imported
    assert imported <= preloaded, sorted(imported - preloaded)


def test_the_early_start_comes_before_the_stylesheets(built_site) -> None:
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
