"""domain.proof.jcs.canonical_json is RFC 8785 on event data, and refuses everything else.

The fast encoder is allowed only because these properties show it byte-equal to
the ``rfc8785`` reference package on the event-data subset (DESIGN §8).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.proof.jcs import MAX_DEPTH, MAX_SAFE_INTEGER, canonical_json, check_json_value
from domain.records.errors import FloatNotAllowed, IntegerOutOfRange, InvalidEventData

# Characters where JSON encoders tend to disagree: escapes, controls, DEL, the line
# and paragraph separators, both sides of the surrogate range, non-characters.
TRICKY = [
    '"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x01", "\x1f", "\x7f", "\x80",
    "\u00e9", "\u2028", "\u2029", "\ud7ff", "\ue000", "\ufb01", "\ufeff", "\uffff",
    "\U00010000", "\U0001d11e", "\U0001f600", "\U00020bb7", "\U0010ffff", "张", "三", "a", "",
]  # fmt: skip

# Any code point that UTF-8 can carry: everything but the surrogates U+D800..U+DFFF.
strings = st.text(st.characters(codec="utf-8"), max_size=12) | st.lists(
    st.sampled_from(TRICKY), max_size=6
).map("".join)
integers = st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER) | st.sampled_from(
    [0, 1, -1, MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER, 2**31, -(2**31), 2**32, 10**15]
)
scalars = st.none() | st.booleans() | integers | strings
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(strings, children, max_size=5)
    ),
    max_leaves=25,
)
event_data = st.dictionaries(strings, json_values, max_size=4)
tricky_names = st.lists(st.sampled_from(TRICKY), min_size=1, max_size=3).map("".join)

SETTINGS = settings(max_examples=300, deadline=None, database=None)


def reversed_members(value: Any) -> Any:
    """``value`` with every object's members inserted in reverse order."""
    if isinstance(value, dict):
        return {k: reversed_members(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_members(item) for item in value]
    return value


def nested_lists(depth: int, innermost: Any) -> Any:
    """``innermost`` wrapped in ``depth`` arrays."""
    value = innermost
    for _ in range(depth):
        value = [value]
    return value


@SETTINGS
@given(json_values)
def test_canonical_json_equals_the_rfc8785_reference_on_any_event_value(value: Any) -> None:
    """On strings, safe integers, booleans, null, arrays and objects both give the same bytes."""
    assert canonical_json(value) == rfc8785.dumps(value)


@SETTINGS
@given(event_data)
def test_canonical_json_equals_the_rfc8785_reference_on_event_data_objects(
    data: dict[str, Any],
) -> None:
    """Whole event-data objects, with arbitrary unicode member names, canonicalise identically."""
    envelope: dict[str, Any] = {
        "stream": "s",
        "seq": 1,
        "type": "t.T",
        "data": data,
        "prev": "0" * 64,
    }
    assert canonical_json(envelope) == rfc8785.dumps(envelope)


@SETTINGS
@given(st.dictionaries(tricky_names, integers, min_size=2, max_size=8))
def test_member_order_equals_the_rfc8785_reference_for_names_around_the_surrogates(
    data: dict[str, int],
) -> None:
    """Names mixing BMP, private-use and astral characters sort as the reference sorts them."""
    assert canonical_json(data) == rfc8785.dumps(data)


@settings(max_examples=150, deadline=None, database=None)
@given(event_data)
def test_canonical_bytes_do_not_depend_on_member_insertion_order(data: dict[str, Any]) -> None:
    """Objects holding the same members in another order give identical bytes."""
    assert canonical_json(reversed_members(data)) == canonical_json(data)


@settings(max_examples=150, deadline=None, database=None)
@given(json_values)
def test_canonical_bytes_parse_back_to_the_value_and_are_a_fixed_point(value: Any) -> None:
    """Parsing the bytes gives the value back, and canonicalising that again changes nothing."""
    encoded = canonical_json(value)
    parsed = json.loads(encoded)
    assert parsed == value
    assert canonical_json(parsed) == encoded


def test_rfc8785_sorting_example_gives_the_rfc_order() -> None:
    """The member names of RFC 8785 §3.2.3's example come out in the RFC's order."""
    example = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    names = list(json.loads(canonical_json(example)))
    assert names == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


def test_python_sort_keys_order_differs_from_canonical_order_above_the_bmp() -> None:
    """json.dumps(sort_keys=True) puts U+E000 before U+1F600; RFC 8785 puts it after."""
    value = {"\ue000": 1, "\U0001f600": 2}
    python = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert python.encode() == '{"\ue000":1,"\U0001f600":2}'.encode()
    assert canonical_json(value) == '{"\U0001f600":2,"\ue000":1}'.encode()
    assert canonical_json(value) == rfc8785.dumps(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"', b'"\\""'),
        ("\\", b'"\\\\"'),
        ("\n\t\r\b\f", b'"\\n\\t\\r\\b\\f"'),
        ("\x01", b'"\\u0001"'),
        ("\x1f", b'"\\u001f"'),
        ("\x7f", b'"\x7f"'),
        ("\u2028", '"\u2028"'.encode()),
        ("/", b'"/"'),
        ("张三", '"张三"'.encode()),
        ("\U0001f600", b'"\xf0\x9f\x98\x80"'),
    ],
)
def test_strings_are_escaped_as_ecmascript_json_stringify_does(text: str, expected: bytes) -> None:
    """Only the quote, backslash and controls below U+0020 are escaped; the rest is UTF-8."""
    assert canonical_json(text) == expected == rfc8785.dumps(text)


