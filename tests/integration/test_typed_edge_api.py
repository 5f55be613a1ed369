"""The typed edge answers in the domain's words (``api/problems.py``) and hands the domain
exactly what was sent (``api/schemas``), on SQLite and PostgreSQL: a nested member missing or
mistyped is ``invalid-field`` naming it, a vocabulary miss is ``unknown-term`` with the
codes allowed, members the domain codes its own way keep their codes, and a typo in a
nested key is refused by name instead of being stored.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.records.vocabulary import VOCABULARIES
from infra.application import OPERATOR, Jianzheng
from tests.integration.test_children_api import (
    FATHER,
    LOCATION,
    People,
    file_of,
    post,
    refused,
    sha,
)

SECRET = "370303201405170017"
"""An ID number: no refusal may echo it (R-CH-4)."""


@pytest.fixture
def people(jz: Jianzheng) -> People:
    """The child-protection chain of the child's area and a legal reviewer."""
    cast = {
        "village": ("village_committee", "370303001001"),
        "town": ("town_office", "370303001"),
        "civil": ("civil_affairs", "370303"),
        "police": ("police", "370303"),
        "school": ("reporter", "370303001001"),
        "court": ("court", "370303"),
        "reviewer": ("legal_reviewer", "370303"),
    }
    return People({
        key: jz.register_actor(
            OPERATOR, name=f"{key}-actor", role=role, agency=f"{key}-agency", jurisdiction=area
        ).token
        for key, (role, area) in cast.items()
    })  # fmt: skip


def child_body(**changes: Any) -> dict[str, Any]:
    body = {
        "personal": {"name": "王小明", "id_number": SECRET}, "birth_date": "2014-05-17",
        "sex": "male", "location": LOCATION, "categories": ["poverty_life"],
        "registered_on": "2025-01-10", "guardian": FATHER,
    }  # fmt: skip
    return {**body, **changes}


def register(client: TestClient, people: People, **changes: Any) -> str:
    child: str = post(client, "/v1/children", "village", people, child_body(**changes))["child_id"]
    return child


def test_a_nested_member_missing_or_mistyped_is_an_invalid_field_naming_it(
    client: TestClient, people: People
) -> None:
    """``personal.name`` missing, ``guardian.relation`` a number, ``capable`` a string: each
    answers ``invalid-field`` with its path, and never the value sent."""
    missing = refused(client, "/v1/children", "village", people,
                      child_body(personal={"id_number": SECRET}))  # fmt: skip
    assert (missing["code"], missing["field"]) == ("invalid-field", "personal.name")
    assert SECRET not in str(missing)
    mistyped = refused(client, "/v1/children", "village", people,
                       child_body(guardian={"name": "王大山", "relation": 7}))  # fmt: skip
    assert (mistyped["code"], mistyped["field"]) == ("invalid-field", "guardian.relation")
    child = register(client, people)
    capacity = refused(client, f"/v1/children/{child}/guardianship", "village", people, {
        "kind": "entrusted_relative", "guardian": {"name": "赵桂兰",
        "relation": "paternal_grandmother"}, "legal_basis": "C5", "effective_on": "2025-02-01",
        "capacity_assessment": {"by": "村委", "on": "2025-01-20", "capable": "yes"},
    })  # fmt: skip
    assert capacity["status_code"] == 422
    assert (capacity["code"], capacity["field"]) == ("invalid-field", "capacity_assessment.capable")


def test_a_request_the_domain_never_saw_before_answers_as_before(
    client: TestClient, people: People
) -> None:
    """With a top-level member refused too (the domain was never reached before the nested
    members were typed), the answer stays ``invalid-request`` naming that member."""
    both = refused(client, "/v1/children", "village", people,
                   child_body(personal={"id_number": SECRET}, birth_date="2014-02-30"))  # fmt: skip
    assert (both["code"], both["field"]) == ("invalid-request", "birth_date")
    assert {tuple(e["loc"]) for e in both["errors"]} == {
        ("body", "personal", "name"),
        ("body", "birth_date"),
    }


def test_a_typo_in_a_nested_key_is_refused_by_name(client: TestClient, people: People) -> None:
    """``guardian.relaton`` names the member that is not one of the guardian's."""
    typo = refused(client, "/v1/children", "village", people,
                   child_body(guardian={"name": "王大山", "relaton": "father"}))  # fmt: skip
    assert typo["code"] == "invalid-field"
    assert {e["loc"][-1] for e in typo["errors"]} >= {"relaton", "relation"}


