"""Offline verification of a court bundle (DESIGN §4): no network, no database.

A bundle is one JSON document::

    {"format": "jianzheng-bundle/v1", "spec": "jianzheng/v1", "origin": …,
     "log_keys": [vkey…], "checkpoint": "<signed note with cosignatures>",
     "subject": {"kind": "case", "id": …}, "exported_at": …,
     "streams": [{"stream": …, "kind": …, "role": …,
                  "events": [{"canonical": base64, "event_hash": hex,
                              "leaf_index": int, "inclusion_proof": [hex…]}]}]}

:func:`verify_bundle` checks, in order: the checkpoint's signature by the log key (the
one given by the verifier, else — said plainly in the result — the bundle's own), the
cosignature of every witness key given; then for every stream, every event: its bytes
are a well-formed canonical envelope, hash to ``event_hash``, belong to the stream, run
from ``seq`` 1 without gaps, and link by ``prev``; and every event's leaf is included
in the checkpoint's tree (RFC 9162 inclusion proof). Every failure is reported with
the stream, ``seq`` and the step that failed.

A children's bundle (``subject.kind`` ``child``, docs/spec.md §7.7) adds two things. An
event may be **withheld** (its bytes left out to protect a reporter, R-RP-3): only its
``event_hash`` and inclusion proof are given, and the event after it (whose ``prev``
commits to that hash) or the stream's head pins it to its place. And the bundle names a
**heads** event, recorded in the log before the bundle was made, listing every stream's
last ``seq`` and ``event_hash``: each stream must end exactly there (no event dropped, no
tail cut) and no stream may be missing. The heads also say, for each stream, its ``kind``
and ``role`` and exactly which of its events are withheld and why: a withheld marker, or a
label, that the logged heads do not state is a failure (docs/spec.md §8.1 step 7). Outside
a bundle with heads nothing may be withheld. Every event given whole must be of its stream's
``kind`` (the part of its ``type`` before the dot).

The subject is a ``case`` (its stream of kind ``enforcement``) or a ``child`` (``children``),
nothing else (§8.1 step 6), and a bundle without heads holds only the kinds of a case bundle
(§8.1 step 7.5): a child's bundle with its heads deleted, relabelled ``case`` and trimmed to
the child's file is refused, although every signature and proof left in it is genuine. An
event has exactly one of ``canonical`` and ``withheld`` (§7.1), and ``heads.seq``, like
``leaf_index``, is a JSON integer (``2.0`` is refused).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from domain.proof import merkle
from domain.proof.chain import GENESIS_PREV, EnvelopeError, decode_envelope
from domain.proof.checkpoint import NoteError, WitnessKey, verify_checkpoint
from domain.proof.note import KeyFormatError, VerifierKey, parse_vkey

BUNDLE_FORMAT = "jianzheng-bundle/v1"
HEADS_TYPE = "access.BundleHeadsRecorded"
"""The event type whose ``data.streams`` lists the heads a bundle's streams must end at."""
SUBJECT_STREAM_KINDS = {"case": "enforcement", "child": "children"}
"""The only subject kinds, and the ``kind`` their subject's own stream must have (docs/spec.md
§8.1 step 6): a case bundle is about an enforcement case, a child bundle about a child's file."""
HEADS_SUBJECT = "child"
"""The subject kind whose bundles must prove every stream complete (docs/spec.md §7.7)."""
CASE_BUNDLE_KINDS = ("enforcement", "catalogue", "agency_catalogue", "actors", "evidence")
"""The only stream kinds a bundle without heads may hold (docs/spec.md §7.3, §8.1 step 7.5): a
child's histories (``children``, ``reports``, ``petitions``, ``detentions``, ``access``) are
verified only in a child bundle, against its logged heads, never trimmed into a case bundle."""
HEADS_ROLE = "heads"
"""The ``role`` of the stream that holds the heads event (docs/spec.md §7.7)."""
HEAD_MEMBERS = ("kind", "role", "withheld")
"""What each head must state besides ``stream``, ``seq`` and ``event_hash`` for the verifier to
trust a stream's labels and its withheld events (docs/spec.md §7.7, §8.1 step 7.3)."""
_HEX64 = frozenset("0123456789abcdef")


