"""Chained aggregates: every event of every stream is hash-linked (DESIGN §2).

:class:`ChainedAggregate` builds on ``eventsourcing``'s ``Aggregate``. Its events
carry two envelope members besides their own fields: ``actor`` (who caused the
event) and ``prev`` (the previous event's hash). When an event object is made,
it computes its canonical envelope bytes and ``event_hash`` once; the persistence
mapper stores exactly those bytes, and decoding keeps the bytes it read.

Event ``type`` names are stable strings, ``<STREAM_KIND>.<EventName>``
(``actors.Registered``), registered in :data:`EVENT_TYPES` when an aggregate
class is defined, so modules and classes can move without breaking old records.

The hooks used here (``Aggregate._create``, ``trigger_event``, event
``__post_init__`` and ``mutate``) are internals of ``eventsourcing`` 9.5; the
unit tests exercise each of them so that an upgrade that changes them fails.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, ClassVar, cast
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.proof.chain import (
    ENVELOPE_FIELDS,
    GENESIS_PREV,
    Envelope,
    canonical_envelope,
    format_at,
    hash_canonical,
)
from domain.records.errors import ChainBroken

EVENT_TYPES: dict[str, type[ChainedAggregate.Event]] = {}
"""Stable ``type`` name → event class, for every chained aggregate defined."""

STREAM_KINDS: dict[str, type[ChainedAggregate]] = {}
"""``STREAM_KIND`` → aggregate class."""

_NOT_DATA = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "actor", "prev"}
)
_data_fields: dict[type[Any], tuple[str, ...]] = {}


def _data_field_names(cls: type[Any]) -> tuple[str, ...]:
    """The dataclass fields of an event class that form the envelope's ``data``."""
    try:
        return _data_fields[cls]
    except KeyError:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in _NOT_DATA)
        _data_fields[cls] = names
        return names


@lru_cache(maxsize=1024)
def _data_field_set(cls: type[Any]) -> frozenset[str]:
    """:func:`_data_field_names` as a set, to check decoded data against."""
    return frozenset(_data_field_names(cls))


_stream_id = lru_cache(maxsize=4096)(UUID)
"""``UUID(text)``, remembered: every event of a stream that is loaded names the same one."""


class ChainedAggregate(Aggregate):
    """Base of every aggregate whose events form a hash chain."""

    STREAM_KIND: ClassVar[str] = ""

    class Event(Aggregate.Event):
        """An event with the envelope members ``actor`` and ``prev``."""

        TYPE: ClassVar[str] = ""

        actor: str
        prev: str

        def __post_init__(self) -> None:
            super().__post_init__()
            data = {name: getattr(self, name) for name in _data_field_names(type(self))}
            canonical = canonical_envelope(
                stream=self.originator_id,
                seq=self.originator_version,
                event_type=self.TYPE,
                at=format_at(self.timestamp),
                actor=self.actor,
                data=data,
                prev=self.prev,
            )
            object.__setattr__(self, "canonical", canonical)
            object.__setattr__(self, "event_hash", hash_canonical(canonical))

        @property
        def envelope(self) -> Envelope:
            """This event's envelope decoded from its canonical bytes."""
            from domain.proof.chain import decode_envelope

            return decode_envelope(self.canonical_bytes)

        @property
        def canonical_bytes(self) -> bytes:
            """The exact bytes that were hashed."""
            return cast(bytes, self.__dict__["canonical"])

        @property
        def hash(self) -> str:
            """``event_hash`` in lower-case hex."""
            return cast(str, self.__dict__["event_hash"])

        def mutate(self, aggregate: Any) -> Any:
            """Refuse to apply an event that does not link to the aggregate's head."""
            head = GENESIS_PREV if aggregate is None else aggregate.chain_head
            if self.prev != head:
                raise ChainBroken(
                    f"stream {self.originator_id} seq {self.originator_version}: "
                    f"prev {self.prev} does not match the hash of seq "
                    f"{self.originator_version - 1} ({head})"
                )
            result = super().mutate(aggregate)
            assert result is not None  # eventsourcing returns the (new) aggregate
            result._chain_head = self.hash
            return result

    class Created(Event, Aggregate.Created):
        """First event of a stream."""

    _chain_head: str

    @property
    def chain_head(self) -> str:
        """``event_hash`` of the latest event applied."""
        return self._chain_head

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("STREAM_KIND")
        if not kind:
            return
        if kind in STREAM_KINDS and STREAM_KINDS[kind].__qualname__ != cls.__qualname__:
            raise TypeError(f"stream kind {kind!r} is already used by {STREAM_KINDS[kind]}")
        STREAM_KINDS[kind] = cls
        for name, value in list(cls.__dict__.items()):
            if isinstance(value, type) and issubclass(value, ChainedAggregate.Event):
                if name == "Event":
                    continue
                type_name = f"{kind}.{name}"
                value.TYPE = type_name
                EVENT_TYPES[type_name] = value

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:  # noqa: A002
        kwargs["prev"] = GENESIS_PREV
        return super()._create(event_class, id=id, **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        """Link the new event to the head of the chain."""
        kwargs["prev"] = self._chain_head
        super().trigger_event(event_class, **kwargs)


def event_from_envelope(envelope: Envelope) -> ChainedAggregate.Event:
    """Rebuild an event object from a stored envelope, keeping its exact bytes.

    The object is made without calling ``__init__`` (as ``eventsourcing``'s own
    mapper does) so nothing is re-encoded: ``canonical`` is the stored bytes.
    """
    try:
        cls = EVENT_TYPES[envelope.type]
    except KeyError:
        raise KeyError(f"unknown event type {envelope.type!r}") from None
    state: dict[str, Any] = dict(envelope.data)
    if not state.keys() <= _data_field_set(cls):
        unknown = state.keys() - _data_field_set(cls)
        raise KeyError(f"{envelope.type} has no fields {sorted(unknown)}")
    state["originator_id"] = _stream_id(envelope.stream)
    state["originator_version"] = envelope.seq
    state["timestamp"] = envelope.moment
    state["actor"] = envelope.actor
    state["prev"] = envelope.prev
    if issubclass(cls, Aggregate.Created):
        kind = envelope.type.split(".", 1)[0]
        state["originator_topic"] = _aggregate_topic(STREAM_KINDS[kind])
    state["canonical"] = envelope.canonical
    state["event_hash"] = envelope.event_hash
    event = object.__new__(cls)
    object.__setattr__(event, "__dict__", state)
    return event


def _aggregate_topic(cls: type[ChainedAggregate]) -> str:
    from eventsourcing.utils import get_topic

    return get_topic(cls)


__all__ = [
    "ENVELOPE_FIELDS",
    "EVENT_TYPES",
    "STREAM_KINDS",
    "ChainedAggregate",
    "event_from_envelope",
]
