"""The oversight and court screens refuse what the API refuses, and record what it records.

Over both backends, through the app (``TestClient``): a person without the role, or of another
area, gets on the screen the refusal the API gives them (same status, same ``code``); forms
without the session's secret change nothing; the verification started from a screen is
recorded with who started it, like the API's.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.proof.verify import Report
from domain.records import errors
from domain.records.access import AccessLog
from domain.records.file_review import checklist
from infra.application import OPERATOR, Jianzheng
from infra.sql import Database
from infra.verification_runs import STALE_SECONDS, VerificationRuns
from tests.conftest import register
from tests.integration.casekit import PNG_PIXEL as PNG
from tests.integration.casekit import Cast, draft, make_cast, open_case, upload
from tests.integration.test_child_court_bundle import people, petitioned_child
from tests.integration.test_children_api import People
from tests.integration.test_screen_sessions import csrf_of, sign_in
from tests.rawstore import RawStore

HTML = {"accept": "text/html"}
COURT_REASON = "(2026)鲁0303民特7号 撤销监护人资格案"

__all__ = ["people"]  # the fixture of the child-protection chain, used here too

QUEUES = [
    ("/oversight", "/v1/oversight/blocked-decisions"),
    ("/oversight/blocked", "/v1/oversight/blocked-decisions"),
    ("/oversight/reviews", "/v1/oversight/reviews"),
    ("/oversight/deadlines", "/v1/oversight/deadlines"),
    ("/oversight/publications", "/v1/oversight/publications"),
    ("/oversight/complaints", "/v1/oversight/complaints"),
]


@pytest.fixture
def client(jz: Jianzheng) -> Iterator[TestClient]:
    with TestClient(create_app(jianzheng=jz), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture
def cast(jz: Jianzheng) -> Cast:
    return make_cast(jz)


def blocked_twice(jz: Jianzheng, cast: Cast) -> None:
    """A head's bypass and an officer's attempt, both refused and recorded (R-LR-8)."""
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    for who in (cast.head, cast.officer_b):
        with pytest.raises(errors.JianzhengError):
            jz.cases.decide(who, case, hashed)


def events(jz: Jianzheng) -> int:
    return int(jz.store.recorder.max_notification_id() or 0)


def refusal_code(page: str) -> str:
    found = re.search(r"<code>([a-z-]+)</code>（HTTP (\d+)）", page)
    assert found, page
    return found.group(1)


@pytest.mark.parametrize(("screen", "api"), QUEUES)
def test_a_person_without_oversight_gets_the_apis_refusal_on_each_queue(
    jz: Jianzheng, client: TestClient, cast: Cast, screen: str, api: str
) -> None:
    """An officer opening an oversight screen is refused as the route refuses them."""
    blocked_twice(jz, cast)
    expected = client.get(api, headers={"Authorization": f"Bearer {cast.tokens['a']}"})
    assert expected.status_code == 403
    sign_in(client, cast.tokens["a"])
    answer = client.get(screen, headers=HTML)
    assert answer.status_code == expected.status_code
    assert refusal_code(answer.text) == expected.json()["code"]


def test_oversight_of_another_area_sees_none_of_this_areas_attempts(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """Qingdao's oversight body sees no blocked decision of a Zibo case — as in the API."""
    blocked_twice(jz, cast)
    qingdao = register(jz, "oversight", name="青岛市司法局", jurisdiction="370200").token
    api = client.get(
        "/v1/oversight/blocked-decisions", headers={"Authorization": f"Bearer {qingdao}"}
    )
    assert api.json()["blocked"] == []
    sign_in(client, qingdao)
    page = client.get("/oversight/blocked", headers=HTML).text
    assert "王局长" not in page
    assert "李四" not in page
    assert page.count("没有此类记录") == 2
    sign_in(client, cast.tokens["oversight"])
    page = client.get("/oversight/blocked", headers=HTML).text
    assert "王局长" in page
    assert "李四" in page


