# Long because: one story of cases, children, reports, reviews, complaints and actors per list,
# each list's filters, both orders of each sort key, cursor stability and refusals, on both
# backends — the lists share their fixtures, so they share a file.
"""Finding things (issue 14, point 3): every list filtered, sorted both ways and cursor-paged,
on SQLite and PostgreSQL, through the HTTP API.

A list never shows what its caller could not open (cases: the rule of ``GET /v1/cases/{id}``;
children: the caller's area), and no search ever matches a child's name or ID number (R-CH-4).
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from infra.application import OPERATOR, Jianzheng, Principal
from infra.clock import today
from tests.conftest import cli_env
from tests.integration.areakit import enrol
from tests.integration.casekit import AGENCY, Cast, draft, opinion_items

PROBLEM = "application/problem+json"
OTHER_AGENCY = "淄博市生态环境局"
CERT = {"valid_from": "2020-01-01", "valid_until": "2035-12-31"}
VILLAGE_A, VILLAGE_B = "370303001001", "370303001002"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def actor(jz: Jianzheng, role: str, name: str, agency: str, area: str, **extra: str) -> Any:
    """Register an actor as the console operator: (principal, token)."""
    registered = jz.register_actor(
        OPERATOR, name=name, role=role, agency=agency, jurisdiction=area, **extra
    )
    return Principal.of(registered.actor), registered.token


def ago(days: int) -> str:
    return (today() - timedelta(days=days)).isoformat()


# -- the cases' story ----------------------------------------------------------------------


@dataclass
class Cases:
    """The cases of :func:`cases`, by what each shows, and the tokens of their readers."""

    ids: dict[str, str]
    tokens: dict[str, str]


def open_case(jz: Jianzheng, by: Principal, officers: list[str], **fields: Any) -> str:
    case, _ = jz.cases.open_case(
        by,
        action_type=fields.pop("action_type", "penalty"),
        title=fields.pop("title"),
        agency=fields.pop("agency", AGENCY),
        jurisdiction=fields.pop("jurisdiction", "370303"),
        officers=officers,
        party=fields.pop("party", {"kind": "organisation", "name": "淄博某食品有限公司"}),
        **fields,
    )
    return str(case.id)


@pytest.fixture
def cases(jz: Jianzheng, cast: Cast) -> Cases:
    """Six cases of two agencies in two counties, each standing somewhere else:

    * ``late``: filed ~200 days ago, a major draft under a review requested then — the decision
      and the review are overdue (R-EN-5, R-LR-7);
    * ``person``: its party is a person (刘某), never searchable by name;
    * ``decided``: a warning decided ~100 days ago, neither served nor published (R-EN-6, R-PB-2);
    * ``licence``: a licensing case, newly opened, nothing done yet;
    * ``elsewhere``: the agency's case in 370305 (张店's neighbour), opened by its officers there;
    * ``other_agency``: another agency's case in 370303.
    """
    a, b = cast.officer_a.actor_id, cast.officer_b.actor_id
    ids: dict[str, str] = {}
    ids["late"] = open_case(jz, cast.officer_a, [a, b], title="甲超市销售过期食品案",
                            party={"kind": "organisation", "name": "淄博甲超市有限公司"},
                            filed_on=ago(200))  # fmt: skip
    hashed = draft(jz, cast, UUID(ids["late"]), "suspension")
    jz.cases.request_review(cast.officer_a, UUID(ids["late"]), hashed, requested_on=ago(199))
    person = {"kind": "person", "name": "刘某"}
    ids["person"] = open_case(jz, cast.officer_a, [a, b], title="刘某无证经营案", party=person,
                              filed_on=ago(20))  # fmt: skip
    ids["decided"] = open_case(jz, cast.officer_a, [a, b], title="丙饭店卫生不合格案",
                               filed_on=ago(110))  # fmt: skip
    warning = draft(jz, cast, UUID(ids["decided"]), "warning")
    jz.cases.decide(cast.head, UUID(ids["decided"]), warning, decided_on=ago(100))
    ids["licence"] = open_case(jz, cast.officer_a, [a, b], action_type="licensing",
                               title="乙公司食品经营许可案")  # fmt: skip
    there_a, _ = actor(jz, "officer", "周五", AGENCY, "370305", certificate="鲁执-0105", **CERT)
    there_b, _ = actor(jz, "officer", "吴六", AGENCY, "370305", certificate="鲁执-0106", **CERT)
    ids["elsewhere"] = open_case(jz, there_a, [there_a.actor_id, there_b.actor_id],
                                 title="丁商店无照经营案", jurisdiction="370305")  # fmt: skip
    env_a, env_token = actor(jz, "officer", "郑七", OTHER_AGENCY, "370303",
                             certificate="鲁执-0107", **CERT)  # fmt: skip
    env_b, _ = actor(jz, "officer", "王八", OTHER_AGENCY, "370303", certificate="鲁执-0108", **CERT)
    ids["other_agency"] = open_case(jz, env_a, [env_a.actor_id, env_b.actor_id],
                                    agency=OTHER_AGENCY, title="戊化工厂排污案")  # fmt: skip
    tokens = dict(cast.tokens)
    tokens["env_officer"] = env_token
    tokens["oversight_elsewhere"] = actor(jz, "oversight", "淄川监督", "淄川区司法局", "370302")[1]
    tokens["civil"] = actor(jz, "civil_affairs", "张店民政", "张店区民政局", "370303")[1]
    tokens["admin"] = actor(jz, "admin", "管理员乙", "jianzheng", "*")[1]
    return Cases(ids, tokens)


def titles(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [item["title"] for item in answer.json()["items"]]


def by_id(answer: Any) -> dict[str, dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    return {item["case_id"]: item for item in answer.json()["items"]}


def test_each_case_shows_its_status_gate_next_step_officers_and_overdue_limits(
    client: TestClient, cases: Cases
) -> None:
    """A row says where the case stands and what comes next, in words, with its deadlines:
    the late case's decision and review have run out (R-EN-5, R-LR-7), the decided warning is
    neither served nor published in time (R-EN-6, R-PB-2)."""
    rows = by_id(client.get("/v1/cases", headers=bearer(cases.tokens["a"])))
    late, decided = rows[cases.ids["late"]], rows[cases.ids["decided"]]
    assert (late["status"], late["gate"], late["major"]) == ("open", "pending", True)
    assert late["next_step"] == {"code": "await_review", "label": "等待法制审核意见",
                                 "role": "legal_reviewer"}  # fmt: skip
    assert late["overdue"] == ["decision", "review"]
    assert late["deadlines"]["decision"]["overdue"] is True
    assert late["party_organisation"] == "淄博甲超市有限公司"
    assert sorted(o["name"] for o in late["officers"]) == ["张三", "李四"]
    assert (decided["status"], decided["status_label"]) == ("decided", "已作出决定")
    assert decided["next_step"]["code"] == "serve"
    assert decided["overdue"] == ["service", "publication"]
    assert decided["deadlines"]["decision"]["met_on"] == decided["decided_on"]
    licence = rows[cases.ids["licence"]]
    assert (licence["gate"], licence["next_step"]["label"]) == (
        "no_draft",
        "调查取证并记录执法过程",
    )
    person = rows[cases.ids["person"]]
    assert person["party_organisation"] is None  # a natural person's name is never listed
    assert "刘某" not in json.dumps({k: v for k, v in person.items() if k != "title"},
                                    ensure_ascii=False)  # fmt: skip


def test_a_decided_case_walks_its_closing_facts_to_closure_in_the_list(
    client: TestClient, cases: Cases, jz: Jianzheng, cast: Cast
) -> None:
    """The next step follows what is recorded: publication after service, execution, then a
    set-aside's withdrawal first (R-PB-2), the closure, and nothing once closed; a limit met
    late is no longer overdue."""
    case_id, life = UUID(cases.ids["decided"]), jz.cases.lifecycle
    headers = bearer(cases.tokens["a"])

    def row() -> dict[str, Any]:
        return by_id(client.get("/v1/cases", headers=headers))[str(case_id)]

    life.record_service(cast.officer_a, case_id, method="post", documents=[])
    assert (row()["next_step"]["code"], row()["overdue"]) == ("publish", ["publication"])
    jz.cases.publish(cast.officer_a, case_id, channel="公示平台", summary="某饭店, 警告")
    life.record_execution(cast.officer_a, case_id, status="nothing_to_execute", note="警告",
                          documents=[])  # fmt: skip
    assert (row()["next_step"]["code"], row()["overdue"]) == ("close", [])
    life.set_aside(cast.head, case_id, how="revoked", authority="agency_head", reference=None)
    assert row()["next_step"]["label"] == "撤回已公开的决定信息"
    assert row()["deadlines"]["withdrawal"]["overdue"] is False
    life.withdraw_publication(cast.officer_a, case_id, reason="决定已撤销")
    jz.cases.close(cast.head, case_id, "结案")
    closed = row()
    assert (closed["status"], closed["next_step"]["code"], closed["overdue"]) == (
        "closed", "none", []
    )  # fmt: skip
    assert closed["closed_at"] is not None
    on = today().isoformat()
    for params, found in (({"closed_from": on, "closed_to": on}, True),
                          ({"closed_to": ago(1)}, False)):  # fmt: skip
        listed = by_id(client.get("/v1/cases", headers=headers, params=params))
        assert (str(case_id) in listed) is found


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "decided"}, {"decided"}),
        ({"status": "open"}, {"late", "person", "licence", "elsewhere", "other_agency"}),
        ({"action_type": "licensing"}, {"licence"}),
        ({"major": "true"}, {"late"}),
        ({"gate": "pending"}, {"late"}),
        ({"gate": "no_draft"}, {"person", "licence", "elsewhere", "other_agency"}),
        ({"overdue": "review"}, {"late"}),
        ({"overdue": "publication,review"}, {"late", "decided"}),
        ({"party": "甲超市"}, {"late"}),
        ({"party": "刘某"}, set()),  # a person's name is not searched
        ({"q": "过期食品"}, {"late"}),
        ({"q": "ＬＩＣＥＮＣＥ"}, set()),
        ({"q": "许 可"}, {"licence"}),  # spaces and full-width forms fold away
        ({"opened_from": ago(120), "opened_to": ago(15)}, {"person", "decided"}),
        ({"decided_from": ago(101), "decided_to": ago(99)}, {"decided"}),
        ({"agency": AGENCY, "area": "370303"}, {"late", "person", "decided", "licence"}),
    ],
)
def test_every_filter_narrows_the_admins_list(
    client: TestClient, cases: Cases, params: dict[str, Any], expected: set[str]
) -> None:
    """Filters combine on the admin's list of every case; each keeps exactly its cases."""
    rows = by_id(client.get("/v1/cases", headers=bearer(cases.tokens["admin"]), params=params))
    names = {name for name, case_id in cases.ids.items() if case_id in rows}
    assert names == expected


