"""Range and conditional requests on evidence (RFC 9110 §13, §14), decided from headers alone
(``api/ranges.py``): which bytes a 206 carries, when the whole is sent, when 416, 304, 412."""

from __future__ import annotations

import pytest

from api.ranges import (
    ByteRange,
    RangeNotSatisfiable,
    if_match_fails,
    if_none_match_holds,
    if_range_allows,
    parse_range,
)

SIZE = 10_000
ETAG = f'"{"ab" * 32}"'


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-499", (0, 500)),
        ("bytes=500-999", (500, 1000)),
        ("bytes=9500-", (9500, SIZE)),
        ("bytes=-500", (9500, SIZE)),
        ("bytes=-20000", (0, SIZE)),  # a suffix longer than the file: the whole, as a range
        ("bytes=9990-20000", (9990, SIZE)),  # a last-pos past the end is cut
        ("bytes=0-0", (0, 1)),
        ("Bytes = 10-19 ", (10, 20)),
    ],
)
def test_one_satisfiable_range_gives_its_bytes(header: str, expected: tuple[int, int]) -> None:
    """The half-open interval of the bytes to send, and its Content-Range."""
    found = parse_range(header, SIZE)
    assert found == ByteRange(*expected, SIZE)
    assert found.content_range == f"bytes {expected[0]}-{expected[1] - 1}/{SIZE}"


@pytest.mark.parametrize(
    "header",
    [
        None,
        "bytes=0-9,20-29",  # several ranges: the whole (documented choice)
        "bytes=0-9, 99999-",  # several, one unsatisfiable: still the whole
        "bytes=9-0",  # last-pos before first-pos: an invalid header is ignored
        "bytes=-",
        "bytes=a-b",
        "bytes=0x10-",
        "lines=1-2",
        "bytes",
        "bytes=" + "9" * 101 + "-",  # absurdly long numbers are not a range we understand
    ],
)
def test_no_header_several_ranges_or_one_not_understood_send_the_whole(
    header: str | None,
) -> None:
    """None: answer 200 with the whole representation (RFC 9110 §14.2 lets a server ignore
    a Range it does not support)."""
    assert parse_range(header, SIZE) is None


@pytest.mark.parametrize(
    ("header", "size"),
    [("bytes=10000-", SIZE), ("bytes=10000-10010", SIZE), ("bytes=-0", SIZE),
     ("bytes=20000-,30000-", SIZE), ("bytes=0-", 0), ("bytes=-5", 0)],
)  # fmt: skip
def test_a_ranges_set_with_nothing_satisfiable_is_416(header: str, size: int) -> None:
    """A first-pos at or past the end, a zero suffix, anything of an empty file: 416."""
    with pytest.raises(RangeNotSatisfiable) as refused:
        parse_range(header, size)
    assert refused.value.size == size


def test_if_none_match_compares_weakly_and_star_matches() -> None:
    """304 for the tag, its weak form, a list holding it, and ``*``; not for other tags."""
    for header in (ETAG, f"W/{ETAG}", f'"x", {ETAG}', " * "):
        assert if_none_match_holds(header, ETAG)
    for header in (None, '"x"', 'W/"x"', "garbage"):
        assert not if_none_match_holds(header, ETAG)


def test_if_match_compares_strongly() -> None:
    """412 unless the exact strong tag (or ``*``) is named."""
    assert not if_match_fails(None, ETAG)
    assert not if_match_fails(ETAG, ETAG)
    assert not if_match_fails(f'"x", {ETAG}', ETAG)
    assert not if_match_fails("*", ETAG)
    assert if_match_fails(f"W/{ETAG}", ETAG)
    assert if_match_fails('"x"', ETAG)


def test_if_range_honours_the_range_only_for_the_exact_strong_tag() -> None:
    """A date, a weak tag or another tag: the whole representation instead."""
    assert if_range_allows(None, ETAG)
    assert if_range_allows(ETAG, ETAG)
    for header in (f"W/{ETAG}", '"x"', "Tue, 01 Dec 2026 00:00:00 GMT"):
        assert not if_range_allows(header, ETAG)


def test_positions_beyond_any_file_are_read_not_ignored() -> None:
    """Outside attack round 2, #14: 20-digit positions answered the whole file (200)."""
    size = 8032
    assert parse_range("bytes=0-18446744073709551616", size) == ByteRange(0, size, size)
    assert parse_range("bytes=-99999999999999999999", size) == ByteRange(0, size, size)
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=99999999999999999999-", size)
    assert parse_range("bytes=0-" + "9" * 101, size) is None  # too long to read: ignored
