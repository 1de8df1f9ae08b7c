"""Links back to a result: outcome pages, absolute URLs, Markdown and HTML for wikis."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from scorer import Knowledge, api, recommend, to_markdown
from scorer.cli import main
from scorer.wiki import (
    html_snippet,
    link_text,
    markdown_link,
    outcome_headline,
    outcome_id,
    outcome_ids,
    result_path,
    result_url,
    site_root,
)

SITE = "https://example.org/node-or-flask/"

# Answers -> the outcome page their link opens (one per outcome).
OUTCOMES = [
    ({"team": "javascript", "realtime": "core"}, "nodejs"),
    ({"team": "python", "ml": "core"}, "flask"),
    ({"team": "javascript", "ml": "core"}, "close-call"),
    ({"team": "python", "size": "large", "structure": "built-in"}, "django"),
    ({"team": "python", "traffic": "high", "realtime": "core"}, "fastapi-quart"),
]


def test_every_outcome_has_a_page_and_a_headline(knowledge: Knowledge) -> None:
    assert outcome_ids(knowledge) == ("nodejs", "flask", "fastapi-quart", "django", "close-call")
    assert outcome_headline(knowledge, "flask") == "Recommendation: Flask"
    assert outcome_headline(knowledge, "django") == "Recommendation: consider Django"
    assert outcome_headline(knowledge, "close-call") == "A close call between Node.js and Flask"


@pytest.mark.parametrize(("answers", "outcome"), OUTCOMES, ids=[o for _, o in OUTCOMES])
def test_a_result_links_to_its_outcome_page_with_the_answers(
    knowledge: Knowledge, answers: dict[str, str], outcome: str
) -> None:
    result = recommend(knowledge, answers)
    assert outcome_id(result) == outcome
    assert result_path(result) == f"chooser/{outcome}/"
    url = result_url(SITE.rstrip("/"), result)  # a missing trailing slash is added
    query = ",".join(f"{q}.{answers[q]}" for q in sorted(answers))
    assert url == f"{SITE}chooser/{outcome}/?v=1&a={query}"


def test_no_answers_link_to_the_chooser_itself(knowledge: Knowledge) -> None:
    assert result_path(recommend(knowledge, {})) == "chooser/"
    # Importance settings alone are worth sharing; with no answer there is no verdict yet.
    assert result_path(recommend(knowledge, {}, {"ecosystem": 2})) == "chooser/close-call/"
    assert result_url(SITE, recommend(knowledge, {})) == f"{SITE}chooser/?v=1"


@pytest.mark.parametrize(
    ("link", "root"),
    [
        (f"{SITE}chooser/?v=1&a=team.python", SITE),
        (f"{SITE}chooser/flask/?v=1&a=team.python#about-the-result", SITE),
        ("http://127.0.0.1:8000/chooser/close-call/", "http://127.0.0.1:8000/"),
        ("v=1&a=team.python", None),
        (f"{SITE}methodology/?v=1", None),
        (f"{SITE}chooser/Flask/?v=1", None),
        ("file:///tmp/chooser/?v=1", None),
        ("http://[::1/chooser/", None),
    ],
)
def test_site_root_is_read_from_a_chooser_link(link: str, root: str | None) -> None:
    assert site_root(link) == root


def test_markdown_link_states_the_verdict_and_fit(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "python", "ml": "core"})
    url = result_url(SITE, result)
    line = markdown_link(knowledge, result, url)
    fit = f"{result.fit['flask']:.0f}%"
    assert line == f"[Recommendation: Flask (fit {fit} vs Node.js " + (
        f"{result.fit['nodejs']:.0f}%) — Node.js or Flask? chooser]({url})"
    )
    assert "\n" not in line


def test_link_text_for_a_close_call_and_an_alternative(knowledge: Knowledge) -> None:
    close = recommend(knowledge, {"team": "javascript", "ml": "core"})
    assert link_text(knowledge, close).startswith("A close call, leaning to ")
    django = recommend(knowledge, {"team": "python", "size": "large", "structure": "built-in"})
    assert link_text(knowledge, django).startswith("Recommendation: consider Django (fit ")


def test_link_text_for_a_tie_claims_no_lean(knowledge: Knowledge) -> None:
    tie = recommend(knowledge, {"size": "medium"})
    assert tie.tie
    fit = f"{tie.fit['nodejs']:.0f}%"
    assert link_text(knowledge, tie) == (
        f"A tie between Node.js and Flask (fit {fit} each) — Node.js or Flask? chooser"
    )


def test_markdown_and_html_are_escaped(knowledge: Knowledge) -> None:
    odd = dataclasses.replace(knowledge, title='A <b>"wiki"</b> & [link]_*')
    result = recommend(odd, {"team": "python"})
    url = "https://example.org/a b/(x)/chooser/flask/?v=1&a=team.python"
    line = markdown_link(odd, result, url)
    text, target = re.fullmatch(r"\[(.*)\]\((\S+)\)", line).groups()  # type: ignore[union-attr]
    assert "\\[link\\]\\_\\*" in text and "\\<b>" in text
    assert target == "https://example.org/a%20b/%28x%29/chooser/flask/?v=1&a=team.python"
    snippet = html_snippet(odd, result, url + '"><script>')
    assert "<script>" not in snippet and "<b>" not in snippet
    assert 'href="https://example.org/a b/(x)/chooser/flask/?v=1&amp;a=team.python&quot;&gt;' in (
        snippet
    )
    assert html.unescape(snippet).count('A <b>"wiki"</b> & [link]_*') == 2


def test_record_links_back_only_when_given_the_url(knowledge: Knowledge) -> None:
    result = recommend(knowledge, {"team": "python", "ml": "core"})
    assert "- Result:" not in to_markdown(knowledge, result)
    url = result_url(SITE, result)
    record = to_markdown(knowledge, result, result_url=url)
    assert f"- Result: {markdown_link(knowledge, result, url)}\n" in record
    # Nothing else changes.
    assert record.replace(f"- Result: {markdown_link(knowledge, result, url)}\n", "") == (
        to_markdown(knowledge, result)
    )


def test_api_reads_the_site_from_a_chooser_link() -> None:
    bare = api.evaluate("v=1&a=ml.core,team.python")
    assert (bare["outcome"], bare["path"], bare["url"]) == ("flask", "chooser/flask/", None)
    assert bare["wiki"] == {"markdown": "", "html": ""}
    link = api.evaluate(f"{SITE}chooser/?v=1&a=ml.core,team.python")
    assert link["url"] == f"{SITE}chooser/flask/?v=1&a=ml.core,team.python"
    assert link["wiki"]["markdown"].endswith(f"]({link['url']})")
    assert link["url"].replace("&", "&amp;") in link["wiki"]["html"]
    assert f"({link['url']})" in link["markdown"]
    assert link["share"] == bare["share"] == "v=1&a=ml.core,team.python"
    given = api.evaluate("v=1&a=team.python", base_url="http://127.0.0.1:9/x/")
    assert given["url"] == "http://127.0.0.1:9/x/chooser/flask/?v=1&a=team.python"


def test_cli_base_url_links_the_record_back(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", "-a", "team=python", "--base-url", SITE, "--markdown"]) == 0
    assert f"]({SITE}chooser/flask/?v=1&a=team.python)" in capsys.readouterr().out
    assert main(["recommend", "--from-url", f"{SITE}chooser/?v=1&a=team.python"]) == 0
    assert f"Link to this result: {SITE}chooser/flask/?v=1&a=team.python" in (
        capsys.readouterr().out
    )
    assert main(["recommend", "-a", "team=python", "--base-url", "example.org"]) == 2
    assert "--base-url 'example.org' must be the site's root URL" in capsys.readouterr().err
