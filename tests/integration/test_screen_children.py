"""The child-protection and reporting screens through the app (``TestClient``), on SQLite and
PostgreSQL: the forms are the API's own models, a refusal is the API's (same code, same field)
shown beside its field with nothing recorded, another area gets the API's refusal, another
department gives its reason once per visit and every read is recorded (R-CH-4, R-AC-3), CSRF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.schemas.child_bodies import ChildIn, GuardianshipIn
from api.schemas.report_bodies import DetentionIn, PoliceIn, ReportIn, TownInformedIn
from api.web.children.changes import guardianship_fields
from api.web.children.forms import FormField, form_fields
from api.web.children.law import DIRECT_KINDS, FILE_CHECKS, PRECONDITION_MEMBERS, guide
from api.web.children.records import RECORDS
from api.web.render import REFUSAL_HEADER
from api.web.reports import report_fields
from domain.records.access import AccessLog
from domain.records.children.guardianship import GUARDIANSHIP_CHANGES
from domain.records.errors import NotFound
from infra.application import Jianzheng, Principal
from tests.integration.areakit import enrol, register_wang_xiaoming

VILLAGE = "370303001001"
OTHER_VILLAGE = "370303001002"
HTML = {"accept": "text/html"}
REASON = "核查 2026 年 12 月强制报告所涉儿童的监护情况"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Scene:
    tokens: dict[str, str]
    principals: dict[str, Principal]
    child: str

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def scene(jz: Jianzheng) -> Scene:
    """王小明 of the village, and the people of his county, town, village and a neighbour."""
    cast = enrol(
        jz,
        {
            "village": ("village_committee", VILLAGE),
            "other_village": ("village_committee", OTHER_VILLAGE),
            "town": ("town_office", VILLAGE[:9]),
            "civil": ("civil_affairs", VILLAGE[:6]),
            "police": ("police", VILLAGE[:6]),
            "school": ("reporter", VILLAGE[:6]),
            "other_school": ("reporter", VILLAGE[:6]),
        },
    )
    child = register_wang_xiaoming(jz, cast.principals["village"], VILLAGE)
    return Scene(cast.tokens, cast.principals, child)


@pytest.fixture
def client(jz: Jianzheng) -> Iterator[TestClient]:
    with TestClient(create_app(jianzheng=jz), base_url="http://127.0.0.1") as c:
        yield c


def sign_in(client: TestClient, scene: Scene, who: str) -> str:
    """Sign ``who`` in; the session's CSRF secret."""
    client.cookies.clear()
    answer = client.post("/sign-in", data={"token": scene.tokens[who], "next": "/me"})
    assert answer.status_code == 200, answer.text
    found = re.search(r'name="csrf-token" content="([^"]+)"', answer.text)
    assert found is not None
    return found.group(1)


def position(jz: Jianzheng) -> int:
    return int(jz.store.recorder.max_notification_id() or 0)


def reads(jz: Jianzheng, kind: str, subject: str) -> list[tuple[str, str, str]]:
    try:
        log = jz.store.load(AccessLog, AccessLog.create_id(kind, subject))
    except NotFound:
        return []
    return [(r["actor"], r["role"], r["reason"]) for r in log.reads]


ENTRUSTMENT = {
    "guardian.name": "王奶奶",
    "guardian.relation": "paternal_grandmother",
    "legal_basis": "《民法典》第二十七条；父母外出务工，委托祖母照护",
    "effective_on": "2026-03-02",
    "capacity_assessment.by": "某村村委会",
    "capacity_assessment.on": "2026-03-01",
    "capacity_assessment.capable": "true",
    "exclusion_check.by": "某村村委会",
    "exclusion_check.on": "2026-03-01",
}


def _all(fields: list[FormField]) -> Iterator[FormField]:
    for f in fields:
        yield f
        yield from _all(list(f.children))


# -- the forms are the API's models ------------------------------------------------------------


@pytest.mark.parametrize(
    "model", [GuardianshipIn, ChildIn, ReportIn, PoliceIn, TownInformedIn, DetentionIn]
    + [r.model for r in RECORDS.values()], ids=lambda m: m.__name__,
)  # fmt: skip
def test_every_generated_field_has_a_chinese_label(model: Any) -> None:
    """Chinese first: no field of a generated form shows the member's English name."""
    for f in _all(form_fields(model)):
        assert CJK.search(f.label), f"{model.__name__}.{f.path} has no Chinese label: {f.label}"


