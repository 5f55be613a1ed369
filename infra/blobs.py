"""Content-addressed blob store for evidence: ``<root>/sha256/ab/cd/<hash>``, sealed at rest.

Uploads stream into a temporary file while SHA-256 is computed over the plaintext, are
fsynced, then renamed into place, so a blob is either complete under its hash or absent.
The content address is the SHA-256 of the **plaintext**: the hashes in events, bundles and
the log do not depend on the sealing. Blobs are never overwritten, and removed only by the
upload that created them when its registration failed and nothing registered it (R-AV-6).

Sealed format (the data key, AES-256-GCM; cf. ``infra/sealing.py``), streamed so that no
upload is ever held in memory::

    file    = MAGIC ‖ version (1 byte, 1) ‖ segment size (4 bytes BE) ‖ file id (16 random)
              ‖ segment_0 ‖ … ‖ segment_n
    segment = nonce (12 random bytes) ‖ AES-256-GCM(key, plaintext part, aad)
    aad     = "jianzheng:blob:v1\\n" ‖ file id ‖ index (8 bytes BE) ‖ final (1 byte: 0 or 1)

Every segment but the last holds exactly ``segment size`` plaintext bytes; the last holds
the rest (possibly none) and is the only one sealed with ``final = 1``. So a reordered,
dropped, duplicated or altered segment, a segment from another blob, and a file cut at a
segment boundary all fail to open. Blobs written before sealing (plain bytes, without
``MAGIC``) are still read and verified as they are.

The segments do not name the content's hash: a whole sealed file of *another* blob, put in
this one's place, opens segment by segment. So each sealed blob also has a **binding**, which
ties its file id to its hash and size under a key derived from the data key, written when an
upload places the blob (and, for a blob stored before bindings, once a read has verified the
whole blob — ``infra/blob_reads.py``)::

    <root>/bindings/ab/cd/<hash> = version (1 byte, 1) ‖ HMAC-SHA256(binding key, message)
    binding key = HMAC-SHA256(data key, "jianzheng:blob-binding-key:v1")
    message     = "jianzheng:blob-binding:v1\n" ‖ SHA-256 (32 bytes) ‖ size (8 bytes BE) ‖ file id

A read that finds the binding to hold for the file id in the blob's header knows that every
segment that opens is a segment of exactly the registered bytes, at its place (range reads,
``docs/evidence.md``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.records.errors import PayloadTooLarge, StorageUnavailable

MAGIC = b"\x89jz-sealed-blob\n"
VERSION = 1
SEGMENT_BYTES = 1 << 20
MAX_SEGMENT_BYTES = 16 << 20
"""A header naming larger segments is refused (it would make a reader buffer that much)."""
AAD_PREFIX = b"jianzheng:blob:v1\n"
NONCE_BYTES = 12
TAG_BYTES = 16
FILE_ID_BYTES = 16
HEADER_BYTES = len(MAGIC) + 1 + 4 + FILE_ID_BYTES
READ_BYTES = 1 << 20
BINDING_VERSION = 1
BINDING_KEY_LABEL = b"jianzheng:blob-binding-key:v1"
BINDING_PREFIX = b"jianzheng:blob-binding:v1\n"

log = logging.getLogger("jianzheng.blobs")


class BlobUnreadable(ValueError):
    """A sealed blob that does not open: altered, truncated, reordered, or another key."""


@dataclass(frozen=True)
class StoredBlob:
    """What an upload produced: the plaintext's hash and size, and the file it is in."""

    sha256: str
    size: int
    staged: Path | None = None
    """The temporary file, until :meth:`BlobStore.place` moves it under its hash."""
    file_id: bytes | None = None
    """The sealed file's random id (None for a plain blob), which its binding names."""


def segment_aad(file_id: bytes, index: int, final: bool) -> bytes:
    """The associated data sealed with segment ``index`` of file ``file_id`` (format above)."""
    return AAD_PREFIX + file_id + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


