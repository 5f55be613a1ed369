"""Who acts, and the role check every command starts with (least privilege, DESIGN §5).

Below the application and its services: ``infra.application`` composes the services, and
each service (``infra.cases``, ``infra.catalogues``, ``infra.children``, ``infra.evidence``)
checks its caller's authority with what is here, importing nothing from the application.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.proof.chain import SYSTEM_ACTOR
from domain.records.actors import FOUR_EYES_ROLES, Actor, Role, Status
from domain.records.errors import ActorSuspended, PermissionDenied


@dataclass(frozen=True)
class Principal:
    """Who is acting: an authenticated actor, or the operator at the console.

    ``roles`` are the roles in force (``Actor.roles_in_force``: a role whose level the
    jurisdiction does not fit is dormant). A ``suspended`` principal holds no role at all and
    may only revoke its own tokens (:meth:`Jianzheng.revoke_token`).
    """

    actor_id: str
    roles: frozenset[Role]
    agency: str
    jurisdiction: str
    suspended: bool = False

    @classmethod
    def of(cls, actor: Actor) -> Principal:
        """The principal for an authenticated actor (a suspended one holds no role)."""
        if actor.status is Status.SUSPENDED:
            return cls(str(actor.id), frozenset(), actor.agency, actor.jurisdiction, True)
        return cls(str(actor.id), actor.roles_in_force(), actor.agency, actor.jurisdiction)

    def has(self, *roles: Role) -> bool:
        """Whether the principal holds any of ``roles``."""
        return not self.roles.isdisjoint(roles)


OPERATOR = Principal(SYSTEM_ACTOR, frozenset(), "", "")
"""The console operator (CLI with direct access to the store); recorded as ``system``."""


def needs_second_admin(by: Principal, role: Role) -> bool:
    """Whether a grant of ``role`` by ``by`` waits for a different admin's approval.

    Every admin's grant of a role that opens children's files, or of ``admin`` (which
    approves such grants), does; the console operator — the deployment's root, holding the
    store and its keys — grants at once (bootstrap: the second admin).
    """
    return by is not OPERATOR and role in FOUR_EYES_ROLES


def require_role(principal: Principal, *roles: Role) -> None:
    """Refuse unless the principal has one of ``roles`` (the operator always may)."""
    if principal is OPERATOR:
        return
    if principal.suspended:
        raise ActorSuspended("the actor holding this token is suspended")
    if not principal.has(*roles):
        allowed = ", ".join(r.value for r in roles)
        raise PermissionDenied(f"this needs the role {allowed}")
