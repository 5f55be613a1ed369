"""Screens for child protection (R-CH, R-GD, R-AS, R-AC-2…3): the ledger (台账) of civil
affairs, towns and villages, a child's file with its guardianship timeline, and the forms of
each kind of guardianship change and of the file's other records, generated from the API's
typed models with the law's preconditions shown up front.

The mandatory reports and the police's response are in ``api/web/reports.py``. Every page
calls the services the routes of ``api/routes/children.py`` call, with the signed-in
person's principal (ADR 0006 §2).
"""

from __future__ import annotations

from fastapi import APIRouter

from api.web.children import changes, file, ledger, register
from api.web.nav import entry
from domain.records.actors import Role

KEEPERS = (Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE)

router = APIRouter(include_in_schema=False)
# ``/children/new`` before ``/children/{child_id}``: a path is matched before it is parsed.
for part in (ledger.router, register.router, file.router, changes.router):
    router.include_router(part)

entry("/children", "儿童台账", *KEEPERS, Role.POLICE, order=10)
entry("/children/new", "登记儿童", *KEEPERS, order=12)
