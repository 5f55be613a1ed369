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

from domain.errors import JianzhengError
from domain.jcs import canonical_json

SPEC_VERSION = "jianzheng/v1"
EVENT_HASH_PREFIX = b"jianzheng:event:v1\n"
GENESIS_PREV = "0" * 64
ENVELOPE_FIELDS = ("stream", "seq", "type", "at", "actor", "data", "prev")
SYSTEM_ACTOR = "system"

PLAIN_BODY_MARK = ord("{")
ENCRYPTED_BODY_MARK = 0x01

_HEX64 = re.compile(r"[0-9a-f]{64}")
_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
_TYPE = re.compile(r"[a-z][a-z0-9_]*\.[A-Z][A-Za-z0-9]*")


class EnvelopeError(ValueError):
    """Bytes that are not a well-formed v1 envelope; the message names the defect."""


def format_at(moment: datetime) -> str:
    """RFC 3339 UTC with microseconds and ``Z``: ``2026-11-28T22:07:33.123456Z``."""
    if moment.tzinfo is None:
        raise ValueError("event time must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_at(text: str) -> datetime:
    """Inverse of :func:`format_at`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


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


def decode_envelope(canonical: bytes, *, strict: bool = True) -> Envelope:
    """Parse and check canonical bytes; the hash is computed over them as given.

    Refuses duplicate member names, floats, ``NaN``/``Infinity``, malformed members and
    impossible times. With ``strict`` (verifiers) it also refuses out-of-range integers
    and bytes that are not the canonical (JCS) form of what they hold; the store, which
    first checks that the bytes hash to the hash stored beside them, reads with
    ``strict=False`` and leaves that costlier check to ``jianzheng verify --deep``.
    """
    try:
        obj = json.loads(
            canonical,
            object_pairs_hook=_no_duplicates,
            parse_float=_no_float,
            parse_constant=_no_float,
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EnvelopeError(f"not JSON: {exc}") from None
    if not isinstance(obj, dict) or set(obj) != set(ENVELOPE_FIELDS):
        found = sorted(obj) if isinstance(obj, dict) else type(obj).__name__
        raise EnvelopeError(f"envelope members are {found}, expected {sorted(ENVELOPE_FIELDS)}")
    stream, seq, type_, at = obj["stream"], obj["seq"], obj["type"], obj["at"]
    actor, data, prev = obj["actor"], obj["data"], obj["prev"]
    if not isinstance(stream, str) or str(_uuid_or_none(stream)) != stream:
        raise EnvelopeError(f"stream {stream!r} is not a lower-case hyphenated UUID")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise EnvelopeError(f"seq {seq!r} is not an integer ≥ 1")
    if not isinstance(type_, str) or not _TYPE.fullmatch(type_):
        raise EnvelopeError(f"type {type_!r} is not of the form kind.EventName")
    if not isinstance(at, str) or not _AT.fullmatch(at):
        raise EnvelopeError(f"at {at!r} is not RFC 3339 UTC with microseconds")
    try:
        moment = parse_at(at)
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


def _uuid_or_none(text: str) -> UUID | None:
    try:
        return UUID(text)
    except ValueError:
        return None


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
