"""``domain.proof.merkle`` agrees with RFC 9162 §2.1 and rejects every tampered proof.

The reference below is the RFC's recursive definitions (MTH §2.1.1, PATH §2.1.3.1,
PROOF/SUBPROOF §2.1.4.1) transcribed as literally as Python allows: slow, and
obviously right. The fast code — bottom-up roots, generation from perfect subtree
hashes, the RFC's iterative verifiers — must agree with it exhaustively on every
tree up to 64 leaves and on samples up to 2,000.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.proof.merkle import (
    EMPTY_ROOT,
    Frontier,
    MemoryTree,
    ProofError,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    perfect_subtrees,
    root,
    root_from_consistency_proof,
    root_from_inclusion_proof,
    root_from_leaf_hashes,
    verify_consistency,
    verify_inclusion,
)

ROOT_DIR = Path(__file__).resolve().parents[2]
TREE_VECTORS = ROOT_DIR / "docs" / "test-vectors" / "tree.json"
SCRIPT = ROOT_DIR / "scripts" / "make_log_vectors.py"


# --- The reference: RFC 9162 §2.1, recursively --------------------------------------


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def ref_k(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(d: list[bytes]) -> bytes:
    """MTH(D[n]) over leaf *data* hashes already prefixed: here ``d`` holds leaf hashes."""
    n = len(d)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return d[0]
    k = ref_k(n)
    return sha256(b"\x01" + ref_mth(d[:k]) + ref_mth(d[k:]))


def ref_path(m: int, d: list[bytes]) -> list[bytes]:
    """PATH(m, D[n])."""
    n = len(d)
    if n == 1:
        return []
    k = ref_k(n)
    if m < k:
        return [*ref_path(m, d[:k]), ref_mth(d[k:])]
    return [*ref_path(m - k, d[k:]), ref_mth(d[:k])]


def ref_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b)."""
    n = len(d)
    if m == n:
        return [] if b else [ref_mth(d)]
    k = ref_k(n)
    if m <= k:
        return [*ref_subproof(m, d[:k], b), ref_mth(d[k:])]
    return [*ref_subproof(m - k, d[k:], False), ref_mth(d[:k])]


