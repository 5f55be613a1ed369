"""Write ``docs/test-vectors/child-bundle.json``: a court's bundle of a child's histories.

A children's bundle (docs/spec.md §7.7) is a bundle of several streams that also proves
each stream complete, and leaves out the bytes of events that name a reporter (R-RP-3).
This vector is built from fixed values only:

* the child's stream (``subject``): ``children.Registered``, ``children.AssessmentRecorded``,
  ``children.CourtGuardianAppointed``;
* two reports about the child (``report``). The first was filed the spec v1 way, the
  reporter in clear in ``reports.ReportFiled``, then ``reports.PoliceResponded``: its filing
  is **withheld** (hash, leaf and proof only), pinned by the ``prev`` of the event after it.
  The second was filed the way the service files now (§7.8): ``reports.ReportFiled`` by
  ``system`` with a salted commitment to the reporter, given whole, then
  ``reports.ReporterSealed`` with the opening, withheld and pinned by the stream's head;
* the petition (``petition``): ``petitions.PetitionFiled`` and ``petitions.PetitionRuled``;
* the heads stream (``heads``): ``access.Opened`` and ``access.BundleHeadsRecorded``, which
  lists, for each of the four other streams, its last ``seq`` and ``event_hash``, its ``kind``
  and ``role``, and which of its events are withheld and why;
* the log holds thirteen leaves: these events interleaved in a fixed commit order with two
  events of streams the bundle does not carry (``chinese-text`` and ``integers`` of
  ``events.json``); the checkpoint of that tree is signed by the TEST log key of
  ``checkpoint.json`` and cosigned by its TEST witness key at a fixed time.

Before writing, the script checks the root against a recursive transcription of RFC
9162's MTH, every inclusion proof, that ``domain.proof.bundle.verify_bundle`` accepts the
file with the published keys, that the reporters' names, units and phones appear nowhere in
it (raw or base64-decoded), that dropping the last event of any stream, withholding an event
the heads do not list, relabelling a stream, and downgrading the file to a case bundle
(heads deleted, subject relabelled, streams dropped; spec §8.1 steps 6 and 7.5) are refused. It
refuses to write unless all hold. Nothing reads the clock, so running it again gives an
identical file.

    python scripts/make_child_bundle_vector.py          # write the file
    python scripts/make_child_bundle_vector.py --check  # exit 1 if the file is not up to date
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import sys
import uuid
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.proof.bundle import BUNDLE_FORMAT, HEADS_TYPE, verify_bundle
from domain.proof.chain import GENESIS_PREV, SPEC_VERSION, canonical_envelope, decode_envelope
from domain.proof.checkpoint import cosign, format_checkpoint, parse_witness_vkey, sign_note
from domain.proof.commitment import COMMITMENT_SCHEME, commit
from domain.proof.merkle import EMPTY_ROOT, MemoryTree, leaf_hash, node_hash, verify_inclusion
from domain.proof.note import format_vkey

VECTORS_DIR = Path(__file__).resolve().parent.parent / "docs" / "test-vectors"
OUTPUT_NAME = "child-bundle.json"

CHILD = "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
REPORT = "6d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a"
SECOND_REPORT = "7e3f4a5b-6c7d-4e8f-a09b-1c2d3e4f5a6b"
PETITION = "8f4a5b6c-7d8e-4f9a-b1ac-2d3e4f5a6b7c"
EXPORT = "9a5b6c7d-8e9f-4a0b-82bd-3e4f5a6b7c8d"
ACCESS_NAMESPACE = uuid.UUID("9a4e2d1b-7c3f-4e8a-b5d6-0f1e2a3b4c5d")
"""``domain.records.access.ACCESS_NAMESPACE``: the heads stream is uuid5 of
``child_bundle:<export id>`` (this script imports nothing from the records)."""
HEADS = str(uuid.uuid5(ACCESS_NAMESPACE, f"child_bundle:{EXPORT}"))

VILLAGE_COMMITTEE = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"
TOWN_OFFICE = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"
POLICE = "3d4e5f6a-7b8c-4d9e-8f1a-2b3c4d5e6f7a"
CIVIL_AFFAIRS = "4e5f6a7b-8c9d-4e0f-9a2b-3c4d5e6f7a8b"
COURT = "5f6a7b8c-9d0e-4f1a-8b3c-4d5e6f7a8b9c"
SCHOOL = "6a7b8c9d-0e1f-4a2b-9c4d-5e6f7a8b9c0d"
HOSPITAL = "7b8c9d0e-1f2a-4b3c-8d5e-6f7a8b9c0d1e"

LABELS = (
    (CHILD, "children", "subject"),
    (REPORT, "reports", "report"),
    (SECOND_REPORT, "reports", "report"),
    (PETITION, "petitions", "petition"),
)
"""The streams the heads list, in bundle order, with the ``kind`` and ``role`` they state."""

REPORTERS = (
    {"name": "张老师", "unit": "某村小学", "phone": "13900001111"},
    {"name": "李医生", "unit": "张店区人民医院", "phone": "13800001234"},
)
"""What the two withheld filings say of their reporters; none of it is in the file."""

OPENING_SALT = bytes(range(32))
"""The salt of the second filing's commitment (fixed here; the service draws 32 random
bytes). docs/spec.md §7.8 shows the opening, which this file does not hold."""

REASON = "(2026)鲁0303民特7号"
COSIGNATURE_TIME = 1796083200  # 2026-12-01T00:00:00Z, after the heads were recorded
EXPORTED_AT = "2026-12-01T00:05:00Z"
LOCATION = {"county": "370303", "town": "370303001", "village": "370303001001"}
GRANDMOTHER = {"name": "赵桂兰", "relation": "paternal_grandmother"}


class VectorError(SystemExit):
    """A value failed a cross-check; nothing is written."""

    def __init__(self, message: str) -> None:
        super().__init__(f"make_child_bundle_vector: {message}")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise VectorError(message)


def _load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((VECTORS_DIR / name).read_text("utf-8"))
    return document


class _Streams:
    """Fixed events, chained per stream, in the order they are committed to the log."""

    def __init__(self) -> None:
        self.events: dict[str, list[bytes]] = {}
        self.leaves: list[bytes] = []

    def add(self, stream: str, event_type: str, at: str, actor: str, data: dict[str, Any]) -> bytes:
        chain = self.events.setdefault(stream, [])
        prev = decode_envelope(chain[-1]).event_hash if chain else GENESIS_PREV
        canonical = canonical_envelope(
            stream=stream, seq=len(chain) + 1, event_type=event_type, at=at, actor=actor,
            data=data, prev=prev,
        )  # fmt: skip
        envelope = decode_envelope(canonical)
        _check((envelope.stream, envelope.seq, envelope.prev) == (stream, len(chain) + 1, prev),
               f"{event_type} of {stream} does not decode to what was given")  # fmt: skip
        chain.append(canonical)
        self.leaves.append(canonical)
        return canonical

    def other(self, canonical: bytes) -> None:
        """A leaf of a stream the bundle does not carry."""
        self.leaves.append(canonical)

    def head(self, stream: str, kind: str, role: str) -> dict[str, Any]:
        """The stream's member of the heads event (§7.7): where it ends, its labels, and
        which of its events are withheld and why."""
        last = decode_envelope(self.events[stream][-1])
        left_out = []
        for canonical in self.events[stream]:
            envelope = decode_envelope(canonical)
            why = withheld(envelope.type, envelope.data)
            if why is not None:
                left_out.append({"seq": envelope.seq, "why": why})
        return {"stream": stream, "seq": last.seq, "event_hash": last.event_hash,
                "kind": kind, "role": role, "withheld": left_out}  # fmt: skip


def build_log(others: dict[str, dict[str, Any]]) -> _Streams:
    """Every event of the vector's log, in commit order."""
    s = _Streams()
    s.add(CHILD, "children.Registered", "2026-03-01T02:00:00.000000Z", VILLAGE_COMMITTEE, {
        "recorded_role": "village_committee",
        "personal": {"name": "王小明", "id_number": "370303201405170017", "address": "幸福路8号"},
        "birth_date": "2014-05-17", "sex": "male", "location": LOCATION,
        "categories": ["poverty_life"], "registered_on": "2026-03-01", "key_child": False,
        "guardianship": {"kind": "parent", "guardian": {"name": "王大山", "relation": "father"},
                         "effective_on": "2026-03-01"},
    })  # fmt: skip
    s.add(REPORT, "reports.ReportFiled", "2026-11-20T00:31:00.000000Z", SCHOOL, {
        "recorded_role": "reporter", "reporter": REPORTERS[0], "institution_kind": "school",
        "situations": ["living_alone"], "noticed_at": "2026-11-20T08:00:00+08:00",
        "reported_at": "2026-11-20T08:30:00+08:00", "child_id": CHILD,
        "unidentified_child": None, "area": LOCATION["village"], "summary": "学生连续三天独自在家",
    })  # fmt: skip
    s.other(base64.b64decode(others["chinese-text"]["canonical_base64"]))
    s.add(REPORT, "reports.PoliceResponded", "2026-11-20T01:05:00.000000Z", POLICE, {
        "recorded_role": "police", "responded_at": "2026-11-20T09:00:00+08:00",
        "actions": ["escort_to_relatives", "notify_parents"], "parents_reached": False,
        "handover_sha256": "2" * 64, "notes": "",
    })  # fmt: skip
    s.add(CHILD, "children.AssessmentRecorded", "2026-11-21T03:00:00.000000Z", TOWN_OFFICE, {
        "recorded_role": "town_office", "result": "poor",
        "criteria": ["needs_not_secured", "no_guardian"], "help_level": "protective",
        "help_plan": "保护式帮扶: 安排临时照料，心理辅导", "assessed_on": "2026-11-21",
    })  # fmt: skip
    s.add(SECOND_REPORT, "reports.ReportFiled", "2026-11-21T00:12:00.000000Z", "system", {
        "recorded_role": "reporter", "institution_kind": "medical",
        "reporter": {"commitment": commit(OPENING_SALT, opening()), "scheme": COMMITMENT_SCHEME},
        "situations": ["living_alone"], "noticed_at": "2026-11-21T08:00:00+08:00",
        "reported_at": "2026-11-21T08:10:00+08:00", "child_id": CHILD,
        "unidentified_child": None, "area": LOCATION["village"], "summary": "就诊时发现无人照看",
    })  # fmt: skip
    s.add(SECOND_REPORT, "reports.ReporterSealed", "2026-11-21T00:12:00.000001Z", HOSPITAL, {
        "salt": OPENING_SALT.hex(), "reporter": REPORTERS[1],
    })  # fmt: skip
    s.add(PETITION, "petitions.PetitionFiled", "2026-11-22T02:00:00.000000Z", CIVIL_AFFAIRS, {
        "recorded_role": "civil_affairs", "kind": "revoke", "child_id": CHILD,
        "applicant": {"kind": "civil_affairs", "name": "张店区民政局"},
        "guardian_concerned": {"name": "王大山", "relation": "father"},
        "grounds": ["unsupervised_in_danger"], "particulars": {"refused_correction": True},
        "filed_on": "2026-11-22", "report_id": REPORT,
    })  # fmt: skip
    s.other(base64.b64decode(others["integers"]["canonical_base64"]))
    s.add(PETITION, "petitions.PetitionRuled", "2026-11-28T06:00:00.000000Z", COURT, {
        "recorded_role": "court", "outcome": "revoked", "ruled_on": "2026-11-28",
        "ruling_sha256": "3" * 64, "legal_basis": "民法典 第36条",
        "intentional_crime_against_child": False, "new_guardian": GRANDMOTHER,
    })  # fmt: skip
    s.add(CHILD, "children.CourtGuardianAppointed", "2026-11-28T06:00:00.000001Z", COURT, {
        "recorded_role": "court", "petition_id": PETITION, "outcome": "revoked",
        "guardian": GRANDMOTHER, "effective_on": "2026-11-28", "ruling_sha256": "3" * 64,
    })  # fmt: skip
    s.add(HEADS, "access.Opened", "2026-11-30T08:00:00.000000Z", "system", {
        "subject_kind": "child_bundle", "subject_id": EXPORT,
    })  # fmt: skip
    s.add(HEADS, HEADS_TYPE, "2026-11-30T08:00:00.000001Z", COURT, {
        "role": "court", "reason": REASON, "subject_kind": "child", "subject_id": CHILD,
        "streams": [s.head(*LABELS[0]), s.head(*LABELS[1]), s.head(*LABELS[2]),
                    s.head(*LABELS[3])],
    })  # fmt: skip
    return s


