"""The published court-bundle vector (docs/test-vectors/bundle.json) and the offline verifier.

An outside verifier is written against this vector and ``docs/spec.md`` §7–§8, so
``domain.proof.bundle.verify_bundle`` must accept it with the published test keys of
``checkpoint.json`` and refuse every tampered copy: a changed byte in any event, a
dropped event, a checkpoint under another log key, a missing witness cosignature.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.proof.bundle import BUNDLE_FORMAT, BundleReport, verify_bundle
from domain.proof.chain import SPEC_VERSION, hash_canonical
from domain.proof.checkpoint import (
    cosign,
    format_witness_vkey,
    parse_note,
    parse_witness_vkey,
    sign_note,
)
from domain.proof.note import format_vkey

ROOT = Path(__file__).resolve().parents[2]
VECTORS_DIR = ROOT / "docs" / "test-vectors"
BUNDLE_FILE = VECTORS_DIR / "bundle.json"
SCRIPT = ROOT / "scripts" / "make_bundle_vector.py"

KEYS: dict[str, Any] = json.loads((VECTORS_DIR / "checkpoint.json").read_text("utf-8"))
LOG_VKEY: str = KEYS["log_key"]["vkey"]
LOG_NAME: str = KEYS["log_key"]["name"]
WITNESS = parse_witness_vkey(KEYS["witness_key"]["vkey"])
EVENT_VECTORS = {
    v["name"]: v for v in json.loads((VECTORS_DIR / "events.json").read_text("utf-8"))["vectors"]
}

DATA = BUNDLE_FILE.read_bytes()
BUNDLE: dict[str, Any] = json.loads(DATA)

EVENTS = [
    (s, e) for s, stream in enumerate(BUNDLE["streams"]) for e in range(len(stream["events"]))
]
EVENT_IDS = [f"{BUNDLE['streams'][s]['kind']}-{s}-seq{e + 1}" for s, e in EVENTS]
each_event = pytest.mark.parametrize(("s", "e"), EVENTS, ids=EVENT_IDS)

NOT_LAST = [(s, e) for s, e in EVENTS if e + 1 < len(BUNDLE["streams"][s]["events"])]


def made_up_key(label: str) -> Ed25519PrivateKey:
    """A key derived from a label: never one of the published test keys."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())


def verify(
    bundle: dict[str, Any] | bytes,
    log_key: str | None = LOG_VKEY,
    witnesses: tuple[Any, ...] = (WITNESS,),
) -> BundleReport:
    """verify_bundle on a bundle serialised as the exporter does, with the published keys."""
    data = bundle if isinstance(bundle, bytes) else serialise(bundle)
    return verify_bundle(data, log_key, list(witnesses))


def serialise(bundle: dict[str, Any]) -> bytes:
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")


def canonical_of(bundle: dict[str, Any], s: int, e: int) -> bytes:
    return base64.b64decode(bundle["streams"][s]["events"][e]["canonical"], validate=True)


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_bundle_vector", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the vector as published ----------------------------------------------------------


def test_the_vector_verifies_with_its_published_log_and_witness_keys() -> None:
    """With the test log key and witness key of checkpoint.json, every check holds."""
    report = verify(DATA)
    assert report.ok, report.problems
    assert report.notes == []
    assert report.tree_size == 10
    assert report.cosigned_by == [WITNESS.name]
    assert (report.streams, report.events) == (4, 7)
    assert [step["seq"] for step in report.story] == [1, 2, 3]


def test_the_vector_holds_the_members_the_exporter_writes() -> None:
    """Format, spec, origin, log keys, checkpoint, subject, export time and streams are there."""
    assert BUNDLE["format"] == BUNDLE_FORMAT == "jianzheng-bundle/v1"
    assert BUNDLE["spec"] == SPEC_VERSION
    assert BUNDLE["origin"] == LOG_NAME
    assert BUNDLE["log_keys"] == [LOG_VKEY]
    assert BUNDLE["subject"] == {"kind": "case", "id": BUNDLE["streams"][0]["stream"]}
    assert [(s["kind"], s["role"]) for s in BUNDLE["streams"]] == [
        ("enforcement", "subject"),
        ("catalogue", "catalogue"),
        ("actors", "actor"),
        ("actors", "actor"),
    ]
    for s, e in EVENTS:
        item = BUNDLE["streams"][s]["events"][e]
        assert set(item) == {"canonical", "event_hash", "leaf_index", "inclusion_proof"}
        assert hash_canonical(canonical_of(BUNDLE, s, e)) == item["event_hash"]


def test_the_subject_stream_is_the_chain_of_the_event_vectors_byte_for_byte() -> None:
    """The case's three events are chain-genesis, chain-second and chain-third of events.json."""
    published = [
        EVENT_VECTORS[name]["canonical_base64"]
        for name in ("chain-genesis", "chain-second", "chain-third")
    ]
    assert [item["canonical"] for item in BUNDLE["streams"][0]["events"]] == published


