"""Court bundles (DESIGN §4): a case's events and linked streams with inclusion proofs.

Linked streams: the catalogue (the version each draft was judged by), every actor who
acted on the case or was assigned to it, and every evidence registration a step cites.
Each export is recorded in the case's access stream with who asked, why, and the
SHA-256 of exactly the bytes handed over.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.proof.bundle import BUNDLE_FORMAT
from domain.proof.chain import SPEC_VERSION, SYSTEM_ACTOR, Envelope
from domain.records.actors import Actor
from domain.records.catalogue import CATALOGUE_STREAM
from domain.records.enforcement import EnforcementCase
from domain.records.errors import InvalidInput
from domain.records.evidence import Evidence
from domain.records.text import visible
from infra import clock
from infra.log import StoredCheckpoint
from infra.principal import Principal

if TYPE_CHECKING:
    from infra.application import Jianzheng


def _stream(jz: Jianzheng, stream: UUID, kind: str, role: str) -> dict[str, Any]:
    return stream_entry(jz, stream, jz.store.history(stream), kind, role)


def stream_entry(
    jz: Jianzheng,
    stream: UUID,
    events: list[Any],
    kind: str,
    role: str,
    withheld: Callable[[Envelope], str | None] | None = None,
) -> dict[str, Any]:
    """A bundle's ``streams`` member for ``events`` (docs/spec.md §7.1).

    An event for which ``withheld`` gives a reason goes without its bytes: only its hash,
    leaf and (later) proof, with that reason (§7.7: the reporter's identity, R-RP-3).
    """
    items = []
    for event in events:
        why = withheld(event.envelope) if withheld is not None else None
        if why is not None:
            item: dict[str, Any] = {"withheld": why}
        else:
            item = {"canonical": base64.b64encode(event.canonical_bytes).decode()}
        item["event_hash"] = event.hash
        item["leaf_index"] = jz.log.leaf_index(event.hash)
        items.append(item)
    return {"stream": str(stream), "kind": kind, "role": role, "events": items}


def prove(jz: Jianzheng, streams: list[dict[str, Any]]) -> StoredCheckpoint:
    """Pick the checkpoint for ``streams`` (§7.4) and add every event's inclusion proof."""
    checkpoint = _checkpoint_covering(
        jz, max(e["leaf_index"] for s in streams for e in s["events"])
    )
    for stream in streams:
        for event in stream["events"]:
            proof = jz.log.inclusion_proof(event["leaf_index"], checkpoint.size)
            event["inclusion_proof"] = [h.hex() for h in proof]
    return checkpoint


def serialise(bundle: dict[str, Any]) -> bytes:
    """The bundle's bytes as handed over (§7.1: indent 1, non-ASCII unescaped)."""
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")


def _checkpoint_covering(jz: Jianzheng, leaf: int) -> StoredCheckpoint:
    """The newest cosigned checkpoint that covers ``leaf``, else a freshly signed one.

    A court that trusts an oversight body's key relies on its cosignature, so a cosigned
    checkpoint is preferred whenever it already includes every event of the bundle.
    """
    for checkpoint in reversed(jz.log.checkpoints()):
        if checkpoint.size <= leaf:
            break
        if jz.log.cosignatures(checkpoint.size):
            return checkpoint
    return jz.log.sign_checkpoint()


def build_case_bundle(jz: Jianzheng, case_id: UUID) -> bytes:
    """The bundle of a case as it stands, its exact bytes (nothing is recorded here)."""
    case = jz.store.load(EnforcementCase, case_id)
    streams = [_stream(jz, case_id, "enforcement", "subject"),
               _stream(jz, CATALOGUE_STREAM, "catalogue", "catalogue")]  # fmt: skip
    # The agencies' own catalogues that judged a draft or a decision of the case (R-LR-10).
    judged_by = {d.catalogue_stream for d in case.drafts.values() if d.catalogue_stream}
    gate = (case.decision or {}).get("gate") or {}
    if gate.get("catalogue_stream") not in (None, str(CATALOGUE_STREAM)):
        judged_by.add(str(gate["catalogue_stream"]))
    for judged in sorted(judged_by):
        streams.append(_stream(jz, UUID(judged), "agency_catalogue", "catalogue"))
    actors = {e.actor for e in jz.store.history(case_id)}
    actors |= set(case.officers)
    # The heads who took part in a collective discussion (R-EN-7): their records show them heads.
    actors |= {p for d in case.discussions for p in d.participants}
    for actor_id in sorted(a for a in actors if a != SYSTEM_ACTOR):
        jz.store.load(Actor, UUID(actor_id))
        streams.append(_stream(jz, UUID(actor_id), "actors", "actor"))
    cited = {ev["sha256"] for step in case.steps for ev in step["evidence"]}
    cited |= {d.minutes_sha256 for d in case.discussions}  # the minutes (R-EN-7)
    for sha in sorted(cited):
        streams.append(_stream(jz, Evidence.create_id(sha), "evidence", "evidence"))
    checkpoint = prove(jz, streams)
    bundle = {
        "format": BUNDLE_FORMAT,
        "spec": SPEC_VERSION,
        "origin": jz.settings.log_origin,
        "log_keys": list(jz.log.published),
        "checkpoint": jz.log.served_checkpoint(checkpoint.size),
        "subject": {"kind": "case", "id": str(case_id)},
        "exported_at": clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "streams": streams,
    }
    return serialise(bundle)


def export_case_as_read(jz: Jianzheng, by: Principal, case_id: UUID, reason: str | None) -> bytes:
    """``GET /v1/cases/{id}/bundle``: the bundle for a caller who may read the case
    (``CaseService.readable``, the export being the record), given a reason (recorded)."""
    jz.cases.readable(by, case_id, "bundle", reason, record=False)
    given = visible(reason)
    if given is None:
        raise InvalidInput("a bundle export needs a reason (?reason=…); it is recorded")
    role = sorted(r.value for r in by.roles)[0] if by.roles else "operator"
    return export_case(jz, by, case_id, given, role)


def export_case(jz: Jianzheng, by: Principal, case_id: UUID, reason: str, role: str) -> bytes:
    """Build the bundle for a case, record the export, and return the exact bytes."""
    data = build_case_bundle(jz, case_id)
    jz.record_export(
        by, "case", str(case_id), role, reason, hashlib.sha256(data).hexdigest(), len(data)
    )
    return data