def test_a_blocked_decision_is_told_apart_by_the_gates_code(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """``decision-authority-required`` is a wrong-role attempt; every other code a bypass."""
    blocked_twice(jz, cast)
    sign_in(client, cast.tokens["oversight"])
    page = client.get("/oversight/blocked?kind=bypass", headers=HTML).text
    assert "legal-review-required" in page
    assert "decision-authority-required" not in page
    page = client.get("/oversight/blocked?kind=wrong_role", headers=HTML).text
    assert "decision-authority-required" in page
    assert "legal-review-required" not in page
    both = client.get("/oversight/blocked?kind=", headers=HTML).text  # the form's "全部"
    assert "legal-review-required" in both
    assert "decision-authority-required" in both
    refused = client.get("/oversight/blocked?kind=both", headers=HTML)
    assert refused.status_code == 422
    assert refusal_code(refused.text) == "invalid-input"
    assert "bypass、wrong_role" in refused.text


def wait_for_run(jz: Jianzheng) -> None:
    deadline = time.monotonic() + 30
    while jz.verifications.live() is not None:
        assert time.monotonic() < deadline, "the verification did not end"
        time.sleep(0.1)


def test_the_verification_runs_only_for_oversight_and_admin_from_a_real_form(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """No secret, another site, or another role: nothing runs and nothing is recorded; the
    oversight body's run is recorded with its name, and an API run with the admin's."""
    sign_in(client, cast.tokens["oversight"])
    secret = csrf_of(client)
    for headers, data in (
        ({}, {"next": "/oversight"}),
        ({"origin": "http://evil.example"}, {"csrf_token": secret}),
    ):
        answer = client.post("/log-health/verification", data=data, headers={**HTML, **headers})
        assert answer.status_code == 403
        assert refusal_code(answer.text) == "csrf-refused"
    assert jz.verifications.latest() is None
    sign_in(client, cast.tokens["a"])
    answer = client.post(
        "/log-health/verification", data={"csrf_token": csrf_of(client)}, headers=HTML
    )
    assert answer.status_code == 403
    assert refusal_code(answer.text) == "forbidden"
    assert client.get("/log-health/verification").status_code == 403
    assert jz.verifications.latest() is None

    sign_in(client, cast.tokens["oversight"])
    answer = client.post(
        "/log-health/verification",
        data={"csrf_token": csrf_of(client), "next": "/oversight"},
        headers=HTML,
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/oversight#log-health"
    wait_for_run(jz)
    state = client.get("/log-health/verification").json()
    assert state["state"] == "finished"
    assert state["ok"] is True
    run = jz.verifications.latest()
    assert run is not None
    assert (run.started_by, run.via) == (cast.oversight.actor_id, "screen")
    page = client.get("/oversight", headers=HTML).text
    assert "上次核验通过" in page
    assert "市司法局执法监督科" in page

    admin = register(jz, "admin", name="系统管理员乙", jurisdiction="*")
    report = client.get("/v1/verification", headers={"Authorization": f"Bearer {admin.token}"})
    assert report.json()["ok"] is True
    run = jz.verifications.latest()
    assert run is not None
    assert (run.started_by, run.via) == (str(admin.actor.id), "api")
    assert run.report is not None
    assert run.report["events"] == report.json()["events"]


def test_a_run_already_working_is_not_started_twice(jz: Jianzheng, cast: Cast) -> None:
    """A second start while a run works returns the working run; a run that stopped beating
    (its process died) is shown as interrupted and does not hold up the next one."""
    release = threading.Event()

    def held(**options: Any) -> Report:
        release.wait(20)
        return jz.verify(**options)

    runs = VerificationRuns(Database(jz.settings), held, lambda: 0)
    try:
        first = runs.start(cast.oversight)
        second = runs.start(cast.oversight)
        assert second.run_id == first.run_id
        assert second.state() == "running"
        assert first.state(now=first.beat_at + STALE_SECONDS + 1) == "interrupted"
        release.set()
        deadline = time.monotonic() + 30
        while runs.live() is not None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        done = runs.get(first.run_id)
        assert (done.state(), done.ok, done.started_by) == (
            "finished",
            True,
            cast.oversight.actor_id,
        )
        assert runs.start(cast.oversight).run_id != first.run_id
    finally:
        release.set()
        while runs.live() is not None:
            time.sleep(0.05)
        runs.db.close()


def test_a_verification_that_finds_a_break_shows_it(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """A row altered behind the service's back: the panel says what was found, and where."""
    actor = register(jz, name="赵五", certificate="鲁执法-0099", valid_until="2035-12-31").actor
    jz.suspend_actor(OPERATOR, actor.id, "证件暂扣")
    jz.reinstate_actor(OPERATOR, actor.id, "复核无误")
    raw = RawStore(jz.settings)
    try:
        row = raw.rows(str(actor.id))[2]
        state = bytearray(row.state)
        state[state.index("鲁".encode()) + 2] ^= 0x01
        raw.set_state(str(actor.id), row.seq, bytes(state))
    finally:
        raw.close()
    report = jz.verifications.run(cast.oversight, via="screen")
    assert not report.ok
    sign_in(client, cast.tokens["oversight"])
    page = client.get("/oversight", headers=HTML).text
    assert "上次核验发现问题：链断裂 1 处" in page
    assert "事件内容被改动" in page
    assert str(actor.id) in page


def test_a_complaint_shows_its_complainant_only_to_who_received_or_handles_it(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """The receiver reads the complainant; a colleague of the same body does not (R-RP-3);
    another area's body is refused as by ``GET /v1/complaints/{id}``."""
    case = open_case(jz, cast)
    complaint, _ = jz.complaints.receive(
        cast.oversight, channel="letter", complainant={"name": "投诉人乙某"},
        summary="多次上门检查", case_id=str(case), officers=[cast.officer_b.actor_id],
    )  # fmt: skip
    url = f"/oversight/complaints/{complaint.id}"
    sign_in(client, cast.tokens["oversight"])
    page = client.get(url, headers=HTML).text
    assert "投诉人乙某" in page
    assert "李四" in page
    colleague = register(jz, "oversight", name="监督科科员", jurisdiction="370300").token
    sign_in(client, colleague)
    page = client.get(url, headers=HTML).text
    assert "投诉人乙某" not in page
    assert "仅受理人和承办人可见" in page
    qingdao = register(jz, "oversight", name="青岛市司法局", jurisdiction="370200").token
    expected = client.get(
        f"/v1/complaints/{complaint.id}", headers={"Authorization": f"Bearer {qingdao}"}
    )
    sign_in(client, qingdao)
    answer = client.get(url, headers=HTML)
    assert answer.status_code == expected.status_code == 403
    assert refusal_code(answer.text) == expected.json()["code"]
    assert "投诉人乙某" not in answer.text


# -- the court's screens ---------------------------------------------------------------------


def access(jz: Jianzheng, kind: str, subject: str) -> AccessLog | None:
    stream = AccessLog.create_id(kind, subject)
    return jz.store.load(AccessLog, stream) if jz.store.exists(stream) else None


def give_reason(client: TestClient, segment: str, subject: str, reason: str) -> Any:
    return client.post(
        f"/history/{segment}/{subject}/reason",
        data={"csrf_token": csrf_of(client), "reason": reason},
        headers=HTML,
        follow_redirects=False,
    )


def test_a_court_is_asked_its_reason_once_and_each_read_is_recorded(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """Nothing is read before the reason; then the history, the bundle and the dossier are
    read with it, each recorded as the API records it (R-AC-3)."""
    case = open_case(jz, cast)
    sign_in(client, cast.tokens["court"])
    asked = client.get(f"/history/cases/{case}", headers=HTML)
    assert asked.status_code == 200
    assert "查阅理由" in asked.text
    assert access(jz, "case", str(case)) is None
    assert client.get(f"/history/cases/{case}/bundle", follow_redirects=False).status_code == 303
    assert access(jz, "case", str(case)) is None

    refused = client.post(
        f"/history/cases/{case}/reason", data={"reason": "案件审理"}, headers=HTML
    )
    assert refused.status_code == 403
    assert refusal_code(refused.text) == "csrf-refused"
    blank = give_reason(client, "cases", str(case), "\u200b ")
    assert blank.status_code == 200
    assert blank.headers["Jianzheng-Refusal"] == "invalid-input"
    assert access(jz, "case", str(case)) is None

    given = give_reason(client, "cases", str(case), "(2026)鲁0303行初12号")
    assert given.status_code == 303
    assert given.headers["location"] == f"/history/cases/{case}"
    page = client.get(f"/history/cases/{case}", headers=HTML).text
    assert "某食品公司销售过期食品案" in page
    assert "张三(行政执法人员)" in page
    log = access(jz, "case", str(case))
    assert log is not None
    assert [(r["actor"], r["role"], r["what"], r["reason"]) for r in log.reads] == [
        (cast.court.actor_id, "court", "timeline", "(2026)鲁0303行初12号")
    ]

    bundle = client.get(f"/history/cases/{case}/bundle")
    assert bundle.status_code == 200
    assert bundle.headers["content-disposition"].startswith("attachment;")
    dossier = client.get(f"/history/cases/{case}/dossier.pdf")
    assert dossier.status_code == 200
    assert dossier.content.startswith(b"%PDF-")
    log = access(jz, "case", str(case))
    assert log is not None
    assert log.exports[0]["sha256"] == hashlib.sha256(bundle.content).hexdigest()
    assert log.exports[1]["sha256"] == dossier.headers["X-Bundle-SHA256"]
    assert {e["reason"] for e in log.exports} == {"(2026)鲁0303行初12号"}

    client.post("/sign-out", data={"csrf_token": csrf_of(client)})
    sign_in(client, cast.tokens["court"])
    again = client.get(f"/history/cases/{case}", headers=HTML)
    assert "查阅理由" in again.text  # a new visit gives its reason again


def test_the_case_agency_reads_without_a_reason_and_nothing_is_recorded(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """The case's own officers are not another department: no reason, no record."""
    case = open_case(jz, cast)
    sign_in(client, cast.tokens["a"])
    page = client.get(f"/history/cases/{case}", headers=HTML).text
    assert "某食品公司销售过期食品案" in page
    assert access(jz, "case", str(case)) is None


def test_a_court_of_another_area_is_refused_as_the_api_refuses_it(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """Same status and code as ``GET /v1/cases/{id}``; nothing recorded, no reason asked."""
    case = open_case(jz, cast)
    other = register(jz, "court", name="淄川区人民法院", jurisdiction="370302").token
    expected = client.get(
        f"/v1/cases/{case}", params={"reason": "审理"}, headers={"Authorization": f"Bearer {other}"}
    )
    sign_in(client, other)
    answer = client.get(f"/history/cases/{case}", headers=HTML)
    assert answer.status_code == expected.status_code == 403
    assert refusal_code(answer.text) == expected.json()["code"]
    assert give_reason(client, "cases", str(case), "审理").status_code == 303
    answer = client.get(f"/history/cases/{case}", headers=HTML)
    assert answer.status_code == 403
    assert client.get(f"/history/cases/{case}/bundle", headers=HTML).status_code == 403
    assert access(jz, "case", str(case)) is None


def test_a_court_opens_the_files_of_children_before_it_and_no_other(
    jz: Jianzheng, client: TestClient, people: People
) -> None:
    """The court's home lists the children with a petition in its area (no name); the file
    is read with the reason and recorded; a court elsewhere sees none and is refused."""
    ids = petitioned_child(client, people)
    sign_in(client, people.tokens["court"])
    home = client.get("/court", headers=HTML).text
    assert ids["child"][:8] in home
    assert "王小明" not in home
    assert give_reason(client, "children", ids["child"], COURT_REASON).status_code == 303
    page = client.get(f"/history/children/{ids['child']}", headers=HTML).text
    assert "王小明" in page
    log = access(jz, "child", ids["child"])
    assert log is not None
    assert [(r["role"], r["reason"]) for r in log.reads][-1] == ("court", COURT_REASON)
    bundle = client.get(f"/history/children/{ids['child']}/bundle")
    assert bundle.status_code == 200
    log = access(jz, "child", ids["child"])
    assert log is not None
    assert log.exports[-1]["sha256"] == hashlib.sha256(bundle.content).hexdigest()

    sign_in(client, people.tokens["court_elsewhere"])
    assert ids["child"][:8] not in client.get("/court", headers=HTML).text
    expected = client.get(
        f"/v1/children/{ids['child']}", params={"reason": COURT_REASON},
        headers=people.auth("court_elsewhere"),
    )  # fmt: skip
    give_reason(client, "children", ids["child"], COURT_REASON)
    answer = client.get(f"/history/children/{ids['child']}", headers=HTML)
    assert answer.status_code == expected.status_code == 403
    assert refusal_code(answer.text) == expected.json()["code"]
    assert "王小明" not in answer.text


def test_only_a_court_has_the_courts_home(jz: Jianzheng, client: TestClient, cast: Cast) -> None:
    """The list of children before a court is the court's: an oversight body is refused."""
    sign_in(client, cast.tokens["oversight"])
    answer = client.get("/court", headers=HTML)
    assert answer.status_code == 403
    assert refusal_code(answer.text) == "forbidden"
    sign_in(client, cast.tokens["court"])
    answer = client.get("/court?case=not-a-number", headers=HTML)
    assert answer.status_code == 200
    assert answer.headers["Jianzheng-Refusal"] == "invalid-input"


def score_form(client: TestClient, points: dict[str, str], reviewed_on: str = "") -> dict[str, str]:
    data = {"csrf_token": csrf_of(client), "reviewed_on": reviewed_on}
    for code, given in points.items():
        data[f"{code}.points"] = given
        data[f"{code}.finding"] = f"{code} 经查符合要求"
    return data


def test_a_case_file_is_scored_on_the_checklist_and_a_wrong_item_is_named(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """Points beyond an item's maximum are refused naming the item, the entered values kept and
    nothing recorded; a complete form records the review with the computed score (R-SV-1)."""
    case = open_case(jz, cast)
    full = {item.code: str(item.max_points) for item in checklist()}
    sign_in(client, cast.tokens["oversight"])
    form = client.get(f"/oversight/file-reviews/{case}", headers=HTML).text
    assert "某食品公司销售过期食品案" in form
    assert "满分 20" in form
    before = events(jz)
    wrong = score_form(client, {**full, "evidence_conclusive": "25"})
    answer = client.post(f"/oversight/file-reviews/{case}", data=wrong, headers=HTML)
    assert answer.status_code == 200
    assert answer.headers["Jianzheng-Refusal"] == "invalid-file-review"
    assert "items.evidence_conclusive.points" in answer.text
    assert 'value="25"' in answer.text
    bad_day = client.post(
        f"/oversight/file-reviews/{case}", data=score_form(client, full, "2026-02-30"),
        headers=HTML,
    )  # fmt: skip
    assert bad_day.headers["Jianzheng-Refusal"] == "invalid-input"
    assert events(jz) == before

    done = client.post(
        f"/oversight/file-reviews/{case}", data=score_form(client, {**full, "facts_clear": "5"}),
        headers=HTML, follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303
    assert done.headers["location"] == "/oversight/file-reviews?scored=90/100-excellent"
    scored = [e for e in jz.store.history(case) if e.envelope.type == "enforcement.CaseFileScored"]
    assert [(e.envelope.data["score"], e.envelope.actor) for e in scored] == [
        (90, cast.oversight.actor_id)
    ]
    queue = client.get(done.headers["location"], headers=HTML).text
    assert "已记录评查结果：90/100 分，优秀" in queue
    assert "90/100 优秀" in queue
    assert "某食品公司销售过期食品案" in queue

    sign_in(client, cast.tokens["a"])
    refused = client.post(
        f"/oversight/file-reviews/{case}", data=score_form(client, full), headers=HTML
    )
    assert refused.status_code == 403
    assert refusal_code(refused.text) == "forbidden"


def test_evidence_is_read_through_a_ticket_with_the_visits_reason(
    jz: Jianzheng, client: TestClient, cast: Cast
) -> None:
    """No reason: sent to give one, nothing recorded. With it: one read recorded per ticket, the
    player's request through the ticket records nothing more; the script's ticket needs the
    session's secret; another area's court gets the API's answer (R-AC-3, R-AV-5)."""
    case = open_case(jz, cast)
    photo = upload(jz, cast.officer_a, PNG, "image/png", case_id=case)
    page_url = f"/history/cases/{case}/evidence/{photo}"
    sign_in(client, cast.tokens["court"])
    asked = client.get(page_url, headers=HTML, follow_redirects=False)
    assert asked.status_code == 303
    assert asked.headers["location"] == f"/history/cases/{case}"
    assert access(jz, "case", str(case)) is None

    give_reason(client, "cases", str(case), "(2026)鲁0303行初12号")
    page = client.get(page_url, headers=HTML).text
    ticket = re.search(r'<img src="(/v1/evidence/[0-9a-f]{64}\?ticket=[^"]+)"', page)
    assert ticket is not None
    log = access(jz, "case", str(case))
    assert log is not None
    assert [r["what"] for r in log.reads] == [f"evidence:{photo}"]
    shown = client.get(ticket.group(1).replace("&amp;", "&"))
    assert shown.status_code == 200
    assert shown.content == PNG
    log = access(jz, "case", str(case))
    assert log is not None
    assert len(log.reads) == 1

    refused = client.post(f"{page_url}/ticket")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf-refused"
    scripted = client.post(f"{page_url}/ticket", headers={"X-CSRF-Token": csrf_of(client)})
    assert scripted.json()["player"] == "img"
    log = access(jz, "case", str(case))
    assert log is not None
    assert len(log.reads) == 2

    sign_in(client, cast.tokens["a"])  # the case's own officer: no reason, no record
    assert "<img src=" in client.get(page_url, headers=HTML).text
    log = access(jz, "case", str(case))
    assert log is not None
    assert len(log.reads) == 2

    other = register(jz, "court", name="淄川区人民法院", jurisdiction="370302").token
    expected = client.get(
        f"/v1/evidence/{photo}", params={"reason": "审理"},
        headers={"Authorization": f"Bearer {other}"},
    )  # fmt: skip
    sign_in(client, other)
    give_reason(client, "cases", str(case), "审理")
    answer = client.get(page_url, headers=HTML)
    assert answer.status_code == expected.status_code == 404
    assert refusal_code(answer.text) == expected.json()["code"]
