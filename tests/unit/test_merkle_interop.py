"""``domain.proof.merkle`` and ``domain.proof.checkpoint`` agree with independent implementations.

Two maintained packages from PyPI, neither sharing code with ours:

* **pymerkle** (``InmemoryTree``, SHA-256 with the 0x00/0x01 prefixes of RFC 6962
  — its default, "security" mode). Its leaf hashes, roots and inclusion paths are
  RFC 9162's, so they must equal ours byte for byte (its proof lists the leaf hash
  first, then PATH). Its *consistency* proofs are laid out its own way (it walks
  right where RFC 9162's SUBPROOF walks left when the old size fills the left
  subtree exactly), so for those we check agreement on what they prove: its
  verifier accepts our two roots as consistent and ours accepts its roots.
* **tlog-scales** (a C2SP tlog-tiles reader/writer): proofs are the RFC's
  PATH/SUBPROOF over hashes read back from tiles written to disk, and its
  verifiers are literal transcriptions of RFC 9162 §2.1.3.2 / §2.1.4.2, so both
  kinds of proof must equal ours byte for byte and cross-verify. It also reads
  and verifies C2SP checkpoints, signed notes and Ed25519 cosignatures.

Trees are random (seeded event hashes) up to 2,000 leaves: every index and every
pair for sizes up to 64, samples above.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymerkle
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tlog_scales import backend as tiles_backend
from tlog_scales import reader as tiles_reader
from tlog_scales import signing as tiles_signing
from tlog_scales import tlog as tiles_tlog
from tlog_scales import writer as tiles_writer

from domain.proof.checkpoint import (
    cosign,
    format_checkpoint,
    format_witness_vkey,
    parse_checkpoint,
    parse_witness_vkey,
    sign_note,
    verify_checkpoint,
)
from domain.proof.merkle import (
    MemoryTree,
    ProofError,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)
from domain.proof.note import format_vkey, parse_vkey

ROOT_DIR = Path(__file__).resolve().parents[2]
TREE_VECTORS = ROOT_DIR / "docs" / "test-vectors" / "tree.json"
CHECKPOINT_VECTORS = ROOT_DIR / "docs" / "test-vectors" / "checkpoint.json"

MAX_SIZE = 2000
SMALL = range(1, 65)
RNG = random.Random(6962)
EVENT_HASHES = [RNG.randbytes(32) for _ in range(MAX_SIZE)]
LEAVES = [leaf_hash(value) for value in EVENT_HASHES]
OURS = MemoryTree(LEAVES)
LARGE = sorted(
    {65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1000, 1023, 1024, 1025, 1999, MAX_SIZE}
    | set(RNG.sample(range(66, MAX_SIZE), 10))
)
SIZES = [*SMALL, *LARGE]


def sample_indexes(size: int) -> list[int]:
    """Every index of a small tree; the edges, the middle and a few random ones otherwise."""
    if size <= SMALL.stop:
        return list(range(size))
    return sorted({0, 1, size // 2, size - 2, size - 1, *RNG.sample(range(size), 6)})


def sample_first_sizes(size: int) -> list[int]:
    """Every first size of a small tree; the edges, other tested sizes and random otherwise."""
    if size <= SMALL.stop:
        return list(range(1, size + 1))
    others = [s for s in LARGE if s < size]
    return sorted({1, 2, 3, size // 2, size - 1, size, *others, *RNG.sample(range(1, size), 6)})


INCLUSION_CASES = [(index, size) for size in SIZES for index in sample_indexes(size)]
CONSISTENCY_CASES = [(size1, size2) for size2 in SIZES for size1 in sample_first_sizes(size2)]


# --- pymerkle -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pymerkle_tree() -> pymerkle.InmemoryTree:
    """pymerkle's in-memory tree over the same events, in its default RFC 6962 mode."""
    tree = pymerkle.InmemoryTree(algorithm="sha256")
    for value in EVENT_HASHES:
        tree.append_entry(value)
    return tree


def test_pymerkle_hashes_as_rfc_6962_does(pymerkle_tree: pymerkle.InmemoryTree) -> None:
    """The reference is configured as RFC 6962: SHA-256, leaf prefix 0x00, node prefix 0x01."""
    assert pymerkle_tree.algorithm == "sha256"
    assert pymerkle_tree.leaf_prefix == b"\x00"
    assert pymerkle_tree.node_prefix == b"\x01"


def test_leaf_hashes_equal_pymerkle_for_every_leaf(pymerkle_tree: pymerkle.InmemoryTree) -> None:
    """pymerkle's leaf i (it counts from one) is our leaf hash of the same event."""
    for index in range(MAX_SIZE):
        assert pymerkle_tree.get_leaf(index + 1) == LEAVES[index], index


def test_roots_equal_pymerkle_for_every_size_up_to_2000(
    pymerkle_tree: pymerkle.InmemoryTree,
) -> None:
    """The root of every size 0..2,000 is the same in both implementations."""
    for size in range(MAX_SIZE + 1):
        assert pymerkle_tree.get_root(size) == OURS.root(size), size