@dataclass
class _Tail:
    """Where a verified stream ended: its last ``seq`` and hash, and a withheld last event."""

    seq: int
    event_hash: str
    withheld_last: bool
    heads: dict[str, Any] | None = None  # the heads event's envelope members, if this has it
    kind: Any = None  # the stream's labels as the bundle gives them
    role: Any = None
    withheld: dict[int, str] = field(default_factory=dict)  # seq -> the marker's ``withheld``


@dataclass
class BundleReport:
    """What :func:`verify_bundle` found."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    streams: int = 0
    events: int = 0
    tree_size: int = 0
    cosigned_by: list[str] = field(default_factory=list)
    story: list[dict[str, Any]] = field(default_factory=list)
    withheld: list[dict[str, Any]] = field(default_factory=list)
    complete_as_of: str | None = None

    @property
    def ok(self) -> bool:
        """True when every check held."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ok": self.ok,
            "problems": self.problems,
            "notes": self.notes,
            "streams": self.streams,
            "events": self.events,
            "tree_size": self.tree_size,
            "cosigned_by": self.cosigned_by,
            "story": self.story,
            "withheld": self.withheld,
            "complete_as_of": self.complete_as_of,
        }


def verify_bundle(
    data: bytes, log_key: str | None = None, witness_keys: list[WitnessKey] | None = None
) -> BundleReport:
    """Verify a bundle's bytes; see the module docstring.

    Never raises on malformed input: every defect becomes a problem in the report.
    """
    report = BundleReport()
    try:
        _verify(data, log_key, witness_keys or [], report)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        report.problems.append(f"bundle: malformed ({type(exc).__name__}: {exc})")
    return report


def _verify(
    data: bytes, log_key: str | None, witness_keys: list[WitnessKey], report: BundleReport
) -> None:
    try:
        bundle = json.loads(data)
    except RecursionError:
        report.problems.append("bundle: not a bundle (JSON nested too deep)")
        return
    except ValueError as exc:  # not UTF-8 or not JSON, or an integer too long to read
        report.problems.append(f"bundle: not JSON ({exc})")
        return
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT:
        report.problems.append(f"bundle: format is not {BUNDLE_FORMAT}")
        return
    origin = bundle.get("origin")
    if not isinstance(origin, str) or not origin:
        report.problems.append("bundle: no origin")
        return
    keys = _log_keys(bundle, log_key, report)
    failures = []
    for key in keys:
        try:
            checkpoint, verified = verify_checkpoint(
                bundle["checkpoint"], key, witnesses=witness_keys, origin=origin
            )
            break
        except (NoteError, ValueError) as exc:
            failures.append(str(exc))
    else:
        report.problems.append(f"checkpoint: {'; '.join(failures) or 'no log key'}")
        return
    report.tree_size = checkpoint.size
    report.cosigned_by = [w.name for w in witness_keys if verified.signed_by(w)]
    subject = bundle["subject"]
    heads_at = bundle.get("heads")
    seen: set[str] = set()
    tails: dict[str, _Tail] = {}
    labels: dict[str, Any] = {}  # stream -> its ``kind`` member, as the bundle gives it
    for stream in bundle["streams"]:
        name = str(stream["stream"])
        if name in seen:
            report.problems.append(f"bundle: stream {name} is listed twice")
            continue
        seen.add(name)
        is_subject = name == subject["id"]
        tail = _verify_stream(stream, checkpoint.size, checkpoint.root, report,
                              story=is_subject, heads_at=heads_at)  # fmt: skip
        labels[name] = stream.get("kind")
        if tail is not None:
            tails[name] = tail
    _check_subject(subject, labels, report)
    if heads_at is not None or subject.get("kind") == HEADS_SUBJECT:
        _check_heads(subject, heads_at, tails, report)
    else:
        _check_without_heads(tails, labels, report)