def test_the_vector_verifies_with_its_own_log_key_and_says_so() -> None:
    """Without a log key given, the bundle's own key is used and a note says it was trusted."""
    report = verify(DATA, log_key=None, witnesses=())
    assert report.ok, report.problems
    assert any("trusting the log keys inside the bundle" in note for note in report.notes)


def test_extra_members_such_as_how_generated_are_ignored() -> None:
    """The vector's description, how_generated and warning members do not affect verification."""
    bare = {k: v for k, v in BUNDLE.items() if k not in {"description", "how_generated", "warning"}}
    assert verify(bare).ok
    assert "scripts/make_bundle_vector.py" in BUNDLE["how_generated"]


# --- tampering is refused ---------------------------------------------------------------


def _with_byte_changed(s: int, e: int, position: int, *, rehash: bool) -> dict[str, Any]:
    bundle = copy.deepcopy(BUNDLE)
    changed = bytearray(canonical_of(BUNDLE, s, e))
    changed[position] ^= 0x01
    item = bundle["streams"][s]["events"][e]
    item["canonical"] = base64.b64encode(bytes(changed)).decode("ascii")
    if rehash:  # as a forger would: the bundle's event_hash matches the new bytes
        item["event_hash"] = hash_canonical(bytes(changed))
    return bundle


@each_event
@pytest.mark.parametrize("rehash", [False, True], ids=["hash-kept", "hash-recomputed"])
def test_a_one_byte_change_anywhere_in_an_events_canonical_bytes_is_refused(
    s: int, e: int, rehash: bool
) -> None:
    """Changing any single byte of any event is refused, even with its event_hash updated."""
    accepted = [
        position
        for position in range(len(canonical_of(BUNDLE, s, e)))
        if verify(_with_byte_changed(s, e, position, rehash=rehash)).ok
    ]
    assert accepted == []


def test_a_changed_byte_names_the_stream_and_seq_that_fail() -> None:
    """A changed digit in the case's second event is reported for that stream and seq."""
    canonical = canonical_of(BUNDLE, 0, 1)
    position = canonical.index(b"2026-04-02") + 3  # '6' of the year in `at`
    report = verify(_with_byte_changed(0, 1, position, rehash=True))
    stream = BUNDLE["streams"][0]["stream"]
    assert not report.ok
    assert any(p.startswith(f"stream {stream} seq 2: not included") for p in report.problems)
    assert any(p.startswith(f"stream {stream} seq 3: prev does not link") for p in report.problems)


@pytest.mark.parametrize(
    ("s", "e"), NOT_LAST, ids=[EVENT_IDS[EVENTS.index(pair)] for pair in NOT_LAST]
)
def test_an_event_dropped_from_a_stream_is_refused(s: int, e: int) -> None:
    """Leaving out an event that has a successor breaks the seq run and the prev link."""
    bundle = copy.deepcopy(BUNDLE)
    del bundle["streams"][s]["events"][e]
    report = verify(bundle)
    assert not report.ok
    assert any("an event is missing" in p for p in report.problems)
    assert any("prev does not link" in p for p in report.problems)


def test_an_event_nested_past_the_json_readers_depth_is_undecodable_not_a_crash() -> None:
    """Canonical bytes nested a thousand levels deep are reported (§8.1 step 5.1), not a
    RecursionError out of the verifier (spec §8.3: every defect is a reported problem)."""
    bundle = copy.deepcopy(BUNDLE)
    deep = b"[" * 5000 + b"]" * 5000
    bundle["streams"][0]["events"][0]["canonical"] = base64.b64encode(deep).decode("ascii")
    report = verify(bundle)
    stream = BUNDLE["streams"][0]["stream"]
    assert report.problems == [
        f"stream {stream} seq 1: undecodable event (not JSON: nested too deep)",
        "bundle: the subject's own stream is missing",  # the rest of the stream is skipped
    ]


def test_a_bundle_without_the_subjects_stream_is_refused() -> None:
    """Dropping the subject's whole stream is refused: the story cannot be told."""
    bundle = copy.deepcopy(BUNDLE)
    del bundle["streams"][0]
    report = verify(bundle)
    assert report.problems == ["bundle: the subject's own stream is missing"]


@pytest.mark.parametrize(
    "make_key",
    [
        lambda: format_vkey(
            LOG_NAME, made_up_key("another log key").public_key().public_bytes_raw()
        ),
        lambda: format_vkey("other.example/log", bytes.fromhex(KEYS["log_key"]["public_key_hex"])),
        lambda: KEYS["witness_key"]["vkey"],
    ],
    ids=["same-name-other-key", "same-key-other-name", "a-witness-key"],
)
def test_a_wrong_log_key_is_refused(make_key: Callable[[], str]) -> None:
    """Verified with any key but the log's published one, the checkpoint is refused."""
    report = verify(DATA, log_key=make_key())
    assert not report.ok
    assert report.problems[0].startswith(("checkpoint: ", "log key: "))


