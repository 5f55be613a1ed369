"""Jurisdictions are real division codes of the level each role needs (F3, R-AC-1…3)."""

from __future__ import annotations

import pytest

from domain.proof.chain import SYSTEM_ACTOR
from domain.records.actors import ROLE_LEVELS, Actor, Role
from domain.records.errors import (
    InvalidJurisdiction,
    JurisdictionUnfitForRole,
    UnboundedJurisdiction,
)
from domain.records.jurisdiction import check_village_code, covers, is_division_code

NOT_CODES = [
    "3", "37", "3703", "ALL", "＊", "*379901", "379901 ", " 379901", "379901,379902",
    "379901\u0000", "379901001001001", "３７９９０１", "37990１", "", "000000", "990000",
    "370001", "370000001", "370303000", "370303000000", "370303001000", "37a303",
]  # fmt: skip
"""Strings the outside reviewer registered as jurisdictions, and their kin."""


def register(role: str, jurisdiction: str) -> Actor:
    return Actor.register(
        actor=SYSTEM_ACTOR, name="某人", role=role, agency="某机关", jurisdiction=jurisdiction
    )


@pytest.mark.parametrize("code", NOT_CODES)
def test_a_string_that_is_no_division_code_is_refused_naming_the_field(code: str) -> None:
    """``"3"`` would cover a whole region; ``"ALL"``, full-width digits and padded forms none."""
    assert not is_division_code(code)
    for role in ("officer", "admin", "oversight"):
        with pytest.raises(InvalidJurisdiction) as refused:
            register(role, code)
        assert refused.value.code == "invalid-jurisdiction"
        assert refused.value.extra == {"field": "jurisdiction"}


@pytest.mark.parametrize(
    "code", ["370000", "370300", "370303", "441900", "469001", "370303001", "441900003",
             "370303100", "370303001001", "370303100200", "110101001001"],
)  # fmt: skip
def test_real_codes_of_each_level_are_division_codes(code: str) -> None:
    """Province, prefecture, county, town (street 0xx, town 1xx) and village codes."""
    assert is_division_code(code)


@pytest.mark.parametrize(
    ("role", "good", "bad"),
    [
        ("village_committee", "370303001001", ["370303001", "370303"]),
        ("town_office", "370303001", ["370303001001", "370303"]),
        ("civil_affairs", "370303", ["370303001", "370000"]),
        ("police", "370300", ["370303001001", "370000"]),
        ("oversight", "370000", ["370303001", "370303001001"]),
        ("court", "370303", ["370303001"]),
        ("officer", "370303001", []),
        ("reporter", "370303001001", []),
    ],
)
def test_each_role_needs_a_jurisdiction_of_its_own_level(
    role: str, good: str, bad: list[str]
) -> None:
    """A village committee acts on a village, a town office on a town, police on a county
    (R-AC-1)."""
    assert register(role, good).jurisdiction == good
    for code in bad:
        with pytest.raises(JurisdictionUnfitForRole) as refused:
            register(role, code)
        assert refused.value.extra == {"field": "jurisdiction"}


@pytest.mark.parametrize("role", sorted(r.value for r in Role if r is not Role.ADMIN))
def test_only_an_admin_may_have_the_everywhere_jurisdiction(role: str) -> None:
    """``*`` for an officer covers every case of every area: refused like a child role's."""
    with pytest.raises(UnboundedJurisdiction):
        register(role, "*")
    assert register("admin", "*").jurisdiction == "*"


def test_a_grant_checks_the_level_against_the_actors_recorded_jurisdiction() -> None:
    """A county officer is never made a village committee: the refusal names ``role``."""
    officer = register("officer", "370303")
    with pytest.raises(JurisdictionUnfitForRole) as refused:
        officer.grant_role(actor=SYSTEM_ACTOR, role="village_committee")
    assert refused.value.extra == {"field": "role"}
    with pytest.raises(JurisdictionUnfitForRole):
        officer.propose_role(actor="admin-a", proposal_id="p1", role="town_office")
    officer.grant_role(actor=SYSTEM_ACTOR, role="police")
    assert officer.roles == {Role.OFFICER, Role.POLICE}


def test_every_role_has_a_level_rule() -> None:
    """No role is left to take any string."""
    assert set(ROLE_LEVELS) == set(Role)


def test_a_town_code_numbered_100_covers_only_its_own_villages() -> None:
    """Only a six-digit code's trailing 00 pairs widen it: town 370303100 is not 3703031*."""
    assert covers("370303100", "370303100201")
    assert not covers("370303100", "370303101001")
    assert not covers("370303100200", "370303100201")
    assert covers("370300", "370303001001")
    assert covers("370000", "370303")
    assert not covers("370303", "370304001001")


@pytest.mark.parametrize("holder", ["3", "37", "", "ALL", "379901 ", "370303001001001"])
def test_a_malformed_jurisdiction_stored_earlier_covers_nothing(holder: str) -> None:
    """An actor registered before codes were checked covers no area (it did cover ``3*``)."""
    for area in ("370303", "370303001", "370303001001", "379901001001"):
        assert not covers(holder, area)
    assert covers("*", "370303001001")


def test_a_malformed_area_is_covered_by_nobody_but_everywhere() -> None:
    """A report or case stored with area ``"3"`` is nobody's area."""
    assert not covers("370303", "3703039")
    assert not covers("370000", "3")


def test_a_role_held_on_an_unfit_jurisdiction_is_dormant() -> None:
    """An actor stored by an earlier version with ``"3"`` (or ``*`` as an officer) keeps its
    record, but the role authorises nothing and is listed as dormant."""
    legacy = Actor(actor=SYSTEM_ACTOR, name="旧", role="police", agency="公安", jurisdiction="3")
    assert legacy.roles == {Role.POLICE}
    assert legacy.roles_in_force() == frozenset()
    assert legacy.summary()["dormant_roles"] == ["police"]
    everywhere = Actor(actor=SYSTEM_ACTOR, name="旧", role="officer", agency="局", jurisdiction="*")
    assert everywhere.roles_in_force() == frozenset()
    fine = register("police", "370303")
    assert fine.roles_in_force() == {Role.POLICE}
    assert fine.summary()["dormant_roles"] == []


def test_a_report_area_is_a_village_code() -> None:
    """``"3"`` and ``"999999999999"`` are nobody's village (F4)."""
    for area in ("3", "999999999999", "370303001", "370303000000", "３７０３０３００１００１"):
        with pytest.raises(InvalidJurisdiction) as refused:
            check_village_code(area, "area")
        assert refused.value.extra == {"field": "area"}
    assert check_village_code("370303001001", "area") == "370303001001"
