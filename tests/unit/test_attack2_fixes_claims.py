"""The second outside attack on one file per child (FINDINGS2 #4, #6), in the domain: a claim
corrected away is marked, and taken beside only when the service says the caller covers none
of its holders (R-CH-1, ADR 0005 §6); a name bar admits a namesake with another recorded
number and its refusal tells no court's revocation (R-GD-8, ADR 0005 §8)."""

from __future__ import annotations

import pytest

import domain.records.children.errors as ce
from domain.records.children.claims import ClaimKind, IdentityClaim
from domain.records.children.guardian_bars import BarKind, RevokedGuardianBar


def events(aggregate: IdentityClaim | RevokedGuardianBar) -> list[str]:
    return [e.__class__.__name__ for e in aggregate.collect_events()]


def test_r_ch_1_a_claim_corrected_away_is_held_marked_and_taken_beside_only_when_allowed() -> None:
    """R-CH-1 (FINDINGS2 #4): the file that corrected a number away still holds it (refusing
    without ``beside_corrected_away``); with it, another file takes it beside, flagged; a
    correction back clears the mark; a number held by a file that did not correct it away is
    never taken beside."""
    claim = IdentityClaim.open(actor="v", claim="c" * 64, key_kind=ClaimKind.ID_NUMBER, child="A")
    claim.correct_away(actor="v", child="A")
    assert claim.holders == ["A"]
    assert claim.only_corrected_away("B")
    with pytest.raises(ce.ChildAlreadyRegistered):
        claim.take(actor="w", child="B", confirmation=None)
    claim.take(actor="w", child="B", confirmation=None, beside_corrected_away=True)
    assert claim.holders == ["A", "B"]
    claim.take(actor="v", child="A", confirmation=None)
    assert claim.corrected_away == []
    with pytest.raises(ce.ChildAlreadyRegistered):
        claim.take(actor="x", child="C", confirmation=None, beside_corrected_away=True)
    assert events(claim) == ["Claimed", "CorrectedAway", "FoundBesideCorrectedAway",
                             "CorrectedBack"]  # fmt: skip


def test_r_gd_8_a_name_bar_admits_a_namesake_only_against_recorded_numbers() -> None:
    """R-GD-8 (FINDINGS2 #6): a namesake with his own number is admissible once the revocation
    recorded the revoked person's number and his differs; with no recorded number, or the
    recorded one, he is not; the refusal says nothing of a court or a revocation."""
    bar = RevokedGuardianBar.open(
        actor="court", bar="d" * 64, key_kind=BarKind.NAME_CHILD_BIRTH, child="A", petition_id="P1"
    )
    assert not bar.namesake_admissible("B", "n" * 64)
    bar.know_numbers(actor="court", petition_id="P1", numbers=["f" * 64])
    assert bar.namesake_admissible("B", "n" * 64)
    assert not bar.namesake_admissible("B", "f" * 64)
    bar.add(actor="court", child="C", petition_id="P2")
    assert not bar.namesake_admissible("B", "n" * 64)
    with pytest.raises(ce.GuardianRevoked) as refused:
        bar.check_not_barred("B", "guardian")
    assert "court" not in refused.value.detail
    assert "revoked" not in refused.value.detail
    bar.record_refusal(actor="village", child="B", field="guardian", area="370305001001")
    bar.flag_namesake(actor="village", child="D")
    assert (bar.refusals, bar.namesakes) == (1, ["D"])
    assert events(bar) == ["Barred", "NumbersKnown", "AlsoBarred", "RefusalRecorded",
                           "NamesakeFlagged"]  # fmt: skip
