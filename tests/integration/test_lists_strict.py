"""Attack round 1, #2 and #5, on SQLite and PostgreSQL through the HTTP API.

#2 (R-CH-4, R-AC-3): the police and oversight read a child's file only with a recorded
reason, so the ledger gives them no day computed from the birth date — no ``turns_16_on``,
``turns_18_on``, ``adult_on``, no allowance day — no ``sort=adult``, no allowance queue; and
no cursor holds a sort key in clear, for anyone. The file's keepers still see and sort by
those days, and their cursors still page.

#5: a list refuses a query parameter it does not take, an empty filter, an empty ``overdue``
kind, and a county, town or village code that is not a code of that level — 422 naming the
field, never an unfiltered or silently empty list, never a 5xx.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from infra.application import Jianzheng
from infra.clock import today
from tests.integration.areakit import Enrolled, enrol
from tests.integration.casekit import Cast

PROBLEM = "application/problem+json"
VILLAGE = "370303001001"
BIRTH_DAY_MEMBERS = ("turns_16_on", "turns_18_on", "adult_on")
ALLOWANCE_DAYS = ("adult_on", "counted_from", "stops_on", "paid_through")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def child(n: int, born: str) -> dict[str, Any]:
    return {
        "personal": {"name": f"李小{n}", "id_number": f"370303{born.replace('-', '')}{n:03d}X"},
        "birth_date": born,
        "sex": "female",
        "location": {"county": VILLAGE[:6], "town": VILLAGE[:9], "village": VILLAGE},
        "categories": ["poverty_life"],
        "registered_on": (today() - timedelta(days=10)).isoformat(),
        "guardian": {"name": f"李大{n}", "relation": "mother"},
    }


@pytest.fixture
def area(jz: Jianzheng) -> Enrolled:
    """Three children of one village, born years apart (one turns 18 within 60 days, so the
    allowance queue lists it); its keepers and the police and oversight of the county."""
    people = enrol(jz, {"village": ("village_committee", VILLAGE),
                        "civil": ("civil_affairs", "370303"),
                        "police": ("police", "370303"),
                        "oversight": ("oversight", "370303")})  # fmt: skip
    soon = today() - timedelta(days=18 * 365 + 4 - 30)  # 18 in about a month
    for n, born in enumerate(("2015-03-01", "2011-07-19", soon.isoformat()), start=1):
        jz.children.register(people.principals["village"], **child(n, born))
    return people


def rows(client: TestClient, token: str, **params: Any) -> list[dict[str, Any]]:
    answer = client.get("/v1/children", headers=bearer(token), params={"limit": 200, **params})
    assert answer.status_code == 200, answer.text
    return list(answer.json()["children"])


def birth_days(row: dict[str, Any]) -> set[str]:
    """Every day a keeper's row shows that is computed from the birth date."""
    found = {str(row[m]) for m in BIRTH_DAY_MEMBERS}
    found |= {str(row["allowance"][m]) for m in ALLOWANCE_DAYS if row["allowance"].get(m)}
    return found


def cursor_bytes(cursor: str) -> bytes:
    return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))


@pytest.mark.parametrize("reader", ["police", "oversight"])
def test_a_reader_with_a_reason_learns_no_birth_date_from_the_ledger(
    client: TestClient, area: Enrolled, reader: str
) -> None:
    """R-CH-4: the keeper's rows show the birthdays and the allowance's days; the police's
    and oversight's rows show none of them, nor any day they hold (the allowance only its
    status). Before the fix every row carried them (attack round 1 #2)."""
    kept = rows(client, area.tokens["village"])
    assert len(kept) == 3
    secret_days = set().union(*(birth_days(r) for r in kept))
    assert len(secret_days) >= 9
    seen = rows(client, area.tokens[reader])
    assert sorted(r["child_id"] for r in seen) == sorted(r["child_id"] for r in kept)
    for row in seen:
        assert not set(BIRTH_DAY_MEMBERS) & set(row), row
        assert set(row["allowance"]) == {"status", "rule"}
        assert row["alerts"] is not None  # the alerts stay
    dumped = json.dumps(seen)
    for day in secret_days:
        assert day not in dumped, day


