"""Tampering with stored rows is found by ``jianzheng verify`` (DESIGN §2, R-AV-4).

Each test edits the database directly, as someone with database access could, then
runs the real command and reads its JSON report: exit 1, the right stream, ``seq``
and kind. Deleting a stream's *last* event is not visible to per-stream chains
(the transparency log covers it); these tests tamper in the middle.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from domain.proof.chain import canonical_envelope, encode_state, hash_canonical, split_state
from domain.records.errors import ChainBroken
from infra.application import OPERATOR, Jianzheng
from infra.settings import Settings
from tests.conftest import cli_env, register
from tests.rawstore import RawStore


def run_verify(settings: Settings) -> tuple[int, dict[str, Any]]:
    """Run ``jianzheng verify --json`` in a separate process against the store."""
    done = subprocess.run(
        [sys.executable, "-m", "api", "verify", "--json"],
        env=cli_env(settings),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def story(jz: Jianzheng) -> Iterator[tuple[Jianzheng, str, str, RawStore]]:
    """Two actors with five events each (registered, token, certificate, suspended, reinstated)."""
    streams = []
    for name, number in (("张三", "鲁执法-0001"), ("李四", "鲁执法-0011")):  # unique (R-SV-4)
        actor = register(jz, name=name, certificate=number, valid_until="2027-12-31").actor
        jz.suspend_actor(OPERATOR, actor.id, "证件暂扣 pending review")
        jz.reinstate_actor(OPERATOR, actor.id, "review found no fault")
        streams.append(str(actor.id))
    raw = RawStore(jz.settings)
    try:
        yield jz, streams[0], streams[1], raw
    finally:
        raw.close()


def only_break(report: dict[str, Any]) -> dict[str, Any]:
    assert report["ok"] is False
    assert len(report["breaks"]) == 1, report["breaks"]
    found: dict[str, Any] = report["breaks"][0]
    return found


def test_an_untouched_store_verifies_with_exit_0(story: Any) -> None:
    """A store nobody touched verifies: exit 0, every event counted, no breaks."""
    jz, _, _, raw = story
    code, report = run_verify(jz.settings)
    assert code == 0
    assert report["ok"] is True
    assert report["events"] == raw.count()
    assert report["breaks"] == []


def test_one_changed_byte_is_reported_as_content_altered(story: Any) -> None:
    """Flipping one byte of a middle event's payload names that event as altered (R-AV-4)."""
    jz, stream, _, raw = story
    row = raw.rows(stream)[2]
    state = bytearray(row.state)
    at = state.index("鲁".encode())
    state[at + 2] ^= 0x01
    raw.set_state(stream, row.seq, bytes(state))
    code, report = run_verify(jz.settings)
    found = only_break(report)
    assert code == 1
    assert (found["stream"], found["seq"], found["kind"]) == (stream, 3, "content-altered")
    assert found["position"] == row.position


def test_an_edit_with_a_recomputed_hash_is_still_content_altered(story: Any) -> None:
    """Rewriting one event and its stored hash breaks the next event's prev link."""
    jz, stream, _, raw = story
    row = raw.rows(stream)[2]
    _, body = split_state(row.state)
    forged = body.replace("鲁执法-0001".encode(), "鲁执法-0002".encode())
    assert forged != body
    raw.set_state(stream, row.seq, encode_state(hash_canonical(forged), forged))
    code, report = run_verify(jz.settings)
    found = only_break(report)
    assert code == 1
    assert (found["stream"], found["seq"], found["kind"]) == (stream, 3, "content-altered")
    assert found["expected"] != found["found"]


def test_a_deleted_middle_event_is_reported_missing(story: Any) -> None:
    """Deleting seq 3 of five leaves a gap that names seq 3."""
    jz, stream, other, raw = story
    raw.delete(stream, 3)
    code, report = run_verify(jz.settings)
    found = only_break(report)
    assert code == 1
    assert (found["stream"], found["seq"], found["kind"]) == (stream, 3, "event-missing")
    assert other not in {b["stream"] for b in report["breaks"]}


