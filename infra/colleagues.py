"""Who a case's people may name on it: the officers and heads of their own agency.

Opening a case names at least two certified officers (R-EN-3, 行政处罚法 第42条), and the heads'
collective discussion names the heads who took part (R-EN-7). The services check every id they
are given against the actor records; this read only offers the people to choose from, so that
a screen shows names instead of asking for ids. It reads the role-grant feed
(``projections/role_grants.py``) for who was ever given the role, then each actor's record for
whether they hold it now, are active and — for an officer — carry a certificate in force today.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.records import errors
from domain.records.actors import Actor, Role, Status
from domain.records.jurisdiction import covers
from infra.clock import today
from infra.context import Context
from infra.principal import Principal, require_role
from projections.role_grants import GRANTS

NAMED_ON_A_CASE = frozenset({Role.OFFICER, Role.AGENCY_HEAD})
"""The roles a case names its people by: officers (R-EN-3) and heads (R-EN-7)."""


def colleagues(app: Context, by: Principal, role: Role) -> list[dict[str, Any]]:
    """Active actors of ``by``'s agency who hold ``role`` in force, in an area that overlaps
    ``by``'s, by name — for an officer or a head of that agency to choose from.

    Each is ``{actor_id, name, jurisdiction, certified}``; ``certified`` says whether an
    enforcement certificate is valid today and barred by no sanction (R-EN-3, R-SV-4).
    """
    require_role(by, Role.OFFICER, Role.AGENCY_HEAD)
    if role not in NAMED_ON_A_CASE:
        raise errors.InvalidInput(f"a case names no {role.value}s", field="role")
    app.views.catch_up()
    granted = {
        str(doc["actor_id"])
        for doc in app.views.documents("role_grants", GRANTS)
        if doc.get("role") == role.value
        and doc.get("status") == "granted"
        and doc.get("agency") == by.agency
    }
    on = today()
    found = []
    for actor_id in sorted(granted):
        actor = app.store.load(Actor, UUID(actor_id))
        overlaps = covers(by.jurisdiction, actor.jurisdiction) or covers(
            actor.jurisdiction, by.jurisdiction
        )
        if actor.status is not Status.ACTIVE or not actor.has_role(role) or not overlaps:
            continue
        found.append(
            {
                "actor_id": actor_id,
                "name": actor.name,
                "jurisdiction": actor.jurisdiction,
                "certified": actor.certificate_valid_on(on) is not None,
            }
        )
    return sorted(found, key=lambda a: (a["name"], a["actor_id"]))
