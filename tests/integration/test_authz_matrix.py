"""Who may call what: every non-public route × every role × own or other agency and area.

The expected answers are a table written by hand from DESIGN §5, the domain rules and the
README's route tables — never computed from the code under test. ``Y`` means the caller is
let through, and with the valid body given here the request answers 2xx; ``.`` means it is
refused with 401 or 403 as ``application/problem+json`` and the store is unchanged
("A refused request changes nothing in the store"); evidence downloads refuse a caller who
may not read the evidence with 404 ``evidence-unknown`` instead (:data:`HIDDEN_PATHS`). A route added to the app without a row
here fails :func:`test_the_matrix_has_a_row_for_every_route`.

Subjects: the enforcement case belongs to 淄博市市场监督管理局 in 370303 (张店区) with two
assigned officers; the child lives in village 370303001001 (town 370303001, county 370303).
Each role has three callers: of the subject's agency in its area (``own``), of another agency
in the same area (``other-agency``), of another agency in another area (``other-area``). The
roles that act inside an agency (officer, legal reviewer, agency head) have a fourth: of the
case's agency, but with an area that does not cover the case (``own-agency-elsewhere``); and
an officer of the agency who is not assigned to the case is a fifth officer column.
The matrix runs on SQLite only: it tests authority, not storage.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from domain.records.file_review import checklist
from domain.records.staff import StaffRoster
from infra.application import OPERATOR, Jianzheng, Principal
from infra.clock import today
from infra.settings import Settings

PROBLEM = "application/problem+json"

AGENCY = "淄博市市场监督管理局"
OTHER_AGENCY = "淄博市另一行政机关"
CASE_AREA = "370303"
LOCATION = {"county": "370303", "town": "370303001", "village": "370303001001"}
CERTIFICATE = {"valid_from": "2020-01-01", "valid_until": "2035-12-31"}

ROLE_AREAS: dict[str, tuple[str, str]] = {
    "officer": ("370303", "370305"),
    "legal_reviewer": ("370303", "370305"),
    "agency_head": ("370303", "370305"),
    "oversight": ("370300", "370500"),
    "court": ("370303", "370305"),
    "civil_affairs": ("370303", "370305"),
    "town_office": ("370303001", "370305001"),
    "village_committee": ("370303001001", "370305001001"),
    "police": ("370303", "370305"),
    "reporter": ("370303001001", "370305001001"),
}
"""Each role's own area (covering the case and the child) and an area that covers neither."""

VARIANTS = ("own", "other-agency", "other-area")
AGENCY_VARIANTS = (*VARIANTS, "own-agency-elsewhere")
"""Roles that act inside an agency also have a caller of the agency whose area is elsewhere."""
AGENCY_ROLES = ("officer", "legal_reviewer", "agency_head")

# -- the table ------------------------------------------------------------------------------

COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("officer", (*AGENCY_VARIANTS, "unassigned")),
    ("legal_reviewer", AGENCY_VARIANTS),
    ("agency_head", AGENCY_VARIANTS),
    *((role, VARIANTS) for role in list(ROLE_AREAS)[3:]),
    ("admin", ("all-areas",)),
    ("anonymous", ("no-token",)),
]
"""The table's column groups, in order: one mark per caller of the group."""

