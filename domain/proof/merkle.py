# Long because: one algorithm read top to bottom — RFC 9162 §2.1: hashing (§2.1.1), inclusion
# proofs made and verified (§2.1.3.1, §2.1.3.2), consistency proofs made and verified (§2.1.4.1,
# §2.1.4.2), each verification step a helper named for it; spec §2–3 quotes the same steps.
"""Merkle tree of the transparency log: hashing, proof generation and proof verification.

Everything here follows RFC 9162 §2.1 (the tree of RFC 6962, Certificate
Transparency), so that any RFC 6962/9162 verifier can check our proofs (DESIGN §3):

* a leaf is the 32-byte ``event_hash`` of one stored event, and its hash is
  ``SHA-256(0x00 ‖ event_hash)`` (§2.1.1);
* an inner node is ``SHA-256(0x01 ‖ left ‖ right)``; a tree of ``n > 1`` leaves
  splits at ``k``, the largest power of two smaller than ``n`` (§2.1.1);
* the root of the empty tree is ``SHA-256()`` of no bytes (§2.1.1);
* inclusion proofs are ``PATH(m, D[n])`` (§2.1.3.1), verified by §2.1.3.2;
* consistency proofs are ``PROOF(m, D[n])`` (§2.1.4.1), verified by §2.1.4.2.

Verification (``verify_inclusion``, ``verify_consistency`` and the
``root_from_*`` helpers) is the RFC's algorithm step by step, one small helper per
step, and raises ``ProofError`` naming the step that failed with the expected and
found values. It needs nothing but this module and ``hashlib``: an offline
verifier can copy it.

Generation (``root``, ``inclusion_proof``, ``consistency_proof``) works from any
``SubtreeHashes``: something that answers the hash of a *perfect, aligned*
subtree, ``[k·2^h, (k+1)·2^h)``. Every hash a proof needs is either such a
subtree or a right-edge node made of at most ``log2(n)`` of them, so a store that
keeps each perfect subtree's hash (or tiles of them) answers any proof in
O(log n) lookups, even at ten million leaves. ``MemoryTree`` is the in-memory
reference of such a store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Protocol

HASH_SIZE = 32
"""Bytes in a SHA-256 digest: leaf data, leaf hashes, node hashes and roots."""

_LEAF_HASH_PREFIX = b"\x00"
"""RFC 9162 §2.1.1: domain separation of leaves from inner nodes (second-preimage)."""

_NODE_HASH_PREFIX = b"\x01"
"""RFC 9162 §2.1.1: domain separation of inner nodes from leaves."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""RFC 9162 §2.1.1: MTH({}) = SHA-256() — the root of the tree with no leaves."""


class ProofError(ValueError):
    """A Merkle proof, or a request for one, that does not hold.

    ``step`` names the failing step (``"RFC 9162 §2.1.3.2 step 5"``, ``"input"``…);
    ``expected`` and ``found`` carry the evidence, as text, when there is any.
    """

    def __init__(
        self, step: str, reason: str, *, expected: object = None, found: object = None
    ) -> None:
        message = f"{step}: {reason}"
        if expected is not None or found is not None:
            message += f" (expected {_show(expected)}, found {_show(found)})"
        super().__init__(message)
        self.step = step
        self.reason = reason
        self.expected = expected
        self.found = found


def _show(value: object) -> str:
    """Hashes as lower-case hex, everything else as itself, for error messages."""
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


# --- Hashing (RFC 9162 §2.1.1) -------------------------------------------------------


def leaf_hash(event_hash: bytes) -> bytes:
    """The leaf hash of one event: SHA-256(0x00 ‖ event_hash).

    The leaf data is the event's 32-byte ``event_hash`` (DESIGN §3); anything else
    is refused, so that a hex string or a truncated hash cannot become a leaf.
    """
    _check_hash("input", "event hash", event_hash)
    return hashlib.sha256(_LEAF_HASH_PREFIX + event_hash).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(_NODE_HASH_PREFIX + left + right).digest()


