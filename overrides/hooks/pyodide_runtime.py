"""MkDocs hook: ship the self-hosted Pyodide runtime and the scorer wheel.

The chooser page runs the scorer in the reader's browser. This hook puts what
that needs into the built site, and nothing from another host:

``assets/pyodide/<pyodide version>/``
    The runtime, copied from the pinned npm package (``node_modules/pyodide``):
    pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm. The version in the path
    keeps browser caches honest. The glue, pyodide.asm.mjs, is served with
    two changes: each signature's function-table wrapper is compiled once,
    and the symbol table's entries are made when first read
    (see ``pyodide_glue.py``).
``assets/pyodide/scorer-<hash>/``
    What the page loads on top: the scorer as a wheel (the package and its
    core metadata alone, see ``scorer_wheel_project.py``; its modules
    precompiled to bytecode by the runtime itself); a Pyodide lock file
    registering it (pyodide-build's ``pyodide lockfile add-wheels`` on the
    npm package's lock, trimmed to the scorer and its dependencies: none).
    The hash covers everything these and the standard library below are
    made from, so a browser never pairs a cached wheel with a newer lock
    (Pyodide checks the wheel's sha256).
``assets/pyodide/stdlib-<hash>/``
    The runtime's standard library (python_stdlib.zip) with the modules the
    chooser imports precompiled for Pyodide's Python, which cuts the start-up
    several-fold (see ``pyodide_precompile.py``). Built with the bundle, but
    served from a folder named after its own bytes: an edit to the scorer
    that imports nothing new leaves it where it was, so a returning reader's
    browser keeps it (the service worker carries it over, ``sw-chooser.js``).

A first visit downloads the two big files, the WebAssembly and the standard
library, packed: the standard library has a Brotli-compressed copy beside
it (``<name>.br``), and the WebAssembly comes in two packed parts
(``wasm_split.py``), which the chooser's worker unpacks as they arrive
with a WebAssembly Brotli
decoder (npm ``brotli-dec-wasm``, pinned), written into the site as an ES
module and its WebAssembly (``assets/pyodide/brotli-dec-wasm-<version>.mjs``
and ``.wasm``). GitHub Pages gzips on the fly and offers nothing stronger;
Brotli makes the two files 3.4 MB where Pages' gzip makes 4.5 MB. Once kept
for offline reading the plain files are used, so later visits unpack nothing.

The bundle is built once per hash into ``build/pyodide/`` and reused, so
``mkdocs serve`` (which watches ``scorer/``) rebuilds it only when the scorer
changed. Building it needs Node.js (the pinned runtime compiles the bytecode).
Builds that run at once (the tests run in two processes; ``make serve`` beside
``make test``) take turns at ``build/pyodide/`` under a lock file, so one
never replaces or prunes a bundle while another fills the cache. The first
build spends most of its time packing the WebAssembly's two parts
(``wasm_split.py``), each on a thread of its own (the Brotli encoder lets
go of Python's lock). No packed copy of the whole module is made: a start
again on the whole module splices the rest into the first part in the
browser, as a first visit does after its verdict (``runtime_files.js``).
Where the files are goes to the chooser hook and templates through
``config.extra["chooser_runtime"]``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import brotli  # type: ignore[import-untyped]  # no type information shipped
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from pyodide_glue import served_glue
from scorer_wheel_project import ProjectError, browser_pyproject, package_files, stage
from wasm_split import LIST as SPLIT_LIST
from wasm_split import SplitError, read_list, split

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# The glue, served with two changes (pyodide_glue.py).
GLUE = "pyodide.asm.mjs"
STDLIB = "python_stdlib.zip"
LOCK = "pyodide-lock.json"
SITE_DIR = "assets/pyodide"
PRECOMPILE = Path(__file__).with_name("pyodide_precompile.py")
WHEEL_PROJECT = Path(__file__).with_name("scorer_wheel_project.py")
# What a first visit downloads packed, as "<name><PACKED_SUFFIX>" beside the file.
PACKED = ("pyodide.asm.wasm", STDLIB)
PACKED_SUFFIX = ".br"
# The Brotli decoder (npm package): its ES module (wasm-bindgen's glue, which
# exports BrotliDecStream and, as default, the function that loads the
# WebAssembly) and its WebAssembly, written into the site as
# "<package>-<version>.mjs" and "<package>-<version>.wasm" (decoderWasm in
# runtime_files.js finds the one beside the other).
DECODER_PACKAGE = "brotli-dec-wasm"
DECODER_MODULE = "pkg/brotli_dec_wasm.js"
DECODER_WASM = "pkg/brotli_dec_wasm_bg.wasm"
# The WebAssembly split in two for a first visit (wasm_split.py), both parts
# packed, in a folder named after what they are made from.
SPLIT_FIRST = f"pyodide.asm.first.wasm{PACKED_SUFFIX}"
SPLIT_REST = f"pyodide.asm.rest{PACKED_SUFFIX}"
SPLIT_CODE = Path(__file__).with_name("wasm_split.py")

# Node driver for pyodide_precompile.py: start the pinned runtime with the
# scorer installed from the new lock, and run main(source, target).
PRECOMPILE_DRIVER = """
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
const [runtime, lock, packageName, script, source, target, wheel] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(runtime, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: runtime, lockFileURL: lock, packages: [packageName], stdout: () => {},
});
pyodide.FS.writeFile("/tmp/source.zip", readFileSync(source));
pyodide.FS.writeFile("/tmp/source.whl", readFileSync(wheel));
pyodide.runPython(readFileSync(script, "utf8"));
const { main, compile_wheel } = Object.fromEntries(
  ["main", "compile_wheel"].map((name) => [name, pyodide.globals.get(name)]),
);
console.log(main("/tmp/source.zip", "/tmp/target.zip"));
console.log(compile_wheel("/tmp/source.whl", "/tmp/target.whl", packageName));
writeFileSync(target, pyodide.FS.readFile("/tmp/target.zip"));
writeFileSync(wheel, pyodide.FS.readFile("/tmp/target.whl"));
"""


def on_pre_build(config: MkDocsConfig) -> None:
    """Check the pinned runtime; build (or reuse) the scorer bundle."""
    # The project folder is docs/'s parent (the offline copy's config is elsewhere).
    site_root = Path(config.docs_dir).parent
    runtime = _runtime_dir(site_root)
    version = json.loads((runtime / "package.json").read_text(encoding="utf-8"))["version"]
    # The scorer's project is wherever the scorer package really lives (a
    # test may build a copy of the site whose scorer/ is a link).
    root = (site_root / "scorer").resolve().parent
    package = _dist_name(root)
    cache = root / "build" / "pyodide"
    bundle = cache / f"scorer-{_content_key(root, runtime)}"
    glue = cache / f"runtime-{version}" / GLUE
    wasm = runtime / "pyodide.asm.wasm"
    # Packing the WebAssembly's two parts is most of a first build's time
    # (Brotli at its strongest): a thread to each core, up to one a part.
    # The split comes first, so that a list made for another module stops
    # the build at once, not after the packing.
    with _cache_turn(cache), ThreadPoolExecutor(min(2, os.cpu_count() or 1)) as packer:
        parts = _split_wasm(wasm, cache / f"runtime-{version}")
        if not (bundle / LOCK).is_file():
            _build_bundle(root, runtime, package, bundle)
            _prune_bundles(bundle)
        wasm_split = _store_parts(parts, packer)
        _write_glue(runtime / GLUE, glue)
    decoder = _decoder(site_root)
    runtime_sources = {name: glue if name == GLUE else runtime / name for name in RUNTIME_FILES}
    stdlib_folder = f"stdlib-{hashlib.sha256((bundle / STDLIB).read_bytes()).hexdigest()[:12]}"
    # Where each of the bundle's files goes, under SITE_DIR.
    bundle_files = {
        f"{stdlib_folder if path.name.startswith(STDLIB) else bundle.name}/{path.name}": path
        for path in sorted(bundle.iterdir())
    }
    split_folder = f"{SITE_DIR}/{wasm_split.name}"
    files = {
        **runtime_sources,
        SPLIT_FIRST: wasm_split / SPLIT_FIRST,
        SPLIT_REST: wasm_split / SPLIT_REST,
        **{path.name: path for path in bundle_files.values()},
    }
    config.extra["chooser_runtime"] = {
        "version": version,
        "package": package,
        "runtime": f"{SITE_DIR}/{version}/",
        "lock": f"{SITE_DIR}/{bundle.name}/{LOCK}",
        "stdlib": f"{SITE_DIR}/{stdlib_folder}/{STDLIB}",
        # Named for the page's preload hints: Pyodide reads it from the lock.
        "wheel": f"{SITE_DIR}/{bundle.name}/{_wheel_in(bundle).name}",
        # The packed files' suffix, and the module that unpacks them.
        "packed_suffix": PACKED_SUFFIX,
        "decoder": f"{SITE_DIR}/{decoder['module']}",
        # A first visit's WebAssembly, in two parts (wasm_split.py), and the
        # SHA-256 of the whole module they make together.
        "wasm_first": f"{split_folder}/{SPLIT_FIRST}",
        "wasm_rest": f"{split_folder}/{SPLIT_REST}",
        "wasm_sha256": (wasm_split / "sha256").read_text(encoding="ascii").strip(),
        # What a first visit downloads before Python starts (progress bar total).
        "download_bytes": files[SPLIT_FIRST].stat().st_size
        + files[STDLIB + PACKED_SUFFIX].stat().st_size,
        "_runtime_sources": {name: str(path) for name, path in runtime_sources.items()},
        "_bundle_files": {target: str(source) for target, source in bundle_files.items()},
        "_wasm_split": str(wasm_split),
        "_decoder": decoder,
        "_sizes": {name: path.stat().st_size for name, path in files.items()},
    }


def on_post_build(config: MkDocsConfig) -> None:
    """Copy the runtime files, the scorer bundle and the stdlib into the built site."""
    info: dict[str, Any] = config.extra["chooser_runtime"]
    site = Path(config.site_dir)
    runtime_target = site / info["runtime"]
    runtime_target.mkdir(parents=True, exist_ok=True)
    for name, source in info["_runtime_sources"].items():
        _copy_if_changed(Path(source), runtime_target / name)
    wasm_split = Path(info["_wasm_split"])
    split_target = site / SITE_DIR / wasm_split.name
    split_target.mkdir(parents=True, exist_ok=True)
    for name in (SPLIT_FIRST, SPLIT_REST):
        _copy_if_changed(wasm_split / name, split_target / name)
    for name, source in info["_decoder"]["sources"].items():
        _copy_if_changed(Path(source), site / SITE_DIR / name)
    for target, source in info["_bundle_files"].items():
        (site / SITE_DIR / target).parent.mkdir(parents=True, exist_ok=True)
        _copy_if_changed(Path(source), site / SITE_DIR / target)
    sizes: dict[str, int] = info["_sizes"]
    log.info(
        "chooser runtime: %.1f MB in %s files (Pyodide %s): %s",
        sum(sizes.values()) / 1e6,
        len(sizes),
        info["version"],
        ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in sizes.items()),
    )


@contextmanager
def _cache_turn(cache: Path) -> Iterator[None]:
    """Hold ``cache`` for this build alone while it checks and fills it.

    Another build that gets there first has the lock file until it is done;
    this one waits, then finds what that one made.
    """
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _runtime_dir(root: Path) -> Path:
    runtime = root / "node_modules" / "pyodide"
    needed = (*RUNTIME_FILES, STDLIB, LOCK, "package.json")
    missing = [name for name in needed if not (runtime / name).is_file()]
    if missing:
        raise PluginError(
            f"pyodide_runtime: the Pyodide runtime is missing from {runtime} "
            f"({', '.join(missing)}): run `make setup` (npm ci) first."
        )
    return runtime


def _dist_name(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as file:
        name: str = tomllib.load(file)["project"]["name"]
    return name


def _content_key(root: Path, runtime: Path) -> str:
    """Hash of everything the bundle is made from (12 hex digits).

    The scorer's package and the wheel's own metadata, not the whole of
    pyproject.toml or the README (``scorer_wheel_project.py``): an edit to
    those leaves the bundle, and the readers' caches kept under its URL, as
    they were.
    """
    inputs = [(p.relative_to(root).as_posix(), p.read_bytes()) for p in package_files(root)]
    inputs.append(("pyproject.toml (the wheel's)", _wheel_project(root).encode()))
    inputs += [(f"pyodide/{name}", (runtime / name).read_bytes()) for name in (LOCK, STDLIB)]
    inputs.append(("pyodide/package.json", (runtime / "package.json").read_bytes()))
    hooks = (("precompile", PRECOMPILE), ("runtime", Path(__file__)), ("wheel", WHEEL_PROJECT))
    inputs += [(f"hooks/{name}", path.read_bytes()) for name, path in hooks]
    digest = hashlib.sha256()
    for label, data in inputs:
        digest.update(label.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:12]


def _wheel_project(root: Path) -> str:
    try:
        return browser_pyproject(root)
    except ProjectError as error:
        raise PluginError(f"pyodide_runtime: {error}") from error


def _build_bundle(root: Path, runtime: Path, package: str, bundle: Path) -> None:
    """Build the wheel, its trimmed lock and the precompiled stdlib into ``bundle``."""
    bundle.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=bundle.parent, prefix=".tmp-") as tmp:
        # The wheel's staged project beside the bundle being made, not in it.
        project, work = Path(tmp) / "project", Path(tmp) / "bundle"
        project.mkdir()
        work.mkdir()
        stage(root, project)
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
        wheel_options = ["--no-deps", "--no-build-isolation", "--wheel-dir", str(work)]
        _run([*pip, "wheel", *wheel_options, str(project)], root, "building the scorer wheel")
        wheel = _wheel_in(work)

        imports = _register(wheel, runtime, package, work)["packages"][package]["imports"]

        # Pyodide installs the source wheel, warms the scorer up, then writes
        # the trimmed stdlib and the wheel again, both precompiled.
        driver = work / "precompile.mjs"
        driver.write_text(PRECOMPILE_DRIVER, encoding="utf-8")
        precompile = [_node(), str(driver), f"{runtime}/", str(work / LOCK), package]
        summary = _run(
            [*precompile, str(PRECOMPILE), str(runtime / STDLIB), str(work / STDLIB), str(wheel)],
            work,
            "precompiling the standard library and the scorer in Pyodide (Node.js)",
        )
        driver.unlink()
        _register(wheel, runtime, package, work, imports)  # the lock holds the wheel's sha256
        _pack(work / STDLIB, work / f"{STDLIB}{PACKED_SUFFIX}")

        if bundle.exists():  # a half-written bundle from an interrupted build
            shutil.rmtree(bundle)
        os.replace(work, bundle)
    summary = "; ".join(line for line in summary.splitlines() if line.strip())
    log.info("pyodide_runtime: built %s (%s)", bundle.relative_to(root), summary)


def _register(
    wheel: Path, runtime: Path, package: str, work: Path, imports: list[str] | None = None
) -> dict[str, Any]:
    """Write ``work``/pyodide-lock.json: the runtime's lock with ``wheel`` added, trimmed.

    ``add-wheels`` finds a wheel's import names among its ``.py`` files; for
    the precompiled wheel, which has none, ``imports`` gives them.
    """
    full_lock = work / "full-lock.json"
    add_wheels = [_pyodide_cli(), "lockfile", "add-wheels"]
    lock_options = ["--input", str(runtime / LOCK), "--output", str(full_lock)]
    _run([*add_wheels, *lock_options, str(wheel)], work, "registering the wheel in a lock")
    lock = _trim_lock(json.loads(full_lock.read_text(encoding="utf-8")), package)
    if lock["packages"][package]["file_name"] != wheel.name:
        raise PluginError(f"pyodide_runtime: unexpected lock entry for {package}: {lock}")
    if imports is not None:
        lock["packages"][package]["imports"] = imports
    full_lock.unlink()
    (work / LOCK).write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    return lock


class _SplitParts(NamedTuple):
    """The WebAssembly's two parts (``_split_wasm``), for ``_store_parts`` to pack."""

    folder: Path  # where they go: named ``wasm-<hash>``
    pieces: tuple[bytes, bytes] | None  # the first part and the rest; None: packed already
    sha256: str  # the whole module's


