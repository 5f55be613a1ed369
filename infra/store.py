"""The event store: an ``eventsourcing`` Application whose mapper stores chained envelopes.

Rows are written as ``event_hash ‖ "\\n" ‖ canonical bytes`` (``domain.proof.chain``) with the
event's stable ``type`` as topic, so a row read back yields the exact bytes that were
hashed. The library's JSON transcoder, upcasting and topic resolution by module path
are not used for chained events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import (
    IntegrityError,
    Mapper,
    StoredEvent,
    Transcoder,
)
from eventsourcing.utils import Environment

from domain.proof.chain import Envelope, decode_envelope, encode_state, split_state
from domain.proof.verify import StoredRow
from domain.records.aggregate import ChainedAggregate, event_from_envelope
from domain.records.errors import ChainBroken, ChainConflict, LogInconsistent, NotFound
from infra import idempotency, ledger
from infra.files import private_dir, private_sqlite, tighten_sqlite
from infra.sealing import SEALED_KINDS, Sealer, load_or_create_data_key
from infra.settings import Settings

A = TypeVar("A", bound=ChainedAggregate)


class ChainMapper(Mapper[UUID]):
    """Maps chained events to rows holding their exact canonical bytes, and back.

    Events of sealed kinds (``infra/sealing.py``) are stored encrypted; their hash is
    always of the plaintext canonical bytes.
    """

    def __init__(self, transcoder: Transcoder, sealer: Sealer) -> None:
        super().__init__(transcoder=transcoder)
        self.sealer = sealer

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        """Store the bytes the event hashed when it was made; nothing is re-encoded."""
        if not isinstance(domain_event, ChainedAggregate.Event):
            raise TypeError(f"only chained events are stored, not {type(domain_event)}")
        body = domain_event.canonical_bytes
        if domain_event.TYPE.split(".", 1)[0] in SEALED_KINDS:
            body = self.sealer.seal(
                str(domain_event.originator_id), domain_event.originator_version, body
            )
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=domain_event.TYPE,
            state=encode_state(domain_event.hash, body),
        )

    def open_body(self, stream: str, seq: int, body: bytes) -> bytes:
        """The canonical bytes of a stored body, decrypting a sealed one."""
        if body[:1] == b"{":
            return body
        return self.sealer.open(stream, seq, body)

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        """Rebuild the event from the stored bytes, refusing rows that do not hold."""
        try:
            stored_hash, body = split_state(stored_event.state)
            envelope = decode_envelope(
                self.open_body(
                    str(stored_event.originator_id), stored_event.originator_version, body
                ),
                strict=False,  # the stored-hash check below stands for the canonical check
            )
        except ValueError as exc:
            raise ChainBroken(
                f"stream {stored_event.originator_id} seq "
                f"{stored_event.originator_version}: undecodable ({exc})"
            ) from None
        if (
            envelope.event_hash != stored_hash
            or envelope.stream != str(stored_event.originator_id)
            or envelope.seq != stored_event.originator_version
            or envelope.type != stored_event.topic
        ):
            raise ChainBroken(
                f"stream {stored_event.originator_id} seq {stored_event.originator_version}: "
                "row does not match its envelope or hash; run `jianzheng verify`"
            )
        return event_from_envelope(envelope)


def project(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply stored events in turn (the library's projector asserts a runtime-checkable
    protocol on every event, which costs more than decoding the event)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


@dataclass(frozen=True)
class Appended:
    """What a write answers for each new event (DESIGN §6)."""

    stream: str
    seq: int
    type: str
    event_hash: str
    position: int | None = None
    leaf_index: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "stream": self.stream,
            "seq": self.seq,
            "type": self.type,
            "event_hash": self.event_hash,
            "leaf_index": self.leaf_index,
        }


class EventStore(Application[UUID]):
    """The single event store of a deployment (one table, one notification order)."""

    name = "Jianzheng"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Private at rest whatever the umask (``infra/files.py``): the data directory 0700,
        # the SQLite database 0600 before SQLite first opens it (its -wal and -shm follow).
        private_dir(settings.data_dir)
        if settings.backend == "sqlite":
            private_sqlite(settings.sqlite_path)
        super().__init__(env=settings.eventsourcing_env())
        if settings.backend == "sqlite":
            tighten_sqlite(settings.sqlite_path)

    def construct_env(self, name: str, env: Any = None) -> Environment:
        """Only the mapping built from our settings: never the process environment."""
        return Environment(name, dict(env or {}))

    def construct_mapper(self) -> Mapper[UUID]:
        """The chain mapper (see module docstring)."""
        key = load_or_create_data_key(self.settings.data_key, self.settings.data_dir / "data.key")
        return ChainMapper(self.construct_transcoder(), Sealer(key))

    @property
    def sealer(self) -> Sealer:
        """The data key's sealer (AES-256-GCM)."""
        mapper = self.mapper
        assert isinstance(mapper, ChainMapper)
        return mapper.sealer

    def open_body(self, stream: str, seq: int, body: bytes) -> bytes:
        """Canonical bytes of a stored body (decrypting sealed kinds): the verifier's opener."""
        mapper = self.mapper
        assert isinstance(mapper, ChainMapper)
        return mapper.open_body(stream, seq, body)

    def envelope(self, row: StoredRow) -> Envelope:
        """The decoded envelope of a stored row."""
        _, body = split_state(row.state)
        return decode_envelope(self.open_body(row.stream, row.seq, body), strict=False)

    # -- reading ------------------------------------------------------------------------

    def load(self, cls: type[A], stream: UUID) -> A:
        """The aggregate of class ``cls`` at ``stream``, or :class:`NotFound`.

        The stream is used only if the log vouches for it (:meth:`vouch`).
        """
        try:
            aggregate: Any = self.repository.get(stream, projector_func=project)
        except AggregateNotFoundError:
            self._vouch_absent(stream)
            raise NotFound(f"no {cls.STREAM_KIND} stream {stream}") from None
        self.vouch(aggregate)
        if not isinstance(aggregate, cls):
            # The same answer as for an id that exists nowhere: a 404 must not confirm that
            # an id names some other stream (a child's file, a report…).
            raise NotFound(f"no {cls.STREAM_KIND} stream {stream}")
        return aggregate

    def vouch(self, aggregate: ChainedAggregate) -> None:
        """Refuse a stream whose last event is not the log's last leaf of that stream.

        One indexed read of the leaves (``infra/ledger.py: stream_heads``) finds a stored
        row that has no leaf (forged), a leaf whose hash differs from the row (altered),
        and a leaf whose row is gone (the stream's last events deleted). With the aggregate
        cache on, the stored head is also read, so a cached stream is reused only while the
        stored rows still end where it ends. On any of these the service raises
        :class:`LogInconsistent` naming the stream, and records an alarm that stops
        checkpoint signing until a verification passes.
        """
        self._vouch_head(aggregate.id, aggregate.version, aggregate.chain_head,
                         cached=self.repository.cache is not None)  # fmt: skip

    def history(self, stream: UUID) -> list[Any]:
        """Every stored event of ``stream`` in order, once the log vouches for its end."""
        events: list[Any] = list(self.events.get(stream))
        if not events:
            self._vouch_absent(stream)
            raise NotFound(f"no stream {stream}")
        last = events[-1]
        self._vouch_head(stream, last.originator_version, last.hash, cached=False)
        return events

    def _vouch_head(self, stream: UUID, seq: int, head: str, *, cached: bool) -> None:
        recorder: Any = self.recorder
        if cached:
            last = recorder.select_events(stream, desc=True, limit=1)
            stored = (last[0].originator_version, last[0].state[:64].decode()) if last else None
            if stored is None:
                self._inconsistent(stream, "the log holds events of this stream, none is stored")
            if stored != (seq, head):
                self._inconsistent(
                    stream, f"the stored rows end at seq {stored[0]}, not at seq {seq} ({head})"
                )  # fmt: skip
        heads = recorder.leaf_heads(stream, seq)
        if not heads or heads[0] != (seq, bytes.fromhex(head)):
            found = f"seq {heads[0][0]} ({heads[0][1].hex()})" if heads else "no leaf"
            self._inconsistent(
                stream,
                f"its last stored event, seq {seq} ({head}), is not a leaf of the log "
                f"(the log holds {found} there)",
            )
        if len(heads) > 1 and not recorder.select_events(stream, gt=seq, limit=1):
            self._inconsistent(
                stream,
                f"the log holds seq {heads[1][0]} of this stream, which is no longer stored "
                f"(the stored stream ends at seq {seq})",
            )

    def _vouch_absent(self, stream: UUID) -> None:
        """A stream with no stored rows must have no leaves either (a deleted stream)."""
        recorder: Any = self.recorder
        heads = recorder.leaf_heads(stream, 1)
        if heads and not recorder.select_events(stream, limit=1):
            self._inconsistent(stream, "the log holds events of this stream, none is stored")

    def _inconsistent(self, stream: UUID | str, detail: str) -> NoReturn:
        message = f"stream {stream}: {detail}; run `jianzheng verify`"
        recorder: Any = self.recorder
        recorder.alarm(str(stream), message)
        error = LogInconsistent(message)
        error.extra["stream"] = str(stream)
        raise error

    def exists(self, stream: UUID) -> bool:
        """Whether any event was stored for ``stream``."""
        return bool(self.recorder.select_events(stream, limit=1))

    def rows(
        self, batch: int = 2000, *, after: int | None = None, topics: Sequence[str] = ()
    ) -> Iterator[StoredRow]:
        """Stored rows in commit (notification) order, as stored (after a position, of topics)."""
        select_rows = self.recorder.select_rows  # type: ignore[attr-defined]
        start = after
        while True:
            page = select_rows(start, batch, topics)
            if not page:
                return
            for row in page:
                yield StoredRow(*row)
            start = page[-1][0]

    def event_count(self) -> int:
        """Number of stored rows (by counting; for tests and reports)."""
        return sum(1 for _ in self.rows())

    # -- writing ------------------------------------------------------------------------

    def append(self, *aggregates: ChainedAggregate) -> list[Appended]:
        """Save the pending events of ``aggregates`` in one transaction (the event
        recorder's, which also writes their log leaves: ``infra/ledger.py``).

        A lost race on any stream's ``seq`` raises :class:`ChainConflict`: nothing
        of this call was stored, and no chain forked. When the request being served
        carries an ``Idempotency-Key`` (``infra/idempotency.py``), its first transaction
        claims the key; if another request claimed it first, nothing is stored and
        :class:`~infra.idempotency.IdempotencyConflict` is raised.
        """
        pending: list[ChainedAggregate.Event] = []
        for aggregate in aggregates:
            for event in aggregate.collect_events():
                if not isinstance(event, ChainedAggregate.Event):
                    raise TypeError(f"only chained events are stored, not {type(event)}")
                pending.append(event)
        if not pending:
            return []
        claim = idempotency.current.get()
        if claim is not None and claim.recorded:
            claim = None  # the request's first transaction claimed its key
        mapper = self.mapper
        stored = [mapper.to_stored_event(e) for e in pending]
        try:
            positions = self.recorder.insert_events(stored, claim=claim) or []
        except IntegrityError as exc:
            if "jz_log_leaves" in str(exc):
                # A new event got the position of an existing leaf: rows were deleted from the
                # end of the events table (SQLite reuses their row ids) behind our back.
                self._inconsistent(
                    stored[0].originator_id,
                    "a new event would take the position of an existing leaf: stored events "
                    "were deleted",
                )
            raise ChainConflict(
                "another writer appended to the same stream first; reload and retry"
            ) from None
        if claim is not None:
            claim.recorded = True
        leaves: dict[int, int] = getattr(ledger.appended, "leaves", {})
        return [
            Appended(str(e.originator_id), e.originator_version, e.TYPE, e.hash,
                     position, leaves.get(position))
            for e, position in zip(pending, positions, strict=True)
        ]  # fmt: skip

    def command(
        self,
        cls: type[A],
        stream: UUID,
        action: Callable[[A], Sequence[ChainedAggregate] | None],
        *,
        retries: int = 3,
    ) -> list[Appended]:
        """Load ``stream``, run ``action`` on it, append — retrying lost races.

        ``action`` may return further aggregates to save in the same transaction.
        Each retry reloads the stream, so the command is decided again on fresh
        state; after ``retries`` lost races the caller gets :class:`ChainConflict`.
        """
        attempt = 0
        while True:
            aggregate: A = self.load(cls, stream)
            extra = action(aggregate) or ()
            try:
                return self.append(aggregate, *extra)
            except ChainConflict:
                attempt += 1
                if attempt > retries:
                    raise
