"""Evidence (audio, video, photos, documents) referenced by hash (R-AV-4, R-AV-6).

The bytes live in a content-addressed blob store; each blob's registration is a
chained stream whose id is derived from the SHA-256, so the same content registers
once and any event can cite it by hash. Nothing referenced is ever deleted.
"""

from __future__ import annotations

import re
import uuid
from uuid import UUID

from eventsourcing.domain import event

from domain.aggregate import ChainedAggregate
from domain.errors import InvalidInput

EVIDENCE_NAMESPACE = UUID("3f0c6f44-8d0b-4b9e-a1d5-5a6c1f2e9b37")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")


def check_sha256(text: str) -> str:
    """``text`` if it is a lower-case hex SHA-256, else :class:`InvalidInput`."""
    if not isinstance(text, str) or not _SHA256.fullmatch(text):
        raise InvalidInput(f"{text!r} is not a lower-case hex SHA-256")
    return text


def check_media_type(text: str) -> str:
    """A bare ``type/subtype`` media type (parameters dropped), lower-cased."""
    bare = text.split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.fullmatch(bare):
        raise InvalidInput(f"{text!r} is not a media type such as video/mp4")
    return bare


class Evidence(ChainedAggregate):
    """One stored blob's registration."""

    STREAM_KIND = "evidence"

    @event("Registered")
    def __init__(self, actor: str, sha256: str, size: int, media_type: str) -> None:
        self.sha256 = sha256
        self.size = size
        self.media_type = media_type
        self.registered_by = actor

    @staticmethod
    def create_id(sha256: str) -> UUID:
        """Stream id derived from the content hash."""
        return uuid.uuid5(EVIDENCE_NAMESPACE, sha256)

    def ref(self) -> dict[str, object]:
        """How events cite this evidence."""
        return {"sha256": self.sha256, "media_type": self.media_type, "size": self.size}
