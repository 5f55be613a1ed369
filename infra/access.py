"""Access records: reads by courts and oversight bodies, and bundles handed over (R-CH-4,
R-AV-5), each appended to the subject's own access stream (``domain.records.access``)."""

from __future__ import annotations

from collections.abc import Callable

from domain.proof.chain import SYSTEM_ACTOR
from domain.records.access import AccessLog
from domain.records.errors import ChainConflict, NotFound
from infra.principal import Principal
from infra.store import Appended, EventStore


class AccessRecords:
    """Appends to the access streams of cases and children."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def record_export(
        self,
        by: Principal,
        subject_kind: str,
        subject_id: str,
        role: str,
        reason: str,
        sha256: str,
        size: int,
    ) -> list[Appended]:
        """Record a bundle handed over, with the SHA-256 of exactly its bytes."""  # fmt: skip
        return self._access(
            subject_kind, subject_id,
            lambda log: log.record_export(
                actor=by.actor_id, role=role, reason=reason, sha256=sha256, size=size
            ),
        )  # fmt: skip

    def record_read(
        self, by: Principal, subject_kind: str, subject_id: str, role: str, what: str, reason: str
    ) -> list[Appended]:
        """Record a read by a court or oversight actor in the subject's access stream."""
        return self._access(
            subject_kind, subject_id,
            lambda log: log.record_read(actor=by.actor_id, role=role, what=what, reason=reason),
        )  # fmt: skip

    def _access(
        self, subject_kind: str, subject_id: str, action: Callable[[AccessLog], None]
    ) -> list[Appended]:
        stream = AccessLog.create_id(subject_kind, subject_id)
        for _ in range(5):
            try:
                log = self.store.load(AccessLog, stream)
            except NotFound:
                log = AccessLog(
                    actor=SYSTEM_ACTOR, subject_kind=subject_kind, subject_id=subject_id
                )
            action(log)
            try:
                return self.store.append(log)
            except ChainConflict:
                continue
        raise ChainConflict("could not record the access after five attempts; retry")
