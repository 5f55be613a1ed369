"""Lists: sort, search and page rows with a stable, opaque cursor.

Every list of the API (cases, children's ledger, reports, reviews, complaints, actors) and
every screen that shows one goes through :meth:`Listing.page`: the rows the caller may see,
already filtered, are put in the order of one of the list's sort keys (:class:`Sort`) with
the row's id as the last tie-breaker, and cut into pages of ``limit`` rows.

**Cursor (keyset) paging.** A page ends with a cursor naming the last row's sort key and id;
the next page holds the rows strictly after that position, in the same order. So a row added
or removed between two requests never makes a row repeat or go missing from the pages that
follow (rows added before the position are not shown: they belong to pages already read). A
row whose own sort key changes meanwhile (a case changed while sorted by ``updated``) moves
with it, as in any keyset paging; the other sort keys of a row never change.

The cursor is ``base64url(JSON)`` without padding, of ``{"l": list, "s": sort, "o": order,
"k": sort key, "i": id}``. It is opaque to clients: they pass back what they were given. It
carries only what the last row itself shows (its sort key and id), never a member the caller
could not see. A cursor that is not base64url JSON of that shape, or was made for another
list, sort key or order, is refused with :class:`InvalidCursor` (422 ``invalid-cursor``,
``field: cursor``) — never silently read as the first page.

**Text search.** :func:`search_key` folds text the way a search compares it: Unicode NFKC,
case folded, only letters and digits (full-width ``ＡＢ`` is ``ab``, ``某 食品`` is ``某食品``).
A list searches only members it names; children's names and ID numbers are in no list's rows
at all (R-CH-4).
"""

from __future__ import annotations

import base64
import binascii
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from domain.records.errors import InvalidCursor, InvalidInput

Row = TypeVar("Row")
Order = Literal["asc", "desc"]
KeyPart = str | int
Key = tuple[KeyPart, ...]

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_CURSOR_CHARS = 2048
"""A cursor longer than this is not one this service made (keys are a few short values)."""

ORDER_LABELS: Mapping[str, str] = {"asc": "升序", "desc": "降序"}
"""The two orders with their Chinese labels (for the OpenAPI and the screens)."""


@dataclass(frozen=True)
class Sort(Generic[Row]):
    """One way to order a list: its ``code`` and label (中文), the key of a row, the order it
    takes when none is asked for, and the types of the key's parts (checked on a cursor)."""

    code: str
    label: str
    key: Callable[[Row], Key]
    parts: tuple[type, ...]
    default_order: Order = "asc"