def root_from_leaf_hashes(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the given leaf hashes; ``EMPTY_ROOT`` for none.

    Computed bottom-up, pairing neighbours level by level and carrying an odd last
    node up unchanged: this builds exactly the RFC's tree (split at the largest
    power of two below n) in O(n) time without recursion.
    """
    for position, value in enumerate(leaf_hashes):
        _check_hash("input", f"leaf hash {position}", value)
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def _check_hash(step: str, what: str, value: object) -> None:
    """Every hash in this tree is 32 bytes; anything else is a malformed input."""
    if not isinstance(value, bytes):
        raise ProofError(
            step, f"{what} must be bytes", expected="bytes", found=type(value).__name__
        )
    if len(value) != HASH_SIZE:
        raise ProofError(
            step,
            f"{what} must be a SHA-256 digest",
            expected=f"{HASH_SIZE} bytes",
            found=len(value),
        )


def _check_proof_hashes(proof: Sequence[bytes]) -> None:
    for position, value in enumerate(proof):
        _check_hash("input", f"proof hash {position}", value)


def _check_size(what: str, value: object) -> int:
    """Sizes and indexes are non-negative integers (``bool`` is not an integer here)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProofError("input", f"{what} must be an integer", found=type(value).__name__)
    if value < 0:
        raise ProofError("input", f"{what} must not be negative", expected=">= 0", found=value)
    return value


# --- Verification helpers, one per step of RFC 9162 §2.1.3.2 and §2.1.4.2 -------------


def _lsb(number: int) -> bool:
    """LSB(x) of the RFC: whether node ``x`` of its level is a right child.

    ``fn`` and ``sn`` number the nodes of the current level from the left (0-based),
    so an odd number is a right child and the proof hash is its left sibling.
    """
    return number & 1 == 1


def _is_power_of_two(number: int) -> bool:
    """Whether the first tree is one perfect subtree (§2.1.4.2 step 2)."""
    return number > 0 and number & (number - 1) == 0


def _climb_while_no_right_sibling(fn: int, sn: int) -> tuple[int, int]:
    """Steps 2.1.3.2 4.b.ii and 2.1.4.2 6.b.iii: shift until LSB(fn) is set or fn is 0.

    When ``fn`` is the last node of its level and a left child (``fn == sn``), it
    has no right sibling: the RFC's split at the largest power of two carries it up
    unchanged until it becomes a right child (or reaches the left edge), so those
    levels consume no proof hash.
    """
    while not _lsb(fn) and fn != 0:
        fn >>= 1
        sn >>= 1
    return fn, sn


def _climb_while_right_child(fn: int, sn: int) -> tuple[int, int]:
    """Step 2.1.4.2 4: shift while LSB(fn) is set.

    The last leaf of the first tree sits inside the largest perfect subtree that
    ends at ``first``; the proof starts from that subtree's hash, so the levels
    inside it are skipped.
    """
    while _lsb(fn):
        fn >>= 1
        sn >>= 1
    return fn, sn


def _expected_inclusion_proof_length(index: int, size: int) -> int:
    """How many hashes ``PATH(index, D[size])`` has; only used to explain errors.

    Below the level where the paths to ``index`` and to the last leaf part, each
    level has one sibling; above it, only the levels where ``index``'s ancestor is
    a right child have one (its left sibling), the others being promoted.
    """
    inner = (index ^ (size - 1)).bit_length()
    return inner + bin(index >> inner).count("1")


