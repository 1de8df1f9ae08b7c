"""Field checks for the knowledge file, each raising a precise KnowledgeError.

A :class:`Checker` is bound to one source file; every check names the entry
(e.g. ``rating flask/performance``) and the field it looked at, so a broken
file says exactly where it is broken.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from .errors import KnowledgeError, suggest

__all__ = ["Checker"]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Checker:
    """Field checks that raise KnowledgeError naming file, entry and field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, entry: str, field: str | None, problem: str) -> KnowledgeError:
        """Build the error for an entry and field (the caller raises it)."""
        return KnowledgeError(self.source, entry, field, problem)

    def table(self, value: object, entry: str, field: str | None = None) -> dict[str, Any]:
        """Return ``value`` if it is a table."""
        if not isinstance(value, dict):
            raise self.fail(entry, field, "must be a table")
        return value

    def array(self, data: Mapping[str, Any], key: str, entry: str) -> list[Any]:
        """Return the non-empty array of tables under ``key``."""
        if key not in data:
            raise self.fail(entry, key, "missing (add at least one entry)")
        value = data[key]
        if not isinstance(value, list) or not value:
            raise self.fail(entry, key, "must be a non-empty array of tables")
        return value

    def fields(
        self,
        data: Mapping[str, Any],
        entry: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> None:
        """Check that required fields are present and no unknown field is."""
        known = (*required, *optional)
        for key in data:
            if key not in known:
                hint = suggest(key, known)
                problem = "unknown field" + (f" (did you mean '{hint}'?)" if hint else "")
                raise self.fail(entry, key, problem)
        for key in required:
            if key not in data:
                raise self.fail(entry, key, "missing")

    def text(self, data: Mapping[str, Any], key: str, entry: str) -> str:
        """Return the non-empty string under ``key``."""
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(entry, key, "must be a non-empty string")
        return value.strip()

    def url(self, data: Mapping[str, Any], key: str, entry: str) -> str:
        """Return the https URL under ``key``."""
        value = self.text(data, key, entry)
        if not value.startswith("https://") or " " in value:
            raise self.fail(entry, key, f"must be an https:// URL, got '{value}'")
        return value

    def ident(self, data: Mapping[str, Any], entry: str, key: str = "id") -> str:
        """Return the kebab-case id under ``key``."""
        value = self.text(data, key, entry)
        if not _ID.match(value):
            raise self.fail(entry, key, f"'{value}' is not a kebab-case id (a-z, 0-9, '-')")
        return value

    def number(self, data: Mapping[str, Any], key: str, entry: str) -> float:
        """Return the finite number under ``key``."""
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(entry, key, "must be a number")
        if not math.isfinite(value):
            raise self.fail(entry, key, "must be a finite number")
        return float(value)

    def integer(self, data: Mapping[str, Any], key: str, entry: str) -> int:
        """Return the integer under ``key`` (booleans are not integers)."""
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(entry, key, f"must be an integer, got {value!r}")
        return value

    def date(self, data: Mapping[str, Any], key: str, entry: str) -> dt.date:
        """Return the TOML date under ``key`` (a date, not a datetime)."""
        value = data.get(key)
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(entry, key, "must be a date such as 2026-11-24 (no quotes)")
        return value

    def unique(self, seen: set[str], value: str, kind: str, entry: str) -> None:
        """Record ``value`` in ``seen``, failing if it is there already."""
        if value in seen:
            raise self.fail(entry, "id", f"duplicate {kind} id '{value}'")
        seen.add(value)
