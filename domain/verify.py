"""Verification of stored hash chains (DESIGN §2), pure and storage-agnostic.

The input is the store's rows exactly as stored — global position, stream id,
``seq`` (the row's version column), topic and ``state`` bytes — in any order a
store can produce them cheaply (commit order). Verification runs in two steps:

1. :class:`ChainScanner` streams every row once, keeping only the head
   (``seq``, ``event_hash``) of each stream. Per row it checks, on the stored
   canonical bytes and never on a re-encoding: the stored hash equals
   SHA-256("jianzheng:event:v1\\n" ‖ bytes); the envelope's ``stream``, ``seq``
   and ``type`` equal the row's stream, version and topic; ``prev`` equals the
   head's hash; ``seq`` is the head's plus one. The envelope's tail
   (``prev``, ``seq``, ``stream``, ``type`` — last in JCS order) is read with one
   anchored match, so a healthy store costs little more than its SHA-256.
2. Each stream that failed is read again in full and :func:`classify_stream`
   names the first break: stream, ``seq``, global position, expected and found
   hashes, and its kind (:class:`BreakKind`).

Per-stream chains cannot show a deleted *last* event or a deleted whole stream;
the transparency log (DESIGN §3) closes that gap.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from domain.chain import (
    ENCRYPTED_BODY_MARK,
    EVENT_HASH_PREFIX,
    GENESIS_PREV,
    Envelope,
    EnvelopeError,
    decode_envelope,
    split_state,
)

BodyOpener = Callable[[str, int, bytes], bytes]
"""(stream, seq, encrypted body) → canonical bytes; raises on failure."""

_TAIL = re.compile(
    rb',"prev":"([0-9a-f]{64})","seq":([1-9][0-9]*),"stream":"([0-9a-f-]{36})",'
    rb'"type":"([a-z][a-z0-9_]*\.[A-Za-z0-9]+)"\}\Z'
)
_TAIL_START = b',"prev":"'
_HEAD = re.compile(
    rb'\{"actor":"[^"\\]+","at":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z","data":\{'
)


class BreakKind(StrEnum):
    """How a chain breaks; stable strings in reports."""

    CONTENT_ALTERED = "content-altered"
    EVENT_MISSING = "event-missing"
    EVENT_INSERTED = "event-inserted"
    ORDER_CHANGED = "order-changed"
    UNDECODABLE = "undecodable"


@dataclass(frozen=True, slots=True)
class StoredRow:
    """One row of the event store as stored."""

    position: int
    stream: str
    seq: int
    topic: str
    state: bytes


@dataclass(frozen=True, slots=True)
class Break:
    """The first place where one stream's chain does not hold."""

    stream: str
    seq: int
    position: int | None
    kind: BreakKind
    detail: str
    expected: str | None = None
    found: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "stream": self.stream,
            "seq": self.seq,
            "position": self.position,
            "kind": self.kind.value,
            "expected": self.expected,
            "found": self.found,
            "detail": self.detail,
        }


@dataclass
class Report:
    """The outcome of verifying a store."""

    events: int = 0
    streams: int = 0
    bytes: int = 0
    breaks: list[Break] = field(default_factory=list)
    blobs_checked: int = 0
    blob_problems: list[dict[str, Any]] = field(default_factory=list)
    leaves_checked: int = 0
    checkpoints_checked: int = 0
    log_problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when chains, blobs and the transparency log all hold."""
        return not self.breaks and not self.blob_problems and not self.log_problems

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the shape of ``jianzheng verify --json`` and the API)."""
        return {
            "ok": self.ok,
            "events": self.events,
            "streams": self.streams,
            "bytes": self.bytes,
            "breaks": [b.as_dict() for b in self.breaks],
            "blobs_checked": self.blobs_checked,
            "blob_problems": self.blob_problems,
            "leaves_checked": self.leaves_checked,
            "checkpoints_checked": self.checkpoints_checked,
            "log_problems": self.log_problems,
        }


def _open_canonical(row: StoredRow, body: bytes, opener: BodyOpener | None) -> bytes:
    if body[:1] == b"{":
        return body
    if body[:1] == bytes([ENCRYPTED_BODY_MARK]):
        if opener is None:
            raise EnvelopeError("body is encrypted and no key was given")
        return opener(row.stream, row.seq, body)
    raise EnvelopeError("body is neither canonical JSON nor an encrypted envelope")