def opening() -> dict[str, Any]:
    """What the second filing commits to: the filing account and the reporter (§7.8)."""
    return {"actor": HOSPITAL, "reporter": REPORTERS[1]}


def withheld(event_type: str, data: dict[str, Any]) -> str | None:
    """``infra.child_bundle.withheld``: the opening always, a filing naming its reporter."""
    if event_type == "reports.ReporterSealed" or (
        event_type == "reports.ReportFiled" and "commitment" not in data["reporter"]
    ):
        return "reporter-identity (R-RP-3)"
    return None


def _rfc_mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1 MTH, recursively: a second computation of the root."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(_rfc_mth(leaves[:k]), _rfc_mth(leaves[k:]))


def build_bundle() -> tuple[bytes, str, str]:
    """The bundle's bytes, the log vkey and the witness vkey to verify it with."""
    others = {v["name"]: v for v in _load("events.json")["vectors"]}
    keys = _load("checkpoint.json")
    _check("TEST KEYS ONLY" in keys["warning"], "checkpoint.json's keys are not test-only")
    log_name = keys["log_key"]["name"]
    log_key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(keys["log_key"]["seed_hex"]))
    log_vkey = format_vkey(log_name, log_key.public_key().public_bytes_raw())
    _check(log_vkey == keys["log_key"]["vkey"], "the log seed does not give the published vkey")
    witness_name = keys["witness_key"]["name"]
    witness_key = Ed25519PrivateKey.from_private_bytes(
        bytes.fromhex(keys["witness_key"]["seed_hex"])
    )
    witness_vkey = keys["witness_key"]["vkey"]

    log = build_log(others)
    leaf_hashes = [leaf_hash(bytes.fromhex(decode_envelope(c).event_hash)) for c in log.leaves]
    tree = MemoryTree(leaf_hashes)
    size, root = tree.size, tree.root()
    _check(root == _rfc_mth(leaf_hashes), "root differs from RFC 9162 MTH")
    index_of = {canonical: index for index, canonical in enumerate(log.leaves)}
    _check(len(index_of) == len(log.leaves), "two leaves hold the same event")
    body = format_checkpoint(log_name, size, root)
    checkpoint = sign_note(body, log_name, log_key) + cosign(
        body, witness_name, witness_key, COSIGNATURE_TIME
    )

    def stream(stream_id: str, kind: str, role: str) -> dict[str, Any]:
        items = []
        for canonical in log.events[stream_id]:
            envelope = decode_envelope(canonical)
            index = index_of[canonical]
            proof = tree.inclusion_proof(index, size)
            verify_inclusion(leaf_hashes[index], index, size, proof, root)
            why = withheld(envelope.type, envelope.data)
            if why is not None:
                item: dict[str, Any] = {"withheld": why}
            else:
                item = {"canonical": base64.b64encode(canonical).decode("ascii")}
            item.update(event_hash=envelope.event_hash, leaf_index=index,
                        inclusion_proof=[h.hex() for h in proof])  # fmt: skip
            items.append(item)
        return {"stream": stream_id, "kind": kind, "role": role, "events": items}

    bundle = {
        "description": DESCRIPTION.format(log_vkey=log_vkey, witness_vkey=witness_vkey),
        "how_generated": HOW_GENERATED,
        "warning": "TEST KEYS ONLY: the checkpoint is signed and cosigned with the test keys "
        "of checkpoint.json, whose private seeds are published. Never trust anything they "
        "sign outside these vectors. The people and places are made up.",
        "format": BUNDLE_FORMAT,
        "spec": SPEC_VERSION,
        "origin": log_name,
        "log_keys": [log_vkey],
        "checkpoint": checkpoint,
        "subject": {"kind": "child", "id": CHILD},
        "exported_at": EXPORTED_AT,
        "heads": {"stream": HEADS, "seq": 2},
        "streams": [*(stream(*labels) for labels in LABELS), stream(HEADS, "access", "heads")],
    }
    data = (json.dumps(bundle, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    _check_verifies(data, bundle, log_vkey, witness_vkey, witness_name, size)
    return data, log_vkey, witness_vkey


def _check_verifies(
    data: bytes, bundle: dict[str, Any], log_vkey: str, witness_vkey: str, name: str, size: int
) -> None:
    """Refuse to write unless the verifier accepts the file, no reporter is in it, and a
    dropped last event of any stream is refused."""
    report = verify_bundle(data, log_vkey, [parse_witness_vkey(witness_vkey)])
    _check(report.ok, f"verify_bundle refuses the bundle: {report.problems}")
    _check(not report.notes, f"verify_bundle has notes: {report.notes}")
    _check(report.tree_size == size and report.cosigned_by == [name], "checkpoint misread")
    _check((report.streams, report.events) == (5, 11), "verify_bundle counted other events")
    _check([(w["stream"], w["seq"]) for w in report.withheld] == [(REPORT, 1), (SECOND_REPORT, 2)],
           "the withheld events are not the clear filing and the opening")  # fmt: skip
    _check(report.complete_as_of == "2026-11-30T08:00:00.000001Z", "the heads were not checked")
    decoded = [base64.b64decode(e["canonical"]) for s in bundle["streams"]
               for e in s["events"] if "canonical" in e]  # fmt: skip
    for reporter in REPORTERS:
        for value in reporter.values():
            needle = value.encode()
            _check(needle not in data and not any(needle in d for d in decoded),
                   f"a reporter's {value!r} is in the bundle")  # fmt: skip
    for index, stream in enumerate(bundle["streams"][:4]):
        cut = copy.deepcopy(bundle)
        cut["streams"][index]["events"].pop()
        cut_data = json.dumps(cut, ensure_ascii=False).encode()
        _check(not verify_bundle(cut_data, log_vkey).ok, f"a cut tail of {stream['stream']} holds")
    for index, stream in enumerate(bundle["streams"]):
        for at, event in enumerate(stream["events"]):
            if "canonical" in event:
                hidden = copy.deepcopy(bundle)
                hidden["streams"][index]["events"][at] = {
                    "withheld": "reporter-identity (R-RP-3)",
                    **{k: v for k, v in event.items() if k != "canonical"},
                }
                hidden_data = json.dumps(hidden, ensure_ascii=False).encode()
                _check(not verify_bundle(hidden_data, log_vkey).ok,
                       f"event {at + 1} of {stream['stream']} can be withheld")  # fmt: skip
        for label, other in (("kind", "reports"), ("role", "subject")):
            if stream[label] != other:
                relabelled = copy.deepcopy(bundle)
                relabelled["streams"][index][label] = other
                relabelled_data = json.dumps(relabelled, ensure_ascii=False).encode()
                _check(not verify_bundle(relabelled_data, log_vkey).ok,
                       f"{stream['stream']} relabelled {label} {other} holds")  # fmt: skip
    for kind in ("case", "anything"):  # attack round 1, #1: a child's file passed off as a case's
        for kept in (("subject",), ("subject", "petition")):
            downgraded = copy.deepcopy(bundle)
            downgraded["subject"]["kind"] = kind
            downgraded.pop("heads")
            downgraded["streams"] = [s for s in bundle["streams"] if s["role"] in kept]
            downgraded_data = json.dumps(downgraded, ensure_ascii=False).encode()
            _check(not verify_bundle(downgraded_data, log_vkey).ok,
                   f"downgraded to a {kind!r} bundle of {kept} holds")  # fmt: skip


DESCRIPTION = (
    "A court's bundle of a child's histories (docs/spec.md section 7.7), small enough to check "
    "by hand. Streams: the child's own (subject), two mandatory reports about the child "
    "(report), the petition with its ruling (petition), and the heads stream (heads), whose "
    "access.BundleHeadsRecorded event lists, for each of the four others, its last seq and "
    "event_hash, its kind and role, and which of its events are withheld and why. "
    "Two events that name a reporter (R-RP-3) are withheld, each with only event_hash, "
    "leaf_index and inclusion_proof: the first report's reports.ReportFiled (spec v1 shape, "
    "reporter in clear), pinned by the prev of the report's next event, and the second "
    "report's reports.ReporterSealed (the opening of the commitment in its filing, which is "
    "given whole, section 7.8), pinned by its head. The log behind the checkpoint has 13 "
    "leaves; leaves 2 and 8 are the events.json vectors chinese-text and integers, of streams "
    "the bundle does not carry. Verify with: jianzheng verify-bundle "
    "docs/test-vectors/child-bundle.json --log-key '{log_vkey}' --witness-key '{witness_vkey}'"
)

HOW_GENERATED = (
    "Generated by scripts/make_child_bundle_vector.py from fixed values (no clock, no "
    "randomness; rerunning gives an identical file): every event is built with "
    "domain.proof.chain.canonical_envelope and fixed times, the tree is a "
    "domain.proof.merkle.MemoryTree whose root is cross-checked against a recursive "
    "transcription of RFC 9162's MTH, and the checkpoint is signed by the test log key and "
    "cosigned at 1796083200 (2026-12-01T00:00:00Z) by the test witness key of "
    "checkpoint.json. The script refuses to write unless domain.proof.bundle.verify_bundle "
    "accepts the file with both published keys, no reporter's name, unit or phone is in it "
    "(raw or base64-decoded), and dropping the last event of any stream, withholding any "
    "event given whole, and relabelling any stream's kind or role are refused. "
    "Serialised as the exporter does (JSON, UTF-8, indent 1, non-ASCII unescaped), plus a "
    "final newline. Check that the file is current with "
    "`python scripts/make_child_bundle_vector.py --check`."
)


def render() -> str:
    """The full text of the vectors file."""
    data, _, _ = build_bundle()
    return data.decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the vectors file, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--output-dir", type=Path, default=VECTORS_DIR, help="where it goes")
    args = parser.parse_args(argv)
    text = render()
    path = args.output_dir / OUTPUT_NAME
    if args.check:
        if path.exists() and path.read_text("utf-8") == text:
            print(f"{path} is up to date")
            return 0
        print(f"{path} is out of date; run scripts/make_child_bundle_vector.py")
        return 1
    args.output_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
