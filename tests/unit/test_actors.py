"""The actor aggregate's grant rules, without a store (R-AC-1…3, R-CH-4)."""

from __future__ import annotations

import pytest

from domain.actors import CHILD_ACCESS_ROLES, FOUR_EYES_ROLES, Actor, Role
from domain.chain import SYSTEM_ACTOR
from domain.errors import (
    ApprovalRequired,
    ProposalAlreadyDecided,
    ProposalNotFound,
    RuleViolation,
    SecondApproverRequired,
    SelfGrantForbidden,
    UnboundedJurisdiction,
)

ADMIN_A, ADMIN_B = "admin-a", "admin-b"


def actor(role: str = "officer", jurisdiction: str = "370303") -> Actor:
    return Actor.register(
        actor=SYSTEM_ACTOR, name="张三", role=role, agency="某局", jurisdiction=jurisdiction
    )


def test_the_four_eyes_roles_are_the_child_access_roles_and_admin() -> None:
    """Seven roles open children's data; admin approves their grants, so it is four-eyes too."""
    assert {r.value for r in CHILD_ACCESS_ROLES} == {
        "civil_affairs", "town_office", "village_committee", "police", "reporter", "court",
        "oversight",
    }  # fmt: skip
    assert CHILD_ACCESS_ROLES | {Role.ADMIN} == FOUR_EYES_ROLES


@pytest.mark.parametrize("role", sorted(r.value for r in CHILD_ACCESS_ROLES))
def test_an_everywhere_actor_is_never_registered_or_granted_a_child_access_role(role: str) -> None:
    """``*`` covers every child: registration, grant and proposal are all refused."""
    with pytest.raises(UnboundedJurisdiction):
        actor(role, jurisdiction="*")
    everywhere = actor("officer", jurisdiction="*")
    with pytest.raises(UnboundedJurisdiction):
        everywhere.grant_role(actor=SYSTEM_ACTOR, role=role)
    with pytest.raises(UnboundedJurisdiction):
        everywhere.propose_role(actor=ADMIN_A, proposal_id="p1", role=role)
    assert list(everywhere.collect_events())[-1].TYPE == "actors.Registered"


def test_an_admin_with_everywhere_jurisdiction_is_still_an_admin() -> None:
    """The bootstrap admin (``*``) holds no child-access role, so ``*`` is allowed for it."""
    assert actor("admin", jurisdiction="*").roles == {Role.ADMIN}


def test_nobody_grants_proposes_or_approves_a_role_for_itself() -> None:
    """The actor's own id as the granting actor is refused at every step."""
    admin = actor("admin", jurisdiction="370303")
    me = str(admin.id)
    with pytest.raises(SelfGrantForbidden):
        admin.grant_role(actor=me, role="legal_reviewer")
    with pytest.raises(SelfGrantForbidden):
        admin.propose_role(actor=me, proposal_id="p1", role="police")
    admin.propose_role(actor=ADMIN_A, proposal_id="p2", role="police")
    with pytest.raises(SelfGrantForbidden):
        admin.approve_role(actor=me, proposal_id="p2")
    assert Role.POLICE not in admin.roles


def test_a_four_eyes_role_is_granted_directly_only_by_the_console_operator() -> None:
    """An admin's direct grant of a child-access role is refused: it must be proposed."""
    officer = actor()
    with pytest.raises(ApprovalRequired):
        officer.grant_role(actor=ADMIN_A, role="police")
    officer.grant_role(actor=SYSTEM_ACTOR, role="police")
    assert Role.POLICE in officer.roles


def test_a_proposal_takes_effect_when_a_different_admin_approves() -> None:
    """Proposed by A: A may not approve, B may; the proposal is then closed."""
    officer = actor()
    officer.propose_role(actor=ADMIN_A, proposal_id="p1", role="court")
    assert Role.COURT not in officer.roles
    with pytest.raises(RuleViolation):
        officer.propose_role(actor=ADMIN_B, proposal_id="p2", role="court")
    with pytest.raises(SecondApproverRequired):
        officer.approve_role(actor=ADMIN_A, proposal_id="p1")
    officer.approve_role(actor=ADMIN_B, proposal_id="p1")
    assert Role.COURT in officer.roles
    with pytest.raises(ProposalAlreadyDecided):
        officer.approve_role(actor=ADMIN_B, proposal_id="p1")
    with pytest.raises(ProposalNotFound):
        officer.approve_role(actor=ADMIN_B, proposal_id="nope")


def test_a_registration_held_for_approval_holds_no_role_until_approved() -> None:
    """The registered role is withheld by ``RoleGrantProposed(registration=True)``."""
    police = Actor.register(actor=ADMIN_A, name="某派出所", role="police", agency="公安",
                            jurisdiction="370303")  # fmt: skip
    police.hold_for_approval(actor=ADMIN_A, proposal_id="p1")
    assert police.roles == set()
    assert police.summary()["pending_roles"][0]["registration"] is True
    police.reject_role(actor=ADMIN_B, proposal_id="p1", reason="无任命文件")
    assert police.roles == set()
    assert police.summary()["pending_roles"] == []


def test_roles_that_open_no_childs_file_need_no_proposal() -> None:
    """Proposing an officer-side role is refused: it is granted at once."""
    officer = actor()
    with pytest.raises(RuleViolation):
        officer.propose_role(actor=ADMIN_A, proposal_id="p1", role="legal_reviewer")
    officer.grant_role(actor=ADMIN_A, role="legal_reviewer")
    assert Role.LEGAL_REVIEWER in officer.roles
