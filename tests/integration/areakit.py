"""Actors of a county, its town and village, and one child of the village, for the tests of
child-protection staff, reports and detentions (R-AC-2, R-RP-1…3, R-GD-7)."""

from __future__ import annotations

from dataclasses import dataclass

from infra.application import OPERATOR, Jianzheng, Principal


@dataclass
class Enrolled:
    """The actors of a test, by the key the test calls them."""

    tokens: dict[str, str]
    ids: dict[str, str]
    principals: dict[str, Principal]


def enrol(jz: Jianzheng, roles: dict[str, tuple[str, str]]) -> Enrolled:
    """Register one actor per key, ``(role, area)``, through the console operator."""
    enrolled = Enrolled({}, {}, {})
    for key, (role, area) in roles.items():
        registered = jz.register_actor(
            OPERATOR, name=key, role=role, agency=f"{key}-agency", jurisdiction=area
        )
        enrolled.tokens[key] = registered.token
        enrolled.ids[key] = str(registered.actor.id)
        enrolled.principals[key] = Principal.of(registered.actor)
    return enrolled


def register_wang_xiaoming(jz: Jianzheng, by: Principal, village: str) -> str:
    """王小明 of ``village``, born 2014-05-17, guarded by his father 王大山; his file's id."""
    child, _ = jz.children.register(
        by,
        personal={"name": "王小明", "id_number": "370303201405170017"},
        birth_date="2014-05-17",
        sex="male",
        location={"county": village[:6], "town": village[:9], "village": village},
        categories=["poverty_life"],
        registered_on="2026-03-01",
        guardian={"name": "王大山", "relation": "father"},
    )
    return str(child.id)
