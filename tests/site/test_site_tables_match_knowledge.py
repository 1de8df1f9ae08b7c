"""The tables and verdict boxes on the pages say exactly what the knowledge file says.

Each rendered table and verdict box is read back from the built HTML, cell by
cell, as text a reader sees, and compared with ``load_knowledge()``: the one
source of truth the chooser scores against too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest

from scorer import Knowledge, load_knowledge
from tests.site.site_html import Element, built_pages, nav_pages, parse_file

if TYPE_CHECKING:
    from tests.conftest import BuiltSite

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _page(built_site: BuiltSite, src: str) -> Element:
    page = next(p for p in nav_pages() if p.src == src)
    return parse_file(page.output(built_site.site_dir))


def _page_url(built_site: BuiltSite, src: str) -> str:
    page = next(p for p in nav_pages() if p.src == src)
    return built_site.base_url + page.url


def _score_text(knowledge: Knowledge, score: int) -> str:
    return f"{score}/{knowledge.engine.rating_max}"


def _stronger(knowledge: Knowledge, criterion_id: str) -> str | None:
    """Name of the primary rated higher on a criterion, None on a tie (from the data)."""
    a, b = knowledge.primaries
    sa, sb = (knowledge.rating(o.id, criterion_id).score for o in (a, b))
    return a.name if sa > sb else b.name if sb > sa else None


def _check_rating_cell(
    knowledge: Knowledge, cell: Element, option_id: str, criterion_id: str
) -> None:
    rating = knowledge.rating(option_id, criterion_id)
    text = cell.text()
    assert cell.find(cls="nof-score__text").text() == _score_text(knowledge, rating.score)
    assert rating.rationale in text, f"{option_id}/{criterion_id}: rationale missing in {text!r}"
    source = cell.find("a", cls="nof-source")
    assert source.attrs["href"] == rating.source_url
    assert source.text() == rating.source_title


def test_at_a_glance_table_equals_the_knowledge(
    built_site: BuiltSite, knowledge: Knowledge
) -> None:
    home = _page(built_site, "index.md")
    section = home.find(id="at-a-glance")
    table = home.find("table", cls="nof-glance")
    assert section.line < table.line, "the table should sit in the #at-a-glance section"
    headers = [th.text() for th in table.find("thead").find_all("th")]
    assert headers == ["Criterion", "Stronger", *(o.name for o in knowledge.primaries)]
    rows = table.find("tbody").find_all("tr")
    assert [r.attrs["data-criterion"] for r in rows] == [c.id for c in knowledge.criteria]
    for row, criterion in zip(rows, knowledge.criteria, strict=True):
        name = row.find("th")
        assert name.attrs["scope"] == "row"
        assert name.text() == criterion.name
        link = urljoin(_page_url(built_site, "index.md"), name.find("a").attrs["href"])
        assert link == built_site.base_url + criterion.section
        cells = row.find_all("td")
        assert len(cells) == 1 + len(knowledge.primaries)
        assert cells[0].text() == (_stronger(knowledge, criterion.id) or "Tie")
        for cell, option in zip(cells[1:], knowledge.primaries, strict=True):
            assert cell.attrs["data-label"] == option.name
            _check_rating_cell(knowledge, cell, option.id, criterion.id)


def _verdict_boxes(built_site: BuiltSite) -> dict[str, list[tuple[str, Element]]]:
    boxes: dict[str, list[tuple[str, Element]]] = {}
    for path in built_pages(built_site.site_dir):
        where = path.relative_to(built_site.site_dir).as_posix()
        for box in parse_file(path).find_all("div", cls="nof-verdict"):
            boxes.setdefault(box.attrs["data-criterion"], []).append((where, box))
    return boxes


def test_every_verdict_box_equals_the_knowledge(
    built_site: BuiltSite, knowledge: Knowledge
) -> None:
    boxes = _verdict_boxes(built_site)
    assert boxes, "no verdict boxes in the built site"
    for criterion_id, found in boxes.items():
        criterion = knowledge.criterion(criterion_id)
        stronger = _stronger(knowledge, criterion_id)
        for where, box in found:
            assert "admonition" in box.classes, where
            title = box.find("p", cls="admonition-title").text()
            verdict = f"{stronger} is stronger" if stronger else "a tie"
            assert title == f"Verdict on {criterion.name}: {verdict}", where
            assert box.find(cls="nof-verdict__summary").text() == criterion.verdict
            sides = box.find_all("div", cls="nof-side")
            assert [s.attrs["data-option"] for s in sides] == [o.id for o in knowledge.primaries]
            for side, option in zip(sides, knowledge.primaries, strict=True):
                assert side.find(cls="nof-side__name").text() == option.name
                _check_rating_cell(knowledge, side, option.id, criterion_id)
                rating = knowledge.rating(option.id, criterion_id)
                assert f"Holds for {rating.versions}." in side.text()
                assert ("nof-side--stronger" in side.classes) == (option.name == stronger)
            reviewed = max(
                knowledge.rating(o.id, criterion_id).reviewed for o in knowledge.primaries
            )
            assert f"Reviewed {reviewed.isoformat()}." in box.text()
            assert any(a.attrs["href"].endswith("chooser/") for a in box.find_all("a")), where


def test_each_question_page_shows_the_verdicts_of_its_criteria(
    built_site: BuiltSite, knowledge: Knowledge
) -> None:
    boxes = _verdict_boxes(built_site)
    for criterion in knowledge.criteria:
        page, _, anchor = criterion.section.partition("#")
        if not page.startswith("questions/"):
            continue
        where = f"{page}index.html"
        found = [box for w, box in boxes.get(criterion.id, []) if w == where]
        assert len(found) == 1, f"{where} should show the verdict box for {criterion.id}"
        root = parse_file(built_site.site_dir / where)
        sections = {anchor, "verdict"}  # its own section, or the page's verdict section
        assert any(_inside_section(root, s, found[0]) for s in sections), (
            f"{where}: the {criterion.id} verdict box is in neither #{anchor} nor #verdict"
        )


def _inside_section(root: Element, anchor: str, element: Element) -> bool:
    """Whether an element comes after heading #anchor and before the next one as high."""
    heading = root.find(id=anchor)
    level = int(heading.tag[1])
    following = [
        el
        for el in root.iter()
        if el.tag in {f"h{n}" for n in range(1, level + 1)} and el.line > heading.line
    ]
    end = following[0].line if following else float("inf")
    return heading.line < element.line < end


