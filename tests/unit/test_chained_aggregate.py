"""The chained-aggregate hooks on ``eventsourcing`` 9.5 (DESIGN §2, §8).

These tests exercise each library hook we rely on (``_create``, ``trigger_event``,
event ``__post_init__`` and ``mutate``), so an upgrade that changes them fails here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.proof.chain import (
    GENESIS_PREV,
    EnvelopeError,
    canonical_envelope,
    decode_envelope,
    format_at,
    hash_canonical,
    parse_at,
)
from domain.proof.jcs import canonical_json
from domain.records.actors import Actor, TokenIndex
from domain.records.aggregate import EVENT_TYPES, event_from_envelope
from domain.records.errors import ChainBroken, FloatNotAllowed, InvalidInput, UnknownRole


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
    """Invariants raise named domain errors (never `assert`): roles R-AC-1, certificates R-EN-3."""
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


GOOD = {
    "stream": "3f2b8c1e-5d4a-4e6f-9a7b-2c1d0e9f8a71",
    "seq": 2,
    "type": "enforcement.StepRecorded",
    "at": "2026-04-01T08:30:00.000000Z",
    "actor": "system",
    "data": {"summary": "记录", "count": 3},
    "prev": "ab" * 32,
}


def encoded(**changes: Any) -> bytes:
    """Canonical bytes of the good envelope with some members replaced (by plain json)."""
    envelope = {**GOOD, **changes}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def test_parse_at_reads_back_what_format_at_writes_as_utc() -> None:
    """The only accepted form is format_at's, and it is read as a UTC time."""
    moment = datetime(2026, 11, 28, 22, 7, 33, 123456, tzinfo=UTC)
    assert parse_at(format_at(moment)) == moment
    assert parse_at(format_at(moment)).tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30T08:30:00.000000Z",  # no such day
        "2026-04-01T24:00:00.000000Z",  # no hour 24
        "2026-04-01T23:59:60.000000Z",  # no leap second
        "2026-04-01T08:30:00.000000z",
        "2026-04-01T08:30:00Z",
        "2026-04-01T08:30:00.000000+00:00",
        "2026-04-01 08:30:00.000000Z",
        "２０２６-04-01T08:30:00.000000Z",  # digits, but not ASCII ones
    ],
)
def test_parse_at_refuses_any_other_form_or_an_impossible_time(text: str) -> None:
    """Other offsets, precisions, separators, digits and impossible dates raise ValueError."""
    with pytest.raises(ValueError, match=r"is not of the form|is not a real time"):
        parse_at(text)


def test_a_canonical_envelope_decodes_the_same_strictly_or_not() -> None:
    """Both modes give the same members, bytes, hash and time for canonical bytes."""
    canonical = canonical_json(GOOD)
    strict, light = decode_envelope(canonical), decode_envelope(canonical, strict=False)
    assert strict == light
    assert strict.as_dict() == GOOD
    assert strict.event_hash == hash_canonical(canonical)
    assert strict.moment == datetime(2026, 4, 1, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "body",
    [
        encoded(stream="3F2B8C1E-5D4A-4E6F-9A7B-2C1D0E9F8A71"),
        encoded(stream="{3f2b8c1e-5d4a-4e6f-9a7b-2c1d0e9f8a71}"),
        encoded(stream="3f2b8c1e5d4a4e6f9a7b2c1d0e9f8a71"),
        encoded(seq=0),
        encoded(seq=True),
        encoded(seq="2"),
        encoded(type="enforcement.stepRecorded"),
        encoded(at="2026-02-30T08:30:00.000000Z"),
        encoded(at="2026-04-01T08:30:00Z"),
        encoded(at="２０２６-04-01T08:30:00.000000Z"),
        encoded(actor=""),
        encoded(data=[]),
        encoded(prev="AB" * 32),
        encoded(data={"amount": 1.0}),
        encoded(extra=1),
        b'{"actor":"system"',
        b"[]",
    ],
)
def test_both_modes_refuse_malformed_envelopes(body: bytes) -> None:
    """Members of the wrong form, floats and non-objects fail, strictly decoded or not."""
    for strict in (True, False):
        with pytest.raises(EnvelopeError):
            decode_envelope(body, strict=strict)


@pytest.mark.parametrize(
    "body",
    [
        json.dumps(GOOD).encode(),  # whitespace, members unsorted
        encoded(data={"big": 2**53}),
        encoded().replace(b'"actor":"system"', b'"actor":"x","actor":"system"'),
        encoded(data={"text": "X"}).replace(b'"X"', b'"\\ud800"'),  # a lone surrogate
    ],
)
def test_only_strict_decoding_refuses_bytes_that_are_not_canonical_event_data(
    body: bytes,
) -> None:
    """The canonical-form, duplicate-name and event-data checks are the strict mode's own."""
    assert decode_envelope(body, strict=False).canonical == body
    with pytest.raises(EnvelopeError):
        decode_envelope(body)