def test_a_bundle_re_signed_by_another_key_is_refused_with_the_published_key() -> None:
    """A forger's own log key in the bundle is only trusted when no log key is given."""
    forger = made_up_key("a forger's log key")
    forged_vkey = format_vkey(LOG_NAME, forger.public_key().public_bytes_raw())
    body, _ = parse_note(BUNDLE["checkpoint"])
    bundle = copy.deepcopy(BUNDLE)
    bundle["log_keys"] = [forged_vkey]
    bundle["checkpoint"] = sign_note(body, LOG_NAME, forger)
    refused = verify(bundle, witnesses=())
    assert not refused.ok
    assert refused.notes == ["the log key given is not among the bundle's own keys"]
    trusted = verify(bundle, log_key=None, witnesses=())
    assert trusted.ok
    assert any("trusting the log keys inside the bundle" in note for note in trusted.notes)


def _checkpoint_without_cosignature() -> str:
    lines = BUNDLE["checkpoint"].splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"\u2014 {WITNESS.name} ")]
    assert len(kept) == len(lines) - 1
    return "".join(kept)


def test_a_missing_witness_cosignature_is_refused() -> None:
    """Without the witness's cosignature line, verifying with the witness key fails."""
    bundle = copy.deepcopy(BUNDLE)
    bundle["checkpoint"] = _checkpoint_without_cosignature()
    report = verify(bundle)
    assert not report.ok
    assert report.problems[0].startswith("checkpoint: signed note: no signature by the required")
    assert verify(bundle, witnesses=()).ok  # the log's signature alone still holds


def test_a_witness_that_did_not_cosign_is_refused() -> None:
    """Requiring a second witness key, which never cosigned, fails."""
    other = made_up_key("another witness")
    other_vkey = format_witness_vkey("witness.example/other", other.public_key().public_bytes_raw())
    report = verify(DATA, witnesses=(WITNESS, parse_witness_vkey(other_vkey)))
    assert not report.ok
    assert "witness.example/other" in report.problems[0]


def test_a_cosignature_over_another_time_is_refused() -> None:
    """A retimed cosignature, or one made by another key under the witness's name, is refused."""
    body, _ = parse_note(BUNDLE["checkpoint"])
    forged = cosign(body, WITNESS.name, made_up_key("not the witness"), 1775217600)
    line = next(
        line
        for line in BUNDLE["checkpoint"].splitlines(keepends=True)
        if line.startswith(f"\u2014 {WITNESS.name} ")
    )
    raw = bytearray(base64.b64decode(line.split(" ")[-1]))
    raw[4 + 7] ^= 0x01  # last byte of the big-endian timestamp
    retimed = line.rsplit(" ", 1)[0] + " " + base64.b64encode(bytes(raw)).decode() + "\n"
    for replacement in (retimed, forged):
        bundle = copy.deepcopy(BUNDLE)
        bundle["checkpoint"] = _checkpoint_without_cosignature() + replacement
        assert not verify(bundle).ok


@each_event
def test_a_wrong_leaf_index_or_proof_hash_is_refused(s: int, e: int) -> None:
    """Another leaf index, or one changed bit in any proof hash, fails the inclusion check."""
    bundle = copy.deepcopy(BUNDLE)
    bundle["streams"][s]["events"][e]["leaf_index"] = (
        BUNDLE["streams"][s]["events"][e]["leaf_index"] + 1
    ) % 10
    assert not verify(bundle).ok
    for h, value in enumerate(BUNDLE["streams"][s]["events"][e]["inclusion_proof"]):
        bundle = copy.deepcopy(BUNDLE)
        flipped = bytearray(bytes.fromhex(value))
        flipped[0] ^= 0x01
        bundle["streams"][s]["events"][e]["inclusion_proof"][h] = flipped.hex()
        assert not verify(bundle).ok


# --- the file is what the script writes --------------------------------------------------


def test_the_vector_file_is_exactly_what_the_generator_script_writes() -> None:
    """Rerunning scripts/make_bundle_vector.py gives the committed file byte for byte."""
    assert load_script().render() == BUNDLE_FILE.read_text("utf-8")


def test_the_scripts_check_option_fails_on_a_stale_file(tmp_path: Path) -> None:
    """--check exits 0 on the committed file and 1 on a copy that differs by one byte."""
    script = load_script()
    assert script.main(["--check"]) == 0
    (tmp_path / "bundle.json").write_text(BUNDLE_FILE.read_text("utf-8") + " ", "utf-8")
    assert script.main(["--check", "--output-dir", str(tmp_path)]) == 1
