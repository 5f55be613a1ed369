"""Who may give whom which role, and how oversight sees it (R-AC-1…3, R-CH-4).

Roles that open children's files — civil affairs, town office, village committee, police,
reporter, court, oversight — and the admin role itself (an admin approves the others) are
granted by two admins: one proposes, a different one approves. No admin grants, proposes
or approves a role for itself, and no actor whose jurisdiction is ``*`` ("everywhere")
holds a child-protection role. The console operator (``jianzheng`` at the store) is the
deployment's root and registers directly; every grant is listed for oversight.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.records.actors import Actor, TokenIndex
from domain.records.errors import InvalidInput, JurisdictionUnfitForRole, UnboundedJurisdiction
from infra.application import OPERATOR, Jianzheng, Registered, new_token
from tests.conftest import register
from tests.integration.casekit import make_cast

PROBLEM = "application/problem+json"
AGENCY = "淄博市市场监督管理局"


def auth(registered: Registered) -> dict[str, str]:
    return {"Authorization": f"Bearer {registered.token}"}


def admins(jz: Jianzheng) -> tuple[Registered, Registered]:
    """Two admins, registered at the console (the bootstrap path)."""
    first = register(jz, "admin", "管理员甲", agency="jianzheng", jurisdiction="*")
    second = register(jz, "admin", "管理员乙", agency="jianzheng", jurisdiction="*")
    return first, second


def count(jz: Jianzheng) -> int:
    return jz.store.event_count()


def refused(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["code"] == code, response.text


def test_an_admin_cannot_grant_itself_any_role(client: TestClient, jz: Jianzheng) -> None:
    """An admin's grant of any role to itself is refused and changes nothing."""
    admin = register(jz, "admin", "区管理员", agency="jianzheng", jurisdiction="370303")
    path = f"/v1/actors/{admin.actor.id}/roles"
    before = count(jz)
    for role in ("legal_reviewer", "police", "village_committee"):
        refused(client.post(path, json={"role": role}, headers=auth(admin)), 403,
                "self-grant-forbidden")  # fmt: skip
    assert count(jz) == before
    assert jz.get_actor(admin.actor.id).summary()["roles"] == ["admin"]


def test_no_everywhere_actor_may_hold_a_child_protection_role(
    client: TestClient, jz: Jianzheng
) -> None:
    """A ``*`` jurisdiction covers every child: such an actor is never given a child role."""
    first, _ = admins(jz)
    officer = register(jz, "admin", "全域管理员", agency="jianzheng", jurisdiction="*")
    before = count(jz)
    for role in ("civil_affairs", "town_office", "village_committee", "police", "reporter",
                 "court", "oversight"):  # fmt: skip
        grant = client.post(f"/v1/actors/{officer.actor.id}/roles", json={"role": role},
                            headers=auth(first))  # fmt: skip
        refused(grant, 409, "unbounded-jurisdiction")
        body = {"name": "全域", "role": role, "agency": AGENCY, "jurisdiction": "*"}
        refused(client.post("/v1/actors", json=body, headers=auth(first)), 409,
                "unbounded-jurisdiction")  # fmt: skip
    assert count(jz) == before
    # Not at the console either: the rule belongs to the actor, whoever asks.
    with pytest.raises(UnboundedJurisdiction):
        register(jz, "police", "全域警察", jurisdiction="*")
    with pytest.raises(UnboundedJurisdiction):
        jz.grant_role(OPERATOR, officer.actor.id, "court")
    assert count(jz) == before