# The table below is wider than a line on purpose: one row per route, one mark per caller.
# ruff: noqa: E501
MATRIX = """
route                                                     off.. rev. hed. ovs crt civ twn vil pol rep a -
GET  /v1/me                                               YYYYY YYYY YYYY YYY YYY YYY YYY YYY YYY YYY Y .
POST /v1/actors                                           ..... .... .... ... ... ... ... ... ... ... Y .
GET  /v1/actors                                           ..... .... .... ... ... ... ... ... ... ... Y .
GET  /v1/actors/{actor_id}                                ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/certificates                   ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/legal-qualifications           ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/prior-review-service           ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/roles                          ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/roles                          ..... .... .... ... ... ... ... ... ... ... Y .  child-role
POST /v1/actors/{actor_id}/role-proposals/{proposal_id}/approval ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/role-proposals/{proposal_id}/rejection ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/suspension                     ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/reinstatement                  ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/revocation                     ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/sanctions                      ..... .... .... YY. ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/tokens                         ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/tokens/{token_id}/revocation   ..... .... .... ... ... ... ... ... ... ... Y .
POST /v1/actors/{actor_id}/tokens/{token_id}/revocation   YYYYY YYYY YYYY YYY YYY YYY YYY YYY YYY YYY Y .  own-token
GET  /v1/verification                                     ..... .... .... YYY ... ... ... ... ... ... Y .
GET  /v1/catalogue                                        YYYYY YYYY YYYY YYY YYY YYY YYY YYY YYY YYY Y .
GET  /v1/law/guardianship-kinds                            YYYYY YYYY YYYY YYY YYY YYY YYY YYY YYY YYY Y .
GET  /v1/law/assessment-criteria                           YYYYY YYYY YYYY YYY YYY YYY YYY YYY YYY YYY Y .
GET  /v1/vocabularies                                     YYYYY YYYY YYYY YYY YYY YYY YYY YYY YYY YYY Y .
POST /v1/catalogue/proposals                              ..... YY.. .... ... ... ... ... ... ... ... . .
GET  /v1/catalogue/agencies/{catalogue_id}                YYYYY YYYY YYYY YYY YYY YYY YYY YYY YYY YYY Y .
POST /v1/catalogue/agencies/{catalogue_id}/proposals/{proposal_id}/approval  ..... Y... .... ... ... ... ... ... ... ... . .
POST /v1/catalogue/agencies/{catalogue_id}/proposals/{proposal_id}/rejection ..... Y... .... ... ... ... ... ... ... ... . .
POST /v1/evidence                                         Y...Y .... .... ... ... ... ... ... ... ... . .  case
POST /v1/evidence                                         ..... .... .... ... ... YY. YY. YY. YY. ... . .  child
GET  /v1/evidence/{sha256}                                Y...Y Y... Y... YY. YY. ... ... ... ... ... . .  case
GET  /v1/evidence/{sha256}                                ..... .... .... YY. ... YY. YY. YY. YY. ... . .  child
GET  /v1/evidence/{sha256}                                ..... .... .... YY. YY. YY. YY. YY. YY. ... . .  petitioned-child
POST /v1/evidence/{sha256}/reads                          Y...Y Y... Y... YY. YY. ... ... ... ... ... . .  case
POST /v1/evidence/{sha256}/reads                          ..... .... .... YY. ... YY. YY. YY. YY. ... . .  child
POST /v1/evidence/{sha256}/reads                          ..... .... .... YY. YY. YY. YY. YY. YY. ... . .  petitioned-child
POST /v1/cases                                            Y...Y .... .... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/officers                         Y.... .... .... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/steps                            Y.... .... .... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/drafts                           Y.... .... .... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/reviews                          Y.... .... .... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/reviews/{review_id}/opinion      ..... Y... .... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/collective-discussions           ..... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/decision                         ..... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/publication                      Y...Y .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/closure                          Y.... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/no-penalty                       ..... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/withdrawal                       ..... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/transfer                         ..... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/decision-deadline/extensions     ..... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/service                          Y.... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/publication-exemption            ..... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/execution                        Y.... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/set-aside                        ..... .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/publication/withdrawal           Y...Y .... Y... ... ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/file-reviews                     ..... .... .... YY. ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/complaints                       ..... .... .... YY. ... ... ... ... ... ... . .
POST /v1/cases/{case_id}/scored-file-reviews              ..... .... .... YY. ... ... ... ... ... ... . .
GET  /v1/cases                                            YYYYY YYYY YYYY YYY YYY ... ... ... ... ... Y .
GET  /v1/cases/{case_id}                                  Y...Y Y... Y... YY. YY. ... ... ... ... ... Y .
GET  /v1/cases/{case_id}/events                           Y...Y Y... Y... YY. YY. ... ... ... ... ... Y .
GET  /v1/cases/{case_id}/bundle                           Y...Y Y... Y... YY. YY. ... ... ... ... ... Y .
GET  /v1/cases/{case_id}/dossier.pdf                      Y...Y Y... Y... YY. YY. ... ... ... ... ... Y .
GET  /v1/oversight/reviews                                ..... .... .... YYY ... ... ... ... ... ... Y .
GET  /v1/reviews                                          ..... YYYY .... ... ... ... ... ... ... ... . .
GET  /v1/oversight/blocked-decisions                      ..... .... .... YYY ... ... ... ... ... ... Y .
GET  /v1/oversight/publications                           ..... .... .... YYY ... ... ... ... ... ... Y .
GET  /v1/oversight/catalogue-revisions                    ..... .... .... YYY ... ... ... ... ... ... Y .
GET  /v1/oversight/role-grants                            ..... .... .... YYY ... ... ... ... ... ... Y .
GET  /v1/oversight/complaints                             ..... .... .... YYY ... ... ... ... ... ... Y .
GET  /v1/oversight/file-review-checklist                  YYYYY YYYY YYYY YYY YYY YYY YYY YYY YYY YYY Y .
POST /v1/complaints                                       ..... .... .... YY. ... ... ... ... ... ... . .
GET  /v1/complaints/{complaint_id}                        ..... .... .... YY. ... ... ... ... ... ... Y .
POST /v1/complaints/{complaint_id}/assignment             ..... .... .... YY. ... ... ... ... ... ... . .
POST /v1/complaints/{complaint_id}/findings               ..... .... .... YY. ... ... ... ... ... ... . .
POST /v1/complaints/{complaint_id}/outcome                ..... .... .... YY. ... ... ... ... ... ... . .
POST /v1/complaints/{complaint_id}/reply                  ..... .... .... YY. ... ... ... ... ... ... . .
GET  /v1/oversight/deadlines                              ..... .... .... YYY ... ... ... ... ... ... Y .
POST /v1/children                                         ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/guardianship                 ..... .... .... ... ... YY. ... ... YY. ... . .  temporary
POST /v1/children/{child_id}/guardianship                 ..... .... .... ... ... ... YY. ... ... ... . .  appointed
POST /v1/children/{child_id}/guardianship                 ..... .... .... ... ... YY. ... ... ... ... . .  institutional
POST /v1/children/{child_id}/categories                   ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/left-behind                  ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/left-behind/exit             ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/assessments                  ..... .... .... ... ... ... YY. ... ... ... . .
POST /v1/children/{child_id}/helpers                      ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/visits                       ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/key-child                    ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/moves                        ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/corrections                  ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/schooling                    ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/children/{child_id}/capacity                     ..... .... .... ... ... YY. YY. YY. ... ... . .
GET  /v1/children/allowance-due                           ..... .... .... YYY ... YYY YYY YYY YYY ... . .
GET  /v1/children                                         ..... .... .... YYY ... YYY YYY YYY YYY ... . .
GET  /v1/children/alerts                                  ..... .... .... YYY ... YYY YYY YYY YYY ... . .
GET  /v1/children/guardian-bar-refusals                   ..... .... .... YYY ... YYY ... ... ... ... . .
GET  /v1/children/{child_id}                              ..... .... .... YY. YY. YY. YY. YY. YY. ... . .  petitioned
GET  /v1/children/{child_id}                              ..... .... .... YY. ... YY. YY. YY. YY. ... . .  no-petition
GET  /v1/court/children/{child_id}/bundle                 ..... .... .... ... YY. ... ... ... ... ... . .  petitioned
GET  /v1/court/children/{child_id}/bundle                 ..... .... .... ... ... ... ... ... ... ... . .  no-petition
POST /v1/reports                                          ..... .... .... ... ... ... ... YY. YY. YYY . .
POST /v1/reports/{report_id}/child                        ..... .... .... ... ... YY. YY. YY. YY. ... . .
POST /v1/reports/{report_id}/police-response              ..... .... .... ... ... ... ... ... YY. ... . .
POST /v1/reports/{report_id}/town-informed                ..... .... .... ... ... ... ... ... YY. ... . .
POST /v1/reports/{report_id}/town-arrangement             ..... .... .... ... ... ... YY. ... ... ... . .
POST /v1/reports/{report_id}/closure                      ..... .... .... ... ... ... YY. ... YY. ... . .
GET  /v1/reports                                          ..... .... .... YYY ... YYY YYY YYY YYY ... . .
GET  /v1/reports/{report_id}                              ..... .... .... YY. ... YY. YY. YY. YY. ... . .
POST /v1/reports/{report_id}/failures-to-report           ..... .... .... ... ... YY. ... ... YY. ... . .
POST /v1/reports/{report_id}/commendation                 ..... .... .... ... ... YY. YY. ... ... ... . .
GET  /v1/reports/duty                                     ..... .... .... YYY ... YYY ... ... ... ... . .
POST /v1/detentions                                       ..... .... .... ... ... ... ... ... YY. ... . .
GET  /v1/detentions/{detention_id}                        ..... .... .... YY. YY. YY. YY. YY. YY. ... . .  petitioned
GET  /v1/detentions/{detention_id}                        ..... .... .... YY. ... YY. YY. YY. YY. ... . .  no-petition
GET  /v1/staff/inbox                                      ..... .... .... ... ... ... YY. YY. ... ... . .
GET  /v1/staff/{area}                                     ..... .... .... YY. ... YY. YY. YY. YY. ... . .
POST /v1/staff/{area}/appointments                        ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/staff/{area}/appointments/{appointment_no}/end   ..... .... .... ... ... YY. YY. YY. ... ... . .
POST /v1/petitions                                        ..... .... .... ... YY. YY. YY. YY. ... ... . .
POST /v1/petitions/{petition_id}/ruling                   ..... .... .... ... YY. ... ... ... ... ... . .
"""
"""Rows: method, path, one mark group per column of :data:`COLUMNS`, and an optional
situation when one route has several rows.

Where the sources are terse, the row follows their literal words:

* vocabularies: any actor reads the codes and their labels, as the catalogue.
* actors: admin only, except ``/v1/me`` (any actor) and revoking one's own token (README).
  A role that opens children's files is only proposed by the granting admin (``child-role``)
  and approved or rejected by another admin (README: "the approval step"); the table's
  admin decides proposals made by a second admin of the stage hands.
* the role-grant feed: "oversight, admin", oversight of any area (each sees its own area's
  grants and the deployment-wide admins', so no caller is refused for its area).
* evidence: uploaded by those who record what it is for (README): an officer of the case's
  agency and area (assigned or not: the upload records nothing in the case), or the civil
  affairs, town, village committee or police of the child's area; not courts, oversight,
  reviewers, heads, admins or reporters (a report carries no attachments).
* evidence downloads and read tickets (docs/evidence.md): read as what it was uploaded for is
  read — a case's evidence as the case (its agency's officers, reviewers and heads of an
  area covering it; court and oversight of the case's area), a child's document as the
  child's file (the area's staff, police and oversight; a court only of a child with a
  petition) — never by reporters or admins (403); any other caller gets 404
  ``evidence-unknown``, the answer for a hash never uploaded.
* catalogue: "any actor" reads it; each agency's legal office — a legal reviewer of that
  agency whose area covers the catalogue's jurisdiction — proposes a version of its own
  agency's catalogue (so a reviewer of another agency in the area proposes for that agency,
  and is let through), and another reviewer of the office approves or rejects it; admins
  have no part in it (R-LR-10). Opinions on a case's drafts: only the legal office of the
  case's agency (R-LR-5).
* cases: "officer of the case" for officers, steps, drafts, reviews and closure; "officer or
  head" (of the agency) for publication; the agency head decides; "agency, reviewers,
  oversight, court, admin" read, oversight and court only in their area; legal reviewers
  review and read only the cases of their own agency's legal office (R-LR-5). "Each actor
  belongs to an agency and a jurisdiction; authority is checked against both" (DESIGN §5): an actor of the case's agency whose area
  does not cover the case acts on it and reads it no more than an outsider.
* oversight (R-SV): complaints are received, read and assigned by oversight whose area
  covers them (the admin reads them, without the complainant); findings, outcome and reply
  are the assigned handler's (each caller let through handles a complaint assigned to it);
  sanctions on an officer by oversight covering the officer's area, or the admin; a scored
  case-file review as the unscored one; the queue as the other oversight queues; the
  review checklist, like the catalogue, to any actor.
* lists (issue 14): the list of cases is for every role that may open some case — the
  agency's officers, reviewers and heads, courts, oversight, the admin — each let through and
  shown only the cases it could open (callers of another agency or area get an empty list);
  roles that open no case are refused. A legal office's review queue is for legal reviewers
  (of any agency: each sees its own office's); the list of actors is the admin's.
* children: "area authority" is the village committee, town office, civil affairs and police
  of the child's area, with oversight seeing its area and a court the children of petitions
  in its area (README); the admin is not among them. Lists (ledger, alerts, pipeline) filter
  by area, so callers of another area are let through and see nothing of this child.
* a child's court bundle (R-GD-8): only a court seized of a petition about the child, filed
  while the child lived in the court's area; nobody else, admin included (docs/courts.md).
* guardianship: by kind (temporary: police or civil affairs; appointed: the town;
  institutional: civil affairs). Reports: filed by reporters, village committees and police
  (wherever the reporter is); the pipeline by "police; town"; petitions by "civil affairs,
  village, town"; rulings by the court.
* reporting duty (docs/child-protection-staff.md): failures to report are found by the police
  or civil affairs of the report's area, commendations given by civil affairs or the town; the
  duty list is read by oversight and civil affairs (filtered by area). A parent's detention
  is recorded by the police of the child's area and read by the child's area's staff (and the
  police who recorded it, a stage hand here); other departments read it as they read the
  child's file, with a reason, recorded (R-GD-7, R-AC-3): the police and oversight of the
  child's area, a court of a petition about the child.
* staff rosters (R-AC-2): civil affairs, the town and the village committee of the area
  appoint and end appointments; the area's child-protection chain, police and oversight read
  the roster; the inbox is for actors named to a post (the callers of the town and village
  whose areas the stage hands named them to).
"""