def test_the_report_form_asks_every_member_of_the_reports_model() -> None:
    """Reordered for the reporter, the form still asks exactly what ``POST /v1/reports``
    takes."""
    assert sorted(f.path for f in report_fields()) == sorted(ReportIn.model_fields)


@pytest.mark.parametrize("kind", DIRECT_KINDS)
def test_each_kind_of_change_asks_exactly_the_members_its_table_lists(kind: str) -> None:
    """The form of a kind is its row of the law's table: its members, required as it says."""
    table = [(m.name, m.required) for m in GUARDIANSHIP_CHANGES[kind].members]
    assert [(f.path, f.required) for f in guardianship_fields(kind)] == table


@pytest.mark.parametrize("kind", DIRECT_KINDS)
def test_every_precondition_is_shown_up_front_in_the_tables_order(kind: str) -> None:
    """Each precondition of the kind is listed with its code and rule, linked to the field
    that supplies it or read from the file (R-GD-1…10)."""
    change = GUARDIANSHIP_CHANGES[kind]
    for pre in change.preconditions:
        assert pre.name in PRECONDITION_MEMBERS or pre.name in FILE_CHECKS, pre.name
    file = {"guardianship": [{"no": 1, "kind": "parent", "effective_on": "2026-03-01",
                              "guardian": {"name": "王大山", "relation": "father"}}],
            "revocations": [], "left_behind": []}  # fmt: skip
    village = Principal("v", frozenset(change.recorders), "", VILLAGE)
    shown = guide(kind, file, village).lines
    assert [s.code for s in shown[1:]] == [p.code for p in change.preconditions]
    assert all(CJK.search(s.text) for s in shown)


# -- recording, and refusals in the API's words ----------------------------------------------


