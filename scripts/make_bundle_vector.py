"""Write ``docs/test-vectors/bundle.json``: a small court bundle that verifies offline.

The bundle has the members ``infra.bundle.export_case`` writes and that
``domain.proof.bundle.verify_bundle`` checks (docs/spec.md §7), built from fixed values
only:

* the subject stream is the three chained events of ``events.json``
  (``chain-genesis``, ``chain-second``, ``chain-third``), byte for byte;
* the linked streams are those an export of that case includes: the catalogue
  (one ``catalogue.Published``) and the stream of each actor who acted on the case
  (the officer: ``actors.Registered`` and ``actors.CertificateRecorded``; the
  legal reviewer: ``actors.Registered``), built here with
  ``domain.proof.chain.canonical_envelope`` and fixed times;
* the log holds ten leaves in this commit order: the catalogue event, the three actor
  events, three events of other streams that the bundle does not carry (the
  ``chinese-text``, ``string-escapes`` and ``integers`` vectors of ``events.json``),
  then the three events of the case; every proof is computed by
  ``domain.proof.merkle.MemoryTree``;
* the checkpoint of that tree (size 10) is signed by the TEST log key of
  ``checkpoint.json`` and cosigned by its TEST witness key at a fixed time.

Before writing, the script checks the root against a recursive transcription of
RFC 9162's MTH, every proof with ``domain.proof.merkle.verify_inclusion``, and the whole
file with ``domain.proof.bundle.verify_bundle`` and the published keys; it refuses to
write unless all hold. Ed25519 signatures are deterministic and nothing reads the
clock, so running it again gives an identical file.

    python scripts/make_bundle_vector.py          # write the file
    python scripts/make_bundle_vector.py --check  # exit 1 if the file is not up to date
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.proof.bundle import BUNDLE_FORMAT, verify_bundle
from domain.proof.chain import GENESIS_PREV, SPEC_VERSION, canonical_envelope, decode_envelope
from domain.proof.checkpoint import (
    cosign,
    format_checkpoint,
    format_witness_vkey,
    parse_witness_vkey,
    sign_note,
)
from domain.proof.merkle import EMPTY_ROOT, MemoryTree, leaf_hash, node_hash, verify_inclusion
from domain.proof.note import format_vkey
from domain.records.catalogue import CATALOGUE_STREAM, validate_catalogue

VECTORS_DIR = Path(__file__).resolve().parent.parent / "docs" / "test-vectors"
OUTPUT_NAME = "bundle.json"

# The subject: the case whose stream is the chain of events.json.
CASE_STREAM = "3f2b8c1e-5d4a-4e6f-9a7b-2c1d0e9f8a71"
OFFICER = "7a9e2d4c-1b3f-4a5e-8c6d-0f1e2d3c4b5a"
REVIEWER = "c4d3e2f1-a0b9-4c8d-9e7f-6a5b4c3d2e1f"
SUBJECT_VECTORS = ("chain-genesis", "chain-second", "chain-third")
OTHER_VECTORS = ("chinese-text", "string-escapes", "integers")
"""Events of other streams that are leaves of the log but not part of the bundle."""

COSIGNATURE_TIME = 1775217600  # 2026-04-03T12:00:00Z, after the last event of the case
EXPORTED_AT = "2026-04-03T12:30:00Z"

TEST_CATALOGUE: dict[str, Any] = {
    "review_all_non_simplified": False,
    "rules": [
        {
            "id": "large-fine",
            "title": "较大数额罚款",
            "basis": "行政处罚法 第58条第1款第(二)项",
            "when": {"fine_at_least_fen": {"person": 1000000, "organisation": 10000000}},
        }
    ],
}


class VectorError(SystemExit):
    """A value failed a cross-check; nothing is written."""

    def __init__(self, message: str) -> None:
        super().__init__(f"make_bundle_vector: {message}")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise VectorError(message)


def _load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((VECTORS_DIR / name).read_text("utf-8"))
    return document


def _published_event(vectors: dict[str, dict[str, Any]], name: str) -> bytes:
    """The canonical bytes of an events.json vector, checked against its published hash."""
    canonical = base64.b64decode(vectors[name]["canonical_base64"], validate=True)
    envelope = decode_envelope(canonical)
    _check(envelope.event_hash == vectors[name]["event_hash"], f"{name}: hash differs")
    return canonical


def _made_event(
    stream: str, seq: int, event_type: str, at: str, actor: str, data: dict[str, Any], prev: str
) -> bytes:
    """Canonical bytes of a fixed envelope, checked to decode back to what was given."""
    canonical = canonical_envelope(
        stream=stream, seq=seq, event_type=event_type, at=at, actor=actor, data=data, prev=prev
    )
    envelope = decode_envelope(canonical)
    _check(
        (envelope.stream, envelope.seq, envelope.type, envelope.prev)
        == (stream, seq, event_type, prev),
        f"{event_type} of {stream} does not decode to what was given",
    )
    return canonical


def _hash(canonical: bytes) -> str:
    return decode_envelope(canonical).event_hash


def build_streams(events: dict[str, dict[str, Any]]) -> dict[str, list[bytes]]:
    """Stream id → canonical bytes of its events, in ``seq`` order."""
    validate_catalogue(TEST_CATALOGUE)
    catalogue = str(CATALOGUE_STREAM)
    published = _made_event(
        catalogue, 1, "catalogue.Published", "2026-03-01T00:00:00.000000Z", "system",
        {"note": "test catalogue: one rule", "rules": TEST_CATALOGUE, "version": 1},
        GENESIS_PREV,
    )  # fmt: skip
    officer_registered = _made_event(
        OFFICER, 1, "actors.Registered", "2026-03-02T01:00:00.000000Z", "system",
        {"agency": "淄博市市场监督管理局", "jurisdiction": "370300", "name": "王五",
         "role": "officer"},
        GENESIS_PREV,
    )  # fmt: skip
    officer_certificate = _made_event(
        OFFICER, 2, "actors.CertificateRecorded", "2026-03-02T01:05:00.000000Z", "system",
        {"number": "370300-2026-0018", "valid_from": "2026-01-01", "valid_until": "2028-12-31"},
        _hash(officer_registered),
    )  # fmt: skip
    reviewer_registered = _made_event(
        REVIEWER, 1, "actors.Registered", "2026-03-02T01:10:00.000000Z", "system",
        {"agency": "淄博市市场监督管理局", "jurisdiction": "370300", "name": "李四",
         "role": "legal_reviewer"},
        GENESIS_PREV,
    )  # fmt: skip
    subject = [_published_event(events, name) for name in SUBJECT_VECTORS]
    return {
        CASE_STREAM: subject,
        catalogue: [published],
        OFFICER: [officer_registered, officer_certificate],
        REVIEWER: [reviewer_registered],
    }


def log_order(streams: dict[str, list[bytes]], events: dict[str, dict[str, Any]]) -> list[bytes]:
    """The canonical bytes of every leaf of the test log, in commit order."""
    case = streams[CASE_STREAM]
    return [
        streams[str(CATALOGUE_STREAM)][0],
        *streams[OFFICER],
        *streams[REVIEWER],
        *(_published_event(events, name) for name in OTHER_VECTORS),
        *case,
    ]


# A second, recursive computation of the root, transcribed from RFC 9162 §2.1.1, so
# that the published root does not rest on domain.proof.merkle alone.
def _rfc_mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(_rfc_mth(leaves[:k]), _rfc_mth(leaves[k:]))


def build_bundle() -> tuple[bytes, str, str]:
    """The bundle's bytes, the log vkey and the witness vkey to verify it with."""
    events = {v["name"]: v for v in _load("events.json")["vectors"]}
    keys = _load("checkpoint.json")
    _check("TEST KEYS ONLY" in keys["warning"], "checkpoint.json's keys are not test-only")
    log_name = keys["log_key"]["name"]
    log_key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(keys["log_key"]["seed_hex"]))
    log_vkey = format_vkey(log_name, log_key.public_key().public_bytes_raw())
    _check(log_vkey == keys["log_key"]["vkey"], "the log seed does not give the published vkey")
    witness_name = keys["witness_key"]["name"]
    witness_key = Ed25519PrivateKey.from_private_bytes(
        bytes.fromhex(keys["witness_key"]["seed_hex"])
    )
    witness_vkey = format_witness_vkey(witness_name, witness_key.public_key().public_bytes_raw())
    _check(witness_vkey == keys["witness_key"]["vkey"], "the witness seed gives another vkey")

    streams = build_streams(events)
    leaves = log_order(streams, events)
    leaf_hashes = [leaf_hash(bytes.fromhex(_hash(canonical))) for canonical in leaves]
    tree = MemoryTree(leaf_hashes)
    size, root = tree.size, tree.root()
    _check(root == _rfc_mth(leaf_hashes), "root differs from RFC 9162 MTH")
    index_of = {canonical: index for index, canonical in enumerate(leaves)}
    _check(len(index_of) == len(leaves), "two leaves hold the same event")

    body = format_checkpoint(log_name, size, root)  # the log's key name is its origin
    checkpoint = sign_note(body, log_name, log_key) + cosign(
        body, witness_name, witness_key, COSIGNATURE_TIME
    )

    def stream(stream_id: str, kind: str, role: str) -> dict[str, Any]:
        items = []
        for canonical in streams[stream_id]:
            index = index_of[canonical]
            proof = tree.inclusion_proof(index, size)
            verify_inclusion(leaf_hashes[index], index, size, proof, root)
            items.append(
                {
                    "canonical": base64.b64encode(canonical).decode("ascii"),
                    "event_hash": _hash(canonical),
                    "leaf_index": index,
                    "inclusion_proof": [h.hex() for h in proof],
                }
            )
        return {"stream": stream_id, "kind": kind, "role": role, "events": items}

    bundle = {
        "description": DESCRIPTION.format(log_vkey=log_vkey, witness_vkey=witness_vkey),
        "how_generated": HOW_GENERATED,
        "warning": "TEST KEYS ONLY: the checkpoint is signed and cosigned with the test keys "
        "of checkpoint.json, whose private seeds are published. Never trust anything they "
        "sign outside these vectors.",
        "format": BUNDLE_FORMAT,
        "spec": SPEC_VERSION,
        "origin": log_name,
        "log_keys": [log_vkey],
        "checkpoint": checkpoint,
        "subject": {"kind": "case", "id": CASE_STREAM},
        "exported_at": EXPORTED_AT,
        "streams": [
            stream(CASE_STREAM, "enforcement", "subject"),
            stream(str(CATALOGUE_STREAM), "catalogue", "catalogue"),
            stream(OFFICER, "actors", "actor"),
            stream(REVIEWER, "actors", "actor"),
        ],
    }
    # The exporter's own serialisation (infra/bundle.py), plus a final newline.
    data = (json.dumps(bundle, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    _check_verifies(data, log_vkey, witness_vkey, witness_name, size)
    return data, log_vkey, witness_vkey


def _check_verifies(
    data: bytes, log_vkey: str, witness_vkey: str, witness_name: str, size: int
) -> None:
    """Refuse to write unless the offline verifier accepts the bundle with the test keys."""
    report = verify_bundle(data, log_vkey, [parse_witness_vkey(witness_vkey)])
    _check(report.ok, f"verify_bundle refuses the bundle: {report.problems}")
    _check(not report.notes, f"verify_bundle has notes: {report.notes}")
    _check(report.tree_size == size, "verify_bundle read another tree size")
    _check(report.cosigned_by == [witness_name], "the witness's cosignature was not verified")
    _check((report.streams, report.events) == (4, 7), "verify_bundle counted other events")
    _check([step["seq"] for step in report.story] == [1, 2, 3], "the story is not the case's")
    _check(verify_bundle(data).ok, "the bundle does not verify with its own log key")


DESCRIPTION = (
    "A court bundle (docs/spec.md section 7) small enough to check by hand, for writers of "
    "independent verifiers. Every member that the service's exporter writes is here; "
    "description, how_generated and warning are extra members that verifiers ignore. The "
    "subject is the case whose stream is the chain of events.json (chain-genesis, "
    "chain-second, chain-third); the linked streams are the catalogue and the two actors "
    "who acted on the case. The log behind the checkpoint has 10 leaves, in commit order: "
    "leaf 0 the catalogue event, leaves 1-2 the officer's, leaf 3 the reviewer's, leaves "
    "4-6 the events.json vectors chinese-text, string-escapes and integers (streams the "
    "bundle does not carry), leaves 7-9 the case's. Each event's canonical member is the "
    "base64 of its canonical bytes, event_hash their SHA-256 with the jianzheng:event:v1 "
    "prefix, and inclusion_proof its RFC 9162 inclusion path (hex) from leaf_index to the "
    "root of the checkpoint's tree. Verify with: jianzheng verify-bundle "
    "docs/test-vectors/bundle.json --log-key '{log_vkey}' --witness-key '{witness_vkey}'"
)

HOW_GENERATED = (
    "Generated by scripts/make_bundle_vector.py from fixed values (no clock, no randomness; "
    "rerunning gives an identical file): the subject's events and the three other leaves "
    "are read from events.json, the other events are built with "
    "domain.chain.canonical_envelope and fixed times, the tree is a domain.merkle.MemoryTree "
    "whose root is cross-checked against a recursive transcription of RFC 9162's MTH, and the "
    "checkpoint is signed by the test log key and cosigned at 1775217600 "
    "(2026-04-03T12:00:00Z) by the test witness key of checkpoint.json. The script refuses "
    "to write unless every inclusion proof verifies and domain.bundle.verify_bundle accepts "
    "the file with both published keys. Serialised as the exporter does (JSON, UTF-8, "
    "indent 1, non-ASCII characters unescaped), plus a final newline. Check that the file "
    "is current with `python scripts/make_bundle_vector.py --check`."
)


def render() -> str:
    """The full text of the vectors file."""
    data, _, _ = build_bundle()
    return data.decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the vectors file, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--output-dir", type=Path, default=VECTORS_DIR, help="where it goes")
    args = parser.parse_args(argv)
    text = render()
    path = args.output_dir / OUTPUT_NAME
    if args.check:
        if path.exists() and path.read_text("utf-8") == text:
            print(f"{path} is up to date")
            return 0
        print(f"{path} is out of date; run scripts/make_bundle_vector.py")
        return 1
    args.output_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
