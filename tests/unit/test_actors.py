"""The actor aggregate's grant rules, without a store (R-AC-1…3, R-CH-4)."""

from __future__ import annotations

import pytest

from domain.proof.chain import SYSTEM_ACTOR
from domain.records.actors import CHILD_ACCESS_ROLES, FOUR_EYES_ROLES, Actor, Role
from domain.records.errors import (
    ApprovalRequired,
    ProposalAlreadyDecided,
    ProposalLapsed,
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
    everywhere = actor("admin", jurisdiction="*")
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
        admin.approve_role(actor=me, proposal_id="p2", proposer=None)
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
        officer.approve_role(actor=ADMIN_A, proposal_id="p1", proposer=None)
    officer.approve_role(actor=ADMIN_B, proposal_id="p1", proposer=None)
    assert Role.COURT in officer.roles
    with pytest.raises(ProposalAlreadyDecided):
        officer.approve_role(actor=ADMIN_B, proposal_id="p1", proposer=None)
    with pytest.raises(ProposalNotFound):
        officer.approve_role(actor=ADMIN_B, proposal_id="nope", proposer=None)


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


def test_a_proposal_lapses_for_good_when_its_proposer_is_suspended_or_revoked_afterwards() -> None:
    """F7: suspended after proposing — even reinstated since — the proposal is never approved;
    it may still be rejected, and the reinstated admin's new proposals count again."""
    proposer, other = actor("admin", "*"), actor("admin", "*")
    officer = actor()
    officer.propose_role(actor=str(proposer.id), proposal_id="p1", role="police",
                         proposer_seq=proposer.version)  # fmt: skip
    proposer.suspend(actor=SYSTEM_ACTOR, reason="泄露口令")
    proposer.reinstate(actor=SYSTEM_ACTOR, reason="查明")
    with pytest.raises(ProposalLapsed):
        officer.approve_role(actor=str(other.id), proposal_id="p1", proposer=proposer)
    assert Role.POLICE not in officer.roles
    officer.reject_role(actor=str(other.id), proposal_id="p1", reason="提议人曾被暂停")
    officer.propose_role(actor=str(proposer.id), proposal_id="p2", role="police",
                         proposer_seq=proposer.version)  # fmt: skip
    officer.approve_role(actor=str(other.id), proposal_id="p2", proposer=proposer)
    assert Role.POLICE in officer.roles
    court = actor()
    court.propose_role(actor=str(other.id), proposal_id="p3", role="court",
                       proposer_seq=other.version)  # fmt: skip
    other.revoke(actor=SYSTEM_ACTOR, reason="离职")
    with pytest.raises(ProposalLapsed):
        court.approve_role(actor=str(proposer.id), proposal_id="p3", proposer=other)


def test_a_proposal_stored_before_positions_were_recorded_lapses_if_its_proposer_was_ever_out() -> (
    None
):
    """Without ``proposer_seq`` the proposal cannot be placed: any suspension lapses it."""
    steady, once_suspended, approver = actor("admin", "*"), actor("admin", "*"), "admin-c"
    once_suspended.suspend(actor=SYSTEM_ACTOR, reason="调查")
    once_suspended.reinstate(actor=SYSTEM_ACTOR, reason="查明")
    for proposer, lapses in ((steady, False), (once_suspended, True)):
        officer = actor()
        officer.propose_role(actor=str(proposer.id), proposal_id="old", role="court")
        if lapses:
            with pytest.raises(ProposalLapsed):
                officer.approve_role(actor=approver, proposal_id="old", proposer=proposer)
        else:
            officer.approve_role(actor=approver, proposal_id="old", proposer=proposer)
            assert Role.COURT in officer.roles


def test_a_proposal_records_the_proposers_position_in_its_event() -> None:
    """``proposer_seq`` is a field of ``RoleGrantProposed`` (default None for old events)."""
    officer = actor()
    officer.propose_role(actor=ADMIN_A, proposal_id="p1", role="police", proposer_seq=7)
    proposed = list(officer.collect_events())[-1]
    assert proposed.TYPE == "actors.RoleGrantProposed"
    assert proposed.envelope.data["proposer_seq"] == 7
