"""A court's bundle of a child's histories (R-GD-8, R-RP-3; docs/spec.md §7.7).

A court seized of a petition about a child takes away the child's guardianship history,
assessments, reports and petitions as one offline bundle that ``jianzheng verify-bundle``
checks; the reporter's identity is never in it; the export is recorded in the child's
access stream with the bundle's hash; nobody else gets one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.proof.bundle import verify_bundle
from domain.proof.checkpoint import parse_witness_vkey
from domain.proof.commitment import opens
from domain.records.access import AccessLog
from domain.records.reports import Report
from infra.application import OPERATOR, Jianzheng
from tests.integration.test_children_api import LOCATION, People, post, story

REASON = "(2026)鲁0303民特7号"
DOCTOR = {"name": "李医生", "unit": "张店区人民医院", "phone": "13800001234"}
TEACHER = ("张老师", "某村小学")  # the reporter in test_children_api.story


@pytest.fixture
def people(jz: Jianzheng) -> People:
    """The child-protection chain of village 370303001001, and courts here and elsewhere."""
    cast = {
        "village": ("village_committee", "370303001001"),
        "town": ("town_office", "370303001"),
        "civil": ("civil_affairs", "370303"),
        "police": ("police", "370303"),
        "school": ("reporter", "370303001001"),
        "court": ("court", "370303"),
        "court_elsewhere": ("court", "370305"),
        "oversight": ("oversight", "370300"),
    }
    tokens = {}
    for key, (role, area) in cast.items():
        tokens[key] = jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        ).token
    return People(tokens)


def petitioned_child(client: TestClient, people: People) -> dict[str, str]:
    """The left-behind story up to the court's ruling, plus a second report (by a hospital,
    one event only) about the same child."""
    ids = story(client, people)
    ids["second_report"] = post(client, "/v1/reports", "school", people, {
        "reporter": DOCTOR, "institution_kind": "medical", "situations": ["living_alone"],
        "noticed_at": "2026-11-21T08:00:00Z", "reported_at": "2026-11-21T08:10:00Z",
        "summary": "就诊时发现无人照看", "child_id": ids["child"],
    })["report_id"]  # fmt: skip
    return ids


def export(client: TestClient, people: People, child: str, who: str = "court") -> Any:
    return client.get(
        f"/v1/court/children/{child}/bundle", params={"reason": REASON}, headers=people.auth(who)
    )


def me(client: TestClient, people: People, who: str) -> str:
    answer = client.get("/v1/me", headers=people.auth(who))
    assert answer.status_code == 200, answer.text
    return str(answer.json()["actor_id"])


def log_key(jz: Jianzheng) -> str:
    return str(jz.log.published[0])


def edited(data: bytes, change: Any) -> bytes:
    bundle = json.loads(data)
    change(bundle)
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode()


def stream_of(bundle: dict[str, Any], role: str, index: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = [s for s in bundle["streams"] if s["role"] == role][index]
    return found


def test_a_courts_child_bundle_verifies_offline_in_process_and_with_the_cli(
    client: TestClient, people: People, jz: Jianzheng, tmp_path: Path
) -> None:
    """R-GD-8: the child's history, reports and petition, each stream complete, verify with the
    log key alone — in process and with `jianzheng verify-bundle` in a process with no store."""
    ids = petitioned_child(client, people)
    answer = export(client, people, ids["child"])
    assert answer.status_code == 200, answer.text
    data = answer.content
    bundle = json.loads(data)
    assert bundle["subject"] == {"kind": "child", "id": ids["child"]}
    assert [(s["role"], s["stream"]) for s in bundle["streams"]][:1] == [("subject", ids["child"])]
    assert {s["stream"] for s in bundle["streams"] if s["role"] == "report"} == {
        ids["report"],
        ids["second_report"],
    }
    assert [s["stream"] for s in bundle["streams"] if s["role"] == "petition"] == [ids["petition"]]
    report = verify_bundle(data, log_key(jz))
    assert report.ok, report.problems
    assert not report.notes
    kinds = [step["type"] for step in report.story]
    assert kinds[0] == "children.Registered"
    assert {"children.AssessmentRecorded", "children.CourtGuardianAppointed"} <= set(kinds)
    assert [(w["stream"], w["seq"]) for w in report.withheld] == sorted(
        [(ids["report"], 2), (ids["second_report"], 2)],
        key=lambda w: [s["stream"] for s in bundle["streams"]].index(w[0]),
    )
    assert report.complete_as_of is not None
    file = tmp_path / "child-bundle.json"
    file.write_bytes(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env["JIANZHENG_DATA_DIR"] = str(tmp_path / "nowhere")  # no store: offline
    done = subprocess.run(
        [sys.executable, "-m", "api", "verify-bundle", str(file), "--log-key", log_key(jz)],
        env=env, capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: every chain" in done.stdout
    assert "withheld" in done.stdout
    assert not (tmp_path / "nowhere").exists()
    file.write_bytes(data.replace(b'"leaf_index": ', b'"leaf_index": 1', 1))
    tampered = subprocess.run(
        [sys.executable, "-m", "api", "verify-bundle", str(file), "--log-key", log_key(jz)],
        env=env, capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert tampered.returncode == 1, tampered.stdout


def test_flipping_a_byte_or_dropping_an_event_fails(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """Any changed byte, dropped event (in the middle or the tail), dropped stream, or forged
    withheld hash makes the bundle fail; the heads are what show a cut tail."""
    ids = petitioned_child(client, people)
    data = export(client, people, ids["child"]).content
    key = log_key(jz)
    assert verify_bundle(data, key).ok

    def flip_child_byte(b: dict[str, Any]) -> None:
        event = stream_of(b, "subject")["events"][2]
        raw = bytearray(base64.b64decode(event["canonical"]))
        raw[raw.index(b'"at":"') + 8] ^= 0x01
        event["canonical"] = base64.b64encode(bytes(raw)).decode()

    def flip_withheld_hash(b: dict[str, Any]) -> None:
        event = stream_of(b, "report")["events"][1]
        assert "canonical" not in event
        event["event_hash"] = ("0" if event["event_hash"][0] != "0" else "1") + event["event_hash"][
            1:
        ]

    def drop_last(role: str) -> Any:
        return lambda b: stream_of(b, role)["events"].pop()

    def drop_middle(b: dict[str, Any]) -> None:
        del stream_of(b, "subject")["events"][1]

    def drop_stream(b: dict[str, Any]) -> None:
        b["streams"].remove(stream_of(b, "report"))

    def drop_heads(b: dict[str, Any]) -> None:
        del b["heads"]

    cases = {
        "byte flipped in the child's stream": (flip_child_byte, "hash"),
        "withheld hash changed": (flip_withheld_hash, "not included"),
        "child's last event dropped": (drop_last("subject"), "head is seq"),
        "petition's ruling dropped": (drop_last("petition"), "head is seq"),
        "child's second event dropped": (drop_middle, "an event is missing"),
        "a report left out": (drop_stream, "missing"),
        "heads removed": (drop_heads, "must name its heads"),
    }
    for name, (change, words) in cases.items():
        report = verify_bundle(edited(data, change), key)
        assert not report.ok, name
        assert any(words in p for p in report.problems), (name, report.problems)
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x01
    assert not verify_bundle(bytes(flipped), key).ok


def test_the_reporters_identity_never_appears_in_the_bundle(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """R-RP-3: neither the file's bytes nor any event's decoded bytes hold the reporter's name,
    unit, phone, or the reporting unit's account; the police still see the reporter."""
    ids = petitioned_child(client, people)
    data = export(client, people, ids["child"]).content
    bundle = json.loads(data)
    decoded = [
        base64.b64decode(e["canonical"])
        for s in bundle["streams"]
        for e in s["events"]
        if "canonical" in e
    ]
    school_id = me(client, people, "school")
    needles = [*TEACHER, *DOCTOR.values(), "school-actor", "school-agency", school_id]
    for needle in needles:
        encoded = needle.encode()
        assert encoded not in data, needle
        assert not any(encoded in d for d in decoded), needle
    # the withheld events are real: the police read the reporter of the same report
    police = client.get(f"/v1/reports/{ids['second_report']}", params={"reason": "核查"},
                        headers=people.auth("police")).json()  # fmt: skip
    assert police["reporter"]["phone"] == DOCTOR["phone"]


