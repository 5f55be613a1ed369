"""A parent's detention over HTTP (R-GD-7; C4 "公安机关应当询问其是否有未成年子女需要…监护, 并
…办理书面交接手续"): the care arranged places the child in temporary care through the
guardianship table, in the same transaction. On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.application import Jianzheng
from tests.integration.areakit import enrol, register_wang_xiaoming

PROBLEM = "application/problem+json"
VILLAGE = "379901001001"
COUNTY = VILLAGE[:6]
HANDOVER = "ab" * 32


@dataclass
class Cast:
    tokens: dict[str, str]
    child: str

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture
def cast(jz: Jianzheng) -> Cast:
    """The county's police, another county's police, the village and the town; a child of
    the village guarded by the father."""
    roles = {
        "police": ("police", COUNTY),
        "other_police": ("police", "379902"),
        "village": ("village_committee", VILLAGE),
        "town": ("town_office", VILLAGE[:9]),
        "civil": ("civil_affairs", COUNTY),
    }
    enrolled = enrol(jz, roles)
    child = register_wang_xiaoming(jz, enrolled.principals["village"], VILLAGE)
    return Cast(enrolled.tokens, child)


def detention(child: str, **extra: Any) -> dict[str, Any]:
    return {
        "child_id": child,
        "parent": "father",
        "measure": "criminal_detention",
        "detained_at": "2026-11-20T15:00:00+08:00",
        "needs_care": True,
        "care": {
            "receiver": {"name": "王奶奶", "relation": "relative"},
            "handover_sha256": HANDOVER,
        },
        "legal_basis": "刑事诉讼法 第82条; C4",
        **extra,
    }


def refused(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert (response.status_code, response.json().get("code")) == (status, code), response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = response.json()
    if field is not None:
        assert problem["field"] == field, problem
    return problem


def test_a_detained_fathers_child_is_placed_in_temporary_care_with_the_written_handover(
    client: TestClient, cast: Cast
) -> None:
    """R-GD-7: the detention and the temporary care are recorded together; the child's file
    shows the receiver and the hand-over as the change's lead document."""
    answer = client.post("/v1/detentions", json=detention(cast.child), headers=cast.auth("police"))
    assert answer.status_code == 201, answer.text
    types = [e["type"] for e in answer.json()["events"]]
    assert types == ["detentions.ParentDetained", "children.TemporaryGuardianshipStarted"]
    file = client.get(f"/v1/children/{cast.child}", headers=cast.auth("village")).json()
    current = file["guardianship"][-1]  # the history, latest last (R-GD-9)
    assert current["kind"] == "temporary"
    assert current["effective_on"] == "2026-11-20"
    assert HANDOVER in str(current)
    assert answer.json()["detention_id"] in current["legal_basis"]
    read = client.get(f"/v1/detentions/{answer.json()['detention_id']}",
                      headers=cast.auth("village"))  # fmt: skip
    assert read.json()["care"]["receiver"]["relation"] == "relative"


def test_needs_care_without_an_arrangement_is_refused_and_nothing_is_stored(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-GD-7: "needs care" with no arrangement, or no written hand-over, is refused."""
    before = jz.store.event_count()
    answer = client.post("/v1/detentions", json=detention(cast.child, care=None),
                         headers=cast.auth("police"))  # fmt: skip
    refused(answer, 422, "care-arrangement-required", "care")
    no_paper = detention(cast.child)
    del no_paper["care"]["handover_sha256"]
    refused(client.post("/v1/detentions", json=no_paper, headers=cast.auth("police")), 422,
            "written-handover-required", "care.handover_sha256")  # fmt: skip
    unknown = detention(cast.child)
    unknown["care"]["receiver"]["relation"] = "stranger"
    refused(client.post("/v1/detentions", json=unknown, headers=cast.auth("police")), 422,
            "unknown-term")  # fmt: skip
    assert jz.store.event_count() == before


def test_no_care_needed_says_why_and_leaves_the_guardianship_as_it_was(
    client: TestClient, cast: Cast
) -> None:
    """R-GD-7: the police asked; the mother guards the child — recorded, no change of care."""
    body = detention(cast.child, parent="mother", measure="administrative_detention",
                     needs_care=False, care=None, no_care_reason="父亲在家监护")  # fmt: skip
    answer = client.post("/v1/detentions", json=body, headers=cast.auth("police"))
    assert answer.status_code == 201, answer.text
    assert [e["type"] for e in answer.json()["events"]] == ["detentions.ParentDetained"]
    file = client.get(f"/v1/children/{cast.child}", headers=cast.auth("village")).json()
    assert [a["kind"] for a in file["guardianship"]] == ["parent"]
    silent = {**body, "no_care_reason": None}
    answer = client.post("/v1/detentions", json=silent, headers=cast.auth("police"))
    refused(answer, 422, "invalid-field", "no_care_reason")


def test_only_the_police_of_the_childs_area_record_a_detention(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """C4 puts the duty on the police; another county's police answer as for no child."""
    before = jz.store.event_count()
    refused(client.post("/v1/detentions", json=detention(cast.child),
                        headers=cast.auth("other_police")), 403, "outside-authority")  # fmt: skip
    refused(client.post("/v1/detentions", json=detention(cast.child),
                        headers=cast.auth("civil")), 403, "role-not-allowed")  # fmt: skip
    early = detention(cast.child, detained_at="2014-05-01T10:00:00+08:00")
    refused(client.post("/v1/detentions", json=early, headers=cast.auth("police")), 422,
            "date-before-birth", "detained_at")  # fmt: skip
    assert jz.store.event_count() == before
