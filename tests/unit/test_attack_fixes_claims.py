"""The fixes of the outside attack on one file per child, at the domain level: the bar a
court's revocation puts on the revoked person (R-GD-8, ADR 0005 §8)."""

from __future__ import annotations

import pytest

from domain.records.children import errors as ce
from domain.records.children.guardian_bars import (
    BarKind,
    RevokedGuardianBar,
    bar_digest,
    person_keys,
    revoked_person_keys,
)

SECRET = b"\x02" * 32
BIRTH = "2012-03-04"


def digests(person: dict[str, str], birth: str = BIRTH) -> set[str]:
    return {bar_digest(SECRET, key) for key in person_keys(person, birth)}


def test_r_gd_8_the_revoked_father_is_found_by_the_number_the_file_recorded_for_him() -> None:
    """R-GD-8: the ruling names "王父, father"; the registration had recorded his ID number.
    The bar keys both, so he is found under that number for any child, and under his name
    (however written) for a child of that birth date — not for a child born another day."""
    recorded = [{"name": "王父", "relation": "father", "id_number": "370303198001010033"},
                {"name": "王奶奶", "relation": "paternal_grandmother"}]  # fmt: skip
    keys = revoked_person_keys({"name": "王父", "relation": "father"}, recorded, BIRTH)
    barred = {bar_digest(SECRET, key) for key in keys}
    assert [key.kind for key in keys] == [BarKind.NAME_CHILD_BIRTH, BarKind.ID_NUMBER]
    by_number = {"name": "王大", "relation": "father", "id_number": "370303 19800101003x"}
    assert digests(by_number, "2019-01-01") & barred
    assert digests({"name": "王 父", "relation": "uncle"}) & barred
    assert not digests({"name": "王父", "relation": "father"}, "2015-06-01") & barred
    assert not digests({"name": "王奶奶", "relation": "paternal_grandmother"}) & barred


def test_r_gd_8_a_joint_revocation_of_both_parents_bars_each_of_them() -> None:
    """R-GD-8: "parents" revoked jointly: each parent's name and recorded number is barred."""
    recorded = [{"name": "李母", "relation": "mother", "id_number": "370303198201010022"}]
    keys = revoked_person_keys({"name": "王父 李母", "relation": "parents"}, recorded, BIRTH)
    barred = {bar_digest(SECRET, key) for key in keys}
    assert digests({"name": "王父", "relation": "father"}) & barred
    assert digests({"name": "某", "relation": "mother", "id_number": "370303198201010022"}) & barred


def test_r_gd_8_a_bar_refuses_other_files_until_a_restoration_lifts_it() -> None:
    """R-GD-8: the bar refuses the person on every file but the one that recorded the
    revocation (whose own history decides), and no longer once that file's restoration
    ruling lifted it; a second revocation elsewhere keeps it in force."""
    bar = RevokedGuardianBar.open(
        actor="court", bar="d" * 64, key_kind=BarKind.ID_NUMBER, child="A", petition_id="P1"
    )
    bar.check_not_barred("A", "guardian")
    with pytest.raises(ce.GuardianRevoked) as refused:
        bar.check_not_barred("B", "guardian")
    assert "P1" not in refused.value.detail
    assert refused.value.extra["field"] == "guardian"
    bar.add(actor="court", child="C", petition_id="P2")
    assert bar.lift(actor="court", child="A", petition_id="P1")
    with pytest.raises(ce.GuardianRevoked):
        bar.check_not_barred("B", "guardian")
    assert bar.lift(actor="court", child="C", petition_id="P2")
    bar.check_not_barred("B", "guardian")
    assert [e.__class__.__name__ for e in bar.collect_events()] == [
        "Barred", "AlsoBarred", "Lifted", "Lifted",
    ]  # fmt: skip
