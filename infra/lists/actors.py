"""Admins' list of actors (``GET /v1/actors``, ``jianzheng actors list``), read from the actor
directory (``projections/actors.py``): who holds which role in which agency and area, and
their standing (DESIGN §5, R-AC-1, R-SV-4). Never a token. Admins only — over HTTP; the
console operator, who holds the store, lists them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.records.actors import Role, Status, jurisdiction_fits, parse_role
from domain.records.jurisdiction import check_division_code, covers
from infra.listing import Listing, Sort, check_choice, check_query, matches, search_key
from infra.principal import Principal, require_role
from infra.views import Views
from projections.actors import ACTORS

Doc = dict[str, Any]


@dataclass(frozen=True)
class ActorFilters:
    """Filters of the list: a ``role`` held in force, the ``agency`` exactly, the ``status``,
    an ``area`` covering the actor's jurisdiction, ``q``: part of the name."""

    role: str | None = None
    agency: str | None = None
    status: str | None = None
    area: str | None = None
    q: str | None = None


def actor_row(doc: Doc, on: date) -> Doc:
    """An actor as listed: roles in force and dormant ones (a level the jurisdiction does not
    fit, stored by an earlier version), and whether an enforcement certificate is valid today
    (持证上岗, R-EN-3)."""
    held = [Role(r) for r in doc["roles"]]
    in_force = [r.value for r in held if jurisdiction_fits(r, doc["jurisdiction"])]
    certified = any(
        c["valid_from"] <= on.isoformat() <= c["valid_until"] for c in doc["certificates"]
    )
    return {
        "actor_id": doc["actor_id"],
        "name": doc["name"],
        "agency": doc["agency"],
        "jurisdiction": doc["jurisdiction"],
        "roles": in_force,
        "dormant_roles": [r.value for r in held if r.value not in in_force],
        "pending_roles": doc["pending_roles"],
        "status": doc["status"],
        "certificate_valid_today": certified,
        "certificates": doc["certificates"],
        "registered_at": doc["registered_at"],
        "updated_at": doc["updated_at"],
    }


ACTOR_LIST: Listing[Doc] = Listing(
    "actors",
    [
        Sort("name", "姓名", lambda r: (search_key(r["name"]),), (str,), "asc"),
        Sort("registered", "登记时间", lambda r: (str(r["registered_at"]),), (str,), "desc"),
        Sort("agency", "所属机关", lambda r: (search_key(r["agency"]),), (str,), "asc"),
    ],
    id_of=lambda r: str(r["actor_id"]),
    default_sort="name",
)
"""Actors by name (Unicode order of the folded name), by registration, or by agency."""


def actor_rows(views: Views, by: Principal, f: ActorFilters, on: date) -> list[Doc]:
    """Every actor that passes ``f`` (admins; the console operator)."""
    require_role(by, Role.ADMIN)
    if f.area is not None:
        check_division_code(f.area, "area")
    if f.role is not None:
        parse_role(f.role)  # 422 unknown-role
    check_choice(f.status, Status, "status")
    query = check_query(f.q)
    rows = []
    for doc in views.documents("actor_directory", ACTORS):
        row = actor_row(doc, on)
        if (
            (f.role is None or f.role in row["roles"])
            and (f.agency is None or row["agency"] == f.agency)
            and (f.status is None or row["status"] == f.status)
            and (f.area is None or covers(f.area, str(row["jurisdiction"])))
            and matches(query, row["name"])
        ):
            rows.append(row)
    return rows