def test_booleans_are_written_as_literals_not_integers() -> None:
    """True and False are true and false, even though Python's bool is an int."""
    assert canonical_json([True, False, None, 1, 0]) == b"[true,false,null,1,0]"


@pytest.mark.parametrize("value", [MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER, 0])
def test_integers_up_to_2_to_the_53_minus_1_are_accepted(value: int) -> None:
    """The limits ±(2^53−1) themselves are inside the allowed range."""
    assert canonical_json({"n": value}) == f'{{"n":{value}}}'.encode()


@pytest.mark.parametrize(
    "value",
    [
        1.0,
        0.5,
        -0.0,
        float("nan"),
        float("inf"),
        {"amount": 12.5},
        [1, 2, 3.0],
        {"a": {"b": [{"c": 1e3}]}},
    ],
    ids=["one", "half", "negative-zero", "nan", "inf", "member", "array", "nested"],
)
def test_floats_anywhere_are_refused(value: Any) -> None:
    """A float at any depth raises FloatNotAllowed, even one with an integral value."""
    with pytest.raises(FloatNotAllowed):
        canonical_json(value)


@pytest.mark.parametrize(
    "value",
    [
        2**53,
        -(2**53),
        10**30,
        {"fine_fen": MAX_SAFE_INTEGER + 1},
        [0, [-(MAX_SAFE_INTEGER + 1)]],
    ],
    ids=["2^53", "-2^53", "10^30", "member", "nested-array"],
)
def test_integers_beyond_2_to_the_53_minus_1_are_refused(value: Any) -> None:
    """An integer outside ±(2^53−1) at any depth raises IntegerOutOfRange."""
    with pytest.raises(IntegerOutOfRange):
        canonical_json(value)


@pytest.mark.parametrize(
    "value",
    ["\ud800", "a\udfffb", {"name": "\udc00"}, ["ok", "\ud83d"], {"\ud800": 1}],
    ids=["high", "low-inside", "member-value", "array-item", "member-name"],
)
def test_lone_surrogates_in_values_or_names_are_refused(value: Any) -> None:
    """A string holding a lone surrogate cannot be UTF-8 and raises InvalidEventData."""
    with pytest.raises(InvalidEventData):
        canonical_json(value)


@pytest.mark.parametrize(
    "value",
    [{1: "a"}, {None: "a"}, {True: "a"}, {("a",): 1}, {"ok": {2: "nested"}}],
    ids=["int", "none", "bool", "tuple", "nested"],
)
def test_object_member_names_that_are_not_strings_are_refused(value: Any) -> None:
    """A dict key that is not a str raises InvalidEventData instead of being coerced."""
    with pytest.raises(InvalidEventData):
        canonical_json(value)


@pytest.mark.parametrize(
    "value",
    [
        Decimal("1.50"),
        UUID("3f2b8c1e-5d4a-4e6f-9a7b-2c1d0e9f8a71"),
        datetime(2026, 1, 1, tzinfo=UTC),
        b"bytes",
        (1, 2),
        {1, 2},
        object(),
    ],
    ids=["decimal", "uuid", "datetime", "bytes", "tuple", "set", "object"],
)
def test_values_that_are_not_json_types_are_refused(value: Any) -> None:
    """Decimal, UUID, datetime, bytes, tuples and sets are not silently normalised."""
    with pytest.raises(InvalidEventData):
        canonical_json({"value": value})


def test_nesting_up_to_max_depth_is_accepted() -> None:
    """A scalar inside MAX_DEPTH nested arrays is accepted."""
    value = nested_lists(MAX_DEPTH, "leaf")
    assert canonical_json(value) == b"[" * MAX_DEPTH + b'"leaf"' + b"]" * MAX_DEPTH


@pytest.mark.parametrize("extra", [1, 2, 10])
def test_nesting_deeper_than_max_depth_is_refused(extra: int) -> None:
    """A value inside more than MAX_DEPTH nested arrays or objects raises InvalidEventData."""
    with pytest.raises(InvalidEventData):
        canonical_json(nested_lists(MAX_DEPTH + extra, "leaf"))
    deep_object: Any = "leaf"
    for _ in range(MAX_DEPTH + extra):
        deep_object = {"k": deep_object}
    with pytest.raises(InvalidEventData):
        canonical_json(deep_object)


def test_refusal_names_the_path_of_the_offending_value() -> None:
    """The error detail points at the member that broke the rules."""
    with pytest.raises(FloatNotAllowed, match=r"\$\.fines\[1\]\.amount"):
        check_json_value({"fines": [{"amount": 1}, {"amount": 2.5}]})