def test_a_child_protection_grant_takes_effect_only_when_a_second_admin_approves(
    client: TestClient, jz: Jianzheng
) -> None:
    """Four-eyes: one admin proposes, the same admin cannot approve, a different one does
    (R-AC-2)."""
    first, second = admins(jz)
    officer = register(jz, "officer", "张警官", jurisdiction="370303")
    proposed = client.post(f"/v1/actors/{officer.actor.id}/roles", json={"role": "police"},
                           headers=auth(first))  # fmt: skip
    assert proposed.status_code == 201, proposed.text
    answer = proposed.json()
    assert answer["status"] == "proposed"
    assert [e["type"] for e in answer["events"]] == ["actors.RoleGrantProposed"]
    proposal = answer["proposal_id"]
    me = client.get("/v1/me", headers=auth(officer)).json()
    assert me["roles"] == ["officer"]
    assert [p["role"] for p in me["pending_roles"]] == ["police"]
    refused(client.get("/v1/children", headers=auth(officer)), 403, "forbidden")

    approval = f"/v1/actors/{officer.actor.id}/role-proposals/{proposal}/approval"
    before = count(jz)
    refused(client.post(approval, headers=auth(first)), 403, "second-approver-required")
    assert count(jz) == before
    approved = client.post(approval, headers=auth(second))
    assert approved.status_code == 201, approved.text
    assert [e["type"] for e in approved.json()["events"]] == ["actors.RoleGrantApproved"]
    assert client.get("/v1/me", headers=auth(officer)).json()["roles"] == ["officer", "police"]
    assert client.get("/v1/children", headers=auth(officer)).status_code == 200
    refused(client.post(approval, headers=auth(second)), 409, "proposal-already-decided")
    assert jz.verify().ok


def test_roles_that_do_not_open_childrens_files_are_granted_at_once(
    client: TestClient, jz: Jianzheng
) -> None:
    """An officer made legal reviewer needs no second admin (the grant is still listed)."""
    first, _ = admins(jz)
    officer = register(jz, "officer", "李四", jurisdiction="370303")
    granted = client.post(f"/v1/actors/{officer.actor.id}/roles",
                          json={"role": "legal_reviewer"}, headers=auth(first))  # fmt: skip
    assert granted.status_code == 201, granted.text
    assert granted.json()["status"] == "granted"
    assert [e["type"] for e in granted.json()["events"]] == ["actors.RoleGranted"]
    assert "legal_reviewer" in jz.get_actor(officer.actor.id).summary()["roles"]


def test_an_actor_registered_with_a_child_protection_role_waits_for_a_second_admin(
    client: TestClient, jz: Jianzheng
) -> None:
    """The new actor's token works, but opens no child's data until another admin approves."""
    first, second = admins(jz)
    body = {"name": "派出所", "role": "police", "agency": "张店公安分局", "jurisdiction": "370303"}
    created = client.post("/v1/actors", json=body, headers=auth(first))
    assert created.status_code == 201, created.text
    answer = created.json()
    pending = answer["pending_approval"]
    assert pending["role"] == "police"
    police = {"Authorization": f"Bearer {answer['token']}"}
    assert client.get("/v1/me", headers=police).json()["roles"] == []
    refused(client.get("/v1/children", headers=police), 403, "forbidden")
    refused(client.get("/v1/reports", headers=police), 403, "forbidden")
    approval = f"/v1/actors/{answer['actor_id']}/role-proposals/{pending['proposal_id']}/approval"
    refused(client.post(approval, headers=auth(first)), 403, "second-approver-required")
    assert client.post(approval, headers=auth(second)).status_code == 201
    assert client.get("/v1/me", headers=police).json()["roles"] == ["police"]
    assert client.get("/v1/children", headers=police).status_code == 200


def test_an_officer_registered_by_one_admin_is_active_at_once(
    client: TestClient, jz: Jianzheng
) -> None:
    """Registration with a role that opens no child's file needs no approval."""
    first, _ = admins(jz)
    body = {"name": "王五", "role": "agency_head", "agency": AGENCY, "jurisdiction": "370303"}
    answer = client.post("/v1/actors", json=body, headers=auth(first)).json()
    assert answer["pending_approval"] is None
    me = client.get("/v1/me", headers={"Authorization": f"Bearer {answer['token']}"}).json()
    assert me["roles"] == ["agency_head"]