def test_ratings_tables_equal_the_knowledge(built_site: BuiltSite, knowledge: Knowledge) -> None:
    tables = [
        table
        for path in built_pages(built_site.site_dir)
        for table in parse_file(path).find_all("table", cls="nof-ratings")
    ]
    for table in tables:
        criterion_id = table.attrs["data-criterion"]
        assert knowledge.criterion(criterion_id).name in table.find("caption").text()
        rows = table.find("tbody").find_all("tr")
        assert [r.attrs["data-option"] for r in rows] == [o.id for o in knowledge.options]
        for row, option in zip(rows, knowledge.options, strict=True):
            assert row.find("th").text().startswith(option.name)
            _check_rating_cell(knowledge, row, option.id, criterion_id)


def test_alternatives_equal_the_knowledge(built_site: BuiltSite, knowledge: Knowledge) -> None:
    page = _page(built_site, "how-to-choose.md")
    cards = page.find(cls="nof-alternatives").find_all("li")
    assert [c.attrs["data-option"] for c in cards] == [o.id for o in knowledge.alternatives]
    for card, alt in zip(cards, knowledge.alternatives, strict=True):
        assert card.find(cls="nof-alt__name").text() == alt.name
        assert card.find(cls="nof-alt__summary").text() == alt.summary
        beats = [
            c.name
            for c in knowledge.criteria
            if all(
                knowledge.rating(alt.id, c.id).score > knowledge.rating(p.id, c.id).score
                for p in knowledge.primaries
            )
        ]
        listed = [a.text() for a in card.find(cls="nof-alt__beats").find_all("a")]
        assert listed == beats
    matrix = page.find("table", cls="nof-matrix")
    for row, criterion in zip(matrix.find("tbody").find_all("tr"), knowledge.criteria, strict=True):
        assert row.attrs["data-criterion"] == criterion.id
        for cell, option in zip(row.find_all("td"), knowledge.options, strict=True):
            score = knowledge.rating(option.id, criterion.id).score
            assert cell.attrs["data-option"] == option.id
            assert cell.find(cls="nof-score__text").text() == _score_text(knowledge, score)


def test_versions_and_criteria_equal_the_knowledge(
    built_site: BuiltSite, knowledge: Knowledge
) -> None:
    page = _page(built_site, "methodology.md")
    versions = page.find("table", cls="nof-versions").find("tbody").find_all("tr")
    assert len(versions) == len(knowledge.versions)
    for row, entry in zip(versions, knowledge.versions, strict=True):
        cells = [row.find("th").text(), *(td.text() for td in row.find_all("td"))]
        assert cells == [entry.name, entry.version, entry.status, entry.source_title]
        assert row.find("a").attrs["href"] == entry.source_url
    criteria = page.find("table", cls="nof-criteria").find("tbody").find_all("tr")
    for row, criterion in zip(criteria, knowledge.criteria, strict=True):
        cells = [row.find("th").text(), *(td.text() for td in row.find_all("td"))]
        assert cells == [criterion.name, criterion.description, f"{criterion.baseline:g}"]
    assert len(criteria) == len(knowledge.criteria)
