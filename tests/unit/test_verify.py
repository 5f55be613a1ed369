"""The pure chain verifier on in-memory rows: every single tampering is found and named."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.actors import Actor
from domain.chain import encode_state
from domain.verify import StoredRow, verify_rows


def make_store(streams: int, events: int) -> list[StoredRow]:
    """Rows of ``streams`` actor streams of ``events`` events each, interleaved as committed."""
    actors = [
        Actor.register(actor="system", name=f"人{i}", role="officer", agency="a", jurisdiction="j")
        for i in range(streams)
    ]
    for n in range(events - 1):
        for a in actors:
            a.record_certificate(
                actor="system", number=f"鲁-{n}", valid_from="2026-01-01", valid_until="2026-12-31"
            )
    pending = [e for seq in range(events) for a in actors for e in [a.pending_events[seq]]]
    return [
        StoredRow(i + 1, str(e.originator_id), e.originator_version, e.TYPE,
                  encode_state(e.hash, e.canonical_bytes))
        for i, e in enumerate(pending)
    ]  # fmt: skip


def verify(rows: list[StoredRow]):  # type: ignore[no-untyped-def]
    return verify_rows(lambda: iter(rows))


def test_an_intact_store_verifies() -> None:
    """Counts match and nothing breaks."""
    rows = make_store(3, 4)
    report = verify(rows)
    assert report.ok
    assert (report.events, report.streams) == (12, 3)


@settings(max_examples=60, deadline=None)
@given(
    streams=st.integers(1, 3),
    events=st.integers(3, 6),
    data=st.data(),
)
def test_any_single_tampering_in_the_middle_is_found_in_its_stream(
    streams: int, events: int, data: st.DataObject
) -> None:
    """Altering, deleting, or swapping a non-final event always breaks exactly that stream."""
    rows = make_store(streams, events)
    victim = data.draw(st.sampled_from([r for r in rows if r.seq < events]))
    how = data.draw(st.sampled_from(["flip", "delete", "swap"]))
    if how == "flip":
        at = data.draw(st.integers(65, len(victim.state) - 1))
        state = bytearray(victim.state)
        state[at] ^= 0x20
        rows = [replace(r, state=bytes(state)) if r is victim else r for r in rows]
        expected = {"content-altered", "undecodable"}
    elif how == "delete":
        rows = [r for r in rows if r is not victim]
        expected = {"event-missing"}
    else:
        nxt = next(r for r in rows if r.stream == victim.stream and r.seq == victim.seq + 1)
        rows = [
            replace(r, state=nxt.state) if r is victim
            else replace(r, state=victim.state) if r is nxt else r
            for r in rows
        ]  # fmt: skip
        expected = {"order-changed"}
    report = verify(rows)
    assert not report.ok
    assert [b.stream for b in report.breaks] == [victim.stream]
    found = report.breaks[0]
    assert found.kind.value in expected
    assert found.seq == victim.seq
