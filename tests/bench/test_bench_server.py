"""The local servers stay quiet when a browser hangs up, and only then.

Chromium drops connections when the benchmark or a test closes a browser
context; `make bench` used to print a ConnectionResetError traceback for it
in the middle of its figures.
"""

from __future__ import annotations

import socket
import struct
import time
import urllib.request
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.bench.serve import pages_server
from tests.conftest import serving


def _hang_up_mid_request(port: int) -> None:
    """Send half a request, then reset the connection (no orderly close)."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_a_browser_hanging_up_prints_nothing_and_the_server_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "index.html").write_text("<p>still here</p>")
    with pages_server(tmp_path) as (port, _transfer):
        for _ in range(3):
            _hang_up_mid_request(port)
        time.sleep(0.3)  # the handler threads meet the reset
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.read() == b"<p>still here</p>"
    assert capsys.readouterr().err == ""


class _Broken(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        raise ValueError("a real fault in a handler")

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def test_any_other_error_is_still_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with serving(_Broken) as server:
        port = server.server_address[1]
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        time.sleep(0.2)
    err = capsys.readouterr().err
    assert "ValueError: a real fault in a handler" in err
