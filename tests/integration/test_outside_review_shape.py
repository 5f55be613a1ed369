"""What an outside tester of issue 12 found with only the README and the OpenAPI (each test
failed on the code before its fix): refusals that gave no ``allowed`` for a closed list, named
Python types or echoed the input, text of blanks accepted as a reason or a title, dates the
OpenAPI types as dates accepted as any text, a ledger filter that answered a typo with an empty
ledger, and the vocabularies refused to an actor the law tables answer."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from infra.application import OPERATOR, Jianzheng
from tests.integration.test_children_api import LOCATION, People
from tests.integration.test_typed_edge_api import SECRET, child_body, people, register

__all__ = ["people"]  # the fixture, shared with the typed-edge tests


def answer(client: TestClient, method: str, path: str, token: str, body: Any = None) -> Any:
    response = client.request(method, path, json=body, headers={"Authorization": f"Bearer {token}"})
    return response


def test_a_value_outside_a_closed_list_names_the_values_it_may_take(
    client: TestClient, people: People, jz: Jianzheng
) -> None:
    """``sex: "x"`` answered invalid-request with pydantic's words only; a role ``boss``
    unknown-role without ``field``. Both now carry ``allowed`` (codes unchanged)."""
    sex = answer(client, "POST", "/v1/children", people.tokens["village"], child_body(sex="x"))
    problem = sex.json()
    assert (sex.status_code, problem["code"], problem["field"]) == (
        422, "invalid-request", "sex",
    )  # fmt: skip
    assert problem["allowed"] == ["male", "female"]
    admin = (
        jz.initialise().admin_token
        or jz.register_actor(
            OPERATOR, name="管理员", role="admin", agency="市政府", jurisdiction="*"
        ).token
    )
    role = answer(client, "POST", "/v1/actors", admin, {
        "name": "某人", "role": "boss", "agency": "某局", "jurisdiction": "370303",
    })  # fmt: skip
    assert (role.status_code, role.json()["code"], role.json()["field"]) == (
        422, "unknown-role", "role",
    )  # fmt: skip
    assert "police" in role.json()["allowed"]


def test_refusals_of_dates_and_times_neither_echo_the_input_nor_name_python_types(
    client: TestClient, people: People
) -> None:
    wide = answer(client, "POST", "/v1/children", people.tokens["village"],
                  child_body(registered_on="２０２６-12-01"))  # fmt: skip
    assert wide.status_code == 422
    assert "２０２６" not in wide.text
    child = register(client, people)
    far = answer(client, "POST", "/v1/reports", people.tokens["school"], {
        "reporter": {"name": "张老师"}, "institution_kind": "school",
        "situations": ["abuse_suspected"], "noticed_at": "2026-03-01T08:00:00+25:00",
        "reported_at": "2026-03-01T09:00:00+08:00", "summary": "伤痕", "child_id": child,
    })  # fmt: skip
    assert far.status_code == 422
    assert "datetime" not in far.text
    assert "timedelta" not in far.text
    assert far.json()["detail"].startswith("noticed_at:")


def test_a_reason_or_title_of_blanks_says_nothing_and_is_refused(
    client: TestClient, jz: Jianzheng
) -> None:
    admin = jz.register_actor(
        OPERATOR, name="管理员", role="admin", agency="市政府", jurisdiction="*"
    ).token
    officer = jz.register_actor(
        OPERATOR, name="执法员", role="officer", agency="某局", jurisdiction="370303"
    )
    for reason in ("  ", "\u3000", "\u200b"):
        suspended = answer(
            client, "POST", f"/v1/actors/{officer.actor.id}/suspension", admin,
            {"reason": reason},
        )  # fmt: skip
        assert (suspended.status_code, suspended.json()["field"]) == (422, "reason")
    assert jz.get_actor(officer.actor.id).status.value == "active"
    case = answer(client, "POST", "/v1/cases", officer.token, {
        "action_type": "penalty", "title": "   ", "agency": "某局", "jurisdiction": "370303",
        "officers": [str(officer.actor.id)], "party": {"kind": "person", "name": "某甲"},
    })  # fmt: skip
    assert (case.status_code, case.json()["field"]) == (422, "title")


def test_a_ledger_filter_outside_its_vocabulary_is_refused_not_an_empty_ledger(
    client: TestClient, people: People
) -> None:
    register(client, people)
    typo = answer(client, "GET", "/v1/children?category=poverty", people.tokens["village"])
    assert (typo.status_code, typo.json()["field"]) == (422, "category")
    assert "poverty_life" in typo.json()["allowed"]
    found = answer(client, "GET", "/v1/children?category=poverty_life", people.tokens["village"])
    assert found.json()["count"] == 1
    assert SECRET not in found.text
    assert LOCATION["village"] in found.text


def test_dates_the_openapi_types_as_dates_are_checked_as_dates(
    client: TestClient, people: People
) -> None:
    """A court ruling cited with ``ruled_on: "yesterday"`` answered 409 not-on-record, a
    petition's ``duty_refused_since: "long ago"`` 201; both are 422 naming the member."""
    child = register(client, people)
    ruling = answer(client, "POST", f"/v1/children/{child}/guardianship", people.tokens["civil"], {
        "kind": "institutional", "institution": {"name": "儿童福利院"}, "legal_basis": "b",
        "effective_on": "2026-03-01", "ground": "court_appointed_civil_affairs",
        "admission_sha256": "a" * 64,
        "court_ruling": {"petition_id": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
                         "ruling_sha256": "b" * 64, "ruled_on": "yesterday"},
    })  # fmt: skip
    assert (ruling.status_code, ruling.json()["field"]) == (422, "court_ruling.ruled_on")
    petition = answer(client, "POST", "/v1/petitions", people.tokens["civil"], {
        "kind": "revoke", "child_id": child, "applicant": {"kind": "civil_affairs"},
        "guardian_concerned": {"name": "王大山", "relation": "father"},
        "filed_on": "2026-03-01", "grounds": ["abuse"],
        "particulars": {"duty_refused_since": "long ago"},
    })  # fmt: skip
    assert (petition.status_code, petition.json()["field"]) == (
        422, "particulars.duty_refused_since",
    )  # fmt: skip


