"""The published children's bundle vector (docs/test-vectors/child-bundle.json, spec §7.7).

A court's bundle of a child's histories must verify with the published test keys, carry no
reporter's identity (R-RP-3), and fail on every tampered copy: a changed byte, any dropped
event — a stream's last one included, which only the heads can show —, a dropped stream,
a forged withheld hash, an event withheld where nothing pins it, or missing heads.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from domain.proof.bundle import BundleReport, verify_bundle
from domain.proof.checkpoint import parse_witness_vkey
from domain.proof.commitment import opens
from domain.proof.jcs import canonical_json

ROOT = Path(__file__).resolve().parents[2]
VECTORS_DIR = ROOT / "docs" / "test-vectors"
BUNDLE_FILE = VECTORS_DIR / "child-bundle.json"
SCRIPT = ROOT / "scripts" / "make_child_bundle_vector.py"

KEYS: dict[str, Any] = json.loads((VECTORS_DIR / "checkpoint.json").read_text("utf-8"))
LOG_VKEY: str = KEYS["log_key"]["vkey"]
WITNESS = parse_witness_vkey(KEYS["witness_key"]["vkey"])

DATA = BUNDLE_FILE.read_bytes()
BUNDLE: dict[str, Any] = json.loads(DATA)
EVENTS = [(s, e) for s, st in enumerate(BUNDLE["streams"]) for e in range(len(st["events"]))]
EVENT_IDS = [f"{BUNDLE['streams'][s]['role']}-{s}-seq{e + 1}" for s, e in EVENTS]
each_event = pytest.mark.parametrize(("s", "e"), EVENTS, ids=EVENT_IDS)


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_child_bundle_vector", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verify(bundle: dict[str, Any]) -> BundleReport:
    data = json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")
    return verify_bundle(data, LOG_VKEY, [WITNESS])


def changed(change: Callable[[dict[str, Any]], None]) -> BundleReport:
    bundle = copy.deepcopy(BUNDLE)
    change(bundle)
    return verify(bundle)


def test_the_vector_is_what_the_script_writes() -> None:
    """`python scripts/make_child_bundle_vector.py --check` would pass: the file is current."""
    assert script().render() == DATA.decode("utf-8")


def test_the_vector_verifies_with_the_published_keys_and_proves_every_stream_complete() -> None:
    """The log key and the witness key hold; both filings are withheld; the heads were checked."""
    report = verify_bundle(DATA, LOG_VKEY, [WITNESS])
    assert report.ok, report.problems
    assert report.cosigned_by == [WITNESS.name]
    assert [w["seq"] for w in report.withheld] == [1, 2]
    assert report.complete_as_of == "2026-11-30T08:00:00.000001Z"
    assert [step["type"] for step in report.story] == [
        "children.Registered", "children.AssessmentRecorded", "children.CourtGuardianAppointed",
    ]  # fmt: skip


def test_no_reporters_name_unit_or_phone_is_in_the_vector() -> None:
    """R-RP-3: not in the file, not in any event's decoded bytes."""
    decoded = [base64.b64decode(e["canonical"]) for st in BUNDLE["streams"]
               for e in st["events"] if "canonical" in e]  # fmt: skip
    for reporter in script().REPORTERS:
        for value in reporter.values():
            assert value.encode() not in DATA, value
            assert not any(value.encode() in d for d in decoded), value


