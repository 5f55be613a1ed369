"""The pure chain verifier on in-memory rows: every single tampering is found and named."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.proof.chain import EVENT_HASH_PREFIX, GENESIS_PREV, encode_state
from domain.proof.merkle import MemoryTree, leaf_hash, node_hash
from domain.proof.verify import ChainScanner, LeafPage, LogScanner, Report, StoredRow, verify_rows
from domain.records.actors import Actor


def make_store(streams: int, events: int) -> list[StoredRow]:
    """Rows of ``streams`` actor streams of ``events`` events each, interleaved as committed."""
    actors = [
        Actor.register(
            actor="system", name=f"人{i}", role="officer", agency="a", jurisdiction="370303"
        )
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
        rows = [r._replace(state=bytes(state)) if r is victim else r for r in rows]
        expected = {"content-altered", "undecodable"}
    elif how == "delete":
        rows = [r for r in rows if r is not victim]
        expected = {"event-missing"}
    else:
        nxt = next(r for r in rows if r.stream == victim.stream and r.seq == victim.seq + 1)
        rows = [
            r._replace(state=nxt.state) if r is victim
            else r._replace(state=victim.state) if r is nxt else r
            for r in rows
        ]  # fmt: skip
        expected = {"order-changed"}
    report = verify(rows)
    assert not report.ok
    assert [b.stream for b in report.breaks] == [victim.stream]
    found = report.breaks[0]
    assert found.kind.value in expected
    assert found.seq == victim.seq


# --- The fast path against the complete check --------------------------------------------
#
# The reference below is the chain check as it was before the fast path existed, transcribed
# literally: split the state, hash the canonical bytes, read the envelope's tail with one
# anchored expression and its head with another, compare with the stream's head. The
# scanner must find exactly the same broken streams, whatever was done to the rows.

REF_TAIL = re.compile(
    rb',"prev":"([0-9a-f]{64})","seq":([1-9][0-9]*),"stream":"([0-9a-f-]{36})",'
    rb'"type":"([a-z][a-z0-9_]*\.[A-Za-z0-9]+)"\}\Z'
)
REF_HEAD = re.compile(
    rb'\{"actor":"[^"\\]+","at":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z","data":\{'
)


def toy_open(stream: str, seq: int, body: bytes) -> bytes:
    """Opens bodies "sealed" by :func:`toy_seal` (the real cipher is no matter here)."""
    if body[-1:] != b"\x01":
        raise ValueError("not sealed")
    return body[-2:0:-1]


def toy_seal(state: bytes) -> bytes:
    """The state with its body "sealed": 0x01, the body reversed, 0x01."""
    return state[:65] + b"\x01" + state[65:][::-1] + b"\x01"


def reference_broken(rows: list[StoredRow]) -> set[str]:
    """The streams the pre-fast-path scanner called broken (bodies opened by ``toy_open``)."""
    heads: dict[str, tuple[int, bytes]] = {}
    broken: set[str] = set()
    for row in rows:
        head = heads.get(row.stream, (0, GENESIS_PREV.encode()))
        heads[row.stream] = (row.seq, b"")
        if row.stream in broken:
            continue
        state = row.state
        hex_ok = len(state) >= 66 and state[64:65] == b"\n" and HEX64.fullmatch(state[:64])
        canonical = state[65:]
        if canonical[:1] == b"\x01":
            try:
                canonical = toy_open(row.stream, row.seq, canonical)
            except ValueError:
                canonical = b""
        if not hex_ok or canonical[:1] != b"{":
            broken.add(row.stream)
            continue
        digest = hashlib.sha256(EVENT_HASH_PREFIX + canonical).hexdigest()
        match = REF_TAIL.match(canonical, canonical.rfind(b',"prev":"'))
        if REF_HEAD.match(canonical) is None:
            match = None
        if (
            digest.encode() != state[:64]
            or match is None
            or match[1] != head[1]
            or int(match[2]) != row.seq
            or row.seq != head[0] + 1
            or match[3].decode() != row.stream
            or match[4].decode() != row.topic
        ):
            broken.add(row.stream)
            continue
        heads[row.stream] = (row.seq, digest.encode())
    return broken


HEX64 = re.compile(rb"[0-9a-f]{64}")
INTERESTING = b'"\\{}[],:.-0123456789abcdefAF zT\x00\xe4'


def rehashed(canonical: bytes) -> bytes:
    """A state holding ``canonical`` with its hash recomputed, as a careful forger stores it."""
    return encode_state(hashlib.sha256(EVENT_HASH_PREFIX + canonical).hexdigest(), canonical)


@st.composite
def tampered_stores(draw: st.DrawFn) -> list[StoredRow]:
    """A small store with one to three edits of any kind, hashes recomputed or not."""
    rows = make_store(draw(st.integers(1, 3)), draw(st.integers(2, 5)))
    if draw(st.booleans()):  # one stream's bodies are stored sealed
        sealed = rows[0].stream
        rows = [r._replace(state=toy_seal(r.state)) if r.stream == sealed else r for r in rows]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(rows) - 1))
        row = rows[i]
        how = draw(st.sampled_from(
            ["byte", "byte+hash", "cut+hash", "seq", "stream", "topic", "delete", "move"]
        ))  # fmt: skip
        canonical = row.state[65:]
        if how in ("byte", "byte+hash"):
            at = draw(st.integers(0 if how == "byte" else 65, len(row.state) - 1))
            state = bytearray(row.state)
            state[at] = draw(st.sampled_from(INTERESTING))
            if how == "byte+hash":
                state = bytearray(rehashed(bytes(state[65:])))
            rows[i] = row._replace(state=bytes(state))
        elif how == "cut+hash":
            at = draw(st.integers(0, len(canonical) - 1))
            rows[i] = row._replace(state=rehashed(canonical[:at] + canonical[at + 1 :]))
        elif how == "seq":
            rows[i] = row._replace(seq=row.seq + draw(st.sampled_from([-1, 1, 10])))
        elif how == "stream":
            other = draw(
                st.sampled_from([r.stream for r in rows] + ["not-a-uuid", row.stream.upper()])
            )
            rows[i] = row._replace(stream=other)
        elif how == "topic":
            rows[i] = row._replace(topic=draw(st.sampled_from(["actors.Registered", "x", "Ab.C"])))
        elif how == "delete" and len(rows) > 1:
            del rows[i]
        elif how == "move":
            rows.insert(draw(st.integers(0, len(rows) - 1)), rows.pop(i))
    return rows


@settings(max_examples=300, deadline=None)
@given(rows=tampered_stores(), page=st.integers(1, 7))
def test_the_fast_path_finds_exactly_the_streams_the_complete_check_finds(
    rows: list[StoredRow], page: int
) -> None:
    """Whatever was edited, sealed or not, in pages of any size: the same streams break."""
    scanner = ChainScanner(toy_open)
    for start in range(0, len(rows), page):
        scanner.feed_page(rows[start : start + page])
    assert scanner.broken == reference_broken(rows)
    assert scanner.events == len(rows)
    assert scanner.streams == len({r.stream for r in rows})
    assert scanner.bytes == sum(len(r.state) for r in rows)


def test_a_rehashed_row_whose_tail_or_head_is_malformed_breaks_its_stream() -> None:
    """Bytes that hash correctly but whose envelope is not well formed are still found."""
    rows = make_store(1, 3)
    canonical = rows[1].state[65:]
    for old, new in [
        (b'"seq":2', b'"seq":02'),  # a leading zero
        (b'"prev":"', b'"prev":"A'),  # not the previous hash
        (b'","at":"2', b'","at":"X'),  # not a time
        (b'{"actor":"system"', b'{"actor":"sys\\u0074em"'),  # an escape in the actor
        (b'"type":"actors.', b'"type":"Actors.'),  # not a type
    ]:
        tampered = [rows[0], rows[1]._replace(state=rehashed(canonical.replace(old, new))), rows[2]]
        report = verify(tampered)
        assert [b.stream for b in report.breaks] == [rows[0].stream], old
        assert report.breaks[0].seq == 2


def test_only_the_deep_check_finds_correctly_hashed_bytes_that_are_not_canonical() -> None:
    """Members out of JCS order, hashed as they are, pass the fast check but not --deep."""
    rows = make_store(1, 2)
    canonical = rows[1].state[65:]
    swapped = canonical.replace(
        b'"valid_from":"2026-01-01","valid_until":"2026-12-31"',
        b'"valid_until":"2026-12-31","valid_from":"2026-01-01"',
    )
    assert swapped != canonical
    tampered = [rows[0], rows[1]._replace(state=rehashed(swapped))]
    assert verify(tampered).ok
    report = verify_rows(lambda: iter(tampered), deep=True)
    assert [(b.stream, b.seq, b.kind.value) for b in report.breaks] == [
        (rows[1].stream, 2, "undecodable")
    ]


# --- The log walk against the spec's -------------------------------------------------------


def reference_log(
    rows: list[tuple[int, str]], leaves: list[tuple[int, int, bytes]], roots: dict[int, bytes]
) -> tuple[list[dict[str, Any]], int, list[int]]:
    """Spec §9 steps 1, 2 and 4 as one loop over both lists: (problems, leaves, sizes reached)."""
    problems: list[dict[str, Any]] = []
    unreached, reached = dict(roots), []
    stack: list[tuple[int, bytes]] = []
    count = i = j = 0
    while i < len(rows) or j < len(leaves):
        if j == len(leaves) or (i < len(rows) and rows[i][0] < leaves[j][1]):
            problems.append({"kind": "event-without-leaf", "position": rows[i][0]})
            i += 1
            continue
        index, position, event_hash = leaves[j]
        if index != count:
            problems.append({"kind": "leaf-missing", "leaf_index": count})
            count = index
        if len(event_hash) != 32:  # not a hash: named, and zero bytes stand in (spec §9)
            problems.append({"kind": "leaf-malformed", "leaf_index": index,
                             "position": position, "bytes": len(event_hash)})  # fmt: skip
            event_hash = bytes(32)
        elif i == len(rows) or rows[i][0] > position:
            problems.append(
                {"kind": "leaf-without-event", "leaf_index": index, "position": position}
            )
        elif rows[i][1] != event_hash.hex():
            problems.append({"kind": "leaf-differs-from-event", "leaf_index": index,
                             "position": position, "expected": event_hash.hex(),
                             "found": rows[i][1]})  # fmt: skip
        if i < len(rows) and rows[i][0] == position:
            i += 1
        node = (0, leaf_hash(event_hash))
        while stack and stack[-1][0] == node[0]:
            level, left = stack.pop()
            node = (level + 1, node_hash(left, node[1]))
        stack.append(node)
        count += 1
        j += 1
        if count in unreached:
            signed = unreached.pop(count)
            reached.append(count)
            root = stack[-1][1]
            for _, left in reversed(stack[:-1]):
                root = node_hash(left, root)
            if root != signed:
                problems.append({"kind": "checkpoint-root-differs", "size": count,
                                 "expected": signed.hex(), "found": root.hex()})  # fmt: skip
    for size in sorted(unreached):
        problems.append({"kind": "checkpoint-beyond-log", "size": size, "log_size": count})
    return problems, j, reached


@st.composite
def tampered_logs(
    draw: st.DrawFn,
) -> tuple[list[StoredRow], list[tuple[int, int, bytes]], dict[int, bytes]]:
    """Rows, their leaves and signed roots, then up to three edits to rows, leaves or roots."""
    count = draw(st.integers(0, 40))
    positions = sorted(draw(st.sets(st.integers(1, 120), min_size=count, max_size=count)))
    hashes = [hashlib.sha256(b"%d" % p).digest() for p in positions]
    pairs = list(zip(positions, hashes, strict=True))
    rows = [StoredRow(p, "s", 1, "t", h.hex().encode() + b"\n{}") for p, h in pairs]
    leaves = [(i, p, h) for i, (p, h) in enumerate(pairs)]
    tree = MemoryTree(leaf_hash(h) for h in hashes)
    sizes = draw(st.sets(st.integers(1, count), max_size=4)) if count else set()
    roots = {n: tree.root(n) for n in sizes}
    for _ in range(draw(st.integers(0, 3))):
        how = draw(st.sampled_from(
            ["drop-row", "drop-leaf", "leaf-hash", "short-leaf", "row-hash", "leaf-position",
             "root", "beyond"]
        ))  # fmt: skip
        if how == "beyond":
            roots[count + draw(st.integers(1, 3))] = bytes(32)
        elif how == "root" and roots:
            roots[draw(st.sampled_from(sorted(roots)))] = bytes(32)
        elif how in ("drop-row", "row-hash") and rows:
            i = draw(st.integers(0, len(rows) - 1))
            if how == "drop-row":
                del rows[i]
            else:
                rows[i] = rows[i]._replace(state=b"f" * 64 + b"\n{}")
        elif leaves:
            i = draw(st.integers(0, len(leaves) - 1))
            index, position, event_hash = leaves[i]
            if how == "drop-leaf":
                del leaves[i]
            elif how == "leaf-hash":
                leaves[i] = (index, position, bytes(32))
            elif how == "short-leaf":
                leaves[i] = (index, position, event_hash[:31])
            else:
                leaves[i] = (index, position + draw(st.sampled_from([-1, 1])), event_hash)
    return rows, leaves, roots


def leaf_pages(leaves: list[tuple[int, int, bytes]], size: int) -> Iterator[LeafPage]:
    """The leaves in pages of columns, as the store gives them."""
    for start in range(0, len(leaves), size):
        page = leaves[start : start + size]
        yield [i for i, _, _ in page], [p for _, p, _ in page], [h for _, _, h in page]


def walk_log(
    rows: list[StoredRow],
    leaves: list[tuple[int, int, bytes]],
    roots: dict[int, bytes],
    row_page: int,
    leaf_page: int,
) -> tuple[Report, list[int]]:
    """The scanner's report, and the checkpoint sizes it reached, in pages of the sizes given."""
    report, reached = Report(), list[int]()
    scanner = LogScanner(leaf_pages(leaves, leaf_page), roots, report, on_checkpoint=reached.append)
    for start in range(0, len(rows), row_page):
        scanner.feed(rows[start : start + row_page])
    scanner.finish()
    return report, reached


@settings(max_examples=300, deadline=None)
@given(log=tampered_logs(), row_page=st.integers(1, 9), leaf_page=st.integers(1, 9))
def test_the_log_walk_reports_exactly_what_the_spec_walk_reports(
    log: tuple[list[StoredRow], list[tuple[int, int, bytes]], dict[int, bytes]],
    row_page: int,
    leaf_page: int,
) -> None:
    """Batched or item by item, in pages of any sizes: the same problems, in the same order."""
    rows, leaves, roots = log
    reference_rows = [(r.position, r.state[:64].decode()) for r in rows]
    report, reached = walk_log(rows, leaves, roots, row_page, leaf_page)
    expected, walked, expected_reached = reference_log(reference_rows, leaves, roots)
    assert report.log_problems == expected
    assert report.leaves_checked == walked
    assert reached == expected_reached
    assert report.checkpoints_checked == len(expected_reached)