class _SealingWriter:
    """Seals a plaintext stream segment by segment into ``handle``."""

    def __init__(self, handle: BinaryIO, key: bytes, segment_bytes: int) -> None:
        self.handle = handle
        self.aead = AESGCM(key)
        self.segment_bytes = segment_bytes
        self.file_id = os.urandom(FILE_ID_BYTES)
        self.index = 0
        self.pending = bytearray()
        handle.write(MAGIC + bytes([VERSION]) + segment_bytes.to_bytes(4, "big") + self.file_id)

    def write(self, data: bytes) -> None:
        self.pending += data
        # Hold back one full segment: only the end of the stream says which one is final.
        while len(self.pending) > self.segment_bytes:
            self._seal(bytes(self.pending[: self.segment_bytes]), final=False)
            del self.pending[: self.segment_bytes]

    def finish(self) -> None:
        self._seal(bytes(self.pending), final=True)
        self.pending.clear()

    def _seal(self, part: bytes, *, final: bool) -> None:
        nonce = os.urandom(NONCE_BYTES)
        aad = segment_aad(self.file_id, self.index, final)
        self.handle.write(nonce + self.aead.encrypt(nonce, part, aad))
        self.index += 1


class _PlainWriter:
    """Writes the plaintext as it is (a store without a data key)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def write(self, data: bytes) -> None:
        self.handle.write(data)

    def finish(self) -> None:
        return None


def _open_sealed(handle: BinaryIO, key: bytes | None) -> Iterator[bytes]:
    """The plaintext segments of a sealed blob (``handle`` is past ``MAGIC``)."""
    if key is None:
        raise BlobUnreadable("the blob is sealed and no data key is configured")
    rest = handle.read(HEADER_BYTES - len(MAGIC))
    if len(rest) != HEADER_BYTES - len(MAGIC) or rest[0] != VERSION:
        raise BlobUnreadable("the sealed blob's header is cut short or of an unknown version")
    segment_bytes = int.from_bytes(rest[1:5], "big")
    if not 1 <= segment_bytes <= MAX_SEGMENT_BYTES:
        raise BlobUnreadable(f"the sealed blob names a segment size of {segment_bytes} bytes")
    file_id = rest[5:]
    aead = AESGCM(key)
    record_bytes = NONCE_BYTES + segment_bytes + TAG_BYTES
    index = 0
    carried = b""
    while True:
        record = carried + handle.read(record_bytes - len(carried))
        if len(record) < NONCE_BYTES + TAG_BYTES:
            raise BlobUnreadable(f"segment {index} is missing or cut short")
        carried = handle.read(1) if len(record) == record_bytes else b""
        final = not carried
        try:
            yield aead.decrypt(
                record[:NONCE_BYTES], record[NONCE_BYTES:], segment_aad(file_id, index, final)
            )
        except InvalidTag:
            raise BlobUnreadable(
                f"segment {index} does not open (altered, moved, truncated, or another key)"
            ) from None
        if final:
            return
        index += 1


class BlobStore:
    """See the module docstring."""

    def __init__(
        self,
        root: Path,
        max_bytes: int,
        key: bytes | None = None,
        segment_bytes: int = SEGMENT_BYTES,
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.key = key
        self.segment_bytes = segment_bytes

    def path(self, sha256: str) -> Path:
        """Where a blob with this hash lives."""
        return self.root / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        """Whether the blob is present."""
        return self.path(sha256).is_file()

    async def put_stream(self, chunks: AsyncIterator[bytes]) -> StoredBlob:
        """Store an upload under its hash (see :meth:`stage` and :meth:`place`)."""
        staged = await self.stage(chunks)
        try:
            self.place(staged)
        finally:
            self.discard(staged)
        return StoredBlob(staged.sha256, staged.size)

    async def stage(self, chunks: AsyncIterator[bytes]) -> StoredBlob:
        """Seal an upload into a temporary file, hashing the plaintext as it streams.

        Refuses it past ``max_bytes`` (413); whatever the iterator raises (a refused
        content check, a client gone) propagates after the temporary file is removed.
        """
        digest = hashlib.sha256()
        size = 0
        tmp_dir = self.root / "tmp"
        try:
            tmp_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=tmp_dir)
        except OSError as exc:
            raise StorageUnavailable(f"cannot write to the blob store: {exc.strerror}") from None
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                writer = (
                    _SealingWriter(handle, self.key, self.segment_bytes)
                    if self.key is not None
                    else _PlainWriter(handle)
                )
                async for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise PayloadTooLarge(f"the upload exceeds {self.max_bytes} bytes")
                    digest.update(chunk)
                    writer.write(chunk)
                writer.finish()
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageUnavailable(f"cannot write to the blob store: {exc.strerror}") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        file_id = writer.file_id if isinstance(writer, _SealingWriter) else None
        return StoredBlob(digest.hexdigest(), size, tmp, file_id)

    def place(self, staged: StoredBlob) -> bool:
        """Move a staged upload under its hash; True if this created the blob.

        If the blob is there already (the same content), the staged copy is dropped and
        the blob kept as it is (never overwritten).
        """
        assert staged.staged is not None
        final = self.path(staged.sha256)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                staged.staged.unlink(missing_ok=True)
                return False
            os.replace(staged.staged, final)
            os.chmod(final, 0o440)
        except OSError as exc:
            staged.staged.unlink(missing_ok=True)
            raise StorageUnavailable(f"cannot write to the blob store: {exc.strerror}") from None
        if staged.file_id is not None:
            try:
                self.bind(staged.sha256, staged.size, staged.file_id)
            except OSError as exc:  # safe: a read verifies an unbound blob whole, then binds it
                log.warning("blob %s placed without its binding: %s", staged.sha256, exc.strerror)
        return True

    # -- bindings (module docstring) ----------------------------------------------------------

    def binding_path(self, sha256: str) -> Path:
        """Where the binding of a sealed blob lives."""
        return self.root / "bindings" / sha256[:2] / sha256[2:4] / sha256

    def _binding_mac(self, sha256: str, size: int, file_id: bytes) -> bytes:
        if self.key is None:
            raise BlobUnreadable("bindings need the data key")
        key = hmac.new(self.key, BINDING_KEY_LABEL, hashlib.sha256).digest()
        message = BINDING_PREFIX + bytes.fromhex(sha256) + size.to_bytes(8, "big") + file_id
        return hmac.new(key, message, hashlib.sha256).digest()

    def bind(self, sha256: str, size: int, file_id: bytes) -> None:
        """Write the binding of the sealed file ``file_id`` to ``sha256`` and ``size``
        (atomically: a reader sees the old binding or the new one, never half of one)."""
        path = self.binding_path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        record = bytes([BINDING_VERSION]) + self._binding_mac(sha256, size, file_id)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(record)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def is_bound(self, sha256: str, size: int, file_id: bytes) -> bool:
        """Whether a binding ties the sealed file ``file_id`` to ``sha256`` and ``size``."""
        try:
            record = self.binding_path(sha256).read_bytes()
        except OSError:
            return False
        if len(record) != 33 or record[0] != BINDING_VERSION or self.key is None:
            return False
        return hmac.compare_digest(record[1:], self._binding_mac(sha256, size, file_id))

    @staticmethod
    def discard(staged: StoredBlob) -> None:
        """Remove a staged upload's temporary file if it is still there."""
        if staged.staged is not None:
            staged.staged.unlink(missing_ok=True)

    def remove(self, sha256: str) -> None:
        """Remove a blob that nothing registered (only its own failed upload calls this)."""
        self.path(sha256).unlink(missing_ok=True)
        self.binding_path(sha256).unlink(missing_ok=True)

    @contextlib.contextmanager
    def locked(self, sha256: str) -> Iterator[None]:
        """Hold the lock that placing, registering and removing a blob take (across processes).

        One of 256 lock files, chosen by the hash's first byte, under ``<root>/locks``.
        """
        locks = self.root / "locks"
        try:
            locks.mkdir(parents=True, exist_ok=True)
            fd = os.open(locks / f"{sha256[:2]}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StorageUnavailable(f"cannot lock in the blob store: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def read(self, sha256: str) -> Iterator[bytes]:
        """The blob's plaintext, in chunks; :class:`BlobUnreadable` if it does not open."""
        with self.path(sha256).open("rb") as handle:
            head = handle.read(len(MAGIC))
            if head == MAGIC:
                yield from _open_sealed(handle, self.key)
                return
            yield head  # a blob stored before sealing: the plaintext itself
            while chunk := handle.read(READ_BYTES):
                yield chunk

    def check(self, sha256: str, size: int) -> str | None:
        """None if the blob is intact, else ``missing`` or ``altered``."""
        if not self.path(sha256).is_file():
            return "missing"
        digest = hashlib.sha256()
        length = 0
        try:
            for chunk in self.read(sha256):
                digest.update(chunk)
                length += len(chunk)
        except BlobUnreadable:
            return "altered"
        if digest.hexdigest() != sha256 or length != size:
            return "altered"
        return None