class ChainScanner:
    """Step 1: one streaming pass that finds which streams are broken.

    With ``deep=True`` every envelope is also decoded strictly and checked to be in
    canonical form (:func:`domain.chain.decode_envelope`), which catches a faulty
    writer, not only a tamperer, at several times the cost.
    """

    def __init__(self, opener: BodyOpener | None = None, *, deep: bool = False) -> None:
        self._opener = opener
        self._deep = deep
        self._heads: dict[str, tuple[int, bytes]] = {}
        self.broken: set[str] = set()
        self.events = 0
        self.bytes = 0

    @property
    def streams(self) -> int:
        """Streams seen so far."""
        return len(self._heads)

    def feed(self, row: StoredRow) -> None:
        """Check one row against its stream's head."""
        self.events += 1
        self.bytes += len(row.state)
        stream = row.stream
        head = self._heads.get(stream)
        self._heads[stream] = (row.seq, b"")
        if stream in self.broken:
            return
        try:
            stored_hash, body = split_state(row.state)
            canonical = _open_canonical(row, body, self._opener)
        except (EnvelopeError, ValueError):
            self.broken.add(stream)
            return
        digest = hashlib.sha256(EVENT_HASH_PREFIX + canonical).hexdigest()
        match = _TAIL.match(canonical, canonical.rfind(_TAIL_START))
        if _HEAD.match(canonical) is None:
            match = None
        elif self._deep:
            try:
                decode_envelope(canonical)
            except EnvelopeError:
                match = None
        head_seq, head_hash = head if head is not None else (0, GENESIS_PREV.encode())
        if (
            digest != stored_hash
            or match is None
            or match[1] != head_hash
            or int(match[2]) != row.seq
            or row.seq != head_seq + 1
            or match[3].decode() != stream
            or match[4].decode() != row.topic
        ):
            self.broken.add(stream)
            return
        self._heads[stream] = (row.seq, digest.encode())


@dataclass
class _Decoded:
    row: StoredRow
    envelope: Envelope | None
    stored_hash: str | None
    error: str | None

    @property
    def hash(self) -> str | None:
        return self.envelope.event_hash if self.envelope else None


def _decode(row: StoredRow, opener: BodyOpener | None) -> _Decoded:
    try:
        stored_hash, body = split_state(row.state)
        envelope = decode_envelope(_open_canonical(row, body, opener))
    except (EnvelopeError, ValueError) as exc:
        return _Decoded(row, None, None, str(exc))
    return _Decoded(row, envelope, stored_hash, None)


def classify_stream(
    stream: str, rows: Sequence[StoredRow], opener: BodyOpener | None = None
) -> Break | None:
    """Step 2: name the first break in one stream's rows (sorted by ``seq`` here)."""
    decoded = [_decode(r, opener) for r in sorted(rows, key=lambda r: r.seq)]
    later_hashes: dict[str, int] = {d.hash: i for i, d in enumerate(decoded) if d.hash}
    prev_hash, prev_seq = GENESIS_PREV, 0
    for i, d in enumerate(decoded):
        row, env = d.row, d.envelope
        if env is None:
            return Break(stream, row.seq, row.position, BreakKind.UNDECODABLE, d.error or "")
        if env.stream != stream:
            return Break(
                stream, row.seq, row.position, BreakKind.EVENT_INSERTED,
                f"row holds event seq {env.seq} of stream {env.stream}",
                expected=stream, found=env.stream,
            )  # fmt: skip
        if d.stored_hash != env.event_hash:
            return Break(
                stream, row.seq, row.position, BreakKind.CONTENT_ALTERED,
                "stored bytes do not hash to the stored event_hash",
                expected=d.stored_hash, found=env.event_hash,
            )  # fmt: skip
        if env.prev != prev_hash:
            return _classify_link(stream, decoded, i, prev_hash, prev_seq, later_hashes)
        if env.seq != row.seq or row.seq != prev_seq + 1:
            return Break(
                stream, row.seq, row.position, BreakKind.ORDER_CHANGED,
                f"row seq {row.seq} holds envelope seq {env.seq} after seq {prev_seq}",
                expected=str(prev_seq + 1), found=str(env.seq),
            )  # fmt: skip
        if env.type != row.topic:
            return Break(
                stream, row.seq, row.position, BreakKind.CONTENT_ALTERED,
                f"topic column {row.topic!r} differs from envelope type {env.type!r}",
                expected=env.type, found=row.topic,
            )  # fmt: skip
        prev_hash, prev_seq = env.event_hash, env.seq
    return None