@dataclass(frozen=True)
class Caller:
    """One column of the table."""

    role: str
    variant: str

    @property
    def key(self) -> str:
        return f"{self.role}/{self.variant}"


CALLERS = [Caller(role, variant) for role, variants in COLUMNS for variant in variants]


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    method: str
    path: str
    situation: str
    allowed: frozenset[str]

    @property
    def label(self) -> str:
        base = f"{self.method} {self.path}"
        return f"{base} ({self.situation})" if self.situation else base


def parse_matrix(text: str) -> list[Row]:
    """The rows of :data:`MATRIX`, each mark checked against the columns."""
    widths = [len(variants) for _, variants in COLUMNS]
    rows = []
    for line in text.strip().splitlines()[1:]:
        method, path, *rest = line.split()
        marks, extra = rest[: len(widths)], rest[len(widths) :]
        assert [len(m) for m in marks] == widths, f"marks of {method} {path}"
        assert all(c in "Y." for c in "".join(marks)), f"marks of {method} {path}"
        allowed = {
            f"{role}/{variant}"
            for (role, variants), group in zip(COLUMNS, marks, strict=True)
            for variant, mark in zip(variants, group, strict=True)
            if mark == "Y"
        }
        rows.append(Row(method, path, " ".join(extra), frozenset(allowed)))
    return rows


ROWS = parse_matrix(MATRIX)

HIDDEN_PATHS = frozenset({"/v1/evidence/{sha256}", "/v1/evidence/{sha256}/reads"})
"""Routes that refuse a caller of a reading role who may not read the evidence as if it did
not exist (404 ``evidence-unknown``): anyone holding a file can compute its hash, so 403
would confirm what the store holds (docs/evidence.md)."""

PUBLIC_PREFIXES = ("/healthz", "/v1/log/", "/docs", "/redoc", "/openapi.json", "/verify")
"""Public routes: liveness, the transparency log, the API documentation, and the in-browser
bundle verifier (a static page that holds no data)."""


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(method, path) of every route of the app, included routers flattened."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before lazily included routers
        routes: list[Any] = list(app.routes)
    else:
        routes = list(iter_route_contexts(app.routes))
    return {
        (method, route.path)
        for route in routes
        for method in (getattr(route, "methods", None) or ())
        if method != "HEAD"
    }


# -- the world: one store, its callers, stage hands and subjects ---------------------------


@dataclass(frozen=True)
class Call:
    """One HTTP request."""

    method: str
    url: str
    body: Any = None
    params: dict[str, str] | None = None
    raw: bytes | None = None
    content_type: str | None = None