def test_a_forged_event_inserted_in_the_middle_is_reported_inserted(story: Any) -> None:
    """A well-formed forgery slotted in at seq 2 (later rows renumbered) is found."""
    jz, stream, _, raw = story
    rows = raw.rows(stream)
    for row in reversed(rows[1:]):
        raw.move(stream, row.seq, stream, row.seq + 1)
    first_hash, _ = split_state(rows[0].state)
    forged = canonical_envelope(
        stream=stream,
        seq=2,
        event_type="actors.CertificateRecorded",
        at="2026-01-01T00:00:00.000000Z",
        actor="system",
        data={"number": "伪造-9999", "valid_from": "2020-01-01", "valid_until": "2099-12-31"},
        prev=first_hash,
    )
    forged_state = encode_state(hash_canonical(forged), forged)
    raw.insert(stream, 2, "actors.CertificateRecorded", forged_state)
    code, report = run_verify(jz.settings)
    found = only_break(report)
    assert code == 1
    assert (found["stream"], found["seq"], found["kind"]) == (stream, 2, "event-inserted")


def test_two_swapped_payloads_are_reported_as_order_changed(story: Any) -> None:
    """Exchanging the stored states of seq 2 and seq 3 is an order change at seq 2."""
    jz, stream, _, raw = story
    rows = raw.rows(stream)
    raw.set_state(stream, 2, rows[2].state)
    raw.set_state(stream, 3, rows[1].state)
    code, report = run_verify(jz.settings)
    found = only_break(report)
    assert code == 1
    assert (found["stream"], found["seq"], found["kind"]) == (stream, 2, "order-changed")


def test_an_event_repointed_to_another_stream_is_found_in_both(story: Any) -> None:
    """Moving seq 2 of one stream to the end of another: missing in one, inserted in the other."""
    jz, stream, other, raw = story
    target_seq = len(raw.rows(other)) + 1
    raw.move(stream, 2, other, target_seq)
    code, report = run_verify(jz.settings)
    assert code == 1
    by_stream = {b["stream"]: b for b in report["breaks"]}
    assert set(by_stream) == {stream, other}
    assert (by_stream[stream]["seq"], by_stream[stream]["kind"]) == (2, "event-missing")
    assert (by_stream[other]["seq"], by_stream[other]["kind"]) == (target_seq, "event-inserted")
    assert stream in by_stream[other]["detail"]


def test_garbage_bytes_are_reported_undecodable(story: Any) -> None:
    """A row whose state is not an envelope at all is named undecodable."""
    jz, stream, _, raw = story
    raw.set_state(stream, 4, b"\x00\xff not an event")
    code, report = run_verify(jz.settings)
    found = only_break(report)
    assert code == 1
    assert (found["stream"], found["seq"], found["kind"]) == (stream, 4, "undecodable")


def test_a_changed_topic_column_is_reported(story: Any) -> None:
    """The topic column is outside the hash, so verify checks it against the envelope type."""
    jz, stream, _, raw = story
    raw.execute(
        f"UPDATE {raw.table} SET topic = ? WHERE originator_id = ? AND originator_version = 4",
        "actors.Reinstated",
        raw._id(stream),
    )
    code, report = run_verify(jz.settings)
    found = only_break(report)
    assert code == 1
    assert (found["stream"], found["seq"], found["kind"]) == (stream, 4, "content-altered")


def test_the_service_refuses_to_extend_a_tampered_stream(story: Any) -> None:
    """Loading a stream whose rows do not hold raises chain-broken instead of appending (R-AV-4)."""
    jz, stream, _, raw = story
    row = raw.rows(stream)[1]
    raw.set_state(stream, row.seq, row.state.replace(b'"seq":2', b'"seq":3'))
    with pytest.raises(ChainBroken):
        jz.suspend_actor(OPERATOR, UUID(stream), "would build on a broken chain")