def test_the_officer_filter_and_the_area_filter(client: TestClient, cases: Cases, jz: Jianzheng,
                                                cast: Cast) -> None:  # fmt: skip
    """``officer``: cases naming the actor; ``area``: cases whose area the code covers."""
    admin = bearer(cases.tokens["admin"])
    mine = by_id(
        client.get("/v1/cases", headers=admin, params={"officer": cast.officer_a.actor_id})
    )
    assert set(mine) == {cases.ids[k] for k in ("late", "person", "decided", "licence")}
    city = by_id(client.get("/v1/cases", headers=admin, params={"area": "370300"}))
    assert set(city) == set(cases.ids.values())
    assert set(by_id(client.get("/v1/cases", headers=admin, params={"area": "370305"}))) == {
        cases.ids["elsewhere"]
    }


@pytest.mark.parametrize("sort", ["opened", "updated", "title"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_each_sort_key_orders_the_cases_both_ways_across_pages(
    client: TestClient, cases: Cases, sort: str, order: str
) -> None:
    """Pages of two follow one another in the order asked, each case once."""
    seen: list[dict[str, Any]] = []
    params: dict[str, Any] = {"sort": sort, "order": order, "limit": 2}
    while True:
        answer = client.get("/v1/cases", headers=bearer(cases.tokens["admin"]), params=params)
        assert answer.status_code == 200, answer.text
        seen += answer.json()["items"]
        if answer.json()["next"] is None:
            assert "link" not in answer.headers
            break
        assert answer.headers["link"].endswith('>; rel="next"')
        params["cursor"] = answer.json()["next"]
    assert sorted(s["case_id"] for s in seen) == sorted(cases.ids.values())
    key = {"opened": lambda r: (r["filed_on"], r["opened_at"]),
           "updated": lambda r: (r["updated_at"],),
           "title": lambda r: (r["title"],)}[sort]  # fmt: skip
    wanted = sorted(seen, key=lambda r: (key(r), r["case_id"]), reverse=order == "desc")
    assert [s["case_id"] for s in seen] == [w["case_id"] for w in wanted]


def test_the_link_header_gives_the_next_page(client: TestClient, cases: Cases) -> None:
    """``Link: <…>; rel="next"`` is the same list with the next cursor (RFC 8288)."""
    headers = bearer(cases.tokens["admin"])
    first = client.get("/v1/cases", headers=headers, params={"limit": 4, "sort": "title"})
    link = first.headers["link"]
    assert link.startswith("</v1/cases?")
    assert "sort=title" in link
    second = client.get(link[1 : link.index(">")], headers=headers)
    assert second.status_code == 200
    firsts = {i["case_id"] for i in first.json()["items"]}
    assert firsts.isdisjoint(i["case_id"] for i in second.json()["items"])
    assert len(firsts) + len(second.json()["items"]) == len(cases.ids)


def test_cases_opened_between_pages_neither_repeat_nor_hide_a_case(
    client: TestClient, cases: Cases, jz: Jianzheng, cast: Cast
) -> None:
    """Cursor paging by filing date, oldest first: cases opened (back-dated to the middle of
    the order, or today) while the pages are read never make a case repeat, and every case
    that was there from the start is shown once."""
    headers = bearer(cases.tokens["a"])
    params: dict[str, Any] = {"sort": "opened", "order": "asc", "limit": 2}
    first = client.get("/v1/cases", headers=headers, params=params).json()
    seen = [i["case_id"] for i in first["items"]]
    officers = [cast.officer_a.actor_id, cast.officer_b.actor_id]
    for n, days in enumerate((60, 5, 300)):  # after, after and before the cursor
        open_case(jz, cast.officer_a, officers, title=f"新立案件{n}", filed_on=ago(days))
    params["cursor"] = first["next"]
    while params["cursor"] is not None:
        page = client.get("/v1/cases", headers=headers, params=params).json()
        seen += [i["case_id"] for i in page["items"]]
        params["cursor"] = page["next"]
    assert len(seen) == len(set(seen))
    visible = {cases.ids[k] for k in ("late", "person", "decided", "licence")}
    assert visible <= set(seen)
    assert len(seen) == len(visible) + 2  # the two opened after the cursor's position


FORGED = base64.urlsafe_b64encode(
    json.dumps({"l": "cases", "s": "opened", "o": "desc", "k": [1, 2], "i": "x"}).encode()
).decode()
"""A cursor of the right list, sort and order whose key is not one: numbers for dates."""


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"cursor": "not-a-cursor"}, "invalid-cursor", "cursor"),
        ({"cursor": FORGED}, "invalid-cursor", "cursor"),
        ({"status": "late"}, "invalid-request", "status"),
        ({"overdue": "soon"}, "invalid-input", "overdue"),
        ({"overdue": "review,soon"}, "invalid-input", "overdue"),
        ({"sort": "party"}, "invalid-request", "sort"),
        ({"order": "up"}, "invalid-request", "order"),
        ({"limit": "0"}, "invalid-request", "limit"),
        ({"limit": "201"}, "invalid-request", "limit"),
        ({"area": "3703"}, "invalid-jurisdiction", "area"),
        ({"opened_from": "2026-13-01"}, "invalid-request", "opened_from"),
        ({"opened_from": "2026-05-02", "opened_to": "2026-05-01"}, "invalid-input", "opened_to"),
        ({"q": "  · "}, "invalid-input", "q"),
        ({"officer": "张三"}, "invalid-request", "officer"),
    ],
)
def test_a_bad_cursor_or_filter_is_a_422_problem_naming_the_field(
    client: TestClient, cases: Cases, params: dict[str, Any], code: str, field: str
) -> None:
    """Never a 5xx, never a silently empty or unfiltered list: 422 with the code and field."""
    answer = client.get("/v1/cases", headers=bearer(cases.tokens["a"]), params=params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    problem = answer.json()
    assert (problem["code"], problem["field"]) == (code, field)
    if code == "invalid-request" and field in ("status", "sort", "order"):
        assert problem["allowed"]


def test_a_cursor_of_one_sort_is_refused_for_another(client: TestClient, cases: Cases) -> None:
    """A cursor is bound to its list, sort key and order: reused elsewhere it is refused."""
    headers = bearer(cases.tokens["admin"])
    cursor = client.get("/v1/cases", headers=headers, params={"limit": 1}).json()["next"]
    for params in ({"sort": "title"}, {"order": "asc"}):
        answer = client.get("/v1/cases", headers=headers, params={**params, "cursor": cursor})
        assert (answer.status_code, answer.json()["code"]) == (422, "invalid-cursor")
    ledger = client.get("/v1/children", headers=bearer(cases.tokens["civil"]),
                        params={"cursor": cursor})  # fmt: skip
    assert (ledger.status_code, ledger.json()["code"]) == (422, "invalid-cursor")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("a", {"late", "person", "decided", "licence"}),  # officer of the agency in 370303
        ("reviewer", {"late", "person", "decided", "licence"}),
        ("head", {"late", "person", "decided", "licence"}),
        ("env_officer", {"other_agency"}),  # another agency: only its own
        ("oversight", {"late", "person", "decided", "licence", "elsewhere", "other_agency"}),
        ("oversight_elsewhere", set()),  # 淄川's oversight: nothing of 张店 or 370305
        ("court", {"late", "person", "decided", "licence", "other_agency"}),  # 370303 only
        ("admin", {"late", "person", "decided", "licence", "elsewhere", "other_agency"}),
    ],
)
def test_a_caller_lists_exactly_the_cases_it_may_open(
    client: TestClient, cases: Cases, who: str, expected: set[str]
) -> None:
    """The list follows ``GET /v1/cases/{id}``: every case listed opens for the caller (with
    a reason for courts and oversight), every other case is refused to it."""
    headers = bearer(cases.tokens[who])
    listed = set(by_id(client.get("/v1/cases", headers=headers)))
    assert listed == {cases.ids[name] for name in expected}
    for case_id in cases.ids.values():
        opened = client.get(f"/v1/cases/{case_id}", headers=headers, params={"reason": "检查"})
        assert (opened.status_code == 200) == (case_id in listed), (who, case_id, opened.text)


