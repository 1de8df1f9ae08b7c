"""Social card layout and rendering: text fits the card, the PNG is 1200x630, no system fonts."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import load_hook

render = load_hook("social_card_render.py")

LONG = (
    "How Node.js and Flask behave under I/O-bound and CPU-bound load, what worker_threads, "
    "Gunicorn workers and async views change, and why we print no benchmark. " * 3
)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_wrap_keeps_every_line_inside_the_width_and_cuts_with_an_ellipsis() -> None:
    lines = render.wrap(LONG, 32, 1040, 3)
    assert len(lines) == 3
    assert all(render.text_width(line, 32) <= 1040 for line in lines)
    assert lines[-1].endswith("…")
    assert render.wrap("Short", 32, 1040, 3) == ["Short"]
    pieces = render.wrap("x" * 200, 32, 300, 2)  # one word wider than a line is cut
    assert len(pieces) == 2 and pieces[-1].endswith("…")
    assert all(render.text_width(piece, 32) <= 300 for piece in pieces)


def test_wider_text_measures_wider() -> None:
    assert render.text_width("WWW", 40, "bold") > render.text_width("iii", 40, "bold") > 0


def test_layout_shrinks_a_long_title_to_two_lines() -> None:
    card = render.Card(
        title="A very long page title " * 4,
        description=LONG,
        site_name="S",
        address="example.org/",
        verdict=LONG,
    )
    layout = render.layout(card)
    assert len(layout.title_lines) <= 2 and layout.title_size == 48
    assert len(layout.verdict_lines) == 2
    assert len(layout.title_lines) + len(layout.description_lines) <= 4


def test_card_renders_to_a_1200_by_630_png_with_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    card = render.Card(
        title='Tom & "Jerry" <script>',
        description=LONG,
        site_name="Node.js or Flask?",
        address="example.org/",
        verdict="Flask, for data work.",
    )
    svg = render.render_svg(card)
    assert "&amp;" in svg and "<script>" not in svg
    png = render.render_png(svg)
    assert _png_size(png) == (1200, 630)
    assert len(png) > 20_000  # text and shapes, not an empty canvas
    assert render.fingerprint(svg) == render.fingerprint(svg) != render.fingerprint(svg + " ")