def ref_proof(m: int, d: list[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) for 0 < m < n."""
    return ref_subproof(m, d, True)


def make_leaves(count: int, seed: int = 0) -> list[bytes]:
    """Leaf hashes of ``count`` made-up events (event hash = SHA-256 of seed and index)."""
    return [leaf_hash(sha256(f"{seed}:{i}".encode())) for i in range(count)]


LEAVES_64 = make_leaves(64)
TREE_64 = MemoryTree(LEAVES_64)
ROOTS_64 = [ref_mth(LEAVES_64[:n]) for n in range(65)]
LEAVES_2000 = make_leaves(2000, seed=1)
TREE_2000 = MemoryTree(LEAVES_2000)


def flip(value: bytes, position: int = 0) -> bytes:
    """``value`` with one bit of byte ``position`` flipped."""
    changed = bytearray(value)
    changed[position] ^= 0x01
    return bytes(changed)


# --- Hashing --------------------------------------------------------------------------


def test_leaf_hash_is_sha256_of_a_zero_byte_and_the_event_hash() -> None:
    """A leaf hash is SHA-256(0x00 ‖ event_hash), the RFC 9162 leaf prefix."""
    event_hash = sha256(b"event")
    assert leaf_hash(event_hash) == sha256(b"\x00" + event_hash)


def test_node_hash_is_sha256_of_a_one_byte_and_both_children() -> None:
    """An inner node is SHA-256(0x01 ‖ left ‖ right), the RFC 9162 node prefix."""
    left, right = sha256(b"l"), sha256(b"r")
    assert node_hash(left, right) == sha256(b"\x01" + left + right)


def test_the_empty_tree_root_is_sha256_of_no_bytes() -> None:
    """Every way of asking for the root of zero leaves gives SHA-256 of the empty string."""
    expected = bytes.fromhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert expected == EMPTY_ROOT
    assert root_from_leaf_hashes([]) == expected
    assert MemoryTree().root() == expected
    assert root(TREE_64, 0) == expected


@pytest.mark.parametrize(
    "event_hash",
    [b"\x00" * 31, b"\x00" * 33, b"", "ab" * 32],
    ids=["31-bytes", "33-bytes", "empty", "hex-text"],
)
def test_a_leaf_is_only_ever_a_32_byte_event_hash(event_hash: Any) -> None:
    """Anything but 32 bytes is refused as leaf data, so a hex string never becomes a leaf."""
    with pytest.raises(ProofError, match="event hash"):
        leaf_hash(event_hash)


def test_leaf_hashes_of_the_wrong_length_are_refused_by_the_tree() -> None:
    """The tree and the root function accept only 32-byte leaf hashes."""
    with pytest.raises(ProofError, match="leaf hash"):
        MemoryTree().append(b"short")
    with pytest.raises(ProofError, match="leaf hash 1"):
        root_from_leaf_hashes([LEAVES_64[0], b"short"])


# --- Agreement with the RFC definitions -----------------------------------------------


def test_roots_agree_with_the_rfc_definition_for_every_size_up_to_64() -> None:
    """Bottom-up roots and roots from stored subtrees both equal MTH for sizes 0..64."""
    for size in range(65):
        assert root_from_leaf_hashes(LEAVES_64[:size]) == ROOTS_64[size], size
        assert TREE_64.root(size) == ROOTS_64[size], size
        assert MemoryTree(LEAVES_64[:size]).root() == ROOTS_64[size], size


def test_inclusion_proofs_agree_with_rfc_path_for_every_index_of_every_size_up_to_64() -> None:
    """For every (index, size) up to 64 the proof is PATH and it verifies to the root."""
    for size in range(1, 65):
        for index in range(size):
            proof = TREE_64.inclusion_proof(index, size)
            assert proof == ref_path(index, LEAVES_64[:size]), (index, size)
            verify_inclusion(LEAVES_64[index], index, size, proof, ROOTS_64[size])
            assert (
                root_from_inclusion_proof(LEAVES_64[index], index, size, proof) == (ROOTS_64[size])
            )


def test_consistency_proofs_agree_with_rfc_proof_for_every_pair_up_to_64() -> None:
    """For every 0 < m < n <= 64 the proof is PROOF(m, D[n]) and it verifies both roots."""
    for size2 in range(2, 65):
        for size1 in range(1, size2):
            proof = TREE_64.consistency_proof(size1, size2)
            assert proof == ref_proof(size1, LEAVES_64[:size2]), (size1, size2)
            verify_consistency(size1, size2, proof, ROOTS_64[size1], ROOTS_64[size2])
            assert (
                root_from_consistency_proof(size1, size2, proof, ROOTS_64[size1])
                == (ROOTS_64[size2])
            )


def test_samples_of_trees_up_to_2000_leaves_agree_with_the_rfc_definitions() -> None:
    """Random (index, size) and (m, n) up to 2,000 leaves give the RFC's proofs and roots."""
    rng = random.Random(9162)
    sizes = [1, 2, 3, 1023, 1024, 1025, 2000, *rng.sample(range(4, 2000), 12)]
    for size in sizes:
        prefix = LEAVES_2000[:size]
        size_root = ref_mth(prefix)
        assert TREE_2000.root(size) == size_root
        for index in {0, size - 1, *rng.sample(range(size), min(size, 4))}:
            proof = TREE_2000.inclusion_proof(index, size)
            assert proof == ref_path(index, prefix), (index, size)
            verify_inclusion(LEAVES_2000[index], index, size, proof, size_root)
        for size1 in {1, size, *rng.sample(range(1, size + 1), min(size, 4))}:
            proof = TREE_2000.consistency_proof(size1, size)
            expected = [] if size1 == size else ref_proof(size1, prefix)
            assert proof == expected, (size1, size)
            verify_consistency(size1, size, proof, ref_mth(LEAVES_2000[:size1]), size_root)


def test_the_generic_functions_work_from_any_subtree_store() -> None:
    """``root``, ``inclusion_proof`` and ``consistency_proof`` agree with the tree's methods."""
    assert root(TREE_64, 37) == ROOTS_64[37]
    assert inclusion_proof(TREE_64, 5, 37) == TREE_64.inclusion_proof(5, 37)
    assert consistency_proof(TREE_64, 5, 37) == TREE_64.consistency_proof(5, 37)


# --- Tampered proofs are rejected -----------------------------------------------------

SMALL_SIZES = range(1, 18)


def test_an_inclusion_proof_with_any_flipped_byte_is_rejected() -> None:
    """Flipping a bit anywhere in any proof hash, the leaf or the root fails verification."""
    for size in SMALL_SIZES:
        for index in range(size):
            proof = TREE_64.inclusion_proof(index, size)
            leaf, size_root = LEAVES_64[index], ROOTS_64[size]
            for position in range(len(proof)):
                for byte in (0, 17, 31):
                    tampered = list(proof)
                    tampered[position] = flip(proof[position], byte)
                    with pytest.raises(ProofError):
                        verify_inclusion(leaf, index, size, tampered, size_root)
            with pytest.raises(ProofError):
                verify_inclusion(flip(leaf, 5), index, size, proof, size_root)
            with pytest.raises(ProofError):
                verify_inclusion(leaf, index, size, proof, flip(size_root, 31))


def test_an_inclusion_proof_for_another_index_is_rejected() -> None:
    """A valid proof presented for any other index of the same tree fails."""
    for size in SMALL_SIZES:
        for index in range(size):
            proof = TREE_64.inclusion_proof(index, size)
            for other in range(size + 2):
                if other != index:
                    with pytest.raises(ProofError):
                        verify_inclusion(LEAVES_64[index], other, size, proof, ROOTS_64[size])


def test_an_inclusion_proof_for_another_tree_size_is_rejected() -> None:
    """A valid proof presented against another size and that size's root fails."""
    for size in SMALL_SIZES:
        for index in range(size):
            proof = TREE_64.inclusion_proof(index, size)
            for other in range(index + 1, 40):
                if other != size:
                    with pytest.raises(ProofError):
                        verify_inclusion(LEAVES_64[index], index, other, proof, ROOTS_64[other])


def test_an_inclusion_proof_with_an_extra_or_missing_hash_is_rejected() -> None:
    """Adding a hash at either end, or dropping any one hash, fails verification."""
    extra = sha256(b"extra")
    for size in SMALL_SIZES:
        for index in range(size):
            proof = TREE_64.inclusion_proof(index, size)
            leaf, size_root = LEAVES_64[index], ROOTS_64[size]
            for tampered in ([*proof, extra], [extra, *proof], [*proof, ROOTS_64[size]]):
                with pytest.raises(ProofError):
                    verify_inclusion(leaf, index, size, tampered, size_root)
            for position in range(len(proof)):
                with pytest.raises(ProofError):
                    verify_inclusion(
                        leaf, index, size, proof[:position] + proof[position + 1 :], size_root
                    )


def test_a_consistency_proof_with_any_flipped_byte_is_rejected() -> None:
    """Flipping a bit in any proof hash or either root fails verification."""
    for size2 in SMALL_SIZES:
        for size1 in range(1, size2):
            proof = TREE_64.consistency_proof(size1, size2)
            root1, root2 = ROOTS_64[size1], ROOTS_64[size2]
            for position in range(len(proof)):
                for byte in (0, 31):
                    tampered = list(proof)
                    tampered[position] = flip(proof[position], byte)
                    with pytest.raises(ProofError):
                        verify_consistency(size1, size2, tampered, root1, root2)
            with pytest.raises(ProofError):
                verify_consistency(size1, size2, proof, flip(root1), root2)
            with pytest.raises(ProofError):
                verify_consistency(size1, size2, proof, root1, flip(root2))


def test_a_consistency_proof_for_other_sizes_is_rejected() -> None:
    """A valid proof presented for other sizes, with those sizes' real roots, fails."""
    for size2 in SMALL_SIZES:
        for size1 in range(1, size2):
            proof = TREE_64.consistency_proof(size1, size2)
            for other1 in range(1, size2 + 3):
                if other1 != size1 and other1 <= size2:
                    with pytest.raises(ProofError):
                        verify_consistency(other1, size2, proof, ROOTS_64[other1], ROOTS_64[size2])
            for other2 in range(size1, 40):
                if other2 != size2:
                    with pytest.raises(ProofError):
                        verify_consistency(size1, other2, proof, ROOTS_64[size1], ROOTS_64[other2])


def test_a_consistency_proof_with_an_extra_or_missing_hash_is_rejected() -> None:
    """Adding a hash at either end, or dropping any one hash, fails verification."""
    extra = sha256(b"extra")
    for size2 in SMALL_SIZES:
        for size1 in range(1, size2):
            proof = TREE_64.consistency_proof(size1, size2)
            root1, root2 = ROOTS_64[size1], ROOTS_64[size2]
            for tampered in ([*proof, extra], [extra, *proof], [root1, *proof]):
                with pytest.raises(ProofError):
                    verify_consistency(size1, size2, tampered, root1, root2)
            for position in range(len(proof)):
                with pytest.raises(ProofError):
                    verify_consistency(
                        size1, size2, proof[:position] + proof[position + 1 :], root1, root2
                    )


def test_swapped_roots_do_not_prove_consistency() -> None:
    """The old and new roots in the wrong order fail, so history cannot run backwards."""
    proof = TREE_64.consistency_proof(7, 13)
    with pytest.raises(ProofError):
        verify_consistency(7, 13, proof, ROOTS_64[13], ROOTS_64[7])


# --- Error messages name the step, with the evidence ----------------------------------


def test_a_wrong_root_names_step_5_with_both_roots() -> None:
    """The error for a proof leading elsewhere names RFC step 5 and shows expected and found."""
    proof = TREE_64.inclusion_proof(3, 10)
    wrong = ROOTS_64[9]
    with pytest.raises(ProofError) as caught:
        verify_inclusion(LEAVES_64[3], 3, 10, proof, wrong)
    error = caught.value
    assert error.step == "RFC 9162 §2.1.3.2 step 5"
    assert error.expected == wrong
    assert error.found == ROOTS_64[10]
    assert wrong.hex() in str(error)
    assert ROOTS_64[10].hex() in str(error)


def test_an_index_outside_the_tree_names_step_1() -> None:
    """An index at or beyond the tree size fails at RFC step 1 with the bound and the index."""
    with pytest.raises(ProofError, match=r"§2\.1\.3\.2 step 1.*expected index < 4, found 4"):
        verify_inclusion(LEAVES_64[0], 4, 4, [], ROOTS_64[4])


def test_a_short_or_long_inclusion_proof_says_how_many_hashes_it_needs() -> None:
    """Too few hashes fail at step 5 and too many at step 4.a, each with the right count."""
    proof = TREE_64.inclusion_proof(5, 13)
    assert len(proof) == 4
    with pytest.raises(ProofError, match=r"step 5: .*shorter.*expected 4 hashes, found 3"):
        verify_inclusion(LEAVES_64[5], 5, 13, proof[:3], ROOTS_64[13])
    with pytest.raises(ProofError, match=r"step 4\.a: .*longer.*expected 4 hashes, found 5"):
        verify_inclusion(LEAVES_64[5], 5, 13, [*proof, proof[0]], ROOTS_64[13])


def test_consistency_errors_name_the_failing_step() -> None:
    """Empty, short, long and wrong consistency proofs each name their RFC step."""
    proof = TREE_64.consistency_proof(6, 13)
    root1, root2 = ROOTS_64[6], ROOTS_64[13]
    with pytest.raises(ProofError, match=r"§2\.1\.4\.2 step 1: .*empty"):
        verify_consistency(6, 13, [], root1, root2)
    with pytest.raises(ProofError, match=r"step 7: .*below the root.*expected 4 hashes, found 3"):
        verify_consistency(6, 13, proof[:3], root1, root2)
    with pytest.raises(ProofError, match=r"step 6\.a: .*left over.*expected 4 hashes, found 5"):
        verify_consistency(6, 13, [*proof, proof[0]], root1, root2)
    with pytest.raises(ProofError, match=r"step 7: .*first tree") as caught:
        verify_consistency(6, 13, proof, ROOTS_64[5], root2)
    assert caught.value.expected == ROOTS_64[5]
    with pytest.raises(ProofError, match=r"step 7: .*second tree") as caught:
        verify_consistency(6, 13, proof, root1, ROOTS_64[12])
    assert caught.value.found == root2


def test_the_expected_proof_lengths_in_errors_are_the_true_lengths() -> None:
    """Every count quoted in a length error is the length of the RFC's own proof."""
    for size2 in range(2, 40):
        for size1 in range(1, size2):
            want = len(ref_proof(size1, LEAVES_64[:size2]))
            with pytest.raises(ProofError, match=rf"expected {want} hashes, found {want + 1}"):
                verify_consistency(
                    size1,
                    size2,
                    [*TREE_64.consistency_proof(size1, size2), LEAVES_64[0]],
                    ROOTS_64[size1],
                    ROOTS_64[size2],
                )
        for index in range(size2):
            want = len(ref_path(index, LEAVES_64[:size2]))
            with pytest.raises(ProofError, match=rf"expected {want} hashes, found {want + 1}"):
                verify_inclusion(
                    LEAVES_64[index],
                    index,
                    size2,
                    [*TREE_64.inclusion_proof(index, size2), LEAVES_64[0]],
                    ROOTS_64[size2],
                )


@pytest.mark.parametrize(
    ("proof", "message"),
    [([b"short"], "proof hash 0"), (["ab" * 32], "proof hash 0 must be bytes")],
    ids=["short-hash", "hex-text"],
)
def test_proof_hashes_that_are_not_32_bytes_are_refused(proof: list[Any], message: str) -> None:
    """A proof element that is not a 32-byte digest is refused before any hashing."""
    with pytest.raises(ProofError, match=message):
        verify_inclusion(LEAVES_64[0], 0, 2, proof, ROOTS_64[2])
    with pytest.raises(ProofError, match=message):
        verify_consistency(1, 2, proof, ROOTS_64[1], ROOTS_64[2])


# --- The cases RFC 9162's consistency algorithm leaves out ----------------------------


def test_equal_sizes_are_consistent_only_with_an_empty_proof_and_equal_roots() -> None:
    """Same size: the proof is empty and the roots must match (RFC 9162 §2.1.4.1)."""
    assert TREE_64.consistency_proof(9, 9) == []
    verify_consistency(9, 9, [], ROOTS_64[9], ROOTS_64[9])
    assert root_from_consistency_proof(9, 9, [], ROOTS_64[9]) == ROOTS_64[9]
    with pytest.raises(ProofError, match="same root"):
        verify_consistency(9, 9, [], ROOTS_64[9], ROOTS_64[8])
    with pytest.raises(ProofError, match="no hashes"):
        verify_consistency(9, 9, [ROOTS_64[9]], ROOTS_64[9], ROOTS_64[9])


def test_the_empty_tree_is_consistent_with_any_tree_but_proves_nothing() -> None:
    """From size 0 the proof is empty and the first root must be the empty-tree root."""
    assert TREE_64.consistency_proof(0, 17) == []
    verify_consistency(0, 17, [], EMPTY_ROOT, ROOTS_64[17])
    verify_consistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 17, [], ROOTS_64[1], ROOTS_64[17])
    with pytest.raises(ProofError, match="no hashes"):
        verify_consistency(0, 17, [ROOTS_64[17]], EMPTY_ROOT, ROOTS_64[17])
    with pytest.raises(ProofError, match="empty first tree"):
        root_from_consistency_proof(0, 17, [], EMPTY_ROOT)