def test_roles_that_open_no_case_are_refused_the_list(client: TestClient, cases: Cases) -> None:
    """Civil affairs opens no enforcement case: 403, not an empty list; no token: 401."""
    refused = client.get("/v1/cases", headers=bearer(cases.tokens["civil"]))
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert client.get("/v1/cases").status_code == 401


def test_the_list_is_not_recorded_as_a_read(client: TestClient, cases: Cases,
                                            jz: Jianzheng) -> None:  # fmt: skip
    """Listing appends nothing (no access event): a list is not a read of a case's history."""
    before = jz.store.recorder.max_notification_id()
    assert client.get("/v1/cases", headers=bearer(cases.tokens["court"])).status_code == 200
    assert jz.store.recorder.max_notification_id() == before


# -- reviews ----------------------------------------------------------------------------------


def test_a_legal_office_sees_its_pending_reviews_oldest_first_and_oversight_pages_them(
    client: TestClient, cases: Cases, jz: Jianzheng, cast: Cast
) -> None:
    """``GET /v1/reviews``: the office's pending reviews, overdue flagged (R-LR-7); a reviewer
    who was an officer of the case does not see it pending (R-LR-5); after the opinion it is
    under ``status=passed``. Oversight's queue takes the same paging."""
    a, b = cast.officer_a.actor_id, cast.officer_b.actor_id
    fresh = open_case(jz, cast.officer_a, [a, b, cast.dual.actor_id], title="己公司案")
    hashed = draft(jz, cast, UUID(fresh), "suspension")
    review_id, _ = jz.cases.request_review(cast.officer_a, UUID(fresh), hashed)
    queue = client.get("/v1/reviews", headers=bearer(cases.tokens["reviewer"])).json()
    assert [i["case_id"] for i in queue["items"]] == [cases.ids["late"], fresh]
    assert [i["overdue"] for i in queue["items"]] == [True, False]
    assert queue["items"][1]["due_on"] is not None
    dual = client.get("/v1/reviews", headers=bearer(cases.tokens["dual"])).json()
    assert [i["case_id"] for i in dual["items"]] == [cases.ids["late"]]  # not its own case
    newest = client.get("/v1/reviews", headers=bearer(cases.tokens["reviewer"]),
                        params={"order": "desc", "limit": 1}).json()  # fmt: skip
    assert [i["case_id"] for i in newest["items"]] == [fresh]
    assert newest["next"] is not None
    jz.cases.record_opinion(cast.reviewer, UUID(fresh), review_id, result="passed",
                            items=opinion_items(), signature="赵法制")  # fmt: skip
    passed = client.get("/v1/reviews", headers=bearer(cases.tokens["reviewer"]),
                        params={"status": "passed", "mine": "true"}).json()  # fmt: skip
    assert [(i["case_id"], i["status"]) for i in passed["items"]] == [(fresh, "passed")]
    ovs = client.get("/v1/oversight/reviews", headers=bearer(cases.tokens["oversight"]),
                     params={"overdue": "true", "limit": 1})  # fmt: skip
    assert [r["case_id"] for r in ovs.json()["reviews"]] == [cases.ids["late"]]
    assert ovs.json()["next"] is None
    refused = client.get("/v1/reviews", headers=bearer(cases.tokens["a"]))
    assert refused.status_code == 403


