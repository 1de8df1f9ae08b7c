"""The benchmark's list of docs pages: every built page but the chooser's."""

from __future__ import annotations

from pathlib import Path

from tests.bench.chooser_load import docs_pages


def test_docs_pages_are_every_page_but_the_choosers(tmp_path: Path) -> None:
    for page in ("", "how-to-choose/", "questions/performance/", "chooser/", "chooser/flask/"):
        (tmp_path / page).mkdir(parents=True, exist_ok=True)
        (tmp_path / page / "index.html").write_text("<!doctype html>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<!doctype html>", encoding="utf-8")
    (tmp_path / "assets" / "images").mkdir(parents=True)
    (tmp_path / "assets" / "images" / "index.html").write_text("", encoding="utf-8")

    assert docs_pages(tmp_path) == ["", "how-to-choose/", "questions/performance/"]
