"""The event envelope, its hash, and how a stored row carries both (spec v1, DESIGN §2).

An event's *envelope* is exactly seven members::

    {"stream", "seq", "type", "at", "actor", "data", "prev"}

and its hash is::

    event_hash = SHA-256( "jianzheng:event:v1\\n" ‖ JCS(envelope) )

``prev`` is the ``event_hash`` of event ``seq − 1`` of the same stream, or 64 × "0"
for ``seq`` 1. A stored row's ``state`` column holds::

    state = event_hash (64 lower-case hex ASCII) ‖ 0x0A ‖ body

where ``body`` is the canonical bytes that were hashed (they begin with ``{``),
or, for streams whose personal data is encrypted at rest, the byte 0x01 followed
by an AES-GCM envelope of those bytes. Verification hashes the stored canonical
bytes as they are; it never re-encodes decoded objects.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.proof.errors import JianzhengError
from domain.proof.jcs import canonical_json

SPEC_VERSION = "jianzheng/v1"
EVENT_HASH_PREFIX = b"jianzheng:event:v1\n"
GENESIS_PREV = "0" * 64
ENVELOPE_FIELDS = ("stream", "seq", "type", "at", "actor", "data", "prev")
SYSTEM_ACTOR = "system"

PLAIN_BODY_MARK = ord("{")
ENCRYPTED_BODY_MARK = 0x01

_HEX64 = re.compile(r"[0-9a-f]{64}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# ASCII digits only (spec §1.1): ``\d`` would also match other scripts' digits.
_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
_TYPE = re.compile(r"[a-z][a-z0-9_]*\.[A-Z][A-Za-z0-9]*")


class EnvelopeError(ValueError):
    """Bytes that are not a well-formed v1 envelope; the message names the defect."""


def format_at(moment: datetime) -> str:
    """RFC 3339 UTC with microseconds and ``Z``: ``2026-11-28T22:07:33.123456Z``."""
    if moment.tzinfo is None:
        raise ValueError("event time must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_at(text: str) -> datetime:
    """Inverse of :func:`format_at`; ValueError for any other form or an impossible time."""
    if not _AT.fullmatch(text):
        raise ValueError(f"{text!r} is not of the form YYYY-MM-DDTHH:MM:SS.ffffffZ")
    # On this form ``fromisoformat`` (Python 3.11+) reads the ``Z`` as UTC and refuses
    # what ``strptime`` refused (hour 24, second 60, 30 February), in C.
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a real time") from None


def hash_canonical(canonical: bytes) -> str:
    """``event_hash`` of an envelope's canonical bytes, lower-case hex."""
    return hashlib.sha256(EVENT_HASH_PREFIX + canonical).hexdigest()


def canonical_envelope(
    *,
    stream: UUID | str,
    seq: int,
    event_type: str,
    at: str,
    actor: str,
    data: dict[str, Any],
    prev: str,
) -> bytes:
    """JCS bytes of the seven-member envelope (checks data for floats and range)."""
    return canonical_json(
        {
            "stream": str(stream),
            "seq": seq,
            "type": event_type,
            "at": at,
            "actor": actor,
            "data": data,
            "prev": prev,
        }
    )


@dataclass(frozen=True, slots=True)
class Envelope:
    """A decoded envelope, together with the exact bytes it was decoded from."""

    stream: str
    seq: int
    type: str
    at: str
    actor: str
    data: dict[str, Any]
    prev: str
    canonical: bytes
    event_hash: str
    moment: datetime
    """``at`` as a timezone-aware datetime."""

    def as_dict(self) -> dict[str, Any]:
        """The seven envelope members (without the hash)."""
        return {name: getattr(self, name) for name in ENVELOPE_FIELDS}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise EnvelopeError("an object has a duplicate member name")
    return obj


def _no_float(text: str) -> Any:
    raise EnvelopeError(f"number {text} is not an integer")


_STRICT_DECODER = json.JSONDecoder(
    object_pairs_hook=_no_duplicates, parse_float=_no_float, parse_constant=_no_float
)
_LIGHT_DECODER = json.JSONDecoder(parse_float=_no_float, parse_constant=_no_float)
"""Without the duplicate-name hook, which costs a Python call and a list per object."""