def test_the_export_is_in_the_childs_access_history_with_the_bundles_hash(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """The export is recorded as access.BundleExported with who, why, and the SHA-256 and
    length of exactly the bytes handed over; the store still verifies."""
    ids = petitioned_child(client, people)
    data = export(client, people, ids["child"]).content
    log = jz.store.load(AccessLog, AccessLog.create_id("child", ids["child"]))
    assert [(e["role"], e["reason"], e["sha256"]) for e in log.exports] == [
        ("court", REASON, hashlib.sha256(data).hexdigest())
    ]
    exported = [
        e.envelope
        for e in jz.store.history(AccessLog.create_id("child", ids["child"]))
        if e.TYPE == "access.BundleExported"
    ]
    assert exported[0].data["size"] == len(data)
    assert exported[0].actor == me(client, people, "court")
    assert jz.verify().ok


def test_only_a_court_seized_of_a_petition_about_the_child_gets_a_bundle(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """R-GD-8, R-AC-3: police, oversight, civil affairs, a court of another area, and a court
    asked for a child without a petition are refused, with nothing appended; so is a missing
    reason and an id that names no child's file."""
    ids = petitioned_child(client, people)
    other = post(client, "/v1/children", "village", people, {
        "personal": {"name": "李小红", "id_number": "370303201603030028"},
        "birth_date": "2016-03-03", "sex": "female", "location": LOCATION,
        "categories": ["poverty_life"], "registered_on": "2026-03-01",
        "guardian": {"name": "李父", "relation": "father"},
    })["child_id"]  # fmt: skip
    before = jz.store.event_count()
    for who in ("police", "oversight", "civil", "village", "court_elsewhere"):
        refused = export(client, people, ids["child"], who)
        assert refused.status_code == 403, (who, refused.text)
        assert refused.headers["content-type"] == "application/problem+json"
    no_petition = export(client, people, other)
    assert no_petition.status_code == 403, no_petition.text
    missing = client.get(f"/v1/court/children/{UUID(int=7)}/bundle", params={"reason": REASON},
                         headers=people.auth("court"))  # fmt: skip
    assert missing.status_code == 404, missing.text
    no_reason = client.get(f"/v1/court/children/{ids['child']}/bundle",
                           headers=people.auth("court"))  # fmt: skip
    assert no_reason.status_code == 422, no_reason.text
    assert jz.store.event_count() == before
    assert export(client, people, ids["child"]).status_code == 200


def test_the_filing_commits_to_the_reporter_and_the_police_can_open_it(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """R-RP-3, spec §7.8: the court gets the filing whole (situations, times, summary) with a
    salted commitment in place of the reporter; the withheld ReporterSealed, as stored, opens
    it — so a reporter disclosed later can be checked against the bundle."""
    ids = petitioned_child(client, people)
    bundle = json.loads(export(client, people, ids["child"]).content)
    report = next(s for s in bundle["streams"] if s["stream"] == ids["second_report"])
    filing = json.loads(base64.b64decode(report["events"][0]["canonical"]))
    assert filing["type"] == "reports.ReportFiled"
    assert filing["actor"] == "system"
    assert filing["data"]["situations"] == ["living_alone"]
    assert set(filing["data"]["reporter"]) == {"commitment", "scheme"}
    assert "canonical" not in report["events"][1]
    sealed = jz.store.history(UUID(ids["second_report"]))[1].envelope
    assert sealed.type == "reports.ReporterSealed"
    assert report["events"][1]["event_hash"] == sealed.event_hash
    opening = {"actor": sealed.actor, "reporter": sealed.data["reporter"]}
    commitment = filing["data"]["reporter"]["commitment"]
    assert opens(commitment, sealed.data["salt"], opening)
    assert not opens(commitment, sealed.data["salt"], {**opening, "reporter": {"name": "王某"}})


def test_a_filing_stored_with_the_reporter_in_clear_is_withheld_whole(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """A filing written before filings committed to the reporter (spec v1 shape, the reporter
    in data) never enters the bundle; as a report's only event its head pins it."""
    ids = petitioned_child(client, people)
    school = me(client, people, "school")
    old = Report(
        actor=school, recorded_role="reporter", reporter=DOCTOR | {"name": "旧报告人"},
        institution_kind="medical", situations=["living_alone"],
        noticed_at="2026-11-19T08:00:00Z", reported_at="2026-11-19T08:05:00Z",
        child_id=ids["child"], unidentified_child=None, area=LOCATION["village"],
        summary="旧格式的报告",
    )  # fmt: skip
    jz.store.append(old)
    data = export(client, people, ids["child"]).content
    assert "旧报告人".encode() not in data
    report = verify_bundle(data, log_key(jz))
    assert report.ok, report.problems
    assert (str(old.id), 1) in [(w["stream"], w["seq"]) for w in report.withheld]
    decoded = [base64.b64decode(e["canonical"]) for s in json.loads(data)["streams"]
               for e in s["events"] if "canonical" in e]  # fmt: skip
    assert not any("旧报告人".encode() in d or school.encode() in d for d in decoded)


def test_a_report_about_an_unidentified_child_joins_once_linked_to_the_file(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """A report filed before the child had a file is about the child once ChildLinked names
    it: the bundle carries it, and its head covers the link."""
    ids = petitioned_child(client, people)
    found = post(client, "/v1/reports", "school", people, {
        "reporter": DOCTOR, "institution_kind": "medical", "situations": ["living_alone"],
        "noticed_at": "2026-11-22T08:00:00Z", "reported_at": "2026-11-22T08:05:00Z",
        "summary": "一名无人照看的男孩", "area": LOCATION["village"],
        "unidentified_child": {"apparent_age": 12, "sex": "male"},
    })["report_id"]  # fmt: skip
    before = json.loads(export(client, people, ids["child"]).content)
    assert found not in [s["stream"] for s in before["streams"]]
    post(client, f"/v1/reports/{found}/child", "police", people, {"child_id": ids["child"]})
    data = export(client, people, ids["child"]).content
    linked = next(s for s in json.loads(data)["streams"] if s["stream"] == found)
    assert linked["role"] == "report"
    assert len(linked["events"]) == 3  # filed, reporter sealed, child linked
    report = verify_bundle(data, log_key(jz))
    assert report.ok, report.problems


def test_the_heads_state_what_is_withheld_and_nothing_else_can_be_hidden(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """Attack finding #2 (R-RP-3, R-GD-8): the logged heads list, per stream, exactly the
    reporter-identity events withheld; a withheld marker put anywhere else (the ruling, a
    filing, the police response, the town's steps) fails. Finding #10: a relabelled stream
    (``kind`` or ``role``) fails."""
    ids = petitioned_child(client, people)
    data = export(client, people, ids["child"]).content
    key = log_key(jz)
    bundle = json.loads(data)
    heads = jz.store.history(UUID(bundle["heads"]["stream"]))[-1].envelope
    stated = {h["stream"]: h for h in heads.data["streams"]}
    for stream in bundle["streams"][:-1]:
        head = stated[stream["stream"]]
        assert (head["kind"], head["role"]) == (stream["kind"], stream["role"])
        given_out = [i + 1 for i, e in enumerate(stream["events"]) if "withheld" in e]
        assert [w["seq"] for w in head["withheld"]] == given_out
    assert stated[ids["report"]]["withheld"] == [{"seq": 2, "why": "reporter-identity (R-RP-3)"}]
    assert stated[ids["petition"]]["withheld"] == []
    hidden = 0
    for s, stream in enumerate(bundle["streams"]):
        for e, event in enumerate(stream["events"]):
            if "canonical" not in event:
                continue

            def hide(b: dict[str, Any], s: int = s, e: int = e) -> None:
                item = b["streams"][s]["events"][e]
                del item["canonical"]
                item["withheld"] = "reporter-identity (R-RP-3)"

            report = verify_bundle(edited(data, hide), key)
            assert not report.ok, (stream["role"], e + 1)
            hidden += 1
    assert hidden >= 8
    for role, label, value in (("petition", "role", "report"), ("subject", "kind", "reports")):

        def relabel(b: dict[str, Any], role: str = role, label: str = label, value: str = value):
            stream_of(b, role)[label] = value

        report = verify_bundle(edited(data, relabel), key)
        assert any(f"labelled {label} {value!r}" in p for p in report.problems), report.problems


def test_the_childs_keepers_see_which_court_took_which_bundle(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """Attack finding #4 (R-CH-4, R-AC-3): the child's keepers (village, town, civil affairs)
    see each bundle taken away in the file's ``reads`` — who, in which role, why, when, and
    the SHA-256 and size of the bytes handed over; other departments see no ``reads``."""
    ids = petitioned_child(client, people)
    data = export(client, people, ids["child"]).content
    court = me(client, people, "court")
    path = f"/v1/children/{ids['child']}"
    for keeper in ("village", "town", "civil"):
        answer = client.get(path, headers=people.auth(keeper))
        assert answer.status_code == 200, answer.text
        bundles = [r for r in answer.json()["reads"] if r["what"] == "bundle"]
        assert [(b["actor"], b["role"], b["reason"], b["sha256"], b["size"]) for b in bundles] == [
            (court, "court", REASON, hashlib.sha256(data).hexdigest(), len(data))
        ], keeper
        assert bundles[0]["at"] is not None
    police = client.get(path, params={"reason": "核查"}, headers=people.auth("police"))
    assert police.status_code == 200, police.text
    assert police.json()["reads"] is None


def _witness_through(monkeypatch: pytest.MonkeyPatch, client: TestClient) -> None:
    """Route a witness's HTTP calls (infra.witness) to the in-process server."""
    import infra.witness as witness

    def get(url: str) -> bytes:
        response = client.get(url.replace("http://testserver", ""))
        assert response.status_code == 200, response.text
        return response.content

    def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
        response = client.post(url.replace("http://testserver", ""), json=body)
        if response.status_code != 201:
            raise witness.WitnessRefused(response.text)
        answer: dict[str, Any] = response.json()
        return answer

    monkeypatch.setattr(witness, "_get", get)
    monkeypatch.setattr(witness, "_post", post)


def test_a_court_gets_a_witnessed_bundle_by_asking_again_with_the_heads(
    client: TestClient,
    people: People,
    jz: Jianzheng,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """R-AV-4, docs/courts.md: the heads are logged just before the bundle is made, so the first
    file carries a checkpoint no witness has cosigned yet (`--witness-key` fails). Once the witness
    has cosigned, the court asks again with `?heads=<heads.stream>`: the same events, no new
    heads, proved against the cosigned checkpoint, and `--witness-key` holds. A fresh request
    without `heads` would record new heads beyond every cosigned checkpoint again."""
    from infra.witness import generate_witness_key, witness_once

    _witness_through(monkeypatch, client)
    ids = petitioned_child(client, people)
    signer = generate_witness_key("oversight-witness", tmp_path / "w.key")
    jz.add_witness(OPERATOR, signer.vkey)
    witness = parse_witness_vkey(signer.vkey)
    first = export(client, people, ids["child"]).content
    unwitnessed = verify_bundle(first, log_key(jz), [witness])
    assert not unwitnessed.ok
    assert any(p.startswith("checkpoint:") for p in unwitnessed.problems), unwitnessed.problems
    assert "cosigned" in witness_once("http://testserver", log_key(jz), signer, tmp_path / "s")
    heads_id = json.loads(first)["heads"]["stream"]
    heads_before = sum(1 for _ in jz.store.rows(topics=("access.BundleHeadsRecorded",)))
    path = f"/v1/court/children/{ids['child']}/bundle"
    again = client.get(path, params={"reason": REASON, "heads": heads_id},
                       headers=people.auth("court"))  # fmt: skip
    assert again.status_code == 200, again.text
    report = verify_bundle(again.content, log_key(jz), [witness])
    assert report.ok, report.problems
    assert report.cosigned_by == ["oversight-witness"]
    assert sum(1 for _ in jz.store.rows(topics=("access.BundleHeadsRecorded",))) == heads_before

    def without_proofs(data: bytes) -> list[Any]:
        streams = json.loads(data)["streams"]
        return [[{k: v for k, v in e.items() if k != "inclusion_proof"} for e in s["events"]]
                + [s["stream"], s["kind"], s["role"]] for s in streams]  # fmt: skip

    assert without_proofs(again.content) == without_proofs(first)
    assert json.loads(again.content)["heads"] == json.loads(first)["heads"]
    log = jz.store.load(AccessLog, AccessLog.create_id("child", ids["child"]))
    assert [e["sha256"] for e in log.exports] == [
        hashlib.sha256(first).hexdigest(),
        hashlib.sha256(again.content).hexdigest(),
    ]
    for wrong in (ids["child"], "00000000-0000-4000-8000-000000000000"):
        answer = client.get(path, params={"reason": REASON, "heads": wrong},
                            headers=people.auth("court"))  # fmt: skip
        assert answer.status_code == 404, answer.text
        assert answer.json()["code"] == "not-found"
    other = client.get(path, params={"reason": REASON, "heads": heads_id},
                       headers=people.auth("court_elsewhere"))  # fmt: skip
    assert other.status_code == 403
    assert len(jz.store.load(AccessLog, AccessLog.create_id("child", ids["child"])).exports) == 2