def test_an_admin_cannot_approve_a_grant_to_itself(client: TestClient, jz: Jianzheng) -> None:
    """The grantee is never the approver, even when someone else proposed."""
    first, _ = admins(jz)
    local = register(jz, "admin", "区管理员", agency="jianzheng", jurisdiction="370303")
    third = register(jz, "admin", "管理员丙", agency="jianzheng", jurisdiction="*")
    proposal = client.post(f"/v1/actors/{local.actor.id}/roles", json={"role": "civil_affairs"},
                           headers=auth(first)).json()["proposal_id"]  # fmt: skip
    approval = f"/v1/actors/{local.actor.id}/role-proposals/{proposal}/approval"
    before = count(jz)
    refused(client.post(approval, headers=auth(local)), 403, "self-grant-forbidden")
    assert count(jz) == before
    assert client.post(approval, headers=auth(third)).status_code == 201


def test_a_rejected_grant_never_takes_effect(client: TestClient, jz: Jianzheng) -> None:
    """A rejection closes the proposal: no later approval revives it."""
    first, second = admins(jz)
    officer = register(jz, "officer", "赵六", jurisdiction="370303")
    proposal = client.post(f"/v1/actors/{officer.actor.id}/roles", json={"role": "court"},
                           headers=auth(first)).json()["proposal_id"]  # fmt: skip
    base = f"/v1/actors/{officer.actor.id}/role-proposals/{proposal}"
    rejected = client.post(f"{base}/rejection", json={"reason": "无任命文件"}, headers=auth(second))
    assert rejected.status_code == 201, rejected.text
    assert [e["type"] for e in rejected.json()["events"]] == ["actors.RoleGrantRejected"]
    refused(client.post(f"{base}/approval", headers=auth(second)), 409, "proposal-already-decided")
    assert jz.get_actor(officer.actor.id).summary()["roles"] == ["officer"]
    unknown = f"/v1/actors/{officer.actor.id}/role-proposals/{officer.actor.id}/approval"
    refused(client.post(unknown, headers=auth(second)), 404, "proposal-not-found")


def test_registering_an_admin_needs_a_second_admins_approval(
    client: TestClient, jz: Jianzheng
) -> None:
    """An admin approves grants, so a new admin is itself a four-eyes grant."""
    first, second = admins(jz)
    body = {"name": "新管理员", "role": "admin", "agency": "jianzheng", "jurisdiction": "*"}
    answer = client.post("/v1/actors", json=body, headers=auth(first)).json()
    assert answer["pending_approval"]["role"] == "admin"
    newcomer = {"Authorization": f"Bearer {answer['token']}"}
    officer = {"name": "钱七", "role": "officer", "agency": AGENCY, "jurisdiction": "370303"}
    refused(client.post("/v1/actors", json=officer, headers=newcomer), 403, "forbidden")
    proposal = answer["pending_approval"]["proposal_id"]
    approval = f"/v1/actors/{answer['actor_id']}/role-proposals/{proposal}/approval"
    assert client.post(approval, headers=auth(second)).status_code == 201
    assert client.post("/v1/actors", json=officer, headers=newcomer).status_code == 201


def test_the_console_operator_registers_the_second_admin_directly(jz: Jianzheng) -> None:
    """Bootstrap: `jianzheng init` made one admin; the operator adds the second at once."""
    second = jz.register_actor(OPERATOR, name="管理员乙", role="admin", agency="jianzheng",
                               jurisdiction="*")  # fmt: skip
    assert second.pending_approval is None
    assert jz.get_actor(second.actor.id).summary()["roles"] == ["admin"]