def sha(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


_serial = itertools.count(1)


@dataclass
class World:
    """The store, a client of the API, the callers and the stage hands who set the scene."""

    jz: Jianzheng
    client: TestClient
    principals: dict[str, Principal] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)

    def enrol(self, key: str, role: str, agency: str, area: str, **extra: str) -> Principal:
        """Register an actor as the console operator and keep its principal and token."""
        if "certificate" in extra:  # each actor its own number: one number, one person (R-SV-4)
            extra = {**extra, "certificate": f"{extra['certificate']}-{key}"}
        registered = self.jz.register_actor(
            OPERATOR, name=key, role=role, agency=agency, jurisdiction=area, **extra
        )
        self.principals[key] = Principal.of(registered.actor)
        self.tokens[key] = registered.token
        if role == "legal_reviewer":  # penalty reviewers hold 法律职业资格 (R-LR-5)
            self.jz.record_legal_qualification(
                OPERATOR, registered.actor.id, number=f"A{key}", obtained_on="2019-03-01"
            )
        return self.principals[key]

    def headers(self, caller: Caller) -> dict[str, str]:
        token = self.tokens.get(caller.key)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def actor_id(self, key: str) -> str:
        return self.principals[key].actor_id

    # targets: fresh ones for requests that should succeed, shared ones for refusals

    def target(self, name: str, fresh: bool) -> Any:
        if fresh:
            return getattr(self, f"make_{name}")()
        if name not in self.shared:
            self.shared[name] = getattr(self, f"make_{name}")()
        return self.shared[name]

    @property
    def officer(self) -> Principal:
        return self.principals["officer/own"]

    def make_actor(self) -> str:
        registered = self.jz.register_actor(
            OPERATOR, name=f"对象{next(_serial)}", role="officer", agency=AGENCY,
            jurisdiction=CASE_AREA, certificate=f"鲁执-{next(_serial)}", **CERTIFICATE,
        )  # fmt: skip
        return str(registered.actor.id)

    def make_suspended_actor(self) -> str:
        actor_id = self.make_actor()
        self.jz.suspend_actor(OPERATOR, UUID(actor_id), "暂扣执法证")
        return actor_id

    def make_token(self) -> tuple[str, str]:
        actor_id = self.make_actor()
        _, token_id, _ = self.jz.issue_token(OPERATOR, UUID(actor_id))
        return actor_id, token_id

    def make_proposal(self) -> tuple[str, str]:
        actor_id = self.make_actor()
        grant = self.jz.grant_role(self.principals["setup-admin"], UUID(actor_id), "police")
        assert grant.proposal_id is not None
        return actor_id, grant.proposal_id

    def make_case(self) -> str:
        case, _ = self.jz.cases.open_case(
            self.officer, action_type="penalty", title="某餐馆无证经营案", agency=AGENCY,
            jurisdiction=CASE_AREA, officers=[self.officer.actor_id, self.actor_id("partner")],
            party={"kind": "person", "name": "刘某"},
        )  # fmt: skip
        return str(case.id)

    def make_drafted_case(self) -> tuple[str, str]:
        """A case whose officers informed the party (R-EN-4), with a minor draft."""
        case_id = self.make_case()
        self.jz.cases.record_step(
            self.officer, UUID(case_id), kind="credentials_shown", summary="出示执法证件，告知",
            evidence=[], touches=[], full_process_recording=None, present=[], occurred_at=None,
        )  # fmt: skip
        hashed, _, _ = self.jz.cases.submit_draft(self.officer, UUID(case_id), MINOR_DRAFT)
        return case_id, hashed

    def make_reviewed_case(self) -> tuple[str, str]:
        case_id, hashed = self.make_drafted_case()
        review_id, _ = self.jz.cases.request_review(self.officer, UUID(case_id), hashed)
        return case_id, review_id

    def make_decided_case(self) -> str:
        case_id, hashed = self.make_drafted_case()
        self.jz.cases.decide(self.principals["setup-head"], UUID(case_id), hashed)
        return case_id

    def make_closable_case(self) -> str:
        """A decided case (a warning) served, published and with nothing to execute."""
        case_id = UUID(self.make_decided_case())
        life = self.jz.cases.lifecycle
        life.record_service(self.officer, case_id, method="on_the_spot", documents=[])
        self.jz.cases.publish(self.officer, case_id, channel="公示平台", summary="警告")
        life.record_execution(
            self.officer, case_id, status="nothing_to_execute", note="警告", documents=[]
        )
        return str(case_id)

    def make_withdrawable_case(self) -> str:
        """A published decision revoked by the agency head: its withdrawal is due (R-PB-2)."""
        case_id = self.make_decided_case()
        self.jz.cases.publish(self.officer, UUID(case_id), channel="公示平台", summary="警告")
        self.jz.cases.lifecycle.set_aside(
            self.principals["setup-head"], UUID(case_id), how="revoked",
            authority="agency_head", reference=None,
        )  # fmt: skip
        return case_id

    def make_child(self) -> str:
        child, _ = self.jz.children.register(self.principals["setup-village"], **new_child())
        return str(child.id)

    def make_case_evidence(self) -> str:
        """A photo uploaded by the case's officer for a new case; its SHA-256."""
        from tests.integration.casekit import upload

        data = b"\xff\xd8\xff photo " + uuid.uuid4().bytes
        return upload(self.jz, self.officer, data, "image/jpeg", case_id=UUID(self.make_case()))

    def make_child_evidence(self, child_id: str | None = None) -> str:
        """A document uploaded by the village committee for a new child's file; its SHA-256."""
        from tests.integration.casekit import upload

        data = b"%PDF-1.4 " + uuid.uuid4().bytes
        child = UUID(child_id or self.make_child())
        return upload(self.jz, self.principals["setup-village"], data, "application/pdf",
                      child_id=child)  # fmt: skip

    def make_petitioned_child_evidence(self) -> str:
        return self.make_child_evidence(self.make_petitioned_child())

    def make_unguarded_child(self) -> str:
        """A child whose file shows nobody guarding it: civil affairs may take it in (第32条)."""
        child_id = self.make_child()
        self.jz.children.guardianship(
            self.principals["setup-police"], UUID(child_id), "absent",
            effective_on="2026-11-19", reason="父母双亡", report_id=None,
        )  # fmt: skip
        return child_id

    def make_left_behind_child(self) -> str:
        child_id = self.make_child()
        self.jz.children.child_command(
            self.principals["setup-village"], UUID(child_id), "enter_left_behind",
            entered_on="2026-03-02", parents={"father": "away", "mother": "away"},
        )  # fmt: skip
        return child_id

    def make_petition(self) -> str:
        petition, _ = self.jz.children.file_petition(
            self.principals["setup-civil"], **new_petition(self.make_child())
        )
        return str(petition.id)

    def make_petitioned_child(self) -> str:
        child_id = self.make_child()
        self.jz.children.file_petition(self.principals["setup-civil"], **new_petition(child_id))
        return child_id

    def make_report(self) -> str:
        report, _ = self.jz.children.file_report(
            self.principals["setup-school"], **new_report(child_id=self.make_child())
        )
        return str(report.id)

    def make_unidentified_report(self) -> str:
        report, _ = self.jz.children.file_report(
            self.principals["setup-school"],
            **new_report(unidentified_child={"apparent_age": 9}, area=LOCATION["village"]),
        )
        return str(report.id)

    def make_responded_report(self) -> str:
        report_id = self.make_report()
        self.jz.children.report_command(
            self.principals["setup-police"], UUID(report_id), "record_police_response",
            **POLICE_RESPONSE,
        )  # fmt: skip
        return report_id

    def make_informed_report(self) -> str:
        report_id = self.make_responded_report()
        self.jz.children.report_command(
            self.principals["setup-police"], UUID(report_id), "record_town_informed",
            **TOWN_INFORMED,
        )  # fmt: skip
        return report_id

    def make_catalogue_proposal(self) -> tuple[str, str]:
        """A pending proposal for the case agency's catalogue in the case's area, made by the
        office's stage-hand reviewer (same rules as the baseline)."""
        catalogue, proposal_id, _ = self.jz.catalogues.propose(
            self.principals["setup-reviewer"], jurisdiction=CASE_AREA,
            data=self.jz.catalogue().data, note="复核目录，内容不变",
        )  # fmt: skip
        return str(catalogue.id), proposal_id

    def make_commendable_report(self) -> str:
        """A report by a citizen, received by the police and acted on (C5: commended)."""
        report, _ = self.jz.children.file_report(
            self.principals["setup-police"],
            **new_report(child_id=self.make_child(), institution_kind="citizen"),
        )
        self.jz.children.report_command(
            self.principals["setup-police"], report.id, "record_police_response",
            **POLICE_RESPONSE,
        )  # fmt: skip
        return str(report.id)

    def make_detention(self) -> str:
        detention, _ = self.jz.detentions.record(
            self.principals["setup-police"], **new_detention(self.make_child())
        )
        return str(detention.id)

    def make_petitioned_detention(self) -> str:
        """A detention of a parent of a child with a petition filed in the courts' area."""
        detention, _ = self.jz.detentions.record(
            self.principals["setup-police"], **new_detention(self.make_petitioned_child())
        )
        return str(detention.id)

    def make_staff_member(self) -> str:
        """A village committee member of the location's village, not yet on its roster."""
        registered = self.jz.register_actor(
            OPERATOR, name=f"联络员{next(_serial)}", role="village_committee", agency="某村委会",
            jurisdiction=LOCATION["village"],
        )  # fmt: skip
        return str(registered.actor.id)

    def make_appointment(self) -> int:
        """An appointment in force on the village's roster, made by civil affairs."""
        self.jz.staff.appoint(
            self.principals["setup-civil"], LOCATION["village"],
            **new_appointment(self.make_staff_member()),
        )  # fmt: skip
        roster = self.jz.store.load(StaffRoster, StaffRoster.create_id(LOCATION["village"]))
        return int(roster.appointments[-1]["appointment_no"])

    def make_complaint(self) -> str:
        complaint, _ = self.jz.complaints.receive(
            self.principals["oversight/own"], channel="letter", complainant={"name": "刘某某"},
            summary="执法人员态度粗暴", jurisdiction=CASE_AREA,
        )  # fmt: skip
        return str(complaint.id)

    def make_handled_complaint(self, caller: Caller, upto: str) -> str:
        """A complaint assigned to the caller if it is oversight of the area (else to the
        stage's oversight), taken up to ``upto`` (assigned, investigated, concluded)."""
        key = caller.key if caller.key in ("oversight/own", "oversight/other-agency") else (
            "oversight/own"
        )  # fmt: skip
        complaint_id = self.make_complaint()
        ovs, handler = self.principals["oversight/own"], self.principals[key]
        self.jz.complaints.assign(ovs, UUID(complaint_id), handler.actor_id)
        if upto in ("investigated", "concluded"):
            self.jz.complaints.record_findings(handler, UUID(complaint_id), "查明属实")
        if upto == "concluded":
            self.jz.complaints.conclude(
                handler, UUID(complaint_id), outcome="substantiated", reason="责令改正"
            )
        return complaint_id

    def make_sanctionable_officer(self) -> tuple[str, str, str]:
        """An officer of a case whose file review deducted points: (actor, case, review)."""
        officer_id = self.make_actor()
        case, _ = self.jz.cases.open_case(
            self.officer, action_type="penalty", title="某商店无照经营案", agency=AGENCY,
            jurisdiction=CASE_AREA, officers=[self.officer.actor_id, officer_id],
            party={"kind": "person", "name": "周某"},
        )  # fmt: skip
        review_id, _, _ = self.jz.case_oversight.score_file(
            self.principals["oversight/own"], case.id, items=file_scores()
        )
        return officer_id, str(case.id), review_id

    def make_arranged_report(self) -> str:
        report_id = self.make_informed_report()
        self.jz.children.report_command(
            self.principals["setup-town"], UUID(report_id), "record_town_arrangement",
            **TOWN_ARRANGEMENT,
        )  # fmt: skip
        return report_id


MINOR_DRAFT: dict[str, Any] = {
    "measures": ["warning"],
    "fine_fen": 0,
    "confiscation_fen": 0,
    "facts": "经查，当事人未取得许可从事餐饮服务。",
    "legal_basis": "《食品安全法》第一百二十二条",
    "discretion": "",
    "flags": [],
}
POLICE_RESPONSE: dict[str, Any] = {
    "responded_at": "2026-11-20T09:00:00Z",
    "actions": ["admonish_parents", "order_parents_return"],
    "parents_reached": True,
}
TOWN_INFORMED = {"town": LOCATION["town"], "informed_at": "2026-11-20T10:00:00Z"}
TOWN_ARRANGEMENT: dict[str, Any] = {
    "departments": ["civil_affairs", "education"],
    "assessment": {"safety": "安全", "guardianship": "父母已返回", "health": "良好"},
    "measures": ["guardianship_guidance"],
    "arranged_on": "2026-11-21",
}
REVIEW_ITEMS: dict[str, Any] = {
    name: {"ok": True, "note": "核查无误"}
    for name in ("subject", "jurisdiction", "procedure", "facts", "discretion", "law_application",
                 "qualification", "evidence", "documents")
} | {"crime_transfer": {"ok": True, "note": "未发现涉嫌犯罪", "crime_suspected": False}}  # fmt: skip


def file_scores() -> dict[str, Any]:
    """Every checklist item scored, the documents with a deduction (R-SV-1)."""
    return {
        item.code: {"points": item.max_points - (2 if item.code == "documents_standard" else 0),
                    "finding": "文书不规范" if item.code == "documents_standard" else "符合要求"}
        for item in checklist()
    }  # fmt: skip


def new_child() -> dict[str, Any]:
    n = next(_serial)  # each registration is another child: its own ID number (R-CH-1)
    return {
        "personal": {"name": f"王小{n}", "id_number": f"370303201405{n % 100_000:05d}X"},
        "birth_date": "2014-05-17",
        "sex": "male",
        "location": dict(LOCATION),
        "categories": ["poverty_life"],
        "registered_on": "2026-03-01",
        "guardian": {"name": "王大山", "relation": "father"},
    }