def test_inclusion_proofs_equal_pymerkle_hash_for_hash(
    pymerkle_tree: pymerkle.InmemoryTree,
) -> None:
    """pymerkle's inclusion path is the leaf hash then exactly our PATH; each side verifies."""
    for index, size in INCLUSION_CASES:
        ours = OURS.inclusion_proof(index, size)
        theirs = pymerkle_tree.prove_inclusion(index + 1, size)
        assert theirs.path == [LEAVES[index], *ours], (index, size)
        pymerkle.verify_inclusion(LEAVES[index], OURS.root(size), theirs, index + 1, size)
        verify_inclusion(LEAVES[index], index, size, theirs.path[1:], pymerkle_tree.get_root(size))


def test_consistency_is_agreed_with_pymerkle_on_both_sides(
    pymerkle_tree: pymerkle.InmemoryTree,
) -> None:
    """pymerkle's verifier accepts our roots as consistent, and ours accepts its roots."""
    for size1, size2 in CONSISTENCY_CASES:
        theirs = pymerkle_tree.prove_consistency(size1, size2)
        pymerkle.verify_consistency(OURS.root(size1), OURS.root(size2), theirs, size1, size2)
        verify_consistency(
            size1,
            size2,
            OURS.consistency_proof(size1, size2),
            pymerkle_tree.get_root(size1),
            pymerkle_tree.get_root(size2),
        )


def test_pymerkle_refuses_roots_that_we_refuse(pymerkle_tree: pymerkle.InmemoryTree) -> None:
    """The cross-check is not vacuous: pymerkle rejects a root from another history too."""
    other = MemoryTree([leaf_hash(hashlib.sha256(value).digest()) for value in EVENT_HASHES[:40]])
    theirs = pymerkle_tree.prove_consistency(20, 40)
    with pytest.raises(pymerkle.InvalidProof):
        pymerkle.verify_consistency(other.root(20), OURS.root(40), theirs, 20, 40)
    with pytest.raises(ProofError):
        verify_consistency(20, 40, OURS.consistency_proof(20, 40), other.root(20), OURS.root(40))


# --- tlog-scales ----------------------------------------------------------------------

LOG_NAME = "interop.jianzheng.example/log"
LOG_KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"interop test log key").digest())
LOG_PUBLIC = LOG_KEY.public_key().public_bytes_raw()
WITNESS_NAME = "interop.jianzheng.example/witness"
WITNESS_KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"interop witness").digest())
WITNESS_PUBLIC = WITNESS_KEY.public_key().public_bytes_raw()


@dataclass
class TilesLog:
    """A tlog-tiles log written by tlog-scales, committed at every tested size."""

    directory: Path
    reader: tiles_reader.TilesReader
    checkpoints: dict[int, str]

    def at(self, size: int) -> tiles_reader.TilesReader:
        """The reader, looking at the tree as it was at ``size``."""
        self.reader.set_size(size)
        return self.reader


@pytest.fixture(scope="module")
def tiles_log(tmp_path_factory: pytest.TempPathFactory) -> TilesLog:
    """Write all events through tlog-scales' tile writer, committing (and signing) at each size.

    Old partial tiles are kept (``gc=False``) so that the tree can be read back at
    every committed size; each commit's checkpoint is signed by tlog-scales' own
    Ed25519 signer with our test log key.
    """
    directory = tmp_path_factory.mktemp("tiles") / "log"
    writer = tiles_writer.TilesWriter.create(directory, LOG_NAME)
    signer = tiles_signing.PlainEd25519Signer(LOG_NAME, LOG_KEY)
    checkpoints: dict[int, str] = {}
    committed = 0
    for size in SIZES:
        for value in EVENT_HASHES[committed:size]:
            writer.add_leaf(value)
        writer.commit([signer], gc=False)
        committed = size
        checkpoints[size] = (directory / "checkpoint").read_text("utf-8")
    reader = tiles_reader.TilesReader(tiles_backend.LocalBackend(directory))
    return TilesLog(directory, reader, checkpoints)


def test_roots_equal_tlog_scales_read_back_from_tiles(tiles_log: TilesLog) -> None:
    """The root of every committed size, read back from tiles, is our root."""
    for size in SIZES:
        assert tiles_log.at(size).calculate_root_hash() == OURS.root(size), size


def test_inclusion_proofs_equal_tlog_scales_and_pass_its_rfc_verifier(tiles_log: TilesLog) -> None:
    """tlog-scales' PATH equals ours hash for hash; its RFC 9162 verifier accepts ours."""
    for index, size in INCLUSION_CASES:
        ours = OURS.inclusion_proof(index, size)
        theirs = tiles_log.at(size).get_inclusion_proof(index, size)
        assert theirs.node_hashes == ours, (index, size)
        tiles_tlog.InclusionProof(index, size, ours).check(LEAVES[index], OURS.root(size))