def test_oversight_sees_every_role_grant_proposal_and_approval_of_its_area(
    client: TestClient, jz: Jianzheng
) -> None:
    """GET /v1/oversight/role-grants lists grants, proposals, approvals and rejections (R-SV-1)."""
    first, second = admins(jz)
    oversight = register(jz, "oversight", "市司法局", jurisdiction="370300")
    officer = register(jz, "officer", "张三", jurisdiction="370303")
    elsewhere = register(jz, "officer", "外地", jurisdiction="370500")
    police = client.post(f"/v1/actors/{officer.actor.id}/roles", json={"role": "police"},
                         headers=auth(first)).json()["proposal_id"]  # fmt: skip
    client.post(f"/v1/actors/{officer.actor.id}/role-proposals/{police}/approval",
                headers=auth(second))  # fmt: skip
    court = client.post(f"/v1/actors/{officer.actor.id}/roles", json={"role": "court"},
                        headers=auth(first)).json()["proposal_id"]  # fmt: skip
    client.post(f"/v1/actors/{elsewhere.actor.id}/roles", json={"role": "police"},
                headers=auth(first))  # fmt: skip
    village = {"name": "某村", "role": "village_committee", "agency": "某村委会",
               "jurisdiction": "370303001001"}  # fmt: skip
    client.post("/v1/actors", json=village, headers=auth(first))

    listed = client.get("/v1/oversight/role-grants", headers=auth(oversight))
    assert listed.status_code == 200, listed.text
    grants = listed.json()["grants"]
    mine = [g for g in grants if g["actor_id"] == str(officer.actor.id)]
    by_role = {g["role"]: g for g in mine}
    assert by_role["officer"]["status"] == "granted"
    assert by_role["officer"]["decided_by"] == "system"  # registered at the console
    assert by_role["police"]["status"] == "granted"
    assert by_role["police"]["proposed_by"] == str(first.actor.id)
    assert by_role["police"]["decided_by"] == str(second.actor.id)
    assert by_role["police"]["widens_child_access"] is True
    assert by_role["court"]["status"] == "pending"
    assert by_role["court"]["proposal_id"] == court
    assert any(g["role"] == "village_committee" and g["status"] == "pending" for g in grants)
    assert not any(g["actor_id"] == str(elsewhere.actor.id) for g in grants)
    assert any(g["role"] == "admin" and g["jurisdiction"] == "*" for g in grants)
    pending = client.get("/v1/oversight/role-grants", params={"status": "pending"},
                         headers=auth(oversight)).json()["grants"]  # fmt: skip
    assert {g["role"] for g in pending} == {"court", "village_committee"}
    everything = client.get("/v1/oversight/role-grants", headers=auth(first)).json()["grants"]
    assert any(g["actor_id"] == str(elsewhere.actor.id) for g in everything)
    refused(client.get("/v1/oversight/role-grants", headers=auth(officer)), 403, "forbidden")


def test_an_old_store_grant_stays_valid(jz: Jianzheng) -> None:
    """A ``RoleGranted`` event of any role (as older versions stored them) still loads."""
    officer = register(jz, "officer", "旧授权", jurisdiction="370303")

    def old_grant(actor: Actor) -> None:
        actor._grant_role(actor="system", role="police")  # the event as stored before

    jz.store.command(Actor, officer.actor.id, old_grant)
    assert jz.get_actor(officer.actor.id).summary()["roles"] == ["officer", "police"]


# -- jurisdictions are real division codes of the role's level (F3) ----------------------------


@pytest.mark.parametrize(
    "jurisdiction",
    ["3", "37", "ALL", "＊", "*379901", "379901 ", "379901,379902", "379901\u0000",
     "379901001001001", "３７９９０１"],
)  # fmt: skip
def test_registering_with_a_string_that_is_no_division_code_is_refused_naming_the_field(
    client: TestClient, jz: Jianzheng, jurisdiction: str
) -> None:
    """``"3"`` covered every code starting with 3; now 422 invalid-jurisdiction, ``field``."""
    first, _ = admins(jz)
    before = count(jz)
    for role in ("police", "officer", "oversight", "admin"):
        body = {"name": "某", "role": role, "agency": AGENCY, "jurisdiction": jurisdiction}
        response = client.post("/v1/actors", json=body, headers=auth(first))
        refused(response, 422, "invalid-jurisdiction")
        assert response.json()["field"] == "jurisdiction"
    assert count(jz) == before


def test_each_role_is_registered_only_at_its_own_level(client: TestClient, jz: Jianzheng) -> None:
    """A village committee needs a village, a town office a town, police a county; the
    console operator is held to the same rule."""
    first, _ = admins(jz)
    before = count(jz)
    for role, jurisdiction in (("village_committee", "370303"), ("town_office", "370303001001"),
                               ("police", "370303001"), ("police", "370000"),
                               ("court", "370303001"), ("officer", "*")):  # fmt: skip
        body = {"name": "某", "role": role, "agency": AGENCY, "jurisdiction": jurisdiction}
        response = client.post("/v1/actors", json=body, headers=auth(first))
        expected = (
            "unbounded-jurisdiction" if jurisdiction == "*" else "jurisdiction-unfit-for-role"
        )
        refused(response, 409 if jurisdiction == "*" else 422, expected)
    with pytest.raises(JurisdictionUnfitForRole):
        register(jz, "village_committee", "某村委会", jurisdiction="370303001")
    assert count(jz) == before