@pytest.mark.parametrize("reader", ["police", "oversight"])
def test_sort_by_the_day_of_full_age_is_the_keepers_alone(
    client: TestClient, area: Enrolled, reader: str
) -> None:
    """``sort=adult`` ranks the children by birth date: 422 for the police and oversight,
    naming ``sort`` with the keys they may use; the keepers sort by it and page on."""
    refused = client.get("/v1/children", headers=bearer(area.tokens[reader]),
                         params={"sort": "adult"})  # fmt: skip
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["field"] == "sort"
    assert refused.json()["allowed"] == ["village", "registered", "assessed"]
    for keeper in ("village", "civil"):
        seen, params = [], {"sort": "adult", "limit": 1}
        while True:
            page = client.get("/v1/children", headers=bearer(area.tokens[keeper]), params=params)
            assert page.status_code == 200, page.text
            seen += page.json()["children"]
            if page.json()["next"] is None:
                break
            params["cursor"] = page.json()["next"]
        assert len(seen) == 3
        days = [r["adult_on"] for r in seen]
        assert days == sorted(days)


@pytest.mark.parametrize("who", ["village", "civil", "police", "oversight"])
def test_no_cursor_holds_a_sort_key_or_an_id_in_clear(
    client: TestClient, area: Enrolled, who: str
) -> None:
    """Whoever asks, a cursor is sealed: neither the day it is positioned on nor the row's
    id is in it, as text or as base64 of JSON; it still pages (a keeper's ``adult`` cursor
    included)."""
    kept = rows(client, area.tokens["village"])
    secrets = set().union(*(birth_days(r) for r in kept)) | {r["child_id"] for r in kept}
    sorts = ["village", "registered"] + (["adult"] if who in ("village", "civil") else [])
    for sort in sorts:
        first = client.get("/v1/children", headers=bearer(area.tokens[who]),
                           params={"sort": sort, "limit": 1}).json()  # fmt: skip
        cursor = first["next"]
        assert cursor is not None
        raw = cursor_bytes(cursor)
        for secret in secrets | {"children", sort}:
            assert secret not in cursor
            assert secret.encode() not in raw
            assert secret.replace("-", "").encode() not in raw
        second = client.get("/v1/children", headers=bearer(area.tokens[who]),
                            params={"sort": sort, "limit": 1, "cursor": cursor})  # fmt: skip
        assert second.status_code == 200, second.text
        assert second.json()["children"][0]["child_id"] != first["children"][0]["child_id"]


def test_the_allowance_queue_is_the_keepers_alone(client: TestClient, area: Enrolled) -> None:
    """Each row of ``allowance-due`` is a day counted from a birth date, and being listed
    within ``within_days`` gives that day away: the police and oversight are refused (403);
    the keepers see the child who turns 18 within the window."""
    for reader in ("police", "oversight"):
        refused = client.get("/v1/children/allowance-due", headers=bearer(area.tokens[reader]))
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"].startswith(PROBLEM)
    for keeper in ("village", "civil"):
        due = client.get("/v1/children/allowance-due", headers=bearer(area.tokens[keeper]))
        assert due.status_code == 200, due.text
        assert len(due.json()["due"]) == 1
        assert due.json()["due"][0]["adult_on"]


# -- #5: the lists read their query strictly ----------------------------------------------


@pytest.fixture
def readers(jz: Jianzheng, cast: Cast, area: Enrolled) -> dict[str, str]:
    """A token per list route that may read it."""
    admin = enrol(jz, {"admin": ("admin", "*")})
    return {**cast.tokens, **area.tokens, "admin": admin.tokens["admin"]}


ROUTES = [
    ("/v1/cases", "oversight", "status"),
    ("/v1/reviews", "reviewer", "status"),
    ("/v1/actors", "admin", "role"),
    ("/v1/children", "civil", "village"),
    ("/v1/children/alerts", "civil", "mine"),
    ("/v1/children/allowance-due", "civil", "within_days"),
    ("/v1/children/guardian-bar-refusals", "civil", None),
    ("/v1/reports", "police", "stage"),
    ("/v1/reports/duty", "civil", None),
    ("/v1/oversight/reviews", "oversight", "agency"),
    ("/v1/oversight/complaints", "oversight", "status"),
    ("/v1/oversight/blocked-decisions", "oversight", None),
    ("/v1/oversight/publications", "oversight", "status"),
    ("/v1/oversight/deadlines", "oversight", "kind"),
    ("/v1/oversight/catalogue-revisions", "oversight", None),
    ("/v1/oversight/role-grants", "oversight", "status"),
]


