"""Command line: ``python -m scorer`` (also installed as ``node-or-flask``).

Commands::

    python -m scorer questions [--json]
    python -m scorer recommend --answer Q=OPT ... [--weight C=N ...] [--json | --markdown]
    python -m scorer recommend --from-url 'v=1&a=team.python'  [--json | --markdown]
    python -m scorer recommend ... --markdown --base-url https://example.org/node-or-flask/

Output is human-readable by default. Bad input (an unknown question, answer
or criterion, or a weight out of range) exits with status 2 and one line on
stderr naming it, with the closest valid id. ``--from-url`` is lenient like
the browser: unknown parts are reported on stderr and dropped. With
``--base-url`` (the site's root URL), or a whole chooser link given to
``--from-url``, the output names the absolute link to the result, and the
Markdown record links back to it.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO
from urllib.parse import urlsplit

from . import api
from .engine import recommend
from .errors import KnowledgeError, ScorerError
from .export import to_json, to_markdown
from .knowledge import load_knowledge
from .model import Knowledge, Recommendation
from .share import decode_share
from .wiki import result_url, site_root
from .wording import (
    choice_mark,
    counterpoints_title,
    flip_text,
    reasons_title,
    robustness_sentence,
    summary,
    verdict_label,
)

__all__ = ["main"]

_SHOWN_REASONS = 4
_SHOWN_COUNTERPOINTS = 3
_SHOWN_FLIPS = 3
_WIDTH = 88


class _Parser(argparse.ArgumentParser):
    """Argument parser whose errors are one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _pairs(values: Sequence[str], flag: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        key, sep, item = value.partition("=")
        if not sep or not key.strip() or not item.strip():
            raise ScorerError(f"{flag} '{value}' must look like NAME=VALUE")
        pairs.append((key.strip(), item.strip()))
    return pairs


def _answers(knowledge: Knowledge, values: Sequence[str]) -> dict[str, str]:
    answers: dict[str, str] = {}
    for question_id, option_id in _pairs(values, "--answer"):
        question = knowledge.question(question_id)
        question.option(option_id)
        if question_id in answers:
            raise ScorerError(f"question '{question_id}' is answered twice")
        answers[question_id] = option_id
    return answers


def _weights(knowledge: Knowledge, values: Sequence[str]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for criterion_id, text in _pairs(values, "--weight"):
        knowledge.criterion(criterion_id)
        try:
            weights[criterion_id] = float(text)
        except ValueError:
            raise ScorerError(
                f"weight for '{criterion_id}' must be a number, got '{text}'"
            ) from None
    return weights


def _human(knowledge: Knowledge, rec: Recommendation, out: TextIO) -> None:
    def say(text: str = "") -> None:
        print(text, file=out)

    say(f"Verdict: {verdict_label(knowledge, rec)}")
    say("")
    for line in textwrap.wrap(summary(knowledge, rec), _WIDTH):
        say(line)
    say("")
    say(f"Fit (share of the maximum possible score, {rec.max_score:.1f}):")
    for option in knowledge.options:
        mark = f"  <- {choice_mark(rec)}" if option.id == rec.choice else ""
        fit, score = rec.fit[option.id], rec.scores[option.id]
        say(f"  {option.name:<18} {fit:5.1f}%   score {score:5.1f}{mark}")
    lists = (
        (reasons_title(knowledge, rec), rec.reasons[:_SHOWN_REASONS]),
        (counterpoints_title(rec), rec.counterpoints[:_SHOWN_COUNTERPOINTS]),
    )
    for title, points in lists:
        if title is None or not points:
            continue
        say("")
        say(f"{title}:")
        for point in points:
            say(textwrap.fill(point.text, _WIDTH, initial_indent="  - ", subsequent_indent="    "))
            say(f"    see {point.section}")
    say("")
    say("How firm:")
    say(
        textwrap.fill(
            robustness_sentence(knowledge, rec), _WIDTH, initial_indent="  ", subsequent_indent="  "
        )
    )
    say("")
    say("What would change it:" if rec.answers else "What would give a verdict:")
    if not rec.sensitivity:
        say("  nothing: no single change of answer or importance alters the verdict")
    shown = [
        *[f for f in rec.sensitivity if f.kind == "answer"][:_SHOWN_FLIPS],
        *[f for f in rec.sensitivity if f.kind == "weight"][:_SHOWN_FLIPS],
    ]
    for flip in shown:
        flag = "--answer" if flip.kind == "answer" else "--weight"
        say(
            textwrap.fill(
                flip_text(knowledge, flip), _WIDTH, initial_indent="  - ", subsequent_indent="    "
            )
        )
        say(f"    (try: {flag} {flip.target}={flip.after})")
    if len(rec.sensitivity) > len(shown):
        say(f"  ... and {len(rec.sensitivity) - len(shown)} more (see --json)")
    for note in rec.notes:
        say("")
        say(textwrap.fill(f"Note: {note}", _WIDTH))


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m scorer", description="Node.js or Flask? decision scorer.")
    parser.add_argument(
        "--knowledge", type=Path, default=None, help="knowledge TOML file (default: packaged)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    questions = sub.add_parser("questions", help="list the questions and their answers")
    questions.add_argument("--json", action="store_true", help="print JSON")
    rec = sub.add_parser("recommend", help="score answers and print the recommendation")
    rec.add_argument("--answer", "-a", action="append", default=[], metavar="Q=OPT")
    rec.add_argument("--weight", "-w", action="append", default=[], metavar="C=N")
    rec.add_argument("--from-url", metavar="QUERY", help="evaluate a share query string or link")
    rec.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's root URL, for the link back to the result (e.g. in --markdown)",
    )
    fmt = rec.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the recommendation as JSON")
    fmt.add_argument("--markdown", action="store_true", help="print a MADR decision record")
    return parser


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    knowledge = load_knowledge(args.knowledge)
    if args.command == "questions":
        if args.json:
            print(json.dumps(api.questions(knowledge), indent=2), file=out)
        else:
            for question in knowledge.questions:
                print(f"{question.id}: {question.prompt}", file=out)
                for option in question.options:
                    print(f"  {option.id:<12} {option.label}", file=out)
        return 0
    answers: dict[str, str] = {}
    weights: dict[str, float] = {}
    if args.from_url is not None:
        state = decode_share(knowledge, args.from_url)
        for problem in state.problems:
            print(f"warning: {problem}", file=err)
        answers.update(state.answers)
        weights.update(state.weights)
    answers.update(_answers(knowledge, args.answer))
    weights.update(_weights(knowledge, args.weight))
    result = recommend(knowledge, answers, weights)
    root = _base_url(args.base_url) or (site_root(args.from_url) if args.from_url else None)
    url = result_url(root, result) if root else None
    if args.json:
        print(json.dumps(to_json(knowledge, result), indent=2), file=out)
    elif args.markdown:
        print(to_markdown(knowledge, result, result_url=url), file=out, end="")
    else:
        _human(knowledge, result, out)
        if url:
            print("", file=out)
            print(f"Link to this result: {url}", file=out)
    return 0


def _base_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ScorerError(
            f"--base-url '{value}' must be the site's root URL, e.g. https://example.org/site/"
        )
    return value.strip()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status.

    Args:
        argv: Arguments without the program name; None reads ``sys.argv``.

    Returns:
        0 on success, 2 on bad input (one line on stderr), 1 on a broken
        knowledge file.
    """
    args = _build_parser().parse_args(argv)
    try:
        return _run(args, sys.stdout, sys.stderr)
    except KnowledgeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ScorerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`: not an error
        sys.stderr.close()
        return 0