def test_consistency_proofs_equal_tlog_scales_and_pass_its_rfc_verifier(
    tiles_log: TilesLog,
) -> None:
    """tlog-scales' PROOF equals ours hash for hash; its RFC 9162 verifier accepts ours."""
    for size1, size2 in CONSISTENCY_CASES:
        ours = OURS.consistency_proof(size1, size2)
        theirs = tiles_log.at(size2).get_consistency_proof(size1, size2)
        assert theirs.node_hashes == ours, (size1, size2)
        tiles_tlog.ConsistencyProof(size1, size2, ours).check(OURS.root(size1), OURS.root(size2))


def test_tlog_scales_rejects_what_we_reject(tiles_log: TilesLog) -> None:
    """The cross-check is not vacuous: a flipped bit fails in both verifiers."""
    proof = OURS.consistency_proof(700, 1500)
    tampered = [proof[0], bytes([proof[1][0] ^ 1]) + proof[1][1:], *proof[2:]]
    with pytest.raises(tiles_tlog.ConsistencyProofInvalid):
        tiles_tlog.ConsistencyProof(700, 1500, tampered).check(OURS.root(700), OURS.root(1500))
    with pytest.raises(ProofError):
        verify_consistency(700, 1500, tampered, OURS.root(700), OURS.root(1500))


def test_checkpoints_signed_by_tlog_scales_verify_here(tiles_log: TilesLog) -> None:
    """Each checkpoint tlog-scales wrote and signed parses and verifies with our code."""
    log_vkey = parse_vkey(format_vkey(LOG_NAME, LOG_PUBLIC))
    for size, text in tiles_log.checkpoints.items():
        checkpoint, _ = verify_checkpoint(text, log_vkey, origin=LOG_NAME)
        assert (checkpoint.size, checkpoint.root) == (size, OURS.root(size))


def test_our_cosigned_checkpoint_verifies_in_tlog_scales() -> None:
    """A checkpoint we sign and cosign verifies with tlog-scales' 0x01 and 0x04 verifiers."""
    body = format_checkpoint(LOG_NAME, 1234, OURS.root(1234))
    note = sign_note(body, LOG_NAME, LOG_KEY) + cosign(body, WITNESS_NAME, WITNESS_KEY, 1767225600)
    theirs = tiles_tlog.Checkpoint.from_text(note)
    assert (theirs.origin, theirs.size, theirs.root_hash) == (LOG_NAME, 1234, OURS.root(1234))
    theirs.verify(tiles_signing.Vkey.from_string(format_vkey(LOG_NAME, LOG_PUBLIC)))
    witness_vkey = format_witness_vkey(WITNESS_NAME, WITNESS_PUBLIC)
    theirs.verify(tiles_signing.Vkey.from_string(witness_vkey))
    assert tiles_signing.Vkey.from_string(witness_vkey).key_id == int.from_bytes(
        parse_witness_vkey(witness_vkey).key_id, "big"
    )


def test_tlog_scales_computes_the_same_witness_key_id_from_type_0x04() -> None:
    """Both compute the cosigner key id as SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]."""
    theirs = tiles_signing.Vkey(WITNESS_NAME, None, 0x04, WITNESS_PUBLIC)
    assert theirs.serialize() == format_witness_vkey(WITNESS_NAME, WITNESS_PUBLIC)


# --- The published vectors, checked by the independent implementation -----------------


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return document


def test_published_tree_vectors_pass_tlog_scales_rfc_verifiers() -> None:
    """Every proof in tree.json passes tlog-scales' RFC 9162 verifiers with its roots."""
    document = load(TREE_VECTORS)
    roots = {entry["size"]: bytes.fromhex(entry["root"]) for entry in document["roots"]}
    leaves = [bytes.fromhex(leaf["leaf_hash"]) for leaf in document["leaves"]]
    for entry in document["inclusion_proofs"]:
        index, size = entry["index"], entry["size"]
        proof = [bytes.fromhex(h) for h in entry["proof"]]
        tiles_tlog.InclusionProof(index, size, proof).check(leaves[index], roots[size])
    for entry in document["consistency_proofs"]:
        size1, size2 = entry["size1"], entry["size2"]
        proof = [bytes.fromhex(h) for h in entry["proof"]]
        tiles_tlog.ConsistencyProof(size1, size2, proof).check(roots[size1], roots[size2])


def test_published_checkpoint_vectors_verify_in_tlog_scales() -> None:
    """checkpoint.json's cosigned note verifies with tlog-scales, from the published vkeys."""
    document = load(CHECKPOINT_VECTORS)
    theirs = tiles_tlog.Checkpoint.from_text(document["cosigned_note"])
    theirs.verify(tiles_signing.Vkey.from_string(document["log_key"]["vkey"]))
    theirs.verify(tiles_signing.Vkey.from_string(document["witness_key"]["vkey"]))
    ours = parse_checkpoint(document["checkpoint"]["body"])
    assert (theirs.origin, theirs.size, theirs.root_hash) == (ours.origin, ours.size, ours.root)
