"""Evidence (audio, video, photos, documents) referenced by hash (R-AV-4, R-AV-6).

The bytes live in a content-addressed blob store; each blob's registration is a
chained stream whose id is derived from the SHA-256, so the same content registers
once and any event can cite it by hash. Nothing referenced is ever deleted.

Every upload names its uploader and its **purpose**: the case or the child's file it was
uploaded for, with that subject's agency and area. The first upload's are in
``evidence.Registered``; a later upload of the same bytes by another actor or for another
subject of the same purpose appends ``evidence.UploadRecorded`` to the same stream. Uploads
for children's files have streams of their own (:meth:`Evidence.create_id`), so that a
case's court bundle, which carries the streams of the evidence its steps cite, never
carries a child's id or village. A step may cite evidence only if it was uploaded for a
case of the case's agency (R-AV-1, R-AV-4), and never a stream that also records a child's
upload (stored so by earlier versions). Registrations made before purposes existed have
none (``None``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.domain import event

from domain.records.aggregate import ChainedAggregate
from domain.records.errors import InvalidInput

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


def media_type_charset(text: str) -> str | None:
    """The ``charset`` parameter of a media type, if it names one."""
    for parameter in text.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip()
    return None


PURPOSES = ("case", "child")
"""What an upload is for: an enforcement case's record, or a child's file (R-GD-9)."""


@dataclass(frozen=True)
class Upload:
    """Who uploaded a blob, and for which subject of which agency and area."""

    actor: str
    purpose: str
    subject_id: str
    agency: str
    area: str


class Evidence(ChainedAggregate):
    """One stored blob's registration, and every upload of it."""

    STREAM_KIND = "evidence"

    @event("Registered")
    def __init__(
        self,
        actor: str,
        sha256: str,
        size: int,
        media_type: str,
        purpose: str | None = None,
        subject_id: str | None = None,
        agency: str | None = None,
        area: str | None = None,
    ) -> None:
        self.sha256 = sha256
        self.size = size
        self.media_type = media_type
        self.registered_by = actor
        self.uploads: list[Upload] = []
        if purpose is not None:
            self.uploads.append(
                Upload(actor, purpose, str(subject_id), str(agency or ""), str(area or ""))
            )

    @classmethod
    def register(
        cls, actor: str, sha256: str, size: int, media_type: str, upload: Upload
    ) -> Evidence:
        """The first upload of a blob."""
        cls.check_purpose(upload.purpose)
        return cls(
            actor=actor,
            sha256=sha256,
            size=size,
            media_type=media_type,
            purpose=upload.purpose,
            subject_id=upload.subject_id,
            agency=upload.agency,
            area=upload.area,
        )

    @staticmethod
    def check_purpose(purpose: str) -> None:
        """Refuse a purpose that is not one of :data:`PURPOSES`."""
        if purpose not in PURPOSES:
            raise InvalidInput(f"purpose {purpose!r} is not one of {', '.join(PURPOSES)}")

    def record_upload(self, upload: Upload, media_type: str) -> bool:
        """Record a further upload of the same bytes; False if it was recorded already."""
        self.check_purpose(upload.purpose)
        if upload in self.uploads:
            return False
        self._record_upload(
            actor=upload.actor,
            purpose=upload.purpose,
            subject_id=upload.subject_id,
            agency=upload.agency,
            area=upload.area,
            media_type=media_type,
        )
        return True

    @event("UploadRecorded")
    def _record_upload(
        self, actor: str, purpose: str, subject_id: str, agency: str, area: str, media_type: str
    ) -> None:
        self.uploads.append(Upload(actor, purpose, subject_id, agency, area))

    def uploaded_for_agency(self, agency: str) -> bool:
        """Whether any upload of this blob was for a case of ``agency`` (R-AV-1, R-AV-2)."""
        return any(u.purpose == "case" and u.agency == agency for u in self.uploads)

    def uploaded_for_a_child(self) -> bool:
        """Whether this stream records an upload for a child's file (earlier versions kept
        a blob's uploads for cases and children in one stream)."""
        return any(u.purpose == "child" for u in self.uploads)

    @staticmethod
    def create_id(sha256: str, purpose: str = "case") -> UUID:
        """Stream id derived from the content hash and the upload's purpose.

        A case's uploads keep the id earlier versions gave every upload
        (``uuid5(namespace, sha256)``); a child's have their own
        (``uuid5(namespace, "child" ‖ LF ‖ sha256)``).
        """
        if purpose == "child":
            return uuid.uuid5(EVIDENCE_NAMESPACE, f"child\n{sha256}")
        return uuid.uuid5(EVIDENCE_NAMESPACE, sha256)

    def ref(self) -> dict[str, object]:
        """How events cite this evidence."""
        return {"sha256": self.sha256, "media_type": self.media_type, "size": self.size}
