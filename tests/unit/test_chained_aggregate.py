"""The chained-aggregate hooks on ``eventsourcing`` 9.5 (DESIGN §2, §8).

These tests exercise each library hook we rely on (``_create``, ``trigger_event``,
event ``__post_init__`` and ``mutate``), so an upgrade that changes them fails here.
"""

from __future__ import annotations

import json

import pytest

from domain.actors import Actor, TokenIndex
from domain.aggregate import EVENT_TYPES, event_from_envelope
from domain.chain import (
    GENESIS_PREV,
    canonical_envelope,
    decode_envelope,
    hash_canonical,
    parse_at,
)
from domain.errors import ChainBroken, FloatNotAllowed, InvalidInput, UnknownRole


def new_actor() -> Actor:
    return Actor.register(
        actor="system",
        name="张三",
        role="officer",
        agency="淄博市市场监管局",
        jurisdiction="370303",
    )


def test_the_first_event_links_to_the_genesis_value() -> None:
    """`_create` gives seq 1 the prev of 64 zeros."""
    event = new_actor().collect_events()[0]
    assert event.originator_version == 1
    assert event.prev == GENESIS_PREV


def test_each_later_event_links_to_the_hash_of_the_one_before() -> None:
    """`trigger_event` sets prev to the previous event's hash."""
    actor = new_actor()
    actor.suspend(actor="system", reason="a")
    actor.reinstate(actor="system", reason="b")
    events = actor.collect_events()
    assert [e.prev for e in events[1:]] == [e.hash for e in events[:-1]]
    assert actor.chain_head == events[-1].hash


def test_an_event_hashes_exactly_its_seven_member_envelope() -> None:
    """The hash covers the prefix and the JCS of stream, seq, type, at, actor, data, prev."""
    event = new_actor().collect_events()[0]
    envelope = json.loads(event.canonical_bytes)
    assert sorted(envelope) == ["actor", "at", "data", "prev", "seq", "stream", "type"]
    assert envelope["type"] == "actors.Registered"
    assert envelope["data"] == {
        "agency": "淄博市市场监管局",
        "jurisdiction": "370303",
        "name": "张三",
        "role": "officer",
    }
    rebuilt = canonical_envelope(
        stream=envelope["stream"],
        seq=1,
        event_type="actors.Registered",
        at=envelope["at"],
        actor="system",
        data=envelope["data"],
        prev=GENESIS_PREV,
    )
    assert rebuilt == event.canonical_bytes
    assert hash_canonical(rebuilt) == event.hash
    assert parse_at(envelope["at"]) == event.timestamp


def test_type_names_are_stable_strings_not_module_paths() -> None:
    """Every registered type is `kind.EventName`, independent of where the class lives."""
    assert EVENT_TYPES["actors.Registered"] is Actor.Registered
    assert EVENT_TYPES["tokens.TokenBound"] is TokenIndex.TokenBound
    assert all(":" not in name and name.count(".") == 1 for name in EVENT_TYPES)


def test_a_decoded_event_keeps_the_stored_bytes_and_rebuilds_the_aggregate() -> None:
    """Decoding stored bytes never re-encodes them, and replay gives the same aggregate state."""
    actor = new_actor()
    actor.record_certificate(
        actor="system", number="鲁-1", valid_from="2026-01-01", valid_until="2026-12-31"
    )
    events = actor.collect_events()
    replayed = None
    for e in events:
        decoded = event_from_envelope(decode_envelope(e.canonical_bytes))
        assert decoded.canonical_bytes is not None
        assert decoded.canonical_bytes == e.canonical_bytes
        assert decoded.hash == e.hash
        replayed = decoded.mutate(replayed)
    assert replayed is not None
    assert replayed.certificates == actor.certificates
    assert replayed.chain_head == actor.chain_head


def test_replay_refuses_an_event_that_does_not_link() -> None:
    """Applying events out of order raises chain-broken instead of building on them."""
    actor = new_actor()
    actor.suspend(actor="system", reason="a")
    actor.reinstate(actor="system", reason="b")
    first, _, third = actor.collect_events()
    rebuilt = first.mutate(None)
    with pytest.raises(ChainBroken):
        third.mutate(rebuilt)


def test_float_data_is_refused_when_the_event_is_made() -> None:
    """A float anywhere in data raises float-not-allowed before anything is pending."""
    actor = new_actor()
    actor.collect_events()
    with pytest.raises(FloatNotAllowed):
        actor._suspend(actor="system", reason=1.5)  # type: ignore[arg-type]


def test_unknown_roles_and_bad_certificates_are_refused() -> None:
    """Invariants raise named domain errors (never `assert`)."""
    with pytest.raises(UnknownRole):
        Actor.register(actor="system", name="x", role="wizard", agency="a", jurisdiction="j")
    actor = new_actor()
    with pytest.raises(InvalidInput):
        actor.record_certificate(
            actor="system", number="1", valid_from="2027-01-01", valid_until="2026-01-01"
        )
    with pytest.raises(InvalidInput):
        actor.record_certificate(
            actor="system", number="1", valid_from="2026-01-01", valid_until="not a date"
        )


def test_a_certificate_covers_its_whole_period_and_no_more() -> None:
    """`certificate_valid_on` is inclusive at both ends (持证上岗, R-EN-3)."""
    from datetime import date

    actor = new_actor()
    actor.record_certificate(
        actor="system", number="鲁-1", valid_from="2026-01-01", valid_until="2026-12-31"
    )
    assert actor.certificate_valid_on(date(2026, 1, 1)) is not None
    assert actor.certificate_valid_on(date(2026, 12, 31)) is not None
    assert actor.certificate_valid_on(date(2027, 1, 1)) is None
