"""Content-addressed blob store for evidence: ``<root>/sha256/ab/cd/<hash>``.

Uploads stream into a temporary file while SHA-256 is computed, are fsynced, then
renamed into place, so a blob is either complete under its hash or absent. Blobs
are never deleted or overwritten (R-AV-6).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from domain.errors import PayloadTooLarge, StorageUnavailable


@dataclass(frozen=True)
class StoredBlob:
    """What an upload produced."""

    sha256: str
    size: int


class BlobStore:
    """See the module docstring."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path(self, sha256: str) -> Path:
        """Where a blob with this hash lives."""
        return self.root / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        """Whether the blob is present."""
        return self.path(sha256).is_file()

    async def put_stream(self, chunks: AsyncIterator[bytes]) -> StoredBlob:
        """Store an upload, hashing as it streams; refuse it past ``max_bytes``."""
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
                async for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise PayloadTooLarge(f"the upload exceeds {self.max_bytes} bytes")
                    digest.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            sha256 = digest.hexdigest()
            final = self.path(sha256)
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():
                tmp.unlink()
            else:
                os.replace(tmp, final)
                os.chmod(final, 0o440)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageUnavailable(f"cannot write to the blob store: {exc.strerror}") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return StoredBlob(sha256, size)

    def check(self, sha256: str, size: int) -> str | None:
        """None if the blob is intact, else ``missing`` or ``altered``."""
        path = self.path(sha256)
        if not path.is_file():
            return "missing"
        digest = hashlib.sha256()
        length = 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                length += len(chunk)
        if digest.hexdigest() != sha256 or length != size:
            return "altered"
        return None
