"""Reading evidence blobs back, whole or by byte range, never passing altered bytes as good.

R-AV-4 wants records that cannot be altered; a court that downloads a recording must get the
bytes whose SHA-256 the log vouches for, or no answer. What proves each read (the format of
sealed blobs and bindings: ``infra/blobs.py``; the guarantees in people's words:
``docs/evidence.md``):

* **Sealed and bound** (every blob uploaded since bindings exist): the binding ties the file
  id in the blob's header to the hash and size; each segment is AES-256-GCM bound to that
  file id, its index and whether it is the last. A segment that opens is therefore exactly
  the registered bytes at its place, so a range read is proved segment by segment, without
  reading the rest of the blob.
* **Sealed, not yet bound** (stored by an earlier version): the first read verifies the whole
  blob (decrypt and SHA-256) from the file it then reads, and writes the binding.
* **Plain** (stored before sealing): nothing proves a part alone, so every read verifies the
  whole blob from the open file before its first byte.
* A **whole** read also hashes what it sends and holds its last piece back until the hash
  and size match. A whole read of a blob up to :data:`VERIFY_FIRST_BYTES` is verified before
  its first byte, so that it is refused with a proper answer rather than cut off.

When the proof fails before the first byte the read raises :class:`EvidenceCorrupt` (500
``evidence-corrupt``). After it (a segment further on does not open, the whole's hash
differs) the failure is logged as ``evidence-corrupt`` and raised from the iterator, so that
the server aborts the connection: the client receives fewer bytes than ``Content-Length``
announced — never a complete answer. ``jianzheng verify`` reports the same blob ``altered``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import weakref
from collections.abc import Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.records.errors import EvidenceCorrupt
from infra.blobs import (
    FILE_ID_BYTES,
    HEADER_BYTES,
    MAGIC,
    MAX_SEGMENT_BYTES,
    NONCE_BYTES,
    READ_BYTES,
    TAG_BYTES,
    VERSION,
    BlobStore,
    BlobUnreadable,
    segment_aad,
)

log = logging.getLogger("jianzheng.evidence")

VERIFY_FIRST_BYTES = 8 << 20
"""A whole read of a blob up to this size is verified whole before its first byte."""


def open_read(blobs: BlobStore, sha256: str, size: int, start: int, end: int) -> Iterator[bytes]:
    """The plaintext bytes ``[start, end)`` of the blob registered as ``sha256`` of ``size``.

    Everything that can be proved before the first byte is proved here, before this returns
    (:class:`EvidenceCorrupt` otherwise): the blob is present with the length its
    registration implies, bound or verified whole, and the first piece opened. The rest is
    proved as it is read (module docstring).
    """
    reader = _Reader(blobs, sha256, size)
    try:
        reader.prove()
        whole = start == 0 and end == size
        if whole and size <= VERIFY_FIRST_BYTES and not reader.verified:
            reader.verify_whole()
        pieces = reader.pieces(start, end)
        first = next(pieces, None)
    except BlobUnreadable as exc:
        reader.close()
        raise _corrupt(sha256, str(exc)) from None
    except BaseException:
        reader.close()
        raise
    return _rest(reader, first, pieces, whole)


def _rest(
    reader: _Reader, first: bytes | None, pieces: Iterator[bytes], whole: bool
) -> Iterator[bytes]:
    """``first`` and the following pieces; for a whole read, the last one held back until
    the SHA-256 of everything matches the blob's name."""
    digest = hashlib.sha256()
    sent = 0
    held = first
    try:
        for piece in pieces:
            if held is not None:
                digest.update(held)
                sent += len(held)
                yield held
            held = piece
        if whole:
            digest.update(held or b"")
            sent += len(held or b"")
            if sent != reader.size or digest.hexdigest() != reader.sha256:
                raise BlobUnreadable(
                    f"the whole blob read as {sent} bytes hashing to {digest.hexdigest()}"
                )
        if held:
            yield held
    except BlobUnreadable as exc:
        raise _corrupt(reader.sha256, f"{exc}; the read was cut off") from None
    finally:
        reader.close()


def _corrupt(sha256: str, detail: str) -> EvidenceCorrupt:
    log.error("evidence-corrupt: blob %s: %s", sha256, detail)
    return EvidenceCorrupt(
        f"the stored blob does not prove to be the registered bytes ({detail}); it is not "
        "served — run `jianzheng verify` and restore it from a backup",
        sha256=sha256,
    )


