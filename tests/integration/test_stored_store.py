"""A store written by commit 395df48 loads, verifies and answers the same (issue 12).

``tests/fixtures/stored-store-395df48/`` holds a small SQLite store made through the API by
``scripts/make_stored_store_fixture.py`` at that commit (an enforcement case from filing to
closure through the legal-review gate, a child's file with guardianship changes and an
assessment, a mandatory report with the police response, a cosigned checkpoint), the read-only
calls to replay (``requests.json``) and what that commit answered (``answers.json``). The
tests open a copy with the current code: a refactor that changes stored bytes, an
``event_hash``, a decoded state or an answer fails here (R-AV-4: the trail stays verifiable
by the code that comes after the code that wrote it). An answer may gain members (issue 13
adds deadlines, endings and sanctions to a case) but keeps every member it had, unchanged.

Some reads are themselves recorded (R-CH-4, R-AC-3: another department's read of a child's
file, of a report or of a case, and every bundle export): each appends access events with the
reader, the reason and the server's time. ``requests.json`` therefore lists every call that
records nothing first, then the reads of children's files, reports and the case once each, in
a fixed order, the bundle export last: every earlier answer sees the store exactly as
committed, and the recorded reads' answers do not show the reads. The test then checks that
the replay appended exactly the expected access events, and that the store still verifies.
The only field removed before comparing is the bundle's ``exported_at`` (the time of the
request, not content); the bundle itself is verified offline instead.

PostgreSQL: the code has no path to import or copy a stored SQLite store into PostgreSQL
(no ``jianzheng`` command, no application method), so these tests run on SQLite only.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.proof.bundle import verify_bundle
from domain.proof.checkpoint import parse_witness_vkey
from infra.application import Jianzheng
from infra.settings import Settings
from tests.rawstore import RawStore

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "stored-store-395df48"
PER_REQUEST_FIELDS = {"bundle": ("exported_at",)}
# What the replay appends, in order (R-CH-4, R-AC-3): another department's first read of a
# child's file, a report, a case opens that subject's access stream and records the read; the
# bundle export is recorded in the case's access stream. The village committee's read of a
# child of its village and the reporter's read of its own report record nothing.
OPENED_AND_READ = [("access.Opened", 1), ("access.Read", 2)]
APPENDED_BY_REPLAY = [
    *OPENED_AND_READ,  # the police read the child's file
    *OPENED_AND_READ,  # the police read the report
    *OPENED_AND_READ,  # the court reads the case
    ("access.BundleExported", 3),  # the court exports the case's bundle
]
WITHHELD_SINCE = {
    "report by its reporter": [("body", "area"), ("body", "town_informed", "town")],
}
"""Members an answer no longer gives, on purpose, each for a reason of law, not a refactor:
a reporter's view of its report about a child's file told the child's village and town
(outside attack finding #7; R-CH-4, ADR 0005: outside the area a caller learns neither).
They now answer null, with ``location_hidden: true``; every other member keeps."""


def withheld(got: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    """``want`` with the members :data:`WITHHELD_SINCE` names for its answer set to null,
    once ``got`` shows each of them null and says the location is hidden."""
    paths = WITHHELD_SINCE.get(want["name"], [])
    if not paths:
        return want
    assert got["body"]["location_hidden"] is True, got
    want = json.loads(json.dumps(want))
    for *parents, member in paths:
        there, here = got, want
        for key in parents:
            there, here = there[key], here[key]
        assert there[member] is None, (want["name"], member)
        here[member] = None
    return want


def load(name: str) -> Any:
    """One of the fixture's JSON files."""
    return json.loads((FIXTURE / name).read_text("utf-8"))


@dataclass
class Copy:
    """A private copy of the committed store, with the settings it was made with."""

    settings: Settings
    env: dict[str, str]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``jianzheng`` against the copy in a separate process."""
        return subprocess.run(
            [sys.executable, "-m", "api", *args],
            env=self.env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    def verify(self) -> tuple[int, dict[str, Any]]:
        """``jianzheng verify --deep --json``: exit status and report."""
        done = self.cli("verify", "--deep", "--json")
        return done.returncode, json.loads(done.stdout)


@pytest.fixture
def stored(tmp_path: Path) -> Copy:
    """The committed store copied into ``tmp_path`` (the fixture itself is never opened)."""
    store = tmp_path / "store"
    shutil.copytree(FIXTURE / "store", store)
    made_with: dict[str, str] = load("settings.json")
    settings = Settings(
        data_dir=store, log_origin=made_with["JIANZHENG_LOG_ORIGIN"], checkpoint_interval_seconds=5
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env |= made_with | {"JIANZHENG_DATA_DIR": str(store)}
    return Copy(settings, env)


@pytest.fixture
def client(stored: Copy) -> Iterator[TestClient]:
    """The current API over the copy, started as the server starts it (lifespan run)."""
    jz = Jianzheng(stored.settings)
    try:
        with TestClient(create_app(jianzheng=jz)) as c:
            yield c
    finally:
        jz.close()


def replay(client: TestClient) -> tuple[list[dict[str, Any]], bytes]:
    """Every recorded request, in order: the answers as recorded, and the bundle's bytes."""
    tokens: dict[str, str] = load("tokens.json")
    answers, bundle = [], b""
    for request in load("requests.json"):
        headers = {}
        if request["caller"] != "nobody":
            headers["Authorization"] = f"Bearer {tokens[request['caller']]}"
        response = client.request(request["method"], request["path"], headers=headers)
        body: Any = response.text if request["kind"] == "text" else response.json()
        if request["kind"] == "bundle" and response.status_code == 200:
            bundle = response.content
            for name in PER_REQUEST_FIELDS["bundle"]:
                body.pop(name)
        answers.append(
            {
                "name": request["name"],
                "status": response.status_code,
                "content_type": response.headers["content-type"],
                "body": body,
            }
        )
    return answers, bundle


def keeps(got: Any, want: Any) -> bool:
    """Whether ``got`` answers everything ``want`` answered, the same: a newer code may add
    members to an object (a deadline, a sanction) but never drop, rename or change one, and
    lists keep their length and order."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and keeps(got[k], v) for k, v in want.items())
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(keeps(g, w) for g, w in zip(got, want, strict=True))
        )
    return bool(got == want) and type(got) is type(want)


def test_keeps_allows_added_members_only() -> None:
    """The comparison fails on a changed, dropped or retyped answer."""
    want = {"a": 1, "b": [{"c": "x"}], "d": None}
    assert keeps({"a": 1, "b": [{"c": "x", "new": 2}], "d": None, "e": 3}, want)
    assert not keeps({"a": 2, "b": [{"c": "x"}], "d": None}, want)
    assert not keeps({"a": 1, "b": [{"c": "x"}]}, want)
    assert not keeps(
        {"a": True, "b": [{"c": "x"}], "d": None}, {"a": 1, "b": [{"c": "x"}], "d": None}
    )
    assert not keeps({"a": 1, "b": [], "d": None}, want)


def test_a_withheld_member_must_answer_null() -> None:
    """The exception :data:`WITHHELD_SINCE` allows is a member now null, nothing else: an
    answer that still shows the child's village, or changes it, fails."""
    want = {"name": "report by its reporter", "body": {"area": "370303001001",
            "town_informed": {"town": "370303001"}, "seq": 3}}  # fmt: skip
    hidden = {"area": None, "town_informed": {"town": None}, "seq": 3, "location_hidden": True}
    assert keeps({**want, "body": hidden}, withheld({**want, "body": hidden}, want))
    for shown in ({**hidden, "area": "370303001001"}, {**hidden, "area": "x"}):
        with pytest.raises(AssertionError):
            withheld({**want, "body": shown}, want)
    assert not keeps({**want, "body": {**hidden, "seq": 4}}, withheld({**want, "body": hidden},
                                                                      want))  # fmt: skip


def test_the_stored_store_verifies_with_the_current_code(stored: Copy) -> None:
    """``jianzheng verify --deep`` accepts every stored event, blob, leaf and checkpoint."""
    code, report = stored.verify()
    recorded = next(a["body"] for a in load("answers.json") if a["name"] == "verification")
    assert code == 0, report
    assert report == recorded
    assert (report["events"], report["blobs_checked"], report["checkpoints_checked"]) == (85, 2, 2)


def test_the_stored_store_answers_the_same_over_the_api(stored: Copy, client: TestClient) -> None:
    """Every recorded read answers as it did at 395df48; the recorded reads add their events."""
    raw = RawStore(stored.settings)
    try:
        last = raw.count()
        answers, _ = replay(client)
        expected = load("answers.json")
        assert [a["name"] for a in answers] == [a["name"] for a in expected]
        for got, want in zip(answers, expected, strict=True):
            assert keeps(got, withheld(got, want)), f"{want['name']} answers differently"
        appended = raw.execute(
            f"SELECT topic, originator_version FROM {raw.table} WHERE {raw.pos} > ? "
            f"ORDER BY {raw.pos}",
            last,
        )
    finally:
        raw.close()
    assert [(str(t), v) for t, v in appended] == APPENDED_BY_REPLAY
    code, report = stored.verify()
    assert code == 0, report


def test_the_replayed_bundle_verifies_offline(
    stored: Copy, client: TestClient, tmp_path: Path
) -> None:
    """The bundle exported now verifies with the log key and the TEST witness, in process and
    with ``jianzheng verify-bundle``; one flipped byte in it is refused."""
    _, bundle = replay(client)
    log_vkey = (stored.settings.data_dir / "log.vkey").read_text().strip()
    witness_vkey = (FIXTURE / "TEST-witness.vkey").read_text().strip()
    report = verify_bundle(bundle, log_vkey, [parse_witness_vkey(witness_vkey)])
    assert report.ok, report.problems
    assert report.cosigned_by == ["TEST-ONLY-witness-fixture-395df48"]
    path = tmp_path / "bundle.json"
    path.write_bytes(bundle)
    done = stored.cli("verify-bundle", str(path), "--log-key", log_vkey,
                      "--witness-key", witness_vkey)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    parsed = json.loads(bundle)
    event = parsed["streams"][0]["events"][-1]
    canonical = bytearray(base64.b64decode(event["canonical"]))
    canonical[len(canonical) // 2] ^= 0x01
    event["canonical"] = base64.b64encode(bytes(canonical)).decode()
    flipped = json.dumps(parsed, ensure_ascii=False).encode()
    assert not verify_bundle(flipped, log_vkey, [parse_witness_vkey(witness_vkey)]).ok


def test_one_flipped_byte_in_a_stored_event_fails_verification(stored: Copy) -> None:
    """Changing one byte of the case's draft in the database is found: exit 1, that event."""
    case_id = load("ids.json")["case"]
    raw = RawStore(stored.settings)
    try:
        row = next(r for r in raw.rows(case_id) if "一百二十四条".encode() in r.state)
        state = bytearray(row.state)
        at = state.index("一百二十四条".encode())
        state[at + 2] ^= 0x01
        raw.set_state(case_id, row.seq, bytes(state))
    finally:
        raw.close()
    code, report = stored.verify()
    assert code == 1
    assert report["ok"] is False
    assert [(b["stream"], b["seq"], b["kind"]) for b in report["breaks"]] == [
        (case_id, row.seq, "content-altered")
    ]
