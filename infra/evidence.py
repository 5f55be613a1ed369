"""Evidence uploads: a stream of bytes checked against its media type, placed in the blob
store under its hash and recorded with its uploader and purpose (R-AV-1..4, R-GD-9)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from uuid import UUID

from domain.records.actors import Role
from domain.records.children import ChildRecord
from domain.records.enforcement import EnforcementCase
from domain.records.enforcement.lifecycle import check_takes_evidence
from domain.records.errors import ChainConflict, EvidenceTooSmall, InvalidInput, WrongAgency
from domain.records.evidence import PURPOSES, Evidence, Upload, check_media_type, media_type_charset
from domain.records.jurisdiction import covers
from domain.records.media import ContentCheck, check_allowed, is_audio_video
from infra.blobs import BlobStore, StoredBlob
from infra.case_lifecycle import require_certificate_in_force
from infra.children import ChildService
from infra.clock import today
from infra.principal import OPERATOR, Principal, require_role
from infra.settings import Settings
from infra.store import Appended, EventStore

log = logging.getLogger("jianzheng.evidence")

CHILD_DOCUMENT_ROLES = (Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE, Role.POLICE)
"""Who records a child's documents, and so may upload them (R-GD-9, DESIGN §5)."""


class EvidenceService:
    """Uploads of evidence for cases and of documents for children's files."""

    def __init__(
        self, settings: Settings, store: EventStore, blobs: BlobStore, children: ChildService
    ) -> None:
        self.settings = settings
        self.store = store
        self.blobs = blobs
        self.children = children

    async def upload(
        self,
        by: Principal,
        chunks: AsyncIterator[bytes],
        media_type: str,
        *,
        purpose: str,
        subject_id: UUID | str,
    ) -> tuple[Evidence, list[Appended]]:
        """Stream an upload into the blob store and record it, with its uploader and purpose.

        Who may upload is who records what the upload is for (R-AV-1, R-GD-9): an officer
        of the case's agency and area (``purpose="case"``), or the civil-affairs office,
        town, village committee or police of the child's area (``purpose="child"``). The
        media type must be one evidence may have, and the content must fit it
        (``domain.records.media``), audio-video at least ``min_av_bytes`` long (R-AV-2). The first
        upload of some bytes for a purpose appends ``evidence.Registered`` to that purpose's
        stream (``Evidence.create_id``: a child's uploads never share a stream with a
        case's, so no court bundle carries them); another uploader or subject appends
        ``evidence.UploadRecorded``. A blob this upload created is removed again if nothing
        registers it.
        """
        bare = check_media_type(media_type)
        upload = self._upload_for(by, purpose, subject_id)
        check_allowed(bare, media_type_charset(media_type))
        staged = await self.blobs.stage(_checked_content(chunks, bare, self.settings.min_av_bytes))
        try:
            return await asyncio.to_thread(self._place_and_record, staged, bare, upload)
        finally:
            self.blobs.discard(staged)

    def _upload_for(self, by: Principal, purpose: str, subject_id: UUID | str) -> Upload:
        """The upload's purpose, once the uploader is found to act for its subject."""
        Evidence.check_purpose(purpose)
        try:
            stream = subject_id if isinstance(subject_id, UUID) else UUID(str(subject_id))
        except ValueError:
            raise InvalidInput(f"{purpose}_id is not a UUID") from None
        if purpose == "case":
            require_role(by, Role.OFFICER)
            case = self.store.load(EnforcementCase, stream)
            if by is not OPERATOR and not (
                by.agency == case.agency and covers(by.jurisdiction, case.jurisdiction)
            ):
                raise WrongAgency("the case belongs to another agency or area")
            check_takes_evidence(case)
            require_certificate_in_force(self.store, by, today())
            return Upload(by.actor_id, purpose, str(stream), case.agency, case.jurisdiction)
        require_role(by, *CHILD_DOCUMENT_ROLES)
        # A child outside the caller's area answers as one that does not exist (F2 class):
        # the answer does not tell whether a child id exists elsewhere.
        child = (
            self.store.load(ChildRecord, stream)
            if by is OPERATOR
            else self.children.child_in_area(by, stream)
        )
        area = str(child.location["village"])
        return Upload(by.actor_id, purpose, str(stream), by.agency, area)

    def _place_and_record(
        self, staged: StoredBlob, media_type: str, upload: Upload
    ) -> tuple[Evidence, list[Appended]]:
        """Move the staged blob under its hash and record the upload, under the blob's lock.

        Nothing else places, registers or removes this hash meanwhile, so a blob this
        upload created and could not register is removed, and a registered one never is.
        """
        with self.blobs.locked(staged.sha256):
            created = self.blobs.place(staged)
            try:
                return self._record_upload(staged, media_type, upload)
            except BaseException:
                if created:
                    self._remove_unregistered(staged.sha256)
                raise

    def _record_upload(
        self, blob: StoredBlob, media_type: str, upload: Upload
    ) -> tuple[Evidence, list[Appended]]:
        stream = Evidence.create_id(blob.sha256, upload.purpose)
        if not self.store.exists(stream):
            evidence = Evidence.register(upload.actor, blob.sha256, blob.size, media_type, upload)
            try:
                return evidence, self.store.append(evidence)
            except ChainConflict:  # registered meanwhile by a process without the lock
                pass
        recorded: list[Evidence] = []

        def action(evidence: Evidence) -> None:
            recorded[:] = [evidence]
            evidence.record_upload(upload, media_type)

        events = self.store.command(Evidence, stream, action)
        return recorded[0], events

    def _remove_unregistered(self, sha256: str) -> None:
        """Remove a blob whose registration failed, unless something registered it."""
        try:
            registered = any(
                self.store.exists(Evidence.create_id(sha256, purpose)) for purpose in PURPOSES
            )
        except Exception:  # cannot tell: keeping an unregistered blob is the safe side
            log.warning("kept blob %s: could not tell whether it is registered", sha256)
            return
        if not registered:
            with contextlib.suppress(OSError):
                self.blobs.remove(sha256)


async def _checked_content(
    chunks: AsyncIterator[bytes], media_type: str, min_av_bytes: int
) -> AsyncIterator[bytes]:
    """``chunks`` passed on while the content is checked against ``media_type``.

    Each chunk is checked before it is passed on (``domain.records.media.ContentCheck``), so a
    mislabelled upload stops as soon as it shows; what needs the whole content (JSON, the
    end of a UTF-8 text) is checked at its end, before anything is registered. Audio-video
    shorter than ``min_av_bytes`` is refused at its end (R-AV-2: a one-byte "video" records
    nothing).
    """
    check = ContentCheck(media_type)
    async for chunk in chunks:
        check.feed(chunk)
        yield chunk
    check.finish()
    size = check.size
    if is_audio_video(media_type) and size < min_av_bytes:
        raise EvidenceTooSmall(
            f"a {media_type} recording of {size} bytes is shorter than the minimum of "
            f"{min_av_bytes} bytes (JIANZHENG_MIN_AV_BYTES)"
        )