class _Reader:
    """One open blob file: its header, the proof before the first byte, its pieces."""

    def __init__(self, blobs: BlobStore, sha256: str, size: int) -> None:
        self.blobs = blobs
        self.sha256 = sha256
        self.size = size
        self.verified = False
        try:
            self.handle = blobs.path(sha256).open("rb")
        except FileNotFoundError:
            raise _corrupt(sha256, "it is missing from the blob store") from None
        # A client that goes away before its answer is read leaves the read's iterator
        # unstarted, and an unstarted generator runs no ``finally``: close the file when the
        # reader is dropped.
        weakref.finalize(self, self.handle.close)
        try:
            self._read_header()
        except BlobUnreadable as exc:
            self.close()
            raise _corrupt(sha256, str(exc)) from None

    def _read_header(self) -> None:
        length = os.fstat(self.handle.fileno()).st_size
        self.sealed = self.handle.read(len(MAGIC)) == MAGIC
        if not self.sealed:
            if length != self.size:
                raise BlobUnreadable(f"{length} bytes stored for {self.size} registered")
            return
        if self.blobs.key is None:
            raise BlobUnreadable("the blob is sealed and no data key is configured")
        rest = self.handle.read(HEADER_BYTES - len(MAGIC))
        if len(rest) != HEADER_BYTES - len(MAGIC) or rest[0] != VERSION:
            raise BlobUnreadable("the sealed blob's header is cut short or of an unknown version")
        self.segment_bytes = int.from_bytes(rest[1:5], "big")
        if not 1 <= self.segment_bytes <= MAX_SEGMENT_BYTES:
            raise BlobUnreadable(f"the header names a segment size of {self.segment_bytes}")
        self.file_id = rest[5 : 5 + FILE_ID_BYTES]
        self.aead = AESGCM(self.blobs.key)
        # Every segment but the last holds segment_bytes; the last the rest (none for an
        # empty blob, and a full segment when the size is a multiple of it: infra/blobs.py).
        self.count = max(1, -(-self.size // self.segment_bytes))
        expected = HEADER_BYTES + self.count * (NONCE_BYTES + TAG_BYTES) + self.size
        if length != expected:
            raise BlobUnreadable(f"{length} bytes stored where {self.size} sealed take {expected}")

    def prove(self) -> None:
        """Before the first byte: a sealed blob is bound, or verified whole and then bound;
        a plain blob is verified whole."""
        if self.sealed and self.blobs.is_bound(self.sha256, self.size, self.file_id):
            return
        self.verify_whole()
        if self.sealed:
            try:
                self.blobs.bind(self.sha256, self.size, self.file_id)
            except OSError as exc:  # the read stays proved; the next one verifies again
                log.warning("blob %s verified but not bound: %s", self.sha256, exc.strerror)

    def verify_whole(self) -> None:
        """Read the whole blob from this open file: it must hash to its name and size."""
        digest = hashlib.sha256()
        length = 0
        for piece in self._all():
            digest.update(piece)
            length += len(piece)
        if length != self.size or digest.hexdigest() != self.sha256:
            raise BlobUnreadable(f"it reads as {length} bytes hashing to {digest.hexdigest()}")
        self.verified = True

    def _all(self) -> Iterator[bytes]:
        if self.sealed:
            for index in range(self.count):
                yield self._segment(index)
            return
        self.handle.seek(0)
        while chunk := self.handle.read(READ_BYTES):
            yield chunk

    def pieces(self, start: int, end: int) -> Iterator[bytes]:
        """The plaintext of ``[start, end)``, in pieces of at most one segment."""
        if start >= end:
            return
        if not self.sealed:
            self.handle.seek(start)
            left = end - start
            while left > 0:
                chunk = self.handle.read(min(READ_BYTES, left))
                if not chunk:
                    raise BlobUnreadable(f"the blob ends {left} bytes early")
                left -= len(chunk)
                yield chunk
            return
        step = self.segment_bytes
        for index in range(start // step, (end - 1) // step + 1):
            plain = self._segment(index)
            offset = index * step
            low, high = max(start - offset, 0), min(end - offset, len(plain))
            yield plain if (low, high) == (0, len(plain)) else plain[low:high]

    def _segment(self, index: int) -> bytes:
        """Segment ``index``, opened: only the bytes sealed there for this file id."""
        step = self.segment_bytes
        final = index == self.count - 1
        plain_length = self.size - index * step if final else step
        self.handle.seek(HEADER_BYTES + index * (NONCE_BYTES + step + TAG_BYTES))
        record = self.handle.read(NONCE_BYTES + plain_length + TAG_BYTES)
        if len(record) != NONCE_BYTES + plain_length + TAG_BYTES:
            raise BlobUnreadable(f"segment {index} is cut short")
        sealed = memoryview(record)  # no copy of a whole segment to slice off the nonce
        try:
            return self.aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], segment_aad(self.file_id, index, final)
            )
        except InvalidTag:
            raise BlobUnreadable(
                f"segment {index} does not open (altered, moved, truncated, or another key)"
            ) from None

    def close(self) -> None:
        """Close the blob file (also when the read stops early)."""
        self.handle.close()