def test_a_village_records_an_entrustment_through_the_generated_form(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """Post/Redirect/Get: the change is recorded by the service and the API reads it."""
    csrf = sign_in(client, scene, "village")
    page = client.get(f"/children/{scene.child}/guardianship/entrusted_relative", headers=HTML)
    assert page.status_code == 200
    assert 'class="unmet"' not in page.text  # nothing on file stands in the way
    answer = client.post(
        f"/children/{scene.child}/guardianship/entrusted_relative",
        data={"csrf_token": csrf, **ENTRUSTMENT}, headers=HTML, follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    assert REFUSAL_HEADER.lower() not in answer.headers
    file = client.get(f"/v1/children/{scene.child}", headers=scene.bearer("village")).json()
    now = file["guardianship"][-1]
    assert (now["kind"], now["guardian"]["name"]) == ("entrusted_relative", "王奶奶")
    assert now["conditions"]["exclusion_check"]["found"] == []
    timeline = client.get(f"/children/{scene.child}", headers=HTML).text
    assert "委托祖父母、外祖父母、成年兄姐监护" in timeline
    assert "监护人：王奶奶(祖母)" in timeline


def test_a_refused_change_comes_back_with_the_refusal_beside_its_field_and_nothing_recorded(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """A guardian found not capable (R-GD-3): the law's words beside the field, the values
    kept, answered 200 with the code in the refusal header; the store is unchanged."""
    csrf = sign_in(client, scene, "village")
    before = position(jz)
    body = {**ENTRUSTMENT, "capacity_assessment.capable": "false"}
    answer = client.post(
        f"/children/{scene.child}/guardianship/entrusted_relative",
        data={"csrf_token": csrf, **body}, headers=HTML,
    )  # fmt: skip
    assert answer.status_code == 200
    assert answer.headers[REFUSAL_HEADER] == "guardian-not-capable"
    field = answer.text.split('id="f-capacity-assessment-capable-field"', 1)[1]
    assert 'id="f-capacity-assessment-capable-refusal"' in field.split("</div>", 1)[0]
    assert "不具备监护能力的, 应更换监护人" in answer.text
    assert 'value="王奶奶"' in answer.text
    assert position(jz) == before


def test_a_missing_precondition_is_refused_with_the_same_code_and_field_as_the_api(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """An entrustment to a friend without the committee's consent (R-GD-4): the screen and
    ``POST /v1/children/{id}/guardianship`` refuse it alike."""
    form = {
        "guardian.name": "李四", "guardian.relation": "邻居", "legal_basis": "父母委托",
        "effective_on": "2026-03-02", "agreement_sha256": "a" * 64,
        "exclusion_check.by": "村委会", "exclusion_check.on": "2026-03-01",
    }  # fmt: skip
    api = client.post(
        f"/v1/children/{scene.child}/guardianship", headers=scene.bearer("village"),
        json={"kind": "entrusted_other", "guardian": {"name": "李四", "relation": "邻居"},
              "legal_basis": "父母委托", "effective_on": "2026-03-02",
              "agreement_sha256": "a" * 64,
              "exclusion_check": {"by": "村委会", "on": "2026-03-01", "found": []}},
    )  # fmt: skip
    assert api.status_code == 422, api.text
    csrf = sign_in(client, scene, "village")
    before = position(jz)
    answer = client.post(
        f"/children/{scene.child}/guardianship/entrusted_other",
        data={"csrf_token": csrf, **form}, headers=HTML,
    )  # fmt: skip
    assert answer.headers[REFUSAL_HEADER] == api.json()["code"] == "committee-consent-required"
    assert 'id="f-committee-consent-refusal"' in answer.text
    assert position(jz) == before


def test_a_schema_refusal_on_the_screen_is_the_apis(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """Registration with a village code longer than any code: the model refuses it before the
    service, with the API's code and field (``invalid-jurisdiction``, ``location.village``)."""
    csrf = sign_in(client, scene, "village")
    form = {"personal.name": "赵小兰", "birth_date": "2016-02-03", "sex": "female",
            "location.county": VILLAGE[:6], "location.town": VILLAGE[:9],
            "location.village": VILLAGE + "9", "categories": "orphan",
            "registered_on": "2026-03-05"}  # fmt: skip
    answer = client.post("/children/new", data={"csrf_token": csrf, **form}, headers=HTML)
    api = client.post(
        "/v1/children", headers=scene.bearer("village"),
        json={"personal": {"name": "赵小兰"}, "birth_date": "2016-02-03", "sex": "female",
              "location": {"county": VILLAGE[:6], "town": VILLAGE[:9], "village": VILLAGE + "9"},
              "categories": ["orphan"], "registered_on": "2026-03-05"},
    )  # fmt: skip
    assert answer.headers[REFUSAL_HEADER] == api.json()["code"] == "invalid-jurisdiction"
    assert api.json()["field"] == "location.village"
    assert 'id="f-location-village-refusal"' in answer.text
    assert 'value="赵小兰"' in answer.text


def test_registration_through_the_screen_opens_the_file(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """One file per child (R-CH-1): registered, the person lands on the new file."""
    csrf = sign_in(client, scene, "village")
    form = {"personal.name": "赵小兰", "birth_date": "2016-02-03", "sex": "female",
            "location.county": VILLAGE[:6], "location.town": VILLAGE[:9],
            "location.village": VILLAGE, "categories": "orphan", "registered_on": "2026-03-05",
            "key_child": "false"}  # fmt: skip
    answer = client.post("/children/new", data={"csrf_token": csrf, **form}, headers=HTML,
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith("?done=registered")
    page = client.get(answer.headers["location"], headers=HTML)
    assert "赵小兰" in page.text
    assert "档案已建立" in page.text
    assert "无人监护(应急)" in page.text  # no guardian given: the file says so (R-GD-2)


# -- access: another area, another department ------------------------------------------------


def test_another_village_gets_the_refusal_the_api_gives(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """A village committee of another village: the file page and the API answer alike, and a
    change posted anyway is refused by the service with nothing recorded."""
    api = client.get(f"/v1/children/{scene.child}", headers=scene.bearer("other_village"))
    csrf = sign_in(client, scene, "other_village")
    page = client.get(f"/children/{scene.child}", headers=HTML)
    assert (page.status_code, api.status_code) == (403, 403)
    assert api.json()["code"] in page.text
    before = position(jz)
    answer = client.post(
        f"/children/{scene.child}/guardianship/entrusted_relative",
        data={"csrf_token": csrf, **ENTRUSTMENT}, headers=HTML, follow_redirects=False,
    )  # fmt: skip
    api_post = client.post(
        f"/v1/children/{scene.child}/guardianship", headers=scene.bearer("other_village"),
        json={"kind": "entrusted_relative", "guardian": {"name": "王奶奶",
              "relation": "paternal_grandmother"}, "legal_basis": "委托",
              "effective_on": "2026-03-02",
              "capacity_assessment": {"by": "村委会", "on": "2026-03-01", "capable": True},
              "exclusion_check": {"by": "村委会", "on": "2026-03-01", "found": []}},
    )  # fmt: skip
    assert (answer.status_code, api_post.status_code) == (403, 403)
    assert f"<code>{api_post.json()['code']}</code>" in answer.text
    assert position(jz) == before


def test_the_police_give_a_reason_once_per_visit_and_every_read_is_recorded(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """Another department (R-CH-4, R-AC-3): asked why before anything of the file is shown,
    nothing recorded until it says; then each read is recorded with that reason, which the
    file's keepers see; after signing out the next visit asks again."""
    csrf = sign_in(client, scene, "police")
    before = position(jz)
    asked = client.get(f"/children/{scene.child}", headers=HTML)
    assert asked.status_code == 200
    assert 'name="reason"' in asked.text
    assert "王小明" not in asked.text
    assert position(jz) == before
    assert reads(jz, "child", scene.child) == []
    blank = client.post(f"/children/{scene.child}/reason", data={"csrf_token": csrf,
                        "reason": "  "}, headers=HTML)  # fmt: skip
    assert blank.headers[REFUSAL_HEADER] == "invalid-input"
    given = client.post(f"/children/{scene.child}/reason", data={"csrf_token": csrf,
                        "reason": REASON}, headers=HTML, follow_redirects=False)  # fmt: skip
    assert given.status_code == 303
    for _ in range(2):
        page = client.get(f"/children/{scene.child}", headers=HTML)
        assert "王小明" in page.text
        assert REASON in page.text
    police = scene.principals["police"].actor_id
    assert reads(jz, "child", scene.child) == [(police, "police", REASON)] * 2
    sign_in(client, scene, "village")
    keeper = client.get(f"/children/{scene.child}", headers=HTML).text
    assert keeper.count("他部门查阅：儿童档案") == 2
    assert "police(公安机关)" in keeper
    client.post("/sign-out", data={"csrf_token": sign_in(client, scene, "police")})
    sign_in(client, scene, "police")
    again = client.get(f"/children/{scene.child}", headers=HTML)
    assert 'name="reason"' in again.text


def test_a_form_without_the_sessions_csrf_secret_is_refused_and_nothing_recorded(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """CSRF (synchronizer pattern): no secret, a wrong one, or another site's origin."""
    sign_in(client, scene, "village")
    before = position(jz)
    url = f"/children/{scene.child}/guardianship/entrusted_relative"
    for data, headers in (
        (ENTRUSTMENT, HTML),
        ({"csrf_token": "forged", **ENTRUSTMENT}, HTML),
    ):
        answer = client.post(url, data=data, headers=headers, follow_redirects=False)
        assert answer.status_code == 403
        assert "csrf-refused" in answer.text
    csrf = sign_in(client, scene, "village")
    foreign = client.post(url, data={"csrf_token": csrf, **ENTRUSTMENT},
                          headers={**HTML, "origin": "http://evil.example"})  # fmt: skip
    assert foreign.status_code == 403
    assert position(jz) == before


# -- reports ---------------------------------------------------------------------------------


def _report(
    jz: Jianzheng, scene: Scene, who: str, summary: str, at: str = "2026-12-01T08:30:00+08:00"
) -> str:
    report, _ = jz.children.file_report(
        scene.principals[who], reporter={"name": f"{who}老师", "unit": f"{who}小学"},
        institution_kind="school", situations=["living_alone"],
        noticed_at="2026-12-01T08:00:00+08:00", reported_at=at,
        summary=summary, child_id=scene.child,
    )  # fmt: skip
    return str(report.id)


def test_a_reporter_sees_its_own_reports_and_no_one_elses(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """A school's list: its own reports, never another school's (R-RP-3), never where a
    child with a file lives (R-CH-4)."""
    mine = _report(jz, scene, "school", "学生独自在家")
    theirs = _report(jz, scene, "other_school", "另一所学校的报告")
    sign_in(client, scene, "school")
    page = client.get("/reporting", headers=HTML)
    assert mine[:8] in page.text
    assert theirs[:8] not in page.text
    own = client.get(f"/reports/{mine}", headers=HTML)
    assert own.status_code == 200
    assert VILLAGE not in own.text
    assert client.get(f"/reports/{theirs}", headers=HTML).status_code == 403


def test_a_report_filed_on_the_screen_reaches_the_police(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """A school describes a child without a file, with its village (R-RP-1)."""
    csrf = sign_in(client, scene, "school")
    form = {"child_ref": "described", "reporter.name": "张老师", "reporter.unit": "某村小学",
            "institution_kind": "school", "situations": "living_alone",
            "noticed_at": "2026-12-01T08:00", "reported_at": "2026-12-01T08:20",
            "summary": "学生连续三天独自在家", "area": VILLAGE, "child_id": scene.child,
            "unidentified_child.apparent_age": "10", "unidentified_child.sex": "male"}  # fmt: skip
    answer = client.post("/reporting", data={"csrf_token": csrf, **form}, headers=HTML,
                         follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text
    listed = client.get("/v1/reports", headers=scene.bearer("police")).json()["reports"]
    assert len(listed) == 1
    assert listed[0]["area"] == VILLAGE
    assert listed[0]["child_id"] is None
    assert listed[0]["reported_at"] == "2026-12-01T08:20:00+08:00"


def test_a_reporter_cannot_take_the_polices_step(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """The step is refused for the role before the report is read, as the route does."""
    report = _report(jz, scene, "school", "学生独自在家")
    csrf = sign_in(client, scene, "school")
    before = position(jz)
    answer = client.post(
        f"/reports/{report}/police-response", headers=HTML,
        data={"csrf_token": csrf, "responded_at": "2026-12-01T09:00", "actions": "investigate",
              "parents_reached": "true"},
    )  # fmt: skip
    assert answer.headers[REFUSAL_HEADER] == "role-not-allowed"
    assert position(jz) == before


def test_a_police_response_short_of_what_the_situation_requires_is_refused_beside_it(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """R-EM-1: a child living alone, parents reached — the parents are admonished and ordered
    back (or name an entrusted guardian); the form says so first and refuses less."""
    report = _report(jz, scene, "school", "学生独自在家")
    csrf = sign_in(client, scene, "police")
    given = client.post(f"/reports/{report}/reason", data={"csrf_token": csrf, "reason": REASON},
                        follow_redirects=False)  # fmt: skip
    assert given.status_code == 303
    page = client.get(f"/reports/{report}", headers=HTML)
    assert "对父母进行训诫" in page.text.split('id="requirements"', 1)[1].split("</table>")[0]
    before = position(jz)
    refused = client.post(
        f"/reports/{report}/police-response", headers=HTML,
        data={"csrf_token": csrf, "responded_at": "2026-12-01T09:00", "actions": "investigate",
              "parents_reached": "true"},
    )  # fmt: skip
    assert refused.headers[REFUSAL_HEADER] == "police-action-required"
    assert 'id="f-actions-refusal"' in refused.text
    police = scene.principals["police"].actor_id
    # nothing but the read of the report shown again, recorded with the visit's reason
    assert position(jz) == before + 1
    assert reads(jz, "report", report) == [(police, "police", REASON)] * 2
    done = client.post(
        f"/reports/{report}/police-response", headers=HTML, follow_redirects=False,
        data={"csrf_token": csrf, "responded_at": "2026-12-01T09:00",
              "actions": ["admonish_parents", "order_parents_return"], "parents_reached": "true"},
    )  # fmt: skip
    assert done.status_code == 303, done.text
    state = client.get(f"/v1/reports/{report}", params={"reason": REASON},
                       headers=scene.bearer("police")).json()  # fmt: skip
    assert state["stage"] == "responded"
    assert state["responses"][0]["responded_at"] == "2026-12-01T09:00:00+08:00"


# -- the ledger and the police's queue ---------------------------------------------------------


def test_the_ledger_lists_the_persons_area_and_refuses_a_filter_out_of_its_list(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """The village sees its own village, the neighbour none of it; a filter outside its
    vocabulary or a cursor this list did not hand out is said, not silently ignored."""
    sign_in(client, scene, "village")
    own = client.get("/children", headers=HTML)
    assert own.status_code == 200
    assert f'data-child="{scene.child}"' in own.text
    assert "王小明" not in own.text  # the ledger carries no name (R-CH-4)
    refused = client.get("/children?category=rich", headers=HTML)
    assert refused.status_code == 200
    assert refused.headers[REFUSAL_HEADER] == "invalid-input"
    assert "poverty_life" in refused.text  # the values it may take
    cursor = client.get("/children?cursor=bm90LWEtY3Vyc29y", headers=HTML)
    assert cursor.headers[REFUSAL_HEADER] == "invalid-cursor"
    area = client.get("/children?area=12345", headers=HTML)
    assert area.headers[REFUSAL_HEADER] == "invalid-jurisdiction"
    sign_in(client, scene, "other_village")
    theirs = client.get("/children", headers=HTML)
    assert scene.child not in theirs.text


def test_the_police_queue_is_their_areas_oldest_first(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """Reports awaiting a response, the area's only, oldest first (R-EM-1)."""
    second = _report(jz, scene, "other_school", "后报告的", "2026-12-01T09:30:00+08:00")
    first = _report(jz, scene, "school", "先报告的", "2026-12-01T08:30:00+08:00")
    far = enrol(jz, {"far_police": ("police", "370305")})
    scene.tokens.update(far.tokens)
    sign_in(client, scene, "police")
    queue = client.get("/police/reports", headers=HTML).text
    waiting = queue.split('id="queue-reported"', 1)[1].split("</section>", 1)[0]
    assert waiting.index(first) < waiting.index(second)
    sign_in(client, scene, "far_police")
    assert first not in client.get("/police/reports", headers=HTML).text


def test_the_police_record_a_parents_detention_and_the_childs_care_on_the_file(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """R-GD-7: a child who needs care without the arrangement is refused with the law's code;
    with the receiver and the written hand-over the file shows temporary care."""
    csrf = sign_in(client, scene, "police")
    client.post(f"/children/{scene.child}/reason", data={"csrf_token": csrf, "reason": REASON})
    form = {"csrf_token": csrf, "parent": "father", "measure": "criminal_detention",
            "detained_at": "2026-12-02T10:00", "needs_care": "true",
            "legal_basis": "《刑事诉讼法》第八十二条"}  # fmt: skip
    refused = client.post(f"/children/{scene.child}/detention", data=form, headers=HTML)
    assert refused.headers[REFUSAL_HEADER] == "care-arrangement-required"
    done = client.post(
        f"/children/{scene.child}/detention", headers=HTML, follow_redirects=False,
        data={**form, "care.receiver.name": "王二叔", "care.receiver.relation": "relative",
              "care.handover_sha256": "c" * 64},
    )  # fmt: skip
    assert done.status_code == 303, done.text
    page = client.get(f"/children/{scene.child}", headers=HTML).text
    assert "临时监护（王二叔）" in page


def test_the_town_arranges_help_and_closes_the_report_on_its_screen(
    jz: Jianzheng, client: TestClient, scene: Scene
) -> None:
    """R-EM-2: once the police responded and informed the town, the town finds the report in
    its pipeline, records its assessment-and-help arrangement, and closes it."""
    report = _report(jz, scene, "school", "学生独自在家")
    police = scene.principals["police"]
    jz.children.report_command(
        police, UUID(report), "record_police_response", responded_at="2026-12-01T09:00:00+08:00",
        actions=["admonish_parents", "order_parents_return"], parents_reached=True,
    )  # fmt: skip
    jz.children.report_command(
        police, UUID(report), "record_town_informed", town=VILLAGE[:9],
        informed_at="2026-12-01T10:00:00+08:00",
    )  # fmt: skip
    csrf = sign_in(client, scene, "town")
    queue = client.get("/reports", headers=HTML).text
    assert report in queue.split('id="queue-town_informed"', 1)[1].split("</section>", 1)[0]
    page = client.get(f"/reports/{report}", headers=HTML).text
    assert 'id="town-arrangement-form"' in page
    assert 'id="police-response-form"' not in page  # the police's step is not the town's
    arranged = client.post(
        f"/reports/{report}/town-arrangement", headers=HTML, follow_redirects=False,
        data={"csrf_token": csrf, "departments": ["civil_affairs", "education"],
              "assessment.safety": "安全", "assessment.guardianship": "父母已返回",
              "assessment.health": "良好", "measures": "guardianship_guidance",
              "arranged_on": "2026-12-02"},
    )  # fmt: skip
    assert arranged.status_code == 303, arranged.text
    closed = client.post(
        f"/reports/{report}/closure", headers=HTML, follow_redirects=False,
        data={"csrf_token": csrf, "reason": "父母已返回，监护落实",
              "closed_at": "2026-12-03T09:00"},
    )  # fmt: skip
    assert closed.status_code == 303, closed.text
    assert "已结案" in client.get(f"/reports/{report}", headers=HTML).text
