"""The transparency log's read side: roots, proofs, signed checkpoints, cosignatures.

Leaves and subtree hashes are written by the event recorder (``infra/ledger.py``).
Here a proof is computed in two passes: first which perfect subtrees it needs (pure
arithmetic, ``domain.proof.merkle``), then one query for all of them, so a proof costs one
round trip whatever the log's size.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.proof import merkle
from domain.proof.checkpoint import (
    NoteError,
    WitnessKey,
    format_checkpoint,
    parse_checkpoint,
    parse_note,
    sign_note,
    verify_cosignature,
    verify_note,
)
from domain.proof.note import parse_vkey
from domain.proof.verify import LeafPage, LogScanner, Report, pages
from domain.records.errors import InvalidInput, LogInconsistent, NotFound, RuleViolation
from infra.keys import LogKey
from infra.ledger import coordinates
from infra.settings import Settings
from infra.sql import Database
from infra.store import EventStore

CHECKPOINT_LOCK_KEY = 0x6A7A_0003


@dataclass(frozen=True)
class StoredCheckpoint:
    """A checkpoint the log signed."""

    size: int
    root: bytes
    note: str
    signed_at: str


class _Asked:
    """A stand-in tree that records which subtrees a computation needs."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def subtree(self, start: int, end: int) -> bytes:
        self.ranges.append((start, end))
        return bytes(32)


class _Known:
    """A tree answering from hashes fetched beforehand."""

    def __init__(self, hashes: dict[tuple[int, int], bytes]) -> None:
        self.hashes = hashes

    def subtree(self, start: int, end: int) -> bytes:
        return self.hashes[coordinates(start, end)]


