"""A court's bundle of a child's histories (R-GD-8, R-RP-3; docs/spec.md §7.7, docs/courts.md).

A court seized of a guardianship petition about a child (revocation or restoration, R-GD-8)
takes away one offline bundle, of the same format and with the same proofs as a case
bundle, holding:

* the child's own stream (``subject``): registration, guardianship history, assessments,
  visits, rulings applied — every event from ``seq`` 1;
* every mandatory report about the child (``report``), with the event that names the
  reporter **withheld** (R-RP-3 keeps the reporter from everyone but the police): a filing
  commits to the reporter and the filing account by a salted hash, and ``ReporterSealed``
  after it holds the opening; a filing stored before that names the reporter in clear and is
  withheld itself. A withheld event comes with its hash, leaf and inclusion proof only; the
  next event (whose ``prev`` commits to that hash) or the stream's head pins it;
* every petition about the child (``petition``), with its ruling;
* every detention of a parent of the child (``detention``, R-GD-7): the measure, whether the
  child needed care and the care arranged (the receiver and the written hand-over) — the
  police's record that the temporary care on the child's file rests on; nothing in it names a
  reporter, so nothing is withheld;
* the **heads** stream (``heads``): an ``access.BundleHeadsRecorded`` event, appended to the
  log before the bundle is made, listing each stream's last ``seq`` and ``event_hash`` as the
  log vouches for them (ADR 0004), its ``kind`` and ``role``, and exactly which of its events
  are withheld and why. The verifier checks every stream ends exactly there, carries those
  labels, and withholds those events and no others. Asked again with those heads
  (:func:`reissue_child`), the service gives the same bundle proved against a later, witnessed
  checkpoint.

Who may export (R-GD-8, R-AC-3): a court, for a child with a petition filed while the
child lived in the court's area (the child's village as recorded in its stream at the
petition's filing time) — decided from the recorded events, not from anything the caller
says. The export is recorded as ``access.BundleExported`` in the child's access stream with
who asked, why, and the SHA-256 and length of exactly the bytes handed over.

Actors' streams are not included: they hold names and agencies, and the reporter's would
name the reporting unit.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.proof.bundle import BUNDLE_FORMAT, HEADS_TYPE
from domain.proof.chain import SPEC_VERSION, SYSTEM_ACTOR, Envelope
from domain.records.access import AccessLog
from domain.records.actors import Role
from domain.records.children import ChildRecord
from domain.records.errors import InvalidInput, NotFound, PermissionDenied
from domain.records.jurisdiction import covers
from domain.records.text import visible
from infra.bundle import prove, serialise, stream_entry
from infra.principal import Principal

if TYPE_CHECKING:
    from infra.application import Jianzheng

SUBJECT_KIND = "child"
HEADS_SUBJECT_KIND = "child_bundle"
"""The access stream of one children's bundle: its ``Opened`` and its heads."""

REPORTER_IDENTITY = "reporter-identity (R-RP-3)"

WITHHELD_ALWAYS = frozenset({"reports.ReporterSealed"})
"""Event types whose bytes never enter a children's bundle: the opening of a filing's
commitment names the reporter and, as ``actor``, the reporting unit's account (R-RP-3)."""

WITHHELD_IN_CLEAR = frozenset({"reports.ReportFiled"})
"""Event types withheld when they name the reporter in clear: filings stored before filings
committed to the reporter (``data.reporter`` without a ``commitment``, docs/spec.md §7.8)."""


def withheld(envelope: Envelope) -> str | None:
    """Why ``envelope``'s bytes stay out of a children's bundle, or None to give them."""
    if envelope.type in WITHHELD_ALWAYS:
        return REPORTER_IDENTITY
    if envelope.type in WITHHELD_IN_CLEAR and "commitment" not in envelope.data["reporter"]:
        return REPORTER_IDENTITY
    return None


def withholding(kind: str) -> Callable[[Envelope], str | None] | None:
    """What decides the withheld events of a stream of ``kind``: only reports name a reporter."""
    return withheld if kind == "reports" else None


