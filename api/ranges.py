"""Range and conditional requests on one stored representation (RFC 9110 §13, §14).

Evidence never changes under its hash, so its entity tag is the hash (strong) and the only
validator. What a request's headers decide, in RFC 9110 §13.2.2's order:

1. ``If-Match`` (strong comparison, ``*`` matches): no match → 412.
2. ``If-None-Match`` (weak comparison, ``*`` matches): a match → 304 for GET and HEAD.
3. ``Range`` (GET only; a HEAD or another method ignores it), unless ``If-Range`` holds
   something other than this exact strong tag (a date, another tag, a weak tag): then the
   whole representation, 200.

``Range`` in the ``bytes`` unit: ``bytes=a-b``, ``bytes=a-``, ``bytes=-n``, with a
``last-pos`` past the end cut to the end. One satisfiable range → 206 with
``Content-Range``. A header that is not a valid ``bytes`` ranges-specifier (another unit,
``b < a``, no digits, a position of more than 100 digits) is ignored (§14.2 allows it): 200.
A position beyond any file (``bytes=0-18446744073709551616``, ``bytes=-99999999999999999999``)
is read as it is: cut to the end, or the whole file as a suffix — 206. **Several ranges are
answered with the whole representation, 200** — always correct (a server may ignore
``Range``), never a multipart body; browsers and players ask one range at a time. A
ranges-set none of whose ranges is satisfiable (``a`` at or past the end; ``-0``; any
range of an empty representation) → 416 with ``Content-Range: bytes */<size>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RANGE = re.compile(r"(\d{0,100})-(\d{0,100})")
"""A range-spec; positions of up to 100 digits are read (a position past the end is cut to
it, or makes the range unsatisfiable), longer ones make the header ignored — never a
conversion of an unbounded string of digits."""
_ENTITY_TAG = re.compile(r'\s*(W/)?("[^"]*")\s*(?:,|$)')


@dataclass(frozen=True)
class ByteRange:
    """The bytes ``[start, end)`` of a representation of ``size`` bytes."""

    start: int
    end: int
    size: int

    @property
    def content_range(self) -> str:
        """The ``Content-Range`` of a 206 carrying this range."""
        return f"bytes {self.start}-{self.end - 1}/{self.size}"


class RangeNotSatisfiable(Exception):
    """No range of the request's ranges-set is satisfiable (416)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"no requested range lies within the {size} bytes")
        self.size = size


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range to answer with 206, or None for the whole (200); raises
    :class:`RangeNotSatisfiable` for 416 (module docstring)."""
    if header is None:
        return None
    unit, equals, ranges_set = header.partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None
    specs = [spec.strip() for spec in ranges_set.split(",")]
    parsed: list[tuple[str, str]] = []
    for spec in specs:
        found = _RANGE.fullmatch(spec)
        if found is None or found.group(1) == found.group(2) == "":
            return None
        first, last = found.group(1), found.group(2)
        if first and last and int(last) < int(first):
            return None  # an invalid range-spec: the whole header is ignored
        parsed.append((first, last))
    satisfiable = [r for r in (_resolve(first, last, size) for first, last in parsed) if r]
    if not satisfiable:
        raise RangeNotSatisfiable(size)
    if len(parsed) > 1:
        return None
    return satisfiable[0]


def _resolve(first: str, last: str, size: int) -> ByteRange | None:
    """One range-spec against the representation's size; None if unsatisfiable."""
    if first:
        start = int(first)
        if start >= size:
            return None
        end = min(int(last) + 1, size) if last else size
        return ByteRange(start, end, size)
    suffix = int(last)
    if suffix == 0 or size == 0:
        return None
    return ByteRange(max(size - suffix, 0), size, size)


def entity_tags(header: str) -> list[tuple[bool, str]] | None:
    """The ``(weak, opaque-tag)`` list of an ``If-Match``/``If-None-Match`` value; None for
    ``*``; an empty list for a value that holds no valid tag (which then matches nothing)."""
    if header.strip() == "*":
        return None
    tags: list[tuple[bool, str]] = []
    position = 0
    while position < len(header):
        found = _ENTITY_TAG.match(header, position)
        if found is None or found.end() == position:
            return tags
        tags.append((found.group(1) is not None, found.group(2)))
        position = found.end()
    return tags


def if_match_fails(header: str | None, etag: str) -> bool:
    """Whether ``If-Match`` (strong comparison) fails for the current ``etag``: 412."""
    if header is None:
        return False
    tags = entity_tags(header)
    if tags is None:
        return False
    return not any(not weak and tag == etag for weak, tag in tags)


def if_none_match_holds(header: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` (weak comparison) matches ``etag``: 304 for GET/HEAD."""
    if header is None:
        return False
    tags = entity_tags(header)
    return tags is None or any(tag == etag for _, tag in tags)


def if_range_allows(header: str | None, etag: str) -> bool:
    """Whether ``Range`` is honoured under ``If-Range``: no header, or exactly this strong
    tag (a date, a weak or another tag: the whole representation is sent)."""
    return header is None or header.strip() == etag