def _split_wasm(wasm: Path, cache: Path) -> _SplitParts:
    """The WebAssembly split in two for a first visit, unless its folder is made already.

    The folder is named ``wasm-<hash>`` after the module, the list of kept
    functions and the code that splits it, so a browser never pairs one
    part with another build's other part. A list that does not fit the
    module (one made for another release) fails here, before any packing.
    """
    whole = wasm.read_bytes()
    sha256 = hashlib.sha256(whole)
    digest = hashlib.sha256(sha256.digest())
    for part in (SPLIT_LIST.read_bytes(), SPLIT_CODE.read_bytes()):
        digest.update(hashlib.sha256(part).digest())
    folder = cache / f"wasm-{digest.hexdigest()[:12]}"
    if (folder / "sha256").is_file():
        return _SplitParts(folder, None, sha256.hexdigest())
    try:
        return _SplitParts(folder, split(whole, read_list(SPLIT_LIST)), sha256.hexdigest())
    except SplitError as error:
        raise PluginError(
            f"pyodide_runtime: cannot split {wasm.name} with {SPLIT_LIST.name}: {error}. "
            "After a Pyodide upgrade, run `make wasm-list` to list its functions again."
        ) from error


def _store_parts(parts: _SplitParts, packer: Executor) -> Path:
    """The folder holding the two parts packed (made once, then reused); ``packer`` packs them.

    It also holds ``sha256``: the whole module's, written last, once both
    parts are, so a folder whose packing failed is packed again next time.
    """
    if parts.pieces is None:
        return parts.folder
    packed = packer.map(_packed, parts.pieces)
    for name, data in zip((SPLIT_FIRST, SPLIT_REST), packed, strict=True):
        _replace_file(parts.folder / name, data)
    for old in parts.folder.parent.glob("wasm-*"):
        if old != parts.folder:
            shutil.rmtree(old, ignore_errors=True)
    _replace_file(parts.folder / "sha256", parts.sha256.encode("ascii"))
    return parts.folder


