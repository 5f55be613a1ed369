"""A case's or a child's history as people read it: one entry per recorded event.

Each :class:`TimelineEntry` says, in Chinese, what happened (:mod:`api.web.event_labels`),
who did it — their name and the role they acted in, never a bare id where a name is on record
(:class:`~api.web.directory.Directory`) —, when it was recorded in Beijing time
(``2026-12-07 14:03``), and, where the event claims a time of its own (a step's
``occurred_at``, a decision's ``decided_on``), that time beside it with a **late** flag when
it was entered after the fact (R-EN-2, :func:`domain.records.children.dates.
entered_after_the_fact`: the domain's check, not a threshold of this module). It lists the
evidence the event cites (media type, size, SHA-256 and where to fetch it) and, for those who
verify, the event's hash, its stream and ``seq`` and its position in the transparency log.

Reading goes through the API's own read paths, so authorization and the record of a read
by another department are the API's (R-CH-4, R-AC-3): :func:`read_case_timeline` through
``CaseService.readable``, :func:`read_child_timeline` through ``ChildService.read_child``,
whose answer is the only source of a child's personal fields here. :func:`case_timeline`
and :func:`bundle_timeline` are for callers that have already read the case that way (the
screens, the dossier).

A case's timeline covers the streams its court bundle carries that tell its story (DESIGN
§4): the case's own events and the evidence uploads made for it; actors' and catalogues'
streams, which the bundle carries to prove who held which role and which catalogue judged a
draft, are not events of the case.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from api.web.directory import Directory, EvidenceItem, Person, beijing, parse_claimed, shown_claimed
from api.web.event_details import details, evidence
from api.web.event_labels import EventLabel, label_of
from domain.proof.chain import Envelope, decode_envelope
from domain.records.children.dates import entered_after_the_fact
from domain.records.enforcement import EnforcementCase
from domain.records.evidence import Evidence

if TYPE_CHECKING:
    from infra.application import Jianzheng
    from infra.principal import Principal

CASE_STREAM_KINDS = ("enforcement", "evidence")
"""The kinds of a case bundle's streams whose events a case's timeline shows."""


@dataclass(frozen=True)
class Claimed:
    """The time an event says its fact happened, beside its recording (R-EN-2)."""

    label: str
    """What it is called (发生时间, 决定日期 …)."""
    shown: str
    """The date as written, or the time in Beijing time."""
    late: bool
    """Entered after the fact (:func:`~domain.records.children.dates.entered_after_the_fact`)."""


@dataclass(frozen=True)
class TimelineEntry:
    """One recorded event, for people."""

    label: str
    """What happened, in Chinese."""
    actor: Person
    recorded_at: str
    """When it was recorded, Beijing time (``2026-12-07 14:03``)."""
    at: str
    """The envelope's ``at`` as stored (UTC, RFC 3339), for those who verify."""
    claimed: Claimed | None
    details: tuple[str, ...]
    evidence: tuple[EvidenceItem, ...]
    event_type: str
    stream: str
    stream_kind: str
    seq: int
    position: int | None
    """The event's leaf index in the transparency log."""
    event_hash: str

    @property
    def late(self) -> bool:
        """Whether the event was entered after the fact it claims (R-EN-2)."""
        return self.claimed is not None and self.claimed.late


@dataclass(frozen=True)
class Recorded:
    """An event as stored: its envelope (with its hash) and its leaf in the log."""

    envelope: Envelope
    position: int | None


def _claimed_value(row: EventLabel, data: Mapping[str, Any]) -> str | None:
    value: Any = data
    for name in row.claimed:
        value = value.get(name) if isinstance(value, Mapping) else None
    return value if isinstance(value, str) and value else None


def claimed_of(envelope: Envelope) -> Claimed | None:
    """The event's claimed date or time, late-flagged by the domain's R-EN-2 check."""
    row = label_of(envelope.type)
    value = _claimed_value(row, envelope.data) if row.claimed else None
    if value is None:
        return None
    try:
        moment: date | datetime = parse_claimed(value)
    except ValueError:
        return Claimed(row.claimed_label, value, False)  # as written: no time to compare
    return Claimed(row.claimed_label, shown_claimed(moment),
                   entered_after_the_fact(moment, envelope.moment))  # fmt: skip