def test_a_float_or_a_huge_integer_names_the_member_it_is_in(
    client: TestClient, people: People
) -> None:
    """``fee.amount_fen: 1.5`` answered float-not-allowed without ``field``; 2^70 likewise."""
    child = register(client, people)
    path = f"/v1/children/{child}/guardianship"
    for number, code in (("1.5", "float-not-allowed"), (str(2**70), "integer-out-of-range")):
        body = (
            '{"kind": "appointed", "effective_on": "2026-03-01", "guardian": {"name": "x", '
            '"relation": "uncle"}, "fee": {"amount_fen": ' + number + ', "period": "month"}}'
        )
        refused = client.post(
            path,
            content=body.encode(),
            headers={**people.auth("town"), "Content-Type": "application/json"},
        )
        assert (refused.status_code, refused.json()["code"]) == (422, code)
        assert refused.json()["field"] == "fee.amount_fen"


def test_a_lone_surrogate_names_the_member_it_is_in(client: TestClient, people: People) -> None:
    """A name holding a lone surrogate answered invalid-event-data naming ``body.…`` in its
    detail only; ``field`` now names the member."""
    body = child_body()
    text = json.dumps(body, ensure_ascii=False).replace('"王小明"', '"\\ud800王"').encode()
    assert b"\\ud800" in text
    refused = client.post(
        "/v1/children",
        content=text,
        headers={**people.auth("village"), "Content-Type": "application/json"},
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid-event-data")
    assert refused.json()["field"] == "personal.name"
    assert not refused.json()["detail"].startswith("body")