def new_report(**subject: Any) -> dict[str, Any]:
    return {
        "reporter": {"name": "张老师", "unit": "某村小学"},
        "institution_kind": "school",
        "situations": ["living_alone"],
        "noticed_at": "2026-11-20T08:00:00Z",
        "reported_at": "2026-11-20T08:30:00Z",
        "summary": "学生连续三天独自在家",
        **subject,
    }


def new_detention(child_id: str) -> dict[str, Any]:
    return {
        "child_id": child_id,
        "parent": "father",
        "measure": "administrative_detention",
        "detained_at": "2026-11-20T15:00:00Z",
        "needs_care": True,
        "care": {"receiver": {"name": "钱近亲", "relation": "relative"},
                 "handover_sha256": sha(6)},
        "legal_basis": "治安管理处罚法; C4",
    }  # fmt: skip


def new_appointment(staff_actor: str) -> dict[str, Any]:
    return {
        "staff_actor": staff_actor,
        "title": "child_care_liaison",
        "from_on": "2026-01-01",
        "basis": "张店区民政局〔2026〕5号",
    }


def new_petition(child_id: str) -> dict[str, Any]:
    return {
        "kind": "revoke",
        "child_id": child_id,
        "applicant": {"kind": "civil_affairs", "name": "张店区民政局"},
        "guardian_concerned": {"name": "王大山", "relation": "father"},
        "filed_on": "2026-11-22",
        "grounds": ["unsupervised_in_danger"],
        "particulars": {"refused_correction": True},
        "report_id": None,
    }


# -- the requests, one builder per row --------------------------------------------------------

Target = Callable[[str], Any]
Builder = Callable[[World, Caller, Target], Call]
"""A row's request for one caller; ``Target(name)`` gives the subject it acts on."""

REASON = {"reason": "(2026)鲁0303行初12号 / 专项督查"}


def post(path: str, body: Any = None, **targets: str) -> Builder:
    """POST ``path``, whose ``{placeholders}`` name the targets to fill in."""

    def build(w: World, c: Caller, t: Target) -> Call:
        return Call("POST", path.format(**{k: t(v) for k, v in targets.items()}), body)

    return build


def get(path: str, params: dict[str, str] | None = None, **targets: str) -> Builder:
    """GET ``path``, whose ``{placeholders}`` name the targets to fill in."""

    def build(w: World, c: Caller, t: Target) -> Call:
        url = path.format(**{k: t(v) for k, v in targets.items()})
        return Call("GET", url, params=params)

    return build


def revoke_another_token(w: World, c: Caller, t: Target) -> Call:
    actor_id, token_id = t("token")
    return Call("POST", f"/v1/actors/{actor_id}/tokens/{token_id}/revocation", {"reason": "丢失"})


def revoke_own_token(w: World, c: Caller, t: Target) -> Call:
    """The caller revokes a spare token of its own (not the one it authenticates with)."""
    if c.key not in w.principals:
        return revoke_another_token(w, c, t)
    actor_id = w.actor_id(c.key)
    _, token_id, _ = w.jz.issue_token(OPERATOR, UUID(actor_id))
    return Call("POST", f"/v1/actors/{actor_id}/tokens/{token_id}/revocation", {"reason": "丢失"})


def decide_proposal(decision: str, body: Any = None) -> Builder:
    """Approve or reject a grant of ``police`` proposed by the stage hands' admin."""

    def build(w: World, c: Caller, t: Target) -> Call:
        actor_id, proposal_id = t("proposal")
        url = f"/v1/actors/{actor_id}/role-proposals/{proposal_id}/{decision}"
        return Call("POST", url, body)

    return build


def complaint_step(step: str, upto: str, body: dict[str, Any]) -> Builder:
    """A handler's step on a complaint assigned to the caller (or to the stage's oversight)."""

    def build(w: World, c: Caller, t: Target) -> Call:
        complaint_id = w.make_handled_complaint(c, upto)
        return Call("POST", f"/v1/complaints/{complaint_id}/{step}", body)

    return build


def assign_complaint(w: World, c: Caller, t: Target) -> Call:
    """The complaint's handler hands it on (only the receiver or the handler now assigns,
    R-SV-3): a complaint assigned to the caller if it is oversight of the area, else to the
    stage's oversight; handed to the other oversight actor of the area."""
    complaint_id = w.make_handled_complaint(c, "assigned")
    other = "oversight/own" if c.key == "oversight/other-agency" else "oversight/other-agency"
    body = {"assignee": w.actor_id(other)}
    return Call("POST", f"/v1/complaints/{complaint_id}/assignment", body)


def sanction_officer(w: World, c: Caller, t: Target) -> Call:
    officer_id, case_id, review_id = t("sanctionable_officer")
    body = {
        "kind": "public_criticism", "reason": "文书不规范，通报批评",
        "basis": {"kind": "file_review", "case_id": case_id, "review_id": review_id},
    }  # fmt: skip
    return Call("POST", f"/v1/actors/{officer_id}/sanctions", body)


def open_case(w: World, c: Caller, t: Target) -> Call:
    """An officer opens a case of 淄博市市场监督管理局 with itself and a partner on it."""
    opener = w.actor_id(c.key) if c.role == "officer" else w.officer.actor_id
    body = {
        "action_type": "penalty",
        "title": "某超市销售过期食品案",
        "agency": AGENCY,
        "jurisdiction": CASE_AREA,
        "officers": [opener, w.actor_id("partner")],
        "party": {"kind": "organisation", "name": "淄博某超市有限公司"},
    }
    return Call("POST", "/v1/cases", body)


def assign_officer(w: World, c: Caller, t: Target) -> Call:
    return Call("POST", f"/v1/cases/{t('case')}/officers", {"officers": [t("actor")]})


def request_review(w: World, c: Caller, t: Target) -> Call:
    case_id, hashed = t("drafted_case")
    return Call("POST", f"/v1/cases/{case_id}/reviews", {"draft_hash": hashed})


def record_opinion(w: World, c: Caller, t: Target) -> Call:
    case_id, review_id = t("reviewed_case")
    body = {"result": "passed", "items": REVIEW_ITEMS, "signature": "赵法制 2026年11月29日"}
    return Call("POST", f"/v1/cases/{case_id}/reviews/{review_id}/opinion", body)


def discuss(w: World, c: Caller, t: Target) -> Call:
    """The heads' collective discussion of a drafted case (R-EN-7): two heads of the agency,
    minutes uploaded by the case's officer beforehand."""
    from infra.clock import today
    from tests.integration.casekit import upload

    case_id, hashed = t("drafted_case")
    minutes = upload(w.jz, w.officer, b"%PDF-1.4 " + uuid.uuid4().bytes, "application/pdf",
                     case_id=UUID(case_id))  # fmt: skip
    body = {
        "draft_hash": hashed,
        "participants": [w.actor_id("setup-head"), w.actor_id("setup-deputy")],
        "held_on": today().isoformat(),
        "conclusion": "decide_as_drafted",
        "minutes_sha256": minutes,
    }
    return Call("POST", f"/v1/cases/{case_id}/collective-discussions", body)


def decide(w: World, c: Caller, t: Target) -> Call:
    case_id, hashed = t("drafted_case")
    return Call("POST", f"/v1/cases/{case_id}/decision", {"draft_hash": hashed})


def propose_catalogue(w: World, c: Caller, t: Target) -> Call:
    """A proposal for the caller's agency's catalogue in the case's area (nothing in force)."""
    body = {"jurisdiction": CASE_AREA, "data": w.jz.catalogue().data, "note": "复核目录，内容不变"}
    return Call("POST", "/v1/catalogue/proposals", body)


def decide_catalogue_proposal(outcome: str) -> Builder:
    def build(w: World, c: Caller, t: Target) -> Call:
        catalogue_id, proposal_id = t("catalogue_proposal")
        url = f"/v1/catalogue/agencies/{catalogue_id}/proposals/{proposal_id}/{outcome}"
        return Call("POST", url, {"reason": "与本地标准不符"} if outcome == "rejection" else None)

    return build


def read_agency_catalogue(w: World, c: Caller, t: Target) -> Call:
    catalogue_id, _ = t("catalogue_proposal")
    return Call("GET", f"/v1/catalogue/agencies/{catalogue_id}")


def upload_for(purpose: str) -> Builder:
    """An upload of a photo for the case or the child (its purpose names the subject)."""

    def build(w: World, c: Caller, t: Target) -> Call:
        data = b"\xff\xd8\xff photo " + uuid.uuid4().bytes
        params = {"purpose": purpose, f"{purpose}_id": t(purpose)}
        return Call("POST", "/v1/evidence", params=params, raw=data, content_type="image/jpeg")

    return build