def _write_glue(source: Path, target: Path) -> None:
    """Write Pyodide's glue as the site serves it (``pyodide_glue.py``) to ``target``.

    Rewritten only when its text changes, so that its modification time,
    which ``_copy_if_changed`` compares, stays put between builds.
    """
    served = served_glue(source.read_text(encoding="utf-8"), str(source))
    if target.is_file() and target.read_text(encoding="utf-8") == served:
        return
    _replace_file(target, served.encode("utf-8"))


def _pack(source: Path, target: Path) -> None:
    """Write ``source`` Brotli-compressed to ``target`` (atomically).

    Quality 11, the strongest, with the largest window the format allows
    without its large-window extension (16 MiB, which holds the whole of
    either file), so the decoder in the browser needs nothing beyond the
    standard format. Brotli carries no checksum: its stream's end marker
    tells a file cut short, and HTTPS guards what arrives.
    """
    _replace_file(target, _packed(source.read_bytes()))


def _packed(data: bytes) -> bytes:
    """``data`` compressed as ``_pack`` writes it."""
    packed: bytes = brotli.compress(data, quality=11, lgwin=24)
    return packed


def _replace_file(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically: beside it first, then moved over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)


def _decoder(root: Path) -> dict[str, Any]:
    """The Brotli decoder: its module's file name in the site, and each file's source.

    Both files are named with the package's version, so a browser never pairs
    a cached module with another version's WebAssembly.
    """
    package = root / "node_modules" / DECODER_PACKAGE
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, KeyError, ValueError) as error:
        raise PluginError(
            f"pyodide_runtime: the Brotli decoder is missing from {package} ({error}): "
            "run `make setup` (npm ci) first."
        ) from error
    name = f"{DECODER_PACKAGE}-{version}"
    sources = {f"{name}.mjs": package / DECODER_MODULE, f"{name}.wasm": package / DECODER_WASM}
    missing = [str(path) for path in sources.values() if not path.is_file()]
    if missing:
        raise PluginError(
            f"pyodide_runtime: the Brotli decoder is incomplete ({', '.join(missing)} missing): "
            "run `make setup` (npm ci) first."
        )
    return {"module": f"{name}.mjs", "sources": {k: str(v) for k, v in sources.items()}}


