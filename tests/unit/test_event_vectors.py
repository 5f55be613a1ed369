"""The published event vectors (docs/test-vectors/events.json) hold for the domain code.

An outside verifier is written against these vectors and ``docs/spec.md`` §1, so the
domain code must reproduce every byte of them: canonical bytes, hash, stored state,
and a store built from them must verify.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import rfc8785

from domain.proof.chain import (
    ENVELOPE_FIELDS,
    GENESIS_PREV,
    SPEC_VERSION,
    decode_envelope,
    encode_state,
    hash_canonical,
    split_state,
)
from domain.proof.jcs import canonical_json
from domain.proof.verify import BreakKind, ChainScanner, StoredRow, verify_rows

ROOT = Path(__file__).resolve().parents[2]
VECTORS_FILE = ROOT / "docs" / "test-vectors" / "events.json"
SCRIPT = ROOT / "scripts" / "make_event_vectors.py"

DOCUMENT: dict[str, Any] = json.loads(VECTORS_FILE.read_text("utf-8"))
VECTORS: list[dict[str, Any]] = DOCUMENT["vectors"]
BY_NAME = {v["name"]: v for v in VECTORS}
CHAIN = ["chain-genesis", "chain-second", "chain-third"]

each_vector = pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])


def canonical(vector: dict[str, Any]) -> bytes:
    return base64.b64decode(vector["canonical_base64"], validate=True)


def stored_state(vector: dict[str, Any]) -> bytes:
    return base64.b64decode(vector["stored_state_base64"], validate=True)


def row(position: int, vector: dict[str, Any], state: bytes | None = None) -> StoredRow:
    envelope = vector["envelope"]
    return StoredRow(
        position=position,
        stream=envelope["stream"],
        seq=envelope["seq"],
        topic=envelope["type"],
        state=stored_state(vector) if state is None else state,
    )


def store(vectors: list[dict[str, Any]]) -> list[StoredRow]:
    return [row(position, v) for position, v in enumerate(vectors, start=1)]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_event_vectors", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_file_declares_spec_v1_and_documents_how_it_was_generated() -> None:
    """The file names spec jianzheng/v1, says how it was made, and holds at least ten vectors."""
    assert DOCUMENT["spec"] == SPEC_VERSION == "jianzheng/v1"
    assert "scripts/make_event_vectors.py" in DOCUMENT["how_generated"]
    assert "rfc8785" in DOCUMENT["how_generated"]
    assert DOCUMENT["description"]
    assert len(VECTORS) >= 10
    assert len(BY_NAME) == len(VECTORS)


def test_vectors_file_is_exactly_what_the_generator_script_writes() -> None:
    """Rerunning the generator gives the committed file byte for byte."""
    assert load_script().render() == VECTORS_FILE.read_text("utf-8")


@each_vector
def test_every_vector_has_the_seven_envelope_members_and_a_note(vector: dict[str, Any]) -> None:
    """Each envelope has exactly stream, seq, type, at, actor, data and prev, and a note."""
    assert set(vector["envelope"]) == set(ENVELOPE_FIELDS)
    assert vector["note"].strip()


@each_vector
def test_project_canonicaliser_reproduces_the_published_bytes(vector: dict[str, Any]) -> None:
    """domain.proof.jcs.canonical_json of the envelope is the vector's canonical bytes."""
    assert canonical_json(vector["envelope"]) == canonical(vector)


@each_vector
def test_reference_rfc8785_package_reproduces_the_published_bytes(vector: dict[str, Any]) -> None:
    """The rfc8785 reference package gives the same canonical bytes as the vector."""
    assert rfc8785.dumps(vector["envelope"]) == canonical(vector)


@each_vector
def test_readable_canonical_text_is_the_canonical_bytes(vector: dict[str, Any]) -> None:
    """canonical_utf8 is the canonical bytes decoded as UTF-8."""
    assert vector["canonical_utf8"].encode("utf-8") == canonical(vector)


@each_vector
def test_event_hash_is_sha256_of_the_prefix_and_canonical_bytes(vector: dict[str, Any]) -> None:
    """hash_canonical, and plain SHA-256 over the domain-separated bytes, give event_hash."""
    expected = hashlib.sha256(b"jianzheng:event:v1\n" + canonical(vector)).hexdigest()
    assert hash_canonical(canonical(vector)) == vector["event_hash"] == expected


@each_vector
def test_decoding_the_canonical_bytes_gives_back_the_envelope(vector: dict[str, Any]) -> None:
    """decode_envelope returns the envelope's members, the exact bytes and the hash."""
    decoded = decode_envelope(canonical(vector))
    assert decoded.as_dict() == vector["envelope"]
    assert decoded.canonical == canonical(vector)
    assert decoded.event_hash == vector["event_hash"]