# -- complaints ---------------------------------------------------------------------------


def test_the_complaints_queue_pages_and_filters_by_case(
    client: TestClient, cases: Cases, jz: Jianzheng, cast: Cast
) -> None:
    """Complaints most urgent first, paged; ``case_id`` keeps those about one case; never the
    complainant (R-SV-3)."""
    for n in range(3):
        jz.complaints.receive(cast.oversight, channel="letter", complainant={"name": f"投诉人{n}"},
                              summary="态度粗暴", case_id=cases.ids["late"] if n else None,
                              jurisdiction=None if n else "370303")  # fmt: skip
    headers = bearer(cases.tokens["oversight"])
    first = client.get("/v1/oversight/complaints", headers=headers, params={"limit": 2}).json()
    second = client.get("/v1/oversight/complaints", headers=headers,
                        params={"limit": 2, "cursor": first["next"]}).json()  # fmt: skip
    ids = [c["complaint_id"] for c in first["complaints"] + second["complaints"]]
    assert len(ids) == len(set(ids)) == 3
    assert second["next"] is None
    about = client.get("/v1/oversight/complaints", headers=headers,
                       params={"case_id": cases.ids["late"]}).json()["complaints"]  # fmt: skip
    assert len(about) == 2
    assert "投诉人" not in json.dumps(first, ensure_ascii=False)


