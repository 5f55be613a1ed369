"""Identity claims (R-CH-1, ADR 0005): which keys a file claims, and who may take a claim."""

from __future__ import annotations

import pytest

from domain.records.children import errors as ce
from domain.records.children.claims import (
    ClaimKind,
    IdentityClaim,
    claim_digest,
    claim_keys,
)

SECRET = b"\x01" * 32
VILLAGE = "370303001001"


def digests(personal: dict[str, str], born: str = "2014-05-17", village: str = VILLAGE) -> set:
    return {claim_digest(SECRET, key) for key in claim_keys(personal, born, village)}


def test_one_card_written_differently_is_one_claim() -> None:
    """R-CH-1: spaces, full-width digits, a lower-case or another check character, and the
    15-digit first-generation form of a card name one child (GB 11643)."""
    card = {"name": "王小明", "id_number": "370303198005170017"}
    for written in ("370303 1980 0517 0017", "３７０３０３１９８００５１７００１７",
                    "37030319800517001x", "370303800517001"):  # fmt: skip
        again = {"name": "另一个名字", "id_number": written}
        assert digests(card) & digests(again), written
    assert not digests(card) & digests({"name": "另一个名字", "id_number": "370303198005170025"})


def test_a_file_claims_its_id_number_and_its_name_birth_and_village_together() -> None:
    """ADR 0005 §1: both keys, so that another ID number (or none) still finds the child by
    name, birth date and village; a change of any of the three is another key."""
    kinds = [key.kind for key in claim_keys({"name": "王小明", "id_number": "x1"}, "2014-05-17",
                                            VILLAGE)]  # fmt: skip
    assert kinds == [ClaimKind.ID_NUMBER, ClaimKind.NAME_BIRTH_VILLAGE]
    base = digests({"name": "王 小明"})
    assert base < digests({"name": "王小明", "id_number": "370303201405179999"})
    assert not base & digests({"name": "王小明"}, born="2014-05-18")
    assert not base & digests({"name": "王小明"}, village="370303001002")


def test_the_digest_depends_on_the_deployment_secret() -> None:
    """R-CH-4: a claim identifies nothing outside its deployment."""
    key = claim_keys({"name": "王小明"}, "2014-05-17", VILLAGE)[0]
    assert claim_digest(SECRET, key) != claim_digest(b"\x02" * 32, key)


def claim(kind: ClaimKind) -> IdentityClaim:
    return IdentityClaim.open(actor="v", claim="d" * 64, key_kind=kind, child="child-1")


def test_an_id_number_is_never_shared_even_with_a_reason() -> None:
    """R-CH-1: one card, one file."""
    held = claim(ClaimKind.ID_NUMBER)
    with pytest.raises(ce.ChildAlreadyRegistered) as refused:
        held.take(actor="v", child="child-2", confirmation="另一名儿童")
    assert refused.value.extra["holders"] == ["child-1"]
    assert held.holders == ["child-1"]


def test_a_name_claim_is_shared_only_with_a_recorded_reason() -> None:
    """ADR 0005 §4: refused without a reason; with one, the reason is recorded."""
    held = claim(ClaimKind.NAME_BIRTH_VILLAGE)
    with pytest.raises(ce.ChildPossiblyRegistered):
        held.take(actor="v", child="child-2", confirmation=None)
    held.take(actor="v", child="child-2", confirmation="双胞胎之一, 同名, 户口簿已核")
    events = held.collect_events()
    assert [e.TYPE for e in events][-1] == "claims.SharedByDistinctChild"
    assert events[-1].envelope.data["reason"] == "双胞胎之一, 同名, 户口簿已核"
    assert held.holders == ["child-1", "child-2"]


def test_a_released_claim_is_free_again() -> None:
    """ADR 0005 §6: a correction releases the old identity; another file may take it."""
    held = claim(ClaimKind.ID_NUMBER)
    held.release(actor="v", child="child-1", reason="身份证号录入错误, 更正")
    held.take(actor="v", child="child-2", confirmation=None)
    assert held.holders == ["child-2"]
    assert [e.TYPE for e in held.collect_events()] == [
        "claims.Claimed", "claims.Released", "claims.Retaken",
    ]  # fmt: skip