def head(stream: UUID, events: list[Any], kind: str, role: str) -> dict[str, Any]:
    """One member of the heads event's ``streams`` (docs/spec.md §7.7): where the stream ends,
    its labels, and exactly which of its events the bundle withholds and why (R-RP-3), so the
    verifier accepts a withheld marker or a label only where the logged heads state it."""
    rule = withholding(kind)
    left_out = [] if rule is None else [
        {"seq": e.envelope.seq, "why": why} for e in events if (why := rule(e.envelope))
    ]  # fmt: skip
    return {"stream": str(stream), "seq": len(events), "event_hash": events[-1].hash,
            "kind": kind, "role": role, "withheld": left_out}  # fmt: skip


LOCATION_EVENTS = ("children.Registered", "children.LocationChanged")
"""Child events whose ``data.location.village`` says where the child lives from then on."""

REPORT_CHILD_EVENTS = ("reports.ReportFiled", "reports.ChildLinked")
"""Report events whose ``data.child_id`` makes the report one about that child."""

PETITION_FILED = "petitions.PetitionFiled"

DETENTION_CHILD_EVENTS = ("detentions.ParentDetained",)
"""Detention events whose ``data.child_id`` makes the detention one of that child's parent."""

OUTSIDE = "this child's file is outside the caller's authority"
"""The refusal of a court not seized of a petition about the child: the same words as a
read of the file (``infra/children.py``), so the answer tells nothing more."""


def _streams_naming(jz: Jianzheng, child_id: str, topics: tuple[str, ...]) -> list[Envelope]:
    """The stored events of ``topics`` whose ``data.child_id`` is the child, in commit order."""
    found = []
    for row in jz.store.rows(topics=topics):
        envelope = jz.store.envelope(row)
        if envelope.data.get("child_id") == child_id:
            found.append(envelope)
    return found


def village_at(history: list[Any], moment: str) -> str | None:
    """The child's village recorded last at or before ``moment`` (an envelope ``at``)."""
    village = None
    for event in history:
        envelope = event.envelope
        if envelope.at > moment:
            break
        if envelope.type in LOCATION_EVENTS:
            village = str(envelope.data["location"]["village"])
    return village


def petitions_before(
    jz: Jianzheng, by: Principal, child_id: UUID, history: list[Any]
) -> list[UUID]:
    """The petitions about the child filed while it lived in the court's area (R-GD-8).

    Refuses a caller who is not a court, and a court with none of them (403, the same words
    as a refused read of the file).
    """
    if not by.has(Role.COURT):
        raise PermissionDenied("a child's bundle is for the court seized of a petition about it")
    seized = []
    for filed in _streams_naming(jz, str(child_id), (PETITION_FILED,)):
        village = village_at(history, filed.at)
        if village is not None and covers(by.jurisdiction, village):
            seized.append(UUID(filed.stream))
    if not seized:
        raise PermissionDenied(OUTSIDE)
    return seized


def export_child(jz: Jianzheng, by: Principal, child_id: UUID, reason: str | None) -> bytes:
    """Build a court's bundle of the child's histories, record the export, return its bytes.

    Refused, with nothing appended: an id that names no child's file (404), a caller not
    seized of a petition about the child (403), a missing or blank ``reason`` (422).
    """
    history, given = _seized(jz, by, child_id, reason)
    reason = given
    reports = sorted({e.stream for e in _streams_naming(jz, str(child_id), REPORT_CHILD_EVENTS)})
    petitions = sorted({e.stream for e in _streams_naming(jz, str(child_id), (PETITION_FILED,))})
    detentions = sorted(
        {e.stream for e in _streams_naming(jz, str(child_id), DETENTION_CHILD_EVENTS)}
    )
    # The histories are read once: the heads recorded and the bundle's events are the same.
    parts: list[tuple[UUID, list[Any], str, str]] = [(child_id, history, "children", "subject")]
    parts += [(UUID(r), jz.store.history(UUID(r)), "reports", "report") for r in reports]
    parts += [(UUID(p), jz.store.history(UUID(p)), "petitions", "petition") for p in petitions]
    parts += [(UUID(d), jz.store.history(UUID(d)), "detentions", "detention") for d in detentions]
    heads = AccessLog(
        actor=SYSTEM_ACTOR, subject_kind=HEADS_SUBJECT_KIND, subject_id=str(uuid.uuid4())
    )
    heads.record_heads(
        actor=by.actor_id,
        role=Role.COURT.value,
        reason=reason,
        subject_kind=SUBJECT_KIND,
        subject_id=str(child_id),
        streams=[head(stream, events, kind, role) for stream, events, kind, role in parts],
    )
    jz.store.append(heads)
    streams = [
        stream_entry(jz, stream, events, kind, role, withholding(kind))
        for stream, events, kind, role in parts
    ]
    return _bundle(jz, by, child_id, reason, heads.id, streams)