# -- actors ---------------------------------------------------------------------------------


def test_admins_list_actors_by_role_status_and_name(
    client: TestClient, cases: Cases, jz: Jianzheng, cast: Cast
) -> None:
    """``GET /v1/actors``: filters combine; a suspended actor shows its standing; no token
    material is ever listed."""
    jz.suspend_actor(OPERATOR, UUID(cast.officer_b.actor_id), "暂扣执法证")
    headers = bearer(cases.tokens["admin"])
    wanted = {"role": "officer", "agency": AGENCY, "area": "370303"}
    officers = client.get("/v1/actors", headers=headers, params=wanted)
    assert [i["name"] for i in officers.json()["items"]] == ["孙双岗", "张三", "李四"]
    suspended = client.get("/v1/actors", headers=headers, params={"status": "suspended"}).json()
    assert [(i["name"], i["status"]) for i in suspended["items"]] == [("李四", "suspended")]
    named = client.get("/v1/actors", headers=headers, params={"q": "法制"}).json()["items"]
    assert [(i["name"], i["roles"]) for i in named] == [("赵法制", ["legal_reviewer"])]
    assert named[0]["certificate_valid_today"] is False
    dual = client.get("/v1/actors", headers=headers, params={"q": "双岗"}).json()["items"]
    assert dual[0]["roles"] == ["legal_reviewer", "officer"]
    assert dual[0]["certificate_valid_today"] is True
    pages = client.get("/v1/actors", headers=headers, params={"limit": 3, "sort": "registered"})
    assert len(pages.json()["items"]) == 3
    assert pages.json()["next"]
    listed = json.dumps(client.get("/v1/actors", headers=headers, params={"limit": 200}).json())
    assert "token" not in listed
    assert "jz_" not in listed
    bad = client.get("/v1/actors", headers=headers, params={"role": "mayor"})
    assert (bad.status_code, bad.json()["field"]) == (422, "role")
    assert client.get("/v1/actors", headers=bearer(cases.tokens["a"])).status_code == 403