class TransparencyLog:
    """See the module docstring."""

    def __init__(
        self,
        settings: Settings,
        store: EventStore,
        keys: Sequence[LogKey],
        published: Sequence[str] = (),
    ) -> None:
        self.settings = settings
        self.store = store
        self.keys = list(keys)
        """Keys that sign new checkpoints."""
        self.published = list(published) or [k.vkey for k in keys]
        """Every vkey the log ever signed with (old checkpoints verify with old keys)."""
        self.origin = settings.log_origin
        self.db = Database(settings)

    def close(self) -> None:
        """Close connections."""
        self.db.close()

    # -- tree -----------------------------------------------------------------------------

    def size(self) -> int:
        """Number of leaves."""
        with self.db.transaction() as cur:
            cur.execute("SELECT MAX(leaf_index) FROM jz_log_leaves")
            top = cur.fetchone()[0]
        return 0 if top is None else int(top) + 1

    def _fetch(self, cur: Any, ranges: Iterable[tuple[int, int]]) -> _Known:
        wanted = sorted({coordinates(s, e) for s, e in ranges})
        found: dict[tuple[int, int], bytes] = {}
        for i in range(0, len(wanted), 200):
            chunk = wanted[i : i + 200]
            cur.execute(
                self.db.sql(
                    "SELECT level, idx, hash FROM jz_log_nodes WHERE "  # noqa: S608
                    + " OR ".join("(level = ? AND idx = ?)" for _ in chunk)
                ),
                [v for pair in chunk for v in pair],
            )
            for level, idx, value in cur.fetchall():
                found[(int(level), int(idx))] = bytes(value)
        missing = [c for c in wanted if c not in found]
        if missing:
            raise LogInconsistent(f"the stored tree lacks subtree hashes {missing[:3]}")
        return _Known(found)

    def _compute(self, run: Any, size: int) -> Any:
        if size > self.size():
            raise NotFound(f"the log has fewer than {size} leaves")
        asked = _Asked()
        run(asked)
        with self.db.transaction() as cur:
            return run(self._fetch(cur, asked.ranges))

    def root(self, size: int) -> bytes:
        """The tree head at ``size``."""
        if size == 0:
            return merkle.EMPTY_ROOT
        return bytes(self._compute(lambda t: merkle.root(t, size), size))

    def inclusion_proof(self, index: int, size: int) -> list[bytes]:
        """RFC 9162 §2.1.3 inclusion proof of leaf ``index`` in the tree of ``size``."""
        if not 0 <= index < size:
            raise InvalidInput(f"index {index} is not below size {size}")
        return list(self._compute(lambda t: merkle.inclusion_proof(t, index, size), size))

    def consistency_proof(self, size1: int, size2: int) -> list[bytes]:
        """RFC 9162 §2.1.4 consistency proof between two sizes."""
        if not 0 <= size1 <= size2:
            raise InvalidInput(f"need 0 ≤ from ({size1}) ≤ to ({size2})")
        if size2 > self.size():
            raise NotFound(f"the log has fewer than {size2} leaves")
        if size1 in (0, size2):
            return []
        return list(self._compute(lambda t: merkle.consistency_proof(t, size1, size2), size2))

    def leaf_index(self, event_hash: str) -> int:
        """The leaf holding an event hash."""
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql("SELECT leaf_index FROM jz_log_leaves WHERE event_hash = ?"),
                (bytes.fromhex(event_hash),),
            )
            row = cur.fetchone()
        if row is None:
            raise NotFound(f"no leaf holds event {event_hash}")
        return int(row[0])

    def leaf_indexes_of(self, stream: UUID, seqs: Sequence[int]) -> dict[int, int]:
        """Seq → leaf index, for events of ``stream`` (one indexed read)."""
        if not seqs:
            return {}
        key: Any = stream if self.db.postgres else stream.hex
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    "SELECT seq, leaf_index FROM jz_log_leaves WHERE stream = ? AND seq IN ("  # noqa: S608
                    + ", ".join("?" for _ in seqs)
                    + ")"
                ),
                [key, *seqs],
            )
            return {int(q): int(i) for q, i in cur.fetchall()}

    def leaf_indexes(self, positions: Sequence[int]) -> dict[int, int]:
        """Notification position → leaf index, for the positions given."""
        if not positions:
            return {}
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql(
                    "SELECT position, leaf_index FROM jz_log_leaves WHERE position IN ("  # noqa: S608
                    + ", ".join("?" for _ in positions)
                    + ")"
                ),
                list(positions),
            )
            return {int(p): int(i) for p, i in cur.fetchall()}

    def leaves(self) -> Iterator[tuple[int, int, bytes]]:
        """Every leaf (index, position, event hash) in order."""
        for indexes, positions, hashes in self.leaf_pages(5000):
            yield from zip(indexes, positions, hashes, strict=True)

    # -- checkpoints ------------------------------------------------------------------------

    def checkpoints(self) -> list[StoredCheckpoint]:
        """Every checkpoint signed, by size."""
        with self.db.transaction() as cur:
            cur.execute("SELECT size, root, note, signed_at FROM jz_log_checkpoints ORDER BY size")
            return [StoredCheckpoint(int(s), bytes(r), n, a) for s, r, n, a in cur.fetchall()]

    def latest(self) -> StoredCheckpoint | None:
        """The newest checkpoint, if any."""
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT size, root, note, signed_at FROM jz_log_checkpoints "
                "ORDER BY size DESC LIMIT 1"
            )
            row = cur.fetchone()
        return None if row is None else StoredCheckpoint(int(row[0]), bytes(row[1]), row[2], row[3])

    def alarm(self) -> str | None:
        """The first unresolved alarm (a stream the log could not vouch for), if any."""
        with self.db.transaction() as cur:
            cur.execute("SELECT raised_at, detail FROM jz_log_alarms ORDER BY raised_at LIMIT 1")
            row = cur.fetchone()
        return None if row is None else f"{row[0]}: {row[1]}"

    def clear_alarms(self) -> int:
        """Forget the alarms, once a whole verification passed; how many there were."""
        with self.db.transaction(lock=CHECKPOINT_LOCK_KEY) as cur:
            cur.execute("SELECT COUNT(*) FROM jz_log_alarms")
            count = int(cur.fetchone()[0])
            cur.execute("DELETE FROM jz_log_alarms")
        return count

    def check_consistent(self) -> None:
        """Refuse to go on if the stored tree no longer gives the last checkpoint's root."""
        last = self.latest()
        if last is None:
            return
        try:
            root = self.root(last.size)
        except (NotFound, LogInconsistent):
            root = b""
        if root != last.root:
            raise LogInconsistent(
                f"the stored tree's root at size {last.size} is not the signed one; "
                "the log was altered — run `jianzheng verify`"
            )

    def sign_checkpoint(self) -> StoredCheckpoint:
        """Sign a checkpoint at the current size (or return the latest if nothing is new).

        Never signs two inconsistent checkpoints: it first checks that the stored tree
        still gives the previous checkpoint's root, and the new tree extends it.
        """
        with self.db.transaction(lock=CHECKPOINT_LOCK_KEY) as cur:
            alarm = self.alarm()
            if alarm is not None:
                raise LogInconsistent(
                    f"no checkpoint is signed while the log cannot vouch for the store "
                    f"({alarm}); an operator must run `jianzheng verify`"
                )
            size = self.size()
            last = self.latest()
            if last is not None and last.size == size:
                return last
            self.check_consistent()
            root = self.root(size)
            if last is not None:
                # Prove, from the stored subtree hashes, that the new tree extends the last
                # signed one, exactly as a witness will check it.
                proof = self.consistency_proof(last.size, size)
                try:
                    merkle.verify_consistency(last.size, size, proof, last.root, root)
                except merkle.ProofError as exc:
                    raise LogInconsistent(f"the new tree does not extend the last: {exc}") from None
            body = format_checkpoint(self.origin, size, root)
            note = self._sign(body)
            signed_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            cur.execute(
                self.db.sql(
                    "INSERT INTO jz_log_checkpoints (size, root, note, signed_at) "
                    "VALUES (?, ?, ?, ?)"
                ),
                (size, root, note, signed_at),
            )
        return StoredCheckpoint(size, root, note, signed_at)

    def _sign(self, body: str) -> str:
        """The body signed by every active log key (one signature line each)."""
        lines: list[str] = []
        for key in self.keys:
            signed = sign_note(body, key.name, key.private_key)
            _, signatures = parse_note(signed)
            lines.extend(s.line() for s in signatures)
        return body + "\n" + "".join(lines)

    def cosignatures(self, size: int) -> list[str]:
        """Cosignature lines stored for a checkpoint size."""
        with self.db.transaction() as cur:
            cur.execute(
                self.db.sql("SELECT line FROM jz_log_cosignatures WHERE size = ? ORDER BY witness"),
                (size,),
            )
            return [row[0] for row in cur.fetchall()]

    def last_cosigned(self) -> dict[str, tuple[int, int]]:
        """Each witness's newest cosignature: witness name → (checkpoint size, the
        cosignature's own timestamp, POSIX seconds) — how fresh its view of the log is."""
        with self.db.transaction() as cur:
            cur.execute(
                "SELECT c.witness, c.size, c.timestamp FROM jz_log_cosignatures c"
                " WHERE c.size = (SELECT MAX(d.size) FROM jz_log_cosignatures d"
                " WHERE d.witness = c.witness)"
            )
            return {str(w): (int(s), int(t)) for w, s, t in cur.fetchall()}

    def served_checkpoint(self, size: int | None = None) -> str:
        """A checkpoint as served: the signed note with its stored cosignatures appended."""
        checkpoint = self.latest() if size is None else self._checkpoint_at(size)
        if checkpoint is None:
            checkpoint = self.sign_checkpoint()
        return checkpoint.note + "".join(self.cosignatures(checkpoint.size))

    def _checkpoint_at(self, size: int) -> StoredCheckpoint:
        for checkpoint in self.checkpoints():
            if checkpoint.size == size:
                return checkpoint
        raise NotFound(f"no checkpoint of size {size}")

    def add_cosignature(self, line: str, witnesses: Sequence[WitnessKey], size: int | None) -> int:
        """Verify a witness's cosignature on a checkpoint the log signed, and store it."""
        checkpoint = self.latest() if size is None else self._checkpoint_at(size)
        if checkpoint is None:
            raise NotFound("the log has signed no checkpoint yet")
        body, _ = parse_note(checkpoint.note)
        line = line if line.endswith("\n") else line + "\n"
        for witness in witnesses:
            try:
                timestamp = verify_cosignature(body, line, witness)
            except NoteError:
                continue
            with self.db.transaction(lock=CHECKPOINT_LOCK_KEY) as cur:
                cur.execute(
                    self.db.sql("DELETE FROM jz_log_cosignatures WHERE size = ? AND witness = ?"),
                    (checkpoint.size, witness.name),
                )
                cur.execute(
                    self.db.sql(
                        "INSERT INTO jz_log_cosignatures (size, witness, line, timestamp) "
                        "VALUES (?, ?, ?, ?)"
                    ),
                    (checkpoint.size, witness.name, line, timestamp),
                )
            return checkpoint.size
        raise RuleViolation("the cosignature is not by a known witness, or not on this checkpoint")

    # -- whole-log verification ---------------------------------------------------------------

    def leaf_pages(self, size: int = 2048) -> Iterator[LeafPage]:
        """Every leaf in order, a page of columns at a time (for the verifier)."""
        last = -1
        while True:
            with self.db.transaction() as cur:
                cur.execute(
                    self.db.sql(
                        "SELECT leaf_index, position, event_hash FROM jz_log_leaves "
                        "WHERE leaf_index > ? ORDER BY leaf_index LIMIT ?"
                    ),
                    (last, size),
                )
                page = cur.fetchall()
            if not page:
                return
            indexes, positions, hashes = zip(*page, strict=True)
            yield list(map(int, indexes)), list(map(int, positions)), list(map(bytes, hashes))
            last = indexes[-1]

    def scanner(self, report: Report) -> LogScanner:
        """A :class:`LogScanner` to feed the store's rows to, in commit order (spec §9).

        It reads the leaves as the rows meet them, recomputes the root at every stored
        checkpoint's size, and checks each such checkpoint's signature here.
        """
        checkpoints = {c.size: c for c in self.checkpoints()}
        return LogScanner(
            self.leaf_pages(),
            {size: c.root for size, c in checkpoints.items()},
            report,
            on_checkpoint=lambda size: self._check_signature(checkpoints[size], report),
        )

    def verify_into(self, report: Report) -> None:
        """Leaves match events one to one and in order; the tree gives every signed root.

        Adds to ``report``: leaves checked, checkpoints checked, and log problems (an event
        without a leaf, a leaf without its event, a leaf whose hash differs from the stored
        event, a checkpoint whose root the log no longer gives, a bad signature).
        ``Jianzheng.verify`` feeds the same scanner from its single pass over the rows.
        """
        scanner = self.scanner(report)
        for page in pages(self.store.rows()):
            scanner.feed(page)
        scanner.finish()

    def _check_signature(self, checkpoint: StoredCheckpoint, report: Report) -> None:
        """Spec §9 step 3: the note verifies with a published key and says the stored values."""
        try:
            # Signed by at least one of the log's published keys (several during a rotation).
            verified = verify_note(checkpoint.note, [], [parse_vkey(v) for v in self.published])
            if not verified.verified:
                raise NoteError("checkpoint", "not signed by any of the log's published keys")
            parsed = parse_checkpoint(verified.body)
            if (parsed.size, parsed.root, parsed.origin) != (
                checkpoint.size, checkpoint.root, self.origin,
            ):  # fmt: skip
                raise NoteError("checkpoint", "signed body differs from the stored size or root")
        except (NoteError, ValueError) as exc:
            report.log_problems.append(
                {"kind": "checkpoint-signature", "size": checkpoint.size, "detail": str(exc)}
            )


def now_seconds() -> int:
    """Seconds since the epoch (cosignature timestamps)."""
    return int(time.time())
