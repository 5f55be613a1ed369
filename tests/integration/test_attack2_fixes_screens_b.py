"""Outside attack round 2 (issue 14), findings #3 and #12, on both backends.

#3: a review passed, then a step recorded on the case: the gate refuses a decision
``legal-review-stale`` (R-LR-1, R-LR-4), and every list, filter and queue says the same —
``gate: stale`` in ``GET /v1/cases`` (and ``gate=stale`` finds it, ``gate=passed`` does not),
``drafts[].review_status: stale``, ``GET /v1/reviews?status=stale``, the officer's ``/cases``
screen (审核已失效) and a head's ``/decisions`` queue, which does not offer the case as ready
for a decision (a blocked attempt is recorded against the head, R-LR-8). A step after the
decision leaves the review as it was.

#12: a party's name (and any person's or organisation's name on a case) must hold a visible
letter or digit: a NUL, another control character or a bidi control alone is refused 422 by
the API and by the screen, and nothing is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.records import errors
from infra.application import Jianzheng
from tests.integration.casekit import (
    AGENCY,
    AREA,
    Cast,
    draft,
    event_types,
    heads_discuss,
    open_case,
    review,
)

HTML = {"accept": "text/html"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def passed(jz: Jianzheng, cast: Cast, title: str) -> tuple[UUID, str]:
    """A major draft (licence revocation) that the legal office passed."""
    case = open_case(jz, cast, title=title)
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    return case, hashed


def step(jz: Jianzheng, cast: Cast, case: UUID, summary: str) -> None:
    jz.cases.record_step(
        cast.officer_a, case, kind="other", summary=summary, evidence=[], touches=[],
        full_process_recording=None, present=[], occurred_at=None,
    )  # fmt: skip


def rows(client: TestClient, token: str, **params: str) -> dict[str, dict[str, Any]]:
    answer = client.get("/v1/cases", headers=bearer(token), params=params)
    assert answer.status_code == 200, answer.text
    return {row["case_id"]: row for row in answer.json()["items"]}


def test_a_review_made_stale_by_a_later_step_is_stale_in_every_list_and_filter(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    stale, stale_draft = passed(jz, cast, "审核后又补充材料的案件")
    fresh, _ = passed(jz, cast, "审核通过未再变动的案件")
    step(jz, cast, stale, "补充调取营业执照信息")
    token = cast.tokens["a"]

    listed = rows(client, token)
    assert listed[str(stale)]["gate"] == "stale"
    assert listed[str(stale)]["gate_label"] == "法制审核已失效(其后记录了新的环节)"
    assert listed[str(stale)]["next_step"]["code"] == "submit_draft"  # a new draft, reviewed
    assert listed[str(fresh)]["gate"] == "passed"
    assert set(rows(client, token, gate="passed")) == {str(fresh)}
    assert set(rows(client, token, gate="stale")) == {str(stale)}

    one = client.get(f"/v1/cases/{stale}", headers=bearer(token)).json()
    assert [d["review_status"] for d in one["drafts"]] == ["stale"]

    reviewer = bearer(cast.tokens["reviewer"])
    by_status = {
        status: {
            r["case_id"]
            for r in client.get("/v1/reviews", headers=reviewer, params={"status": status}).json()[
                "items"
            ]
        }
        for status in ("passed", "stale")
    }
    assert by_status == {"passed": {str(fresh)}, "stale": {str(stale)}}

    # The lists say what the gate does: the decision is refused, and the refusal recorded.
    with pytest.raises(errors.LegalReviewStale):
        jz.cases.decide(cast.head, stale, stale_draft)
    assert event_types(jz, stale)[-1] == "enforcement.DecisionBlocked"
    assert rows(client, token, gate="stale")[str(stale)]["gate"] == "stale"


def test_a_step_after_the_decision_leaves_the_review_as_it_was(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    case, hashed = passed(jz, cast, "决定后记录送达前沟通的案件")
    heads_discuss(jz, cast, case, hashed)
    jz.cases.decide(cast.head, case, hashed)
    step(jz, cast, case, "决定作出后与当事人电话沟通送达事宜")
    row = rows(client, cast.tokens["a"])[str(case)]
    assert row["gate"] == "passed"
    one = client.get(f"/v1/cases/{case}", headers=bearer(cast.tokens["a"])).json()
    assert [d["review_status"] for d in one["drafts"]] == ["passed"]
    mine = client.get("/v1/reviews", headers=bearer(cast.tokens["reviewer"]),
                      params={"status": "passed"}).json()  # fmt: skip
    assert [r["case_id"] for r in mine["items"]] == [str(case)]


@pytest.fixture
def browser_of(jz: Jianzheng) -> Iterator[Any]:
    opened: list[TestClient] = []

    def signed_in(token: str) -> TestClient:
        client = TestClient(create_app(jianzheng=jz), base_url="http://127.0.0.1")
        client.__enter__()
        opened.append(client)
        answer = client.post("/sign-in", data={"token": token, "next": "/me"},
                             follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303, answer.text
        return client

    yield signed_in
    for client in opened:
        client.__exit__(None, None, None)


def row_of(page: str, case: UUID) -> str:
    found = re.search(rf'<tr data-case="{case}".*?</tr>', page, re.S)
    assert found is not None, f"case {case} is not listed"
    return found.group(0)


def test_the_screens_show_a_stale_review_as_stale_and_never_as_ready_to_decide(
    jz: Jianzheng, cast: Cast, browser_of: Any
) -> None:
    stale, _ = passed(jz, cast, "审核后又补充材料的案件")
    fresh, _ = passed(jz, cast, "审核通过未再变动的案件")
    step(jz, cast, stale, "补充调取营业执照信息")
    officer, head = browser_of(cast.tokens["a"]), browser_of(cast.tokens["head"])

    cases = officer.get("/cases", headers=HTML).text
    assert "审核已失效" in row_of(cases, stale)
    assert "审核通过" not in row_of(cases, stale)
    assert "提交决定草案" in row_of(cases, stale)
    assert "审核通过" in row_of(cases, fresh)

    queue = head.get("/decisions", headers=HTML).text
    ready = queue.split('id="ready"', 1)[1].split("</section>", 1)[0]
    assert str(fresh) in ready
    assert str(stale) not in ready
    # a major draft whose review went stale waits for a new draft and its review: listed there
    waiting = queue.split('id="waiting"', 1)[1].split("</section>", 1)[0]
    assert str(stale) in waiting
    assert "审核已失效" in row_of(waiting, stale)
    page = officer.get(f"/cases/{stale}", headers=HTML).text
    assert "审核已失效" in page


# -- #12: names hold a visible letter or digit -----------------------------------------------

INVISIBLE = ["\u0000", "\u0007", "\u202e", "\u200b", "\u3000", " \u0000 "]


def case_body(cast: Cast, party: dict[str, Any]) -> dict[str, Any]:
    return {
        "action_type": "penalty",
        "title": "某公司违法经营案",
        "agency": AGENCY,
        "jurisdiction": AREA,
        "officers": [cast.officer_a.actor_id, cast.officer_b.actor_id],
        "party": party,
    }


def stored(jz: Jianzheng) -> int:
    return int(jz.store.recorder.max_notification_id() or 0)


@pytest.mark.parametrize("name", INVISIBLE)
def test_the_api_refuses_a_party_named_by_no_visible_character(
    client: TestClient, jz: Jianzheng, cast: Cast, name: str
) -> None:
    before = stored(jz)
    for party in ({"kind": "organisation", "name": name},
                  {"kind": "person", "name": name, "id_number": None}):  # fmt: skip
        answer = client.post("/v1/cases", json=case_body(cast, party),
                             headers=bearer(cast.tokens["a"]))  # fmt: skip
        assert answer.status_code == 422, answer.text
        problem = answer.json()
        assert (problem["code"], problem["field"]) == ("invalid-field", "party.name"), problem
    assert stored(jz) == before


def test_the_screen_refuses_a_party_named_by_a_nul_and_stores_nothing(
    jz: Jianzheng, cast: Cast, browser_of: Any
) -> None:
    officer = browser_of(cast.tokens["a"])
    page = officer.get("/me", headers=HTML).text
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found is not None
    officers = [cast.officer_a.actor_id, cast.officer_b.actor_id]
    form = {"csrf_token": found.group(1), "title": "某公司违法经营案", "action_type": "penalty",
            "party_kind": "organisation", "party_name": "某公司", "jurisdiction": AREA,
            "officers": officers, "filed_on": ""}  # fmt: skip
    before = stored(jz)
    for name in ("\u0000", "\u202e", "\u3000"):
        answer = officer.post("/cases/new", data={**form, "party_name": name}, headers=HTML)
        assert answer.status_code == 200
        assert answer.headers["jianzheng-refusal"] == "invalid-request", name
        assert stored(jz) == before
    opened = officer.post("/cases/new", data=form, headers=HTML, follow_redirects=False)
    assert opened.status_code == 303, opened.text[:2000]  # the same form with a name opens
    assert stored(jz) > before