def _check_subject(subject: dict[str, Any], labels: dict[str, Any], report: BundleReport) -> None:
    """The subject is a case or a child, and its own stream is there, of the kind it names
    (docs/spec.md §8.1 step 6): a child's file relabelled ``case`` is not a case bundle."""
    kind = subject.get("kind")
    expected = SUBJECT_STREAM_KINDS.get(kind) if isinstance(kind, str) else None
    if expected is None:
        report.problems.append(f"bundle: subject.kind is {kind!r}, not 'case' or 'child'")
    if not report.story:
        report.problems.append("bundle: the subject's own stream is missing")
        return
    label = labels[str(subject["id"])]
    if expected is not None and label != expected:
        report.problems.append(
            f"bundle: a {kind} bundle's subject must be a stream of kind {expected!r}, but "
            f"stream {subject['id']} is labelled kind {label!r}"
        )


def _check_without_heads(
    tails: dict[str, _Tail], labels: dict[str, Any], report: BundleReport
) -> None:
    """A bundle without heads (a case bundle) withholds nothing and holds only the kinds of a
    case bundle (docs/spec.md §8.1 step 7.5)."""
    for name, label in labels.items():
        if label not in CASE_BUNDLE_KINDS:
            report.problems.append(
                f"stream {name}: labelled kind {label!r}, which a bundle without heads may not "
                f"hold (only {', '.join(CASE_BUNDLE_KINDS)}): a child's histories verify only "
                "as a child bundle, with its heads"
            )
    for name, tail in tails.items():
        for seq in tail.withheld:
            report.problems.append(
                f"stream {name} seq {seq}: withheld, but a bundle without heads withholds "
                "nothing (only logged heads can say an event is withheld)"
            )


def _log_keys(bundle: dict[str, Any], given: str | None, report: BundleReport) -> list[VerifierKey]:
    """The key to check the checkpoint with: the one given, else any of the bundle's own."""
    try:
        if given is not None:
            key = parse_vkey(given)
            if given.strip() not in [k.strip() for k in bundle.get("log_keys", [])]:
                report.notes.append("the log key given is not among the bundle's own keys")
            return [key]
        report.notes.append(
            "no --log-key given: trusting the log keys inside the bundle; pass the key "
            "published by the authority to rely on it"
        )
        return [parse_vkey(k) for k in bundle["log_keys"]]
    except (KeyFormatError, KeyError, IndexError, TypeError) as exc:
        report.problems.append(f"log key: {exc}")
        return []