_MEMBERS = frozenset(ENVELOPE_FIELDS)


def _parse(canonical: bytes, decoder: json.JSONDecoder) -> Any:
    """``json.loads(canonical)`` with ``decoder``'s hooks, reading the bytes as it does.

    The decoders are made once: ``json.loads`` with hooks would make one on every call.
    """
    try:
        text = canonical.decode(json.detect_encoding(canonical), "surrogatepass")
        return decoder.decode(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EnvelopeError(f"not JSON: {exc}") from None
    except RecursionError:  # nesting no event has (§1.1 allows 32 levels): refused, not a crash
        raise EnvelopeError("not JSON: nested too deep") from None


def decode_envelope(canonical: bytes, *, strict: bool = True) -> Envelope:
    """Parse and check canonical bytes; the hash is computed over them as given.

    Refuses floats, ``NaN``/``Infinity``, malformed members and impossible times. With
    ``strict`` (verifiers) it also refuses duplicate member names, out-of-range integers
    and bytes that are not the canonical (JCS) form of what they hold (a duplicate name
    is never canonical); the store, which first checks that the bytes hash to the hash
    stored beside them, reads with ``strict=False`` and leaves these costlier checks to
    ``jianzheng verify --deep``.
    """
    obj = _parse(canonical, _STRICT_DECODER if strict else _LIGHT_DECODER)
    if not isinstance(obj, dict) or obj.keys() != _MEMBERS:
        found = sorted(obj) if isinstance(obj, dict) else type(obj).__name__
        raise EnvelopeError(f"envelope members are {found}, expected {sorted(ENVELOPE_FIELDS)}")
    stream, seq, type_, at = obj["stream"], obj["seq"], obj["type"], obj["at"]
    actor, data, prev = obj["actor"], obj["data"], obj["prev"]
    if not isinstance(stream, str) or not _UUID.fullmatch(stream):
        raise EnvelopeError(f"stream {stream!r} is not a lower-case hyphenated UUID")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise EnvelopeError(f"seq {seq!r} is not an integer ≥ 1")
    if not isinstance(type_, str) or not _TYPE.fullmatch(type_):
        raise EnvelopeError(f"type {type_!r} is not of the form kind.EventName")
    if not isinstance(at, str) or not _AT.fullmatch(at):
        raise EnvelopeError(f"at {at!r} is not RFC 3339 UTC with microseconds")
    try:
        moment = datetime.fromisoformat(at)  # parse_at, without checking the form again
    except ValueError:
        raise EnvelopeError(f"at {at!r} is not a real time") from None
    if not isinstance(actor, str) or not actor:
        raise EnvelopeError("actor is not a non-empty string")
    if not isinstance(data, dict):
        raise EnvelopeError("data is not a JSON object")
    if not isinstance(prev, str) or not _HEX64.fullmatch(prev):
        raise EnvelopeError(f"prev {prev!r} is not 64 lower-case hex digits")
    if strict:
        try:
            recoded = canonical_json(obj)
        except JianzhengError as exc:
            raise EnvelopeError(f"data is not event data: {exc}") from None
        if recoded != canonical:
            raise EnvelopeError("bytes are not the canonical (RFC 8785) form of the envelope")
    return Envelope(
        stream=stream,
        seq=seq,
        type=type_,
        at=at,
        actor=actor,
        data=data,
        prev=prev,
        canonical=canonical,
        event_hash=hash_canonical(canonical),
        moment=moment,
    )


def encode_state(event_hash: str, body: bytes) -> bytes:
    """The stored ``state`` column: hash, newline, body."""
    return event_hash.encode("ascii") + b"\n" + body


def split_state(state: bytes) -> tuple[str, bytes]:
    """Split a stored ``state`` into (stored event_hash, body), or raise EnvelopeError."""
    if len(state) < 66 or state[64:65] != b"\n":
        raise EnvelopeError("state does not start with a 64-digit hash and a newline")
    stored_hash = state[:64].decode("ascii", "replace")
    if not _HEX64.fullmatch(stored_hash):
        raise EnvelopeError("stored event_hash is not 64 lower-case hex digits")
    return stored_hash, state[65:]