@each_event
def test_a_changed_byte_in_any_event_fails(s: int, e: int) -> None:
    """One flipped bit in an event's bytes, or in a withheld event's hash, is found."""

    def flip(bundle: dict[str, Any]) -> None:
        item = bundle["streams"][s]["events"][e]
        if "canonical" in item:
            raw = bytearray(base64.b64decode(item["canonical"]))
            raw[len(raw) // 2] ^= 0x01
            item["canonical"] = base64.b64encode(bytes(raw)).decode()
        else:
            digit = "0" if item["event_hash"][5] != "0" else "1"
            item["event_hash"] = item["event_hash"][:5] + digit + item["event_hash"][6:]

    assert not changed(flip).ok


@each_event
def test_dropping_any_event_fails_the_last_of_a_stream_included(s: int, e: int) -> None:
    """Without the heads a stream's last event could go unseen; with them nothing can."""
    report = changed(lambda b: b["streams"][s]["events"].pop(e))
    stream = BUNDLE["streams"][s]["stream"]
    assert any(stream in p for p in report.problems), report.problems


def test_a_dropped_stream_fails() -> None:
    """Every stream the heads list must be in the bundle."""
    report = changed(lambda b: b["streams"].pop(2))
    assert any("missing (the heads list it" in p for p in report.problems), report.problems


def test_a_bundle_of_a_child_without_heads_fails() -> None:
    """A children's bundle must name its heads event."""
    report = changed(lambda b: b.pop("heads"))
    assert any("must name its heads" in p for p in report.problems), report.problems


def test_heads_pointing_at_another_event_fail() -> None:
    """The heads event is an access.BundleHeadsRecorded of this subject, nothing else."""
    report = changed(lambda b: b["heads"].update(seq=1))
    assert any("not a access.BundleHeadsRecorded" in p for p in report.problems), report.problems


def test_the_childs_own_stream_cannot_be_withheld() -> None:
    """The subject's stream is given whole: a withheld event there is refused."""

    def withhold(bundle: dict[str, Any]) -> None:
        item = bundle["streams"][0]["events"][1]
        item["withheld"] = "reporter-identity (R-RP-3)"
        del item["canonical"]

    report = changed(withhold)
    assert any("subject's own stream is given whole" in p for p in report.problems)


def test_a_withheld_event_that_nothing_pins_fails() -> None:
    """Two withheld events in a row: the first is pinned neither by a successor nor a head."""

    def withhold(bundle: dict[str, Any]) -> None:
        item = bundle["streams"][1]["events"][1]
        item["withheld"] = "reporter-identity (R-RP-3)"
        del item["canonical"]

    report = changed(withhold)
    assert any("nothing pins it" in p for p in report.problems), report.problems


def test_the_second_filing_commits_to_the_opening_spec_section_7_8_shows() -> None:
    """The filing given whole carries SHA-256("jianzheng:commit:v1\\n" || salt || JCS(opening))
    of the filing account and reporter; the withheld ReporterSealed is what holds them."""
    module = script()
    filing = json.loads(base64.b64decode(BUNDLE["streams"][2]["events"][0]["canonical"]))
    assert filing["type"] == "reports.ReportFiled"
    assert filing["actor"] == "system"
    commitment = filing["data"]["reporter"]["commitment"]
    opening = {"actor": module.HOSPITAL, "reporter": module.REPORTERS[1]}
    expected = hashlib.sha256(
        b"jianzheng:commit:v1\n" + bytes(range(32)) + canonical_json(opening)
    ).hexdigest()
    assert commitment == expected
    assert opens(commitment, bytes(range(32)).hex(), opening)
    assert not opens(commitment, bytes(32).hex(), opening)


@pytest.mark.parametrize(
    "heads",
    ["not-an-object", {"stream": 7, "seq": "2"}, {}, None],
    ids=["string", "wrong-types", "empty", "null"],
)
def test_malformed_heads_are_a_reported_problem_not_a_crash(heads: Any) -> None:
    """Whatever `heads` holds, the verifier answers with a problem naming the heads."""
    report = changed(lambda b: b.update(heads=heads))
    assert not report.ok
    assert any("heads" in p for p in report.problems), report.problems


def test_heads_whose_streams_are_not_objects_are_a_reported_problem() -> None:
    """A heads event cannot be edited (its hash is a leaf), so a bundle naming a changed one
    fails on the hash; the verifier still answers with problems, never an exception."""

    def garble(bundle: dict[str, Any]) -> None:
        item = bundle["streams"][4]["events"][1]
        envelope = json.loads(base64.b64decode(item["canonical"]))
        envelope["data"]["streams"] = ["x", 1]
        item["canonical"] = base64.b64encode(canonical_json(envelope)).decode()

    report = changed(garble)
    assert not report.ok
    assert report.problems