def read_evidence(subject: str, method: str) -> Builder:
    """A download (GET) or a read ticket (POST …/reads) of evidence uploaded for ``subject``,
    with a reason (the readers who need none ignore it)."""

    def build(w: World, c: Caller, t: Target) -> Call:
        sha = t(f"{subject}_evidence")
        if method == "GET":
            return Call("GET", f"/v1/evidence/{sha}", params=REASON)
        return Call("POST", f"/v1/evidence/{sha}/reads", REASON)

    return build


def register_child(w: World, c: Caller, t: Target) -> Call:
    return Call("POST", "/v1/children", new_child())


def file_report(w: World, c: Caller, t: Target) -> Call:
    return Call("POST", "/v1/reports", new_report(child_id=t("child")))


def link_child(w: World, c: Caller, t: Target) -> Call:
    url = f"/v1/reports/{t('unidentified_report')}/child"
    return Call("POST", url, {"child_id": t("child")})


def record_detention(w: World, c: Caller, t: Target) -> Call:
    return Call("POST", "/v1/detentions", new_detention(t("child")))


def appoint_staff(w: World, c: Caller, t: Target) -> Call:
    body = new_appointment(w.make_staff_member())
    return Call("POST", f"/v1/staff/{LOCATION['village']}/appointments", body)


def end_appointment(w: World, c: Caller, t: Target) -> Call:
    url = f"/v1/staff/{LOCATION['village']}/appointments/{t('appointment')}/end"
    return Call("POST", url, {"ended_on": "2026-11-30", "reason": "调任"})


def read_inbox(w: World, c: Caller, t: Target) -> Call:
    """The caller's inbox; callers of the town and village's own area are first named to the
    post of their area (the inbox is for named staff, R-AC-2)."""
    area = dict(ROLE_AREAS).get(c.role, ("", ""))[0]
    named = w.shared.setdefault("named_staff", set())
    staff_roles = ("town_office", "village_committee")
    if c.role in staff_roles and c.variant != "other-area" and c.key not in named:
        title = "child_protection_worker" if c.role == "town_office" else "child_care_liaison"
        w.jz.staff.appoint(
            w.principals["setup-civil"], area,
            **{**new_appointment(w.actor_id(c.key)), "title": title},
        )  # fmt: skip
        named.add(c.key)
    return Call("GET", "/v1/staff/inbox")


def file_petition(w: World, c: Caller, t: Target) -> Call:
    return Call("POST", "/v1/petitions", new_petition(t("child")))


NEW_ACTOR = {
    "name": "新执法人员",
    "role": "officer",
    "agency": AGENCY,
    "jurisdiction": CASE_AREA,
    "certificate": {"number": "鲁执法-0101", "valid_until": "2027-12-31"},
}
TEMPORARY_CARE = {
    "kind": "temporary",
    "receiver": {"name": "钱近亲", "relation": "relative"},
    "legal_basis": "C4 临时监护",
    "effective_on": "2026-11-20",
    "handover_sha256": sha(2),
}
APPOINTMENT = {
    "kind": "appointed",
    "guardian": {"name": "周热心", "relation": "neighbour"},
    "legal_basis": "C5 指定监护",
    "effective_on": "2026-11-20",
    "parents_unable_to_entrust": True,
    "capacity_assessment": {"by": "村委会", "on": "2026-11-18", "capable": True},
    "acceptance": {"by": "周热心", "on": "2026-11-19"},
    "fee": {
        "amount_fen": 50000,
        "period": "month",
        "paid_by": "parents",
        "minimum_living_support": False,
    },
    "appointment_sha256": sha(5),
    "exclusion_check": {"by": "村委会", "on": "2026-11-18", "found": []},
}
INSTITUTIONAL_CARE = {
    "kind": "institutional",
    "institution": {"name": "淄博市儿童福利院"},
    "legal_basis": "民法典 第32条",
    "effective_on": "2026-11-20",
    "ground": "no_guardian_available",
    "admission_sha256": sha(4),
}
CATEGORIES = {
    "categories": ["poverty_life", "disability"],
    "changed_on": "2026-11-01",
    "reason": "新认定残疾",
}
LEFT_BEHIND = {"entered_on": "2026-03-02", "parents": {"father": "away", "mother": "away"}}
LEFT_BEHIND_EXIT = {
    "exited_on": "2026-11-01",
    "reason": "parents_returned",
    "parents": {"father": "at_home", "mother": "at_home"},
}
ASSESSMENT = {
    "result": "good",
    "criteria": ["guardian_fulfils_duties"],
    "help_plan": "关心式帮扶: 定期联系走访",
    "assessed_on": "2026-11-21",
}
HELPER = {"helper": {"name": "李老师", "kind": "teacher"}, "assigned_on": "2026-11-01"}
VISIT = {"visit_kind": "home_visit", "visited_on": "2026-11-02", "summary": "上门家访，情况良好"}
KEY_CHILD = {"marked_on": "2026-11-28", "reason": "独自居住风险"}
MOVE = {
    "location": {"county": "370303", "town": "370303001", "village": "370303001002"},
    "moved_on": "2026-11-01",
    "reason": "随祖母迁居邻村",
}
CORRECTION = {"field": "address", "value": "幸福路9号", "reason": "门牌号录入有误",
              "corrected_on": "2026-11-01"}  # fmt: skip
SCHOOLING = {"level": "junior_secondary", "from_on": "2026-09-01", "until_on": None}
CAPACITY = {"able_to_work": True, "full_civil_capacity": True, "assessed_on": "2026-11-01",
            "basis": "村委会证明"}  # fmt: skip
RULING = {
    "outcome": "dismissed",
    "ruled_on": "2026-11-28",
    "ruling_sha256": sha(3),
    "legal_basis": "民法典 第36条",
}

ACTOR = "/v1/actors/{actor}"
CASE = "/v1/cases/{case}"
CHILD = "/v1/children/{child}"
REPORT = "/v1/reports/{report}"