def test_a_vocabulary_miss_is_an_unknown_term_with_the_codes_allowed(
    client: TestClient, people: People
) -> None:
    """A left-behind parent ``abroad``, a helper kind missing, an exclusion ground unknown:
    ``unknown-term`` naming the member as the domain does, with every allowed code."""
    child = register(client, people)
    parents = refused(client, f"/v1/children/{child}/left-behind", "village", people,
                      {"entered_on": "2025-02-01", "parents": {"father": "abroad",
                                                               "mother": "away"}})  # fmt: skip
    assert (parents["code"], parents["field"]) == ("unknown-term", "parents.father")
    assert parents["allowed"] == sorted(VOCABULARIES["parent_situation"].codes)
    absent = refused(client, f"/v1/children/{child}/left-behind", "village", people,
                     {"entered_on": "2025-02-01", "parents": {"mother": "away"}})  # fmt: skip
    assert (absent["code"], absent["field"]) == ("unknown-term", "parents.father")
    helper = refused(client, f"/v1/children/{child}/helpers", "town", people,
                     {"helper": {"name": "李老师"}, "assigned_on": "2025-02-01"})  # fmt: skip
    assert (helper["code"], helper["field"]) == ("unknown-term", "helper.kind")
    assert helper["allowed"] == sorted(VOCABULARIES["helper_kind"].codes)
    ground = refused(client, f"/v1/children/{child}/guardianship", "village", people, {
        "kind": "entrusted_relative", "guardian": {"name": "赵桂兰",
        "relation": "paternal_grandmother"}, "legal_basis": "C5", "effective_on": "2025-02-01",
        "capacity_assessment": {"by": "村委", "on": "2025-01-20", "capable": True},
        "exclusion_check": {"by": "村委", "on": "2025-01-20", "found": ["gambling"]},
    })  # fmt: skip
    assert (ground["code"], ground["field"]) == ("unknown-term", "exclusion_check.found[]")
    assert "gambling" not in str(ground)


def test_a_receivers_relation_is_a_text_before_it_is_a_term(
    client: TestClient, people: People
) -> None:
    """As the domain checks it (``check_guardian`` before the vocabulary): a relation that is
    no text, or blank, is an invalid field; a text outside the vocabulary an unknown term."""
    child = register(client, people)
    path = f"/v1/children/{child}/guardianship"
    for relation, code in ((7, "invalid-field"), (" \u200b", "invalid-field"),
                           ("uncle", "unknown-term")):  # fmt: skip
        answer = refused(client, path, "police", people, {
            "kind": "temporary", "receiver": {"name": "钱近亲", "relation": relation},
            "legal_basis": "C4", "effective_on": "2025-03-01", "handover_sha256": sha(47),
        })  # fmt: skip
        assert (answer["code"], answer["field"]) == (code, "receiver.relation"), relation


def test_members_the_domain_codes_its_own_way_keep_their_codes(
    client: TestClient, people: People
) -> None:
    """A document hash, a division code, the catalogue data and an empty signature answer
    as the domain answers them."""
    document = refused(client, "/v1/children", "village", people,
                       child_body(location={**LOCATION, "town": 370303001}))  # fmt: skip
    assert (document["code"], document["field"]) == ("invalid-jurisdiction", "location.town")
    child = register(client, people)
    path = f"/v1/children/{child}/guardianship"
    hashed = refused(client, path, "village", people, {
        "kind": "parent", "guardian": FATHER, "legal_basis": "民法典 第27条",
        "effective_on": "2025-02-01", "documents": [{"sha256": "ABC", "title": "协议"}],
    })  # fmt: skip
    assert (hashed["code"], hashed["field"]) == ("invalid-document-hash", "documents[0].sha256")
    unsigned = refused(client, path, "town", people, {
        "kind": "entrusted_other", "guardian": {"name": "周热心", "relation": "neighbour"},
        "legal_basis": "C5", "effective_on": "2025-02-01",
        "committee_consent": {"by": "村委", "on": "2025-01-20"}, "agreement_sha256": sha(1),
        "signatures": {"guardian": {}, "entrusted_guardian": {"on": "2025-01-21"},
                       "supervisor": {"on": "2025-01-21"}},
        "filings": {"town": {"on": "2025-01-22"}, "committee": {"on": "2025-01-22"}},
        "exclusion_check": {"by": "村委", "on": "2025-01-20", "found": []},
    })  # fmt: skip
    assert (unsigned["code"], unsigned["field"]) == (
        "guardian-signature-required",
        "signatures.guardian",
    )
    catalogue = client.post("/v1/catalogue/proposals", headers=people.auth("reviewer"), json={
        "jurisdiction": "370303", "note": "修订",
        "data": {"review_all_non_simplified": True, "rules": [{"id": "r1", "title": "t",
                 "basis": "b", "when": {"flag": "no_such_flag"}}]},
    })  # fmt: skip
    assert catalogue.status_code == 422, catalogue.text
    assert catalogue.json()["code"] == "invalid-catalogue"


def test_the_domain_records_exactly_the_nested_members_sent(
    client: TestClient, people: People
) -> None:
    """Declared members not sent stay absent (no nulls made up by the edge), and those sent
    are kept as sent: a guardian's phone, a contact."""
    father = {**FATHER, "phone": "13900139000"}
    personal = {"name": "王小明", "contacts": [{"relation": "mother", "phone": "13800138000"}]}
    child = register(client, people, guardian=father, personal=personal)
    record = file_of(client, people, child)
    assert record["personal"] == personal
    assert record["guardianship"][-1]["guardian"] == father