def _prune_bundles(current: Path, keep: int = 3) -> None:
    """Remove all but the ``keep`` newest bundles (``mkdocs serve`` makes one per edit)."""
    bundles = sorted(
        (p for p in current.parent.glob("scorer-*") if p.is_dir() and p != current),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in bundles[keep - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _trim_lock(lock: dict[str, Any], package: str) -> dict[str, Any]:
    """Keep only ``package`` and what it depends on (the page loads nothing else)."""
    packages: dict[str, Any] = lock["packages"]
    if package not in packages:
        raise PluginError(f"pyodide_runtime: {package} is missing from the lock file")
    keep: dict[str, Any] = {}
    todo = [package]
    while todo:
        name = todo.pop()
        if name not in keep:
            keep[name] = packages[name]
            todo.extend(packages[name]["depends"])
    return {**lock, "packages": dict(sorted(keep.items()))}


def _wheel_in(folder: Path) -> Path:
    wheels = sorted(folder.glob("*.whl"))
    if len(wheels) != 1:
        raise PluginError(f"pyodide_runtime: expected one wheel in {folder}, found {wheels}")
    return wheels[0]


def _pyodide_cli() -> str:
    beside = Path(sys.executable).parent / "pyodide"
    found = str(beside) if beside.exists() else shutil.which("pyodide")
    if not found:
        raise PluginError(
            "pyodide_runtime: the `pyodide` command (pyodide-build) is missing: run `make setup`."
        )
    return found


def _node() -> str:
    found = shutil.which("node")
    if not found:
        raise PluginError(
            "pyodide_runtime: Node.js (`node`) is needed to build the chooser's runtime bundle."
        )
    return found


def _run(command: list[str], cwd: Path, what: str) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(
            f"pyodide_runtime: {what} failed (exit {result.returncode}):\n"
            f"$ {' '.join(command)}\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def _copy_if_changed(source: Path, target: Path) -> None:
    """Copy a file unless an identical copy (size and mtime) is already there."""
    if target.is_file():
        old, new = target.stat(), source.stat()
        if old.st_size == new.st_size and int(old.st_mtime) == int(new.st_mtime):
            return
    shutil.copy2(source, target)