@pytest.mark.parametrize(("size1", "size2"), [(5, 4), (-1, 4), (1, -1)])
def test_impossible_sizes_are_refused(size1: int, size2: int) -> None:
    """A first tree larger than the second, or a negative size, is an input error."""
    with pytest.raises(ProofError, match="input"):
        verify_consistency(size1, size2, [], EMPTY_ROOT, EMPTY_ROOT)
    with pytest.raises(ProofError, match="input"):
        consistency_proof(TREE_64, size1, size2)


def test_no_proof_is_generated_for_a_leaf_or_size_that_does_not_exist() -> None:
    """Asking for a leaf past the size, or a size past the tree, is refused."""
    with pytest.raises(ProofError, match="no leaf"):
        TREE_64.inclusion_proof(8, 8)
    with pytest.raises(ProofError, match="beyond the leaves"):
        TREE_64.inclusion_proof(0, 65)
    with pytest.raises(ProofError, match="beyond the leaves"):
        TREE_64.consistency_proof(3, 65)
    with pytest.raises(ProofError, match="must be an integer"):
        TREE_64.inclusion_proof(True, 3)  # type: ignore[arg-type]


# --- The tree of stored subtrees ------------------------------------------------------


def test_the_memory_tree_stores_every_perfect_aligned_subtree_level_by_level() -> None:
    """``levels[h][k]`` is MTH of leaves [k·2^h, (k+1)·2^h), for every complete subtree."""
    for size in (1, 2, 3, 5, 8, 13, 64):
        tree = MemoryTree(LEAVES_64[:size])
        for height, level in enumerate(tree.levels):
            width = 1 << height
            assert len(level) == size // width
            for k, value in enumerate(level):
                assert value == ref_mth(LEAVES_64[k * width : (k + 1) * width])
                assert tree.subtree(k * width, (k + 1) * width) == value