def _classify_link(
    stream: str,
    decoded: list[_Decoded],
    i: int,
    prev_hash: str,
    prev_seq: int,
    index_of: dict[str, int],
) -> Break:
    """Row ``i``'s ``prev`` does not match the hash of row ``i − 1``: say why."""
    row, env = decoded[i].row, decoded[i].envelope
    assert env is not None  # the caller returned on undecodable rows
    following = decoded[i + 1].envelope if i + 1 < len(decoded) else None
    if i >= 2 and env.prev == decoded[i - 2].hash:
        inserted = decoded[i - 1].row
        return Break(
            stream, inserted.seq, inserted.position, BreakKind.EVENT_INSERTED,
            f"seq {row.seq} links to seq {decoded[i - 2].row.seq}, skipping seq {inserted.seq}",
            expected=env.prev, found=decoded[i - 1].hash,
        )  # fmt: skip
    if index_of.get(env.prev, -1) > i:
        return Break(
            stream, row.seq, row.position, BreakKind.ORDER_CHANGED,
            f"seq {row.seq} links to an event stored later in the stream",
            expected=prev_hash, found=env.prev,
        )  # fmt: skip
    if following is not None and following.prev == prev_hash:
        return Break(
            stream, row.seq, row.position, BreakKind.EVENT_INSERTED,
            f"seq {row.seq + 1} links to seq {prev_seq}, skipping seq {row.seq}",
            expected=prev_hash, found=env.prev,
        )  # fmt: skip
    if env.seq > prev_seq + 1 or row.seq > prev_seq + 1:
        return Break(
            stream, prev_seq + 1, row.position, BreakKind.EVENT_MISSING,
            f"seq {prev_seq + 1} is missing: seq {env.seq} links to an event not in the store",
            expected=env.prev, found=prev_hash if prev_seq else None,
        )  # fmt: skip
    if i == 0:
        return Break(
            stream, row.seq, row.position, BreakKind.CONTENT_ALTERED,
            "first event does not link to the genesis value",
            expected=GENESIS_PREV, found=env.prev,
        )  # fmt: skip
    altered = decoded[i - 1].row
    return Break(
        stream, altered.seq, altered.position, BreakKind.CONTENT_ALTERED,
        f"seq {altered.seq} does not hash to the prev that seq {row.seq} commits to",
        expected=env.prev, found=prev_hash,
    )  # fmt: skip


def verify_rows(
    rows: Callable[[], Iterable[StoredRow]],
    opener: BodyOpener | None = None,
    progress: Callable[[int], None] | None = None,
    *,
    deep: bool = False,
) -> Report:
    """Verify every chain; ``rows()`` is called once, or twice when something breaks."""
    scanner = ChainScanner(opener, deep=deep)
    for row in rows():
        scanner.feed(row)
        if progress is not None:
            progress(1)
    report = Report(events=scanner.events, streams=scanner.streams, bytes=scanner.bytes)
    if scanner.broken:
        by_stream: dict[str, list[StoredRow]] = {s: [] for s in scanner.broken}
        for row in rows():
            if row.stream in by_stream:
                by_stream[row.stream].append(row)
        for stream in sorted(by_stream):
            rows_of = by_stream[stream]
            found = classify_stream(stream, rows_of, opener)
            if found is None:  # chains when sorted by seq, but was not stored in seq order
                first = min(rows_of, key=lambda r: r.position)
                found = Break(
                    stream, first.seq, first.position, BreakKind.ORDER_CHANGED,
                    "the stream's rows were not committed in seq order",
                )  # fmt: skip
            report.breaks.append(found)
        report.breaks.sort(key=lambda b: (b.position is None, b.position or 0))
    return report
