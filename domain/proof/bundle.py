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
    seen: set[str] = set()
    for stream in bundle["streams"]:
        name = str(stream["stream"])
        if name in seen:
            report.problems.append(f"bundle: stream {name} is listed twice")
            continue
        seen.add(name)
        _verify_stream(stream, checkpoint.size, checkpoint.root, report,
                       story=name == subject["id"])  # fmt: skip
    if not report.story:
        report.problems.append("bundle: the subject's own stream is missing")


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
    stream: dict[str, Any], size: int, root: bytes, report: BundleReport, *, story: bool
) -> None:
    name = str(stream.get("stream"))
    report.streams += 1
    prev, expected_seq = GENESIS_PREV, 1
    for item in stream.get("events", []):
        report.events += 1
        where = f"stream {name} seq {expected_seq}"
        try:
            canonical = base64.b64decode(item["canonical"], validate=True)
            envelope = decode_envelope(canonical)
        except (KeyError, binascii.Error, EnvelopeError, ValueError) as exc:
            report.problems.append(f"{where}: undecodable event ({exc})")
            return
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
        try:
            leaf_index = item["leaf_index"]
            if isinstance(leaf_index, bool) or not isinstance(leaf_index, int):
                raise ValueError(f"leaf_index {leaf_index!r} is not an integer")
            proof = [bytes.fromhex(h) for h in item["inclusion_proof"]]
            merkle.verify_inclusion(
                merkle.leaf_hash(bytes.fromhex(envelope.event_hash)), leaf_index, size, proof, root
            )
        except (KeyError, ValueError, TypeError) as exc:
            report.problems.append(f"{where}: not included in the checkpoint's tree ({exc})")
        if story:
            report.story.append(
                {"seq": envelope.seq, "type": envelope.type, "at": envelope.at,
                 "actor": envelope.actor, "data": envelope.data}
            )  # fmt: skip
        prev, expected_seq = envelope.event_hash, envelope.seq + 1