def test_append_returns_the_new_leaf_index() -> None:
    """Indexes are 0-based and follow the append order."""
    tree = MemoryTree()
    assert [tree.append(value) for value in LEAVES_64[:5]] == [0, 1, 2, 3, 4]
    assert tree.size == 5


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (0, 3, "not a perfect aligned"),
        (2, 6, "not a perfect aligned"),
        (1, 1, "not a perfect"),
        (64, 128, "not complete"),
    ],
)
def test_the_memory_tree_answers_only_complete_perfect_aligned_subtrees(
    start: int, end: int, message: str
) -> None:
    """Ranges that are not [k·2^h, (k+1)·2^h) inside the tree are refused."""
    with pytest.raises(ValueError, match=message):
        TREE_64.subtree(start, end)


def test_proofs_for_older_sizes_stay_valid_as_the_tree_grows() -> None:
    """Proofs for a past size are the same before and after later appends (append-only)."""
    tree = MemoryTree(LEAVES_64[:10])
    before = (tree.inclusion_proof(4, 10), tree.consistency_proof(3, 10), tree.root(10))
    tree.extend(LEAVES_64[10:])
    assert (tree.inclusion_proof(4, 10), tree.consistency_proof(3, 10), tree.root(10)) == before


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 13, [(0, 8), (8, 12), (12, 13)]),
        (8, 13, [(8, 12), (12, 13)]),
        (16, 32, [(16, 32)]),
        (5, 6, [(5, 6)]),
        (0, 0, []),
    ],
)
def test_a_node_splits_into_perfect_subtrees_largest_first(
    start: int, end: int, expected: list[tuple[int, int]]
) -> None:
    """A node's range is the binary digits of its width, as aligned perfect subtrees."""
    assert perfect_subtrees(start, end) == expected


