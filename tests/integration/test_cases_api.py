"""Enforcement cases over HTTP: whole-process records, evidence, the gate, publicity, closure."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.app import create_app
from domain.records.access import AccessLog
from infra.application import OPERATOR, Jianzheng
from tests.integration.casekit import (
    AGENCY,
    AREA,
    Cast,
    heads_discuss,
    inform_over_http,
    mp4,
    opinion_items,
    wav,
)

PROBLEM = "application/problem+json"
VIDEO = mp4()


def auth(cast: Cast, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


def open_case(client: TestClient, cast: Cast, **extra: Any) -> str:
    body = {
        "action_type": "penalty",
        "title": "某餐馆无证经营案",
        "agency": AGENCY,
        "jurisdiction": AREA,
        "officers": [cast.officer_a.actor_id, cast.officer_b.actor_id],
        "party": {"kind": "person", "name": "刘某"},
        **extra,
    }
    response = client.post("/v1/cases", json=body, headers=auth(cast, "a"))
    assert response.status_code == 201, response.text
    return str(response.json()["case_id"])


def upload(
    client: TestClient, cast: Cast, data: bytes, media_type: str, case: str
) -> dict[str, Any]:
    response = client.post(
        "/v1/evidence",
        params={"purpose": "case", "case_id": case},
        content=data,
        headers={**auth(cast, "a"), "Content-Type": media_type},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_an_upload_answers_its_hash_size_and_type_and_registers_once(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """POST /v1/evidence streams the body, hashes it, and a second upload adds no event."""
    import hashlib

    case = open_case(client, cast)
    first = upload(client, cast, VIDEO, "video/mp4", case)
    assert first["sha256"] == hashlib.sha256(VIDEO).hexdigest()
    assert (first["size"], first["media_type"]) == (len(VIDEO), "video/mp4")
    assert [e["type"] for e in first["events"]] == ["evidence.Registered"]
    again = upload(client, cast, VIDEO, "video/mp4", case)
    assert again["events"] == []
    assert b"".join(jz.blobs.read(first["sha256"])) == VIDEO


def test_an_upload_over_the_limit_is_413_and_leaves_nothing(
    jz: Jianzheng, cast: Cast, tmp_path: Path
) -> None:
    """The size limit applies while streaming; no blob, no event, no temporary file remains."""
    jz.blobs.max_bytes = 1000
    with TestClient(create_app(jianzheng=jz)) as client:
        case = open_case(client, cast)
        before = jz.store.event_count()
        response = client.post(
            "/v1/evidence", content=mp4(5000), params={"purpose": "case", "case_id": case},
            headers={**auth(cast, "a"), "Content-Type": "video/mp4"},
        )  # fmt: skip
    assert response.status_code == 413
    assert response.json()["code"] == "body-too-large"
    assert jz.store.event_count() == before
    assert not any(p.is_file() for p in (jz.blobs.root / "tmp").glob("*"))
    assert not (jz.blobs.root / "sha256").exists()


def test_a_contested_step_without_av_is_refused_and_with_av_records_the_hash(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-AV-2: an on-site inspection needs an audio-video record; the hash goes in the event."""
    case = open_case(client, cast)
    photo = upload(client, cast, b"\xff\xd8\xff photo", "image/jpeg", case)
    before = jz.store.event_count()
    refused = client.post(
        f"/v1/cases/{case}/steps",
        json={
            "kind": "on_site_inspection",
            "summary": "现场检查后厨",
            "evidence": [photo["sha256"]],
        },
        headers=auth(cast, "a"),
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["code"] == "av-record-required"
    assert jz.store.event_count() == before
    video = upload(client, cast, VIDEO, "video/mp4", case)
    done = client.post(
        f"/v1/cases/{case}/steps",
        json={"kind": "on_site_inspection", "summary": "现场检查后厨",
              "evidence": [photo["sha256"], video["sha256"]]},
        headers=auth(cast, "a"),
    )  # fmt: skip
    assert done.status_code == 201, done.text
    events = client.get(f"/v1/cases/{case}/events", headers=auth(cast, "a")).json()["events"]
    step = events[-1]
    assert step["type"] == "enforcement.StepRecorded"
    assert video["sha256"] in {e["sha256"] for e in step["data"]["evidence"]}
    assert len(step["event_hash"]) == 64
    assert step["leaf_index"] == jz.log.leaf_index(step["event_hash"])
    assert step["leaf_index"] == done.json()["events"][0]["leaf_index"]


def test_a_step_touching_personal_freedom_needs_full_process_av(
    client: TestClient, cast: Cast
) -> None:
    """R-AV-3: a coercive step on personal freedom names its full-process recording."""
    case = open_case(client, cast)
    video = upload(client, cast, VIDEO, "video/mp4", case)
    step = {"kind": "coercive_measure", "summary": "查封扣押", "evidence": [video["sha256"]],
            "touches": ["personal_freedom"]}  # fmt: skip
    refused = client.post(f"/v1/cases/{case}/steps", json=step, headers=auth(cast, "a"))
    assert (refused.status_code, refused.json()["code"]) == (422, "av-record-required")
    step["full_process_recording"] = video["sha256"]
    assert client.post(f"/v1/cases/{case}/steps", json=step, headers=auth(cast, "a")).is_success


def test_unknown_evidence_and_unassigned_officers_are_refused(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """A step citing a hash never uploaded, or recorded by a stranger, changes nothing."""
    case = open_case(client, cast)
    before = jz.store.event_count()
    unknown = client.post(
        f"/v1/cases/{case}/steps",
        json={"kind": "other", "summary": "x", "evidence": ["ab" * 32]},
        headers=auth(cast, "a"),
    )
    assert unknown.json()["code"] == "evidence-not-found"
    stranger = client.post(
        f"/v1/cases/{case}/steps", json={"kind": "other", "summary": "x"},
        headers=auth(cast, "dual"),
    )  # fmt: skip
    assert (stranger.status_code, stranger.json()["code"]) == (403, "not-assigned-officer")
    assert jz.store.event_count() == before


def test_opening_needs_two_certified_officers(client: TestClient, cast: Cast) -> None:
    """R-EN-3: one officer is not enough; an expired certificate is refused."""
    alone = client.post(
        "/v1/cases",
        json={"action_type": "penalty", "title": "t", "agency": AGENCY, "jurisdiction": AREA,
              "officers": [cast.officer_a.actor_id], "party": {"kind": "person", "name": "刘某"}},
        headers=auth(cast, "a"),
    )  # fmt: skip
    assert (alone.status_code, alone.json()["code"]) == (422, "two-officers-required")
    long_ago = client.post(
        "/v1/cases",
        json={"action_type": "penalty", "title": "t", "agency": AGENCY, "jurisdiction": AREA,
              "officers": [cast.officer_a.actor_id, cast.officer_b.actor_id],
              "party": {"kind": "person", "name": "刘某"}, "filed_on": "2019-06-01"},
        headers=auth(cast, "a"),
    )  # fmt: skip
    assert (long_ago.status_code, long_ago.json()["code"]) == (403, "certificate-expired")


def test_verify_catches_a_changed_or_missing_blob(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """`jianzheng verify` re-hashes every registered blob (R-AV-4, R-AV-6)."""
    case = open_case(client, cast)
    video = upload(client, cast, VIDEO, "video/mp4", case)
    other = upload(client, cast, wav(), "audio/wav", case)
    assert jz.verify().ok
    path = jz.blobs.path(video["sha256"])
    path.chmod(0o640)
    path.write_bytes(VIDEO[:-1] + b"\x01")
    jz.blobs.path(other["sha256"]).unlink()
    report = jz.verify()
    assert not report.ok
    assert report.breaks == []
    assert {(p["sha256"], p["problem"]) for p in report.blob_problems} == {
        (video["sha256"], "altered"),
        (other["sha256"], "missing"),
    }


def test_the_full_story_blocks_then_decides_publishes_and_closes(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """Blocked without review (409, recorded), passed review, decision, publication, closure
    (R-AV-1, R-LR-7, R-PB-2, R-SV-1, R-SV-2)."""
    case = open_case(client, cast, filed_on="2025-09-01")
    inform_over_http(client, cast.tokens["a"], case)  # R-EN-4
    draft = client.post(
        f"/v1/cases/{case}/drafts",
        json={"measures": ["fine", "licence_revocation"], "fine_fen": 2_000_000,
              "facts": "无证经营", "legal_basis": "《食品安全法》第一百二十二条"},
        headers=auth(cast, "a"),
    ).json()  # fmt: skip
    assert draft["major"] is True
    assert draft["matched_rules"]
    blocked = client.post(
        f"/v1/cases/{case}/decision", json={"draft_hash": draft["draft_hash"]},
        headers=auth(cast, "head"),
    )  # fmt: skip
    assert blocked.status_code == 409
    assert blocked.headers["content-type"].startswith(PROBLEM)
    assert blocked.json()["code"] == "legal-review-required"
    assert blocked.json()["recorded"][0]["type"] == "enforcement.DecisionBlocked"
    queue = client.get("/v1/oversight/blocked-decisions", headers=auth(cast, "oversight")).json()
    assert [b["case_id"] for b in queue["blocked"]] == [case]
    assert queue["blocked"][0]["code"] == "legal-review-required"

    review = client.post(
        f"/v1/cases/{case}/reviews",
        json={"draft_hash": draft["draft_hash"], "requested_on": "2025-09-25"},
        headers=auth(cast, "a"),
    ).json()  # fmt: skip
    pending = client.get("/v1/oversight/reviews", headers=auth(cast, "oversight")).json()
    assert [r["review_id"] for r in pending["reviews"]] == [review["review_id"]]
    assert client.post(
        f"/v1/cases/{case}/reviews/{review['review_id']}/opinion",
        json={"result": "passed", "items": opinion_items(), "signature": "赵法制",
              "reviewed_on": "2025-09-25"},
        headers=auth(cast, "reviewer"),
    ).is_success  # fmt: skip
    assert (
        client.get("/v1/oversight/reviews", headers=auth(cast, "oversight")).json()["reviews"] == []
    )
    # A licence revocation is decided collectively by the heads (R-EN-7): on their record.
    heads_discuss(jz, cast, UUID(case), draft["draft_hash"], held_on="2025-09-26")
    decided = client.post(
        f"/v1/cases/{case}/decision",
        json={"draft_hash": draft["draft_hash"], "decided_on": "2025-09-26"},
        headers=auth(cast, "head"),
    )  # fmt: skip
    assert decided.status_code == 201, decided.text

    # Decided 2025-09-26 (Friday): seven working days run across National Day to 2025-10-13.
    overdue = client.get(
        "/v1/oversight/publications?status=overdue", headers=auth(cast, "oversight")
    ).json()["publications"]
    assert [(p["case_id"], p["due_on"]) for p in overdue] == [(case, "2025-10-13")]
    published = client.post(
        f"/v1/cases/{case}/publication", json={"summary": "刘某无证经营，罚款二万元，吊销许可"},
        headers=auth(cast, "a"),
    ).json()  # fmt: skip
    assert (published["due_on"], published["on_time"]) == ("2025-10-13", False)

    refused = client.post(
        f"/v1/cases/{case}/closure", json={"reason": "执行完毕"}, headers=auth(cast, "head")
    )  # R-EN-6: served and executed first
    assert (refused.status_code, refused.json()["code"]) == (409, "service-missing")
    assert client.post(
        f"/v1/cases/{case}/service", json={"method": "direct", "served_on": "2025-09-29"},
        headers=auth(cast, "a"),
    ).is_success  # fmt: skip
    assert client.post(
        f"/v1/cases/{case}/execution", json={"status": "paid", "executed_on": "2025-10-20"},
        headers=auth(cast, "a"),
    ).is_success  # fmt: skip
    assert client.post(
        f"/v1/cases/{case}/closure", json={"reason": "执行完毕"}, headers=auth(cast, "head")
    ).is_success
    sealed = client.post(
        f"/v1/cases/{case}/steps", json={"kind": "other", "summary": "补录"},
        headers=auth(cast, "a"),
    )  # fmt: skip
    assert (sealed.status_code, sealed.json()["code"]) == (409, "case-closed")
    review_after = client.post(
        f"/v1/cases/{case}/file-reviews", json={"rating": "qualified", "findings": "案卷完整"},
        headers=auth(cast, "oversight"),
    )  # fmt: skip
    assert review_after.status_code == 201
    state = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()
    assert state["stage"] == "closed"
    assert state["oversight"][0]["rating"] == "qualified"
    assert jz.verify().ok


def test_court_reads_need_a_reason_and_are_recorded(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """DESIGN §5: a court's read of a case history appends an access event with the reason."""
    case = open_case(client, cast)
    without = client.get(f"/v1/cases/{case}/events", headers=auth(cast, "court"))
    assert (without.status_code, without.json()["code"]) == (422, "invalid-input")
    read = client.get(
        f"/v1/cases/{case}/events", params={"reason": "(2026)鲁0303行初12号 调卷"},
        headers=auth(cast, "court"),
    )  # fmt: skip
    assert read.status_code == 200
    log = jz.store.load(AccessLog, AccessLog.create_id("case", case))
    assert log.reads == [
        {"actor": cast.court.actor_id, "role": "court", "what": "events",
         "reason": "(2026)鲁0303行初12号 调卷"},
    ]  # fmt: skip
    officer_read = client.get(f"/v1/cases/{case}", headers=auth(cast, "a"))
    assert officer_read.status_code == 200
    assert len(jz.store.load(AccessLog, AccessLog.create_id("case", case)).reads) == 1


def test_the_catalogue_is_revised_as_data_and_drafts_cite_the_new_version(
    client: TestClient, cast: Cast, jz: Jianzheng
) -> None:
    """R-LR-2/R-LR-3/R-LR-10: the agency's legal office puts in force, four-eyes, a version
    that makes a warning major; the draft cites that version of that catalogue."""
    current = client.get("/v1/catalogue", headers=auth(cast, "a")).json()
    data = current["data"]
    data["review_all_non_simplified"] = True
    body = {"jurisdiction": "370303", "data": data, "note": "试行：简易程序以外全部审核"}
    refused = client.post("/v1/catalogue/proposals", json=body, headers=auth(cast, "a"))
    assert (refused.status_code, refused.json()["code"]) == (403, "legal-office-required")
    bad = client.post(
        "/v1/catalogue/proposals",
        json={**body, "data": {"rules": "nope"}},
        headers=auth(cast, "reviewer"),
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid-catalogue")
    proposed = client.post("/v1/catalogue/proposals", json=body, headers=auth(cast, "reviewer"))
    assert proposed.status_code == 201, proposed.text
    partner = jz.register_actor(OPERATOR, name="钱法制", role="legal_reviewer",
                                agency="淄博市市场监督管理局", jurisdiction="370303")  # fmt: skip
    catalogue_id, proposal_id = proposed.json()["catalogue_id"], proposed.json()["proposal_id"]
    approved = client.post(
        f"/v1/catalogue/agencies/{catalogue_id}/proposals/{proposal_id}/approval",
        headers={"Authorization": f"Bearer {partner.token}"},
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["version"] == 1
    case = open_case(client, cast)
    draft = client.post(
        f"/v1/cases/{case}/drafts",
        json={"measures": ["warning"], "facts": "f", "legal_basis": "b"},
        headers=auth(cast, "a"),
    ).json()  # fmt: skip
    assert draft["major"] is True
    assert draft["matched_rules"] == ["review_all_non_simplified"]
    assert draft["catalogue_version"] == 1
    assert draft["catalogue_stream"] == catalogue_id
