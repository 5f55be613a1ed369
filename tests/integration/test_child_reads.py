"""Reads of a child's data by another department are recorded, with a reason (R-CH-4, R-AC-3).

"Another department" is every reader who is not the child-protection staff of the child's
own area (civil affairs, town office, village committee): the police, courts and oversight
always are. Their reads of a child's file or of a report need ``?reason=`` and append a
chained, sealed access event; own-area staff read without one, and so does a reporter
reading its own report (it wrote it: no other department's data is opened).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.records.access import AccessLog
from domain.records.errors import NotFound
from infra.application import OPERATOR, Jianzheng, Principal
from tests.rawstore import RawStore

LOCATION = {"county": "370303", "town": "370303001", "village": "370303001001"}
REASON = "(2026)鲁0303刑初7号 核查监护情况"


@dataclass
class Scene:
    tokens: dict[str, str]
    principals: dict[str, Principal]
    child: str
    report: str

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def scene(jz: Jianzheng) -> Scene:
    """A child of village 370303001001, a school's report on it, and readers by area."""
    cast = {
        "village": ("village_committee", "370303001001"),
        "town": ("town_office", "370303001"),
        "civil": ("civil_affairs", "370303"),
        "police": ("police", "370303"),
        "other_police": ("police", "370305"),
        "school": ("reporter", "370303001001"),
        "other_school": ("reporter", "370303001001"),
        "oversight": ("oversight", "370300"),
    }
    tokens, principals = {}, {}
    for key, (role, area) in cast.items():
        registered = jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        )
        tokens[key] = registered.token
        principals[key] = Principal.of(registered.actor)
    child, _ = jz.children.register(
        principals["village"],
        personal={"name": "王小明", "id_number": "370303201405170017"},
        birth_date="2014-05-17", sex="male", location=dict(LOCATION),
        categories=["poverty_life"], registered_on="2026-03-01",
        guardian={"name": "王大山", "relation": "father"},
    )  # fmt: skip
    report, _ = jz.children.file_report(
        principals["school"],
        reporter={"name": "张老师", "unit": "某村小学"}, institution_kind="school",
        situations=["living_alone"], noticed_at="2026-11-20T08:00:00Z",
        reported_at="2026-11-20T08:30:00Z", summary="学生连续三天独自在家",
        child_id=str(child.id),
    )  # fmt: skip
    return Scene(tokens, principals, str(child.id), str(report.id))


def reads(jz: Jianzheng, kind: str, subject: str) -> list[tuple[str, str, str]]:
    """(actor, role, reason) of each recorded read of the subject."""
    try:
        log = jz.store.load(AccessLog, AccessLog.create_id(kind, subject))
    except NotFound:
        return []
    return [(r["actor"], r["role"], r["reason"]) for r in log.reads]


def get(client: TestClient, scene: Scene, path: str, who: str, **params: str) -> Any:
    return client.get(path, params=params, headers=scene.auth(who))


def test_a_police_read_of_a_childs_file_needs_a_reason_and_is_recorded(
    client: TestClient, jz: Jianzheng, scene: Scene
) -> None:
    """The police are another department: no reason, no file; with one, the read is chained
    (R-AC-3)."""
    path = f"/v1/children/{scene.child}"
    before = jz.store.event_count()
    refused = get(client, scene, path, "police")
    assert refused.status_code == 422, refused.text
    assert jz.store.event_count() == before
    assert get(client, scene, path, "police", reason=REASON).status_code == 200
    police = scene.principals["police"].actor_id
    assert reads(jz, "child", scene.child) == [(police, "police", REASON)]
    assert jz.verify().ok


def test_the_childs_own_area_staff_read_the_file_without_a_record(
    client: TestClient, jz: Jianzheng, scene: Scene
) -> None:
    """Village, town and county civil affairs of the child's area keep the file: not recorded."""
    before = jz.store.event_count()
    for who in ("village", "town", "civil"):
        assert get(client, scene, f"/v1/children/{scene.child}", who).status_code == 200
    assert jz.store.event_count() == before


def test_police_and_oversight_reads_of_a_report_need_a_reason_and_are_recorded(
    client: TestClient, jz: Jianzheng, scene: Scene
) -> None:
    """A report is a child's data too: reads by police and oversight are chained with reasons."""
    path = f"/v1/reports/{scene.report}"
    before = jz.store.event_count()
    for who in ("police", "oversight"):
        refused = get(client, scene, path, who)
        assert refused.status_code == 422, (who, refused.text)
    assert jz.store.event_count() == before
    police = get(client, scene, path, "police", reason=REASON).json()
    assert police["reporter"]["name"] == "张老师"  # the police still see the reporter (R-RP-3)
    assert get(client, scene, path, "oversight", reason="专项督查").status_code == 200
    assert reads(jz, "report", scene.report) == [
        (scene.principals["police"].actor_id, "police", REASON),
        (scene.principals["oversight"].actor_id, "oversight", "专项督查"),
    ]
    assert get(client, scene, path, "town").status_code == 200  # own area: not recorded
    assert len(reads(jz, "report", scene.report)) == 2


def test_a_reporter_reads_its_own_report_without_a_reason_and_unrecorded(
    client: TestClient, jz: Jianzheng, scene: Scene
) -> None:
    """The reporter wrote the report; reading it back opens no other department's data."""
    before = jz.store.event_count()
    own = get(client, scene, f"/v1/reports/{scene.report}", "school")
    assert own.status_code == 200, own.text
    assert jz.store.event_count() == before
    other = get(client, scene, f"/v1/reports/{scene.report}", "other_school", reason=REASON)
    assert other.status_code == 403
    assert jz.store.event_count() == before


def test_a_refused_read_records_nothing(client: TestClient, jz: Jianzheng, scene: Scene) -> None:
    """Police of another county are refused, with or without a reason; the store is unchanged
    (R-AC-3)."""
    before = jz.store.event_count()
    for path in (f"/v1/children/{scene.child}", f"/v1/reports/{scene.report}"):
        answer = get(client, scene, path, "other_police", reason=REASON)
        assert answer.status_code == 403, answer.text
    assert jz.store.event_count() == before


def test_access_records_are_sealed_at_rest(client: TestClient, jz: Jianzheng, scene: Scene) -> None:
    """A read's reason can name the child's circumstances: it is never stored in clear."""
    marker = "核查-机密标记-7Q"
    assert get(client, scene, f"/v1/children/{scene.child}", "police", reason=marker).is_success
    assert get(client, scene, f"/v1/reports/{scene.report}", "police", reason=marker).is_success
    raw = RawStore(jz.settings)
    try:
        rows = [bytes(r[0]) if isinstance(r[0], (bytes, memoryview)) else str(r[0]).encode()
                for r in raw.execute(f"SELECT state FROM {raw.table}")]  # fmt: skip
    finally:
        raw.close()
    assert not any(marker.encode() in row for row in rows)
    assert len(reads(jz, "child", scene.child)) == 1
    assert jz.verify().ok
