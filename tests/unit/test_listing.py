"""``infra/listing.py``: keyset pages with an opaque cursor — every row once, in order, stable
under inserts; a cursor this list did not make is refused (issue 14, point 3)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.records.errors import InvalidCursor, InvalidInput
from infra.listing import (
    MAX_LIMIT,
    Listing,
    Order,
    PageRequest,
    Sort,
    check_choice,
    check_query,
    matches,
    search_key,
)

Row = dict[str, Any]

ROWS: Listing[Row] = Listing(
    "things",
    [
        Sort("day", "日期", lambda r: (r["day"],), (str,), "asc"),
        Sort("rank", "名次", lambda r: (r["rank"], r["day"]), (int, str), "desc"),
    ],
    id_of=lambda r: r["id"],
    default_sort="day",
)


def row(n: int, day: str | None = None, rank: int = 0) -> Row:
    return {"id": f"id-{n:04d}", "day": day or f"2026-01-{1 + n % 28:02d}", "rank": rank}


def all_pages(rows: list[Row], request: PageRequest) -> list[list[Row]]:
    """Every page of ``rows``, following ``next`` until it is null."""
    pages, cursor = [], request.cursor
    while True:
        page = ROWS.page(rows, PageRequest(request.sort, request.order, cursor, request.limit))
        pages.append(page.items)
        if page.next is None:
            return pages
        cursor = page.next


def expected(rows: list[Row], sort: str, order: Order) -> list[str]:
    key = ROWS.sorts[sort].key
    ordered = sorted(rows, key=lambda r: (key(r), r["id"]), reverse=order == "desc")
    return [r["id"] for r in ordered]


@pytest.mark.parametrize(("sort", "order"), [("day", "asc"), ("day", "desc"), ("rank", "asc"),
                                             ("rank", "desc")])  # fmt: skip
def test_pages_hold_every_row_once_in_the_sort_order(sort: str, order: Order) -> None:
    """Following ``next`` from the first page yields each row exactly once, sorted, with the
    id breaking ties (many rows share a day and a rank here)."""
    rows = [row(n, rank=n % 3) for n in range(23)]
    pages = all_pages(rows, PageRequest(sort, order, None, 5))
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert [r["id"] for p in pages for r in p] == expected(rows, sort, order)


def test_the_default_sort_and_order_are_the_lists() -> None:
    """Without sort and order: the list's default sort key in that key's default order."""
    page = ROWS.page([row(1), row(2)], PageRequest())
    assert (page.sort, page.order, page.total) == ("day", "asc", 2)
    assert ROWS.page([], PageRequest(sort="rank")).order == "desc"


def test_the_last_page_has_no_next_and_a_full_last_page_too() -> None:
    """``next`` is null on the last page, also when it is exactly full."""
    rows = [row(n) for n in range(10)]
    first = ROWS.page(rows, PageRequest(limit=5))
    assert first.next is not None
    second = ROWS.page(rows, PageRequest(cursor=first.next, limit=5))
    assert len(second.items) == 5
    assert second.next is None


@given(
    before=st.lists(st.integers(min_value=1, max_value=28), max_size=12),
    inserted=st.lists(st.integers(min_value=1, max_value=28), max_size=12),
    limit=st.integers(min_value=1, max_value=7),
    order=st.sampled_from(["asc", "desc"]),
)
@settings(max_examples=150, deadline=None)
def test_rows_inserted_between_pages_never_repeat_or_hide_a_row(
    before: list[int], inserted: list[int], limit: int, order: Order
) -> None:
    """Rows added anywhere in the order after the first page is read: the pages that follow
    show no row twice, and every row that was there from the start is shown once."""
    rows = [row(n, day=f"2026-01-{d:02d}") for n, d in enumerate(before)]
    first = ROWS.page(rows, PageRequest("day", order, None, limit))
    grown = rows + [row(100 + n, day=f"2026-01-{d:02d}") for n, d in enumerate(inserted)]
    seen = [r["id"] for r in first.items]
    cursor = first.next
    while cursor is not None:
        page = ROWS.page(grown, PageRequest("day", order, cursor, limit))
        seen += [r["id"] for r in page.items]
        cursor = page.next
    assert len(seen) == len(set(seen)), "a row repeated"
    assert {r["id"] for r in rows} <= set(seen), "a row that was there all along went missing"


def test_a_row_removed_between_pages_leaves_no_gap() -> None:
    """A row removed after the first page (the cursor's own row included) costs no other row."""
    rows = [row(n) for n in range(9)]
    first = ROWS.page(rows, PageRequest(limit=3))
    kept = [r for r in rows if r["id"] != first.items[-1]["id"] and r["id"] != "id-0005"]
    rest = [r["id"] for p in all_pages(kept, PageRequest(cursor=first.next, limit=3)) for r in p]
    last = first.items[-1]
    after = [r for r in kept if (r["day"], r["id"]) > (last["day"], last["id"])]
    assert rest == expected(after, "day", "asc")
    assert len(rest) == len(rows) - 3 - 1  # all but the first page and the one removed later


def _forge(payload: Any) -> str:
    raw = json.dumps(payload).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def good_cursor() -> str:
    page = ROWS.page([row(n) for n in range(4)], PageRequest(limit=2))
    assert page.next is not None
    return page.next


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",  # base64 of bytes that are not JSON
        "!!!!",  # not base64url
        "é",  # not ASCII
        "x" * 5000,  # far longer than any cursor made here
        _forge([1, 2]),  # JSON, not an object
        _forge({"l": "cases", "s": "day", "o": "asc", "k": ["2026-01-01"], "i": "id-1"}),
        _forge({"l": "things", "s": "day", "o": "asc", "k": [1], "i": "id-1"}),  # key type
        _forge({"l": "things", "s": "day", "o": "asc", "k": [True], "i": "id-1"}),
        _forge({"l": "things", "s": "day", "o": "asc", "k": ["a", "b"], "i": "id-1"}),
        _forge({"l": "things", "s": "day", "o": "asc", "k": ["2026-01-01"], "i": 7}),
        _forge({"l": "things", "s": "day", "o": "asc", "k": "2026-01-01", "i": "id-1"}),
    ],
)
def test_a_cursor_this_list_did_not_make_is_refused(cursor: str) -> None:
    """Garbage, another list's cursor, or a key of the wrong shape: ``invalid-cursor``
    naming the field, never a first page."""
    with pytest.raises(InvalidCursor) as refused:
        ROWS.page([row(1)], PageRequest("day", "asc", cursor, 5))
    assert refused.value.code == "invalid-cursor"
    assert refused.value.extra["field"] == "cursor"