def _verify_stream(
    stream: dict[str, Any],
    size: int,
    root: bytes,
    report: BundleReport,
    *,
    story: bool,
    heads_at: Any = None,
) -> _Tail | None:
    """Check one stream's events (spec §8.1 step 5); where it ended, or None if it has none
    or could not be read to its end."""
    name = str(stream.get("stream"))
    report.streams += 1
    prev, expected_seq = GENESIS_PREV, 1
    tail: _Tail | None = None
    withheld_at: int | None = None  # the seq of a withheld event the next one must pin
    heads: dict[str, Any] | None = None
    kind = stream.get("kind")
    markers: dict[int, str] = {}
    for item in stream.get("events", []):
        report.events += 1
        where = f"stream {name} seq {expected_seq}"
        given_whole, withheld = "canonical" in item, "withheld" in item
        if given_whole == withheld:  # §7.1: exactly one of the two
            report.problems.append(
                f"{where}: has {'both' if withheld else 'neither'} canonical "
                f"{'and' if withheld else 'nor'} withheld (an event has exactly one)"
            )
            return None
        if withheld:
            if story:
                report.problems.append(f"{where}: withheld, but the subject's own stream is "
                                       "given whole")  # fmt: skip
            if withheld_at is not None:
                report.problems.append(f"stream {name} seq {withheld_at}: withheld, and the "
                                       "next event is withheld too (nothing pins it)")  # fmt: skip
            event_hash = item.get("event_hash")
            if not isinstance(event_hash, str) or len(event_hash) != 64 or set(event_hash) - _HEX64:
                report.problems.append(f"{where}: withheld event without a 64-hex event_hash")
                return None
            _check_inclusion(item, event_hash, size, root, where, report)
            report.withheld.append(
                {"stream": name, "seq": expected_seq, "event_hash": event_hash,
                 "why": str(item["withheld"])}
            )  # fmt: skip
            withheld_at = expected_seq
            markers[expected_seq] = str(item["withheld"])
            tail = _Tail(expected_seq, event_hash, withheld_last=True)
            prev, expected_seq = event_hash, expected_seq + 1
            continue
        try:
            canonical = base64.b64decode(item["canonical"], validate=True)
            envelope = decode_envelope(canonical)
        except (KeyError, binascii.Error, EnvelopeError, ValueError) as exc:
            report.problems.append(f"{where}: undecodable event ({exc})")
            return None
        where = f"stream {name} seq {envelope.seq}"
        if envelope.event_hash != item.get("event_hash"):
            report.problems.append(f"{where}: bytes hash to {envelope.event_hash}, "
                                   f"bundle says {item.get('event_hash')}")  # fmt: skip
        if envelope.stream != name:
            report.problems.append(f"{where}: event belongs to stream {envelope.stream}")
        if envelope.seq != expected_seq:
            report.problems.append(f"{where}: expected seq {expected_seq} (an event is missing)")
        if envelope.prev != prev:
            report.problems.append(f"{where}: prev does not link to the previous event")
        _check_inclusion(item, envelope.event_hash, size, root, where, report)
        if envelope.type.partition(".")[0] != kind:
            report.problems.append(f"{where}: a {envelope.type} event in a stream labelled "
                                   f"kind {kind!r}")  # fmt: skip
        if story:
            report.story.append(
                {"seq": envelope.seq, "type": envelope.type, "at": envelope.at,
                 "actor": envelope.actor, "data": envelope.data}
            )  # fmt: skip
        withheld_at = None  # pinned: this event's seq and prev were checked against it
        if isinstance(heads_at, dict) and (name, envelope.seq) == (
            heads_at.get("stream"),
            heads_at.get("seq"),
        ):
            heads = {"type": envelope.type, "at": envelope.at, "data": envelope.data}
        tail = _Tail(envelope.seq, envelope.event_hash, withheld_last=False)
        prev, expected_seq = envelope.event_hash, envelope.seq + 1
    if tail is not None:
        tail.heads = heads
        tail.kind, tail.role, tail.withheld = kind, stream.get("role"), markers
    return tail


def _check_inclusion(
    item: dict[str, Any], event_hash: str, size: int, root: bytes, where: str, report: BundleReport
) -> None:
    """The leaf of ``event_hash`` at ``leaf_index`` leads to the checkpoint's root (§3.1)."""
    try:
        leaf_index = item["leaf_index"]
        if isinstance(leaf_index, bool) or not isinstance(leaf_index, int):
            raise ValueError(f"leaf_index {leaf_index!r} is not an integer")
        proof = [bytes.fromhex(h) for h in item["inclusion_proof"]]
        merkle.verify_inclusion(
            merkle.leaf_hash(bytes.fromhex(event_hash)), leaf_index, size, proof, root
        )
    except (KeyError, ValueError, TypeError) as exc:
        report.problems.append(f"{where}: not included in the checkpoint's tree ({exc})")


