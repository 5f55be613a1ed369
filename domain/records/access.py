"""Access records: reads of a case history or a child's file by courts and oversight.

DESIGN §5 and R-CH-4 / R-AC-3: such reads are themselves recorded as chained events,
with who read, what, and why, in an access stream per subject (so recording a read
never contends with writes to the subject's own stream).
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.records.aggregate import ChainedAggregate

ACCESS_NAMESPACE = UUID("9a4e2d1b-7c3f-4e8a-b5d6-0f1e2a3b4c5d")


class AccessLog(ChainedAggregate):
    """The access stream of one subject (a case, a child's file)."""

    STREAM_KIND = "access"

    @event("Opened")
    def __init__(self, actor: str, subject_kind: str, subject_id: str) -> None:
        self.subject_kind = subject_kind
        self.subject_id = subject_id
        self.reads: list[dict[str, str]] = []
        self.exports: list[dict[str, str]] = []
        self.heads: dict[str, Any] | None = None

    @staticmethod
    def create_id(subject_kind: str, subject_id: str) -> UUID:
        """Stream id derived from the subject."""
        return uuid.uuid5(ACCESS_NAMESPACE, f"{subject_kind}:{subject_id}")

    @event("Read")
    def record_read(self, actor: str, role: str, what: str, reason: str) -> None:
        """Record one read: who (the envelope's actor), in which role, what, and why."""
        self.reads.append({"actor": actor, "role": role, "what": what, "reason": reason})

    @event("BundleExported")
    def record_export(self, actor: str, role: str, reason: str, sha256: str, size: int) -> None:
        """Record a court bundle handed over: who asked, why, and the hash of exactly what."""
        self.exports.append({"actor": actor, "role": role, "reason": reason, "sha256": sha256})

    @event("BundleHeadsRecorded")
    def record_heads(
        self,
        actor: str,
        role: str,
        reason: str,
        subject_kind: str,
        subject_id: str,
        streams: list[dict[str, Any]],
    ) -> None:
        """Record, before a children's bundle is made, where each of its streams ends.

        ``streams`` is ``[{"stream", "seq", "event_hash"}]``: the head of each stream as the
        log vouches for it at this moment. The bundle carries this event, so an offline
        verifier sees a dropped last event (docs/spec.md §7.7, R-GD-8, R-RP-3).
        """
        self.heads = {"subject_kind": subject_kind, "subject_id": subject_id,
                      "streams": [dict(s) for s in streams]}  # fmt: skip
