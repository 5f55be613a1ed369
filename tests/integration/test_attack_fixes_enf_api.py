"""The outside attack on enforcement cases (issue 13, FINDINGS #2–#9, #11, #12), each finding
replayed over HTTP on both backends: every refused command answers problem+json with its
stable code and leaves the case's stream as it was."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from domain.records.file_review import checklist
from infra.application import OPERATOR, Jianzheng
from infra.clock import today
from tests.integration.casekit import (
    AGENCY,
    AREA,
    Cast,
    event_types,
    inform_over_http,
    opinion_items,
    second_head,
    upload,
)

PROBLEM = "application/problem+json"
DOCS = [{"sha256": "ab" * 32, "title": "移送书"}]


def auth(cast: Cast, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {cast.tokens[who]}"}


def post(client: TestClient, url: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(url, json=body, headers=headers)


def refused(answer: Any, status: int, code: str, field: str | None = None) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    assert answer.json()["code"] == code, answer.text
    if field is not None:
        assert answer.json().get("field") == field, answer.text


def open_case(
    client: TestClient, cast: Cast, filed_on: str | None = None, officers: list[str] | None = None
) -> str:
    body: dict[str, Any] = {
        "action_type": "penalty", "title": "某餐馆无证经营案", "agency": AGENCY,
        "jurisdiction": AREA, "party": {"kind": "organisation", "name": "淄博某餐饮有限公司"},
        "officers": officers or [cast.officer_a.actor_id, cast.officer_b.actor_id],
    }  # fmt: skip
    if filed_on is not None:
        body["filed_on"] = filed_on
    response = client.post("/v1/cases", json=body, headers=auth(cast, "a"))
    assert response.status_code == 201, response.text
    case_id = str(response.json()["case_id"])
    inform_over_http(client, cast.tokens["a"], case_id)  # the party informed first (R-EN-4)
    return case_id


def submit(client: TestClient, cast: Cast, case: str, *measures: str, fine_fen: int = 0) -> str:
    body = {"measures": list(measures) or ["warning"], "fine_fen": fine_fen, "facts": "无证经营",
            "legal_basis": "《食品安全法》第一百二十二条"}  # fmt: skip
    answer = client.post(f"/v1/cases/{case}/drafts", json=body, headers=auth(cast, "a"))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["draft_hash"])


def request_review(client: TestClient, cast: Cast, case: str, hashed: str, on: str | None) -> str:
    body: dict[str, Any] = {"draft_hash": hashed}
    if on is not None:
        body["requested_on"] = on
    answer = client.post(f"/v1/cases/{case}/reviews", json=body, headers=auth(cast, "a"))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["review_id"])


def opinion(
    client: TestClient, cast: Cast, case: str, review_id: str, *, reviewed_on: str | None = None,
    crime_suspected: bool = False, who: str = "reviewer",
) -> Any:  # fmt: skip
    body: dict[str, Any] = {"result": "passed", "signature": "赵法制",
                            "items": opinion_items(crime_suspected=crime_suspected)}  # fmt: skip
    if reviewed_on is not None:
        body["reviewed_on"] = reviewed_on
    return post(client, f"/v1/cases/{case}/reviews/{review_id}/opinion", body, auth(cast, who))


def decide(client: TestClient, cast: Cast, case: str, hashed: str, on: str | None = None) -> Any:
    body: dict[str, Any] = {"draft_hash": hashed}
    if on is not None:
        body["decided_on"] = on
    return post(client, f"/v1/cases/{case}/decision", body, auth(cast, "head"))


def minutes(jz: Jianzheng, cast: Cast, case: str) -> str:
    return upload(jz, cast.officer_a, b"%PDF-1.4 minutes " + os.urandom(64), "application/pdf",
                  case_id=UUID(case))  # fmt: skip


def stream(jz: Jianzheng, case: str) -> list[str]:
    return event_types(jz, UUID(case))


def suspend(client: TestClient, cast: Cast, case: str, officer: str) -> None:
    """Oversight scores the case's file, then suspends ``officer``'s certificate citing it."""
    items = {item.code: {"points": item.max_points - (2 if i == 0 else 0), "finding": "存在问题"}
             for i, item in enumerate(checklist())}  # fmt: skip
    scored = post(client, f"/v1/cases/{case}/scored-file-reviews", {"items": items},
                  auth(cast, "oversight"))  # fmt: skip
    assert scored.status_code == 201, scored.text
    body = {"kind": "certificate_suspension", "reason": "程序违法，暂扣执法证件三个月",
            "basis": {"kind": "file_review", "case_id": case,
                      "review_id": scored.json()["review_id"]},
            "effective_until": (today() + timedelta(days=90)).isoformat()}  # fmt: skip
    done = post(client, f"/v1/actors/{officer}/sanctions", body, auth(cast, "oversight"))
    assert done.status_code == 201, done.text


# -- #2: a sanctioned officer does not act on any case (R-SV-4, R-EN-3) ------------------------


def test_a_suspended_officer_neither_serves_executes_publishes_withdraws_nor_uploads(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-SV-4, R-EN-3 (FINDINGS #2): once officer B's certificate is suspended, B's service,
    execution, publication, publication withdrawal and evidence upload are refused with 403
    ``certificate-sanctioned`` and record nothing; officer A, not sanctioned, still acts."""
    case = open_case(client, cast)
    hashed = submit(client, cast, case)
    assert decide(client, cast, case, hashed).status_code == 201
    suspend(client, cast, case, cast.officer_b.actor_id)
    before = stream(jz, case)
    url = f"/v1/cases/{case}"
    for path, body in (
        ("/service", {"method": "direct"}),
        ("/execution", {"status": "nothing_to_execute"}),
        ("/publication", {"summary": "对某餐饮公司警告"}),
    ):
        refused(post(client, url + path, body, auth(cast, "b")), 403, "certificate-sanctioned")
    uploaded = client.post(
        "/v1/evidence", params={"purpose": "case", "case_id": case},
        content=b"%PDF-1.4 evidence " + os.urandom(32),
        headers=auth(cast, "b") | {"Content-Type": "application/pdf"},
    )  # fmt: skip
    refused(uploaded, 403, "certificate-sanctioned")
    assert stream(jz, case) == before

    assert (
        post(client, url + "/publication", {"summary": "警告"}, auth(cast, "a")).status_code == 201
    )
    set_aside = post(client, url + "/set-aside", {"how": "revoked", "authority": "agency_head"},
                     auth(cast, "head"))  # fmt: skip
    assert set_aside.status_code == 201, set_aside.text
    withdrawal = {"reason": "决定已撤销"}
    refused(post(client, url + "/publication/withdrawal", withdrawal, auth(cast, "b")), 403,
            "certificate-sanctioned")  # fmt: skip
    done = post(client, url + "/publication/withdrawal", withdrawal, auth(cast, "a"))
    assert done.status_code == 201, done.text