def _expected_consistency_proof_length(size1: int, size2: int) -> int:
    """How many hashes ``PROOF(size1, D[size2])`` has; only used to explain errors.

    It is the inclusion path of the first tree's last leaf, minus the levels inside
    the perfect subtree that ends the first tree, plus that subtree's own hash
    unless it is the whole first tree (step 2 then supplies it as ``first_hash``).
    """
    skipped = (size1 & -size1).bit_length() - 1  # trailing zero bits of size1
    seed = 0 if _is_power_of_two(size1) else 1
    return seed + _expected_inclusion_proof_length(size1 - 1, size2) - skipped


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """The root that an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1–4, 5's sn).

    Raises ``ProofError`` if the index is outside the tree or the proof has the
    wrong number of hashes for (index, size); the caller compares the returned root
    with the trusted one (``verify_inclusion`` does).
    """
    _check_hash("input", "leaf hash", leaf_hash)
    _check_size("leaf index", index)
    _check_size("tree size", size)
    _check_proof_hashes(proof)
    # Step 1: the leaf must be in the tree.
    if index >= size:
        raise ProofError(
            "RFC 9162 §2.1.3.2 step 1",
            "leaf index is not below the tree size",
            expected=f"index < {size}",
            found=index,
        )
    # Steps 2 and 3.
    fn, sn = index, size - 1
    r = leaf_hash
    # Step 4.
    for p in proof:
        if sn == 0:  # 4.a: already at the root, yet hashes remain
            raise ProofError(
                "RFC 9162 §2.1.3.2 step 4.a",
                f"proof is longer than the path from leaf {index} to the root of a tree of {size}",
                expected=f"{_expected_inclusion_proof_length(index, size)} hashes",
                found=f"{len(proof)} hashes",
            )
        if _lsb(fn) or fn == sn:  # 4.b: p is the left sibling
            r = node_hash(p, r)
            if not _lsb(fn):
                fn, sn = _climb_while_no_right_sibling(fn, sn)
        else:  # 4.b otherwise: p is the right sibling
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1  # 4.c
    # Step 5, first half: the proof must have reached the root.
    if sn != 0:
        raise ProofError(
            "RFC 9162 §2.1.3.2 step 5",
            f"proof is shorter than the path from leaf {index} to the root of a tree of {size}",
            expected=f"{_expected_inclusion_proof_length(index, size)} hashes",
            found=f"{len(proof)} hashes",
        )
    return r


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` with ``root``.

    RFC 9162 §2.1.3.2. Returns nothing; raises ``ProofError`` naming the failing
    step, with expected and found values.
    """
    _check_hash("input", "root", root)
    calculated = root_from_inclusion_proof(leaf_hash, index, size, proof)
    # Step 5, second half.
    if calculated != root:
        raise ProofError(
            "RFC 9162 §2.1.3.2 step 5",
            f"inclusion proof for leaf {index} of {size} does not lead to the root",
            expected=root,
            found=calculated,
        )


def _second_root_from_consistency_path(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes
) -> bytes:
    """RFC 9162 §2.1.4.2 steps 1–7 for 0 < size1 < size2, except comparing ``sr``.

    Returns ``sr``, the second tree's root that the proof leads to, once the proof
    has reached the root (``sn`` is 0) and led to the first tree's root (``fr``).
    """
    # Step 1.
    if not proof:
        raise ProofError(
            "RFC 9162 §2.1.4.2 step 1",
            f"consistency proof from {size1} to {size2} is empty",
            expected=f"{_expected_consistency_proof_length(size1, size2)} hashes",
            found="0 hashes",
        )
    # Step 2: a perfect first tree is its own subtree; its root starts the path.
    path = [root1, *proof] if _is_power_of_two(size1) else list(proof)
    # Steps 3 and 4.
    fn, sn = _climb_while_right_child(size1 - 1, size2 - 1)
    # Step 5.
    fr = sr = path[0]
    # Step 6.
    for c in path[1:]:
        if sn == 0:  # 6.a
            raise ProofError(
                "RFC 9162 §2.1.4.2 step 6.a",
                f"consistency proof from {size1} to {size2} has hashes left over at the root",
                expected=f"{_expected_consistency_proof_length(size1, size2)} hashes",
                found=f"{len(proof)} hashes",
            )
        if _lsb(fn) or fn == sn:  # 6.b: c is a left sibling, in both trees
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not _lsb(fn):
                fn, sn = _climb_while_no_right_sibling(fn, sn)
        else:  # 6.b otherwise: c is a right sibling, only in the second tree
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1  # 6.c
    # Step 7, for the first tree.
    _check_reached_first_root(size1, size2, len(proof), sn, fr, root1)
    return sr


def _check_reached_first_root(
    size1: int, size2: int, proof_length: int, sn: int, fr: bytes, root1: bytes
) -> None:
    """Step 7: the path must have reached the root (sn = 0), and fr must be ``root1``.

    ``fr`` is built only from hashes left of the first tree's edge, so it equals
    ``root1`` exactly when the proof's left part is the first tree.
    """
    if sn != 0:
        raise ProofError(
            "RFC 9162 §2.1.4.2 step 7",
            f"consistency proof from {size1} to {size2} stops below the root",
            expected=f"{_expected_consistency_proof_length(size1, size2)} hashes",
            found=f"{proof_length} hashes",
        )
    if fr != root1:
        raise ProofError(
            "RFC 9162 §2.1.4.2 step 7",
            f"consistency proof does not lead to the root of the first tree ({size1})",
            expected=root1,
            found=fr,
        )


def _check_sizes(size1: int, size2: int) -> None:
    _check_size("first tree size", size1)
    _check_size("second tree size", size2)
    if size1 > size2:
        raise ProofError(
            "input",
            "the first tree cannot be larger than the second",
            expected=f"size1 <= {size2}",
            found=size1,
        )


def root_from_consistency_proof(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes
) -> bytes:
    """The root of the second tree that a consistency proof leads to.

    RFC 9162 §2.1.4.2 steps 1–7 except the comparison with the second root, which
    is the caller's (``verify_consistency`` does it). Defined for 0 < size1 <= size2;
    for equal sizes the proof is empty and the root is ``root1``. An empty first
    tree proves nothing about the second, so ``size1 == 0`` raises ``ProofError``.
    """
    _check_sizes(size1, size2)
    _check_hash("input", "first root", root1)
    _check_proof_hashes(proof)
    if size1 == 0:
        raise ProofError(
            "input", "an empty first tree determines no root of the second tree", found=size1
        )
    if size1 == size2:
        _check_empty_proof(size1, size2, proof)
        return root1
    return _second_root_from_consistency_path(size1, size2, proof, root1)


def _check_empty_proof(size1: int, size2: int, proof: Sequence[bytes]) -> None:
    """PROOF(m, D[m]) = {} and nothing proves more about an empty first tree."""
    if proof:
        raise ProofError(
            "RFC 9162 §2.1.4.1",
            f"a consistency proof from {size1} to {size2} has no hashes",
            expected="0 hashes",
            found=f"{len(proof)} hashes",
        )


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree of ``size2`` with ``root2`` extends the one of ``size1``/``root1``.

    RFC 9162 §2.1.4.2 for 0 < size1 < size2. The RFC's algorithm starts by refusing
    an empty proof, so it leaves two cases to the implementation, decided here as
    RFC 9162 §2.1.4.1 and transparency-dev do: equal sizes need an empty proof and
    equal roots; an empty first tree needs an empty proof and the empty-tree root
    (``EMPTY_ROOT``). Raises ``ProofError`` naming the failing step.
    """
    _check_sizes(size1, size2)
    _check_hash("input", "first root", root1)
    _check_hash("input", "second root", root2)
    _check_proof_hashes(proof)
    if size1 == size2:
        _check_empty_proof(size1, size2, proof)
        if root1 != root2:
            raise ProofError(
                "equal sizes",
                f"two trees of the same size {size1} must have the same root",
                expected=root1,
                found=root2,
            )
        return
    if size1 == 0:
        _check_empty_proof(size1, size2, proof)
        if root1 != EMPTY_ROOT:
            raise ProofError(
                "RFC 9162 §2.1.1",
                "the root of the empty tree is SHA-256 of no bytes",
                expected=EMPTY_ROOT,
                found=root1,
            )
        return
    sr = _second_root_from_consistency_path(size1, size2, proof, root1)
    # Step 7, for the second tree.
    if sr != root2:
        raise ProofError(
            "RFC 9162 §2.1.4.2 step 7",
            f"consistency proof does not lead to the root of the second tree ({size2})",
            expected=root2,
            found=sr,
        )


# --- Generation from perfect subtree hashes -------------------------------------------


class SubtreeHashes(Protocol):
    """Anything that knows the hash of each complete, perfect, aligned subtree.

    ``subtree(start, end)`` is called only with ``end - start == 2**h`` and
    ``start % 2**h == 0`` (so ``[start, end) == [k·2^h, (k+1)·2^h)``), and only for
    subtrees whose leaves all exist. Such a hash never changes once complete, which
    is why a store can keep it forever (per level, or in tiles).
    """

    def subtree(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) of a perfect aligned subtree; a leaf hash when end = start + 1."""
        ...


def _largest_power_of_two_below(n: int) -> int:
    """The RFC's split point k: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """Split the node ``[start, end)`` into perfect aligned subtrees, largest first.

    Every node of an RFC 9162 tree (and every hash in a proof) covers such a range:
    it starts at a multiple of a power of two at least as large as its width, so
    it is its width's binary digits, left to right — at most log2(n) subtrees.
    """
    ranges: list[tuple[int, int]] = []
    while start < end:
        width = 1 << ((end - start).bit_length() - 1)
        if start % width:
            raise ValueError(f"[{start}, {end}) is not a node of an RFC 9162 tree")
        ranges.append((start, start + width))
        start += width
    return ranges


def _node_from_subtrees(tree: SubtreeHashes, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a node of the tree: fold its perfect subtrees right to left.

    The RFC splits a node at its largest power of two, so its hash is
    ``node(P0, node(P1, … node(Pk-1, Pk)))`` over its perfect subtrees.
    """
    ranges = perfect_subtrees(start, end)
    result = tree.subtree(*ranges[-1])
    for left_start, left_end in reversed(ranges[:-1]):
        result = node_hash(tree.subtree(left_start, left_end), result)
    return result


def root(tree: SubtreeHashes, size: int) -> bytes:
    """MTH of the first ``size`` leaves (``EMPTY_ROOT`` for 0), in ≤ log2(size)+1 lookups."""
    _check_size("tree size", size)
    if size == 0:
        return EMPTY_ROOT
    return _node_from_subtrees(tree, 0, size)


def inclusion_proof(tree: SubtreeHashes, index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]) of RFC 9162 §2.1.3.1: sibling hashes from the leaf upwards.

    Walks down from the root: at each node, the sibling of the half holding the
    leaf is one proof hash. Only siblings on the tree's right edge are imperfect,
    and at most one of those is ever needed, so this takes O(log size) lookups.
    """
    _check_size("leaf index", index)
    _check_size("tree size", size)
    if index >= size:
        raise ProofError(
            "RFC 9162 §2.1.3.1", "no leaf at this index", expected=f"index < {size}", found=index
        )
    proof: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = _largest_power_of_two_below(end - start)
        if index < start + k:
            proof.append(_node_from_subtrees(tree, start + k, end))
            end = start + k
        else:
            proof.append(tree.subtree(start, start + k))
            start += k
    proof.reverse()
    return proof


def consistency_proof(tree: SubtreeHashes, size1: int, size2: int) -> list[bytes]:
    """PROOF(size1, D[size2]) of RFC 9162 §2.1.4.1; empty when size1 is 0 or size2.

    ``SUBPROOF(m, D[n], b)`` unrolled from the root down: each step records the
    sibling of the half that holds the first tree's right edge, and the walk stops
    at the node that is exactly the first tree's last perfect subtree, whose hash
    is included unless it is the whole first tree (the verifier knows that one).
    """
    _check_sizes(size1, size2)
    if size1 == 0 or size1 == size2:
        return []
    siblings: list[bytes] = []
    start, m, n, whole_first_tree = 0, size1, size2, True
    while m != n:
        k = _largest_power_of_two_below(n)
        if m <= k:
            siblings.append(_node_from_subtrees(tree, start + k, start + n))
            n = k
        else:
            siblings.append(tree.subtree(start, start + k))
            start, m, n, whole_first_tree = start + k, m - k, n - k, False
    siblings.reverse()
    if whole_first_tree:
        return siblings
    return [tree.subtree(start, start + n), *siblings]


class MemoryTree:
    """An append-only tree in memory that keeps every perfect aligned subtree hash.

    ``levels[h][k]`` is MTH(D[k·2^h : (k+1)·2^h]); level 0 holds the leaf hashes.
    Appending a leaf completes at most one new subtree per level, so appends cost
    O(1) amortised and every proof O(log n). This is the algorithmic reference for
    a storage-backed tree: store the same (h, k) → hash rows and answer
    ``subtree`` from them.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [[]]
        self.extend(leaf_hashes)

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return len(self._levels[0])

    @property
    def levels(self) -> Sequence[Sequence[bytes]]:
        """The stored hashes, ``levels[h][k]``; a read-only view, not a copy."""
        return self._levels

    def append(self, leaf_hash: bytes) -> int:
        """Append one leaf hash (see ``leaf_hash``) and return its 0-based index."""
        _check_hash("input", "leaf hash", leaf_hash)
        index = self.size
        self._levels[0].append(leaf_hash)
        height = 0
        # A level whose count became even has just completed a pair: hash it upwards.
        while len(self._levels[height]) % 2 == 0:
            if height + 1 == len(self._levels):
                self._levels.append([])
            pair = self._levels[height][-2:]
            self._levels[height + 1].append(node_hash(pair[0], pair[1]))
            height += 1
        return index

    def extend(self, leaf_hashes: Iterable[bytes]) -> None:
        """Append several leaf hashes in order."""
        for value in leaf_hashes:
            self.append(value)

    def subtree(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) of a complete perfect aligned subtree (``SubtreeHashes``)."""
        width = end - start
        if width <= 0 or width & (width - 1) or start % width:
            raise ValueError(f"[{start}, {end}) is not a perfect aligned subtree")
        if end > self.size:
            raise ValueError(f"[{start}, {end}) is not complete in a tree of {self.size} leaves")
        height = width.bit_length() - 1
        return self._levels[height][start >> height]

    def root(self, size: int | None = None) -> bytes:
        """MTH of the first ``size`` leaves (default: all)."""
        return root(self, self._size_or_current(size))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(index, D[size]) (default size: all leaves)."""
        return inclusion_proof(self, index, self._size_or_current(size))

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """PROOF(size1, D[size2]) (default size2: all leaves)."""
        return consistency_proof(self, size1, self._size_or_current(size2))

    def _size_or_current(self, size: int | None) -> int:
        if size is None:
            return self.size
        _check_size("tree size", size)
        if size > self.size:
            raise ProofError(
                "input",
                "tree size is beyond the leaves appended",
                expected=f"size <= {self.size}",
                found=size,
            )
        return size


# --- Roots while reading leaves in order ----------------------------------------------


class Frontier:
    """The right edge of a tree being read leaf by leaf: what every root needs, no more.

    A tree of ``size`` leaves is, by the RFC's split rule, one perfect aligned subtree
    per set bit of ``size``, largest on the left (``perfect_subtrees(0, size)``); its
    root folds them right to left. The frontier keeps exactly those hashes, one per
    level, so a verifier that reads every leaf once can give the root at any size it
    passes — the roots of signed checkpoints (spec §9 step 2) — from the leaves
    themselves, never from stored subtree hashes.

    Appending computes each leaf hash and each inner node once (the floor: about two
    SHA-256 per leaf) and does so a level at a time over the whole batch, so the
    cost per leaf stays close to that of ``hashlib`` itself.
    """

    def __init__(self) -> None:
        self.size = 0
        """Leaves appended so far."""
        self._levels: list[bytes] = []
        """``_levels[h]``: the edge's subtree of 2^h leaves if bit h of size is set, else b""."""

    def append(self, event_hash: bytes) -> None:
        """Append one leaf (its 32-byte leaf data, see ``leaf_hash``)."""
        self._fold([leaf_hash(event_hash)])

    def extend(self, event_hashes: Sequence[bytes]) -> None:
        """Append leaves in order (each a 32-byte ``event_hash``, as ``leaf_hash`` checks)."""
        if not set(map(len, event_hashes)) <= {HASH_SIZE}:
            for event_hash in event_hashes:  # name the first malformed one
                _check_hash("input", "event hash", event_hash)
        sha256, prefix = hashlib.sha256, _LEAF_HASH_PREFIX
        self._fold([sha256(prefix + data).digest() for data in event_hashes])

    def _fold(self, leaf_hashes: list[bytes]) -> None:
        """Append leaf hashes, hashing each new inner node once.

        At each level, ``nodes`` are the consecutive nodes ``[start, start + len)`` of
        that level just completed. A first node with an odd index is a right child:
        its left sibling waits on the frontier. A last node with an even index is a
        left child whose sibling does not exist yet: it becomes the frontier's node of
        that level. The pairs in between make the next level.
        """
        sha256, prefix = hashlib.sha256, _NODE_HASH_PREFIX
        levels, nodes = self._levels, leaf_hashes
        start = self.size
        self.size += len(nodes)
        level = 0
        while nodes:
            if level == len(levels):
                levels.append(b"")
            parents: list[bytes] = []
            if start & 1:  # bit `level` of the old size is set: its subtree is the left sibling
                parents.append(sha256(prefix + levels[level] + nodes[0]).digest())
                levels[level] = b""
                nodes = nodes[1:]
            if len(nodes) & 1:
                levels[level] = nodes.pop()
            lefts, rights = nodes[0::2], nodes[1::2]
            parents += [
                sha256(prefix + left + right).digest()
                for left, right in zip(lefts, rights, strict=True)
            ]
            nodes, start, level = parents, start >> 1, level + 1

    def root(self) -> bytes:
        """MTH of the leaves appended so far (``EMPTY_ROOT`` before the first)."""
        result = b""
        for node in self._levels:
            if node:
                result = node_hash(node, result) if result else node
        return result or EMPTY_ROOT
