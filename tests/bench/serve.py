"""A static server for the benchmark that compresses like GitHub Pages.

GitHub Pages gzips text, scripts, JSON and WebAssembly on the fly (no brotli,
no precompressed files) and lets browsers cache every file for ten minutes
(``Cache-Control: max-age=600``). This server does the same from memory, so
transfer sizes and warm visits match what readers get, and gzip costs no time
per request (each file is compressed once). It also counts the bytes it sends,
per request, so a benchmark can add up what one page load transferred.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from tests.conftest import serving

# Content types served gzipped (what Pages compresses); zip, wheel, PNG are not.
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/wasm",
    "image/svg+xml",
    "application/xml",
)
TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    # Pages types files by their last suffix: a packed runtime file (Brotli,
    # a suffix Pages has no type for) is not wasm, and not compressed again.
    ".br": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}
MAX_AGE = 600  # seconds, as GitHub Pages sends


@dataclass
class Transfer:
    """Bytes sent per request path since the last ``reset()``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: list[tuple[str, int]] = field(default_factory=list)

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size))

    def reset(self) -> None:
        with self.lock:
            self.sent.clear()

    def snapshot(self) -> list[tuple[str, int]]:
        with self.lock:
            return list(self.sent)


class _Handler(BaseHTTPRequestHandler):
    root: ClassVar[Path]
    transfer: ClassVar[Transfer]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if self.root not in target.parents and target != self.root:
            self._send_error(403)
            return
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            self._send_error(404)
            return
        raw, packed, ctype, modified = _load(target)
        use_gzip = packed is not None and "gzip" in self.headers.get("Accept-Encoding", "")
        body = packed if use_gzip and packed is not None else raw
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("Last-Modified", modified)
        if packed is not None:
            self.send_header("Vary", "Accept-Encoding")
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.transfer.add(path, len(body))

    def _send_error(self, code: int) -> None:
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()


# Files as served: (raw, gzipped or None, content type, Last-Modified), by
# path, size and modification time (a rebuild that changes a file misses).
_Served = tuple[bytes, bytes | None, str, str]
_CACHE: dict[tuple[Path, int, int], _Served] = {}
_CACHE_LOCK = threading.Lock()


def _load(target: Path) -> _Served:
    stat = target.stat()
    key = (target, stat.st_size, stat.st_mtime_ns)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is not None:
        return found
    raw = target.read_bytes()
    ctype = TYPES.get(target.suffix) or (
        mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    )
    if ctype.startswith("text/") or ctype.endswith("json"):
        ctype += "; charset=utf-8"
    packed = None
    if ctype.startswith(COMPRESSED_TYPES):
        packed = gzip.compress(raw, compresslevel=6, mtime=0)
    served = (raw, packed, ctype, formatdate(stat.st_mtime, usegmt=True))
    with _CACHE_LOCK:
        _CACHE[key] = served
    return served


def precompress(root: Path) -> int:
    """Load and gzip every file under ``root`` ahead of the first request; return the count.

    GitHub Pages answers from a CDN cache, already compressed: without this,
    the first request for the 9.6 MB WebAssembly would wait while this
    server gzipped it (about half a second), and only in the first run.
    """
    files = [path for path in root.resolve().rglob("*") if path.is_file()]
    for path in files:
        _load(path)
    return len(files)


@contextmanager
def pages_server(root: Path) -> Iterator[tuple[int, Transfer]]:
    """Serve ``root`` on 127.0.0.1 like GitHub Pages; yields (port, transfer counter)."""
    transfer = Transfer()
    handler = type(
        "PagesHandler",
        (_Handler,),
        {
            "root": root.resolve(),
            "transfer": transfer,
        },
    )
    with serving(handler) as server:
        yield server.server_address[1], transfer


def gzip_size(data: bytes) -> int:
    """Size of ``data`` gzipped as this server sends it."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))
