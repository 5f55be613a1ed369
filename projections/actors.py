"""The directory of actors (DESIGN §5), for admins' list of actors: one document per actor.

Each document holds what the list shows and filters on — name, agency, jurisdiction, the
roles held (a role held back for a second admin's approval is ``pending_roles`` until it is
approved, R-AC-3), the standing (active, suspended, revoked, R-SV-4) and the enforcement
certificates recorded with their validity (持证上岗, R-EN-3) — and when the actor was
registered and last changed. Never a token or its hash. Actors are public servants acting in
office: their names are not the personal data the children's files seal (R-CH-4).
"""

from __future__ import annotations

from collections.abc import Iterator

from domain.proof.chain import Envelope
from projections.base import Docs

ACTORS = "actors"

STANDING = {
    "actors.Suspended": "suspended",
    "actors.Reinstated": "active",
    "actors.Revoked": "revoked",
}


class ActorDirectory:
    """One document per actor in collection ``actors``."""

    name = "actor_directory"
    version = 1
    types = frozenset(
        {
            "actors.Registered",
            "actors.RoleGranted",
            "actors.RoleGrantProposed",
            "actors.RoleGrantApproved",
            "actors.RoleGrantRejected",
            "actors.CertificateRecorded",
            *STANDING,
        }
    )

    def reads(self, e: Envelope) -> Iterator[tuple[str, str]]:
        """The actor's document, unless the event registers the actor."""
        if e.type != "actors.Registered":
            yield ACTORS, e.stream

    def apply(self, e: Envelope, position: int, docs: Docs) -> None:
        """Register an actor, or change its roles, standing or certificates."""
        d = e.data
        if e.type == "actors.Registered":
            docs.put(
                ACTORS,
                e.stream,
                {"actor_id": e.stream, "name": d["name"], "agency": d["agency"],
                 "jurisdiction": d["jurisdiction"], "roles": [d["role"]], "pending_roles": [],
                 "status": "active", "certificates": [], "registered_at": e.at,
                 "updated_at": e.at},
            )  # fmt: skip
            return
        doc = docs.get(ACTORS, e.stream)
        if doc is None:  # only if the store holds an actor's event without its registration
            return
        role = d.get("role")
        if e.type in ("actors.RoleGranted", "actors.RoleGrantApproved"):
            doc["roles"] = sorted({*doc["roles"], str(role)})
        if e.type == "actors.RoleGrantProposed":
            doc["pending_roles"] = sorted({*doc["pending_roles"], str(role)})
            if d["registration"]:  # the registration's role is held back until approved
                doc["roles"] = [r for r in doc["roles"] if r != role]
        elif e.type in ("actors.RoleGrantApproved", "actors.RoleGrantRejected"):
            doc["pending_roles"] = [r for r in doc["pending_roles"] if r != role]
        elif e.type == "actors.CertificateRecorded":
            doc["certificates"] = [*doc["certificates"], {"number": d["number"],
                                   "valid_from": d["valid_from"],
                                   "valid_until": d["valid_until"]}]  # fmt: skip
        elif e.type in STANDING:
            doc["status"] = STANDING[e.type]
        doc["updated_at"] = e.at
        docs.put(ACTORS, e.stream, doc)