def test_a_role_is_granted_proposed_and_approved_only_if_the_actors_level_fits(
    client: TestClient, jz: Jianzheng
) -> None:
    """A county officer is never made a village committee; a proposal stored for an unfit
    actor (an earlier version's) is refused at approval with the same code."""
    first, second = admins(jz)
    officer = register(jz, "officer", "张三", jurisdiction="370303")
    before = count(jz)
    for role in ("village_committee", "town_office"):
        response = client.post(f"/v1/actors/{officer.actor.id}/roles", json={"role": role},
                               headers=auth(first))  # fmt: skip
        refused(response, 422, "jurisdiction-unfit-for-role")
        assert response.json()["field"] == "role"
    assert count(jz) == before
    legacy = Actor(actor=str(first.actor.id), name="旧", role="officer", agency=AGENCY,
                   jurisdiction="3")  # fmt: skip
    # What an earlier version stored: the proposal's event, made before levels were checked.
    old = str(uuid.uuid4())
    legacy._propose_role(
        actor=str(first.actor.id), proposal_id=old, role="police", registration=False
    )
    jz.store.append(legacy)
    before = count(jz)
    approval = f"/v1/actors/{legacy.id}/role-proposals/{old}/approval"
    refused(client.post(approval, headers=auth(second)), 422, "invalid-jurisdiction")
    assert count(jz) == before


def test_an_actor_stored_with_a_malformed_jurisdiction_keeps_its_record_but_acts_nowhere(
    client: TestClient, jz: Jianzheng
) -> None:
    """Existing stores: police registered with ``"3"`` by an earlier version read no child
    and no report; ``/v1/me`` lists the role as dormant."""
    legacy = Actor(actor="system", name="旧派出所", role="police", agency="公安", jurisdiction="3")
    token, token_id, digest = new_token()
    legacy.issue_token(actor="system", token_id=token_id, token_sha256=digest)
    index = TokenIndex(actor="system", token_sha256=digest, actor_id=str(legacy.id),
                       token_id=token_id)  # fmt: skip
    jz.store.append(legacy, index)
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/v1/me", headers=headers).json()
    assert (me["roles"], me["dormant_roles"]) == (["police"], ["police"])
    for path in ("/v1/children", "/v1/reports", "/v1/children/alerts"):
        refused(client.get(path, headers=headers), 403, "forbidden")


# -- a suspended or revoked proposer's proposals lapse (F7) -------------------------------------


@pytest.mark.parametrize("standing", ["suspension", "revocation"])
def test_a_proposal_lapses_when_its_proposer_is_suspended_or_revoked(
    client: TestClient, jz: Jianzheng, standing: str
) -> None:
    """Proposed by A, A then suspended (and reinstated) or revoked: B's approval answers 409
    proposal-lapsed and the grantee never reads a child's file; B may reject it."""
    first, second = admins(jz)
    officer = register(jz, "officer", "张警官", jurisdiction="370303")
    proposal = client.post(f"/v1/actors/{officer.actor.id}/roles", json={"role": "police"},
                           headers=auth(first)).json()["proposal_id"]  # fmt: skip
    ended = client.post(f"/v1/actors/{first.actor.id}/{standing}", json={"reason": "口令泄露"},
                        headers=auth(second))  # fmt: skip
    assert ended.status_code == 201, ended.text
    if standing == "suspension":
        back = client.post(f"/v1/actors/{first.actor.id}/reinstatement",
                           json={"reason": "查明"}, headers=auth(second))  # fmt: skip
        assert back.status_code == 201, back.text
    before = count(jz)
    approval = f"/v1/actors/{officer.actor.id}/role-proposals/{proposal}/approval"
    refused(client.post(approval, headers=auth(second)), 409, "proposal-lapsed")
    assert count(jz) == before
    refused(client.get("/v1/children", headers=auth(officer)), 403, "forbidden")
    rejection = f"/v1/actors/{officer.actor.id}/role-proposals/{proposal}/rejection"
    assert client.post(rejection, json={"reason": "提议人已停职"}, headers=auth(second)).is_success