@each_vector
def test_stored_state_splits_into_the_hash_and_canonical_bytes(vector: dict[str, Any]) -> None:
    """split_state gives back (event_hash, canonical bytes) and encode_state inverts it."""
    state = stored_state(vector)
    assert split_state(state) == (vector["event_hash"], canonical(vector))
    assert encode_state(vector["event_hash"], canonical(vector)) == state
    assert state[64:65] == b"\n"
    assert state[65:66] == b"{"


def test_chained_vectors_link_each_prev_to_the_previous_event_hash() -> None:
    """Seq 1 links to 64 zeros and every later prev is the previous vector's event_hash."""
    chain = [BY_NAME[name] for name in CHAIN]
    assert chain[0]["envelope"]["seq"] == 1
    assert chain[0]["envelope"]["prev"] == GENESIS_PREV == "0" * 64
    for earlier, later in pairwise(chain):
        assert later["envelope"]["stream"] == earlier["envelope"]["stream"]
        assert later["envelope"]["seq"] == earlier["envelope"]["seq"] + 1
        assert later["envelope"]["prev"] == earlier["event_hash"]


def test_every_unchained_vector_is_the_genesis_event_of_its_own_stream() -> None:
    """Vectors outside the chained stream have seq 1, prev 64 zeros, and distinct streams."""
    others = [v for v in VECTORS if v["name"] not in CHAIN]
    assert all(v["envelope"]["seq"] == 1 for v in others)
    assert all(v["envelope"]["prev"] == GENESIS_PREV for v in others)
    streams = [v["envelope"]["stream"] for v in others]
    streams.append(BY_NAME["chain-genesis"]["envelope"]["stream"])
    assert len(set(streams)) == len(streams)


@pytest.mark.parametrize("name", ["key-order-utf16-minimal", "key-order-utf16-mixed"])
def test_utf16_key_order_vectors_differ_from_python_sort_keys(name: str) -> None:
    """Sorting by code points, as json.dumps(sort_keys=True) does, would give other bytes."""
    vector = BY_NAME[name]
    python_order = json.dumps(
        vector["envelope"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    assert python_order != canonical(vector)
    assert sorted(python_order) == sorted(canonical(vector))  # same bytes, other order


def test_utf16_order_puts_an_astral_character_before_a_private_use_character() -> None:
    """U+1F600 (UTF-16 0xD83D 0xDE00) is written before U+E000 in the canonical bytes."""
    text = BY_NAME["key-order-utf16-minimal"]["canonical_utf8"]
    assert text.index('"\U0001f600"') < text.index('"\ue000"')


def test_chain_scanner_finds_no_broken_stream_among_the_vectors() -> None:
    """Feeding the vectors' stored rows in file order leaves every stream unbroken."""
    scanner = ChainScanner()
    for stored in store(VECTORS):
        scanner.feed(stored)
    assert scanner.broken == set()
    assert scanner.events == len(VECTORS)
    assert scanner.streams == len(VECTORS) - len(CHAIN) + 1


def test_verify_rows_accepts_a_store_made_of_the_vectors() -> None:
    """verify_rows reports no break for the vectors' stored states in file order."""
    rows = store(VECTORS)
    report = verify_rows(lambda: rows)
    assert report.ok, report.as_dict()
    assert report.events == len(VECTORS)
    assert report.bytes == sum(len(r.state) for r in rows)


def test_verify_rows_reports_an_edited_body_as_content_altered() -> None:
    """Changing one byte of a stored body without its hash is reported at that row."""
    rows = store(VECTORS)
    index = VECTORS.index(BY_NAME["chain-second"])
    state = rows[index].state.replace("许可证".encode(), "营业执照".encode())
    assert state != rows[index].state
    rows[index] = row(rows[index].position, VECTORS[index], state)
    report = verify_rows(lambda: rows)
    assert [(b.stream, b.seq, b.position, b.kind) for b in report.breaks] == [
        (rows[index].stream, 2, rows[index].position, BreakKind.CONTENT_ALTERED)
    ]


def test_verify_rows_reports_a_deleted_middle_event_as_missing() -> None:
    """Removing the chained stream's seq 2 is reported as seq 2 missing."""
    rows = [r for r, v in zip(store(VECTORS), VECTORS, strict=True) if v["name"] != "chain-second"]
    report = verify_rows(lambda: rows)
    assert [(b.seq, b.kind) for b in report.breaks] == [(2, BreakKind.EVENT_MISSING)]


def test_verify_rows_reports_a_topic_that_differs_from_the_envelope_type() -> None:
    """A row whose topic column is not its envelope's type is reported as content-altered."""
    rows = store(VECTORS)
    first = rows[0]
    rows[0] = StoredRow(first.position, first.stream, first.seq, "actors.Revoked", first.state)
    report = verify_rows(lambda: rows)
    assert [(b.stream, b.seq, b.kind) for b in report.breaks] == [
        (first.stream, 1, BreakKind.CONTENT_ALTERED)
    ]