BUILDERS: dict[str, Builder] = {
    "GET /v1/me": get("/v1/me"),
    "POST /v1/actors": post("/v1/actors", NEW_ACTOR),
    "GET /v1/actors/{actor_id}": get(ACTOR, actor="actor"),
    "POST /v1/actors/{actor_id}/legal-qualifications": post(
        f"{ACTOR}/legal-qualifications",
        {"number": "A20190001", "obtained_on": "2019-03-01"},
        actor="actor",
    ),
    "POST /v1/actors/{actor_id}/prior-review-service": post(
        f"{ACTOR}/prior-review-service",
        {"served_from": "2018-05-01", "basis": "张店区市场监管局任命文件（2018）12号"},
        actor="actor",
    ),
    "POST /v1/actors/{actor_id}/certificates": post(
        f"{ACTOR}/certificates",
        {"number": "鲁执-0202", "valid_from": "2026-01-01", "valid_until": "2030-12-31"},
        actor="actor",
    ),
    "POST /v1/actors/{actor_id}/roles": post(
        f"{ACTOR}/roles", {"role": "legal_reviewer"}, actor="actor"
    ),
    "POST /v1/actors/{actor_id}/roles (child-role)": post(
        f"{ACTOR}/roles", {"role": "police"}, actor="actor"
    ),
    "POST /v1/actors/{actor_id}/role-proposals/{proposal_id}/approval": decide_proposal("approval"),
    "POST /v1/actors/{actor_id}/role-proposals/{proposal_id}/rejection": decide_proposal(
        "rejection", {"reason": "无任命文件"}
    ),
    "POST /v1/actors/{actor_id}/suspension": post(
        f"{ACTOR}/suspension", {"reason": "暂扣"}, actor="actor"
    ),
    "POST /v1/actors/{actor_id}/reinstatement": post(
        f"{ACTOR}/reinstatement", {"reason": "期满"}, actor="suspended_actor"
    ),
    "POST /v1/actors/{actor_id}/revocation": post(
        f"{ACTOR}/revocation", {"reason": "吊销"}, actor="actor"
    ),
    "POST /v1/actors/{actor_id}/sanctions": sanction_officer,
    "POST /v1/actors/{actor_id}/tokens": post(f"{ACTOR}/tokens", actor="actor"),
    "POST /v1/actors/{actor_id}/tokens/{token_id}/revocation": revoke_another_token,
    "POST /v1/actors/{actor_id}/tokens/{token_id}/revocation (own-token)": revoke_own_token,
    "GET /v1/verification": get("/v1/verification"),
    "GET /v1/catalogue": get("/v1/catalogue"),
    "GET /v1/vocabularies": get("/v1/vocabularies"),
    "POST /v1/catalogue/proposals": propose_catalogue,
    "GET /v1/catalogue/agencies/{catalogue_id}": read_agency_catalogue,
    "POST /v1/catalogue/agencies/{catalogue_id}/proposals/{proposal_id}/approval": (
        decide_catalogue_proposal("approval")
    ),
    "POST /v1/catalogue/agencies/{catalogue_id}/proposals/{proposal_id}/rejection": (
        decide_catalogue_proposal("rejection")
    ),
    "POST /v1/evidence (case)": upload_for("case"),
    "POST /v1/evidence (child)": upload_for("child"),
    "GET /v1/evidence/{sha256} (case)": read_evidence("case", "GET"),
    "GET /v1/evidence/{sha256} (child)": read_evidence("child", "GET"),
    "GET /v1/evidence/{sha256} (petitioned-child)": read_evidence("petitioned_child", "GET"),
    "POST /v1/evidence/{sha256}/reads (case)": read_evidence("case", "POST"),
    "POST /v1/evidence/{sha256}/reads (child)": read_evidence("child", "POST"),
    "POST /v1/evidence/{sha256}/reads (petitioned-child)": read_evidence(
        "petitioned_child", "POST"
    ),
    "POST /v1/cases": open_case,
    "POST /v1/cases/{case_id}/officers": assign_officer,
    "POST /v1/cases/{case_id}/steps": post(
        f"{CASE}/steps", {"kind": "other", "summary": "调取营业执照信息"}, case="case"
    ),
    "POST /v1/cases/{case_id}/drafts": post(f"{CASE}/drafts", MINOR_DRAFT, case="case"),
    "POST /v1/cases/{case_id}/reviews": request_review,
    "POST /v1/cases/{case_id}/reviews/{review_id}/opinion": record_opinion,
    "POST /v1/cases/{case_id}/collective-discussions": discuss,
    "POST /v1/cases/{case_id}/decision": decide,
    "POST /v1/cases/{case_id}/publication": post(
        f"{CASE}/publication", {"summary": "某餐馆无证经营，警告。"}, case="decided_case"
    ),
    "POST /v1/cases/{case_id}/closure": post(
        f"{CASE}/closure", {"reason": "结案"}, case="closable_case"
    ),
    "POST /v1/cases/{case_id}/no-penalty": post(
        f"{CASE}/no-penalty",
        {"ground": "first_offence_corrected", "reason": "首违及时改正"},
        case="case",
    ),
    "POST /v1/cases/{case_id}/withdrawal": post(
        f"{CASE}/withdrawal", {"reason": "经核查违法事实不存在，撤销立案"}, case="case"
    ),
    "POST /v1/cases/{case_id}/transfer": post(
        f"{CASE}/transfer",
        {
            "kind": "judicial",
            "receiving_body": "淄博市公安局张店分局",
            "reason": "涉嫌犯罪",
            "documents": [{"sha256": sha(7), "title": "涉嫌犯罪案件移送书"}],
        },
        case="case",
    ),
    "POST /v1/cases/{case_id}/decision-deadline/extensions": post(
        f"{CASE}/decision-deadline/extensions",
        # within the 30 days one extension may reach past the 90-day limit (R-EN-5)
        {"reason": "案情复杂", "due_on": (today() + timedelta(days=100)).isoformat()},
        case="case",
    ),
    "POST /v1/cases/{case_id}/service": post(
        f"{CASE}/service", {"method": "on_the_spot"}, case="decided_case"
    ),
    "POST /v1/cases/{case_id}/publication-exemption": post(
        f"{CASE}/publication-exemption",
        {"ground": "no_social_impact", "reason": "警告, 不具有社会影响"},
        case="decided_case",
    ),
    "POST /v1/cases/{case_id}/execution": post(
        f"{CASE}/execution", {"status": "nothing_to_execute"}, case="decided_case"
    ),
    "POST /v1/cases/{case_id}/set-aside": post(
        f"{CASE}/set-aside", {"how": "revoked", "authority": "agency_head"}, case="decided_case"
    ),
    "POST /v1/cases/{case_id}/publication/withdrawal": post(
        f"{CASE}/publication/withdrawal", {"reason": "决定已被撤销"}, case="withdrawable_case"
    ),
    "POST /v1/cases/{case_id}/file-reviews": post(
        f"{CASE}/file-reviews", {"rating": "qualified", "findings": "案卷基本规范"}, case="case"
    ),
    "POST /v1/cases/{case_id}/scored-file-reviews": post(
        f"{CASE}/scored-file-reviews", {"items": file_scores()}, case="case"
    ),
    "POST /v1/cases/{case_id}/complaints": post(
        f"{CASE}/complaints", {"channel": "12345热线", "summary": "对处罚程序有异议"}, case="case"
    ),
    "GET /v1/cases": get("/v1/cases", {"q": "餐馆"}),
    "GET /v1/cases/{case_id}": get(CASE, REASON, case="case"),
    "GET /v1/reviews": get("/v1/reviews"),
    "GET /v1/actors": get("/v1/actors", {"role": "officer"}),
    "GET /v1/cases/{case_id}/events": get(f"{CASE}/events", REASON, case="case"),
    "GET /v1/cases/{case_id}/bundle": get(f"{CASE}/bundle", REASON, case="case"),
    "GET /v1/cases/{case_id}/dossier.pdf": get(f"{CASE}/dossier.pdf", REASON, case="case"),
    "GET /v1/oversight/reviews": get("/v1/oversight/reviews"),
    "GET /v1/oversight/blocked-decisions": get("/v1/oversight/blocked-decisions"),
    "GET /v1/oversight/publications": get("/v1/oversight/publications"),
    "GET /v1/oversight/catalogue-revisions": get("/v1/oversight/catalogue-revisions"),
    "GET /v1/oversight/deadlines": get("/v1/oversight/deadlines"),
    "GET /v1/oversight/role-grants": get("/v1/oversight/role-grants"),
    "GET /v1/oversight/complaints": get("/v1/oversight/complaints"),
    "GET /v1/oversight/file-review-checklist": get("/v1/oversight/file-review-checklist"),
    "POST /v1/complaints": post(
        "/v1/complaints",
        {
            "channel": "hotline_12345",
            "complainant": {"name": "刘某某"},
            "summary": "执法人员未出示证件",
            "jurisdiction": CASE_AREA,
        },
    ),
    "GET /v1/complaints/{complaint_id}": get("/v1/complaints/{complaint}", complaint="complaint"),
    "POST /v1/complaints/{complaint_id}/assignment": assign_complaint,
    "POST /v1/complaints/{complaint_id}/findings": complaint_step(
        "findings", "assigned", {"findings": "调取执法记录仪，情况属实"}
    ),
    "POST /v1/complaints/{complaint_id}/outcome": complaint_step(
        "outcome", "investigated", {"outcome": "substantiated", "reason": "责令改正"}
    ),
    "POST /v1/complaints/{complaint_id}/reply": complaint_step(
        "reply", "concluded", {"channel": "letter", "summary": "已书面答复"}
    ),
    "POST /v1/children": register_child,
    "POST /v1/children/{child_id}/guardianship (temporary)": post(
        f"{CHILD}/guardianship", TEMPORARY_CARE, child="child"
    ),
    "POST /v1/children/{child_id}/guardianship (appointed)": post(
        f"{CHILD}/guardianship", APPOINTMENT, child="child"
    ),
    "POST /v1/children/{child_id}/guardianship (institutional)": post(
        f"{CHILD}/guardianship", INSTITUTIONAL_CARE, child="unguarded_child"
    ),
    "POST /v1/children/{child_id}/categories": post(
        f"{CHILD}/categories", CATEGORIES, child="child"
    ),
    "POST /v1/children/{child_id}/left-behind": post(
        f"{CHILD}/left-behind", LEFT_BEHIND, child="child"
    ),
    "POST /v1/children/{child_id}/left-behind/exit": post(
        f"{CHILD}/left-behind/exit", LEFT_BEHIND_EXIT, child="left_behind_child"
    ),
    "POST /v1/children/{child_id}/assessments": post(
        f"{CHILD}/assessments", ASSESSMENT, child="child"
    ),
    "POST /v1/children/{child_id}/helpers": post(f"{CHILD}/helpers", HELPER, child="child"),
    "POST /v1/children/{child_id}/visits": post(f"{CHILD}/visits", VISIT, child="child"),
    "POST /v1/children/{child_id}/key-child": post(f"{CHILD}/key-child", KEY_CHILD, child="child"),
    "POST /v1/children/{child_id}/moves": post(f"{CHILD}/moves", MOVE, child="child"),
    "POST /v1/children/{child_id}/corrections": post(
        f"{CHILD}/corrections", CORRECTION, child="child"
    ),
    "POST /v1/children/{child_id}/schooling": post(f"{CHILD}/schooling", SCHOOLING, child="child"),
    "POST /v1/children/{child_id}/capacity": post(f"{CHILD}/capacity", CAPACITY, child="child"),
    "GET /v1/children/allowance-due": get("/v1/children/allowance-due"),
    "GET /v1/children": get("/v1/children"),
    "GET /v1/children/alerts": get("/v1/children/alerts"),
    "GET /v1/children/guardian-bar-refusals": get("/v1/children/guardian-bar-refusals"),
    "GET /v1/law/guardianship-kinds": get("/v1/law/guardianship-kinds"),
    "GET /v1/law/assessment-criteria": get("/v1/law/assessment-criteria"),
    "GET /v1/children/{child_id} (petitioned)": get(CHILD, REASON, child="petitioned_child"),
    "GET /v1/children/{child_id} (no-petition)": get(CHILD, REASON, child="child"),
    "GET /v1/court/children/{child_id}/bundle (petitioned)": get(
        "/v1/court/children/{child}/bundle", REASON, child="petitioned_child"
    ),
    "GET /v1/court/children/{child_id}/bundle (no-petition)": get(
        "/v1/court/children/{child}/bundle", REASON, child="child"
    ),
    "POST /v1/reports": file_report,
    "POST /v1/reports/{report_id}/child": link_child,
    "POST /v1/reports/{report_id}/police-response": post(
        f"{REPORT}/police-response", POLICE_RESPONSE, report="report"
    ),
    "POST /v1/reports/{report_id}/town-informed": post(
        f"{REPORT}/town-informed", TOWN_INFORMED, report="responded_report"
    ),
    "POST /v1/reports/{report_id}/town-arrangement": post(
        f"{REPORT}/town-arrangement", TOWN_ARRANGEMENT, report="informed_report"
    ),
    "POST /v1/reports/{report_id}/closure": post(
        f"{REPORT}/closure",
        {"reason": "父母已返回", "closed_at": "2026-11-22T10:00:00Z"},
        report="arranged_report",
    ),
    "GET /v1/reports": get("/v1/reports"),
    "GET /v1/reports/{report_id}": get(REPORT, REASON, report="report"),
    "POST /v1/reports/{report_id}/failures-to-report": post(
        f"{REPORT}/failures-to-report",
        {
            "institution_kind": "medical",
            "institution": "某镇卫生院",
            "known_since": "2026-11-19T08:00:00Z",
            "basis": "病历记载前一日已发现",
            "found_on": "2026-11-21",
        },
        report="report",
    ),
    "POST /v1/reports/{report_id}/commendation": post(
        f"{REPORT}/commendation",
        {"form": "praise", "commended_on": "2026-11-21", "basis": "及时报告"},
        report="commendable_report",
    ),
    "GET /v1/reports/duty": get("/v1/reports/duty"),
    "POST /v1/detentions": record_detention,
    "GET /v1/detentions/{detention_id} (petitioned)": get(
        "/v1/detentions/{detention}", REASON, detention="petitioned_detention"
    ),
    "GET /v1/detentions/{detention_id} (no-petition)": get(
        "/v1/detentions/{detention}", REASON, detention="detention"
    ),
    "GET /v1/staff/inbox": read_inbox,
    "GET /v1/staff/{area}": get(f"/v1/staff/{LOCATION['village']}"),
    "POST /v1/staff/{area}/appointments": appoint_staff,
    "POST /v1/staff/{area}/appointments/{appointment_no}/end": end_appointment,
    "POST /v1/petitions": file_petition,
    "POST /v1/petitions/{petition_id}/ruling": post(
        "/v1/petitions/{petition}/ruling", RULING, petition="petition"
    ),
}


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One SQLite store with every caller of the table and the stage hands."""
    root: Path = tmp_path_factory.mktemp("authz")
    jz = Jianzheng(Settings(data_dir=root / "var"))
    jz.initialise()
    try:
        with TestClient(create_app(jianzheng=jz)) as client:
            w = World(jz, client)
            for role, (own, elsewhere) in ROLE_AREAS.items():
                cert = {"certificate": "鲁执-0001", **CERTIFICATE} if role == "officer" else {}
                w.enrol(f"{role}/own", role, AGENCY, own, **cert)
                w.enrol(f"{role}/other-agency", role, OTHER_AGENCY, own, **cert)
                w.enrol(f"{role}/other-area", role, OTHER_AGENCY, elsewhere, **cert)
                if role in AGENCY_ROLES:
                    w.enrol(f"{role}/own-agency-elsewhere", role, AGENCY, elsewhere, **cert)
            cert = {"certificate": "鲁执-0002", **CERTIFICATE}
            w.enrol("officer/unassigned", "officer", AGENCY, CASE_AREA, **cert)
            w.enrol("admin/all-areas", "admin", "jianzheng", "*")
            w.enrol("partner", "officer", AGENCY, CASE_AREA, **cert)
            w.enrol("setup-head", "agency_head", AGENCY, CASE_AREA)
            w.enrol("setup-deputy", "agency_head", AGENCY, CASE_AREA)
            w.enrol("setup-reviewer", "legal_reviewer", AGENCY, CASE_AREA)
            w.enrol("setup-village", "village_committee", "某村委会", LOCATION["village"])
            w.enrol("setup-town", "town_office", "某镇政府", LOCATION["town"])
            w.enrol("setup-civil", "civil_affairs", "张店区民政局", LOCATION["county"])
            w.enrol("setup-police", "police", "张店公安分局", LOCATION["county"])
            w.enrol("setup-school", "reporter", "某村小学", LOCATION["village"])
            w.enrol("setup-admin", "admin", "jianzheng", "*")
            yield w
    finally:
        jz.close()


def store_position(jz: Jianzheng) -> int:
    """The newest notification id: any append moves it."""
    return int(jz.store.recorder.max_notification_id() or 0)


def send(w: World, caller: Caller, call: Call) -> Any:
    headers = w.headers(caller)
    if call.raw is not None:
        headers["Content-Type"] = call.content_type or "application/octet-stream"
        return w.client.request(
            call.method, call.url, content=call.raw, headers=headers, params=call.params
        )
    return w.client.request(call.method, call.url, json=call.body, headers=headers,
                            params=call.params)  # fmt: skip


CELLS = [
    pytest.param(row, caller, id=f"{row.label} | {caller.key}")
    for row in ROWS
    for caller in CALLERS
]


# -- tests ------------------------------------------------------------------------------------


def test_the_matrix_has_a_row_for_every_route() -> None:
    """Every non-public route of the API has a row, and every row names a route of the app.

    The screens (every path outside ``/v1/``) call the same services with the same principal;
    ``tests/integration/test_screen_authz.py`` checks that none opens without a session."""
    routes = {
        (method, path)
        for method, path in app_routes(create_app())
        if path.startswith("/v1/") and not path.startswith(PUBLIC_PREFIXES)
    }
    covered = {(row.method, row.path) for row in ROWS}
    assert sorted(routes - covered) == [], "routes without a row in the matrix"
    assert sorted(covered - routes) == [], "rows for routes the app does not have"
    assert set(BUILDERS) == {row.label for row in ROWS}, "a row without a request, or vice versa"


def test_the_matrix_names_every_role_and_an_anonymous_caller() -> None:
    """The columns are the eleven roles of DESIGN §5 plus a caller without a token."""
    roles = {role for role, _ in COLUMNS}
    assert roles == {
        "officer", "legal_reviewer", "agency_head", "oversight", "court", "civil_affairs",
        "town_office", "village_committee", "police", "reporter", "admin", "anonymous",
    }  # fmt: skip


@pytest.mark.parametrize(("row", "caller"), CELLS)
def test_each_caller_gets_what_the_table_says(world: World, row: Row, caller: Caller) -> None:
    """Allowed callers get 2xx; the others 401/403 problem+json, and nothing is stored
    (R-PB-4, R-SV-2, R-SV-3, R-AC-1)."""
    allowed = caller.key in row.allowed
    used: list[str] = []

    def target(name: str) -> Any:
        used.append(name)
        return world.target(name, fresh=allowed)

    call = BUILDERS[row.label](world, caller, target)
    before = store_position(world.jz)
    response = send(world, caller, call)
    if allowed:
        assert 200 <= response.status_code < 300, (
            f"{caller.key} should be let through: {response.status_code} {response.text}"
        )
        return
    refusals = (401, 403, 404) if row.path in HIDDEN_PATHS else (401, 403)
    if response.status_code not in refusals:
        for name in used:  # the shared subject may have changed; give the next cell a new one
            world.shared.pop(name, None)
    assert response.status_code in refusals, (
        f"{caller.key} should be refused: {response.status_code} {response.text[:300]}"
    )
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    if response.status_code == 404:
        assert problem["code"] == "evidence-unknown"
    assert problem["status"] == response.status_code
    assert {"type", "title", "detail", "code"} <= set(problem)
    if caller.role == "anonymous":
        assert (response.status_code, problem["code"]) == (401, "unauthenticated")
    assert store_position(world.jz) == before, "a refused request changed the store"