# -- #3: an opinion answers a request already made (R-LR-1) --------------------------------------


def test_an_opinion_dated_before_its_review_request_is_refused(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-1, R-LR-6, R-EN-2 (FINDINGS #3): requested 2025-10-20, an opinion dated 2025-09-02 is
    refused (422 ``decision-dated-too-early``, field ``reviewed_on``) and nothing is recorded;
    dated the day of the request it is accepted, and the decision cannot then predate it."""
    case = open_case(client, cast, filed_on="2025-09-01")
    hashed = submit(client, cast, case, fine_fen=3_000_000)
    review_id = request_review(client, cast, case, hashed, "2025-10-20")
    before = stream(jz, case)
    early = opinion(client, cast, case, review_id, reviewed_on="2025-09-02")
    refused(early, 422, "decision-dated-too-early", "reviewed_on")
    assert stream(jz, case) == before
    same_day = opinion(client, cast, case, review_id, reviewed_on="2025-10-20")
    assert same_day.status_code == 201, same_day.text


# -- #4: a suspected crime goes to the judicial organs (R-LR-4) ----------------------------------


def test_a_suspected_crime_ends_the_case_only_by_transfer_to_the_judicial_organs(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-4 (FINDINGS #4; 行政处罚法 第27条, 第57条第1款第(四)项; 行政执法机关移送涉嫌犯罪
    案件的规定): after a passing opinion that found a crime suspected, 不予处罚, 撤销立案 and a
    transfer to another agency are refused (409 ``crime-transfer-required``); only the
    transfer of kind ``judicial`` ends the case."""
    case = open_case(client, cast)
    hashed = submit(client, cast, case)
    review_id = request_review(client, cast, case, hashed, None)
    assert opinion(client, cast, case, review_id, crime_suspected=True).status_code == 201
    before = stream(jz, case)
    url = f"/v1/cases/{case}"
    head = auth(cast, "head")
    transfer = {"receiving_body": "淄博市公安局张店分局", "reason": "涉嫌犯罪", "documents": DOCS}
    for path, body in (
        ("/no-penalty", {"ground": "minor_corrected_no_harm", "reason": "违法行为轻微"}),
        ("/withdrawal", {"reason": "撤销立案"}),
        ("/transfer", transfer | {"kind": "jurisdiction"}),
    ):
        refused(post(client, url + path, body, head), 409, "crime-transfer-required")
    assert stream(jz, case) == before
    done = post(client, url + "/transfer", transfer | {"kind": "judicial"}, head)
    assert done.status_code == 201, done.text


# -- #5: who investigated or reviewed never decides (R-LR-5, R-EN-7) -----------------------------


def test_an_officer_of_the_case_who_is_a_head_neither_sits_in_nor_records_the_discussion(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-7, R-LR-5 (FINDINGS #5; 行政处罚法 第57条第2款): a head who is also one of the case's
    officers is refused as a participant (409 ``separation-of-duties``, the participant as
    field) and as the recorder of the heads' collective discussion."""
    jz.grant_role(OPERATOR, UUID(cast.dual.actor_id), "agency_head")
    case = open_case(client, cast, officers=[cast.officer_a.actor_id, cast.dual.actor_id])
    hashed = submit(client, cast, case, "licence_revocation")
    deputy = second_head(jz)
    body = {
        "draft_hash": hashed,
        "held_on": today().isoformat(),
        "conclusion": "decide_as_drafted",
        "minutes_sha256": minutes(jz, cast, case),
    }
    url = f"/v1/cases/{case}/collective-discussions"
    before = stream(jz, case)
    sitting = body | {"participants": [cast.head.actor_id, cast.dual.actor_id]}
    refused(post(client, url, sitting, auth(cast, "head")), 409, "separation-of-duties",
            "participants[1]")  # fmt: skip
    recording = body | {"participants": [cast.head.actor_id, deputy.actor_id]}
    refused(post(client, url, recording, auth(cast, "dual")), 409, "separation-of-duties")
    assert stream(jz, case) == before
    assert post(client, url, recording, auth(cast, "head")).status_code == 201


def test_the_cases_legal_reviewer_who_is_a_head_does_not_sit_in_the_discussion(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-LR-5 (FINDINGS #5): the reviewer who passed the draft, though also a head, is refused
    as a participant of the discussion that decides it (409 ``separation-of-duties``)."""
    jz.grant_role(OPERATOR, UUID(cast.dual.actor_id), "agency_head")
    case = open_case(client, cast)
    hashed = submit(client, cast, case, "licence_revocation")
    review_id = request_review(client, cast, case, hashed, None)
    assert opinion(client, cast, case, review_id, who="dual").status_code == 201
    body = {"draft_hash": hashed, "held_on": today().isoformat(),
            "conclusion": "decide_as_drafted", "minutes_sha256": minutes(jz, cast, case),
            "participants": [cast.dual.actor_id, cast.head.actor_id]}  # fmt: skip
    answer = post(client, f"/v1/cases/{case}/collective-discussions", body, auth(cast, "head"))
    refused(answer, 409, "separation-of-duties", "participants[0]")


# -- #6: the discussion held last counts (R-EN-7) ------------------------------------------------


def test_a_back_dated_agreement_does_not_override_the_later_meetings_revise_conclusion(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-7 (FINDINGS #6): the heads met on 2025-09-10 and sent the draft back for revision;
    a meeting of 2025-09-05 entered afterwards ("decide as drafted") does not count: the
    decision of 2025-09-11 is refused with 409 ``collective-not-agreed``."""
    case = open_case(client, cast, filed_on="2025-09-01")
    hashed = submit(client, cast, case, "licence_revocation")
    review_id = request_review(client, cast, case, hashed, "2025-09-02")
    assert opinion(client, cast, case, review_id, reviewed_on="2025-09-03").status_code == 201
    deputy = second_head(jz)
    body = {"draft_hash": hashed, "participants": [cast.head.actor_id, deputy.actor_id],
            "minutes_sha256": minutes(jz, cast, case)}  # fmt: skip
    url = f"/v1/cases/{case}/collective-discussions"
    for held_on, conclusion in (
        ("2025-09-10", "revise_draft"),
        ("2025-09-05", "decide_as_drafted"),
    ):
        meeting = body | {"held_on": held_on, "conclusion": conclusion}
        assert post(client, url, meeting, auth(cast, "head")).status_code == 201
    refused(decide(client, cast, case, hashed, "2025-09-11"), 409, "collective-not-agreed")
    assert "enforcement.DecisionMade" not in stream(jz, case)


# -- #8: a decision set aside is not published; a withdrawal follows its publication (R-PB-2) ---


def decided_case(client: TestClient, cast: Cast) -> str:
    """Filed 2025-09-01; a warning decided 2025-09-29 by the head."""
    case = open_case(client, cast, filed_on="2025-09-01")
    assert decide(client, cast, case, submit(client, cast, case), "2025-09-29").status_code == 201
    return case


def test_a_decision_already_set_aside_is_not_published_afterwards(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-PB-2 (FINDINGS #8A; 行政处罚法 第48条第2款): a decision revoked on 2025-09-30 is not
    published afterwards (409 ``decision-set-aside``); nothing is recorded."""
    case = decided_case(client, cast)
    url = f"/v1/cases/{case}"
    body = {"how": "revoked", "authority": "agency_head", "set_aside_on": "2025-09-30"}
    assert post(client, url + "/set-aside", body, auth(cast, "head")).status_code == 201
    before = stream(jz, case)
    refused(post(client, url + "/publication", {"summary": "警告"}, auth(cast, "a")), 409,
            "decision-set-aside")  # fmt: skip
    assert stream(jz, case) == before


def test_a_publication_is_not_withdrawn_before_the_day_it_was_published(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-PB-2 (FINDINGS #8B; attack 2 #12): published 2025-10-20, a set-aside back-dated
    2025-10-01 is refused (422 ``date-before-publication``, field ``set_aside_on``); set aside
    that day, a withdrawal dated 2025-10-05 is refused (422 ``date-before-set-aside``, field
    ``withdrawn_on``); dated 2025-10-21 it is accepted."""
    case = decided_case(client, cast)
    url = f"/v1/cases/{case}"
    on = {"summary": "警告", "published_on": "2025-10-20"}
    published = post(client, url + "/publication", on, auth(cast, "a"))
    assert published.status_code == 201, published.text
    body = {"how": "revoked", "authority": "agency_head", "set_aside_on": "2025-10-01"}
    refused(post(client, url + "/set-aside", body, auth(cast, "head")), 422,
            "date-before-publication", "set_aside_on")  # fmt: skip
    body["set_aside_on"] = "2025-10-20"
    assert post(client, url + "/set-aside", body, auth(cast, "head")).status_code == 201
    withdrawal = url + "/publication/withdrawal"
    early = post(client, withdrawal, {"reason": "撤回", "withdrawn_on": "2025-10-05"},
                 auth(cast, "a"))  # fmt: skip
    refused(early, 422, "date-before-set-aside", "withdrawn_on")
    later = post(client, withdrawal, {"reason": "撤回", "withdrawn_on": "2025-10-21"},
                 auth(cast, "a"))  # fmt: skip
    assert later.status_code == 201, later.text


# -- #12: a publication carries its own date (R-PB-2, R-EN-2) ------------------------------------


def test_a_late_entered_publication_carries_the_day_it_was_published(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-PB-2, R-EN-2 (FINDINGS #12): a decision of 2025-09-29 published 2025-09-30 and
    entered today is on time; a date before the decision (422 ``date-before-decision``) or
    in the future (422 ``date-in-future``) is refused, naming ``published_on``."""
    case = decided_case(client, cast)
    url = f"/v1/cases/{case}/publication"
    future = (today() + timedelta(days=2)).isoformat()
    for day, code in (("2025-09-28", "date-before-decision"), (future, "date-in-future")):
        answer = post(client, url, {"summary": "警告", "published_on": day}, auth(cast, "a"))
        refused(answer, 422, code, "published_on")
    done = post(client, url, {"summary": "警告", "published_on": "2025-09-30"}, auth(cast, "a"))
    assert done.status_code == 201, done.text
    shown = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()["publication"]
    assert (shown["published_on"], shown["on_time"]) == ("2025-09-30", True)


# -- #9: an extension is approved while the limit runs, and reaches 30 days (R-EN-5) -------------


def test_an_expired_decision_limit_is_not_extended_and_one_extension_reaches_30_days(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-EN-5 (FINDINGS #9; 行政处罚法 第60条, 市场监督管理行政处罚程序规定 第64条): filed
    2025-09-01, the limit ran out on 2025-12-01 — an extension recorded today is refused (409
    ``extension-after-expiry``) and the case stays overdue. A case filed today is extended by
    at most 30 days past its limit (422 ``extension-too-long``, field ``due_on``)."""
    old = open_case(client, cast, filed_on="2025-09-01")
    url = f"/v1/cases/{old}/decision-deadline/extensions"
    late = post(client, url, {"reason": "案情复杂", "due_on": "9999-12-31"}, auth(cast, "head"))
    refused(late, 409, "extension-after-expiry")
    state = client.get(f"/v1/cases/{old}", headers=auth(cast, "a")).json()
    assert state["deadlines"]["decision"]["due_on"] == "2025-12-01"

    case = open_case(client, cast)
    url = f"/v1/cases/{case}/decision-deadline/extensions"
    due = client.get(f"/v1/cases/{case}", headers=auth(cast, "a")).json()["deadlines"]
    limit = date.fromisoformat(due["decision"]["due_on"])
    too_far = {"reason": "案情复杂", "due_on": (limit + timedelta(days=31)).isoformat()}
    refused(post(client, url, too_far, auth(cast, "head")), 422, "extension-too-long", "due_on")
    reach = {"reason": "案情复杂", "due_on": (limit + timedelta(days=30)).isoformat()}
    assert post(client, url, reach, auth(cast, "head")).status_code == 201


# -- #11: points outside 0…max answer one code (R-SV-1) ------------------------------------------


def test_file_review_points_below_zero_are_refused_like_points_above_the_maximum(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-SV-1 (FINDINGS #11): −1 and max+1 both answer 422 ``invalid-file-review`` naming the
    item's points; nothing is recorded."""
    case = open_case(client, cast)
    items = {item.code: {"points": item.max_points, "finding": "符合要求"} for item in checklist()}
    first = checklist()[0]
    before = stream(jz, case)
    for points in (-1, first.max_points + 1):
        body = {"items": items | {first.code: {"points": points, "finding": "x"}}}
        answer = post(
            client, f"/v1/cases/{case}/scored-file-reviews", body, auth(cast, "oversight")
        )
        refused(answer, 422, "invalid-file-review", f"items.{first.code}.points")
    assert stream(jz, case) == before


# -- #7: the complainant is seen by who received or handles the complaint now (R-RP-3) -----------


def test_another_oversight_actor_cannot_self_assign_to_see_the_complainant(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-RP-3, R-SV-3 (FINDINGS #7): an oversight actor of the area who neither received nor
    handles a complaint cannot assign it (to itself or anyone: 403 ``not-complaint-handler``)
    and keeps seeing ``complainant: null``; a handler who hands it on no longer sees the
    complainant; the receiver always does."""

    def oversight(name: str) -> tuple[str, dict[str, str]]:
        made = jz.register_actor(OPERATOR, name=name, role="oversight", agency="张店区司法局",
                                 jurisdiction=AREA)  # fmt: skip
        return str(made.actor.id), {"Authorization": f"Bearer {made.token}"}

    nosy, nosy_auth = oversight("区司法局监督股甲")
    handler, handler_auth = oversight("区司法局监督股乙")
    body = {"channel": "letter", "complainant": {"name": "举报人赵六", "contact": "13900000000"},
            "summary": "违规收费", "jurisdiction": AREA}  # fmt: skip
    made = post(client, "/v1/complaints", body, auth(cast, "oversight"))
    assert made.status_code == 201, made.text
    url = f"/v1/complaints/{made.json()['complaint_id']}"

    def complainant(headers: dict[str, str]) -> Any:
        return client.get(url, headers=headers).json()["complainant"]

    assert complainant(nosy_auth) is None
    for assignee in (nosy, handler):
        answer = post(client, url + "/assignment", {"assignee": assignee}, nosy_auth)
        refused(answer, 403, "not-complaint-handler")
    assert complainant(nosy_auth) is None
    given = post(client, url + "/assignment", {"assignee": handler}, auth(cast, "oversight"))
    assert given.status_code == 201, given.text
    assert complainant(handler_auth)["name"] == "举报人赵六"
    handed_on = post(client, url + "/assignment", {"assignee": nosy}, handler_auth)
    assert handed_on.status_code == 201, handed_on.text
    assert complainant(handler_auth) is None
    assert complainant(nosy_auth)["name"] == "举报人赵六"
    assert complainant(auth(cast, "oversight"))["name"] == "举报人赵六"