def entry(
    recorded: Recorded,
    directory: Directory,
    *,
    officers: frozenset[str] = frozenset(),
    document: Mapping[str, Any] | None = None,
) -> TimelineEntry:
    """The entry for one event. ``officers`` are the case's (they act as its officers);
    ``document`` is a child's file as the API answered the caller (its personal fields)."""
    envelope = recorded.envelope
    row = label_of(envelope.type)
    stated = envelope.data.get("recorded_role") or envelope.data.get("role")
    actor = directory.person(
        envelope.actor, row.roles,
        recorded_role=stated if isinstance(stated, str) else None, officers=officers,
    )  # fmt: skip
    return TimelineEntry(
        label=row.label,
        actor=actor,
        recorded_at=beijing(envelope.moment),
        at=envelope.at,
        claimed=claimed_of(envelope),
        details=tuple(details(envelope, directory, document)),
        evidence=tuple(evidence(envelope, directory)),
        event_type=envelope.type,
        stream=envelope.stream,
        stream_kind=envelope.type.split(".", 1)[0],
        seq=envelope.seq,
        position=recorded.position,
        event_hash=envelope.event_hash,
    )


def timeline(
    events: Iterable[Recorded],
    directory: Directory,
    *,
    officers: frozenset[str] = frozenset(),
    document: Mapping[str, Any] | None = None,
) -> list[TimelineEntry]:
    """Entries in the order the log holds them (then by stream and ``seq``)."""
    entries = [entry(r, directory, officers=officers, document=document) for r in events]
    entries.sort(key=lambda e: (e.position is None, e.position or 0, e.stream, e.seq))
    return entries


def _for_this_case(envelope: Envelope, case_id: str) -> bool:
    """An evidence stream's event about an upload for this case (not another case's)."""
    data = envelope.data
    return data.get("purpose") == "case" and str(data.get("subject_id")) == case_id


def _stored(jz: Jianzheng, stream: UUID) -> list[Recorded]:
    events = jz.store.history(stream)
    positions = jz.log.leaf_indexes_of(stream, [e.originator_version for e in events])
    # The store checked each row's bytes against its stored hash when it read them; the
    # canonical-form check of ``strict`` decoding is ``jianzheng verify --deep``'s.
    envelopes = [decode_envelope(e.canonical_bytes, strict=False) for e in events]
    return [Recorded(env, positions.get(env.seq)) for env in envelopes]


def case_records(jz: Jianzheng, case: EnforcementCase) -> list[Recorded]:
    """The case's events and its evidence uploads, as stored, with their leaves."""
    case_id = str(case.id)
    records = _stored(jz, case.id)
    cited = {str(e["sha256"]) for step in case.steps for e in step["evidence"]}
    cited |= {d.minutes_sha256 for d in case.discussions}
    for sha in sorted(cited):
        records += [
            r for r in _stored(jz, Evidence.create_id(sha)) if _for_this_case(r.envelope, case_id)
        ]
    return records


def case_timeline(
    jz: Jianzheng, case: EnforcementCase, directory: Directory | None = None
) -> list[TimelineEntry]:
    """The timeline of a case the caller has already read (``CaseService.readable``)."""
    return timeline(
        case_records(jz, case), directory or Directory(jz.store), officers=frozenset(case.officers)
    )


def read_case_timeline(
    jz: Jianzheng, by: Principal, case_id: UUID, reason: str | None
) -> tuple[EnforcementCase, list[TimelineEntry]]:
    """Read a case as ``GET /v1/cases/{id}`` does (same authorization; a court's or
    oversight's read needs ``reason`` and is recorded, what ``timeline``), and its timeline."""
    case = jz.cases.readable(by, case_id, "timeline", reason)
    return case, case_timeline(jz, case)


def bundle_records(bundle: Mapping[str, Any]) -> list[Recorded]:
    """The events of a case bundle's streams that tell the case's story, decoded from the
    exact bytes the bundle carries, with the leaves it names (docs/spec.md §7)."""
    case_id = str(bundle["subject"]["id"])
    records = []
    for stream in bundle["streams"]:
        if stream["kind"] not in CASE_STREAM_KINDS:
            continue
        for event in stream["events"]:
            envelope = decode_envelope(base64.b64decode(event["canonical"]))
            if stream["kind"] == "evidence" and not _for_this_case(envelope, case_id):
                continue
            records.append(Recorded(envelope, int(event["leaf_index"])))
    return records


def bundle_timeline(
    bundle: Mapping[str, Any], directory: Directory, officers: frozenset[str]
) -> list[TimelineEntry]:
    """The timeline of exactly the events a case bundle carries (the dossier prints it, so
    that what it shows is what the bundle proves)."""
    return timeline(bundle_records(bundle), directory, officers=officers)


def read_child_timeline(
    jz: Jianzheng, by: Principal, child_id: UUID, reason: str | None
) -> tuple[dict[str, Any], list[TimelineEntry]]:
    """Read a child's file as ``GET /v1/children/{id}`` does — the same authorization, the
    read of another department recorded with its ``reason`` (R-CH-4, R-AC-3) — and its
    timeline, whose personal fields come only from that answer."""
    document = jz.children.read_child(by, child_id, reason)
    return document, timeline(_stored(jz, child_id), Directory(jz.store), document=document)