def test_a_range_that_is_no_node_of_the_tree_is_refused() -> None:
    """[2, 6) is not a node of an RFC 9162 tree: splitting it is an error, not a guess."""
    with pytest.raises(ValueError, match="not a node"):
        perfect_subtrees(2, 6)


class UniformTree:
    """A tree of ten million identical leaves, answering subtrees in O(1) and counting calls.

    Every subtree of height h has the same hash, so the tree is a real RFC 9162
    tree (its proofs verify) without storing anything.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.by_height = [leaf_hash(sha256(b"same"))]
        while (1 << (len(self.by_height) - 1)) < size:
            self.by_height.append(node_hash(self.by_height[-1], self.by_height[-1]))
        self.lookups = 0

    def subtree(self, start: int, end: int) -> bytes:
        width = end - start
        assert width > 0
        assert width & (width - 1) == 0
        assert start % width == 0
        assert end <= self.size
        self.lookups += 1
        return self.by_height[width.bit_length() - 1]


def test_proofs_at_ten_million_leaves_take_a_logarithmic_number_of_lookups() -> None:
    """At 10,000,000 leaves each proof or root needs at most 2·log2(n) subtree lookups."""
    size = 10_000_000
    tree = UniformTree(size)
    budget = 2 * size.bit_length()
    tree_root = root(tree, size)
    assert tree.lookups <= budget
    for index in (0, 1, 4_999_999, 9_999_998, size - 1):
        tree.lookups = 0
        proof = inclusion_proof(tree, index, size)
        assert tree.lookups <= budget, (index, tree.lookups)
        verify_inclusion(tree.by_height[0], index, size, proof, tree_root)
    for size1 in (1, 3, 4_194_304, 6_000_001, size - 1):
        tree.lookups = 0
        proof = consistency_proof(tree, size1, size)
        assert tree.lookups <= budget, (size1, tree.lookups)
        verify_consistency(size1, size, proof, root(tree, size1), tree_root)


# --- The frontier a verifier folds leaves into -----------------------------------------


def event_hashes(count: int, seed: int = 0) -> list[bytes]:
    """32-byte made-up event hashes (the leaf data)."""
    return [sha256(f"{seed}:{i}".encode()) for i in range(count)]


def test_the_frontier_gives_the_rfc_root_after_every_leaf_appended_one_by_one() -> None:
    """Appending leaf by leaf, the root at every size up to 300 is MTH of those leaves."""
    data = event_hashes(300)
    frontier = Frontier()
    assert frontier.root() == EMPTY_ROOT
    for size, value in enumerate(data, start=1):
        frontier.append(value)
        assert frontier.size == size
        assert frontier.root() == ref_mth([leaf_hash(v) for v in data[:size]])


@settings(max_examples=80, deadline=None, database=None)
@given(st.lists(st.integers(0, 70), max_size=12))
def test_the_frontier_gives_the_same_roots_whatever_the_batches(batches: list[int]) -> None:
    """Leaves appended in batches of any sizes give, after each batch, the RFC root."""
    data = event_hashes(sum(batches), seed=2)
    frontier, done = Frontier(), 0
    for count in batches:
        frontier.extend(data[done : done + count])
        done += count
        assert frontier.size == done
        assert frontier.root() == root_from_leaf_hashes([leaf_hash(v) for v in data[:done]])


def test_the_frontier_refuses_leaf_data_that_is_not_a_32_byte_hash() -> None:
    """A hex string or a truncated hash is no leaf, in a batch or alone."""
    data = event_hashes(3)
    with pytest.raises(ProofError, match="event hash must be a SHA-256 digest"):
        Frontier().extend([data[0], data[1][:31], data[2]])
    with pytest.raises(ProofError, match="event hash must be bytes"):
        Frontier().append(data[0].hex())  # type: ignore[arg-type]


# --- Properties -----------------------------------------------------------------------

PROPERTY = settings(max_examples=80, deadline=None, database=None)


@PROPERTY
@given(st.lists(st.binary(min_size=32, max_size=32), max_size=70))
def test_bottom_up_roots_equal_the_rfc_root_for_any_leaves(event_hashes: list[bytes]) -> None:
    """For arbitrary events, bottom-up, stored-subtree and recursive roots agree."""
    leaves = [leaf_hash(value) for value in event_hashes]
    assert root_from_leaf_hashes(leaves) == ref_mth(leaves) == MemoryTree(leaves).root()


@PROPERTY
@given(st.integers(1, 2000).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))))
def test_any_generated_inclusion_proof_verifies_and_no_other_leaf_does(
    size_and_index: tuple[int, int],
) -> None:
    """Every generated inclusion proof verifies, and the same proof rejects a neighbour leaf."""
    size, index = size_and_index
    proof = TREE_2000.inclusion_proof(index, size)
    size_root = TREE_2000.root(size)
    verify_inclusion(LEAVES_2000[index], index, size, proof, size_root)
    other = (index + 1) % size
    if other != index:
        with pytest.raises(ProofError):
            verify_inclusion(LEAVES_2000[other], index, size, proof, size_root)


@PROPERTY
@given(
    st.integers(1, 2000).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))),
    st.integers(0, 1000),
    st.integers(0, 31),
)
def test_any_generated_consistency_proof_verifies_and_any_flip_breaks_it(
    sizes: tuple[int, int], which: int, byte: int
) -> None:
    """Every generated consistency proof verifies; flipping any bit of it is rejected."""
    size1, size2 = sizes
    proof = TREE_2000.consistency_proof(size1, size2)
    root1, root2 = TREE_2000.root(size1), TREE_2000.root(size2)
    verify_consistency(size1, size2, proof, root1, root2)
    if proof:
        tampered = list(proof)
        tampered[which % len(proof)] = flip(tampered[which % len(proof)], byte)
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, tampered, root1, root2)


# --- Published vectors ----------------------------------------------------------------


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_log_vectors", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_published_tree_vectors_are_current() -> None:
    """docs/test-vectors/tree.json is exactly what scripts/make_log_vectors.py writes."""
    assert load_script().render()["tree.json"] == TREE_VECTORS.read_text("utf-8")


def test_the_published_tree_vectors_hold_for_the_rfc_definitions() -> None:
    """Every leaf, root and proof in tree.json equals the recursive RFC 9162 reference."""
    document = json.loads(TREE_VECTORS.read_text("utf-8"))
    leaves = [bytes.fromhex(leaf["leaf_hash"]) for leaf in document["leaves"]]
    for leaf in document["leaves"]:
        event_hash = sha256(leaf["data"].encode("ascii"))
        assert leaf["event_hash"] == event_hash.hex()
        assert leaf["leaf_hash"] == sha256(b"\x00" + event_hash).hex()
    for entry in document["roots"]:
        assert entry["root"] == ref_mth(leaves[: entry["size"]]).hex()
    for entry in document["inclusion_proofs"]:
        assert entry["proof"] == [
            h.hex() for h in ref_path(entry["index"], leaves[: entry["size"]])
        ]
    for entry in document["consistency_proofs"]:
        size1, size2 = entry["size1"], entry["size2"]
        expected = [] if size1 in (0, size2) else ref_proof(size1, leaves[:size2])
        assert entry["proof"] == [h.hex() for h in expected]