def test_the_console_lists_actors_as_a_table_and_as_json(jz: Jianzheng, cast: Cast) -> None:
    """``jianzheng actors list``: a readable table (names aligned), or ``--json``; filters."""
    env = cli_env(jz.settings)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "api", "actors", "list", *args], env=env,
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip

    table = run("--role", "officer")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["actor_id", "name", "roles", "agency", "jurisdiction", "status",
                                "certified"]  # fmt: skip
    assert [line.split()[1] for line in lines[2:]] == ["孙双岗", "张三", "李四"]
    assert "3 actor(s)" in table.stderr
    as_json = run("--name", "赵", "--json")
    assert [a["name"] for a in json.loads(as_json.stdout)] == ["赵法制"]
    refused = run("--status", "asleep")
    assert refused.returncode == 2
    assert "invalid-input" in refused.stderr


# -- children and reports ---------------------------------------------------------------------


def new_child(n: int, village: str, **extra: Any) -> dict[str, Any]:
    return {
        "personal": {"name": f"王小{n}号", "id_number": f"37030320140517{n:03d}X"},
        "birth_date": "2014-05-17",
        "sex": "male",
        "location": {"county": village[:6], "town": village[:9], "village": village},
        "categories": extra.pop("categories", ["poverty_life"]),
        "registered_on": extra.pop("registered_on", ago(30)),
        "guardian": extra.pop("guardian", {"name": f"王大{n}", "relation": "father"}),
        **extra,
    }