def test_a_registration_held_for_approval_lapses_with_its_proposer(
    client: TestClient, jz: Jianzheng
) -> None:
    """Registering with a four-eyes role is a proposal like any other."""
    first, second = admins(jz)
    body = {"name": "某派出所", "role": "police", "agency": "公安", "jurisdiction": "370303"}
    created = client.post("/v1/actors", json=body, headers=auth(first)).json()
    suspended = client.post(f"/v1/actors/{first.actor.id}/suspension", json={"reason": "调查"},
                            headers=auth(second))  # fmt: skip
    assert suspended.status_code == 201
    approval = (f"/v1/actors/{created['actor_id']}/role-proposals/"
                f"{created['pending_approval']['proposal_id']}/approval")  # fmt: skip
    refused(client.post(approval, headers=auth(second)), 409, "proposal-lapsed")


# -- a suspended actor may revoke its own leaked token, and nothing else -------------------------


def test_a_suspended_actor_revokes_its_own_token_and_nothing_else(
    client: TestClient, jz: Jianzheng
) -> None:
    """Its token leaked, a suspended actor stops it; it revokes no one else's, reads nothing."""
    first, _ = admins(jz)
    officer = register(jz, "officer", "张三", jurisdiction="370303")
    other = register(jz, "officer", "李四", jurisdiction="370303")
    spare, spare_id, _ = jz.issue_token(OPERATOR, officer.actor.id)
    assert client.post(f"/v1/actors/{officer.actor.id}/suspension", json={"reason": "暂扣证件"},
                       headers=auth(first)).is_success  # fmt: skip
    own = f"/v1/actors/{officer.actor.id}/tokens/{spare_id}/revocation"
    revoked = client.post(own, json={"reason": "口令泄露"}, headers=auth(officer))
    assert revoked.status_code == 201, revoked.text
    assert [e["type"] for e in revoked.json()["events"]] == ["actors.TokenRevoked"]
    refused(client.get("/v1/me", headers={"Authorization": f"Bearer {spare}"}), 401,
            "token-revoked")  # fmt: skip
    before = count(jz)
    theirs = f"/v1/actors/{other.actor.id}/tokens/{other.token_id}/revocation"
    refused(client.post(theirs, json={"reason": "x"}, headers=auth(officer)), 403,
            "actor-suspended")  # fmt: skip
    refused(client.get("/v1/me", headers=auth(officer)), 403, "actor-suspended")
    refused(client.post(f"/v1/actors/{officer.actor.id}/tokens", headers=auth(officer)), 403,
            "actor-suspended")  # fmt: skip
    assert count(jz) == before


def test_a_dormant_officer_is_never_counted_as_a_cases_second_officer(jz: Jianzheng) -> None:
    """An officer stored with ``*`` (everywhere) by an earlier version covered every case;
    named by a colleague as the second officer (R-EN-3), it is not an officer in force."""
    cast = make_cast(jz)
    legacy = Actor(actor="system", name="旧执法员", role="officer", agency=AGENCY,
                   jurisdiction="*")  # fmt: skip
    legacy.record_certificate(actor="system", number="鲁执-旧", valid_from="2020-01-01",
                              valid_until="2035-12-31")  # fmt: skip
    jz.store.append(legacy)
    before = count(jz)
    with pytest.raises(InvalidInput, match="not an enforcement officer"):
        jz.cases.open_case(
            cast.officer_a, action_type="penalty", title="某案", agency=AGENCY,
            jurisdiction="370303", officers=[cast.officer_a.actor_id, str(legacy.id)],
            party={"kind": "person", "name": "某"},
        )  # fmt: skip
    assert count(jz) == before
