"""Write ``docs/test-vectors/tree.json`` and ``checkpoint.json``: transparency-log vectors.

``tree.json``: 16 leaves (event hash of leaf i = SHA-256 of the ASCII decimal i),
their RFC 9162 leaf hashes, the root of every size 0..16, every inclusion proof
(index < size <= 8) and every consistency proof (0 <= size1 <= size2 <= 8).

``checkpoint.json``: a TEST log key and a TEST witness key (seeds published here,
never to be used for anything real), the checkpoint of the size-13 tree above,
its signed note, and a ``cosignature/v1`` by the witness at a fixed time.

Every value is computed twice or checked by a verifier before anything is
written: roots by ``domain.proof.merkle.MemoryTree`` and by a recursive transcription
of RFC 9162 §2.1 in this script, proofs against ``domain.proof.merkle``'s verifiers, the
signed and cosigned note against ``domain.proof.checkpoint.verify_checkpoint``. No clock
and no randomness (Ed25519 signatures are deterministic): running it again gives
identical files.

    python scripts/make_log_vectors.py          # write both files
    python scripts/make_log_vectors.py --check  # exit 1 if either file is not up to date
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.proof.chain import SPEC_VERSION
from domain.proof.checkpoint import (
    cosign,
    cosignature_message,
    format_checkpoint,
    format_witness_vkey,
    parse_witness_vkey,
    sign_note,
    verify_checkpoint,
)
from domain.proof.merkle import (
    EMPTY_ROOT,
    MemoryTree,
    leaf_hash,
    node_hash,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)
from domain.proof.note import format_private_key, format_vkey, parse_vkey

VECTORS_DIR = Path(__file__).resolve().parent.parent / "docs" / "test-vectors"

LEAF_COUNT = 16
PROOF_MAX_SIZE = 8

# TEST ONLY. These seeds are published in the vectors file: anyone can sign with
# them. They are derived from a label only so that the script shows where they
# come from; the file carries the seeds themselves.
LOG_NAME = "jianzheng.example/test-log"
LOG_SEED = hashlib.sha256(b"jianzheng test vectors: log key (PUBLISHED, TEST ONLY)").digest()
WITNESS_NAME = "witness.jianzheng.example/test-oversight"
WITNESS_SEED = hashlib.sha256(
    b"jianzheng test vectors: witness key (PUBLISHED, TEST ONLY)"
).digest()
CHECKPOINT_SIZE = 13
COSIGNATURE_TIME = 1767225600  # 2026-01-01T00:00:00Z


class VectorError(SystemExit):
    """A vector failed a cross-check; nothing is written."""

    def __init__(self, message: str) -> None:
        super().__init__(f"make_log_vectors: {message}")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise VectorError(message)


def _hex(values: list[bytes]) -> list[str]:
    return [value.hex() for value in values]


# A second, recursive computation of the root, transcribed from RFC 9162 §2.1.1, so
# that no published root rests on domain.proof.merkle alone.
def _rfc_mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(_rfc_mth(leaves[:k]), _rfc_mth(leaves[k:]))


def event_hash_of(index: int) -> bytes:
    """The made-up event hash of leaf ``index``: SHA-256 of its ASCII decimal."""
    return hashlib.sha256(str(index).encode("ascii")).digest()


def build_tree() -> dict[str, Any]:
    """The tree vectors, cross-checked."""
    event_hashes = [event_hash_of(i) for i in range(LEAF_COUNT)]
    leaves = [leaf_hash(h) for h in event_hashes]
    for event, leaf in zip(event_hashes, leaves, strict=True):
        _check(leaf == hashlib.sha256(b"\x00" + event).digest(), "leaf hash is not 0x00-prefixed")
    tree = MemoryTree(leaves)
    roots = []
    for size in range(LEAF_COUNT + 1):
        value = tree.root(size)
        _check(value == _rfc_mth(leaves[:size]), f"root {size} differs from RFC 9162 MTH")
        _check(value == root_from_leaf_hashes(leaves[:size]), f"root {size} differs bottom-up")
        roots.append(
            {"size": size, "root": value.hex(), "root_base64": base64.b64encode(value).decode()}
        )
    inclusion = []
    for size in range(1, PROOF_MAX_SIZE + 1):
        for index in range(size):
            proof = tree.inclusion_proof(index, size)
            verify_inclusion(leaves[index], index, size, proof, tree.root(size))
            inclusion.append({"index": index, "size": size, "proof": _hex(proof)})
    consistency = []
    for size2 in range(1, PROOF_MAX_SIZE + 1):
        for size1 in range(size2 + 1):
            proof = tree.consistency_proof(size1, size2)
            verify_consistency(size1, size2, proof, tree.root(size1), tree.root(size2))
            consistency.append({"size1": size1, "size2": size2, "proof": _hex(proof)})
    return {
        "spec": SPEC_VERSION,
        "description": TREE_DESCRIPTION,
        "how_generated": TREE_HOW_GENERATED,
        "leaves": [
            {
                "index": i,
                "data": str(i),
                "event_hash": event_hashes[i].hex(),
                "leaf_hash": leaves[i].hex(),
            }
            for i in range(LEAF_COUNT)
        ],
        "roots": roots,
        "inclusion_proofs": inclusion,
        "consistency_proofs": consistency,
    }


def build_checkpoint(tree_vectors: dict[str, Any]) -> dict[str, Any]:
    """The checkpoint, signed-note and cosignature vectors, cross-checked."""
    log_key = Ed25519PrivateKey.from_private_bytes(LOG_SEED)
    log_public = log_key.public_key().public_bytes_raw()
    witness_key = Ed25519PrivateKey.from_private_bytes(WITNESS_SEED)
    witness_public = witness_key.public_key().public_bytes_raw()
    log_vkey = format_vkey(LOG_NAME, log_public)
    witness_vkey = format_witness_vkey(WITNESS_NAME, witness_public)

    root = bytes.fromhex(tree_vectors["roots"][CHECKPOINT_SIZE]["root"])
    body = format_checkpoint(LOG_NAME, CHECKPOINT_SIZE, root)
    signed = sign_note(body, LOG_NAME, log_key)
    line = cosign(body, WITNESS_NAME, witness_key, COSIGNATURE_TIME)
    cosigned = signed + line

    checkpoint, verified = verify_checkpoint(
        cosigned,
        parse_vkey(log_vkey),
        witnesses=[parse_witness_vkey(witness_vkey)],
        origin=LOG_NAME,
    )
    _check(checkpoint.size == CHECKPOINT_SIZE and checkpoint.root == root, "checkpoint differs")
    _check(
        verified.timestamp_of(parse_witness_vkey(witness_vkey)) == COSIGNATURE_TIME,
        "cosignature time differs",
    )
    return {
        "spec": SPEC_VERSION,
        "description": CHECKPOINT_DESCRIPTION,
        "how_generated": CHECKPOINT_HOW_GENERATED,
        "warning": "TEST KEYS ONLY: the private keys below are published. Never trust "
        "anything they sign outside these vectors.",
        "log_key": {
            "name": LOG_NAME,
            "seed_hex": LOG_SEED.hex(),
            "private_key": format_private_key(LOG_NAME, LOG_SEED, log_public),
            "public_key_hex": log_public.hex(),
            "vkey": log_vkey,
        },
        "witness_key": {
            "name": WITNESS_NAME,
            "seed_hex": WITNESS_SEED.hex(),
            "public_key_hex": witness_public.hex(),
            "vkey": witness_vkey,
        },
        "checkpoint": {
            "origin": LOG_NAME,
            "size": CHECKPOINT_SIZE,
            "root_hex": root.hex(),
            "body": body,
        },
        "signed_note": signed,
        "cosignature": {
            "timestamp": COSIGNATURE_TIME,
            "signed_message": cosignature_message(body, COSIGNATURE_TIME).decode("utf-8"),
            "line": line,
        },
        "cosigned_note": cosigned,
    }


TREE_DESCRIPTION = (
    "Test vectors for the Jianzheng transparency log's Merkle tree (docs/spec.md; RFC "
    "9162 section 2.1 with SHA-256). All hashes are lower-case hex. Leaf i carries the "
    "32-byte event_hash = SHA-256 of the ASCII decimal i (data); its leaf_hash is "
    "SHA-256(0x00 || event_hash). An inner node is SHA-256(0x01 || left || right), a "
    "tree of n > 1 leaves splitting at the largest power of two below n; the root of "
    "the empty tree (size 0) is SHA-256 of no bytes. roots lists MTH of the first size "
    "leaves for every size 0..16 (root_base64 is the form a checkpoint carries). "
    "inclusion_proofs are PATH(index, D[size]) (RFC 9162 2.1.3.1), sibling hashes from "
    "the leaf upwards, for every index < size <= 8. consistency_proofs are PROOF(size1, "
    "D[size2]) (RFC 9162 2.1.4.1) for every 0 <= size1 <= size2 <= 8; the proof is "
    "empty when size1 is 0 (the first root must then be the empty-tree root) or equals "
    "size2 (the roots must then be equal), the two cases the RFC's verification "
    "algorithm leaves out."
)

TREE_HOW_GENERATED = (
    "Generated by scripts/make_log_vectors.py from fixed values (no clock, no "
    "randomness; rerunning gives an identical file). Roots were computed by "
    "domain.merkle.MemoryTree (from stored perfect subtrees), by "
    "domain.merkle.root_from_leaf_hashes (bottom-up) and by a recursive transcription of "
    "RFC 9162's MTH in the script, and the script refuses to write unless all three "
    "agree; every proof was generated by domain.merkle from perfect subtree hashes and "
    "checked with domain.merkle.verify_inclusion / verify_consistency (RFC 9162 "
    "2.1.3.2 and 2.1.4.2). The unit tests also check every vector against an "
    "independent RFC 9162 implementation (tlog-scales). Check that the file is current "
    "with `python scripts/make_log_vectors.py --check`."
)

CHECKPOINT_DESCRIPTION = (
    "Test vectors for Jianzheng checkpoints (docs/spec.md): C2SP tlog-checkpoint, "
    "signed-note and tlog-cosignature, using TEST keys whose private seeds are "
    "published here. log_key is an Ed25519 signed-note key (type 0x01): its vkey is "
    "name+keyid+base64(0x01 || public key), key id = SHA-256(name || 0x0A || 0x01 || "
    "public key)[:4], and private_key is the same seed in Go note's PRIVATE+KEY form. "
    "witness_key is an Ed25519 cosignature/v1 key (type 0x04): key id = SHA-256(name || "
    "0x0A || 0x04 || public key)[:4], vkey name+keyid+base64(0x04 || public key). "
    "checkpoint.body is the note text: origin, tree size, base64 root, each ending in a "
    "newline; its root is the size-13 root of tree.json. signed_note is the body, an "
    "empty line and the log's signature line: U+2014, space, key name, space, "
    "base64(key id || Ed25519 signature over the body's UTF-8 bytes), newline. "
    "cosignature.signed_message is what the witness signs: 'cosignature/v1', newline, "
    "'time <timestamp>', newline, then the body; cosignature.line is U+2014, space, "
    "witness name, space, base64(key id || 8-byte big-endian timestamp || Ed25519 "
    "signature), newline. cosigned_note is signed_note followed by that line, as the "
    "log serves a witnessed checkpoint."
)

CHECKPOINT_HOW_GENERATED = (
    "Generated by scripts/make_log_vectors.py from fixed seeds (SHA-256 of a fixed "
    "label), a fixed timestamp (1767225600 = 2026-01-01T00:00:00Z) and the tree of "
    "tree.json; Ed25519 (RFC 8032) signatures are deterministic, so rerunning gives an "
    "identical file. The script refuses to write unless "
    "domain.checkpoint.verify_checkpoint accepts cosigned_note with both vkeys. The unit "
    "tests check domain.checkpoint against the published test vector of Go's "
    "golang.org/x/mod/sumdb/note (byte for byte), and the vectors here against an "
    "independent implementation (tlog-scales). Check that the file is current with "
    "`python scripts/make_log_vectors.py --check`."
)


def render() -> dict[str, str]:
    """File name → full text of each vectors file."""
    tree = build_tree()
    checkpoint = build_checkpoint(tree)
    return {
        "tree.json": json.dumps(tree, ensure_ascii=False, indent=2) + "\n",
        "checkpoint.json": json.dumps(checkpoint, ensure_ascii=False, indent=2) + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    """Write the vectors files, or with ``--check`` report whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--output-dir", type=Path, default=VECTORS_DIR, help="where they go")
    args = parser.parse_args(argv)
    files = render()
    if args.check:
        stale = [
            name
            for name, text in files.items()
            if not (args.output_dir / name).exists()
            or (args.output_dir / name).read_text("utf-8") != text
        ]
        for name in stale:
            print(f"{args.output_dir / name} is out of date; run scripts/make_log_vectors.py")
        if not stale:
            print(f"{', '.join(files)} in {args.output_dir} are up to date")
        return 1 if stale else 0
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.output_dir / name).write_text(text, "utf-8")
        print(f"wrote {args.output_dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