@pytest.fixture
def ledger(jz: Jianzheng) -> dict[str, Any]:
    """Seven children: five in village A (one without a guardian, one not assessed for
    nine months, one of the other category), two in village B; the actors who keep them."""
    people = enrol(jz, {"village_a": ("village_committee", VILLAGE_A),
                        "village_b": ("village_committee", VILLAGE_B),
                        "town": ("town_office", "370303001"),
                        "civil": ("civil_affairs", "370303"),
                        "police": ("police", "370303"),
                        "school": ("reporter", VILLAGE_A)})  # fmt: skip
    ids = []
    specs = [
        (VILLAGE_A, {}), (VILLAGE_A, {"guardian": None}),
        (VILLAGE_A, {"registered_on": ago(270)}), (VILLAGE_A, {"categories": ["disability"]}),
        (VILLAGE_A, {}), (VILLAGE_B, {}), (VILLAGE_B, {}),
    ]  # fmt: skip
    for n, (village, extra) in enumerate(specs, start=1):
        keeper = people.principals["village_a" if village == VILLAGE_A else "village_b"]
        child, _ = jz.children.register(keeper, **new_child(n, village, **dict(extra)))
        ids.append(str(child.id))
    return {"ids": ids, "people": people}


def ledger_ids(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [row["child_id"] for row in answer.json()["children"]]


def test_no_search_matches_a_childs_name_or_id_number_and_a_village_sees_only_its_own(
    client: TestClient, jz: Jianzheng, ledger: dict[str, Any]
) -> None:
    """R-CH-4: ``q`` with a name or an ID number finds nothing, for every role, even the
    village that keeps the file; the file's number finds it. A village committee lists only
    its village, whatever the filters ask for."""
    tokens, ids = ledger["people"].tokens, ledger["ids"]
    for who in ("village_a", "town", "civil", "police"):
        for q in ("王小1号", "王小", "370303201405170", "王大1"):
            found = client.get("/v1/children", headers=bearer(tokens[who]), params={"q": q})
            assert ledger_ids(found) == [], (who, q)
    by_number = client.get("/v1/children", headers=bearer(tokens["civil"]),
                           params={"q": ids[5][:8].upper()})  # fmt: skip
    assert ledger_ids(by_number) == [ids[5]]
    own = client.get("/v1/children", headers=bearer(tokens["village_a"]), params={"limit": 200})
    assert sorted(ledger_ids(own)) == sorted(ids[:5])
    assert own.json()["count"] == 5
    for params in ({"village": VILLAGE_B}, {"area": "370303"}, {"q": ids[6][:8]}):
        other = client.get("/v1/children", headers=bearer(tokens["village_a"]), params=params)
        assert set(ledger_ids(other)) <= set(ids[:5])
    every = json.dumps(client.get("/v1/children", headers=bearer(tokens["civil"])).json(),
                       ensure_ascii=False)  # fmt: skip
    for secret in ("王小", "王大", "370303201405", "birth_date", "2014-05-17"):
        assert secret not in every


def test_the_ledger_filters_by_area_and_alert_and_pages_each_sort_both_ways(
    client: TestClient, jz: Jianzheng, ledger: dict[str, Any]
) -> None:
    """``area`` covers the village; ``alert`` keeps the files raising it today (R-GD-2,
    R-AS-1); each sort key pages both ways, each child once."""
    tokens, ids = ledger["people"].tokens, ledger["ids"]
    civil = bearer(tokens["civil"])
    in_b = client.get("/v1/children", headers=civil, params={"area": VILLAGE_B})
    assert sorted(ledger_ids(in_b)) == sorted(ids[5:])
    no_guardian = client.get("/v1/children", headers=civil,
                             params={"alert": "under_16_without_guardian"})  # fmt: skip
    assert ledger_ids(no_guardian) == [ids[1]]
    assert no_guardian.json()["children"][0]["alerts"] == ["under_16_without_guardian"]
    overdue = client.get("/v1/children", headers=civil, params={"alert": "assessment_overdue"})
    assert ledger_ids(overdue) == [ids[2]]
    assert ledger_ids(client.get("/v1/children", headers=civil,
                                 params={"category": "disability"})) == [ids[3]]  # fmt: skip
    for sort in ("village", "registered", "assessed", "adult"):
        for order in ("asc", "desc"):
            seen, params = [], {"sort": sort, "order": order, "limit": 3}
            while True:
                page = client.get("/v1/children", headers=civil, params=params)
                seen += page.json()["children"]
                assert page.json()["count"] == 7
                if page.json()["next"] is None:
                    break
                params["cursor"] = page.json()["next"]
            assert sorted(r["child_id"] for r in seen) == sorted(ids)
            key = {"village": "village", "registered": "registered_on",
                   "assessed": "last_assessed_on", "adult": "adult_on"}[sort]  # fmt: skip
            values = [(str(r[key] or ""), r["child_id"]) for r in seen]
            assert values == sorted(values, reverse=order == "desc"), (sort, order)
    bad = client.get("/v1/children", headers=civil, params={"alert": "hungry"})
    assert (bad.status_code, bad.json()["field"]) == (422, "alert")


def test_the_report_pipeline_pages_and_filters_by_stage_area_and_alert(
    client: TestClient, jz: Jianzheng, ledger: dict[str, Any]
) -> None:
    """Reports oldest first, paged; ``stage``, ``area``, ``alert`` (no police response yet);
    never the reporter (R-RP-3)."""
    people, ids = ledger["people"], ledger["ids"]
    reports = []
    for n, child in enumerate((ids[0], ids[1], ids[5])):
        report, _ = jz.children.file_report(
            people.principals["school"], reporter={"name": "张老师", "unit": "某村小学"},
            institution_kind="school", situations=["living_alone"],
            noticed_at=f"{ago(3)}T0{n}:00:00Z", reported_at=f"{ago(3)}T0{n}:30:00Z",
            summary="学生连续三天独自在家", child_id=child,
        )  # fmt: skip
        reports.append(str(report.id))
    jz.children.report_command(
        people.principals["police"], UUID(reports[1]), "record_police_response",
        responded_at=f"{ago(3)}T05:00:00Z", actions=["admonish_parents", "order_parents_return"],
        parents_reached=True,
    )  # fmt: skip
    police = bearer(people.tokens["police"])
    first = client.get("/v1/reports", headers=police, params={"limit": 2}).json()
    second = client.get("/v1/reports", headers=police,
                        params={"limit": 2, "cursor": first["next"]}).json()  # fmt: skip
    assert [r["report_id"] for r in first["reports"] + second["reports"]] == reports
    assert first["count"] == 3
    waiting = client.get("/v1/reports", headers=police, params={"alert": "no_police_response"})
    assert [r["report_id"] for r in waiting.json()["reports"]] == [reports[0], reports[2]]
    answered = client.get("/v1/reports", headers=police, params={"stage": "responded"})
    assert [r["report_id"] for r in answered.json()["reports"]] == [reports[1]]
    in_b = client.get("/v1/reports", headers=police, params={"area": VILLAGE_B})
    assert [r["report_id"] for r in in_b.json()["reports"]] == [reports[2]]
    assert "张老师" not in json.dumps(first, ensure_ascii=False)
    newest = client.get("/v1/reports", headers=police, params={"order": "desc", "limit": 1})
    assert [r["report_id"] for r in newest.json()["reports"]] == [reports[2]]
