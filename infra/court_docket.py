"""What is before a court: the children's files it may open (R-GD-8).

A court reads the file of a child whose guardianship petition was filed in its area
(``ChildService._court_may_read``, from the same ``petitions_by_child`` documents of the
children's ledger). Its screens list those children so that the court can open a file at all:
numbers and dates only — never a name, which is personal data of the file (R-CH-4); opening the
file is a read, given a reason and recorded.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.records.actors import Role
from domain.records.jurisdiction import covers
from domain.records.reports import GuardianshipPetition
from infra.context import Context
from infra.principal import Principal, require_role

PETITIONS = "petitions_by_child"
"""The children's ledger's collection of each child's latest petition and its area."""


def petitions_before_court(app: Context, by: Principal) -> list[dict[str, Any]]:
    """Each child with a guardianship petition filed in the court's area, newest filing
    first: the file's and the petition's numbers, the petition's kind and date, and the
    ruling's outcome and date once ruled."""
    require_role(by, Role.COURT)
    views = app.views
    views.catch_up()
    found = []
    for doc in views.documents("children_ledger", PETITIONS):
        if not covers(by.jurisdiction, str(doc.get("area", ""))):
            continue
        petition = app.store.load(GuardianshipPetition, UUID(str(doc["petition_id"])))
        ruling = petition.ruling
        found.append(
            {"child_id": petition.child_id, "petition_id": str(petition.id),
             "kind": petition.kind.value, "filed_on": petition.filed_on.isoformat(),
             "outcome": None if ruling is None else ruling["outcome"],
             "ruled_on": None if ruling is None else ruling["ruled_on"]}
        )  # fmt: skip
    found.sort(key=lambda p: (p["filed_on"], p["petition_id"]), reverse=True)
    return found