def refused(answer: Any, code: str, field: str) -> dict[str, Any]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    problem = dict(answer.json())
    assert (problem["code"], problem["field"]) == (code, field)
    return problem


@pytest.mark.parametrize(("path", "who", "filter_name"), ROUTES)
def test_a_misspelt_or_empty_parameter_is_refused_by_every_list(
    client: TestClient, readers: dict[str, str], path: str, who: str, filter_name: str | None
) -> None:
    """``?stauts=closed`` (a typo) and ``?from=x`` (no such filter) are 422 naming them, with
    the names the list takes; a filter given empty is 422 naming it. The list itself
    answers 200 to its reader."""
    headers = bearer(readers[who])
    assert client.get(path, headers=headers).status_code == 200
    typo = refused(client.get(path, headers=headers, params={"stauts": "closed"}),
                   "invalid-request", "stauts")  # fmt: skip
    if filter_name is not None:
        assert filter_name in typo["allowed"]
    refused(client.get(path, headers=headers, params={"from": "x"}), "invalid-request", "from")
    if filter_name is not None:
        empty = client.get(f"{path}?{filter_name}=", headers=headers)
        refused(empty, "invalid-request", filter_name)
        blank = client.get(path, headers=headers, params={filter_name: "  "})
        refused(blank, "invalid-request", filter_name)


@pytest.mark.parametrize(
    ("path", "who", "query", "code", "field"),
    [
        ("/v1/cases", "oversight", "overdue=", "invalid-request", "overdue"),
        ("/v1/cases", "oversight", "agency=", "invalid-request", "agency"),
        ("/v1/cases", "oversight", "overdue=review,,decision", "invalid-input", "overdue"),
        ("/v1/cases", "oversight", "overdue=review,", "invalid-input", "overdue"),
        ("/v1/cases", "oversight", "overdue=,", "invalid-input", "overdue"),
        ("/v1/oversight/reviews", "oversight", "agency=", "invalid-request", "agency"),
        ("/v1/children", "civil", "county=x", "invalid-jurisdiction", "county"),
        ("/v1/children", "civil", "town=x", "invalid-jurisdiction", "town"),
        ("/v1/children", "civil", "village=x", "invalid-jurisdiction", "village"),
        ("/v1/children", "civil", "county=370303001", "invalid-jurisdiction", "county"),
        ("/v1/children", "civil", "town=370303", "invalid-jurisdiction", "town"),
        ("/v1/children", "civil", "town=370303001001", "invalid-jurisdiction", "town"),
        ("/v1/children", "civil", "village=370303001", "invalid-jurisdiction", "village"),
        ("/v1/children", "civil", "county=999999", "invalid-jurisdiction", "county"),
    ],
)
def test_a_malformed_filter_is_a_422_naming_it(
    client: TestClient, readers: dict[str, str], path: str, who: str, query: str, code: str,
    field: str,
) -> None:  # fmt: skip
    """An empty overdue kind, an empty agency, a code that is not a code or is one of
    another level: 422 naming the field — never an unfiltered or silently empty list."""
    refused(client.get(f"{path}?{query}", headers=bearer(readers[who])), code, field)


def test_well_formed_codes_of_their_level_still_filter(
    client: TestClient, readers: dict[str, str]
) -> None:
    """A county's, town's and village's own code keeps the village's three children; a code
    of that level elsewhere keeps none; ``overdue`` with two kinds still filters."""
    headers = bearer(readers["civil"])
    for name, code in (("county", "370303"), ("town", "370303001"), ("village", VILLAGE)):
        answer = client.get("/v1/children", headers=headers, params={name: code})
        assert answer.status_code == 200, answer.text
        assert answer.json()["count"] == 3
    elsewhere = client.get("/v1/children", headers=headers, params={"town": "370303002"})
    assert elsewhere.status_code == 200, elsewhere.text
    assert elsewhere.json()["count"] == 0
    cases = client.get("/v1/cases", headers=bearer(readers["oversight"]),
                       params={"overdue": "review, decision"})  # fmt: skip
    assert cases.status_code == 200, cases.text