@dataclass(frozen=True)
class PageRequest:
    """What a caller asks of a list: a sort key (None: the list's default), an order (None:
    the sort key's default), the cursor of the previous page (None: the first page) and the
    page size."""

    sort: str | None = None
    order: Order | None = None
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page: its rows, the cursor of the next page (None: this is the last), how many
    rows match in all, and the sort and order it was cut in."""

    items: list[Row]
    next: str | None
    total: int
    sort: str
    order: Order


class Listing(Generic[Row]):
    """A list's sort keys and how to page it (module docstring)."""

    def __init__(
        self,
        name: str,
        sorts: Sequence[Sort[Row]],
        id_of: Callable[[Row], str],
        default_sort: str,
    ) -> None:
        self.name = name
        self.sorts = {s.code: s for s in sorts}
        self.id_of = id_of
        self.default_sort = default_sort
        if default_sort not in self.sorts:
            raise ValueError(f"{name}: default sort {default_sort} is not one of its sorts")

    def labels(self) -> dict[str, str]:
        """Each sort key's code with its label."""
        return {code: s.label for code, s in self.sorts.items()}

    def page(self, rows: Iterable[Row], request: PageRequest) -> Page[Row]:
        """The page of ``rows`` that ``request`` asks for."""
        sort = self._sort(request.sort)
        order: Order = request.order or sort.default_order
        limit = check_limit(request.limit)
        after = None if request.cursor is None else self.decode(request.cursor, sort, order)
        keyed = sorted(((sort.key(r), self.id_of(r), r) for r in rows), key=_position)
        if order == "desc":
            keyed.reverse()
        total = len(keyed)
        if after is not None:
            keyed = [k for k in keyed if _beyond(_position(k), after, order)]
        chosen = keyed[:limit]
        more = len(keyed) > limit
        next_cursor = None
        if more and chosen:
            last_key, last_id, _ = chosen[-1]
            next_cursor = self.encode(sort.code, order, last_key, last_id)
        return Page([r for _, _, r in chosen], next_cursor, total, sort.code, order)

    def _sort(self, code: str | None) -> Sort[Row]:
        found = self.sorts.get(code or self.default_sort)
        if found is None:  # the API's Literal refuses it first; a screen may not
            raise InvalidInput(
                f"{self.name} sort by one of {', '.join(self.sorts)}",
                field="sort",
                allowed=list(self.sorts),
            )
        return found

    def encode(self, sort: str, order: Order, key: Key, row_id: str) -> str:
        """The cursor of the position (``key``, ``row_id``) in this list, sort and order."""
        payload = {"l": self.name, "s": sort, "o": order, "k": list(key), "i": row_id}
        raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    def decode(self, cursor: str, sort: Sort[Row], order: Order) -> tuple[Key, str]:
        """The position a cursor names, if this list made it for ``sort`` and ``order``."""
        payload = _payload(cursor)
        if (payload.get("l"), payload.get("s"), payload.get("o")) != (self.name, sort.code, order):
            raise InvalidCursor(
                f"the cursor was made for another list, sort or order than {self.name} by "
                f"{sort.code} {order}: start again without a cursor"
            )
        key, row_id = payload.get("k"), payload.get("i")
        if not (isinstance(key, list) and isinstance(row_id, str)) or len(key) != len(sort.parts):
            raise InvalidCursor("the cursor does not name a position in this list")
        for part, kind in zip(key, sort.parts, strict=True):
            # bool is an int to Python, never a key part here
            if isinstance(part, bool) or not isinstance(part, kind):
                raise InvalidCursor("the cursor does not name a position in this list")
        return tuple(key), row_id


def _payload(cursor: str) -> dict[str, Any]:
    """The JSON object inside a cursor, or :class:`InvalidCursor`."""
    if not cursor or len(cursor) > MAX_CURSOR_CHARS or not cursor.isascii():
        raise InvalidCursor("the cursor is not one this list handed out")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor("the cursor is not one this list handed out") from None
    if not isinstance(payload, dict):
        raise InvalidCursor("the cursor is not one this list handed out")
    return payload


def _position(keyed: tuple[Key, str, Any]) -> tuple[Key, str]:
    return keyed[0], keyed[1]


def _beyond(position: tuple[Key, str], after: tuple[Key, str], order: Order) -> bool:
    """Whether ``position`` comes after the cursor's in ``order``."""
    return position > after if order == "asc" else position < after


def check_limit(limit: int) -> int:
    """A page size of 1 to :data:`MAX_LIMIT` rows."""
    if isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit is 1 to {MAX_LIMIT} rows", field="limit")
    return limit


def search_key(text: object) -> str:
    """``text`` as a search compares it (module docstring); a non-string is empty."""
    if not isinstance(text, str):
        return ""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def check_query(q: str | None, field: str = "q") -> str | None:
    """A search text folded (:func:`search_key`), or None; a text with no letter or digit
    searches for nothing and is refused (422 ``invalid-input``) rather than matching all."""
    if q is None:
        return None
    key = search_key(q)
    if not key:
        raise InvalidInput(f"{field} must contain a letter or a digit", field=field)
    return key


def check_choice(value: str | None, allowed: Iterable[str], field: str) -> str | None:
    """``value`` if it is one of ``allowed`` (or None), else 422 ``invalid-input`` naming
    ``field`` and listing the values it may take: a filter outside its list is an error,
    never a filter that silently matches nothing."""
    choices = [str(a) for a in allowed]
    if value is not None and value not in choices:
        raise InvalidInput(f"{field} is one of {', '.join(choices)}", field=field, allowed=choices)
    return value


def matches(query: str | None, *texts: object) -> bool:
    """Whether a folded ``query`` (None: no search) is part of any of ``texts``."""
    return query is None or any(query in search_key(t) for t in texts)