def _seized(
    jz: Jianzheng, by: Principal, child_id: UUID, reason: str | None
) -> tuple[list[Any], str]:
    """The child's history and the reason given, for a court seized of a petition about the
    child (R-GD-8); else 404 (no such file), 403 (not seized), 422 (no reason)."""
    jz.store.load(ChildRecord, child_id)
    history = jz.store.history(child_id)
    petitions_before(jz, by, child_id, history)
    given = visible(reason)
    if given is None:
        raise InvalidInput(
            "a child's bundle needs a reason (?reason=…, e.g. the case number); it is recorded",
            field="reason",
        )
    return history, given


def reissue_child(
    jz: Jianzheng, by: Principal, child_id: UUID, reason: str | None, heads_id: UUID
) -> bytes:
    """The bundle of an earlier export again, proved against the newest checkpoint that covers
    it — a witnessed one once a witness has cosigned it (docs/courts.md, spec §7.4, §7.7).

    The events are those the heads event ``heads_id`` lists, each stream up to its head, with
    the labels and withheld events the heads state; no new heads event is appended, so a
    checkpoint a witness cosigned after the first export covers every leaf. The export is
    recorded like the first (``access.BundleExported``). Refused as :func:`export_child` is,
    and 404 when ``heads_id`` names no heads event of this child.
    """
    _, reason = _seized(jz, by, child_id, reason)
    unknown = "no bundle of this child was made with these heads (?heads=…)"
    try:
        recorded = jz.store.history(heads_id)
    except NotFound:
        raise NotFound(unknown) from None
    last = recorded[-1].envelope
    if last.type != HEADS_TYPE or (last.data["subject_kind"], last.data["subject_id"]) != (
        SUBJECT_KIND,
        str(child_id),
    ):
        raise NotFound(unknown)
    streams = []
    for listed in last.data["streams"]:
        if not {"kind", "role", "withheld"} <= set(listed):
            raise InvalidInput(
                "these heads were recorded before heads stated each stream's labels and "
                "withheld events; ask for a new bundle (without ?heads=)",
                field="heads",
            )
        events = jz.store.history(UUID(listed["stream"]))[: listed["seq"]]
        streams.append(stream_entry(
            jz, UUID(listed["stream"]), events, listed["kind"], listed["role"],
            _as_stated(listed["withheld"]),
        ))  # fmt: skip
    return _bundle(jz, by, child_id, reason, heads_id, streams)


def _as_stated(withheld: list[dict[str, Any]]) -> Callable[[Envelope], str | None]:
    """The withheld events a head states (``[{"seq", "why"}]``), as a rule for
    :func:`stream_entry`: the bundle again withholds exactly those, with those words."""
    stated = {int(w["seq"]): str(w["why"]) for w in withheld}

    def rule(envelope: Envelope) -> str | None:
        return stated.get(envelope.seq)

    return rule


def _bundle(
    jz: Jianzheng,
    by: Principal,
    child_id: UUID,
    reason: str,
    heads_id: UUID,
    streams: list[dict[str, Any]],
) -> bytes:
    """Add the heads stream and the proofs, record the export, and return the bytes (§7.7)."""
    heads_events = jz.store.history(heads_id)
    streams.append(stream_entry(jz, heads_id, heads_events, "access", "heads"))
    checkpoint = prove(jz, streams)
    bundle = {
        "format": BUNDLE_FORMAT,
        "spec": SPEC_VERSION,
        "origin": jz.settings.log_origin,
        "log_keys": list(jz.log.published),
        "checkpoint": jz.log.served_checkpoint(checkpoint.size),
        "subject": {"kind": SUBJECT_KIND, "id": str(child_id)},
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "heads": {"stream": str(heads_id), "seq": len(heads_events)},
        "streams": streams,
    }
    data = serialise(bundle)
    jz.record_export(
        by, SUBJECT_KIND, str(child_id), Role.COURT.value, reason,
        hashlib.sha256(data).hexdigest(), len(data),
    )  # fmt: skip
    return data
