"""RFC 8785 JSON Canonicalization Scheme (JCS) for the JSON subset that events hold.

Event data holds strings, integers in ±(2^53−1), booleans, null, arrays and
objects, never floats (DESIGN §2). On that subset JCS reduces to:

* object members sorted by their names compared as arrays of UTF-16 code units
  (RFC 8785 §3.2.3) — *not* by Unicode code points, which is what
  ``json.dumps(sort_keys=True)`` does; the two differ when a name holds a
  character above U+FFFF next to one in U+E000..U+FFFF;
* no whitespace; strings escaped exactly as ECMAScript ``JSON.stringify`` does
  (``\\b \\t \\n \\f \\r \\" \\\\`` and ``\\u00xx`` in lower-case hex for the other
  control characters; everything else literal UTF-8), which is what the
  standard library's encoder does with ``ensure_ascii=False``;
* integers in their shortest decimal form.

So :func:`canonical_json` checks the value (:func:`check_json_value`), orders the
members, and lets the C-accelerated standard encoder write the bytes. The test
suite proves it byte-equal to the ``rfc8785`` reference package on random data
and on the published vectors in ``docs/test-vectors/events.json``.
"""

from __future__ import annotations

import json
from typing import Any

from domain.proof.errors import FloatNotAllowed, IntegerOutOfRange, InvalidEventData

MAX_SAFE_INTEGER = 2**53 - 1
"""Largest integer every JSON consumer reads exactly (I-JSON, RFC 7493 §2.2)."""

MAX_DEPTH = 32
"""Deepest nesting of arrays and objects accepted in event data."""

_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
)


def _utf16_key(name: str) -> bytes:
    """Sort key of RFC 8785 §3.2.3: the name as big-endian UTF-16 code units."""
    return name.encode("utf-16-be", "surrogatepass")


def check_json_value(value: Any, path: str = "$", depth: int = 0) -> None:
    """Raise a domain error naming ``path`` unless ``value`` is in the event-data subset."""
    if depth > MAX_DEPTH:
        raise InvalidEventData(f"{path}: nested deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str):
            _check_string(value, path)
        return
    if isinstance(value, int):
        if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
            raise IntegerOutOfRange(f"{path}: {value} is outside ±(2^53−1)")
        return
    if isinstance(value, float):
        raise FloatNotAllowed(
            f"{path}: {value!r} is a float; use integers (money in fen) or strings"
        )
    if isinstance(value, list):
        for index, item in enumerate(value):
            check_json_value(item, f"{path}[{index}]", depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidEventData(f"{path}: object member name {key!r} is not a string")
            _check_string(key, path)
            check_json_value(item, f"{path}.{key}", depth + 1)
        return
    raise InvalidEventData(f"{path}: {type(value).__name__} is not a JSON value")


def _check_string(value: str, path: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidEventData(f"{path}: string holds a lone surrogate") from None


def _ordered(value: Any) -> Any:
    """Copy ``value`` with every object's members inserted in RFC 8785 order."""
    if isinstance(value, dict):
        return {k: _ordered(value[k]) for k in sorted(value, key=_utf16_key)}
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of ``value`` (checked to be event-data JSON)."""
    check_json_value(value)
    return _ENCODER.encode(_ordered(value)).encode("utf-8")
