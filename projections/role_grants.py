"""Every role grant, proposal, approval and rejection, for oversight (R-AC-3, R-CH-4).

One document per grant in ``grants``:

* a registration's role and each direct grant (``RoleGranted``): ``status`` ``granted``,
  ``decided_by`` the admin or ``system`` (the console operator) who granted it;
* each four-eyes proposal (``RoleGrantProposed``, also when it holds back the role of a
  new registration): ``pending`` until a different admin approves (``granted``) or
  someone rejects it (``rejected``, with the reason).

``widens_child_access`` marks the roles that open children's files. ``actors`` keeps each
actor's name, agency and jurisdiction from its registration, for the later events.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain.proof.chain import Envelope
from domain.records.actors import CHILD_ACCESS_ROLES
from projections.base import Docs

CHILD_ACCESS = frozenset(r.value for r in CHILD_ACCESS_ROLES)

GRANTS = "grants"
ACTORS = "actors"


def _registered_key(stream: str) -> str:
    return f"{stream}:registered"


class RoleGrants:
    """The role-grant feed for oversight and admins."""

    name = "role_grants"
    version = 1
    types = frozenset(
        {
            "actors.Registered",
            "actors.RoleGranted",
            "actors.RoleGrantProposed",
            "actors.RoleGrantApproved",
            "actors.RoleGrantRejected",
        }
    )

    def reads(self, e: Envelope) -> Iterator[tuple[str, str]]:
        """The actor's facts for a grant or proposal; the proposal for its decision."""
        if e.type in ("actors.RoleGranted", "actors.RoleGrantProposed"):
            yield ACTORS, e.stream
        elif e.type in ("actors.RoleGrantApproved", "actors.RoleGrantRejected"):
            yield GRANTS, str(e.data["proposal_id"])

    def apply(self, e: Envelope, position: int, docs: Docs) -> None:
        """Record the grant, or move a proposal to its decision."""
        d = e.data
        if e.type == "actors.Registered":
            facts = {"name": d["name"], "agency": d["agency"], "jurisdiction": d["jurisdiction"]}
            docs.put(ACTORS, e.stream, facts)
            docs.put(GRANTS, _registered_key(e.stream),
                     self._grant(e, position, facts, str(d["role"]), "registration"))  # fmt: skip
        elif e.type == "actors.RoleGranted":
            facts = docs.get(ACTORS, e.stream) or {}
            docs.put(GRANTS, f"{e.stream}:{e.seq}",
                     self._grant(e, position, facts, str(d["role"]), "grant"))  # fmt: skip
        elif e.type == "actors.RoleGrantProposed":
            facts = docs.get(ACTORS, e.stream) or {}
            via = "registration" if d["registration"] else "grant"
            if d["registration"]:  # the registration's role is held back, not granted
                docs.delete(GRANTS, _registered_key(e.stream))
            doc = self._grant(e, position, facts, str(d["role"]), via)
            doc.update(status="pending", proposal_id=d["proposal_id"], proposed_by=e.actor,
                       proposed_at=e.at, decided_by=None, decided_at=None)  # fmt: skip
            docs.put(GRANTS, str(d["proposal_id"]), doc)
        else:
            proposal = docs.get(GRANTS, str(d["proposal_id"]))
            if proposal is None:
                return
            approved = e.type == "actors.RoleGrantApproved"
            doc = {**proposal, "status": "granted" if approved else "rejected",
                   "decided_by": e.actor, "decided_at": e.at,
                   "reason": None if approved else d["reason"]}  # fmt: skip
            docs.put(GRANTS, str(d["proposal_id"]), doc)

    @staticmethod
    def _grant(
        e: Envelope, position: int, facts: dict[str, Any], role: str, via: str
    ) -> dict[str, Any]:
        return {
            "actor_id": e.stream,
            "name": facts.get("name"),
            "agency": facts.get("agency"),
            "jurisdiction": facts.get("jurisdiction"),
            "role": role,
            "widens_child_access": role in CHILD_ACCESS,
            "via": via,
            "status": "granted",
            "proposal_id": None,
            "proposed_by": None,
            "proposed_at": None,
            "decided_by": e.actor,
            "decided_at": e.at,
            "reason": None,
            "position": position,
        }