def _check_heads(
    subject: dict[str, Any], heads_at: Any, tails: dict[str, _Tail], report: BundleReport
) -> None:
    """Every stream ends at the head the heads event lists, and none is missing (§8.1 step 7).

    The heads event is itself a verified event of the bundle: its bytes are a leaf of the
    checkpoint's tree, recorded by the service before the bundle was made.
    """
    if not isinstance(heads_at, dict):
        report.problems.append(
            f"bundle: a {subject.get('kind')} bundle must name its heads event (heads); "
            "without it a dropped last event cannot be seen"
        )
        return
    seq = heads_at.get("seq")
    if isinstance(seq, bool) or not isinstance(seq, int):  # as leaf_index (§8.1: integers)
        report.problems.append(f"heads: seq {seq!r} is not an integer")
        return
    manifest = str(heads_at.get("stream"))
    found = tails.get(manifest)
    heads = found.heads if found is not None else None
    where = f"heads: stream {manifest} seq {heads_at.get('seq')}"
    if heads is None:
        report.problems.append(f"{where}: no such verified event in the bundle")
        return
    data = heads["data"]
    if heads["type"] != HEADS_TYPE:
        report.problems.append(f"{where}: is a {heads['type']}, not a {HEADS_TYPE}")
        return
    if (data.get("subject_kind"), data.get("subject_id")) != (
        subject.get("kind"),
        subject.get("id"),
    ):
        report.problems.append(f"{where}: lists the heads of another subject")
        return
    listed: dict[str, dict[str, Any]] = {}
    for head in data.get("streams", []):
        listed[str(head.get("stream"))] = head
    for name, head in listed.items():
        tail = tails.get(name)
        seq, event_hash = head.get("seq"), head.get("event_hash")
        if tail is None:
            report.problems.append(f"stream {name}: missing (the heads list it up to seq {seq})")
            continue
        if (tail.seq, tail.event_hash) != (seq, event_hash):
            report.problems.append(
                f"stream {name}: ends at seq {tail.seq} ({tail.event_hash}), but its head "
                f"is seq {seq} ({event_hash}): an event is missing or added"
            )
        _check_head_statements(name, head, tail, report)
    for name, tail in tails.items():
        if name == manifest:
            if tail.role != HEADS_ROLE:
                report.problems.append(f"stream {name}: holds the heads, but is labelled role "
                                       f"{tail.role!r}, not {HEADS_ROLE!r}")  # fmt: skip
            for seq in tail.withheld:
                report.problems.append(f"stream {name} seq {seq}: withheld, but the heads "
                                       "stream is given whole")  # fmt: skip
        elif name not in listed:
            report.problems.append(f"stream {name}: not among the heads")
    report.complete_as_of = heads["at"]


def _check_head_statements(
    name: str, head: dict[str, Any], tail: _Tail, report: BundleReport
) -> None:
    """The stream's labels and withheld events are those its logged head states (§8.1 step 7.3).

    A head states ``kind``, ``role`` and ``withheld`` (``[{"seq", "why"}]``, the events the
    service left out, R-RP-3): a label that differs, a withheld marker the head does not list
    (or with other words), and an event given whole that the head lists as withheld all fail.
    """
    missing = [m for m in HEAD_MEMBERS if m not in head]
    if missing:
        report.problems.append(
            f"stream {name}: its head does not state {', '.join(missing)} (heads recorded "
            "before heads bound labels and withheld events): ask for a new bundle"
        )
        return
    for label in ("kind", "role"):
        if getattr(tail, label) != head[label]:
            report.problems.append(
                f"stream {name}: labelled {label} {getattr(tail, label)!r}, but its head "
                f"says {head[label]!r}"
            )
    stated: dict[Any, Any] = {}
    for entry in head["withheld"]:
        stated[entry.get("seq")] = entry.get("why")
    for seq, why in tail.withheld.items():
        if seq not in stated:
            report.problems.append(
                f"stream {name} seq {seq}: withheld, but its head does not list it as withheld "
                "(an event was hidden)"
            )
        elif stated[seq] != why:
            report.problems.append(
                f"stream {name} seq {seq}: withheld as {why!r}, but its head says {stated[seq]!r}"
            )
    for seq in stated:
        if seq not in tail.withheld:
            report.problems.append(
                f"stream {name} seq {seq}: its head lists it as withheld, but the bundle "
                "gives it (or has no such event)"
            )