def test_a_cursor_is_bound_to_its_sort_and_order() -> None:
    """A cursor of ``day asc`` is refused for ``day desc`` and for ``rank``."""
    cursor = good_cursor()
    for sort, order in (("day", "desc"), ("rank", "asc"), ("rank", "desc")):
        with pytest.raises(InvalidCursor):
            ROWS.page([row(1)], PageRequest(sort, order, cursor, 5))  # type: ignore[arg-type]
    assert ROWS.page([row(1)], PageRequest("day", "asc", cursor, 5)).items == []


def test_a_cursor_carries_only_the_last_rows_key_and_id() -> None:
    """Decoded, a cursor names the list, sort, order, the last row's sort key and its id."""
    payload = json.loads(base64.urlsafe_b64decode(good_cursor() + "=="))
    assert payload == {"l": "things", "s": "day", "o": "asc", "k": ["2026-01-02"], "i": "id-0001"}


@pytest.mark.parametrize("limit", [0, -1, MAX_LIMIT + 1])
def test_a_page_is_1_to_200_rows(limit: int) -> None:
    """A limit out of range is refused naming ``limit``."""
    with pytest.raises(InvalidInput) as refused:
        ROWS.page([], PageRequest(limit=limit))
    assert refused.value.extra["field"] == "limit"


def test_an_unknown_sort_key_is_refused_with_the_allowed_ones() -> None:
    """A sort key the list does not have names ``sort`` and lists the keys it has."""
    with pytest.raises(InvalidInput) as refused:
        ROWS.page([], PageRequest(sort="name"))
    assert refused.value.extra == {"field": "sort", "allowed": ["day", "rank"]}


def test_search_folds_width_case_and_spacing() -> None:
    """NFKC, case folded, letters and digits only: full-width, upper case, spaces and
    punctuation make no difference; a blank search is refused, not a match of everything."""
    assert search_key("Ｚｉｂｏ 某·食品 ABC") == "zibo某食品abc"
    assert matches(check_query("某 食品"), "淄博某食品有限公司")
    assert matches(check_query("abc"), "XABCX")
    assert not matches(check_query("某食品"), "淄博某饭店")
    assert matches(None, "anything")
    for blank in (" ", "·-", "\u200b"):
        with pytest.raises(InvalidInput) as refused:
            check_query(blank)
        assert refused.value.extra["field"] == "q"


def test_a_choice_outside_its_list_is_refused_with_the_list() -> None:
    """A filter value outside its closed list is an error naming the field and the values."""
    assert check_choice("open", ["open", "closed"], "status") == "open"
    assert check_choice(None, ["open"], "status") is None
    with pytest.raises(InvalidInput) as refused:
        check_choice("late", ["open", "closed"], "status")
    assert refused.value.extra == {"field": "status", "allowed": ["open", "closed"]}
