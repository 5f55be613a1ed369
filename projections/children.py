"""The children's ledger (台账, R-CH-1) and its queues, without personal data.

Documents hold only what the ledger and the alerts need — division codes, categories,
left-behind status, the kind of the current guardianship, the days the child turns 16 and
18 and reaches full age (by the domain's one convention, ``dates.birthday``), the last
assessment and help level, and the allowance outlook after 18 (R-CH-5) with the facts it is
computed from (birth date, schooling periods, capacity: :data:`PRIVATE_MEMBERS`, which the
API never lists) — never names, ID numbers, addresses or contacts (R-CH-4): the projection
tables are not encrypted, the event bodies are. Documents written before the ledger kept
the birth date have no allowance outlook until ``jianzheng projections rebuild``.

* ``children``: one document per child;
* ``reports``: the mandatory-report pipeline (reported → responded → town informed →
  assessed → closed), with times;
* ``petitions_by_child``: which children have a guardianship petition (a court may read
  the files of children whose petitions it handles);
* ``staff_rosters``: each town's and village's named child-protection staff (R-AC-2), one
  document per roster stream: the area and every appointment with its dates (actor ids and
  titles, no names);
* ``staff_standing``: the standing (``active``, ``suspended``, ``revoked``) of actors who were
  ever suspended or revoked, so that a named staff member who no longer may act is no longer
  counted as the area's staff.
* ``claims``: the files holding each identity claim (ADR 0005), so that files of one child
  found by the upgrade's backfill are flagged ``possible_duplicate`` in the ledger for civil
  affairs to merge or close.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from domain.proof.chain import Envelope
from domain.records.children.allowance import allowance_outlook
from domain.records.children.dates import age_reached_on, birthday
from domain.records.children.vocabulary import ADULT_AGE
from projections.base import Docs

CHILDREN = "children"
REPORTS = "reports"
PETITIONS = "petitions_by_child"
STAFF = "staff_rosters"
STANDING = "staff_standing"
CLAIMS = "claims"
BAR_REFUSALS = "guardian_bar_refusals"

NO_GUARDIAN_KINDS = frozenset({"none_emergency"})

PRIVATE_MEMBERS = frozenset({"birth_date", "schooling", "adult_capacity"})
"""Members a ledger document keeps to compute the allowance outlook, never listed (R-CH-4)."""


def _ages(birth: str) -> dict[str, str]:
    """The days of a child's ages, by the domain's one convention (``dates.birthday``,
    ``dates.age_reached_on``; 29 February → 28 February in common years): ``turns_16_on``
    and ``turns_18_on`` are the birthdays, ``adult_on`` the first day of full age."""
    born = date.fromisoformat(birth)
    return {
        "turns_16_on": birthday(born, 16).isoformat(),
        "turns_18_on": birthday(born, ADULT_AGE).isoformat(),
        "adult_on": age_reached_on(born, ADULT_AGE).isoformat(),
    }


def _allowance(doc: dict[str, Any]) -> dict[str, Any]:
    """The R-CH-5 outlook of a ledger document (``allowance.py``): from the birth date the
    document keeps for it, its categories, schooling and capacity facts."""
    outlook = allowance_outlook(
        birth=date.fromisoformat(doc["birth_date"]),
        categories=doc["categories"],
        schooling=doc.get("schooling", []),
        capacity=doc.get("adult_capacity"),
    )
    return outlook.as_dict()


class ChildrenLedger:
    """Ledger documents and report pipeline."""

    name = "children_ledger"
    version = 1
    types = frozenset(
        {
            "children.Registered",
            "children.LocationChanged",
            "children.HouseholdMoved",
            "children.PersonalDataCorrected",
            "children.SchoolingRecorded",
            "children.AdultCapacityRecorded",
            "children.CategoriesChanged",
            "children.KeyChildMarked",
            "children.KeyChildUnmarked",
            "children.LeftBehindEntered",
            "children.LeftBehindExited",
            "children.ParentalGuardianshipRecorded",
            "children.GuardianEntrusted",
            "children.GuardianAppointed",
            "children.InstitutionalGuardianshipAssumed",
            "children.TemporaryGuardianshipStarted",
            "children.GuardianAbsenceRecorded",
            "children.CourtGuardianAppointed",
            "children.GuardianshipRestored",
            "children.ReturnedToGuardian",
            "children.AssessmentRecorded",
            "reports.ReportFiled",
            "reports.ChildLinked",
            "reports.PoliceResponded",
            "reports.TownInformed",
            "reports.TownArrangementMade",
            "reports.ReportClosed",
            "petitions.PetitionFiled",
            "reports.FailureToReportFound",
            "reports.ReporterCommended",
            "staff.RosterOpened",
            "staff.StaffAppointed",
            "staff.StaffAppointmentEnded",
            "actors.Suspended",
            "actors.Reinstated",
            "actors.Revoked",
            "claims.Claimed",
            "claims.Retaken",
            "claims.SharedByDistinctChild",
            "claims.Released",
            "claims.DuplicateFound",
            "claims.FoundOnMove",
            "claims.CorrectedAway",
            "claims.CorrectedBack",
            "claims.FoundBesideCorrectedAway",
            "guardian_bars.NamesakeFlagged",
            "guardian_bars.RefusalRecorded",
        }
    )

    def reads(self, e: Envelope) -> Iterator[tuple[str, str]]:
        """The child's or the report's document, or for a petition the child's."""
        if e.type in {"children.Registered", "reports.ReportFiled"}:
            return
        kind = e.type.split(".", 1)[0]
        if kind == "children":
            yield CHILDREN, e.stream
        elif kind == "reports":
            yield REPORTS, e.stream
        elif kind == "staff":
            yield STAFF, e.stream
        elif kind == "actors":
            yield STANDING, e.stream
        elif kind == "claims":
            yield CLAIMS, e.stream
        elif e.type == "guardian_bars.RefusalRecorded":
            yield BAR_REFUSALS, f"{e.stream}:{e.seq}"
        elif kind == "guardian_bars":
            yield CHILDREN, e.data["child"]
        else:
            yield CHILDREN, e.data["child_id"]

    def apply(self, e: Envelope, position: int, docs: Docs) -> None:
        """Update the ledger."""
        kind = e.type.split(".", 1)[0]
        if kind == "children":
            self._child(e, docs)
        elif kind == "reports":
            self._report(e, docs)
        elif kind == "staff":
            self._staff(e, docs)
        elif kind == "actors":
            status = {"actors.Suspended": "suspended", "actors.Reinstated": "active"}
            docs.put(STANDING, e.stream,
                     {"actor_id": e.stream, "status": status.get(e.type, "revoked")})  # fmt: skip
        elif kind == "claims":
            self._claim(e, docs)
        elif e.type == "guardian_bars.RefusalRecorded":
            # Who was refused a person barred elsewhere, from where, on which file (FINDINGS2
            # #6): for civil affairs and oversight of that area to see fishing. No name.
            docs.put(BAR_REFUSALS, f"{e.stream}:{e.seq}", {
                "actor_id": e.actor, "area": e.data["area"], "field": e.data["field"],
                "child_id": e.data["child"], "at": e.at,
            })  # fmt: skip
        elif kind == "guardian_bars":
            # A guardian named like a person a court revoked elsewhere, with his own, other ID
            # number: admitted, flagged for civil affairs (R-GD-8, ADR 0005 §8).
            doc = docs.get(CHILDREN, e.data["child"])
            if doc is not None:
                doc["guardian_namesake_of_revoked"] = True
                docs.put(CHILDREN, e.data["child"], doc)
        else:
            child = docs.get(CHILDREN, e.data["child_id"]) or {}
            docs.put(PETITIONS, e.data["child_id"], {"petition_id": e.stream,
                     "area": child.get("village", ""), "filed_on": e.data["filed_on"]})  # fmt: skip

    @staticmethod
    def _child(e: Envelope, docs: Docs) -> None:
        d = e.data
        if e.type == "children.Registered":
            loc = d["location"]
            docs.put(
                CHILDREN,
                e.stream,
                {
                    "child_id": e.stream,
                    "county": loc["county"],
                    "town": loc["town"],
                    "village": loc["village"],
                    "categories": sorted(d["categories"]),
                    "key_child": d["key_child"],
                    "left_behind": False,
                    "guardianship": d["guardianship"]["kind"],
                    "guardianship_since": d["guardianship"]["effective_on"],
                    **_ages(d["birth_date"]),
                    "registered_on": d["registered_on"],
                    "last_assessed_on": None,
                    "help_level": None,
                    "birth_date": d["birth_date"],
                    "schooling": [],
                    "adult_capacity": None,
                },
            )
            doc = docs.get(CHILDREN, e.stream)
            assert doc is not None
            doc["allowance"] = _allowance(doc)
            docs.put(CHILDREN, e.stream, doc)
            return
        doc = docs.get(CHILDREN, e.stream)
        if doc is None:
            return
        if "arrangement" in d:
            doc["guardianship"] = d["arrangement"]["kind"]
            doc["guardianship_since"] = d["arrangement"]["effective_on"]
        elif e.type in {"children.LocationChanged", "children.HouseholdMoved"}:
            doc.update({k: d["location"][k] for k in ("county", "town", "village")})
        elif e.type == "children.PersonalDataCorrected":
            if d["field"] == "birth_date":
                doc.update(birth_date=d["value"], **_ages(d["value"]))
        elif e.type == "children.SchoolingRecorded":
            doc.setdefault("schooling", []).append(
                {"level": d["level"], "from_on": d["from_on"], "until_on": d["until_on"]}
            )
        elif e.type == "children.AdultCapacityRecorded":
            doc["adult_capacity"] = {
                "able_to_work": d["able_to_work"],
                "full_civil_capacity": d["full_civil_capacity"],
            }
        elif e.type == "children.CategoriesChanged":
            doc["categories"] = sorted(d["categories"])
        elif e.type in {"children.KeyChildMarked", "children.KeyChildUnmarked"}:
            doc["key_child"] = e.type.endswith("Marked")
        elif e.type == "children.LeftBehindEntered":
            doc["left_behind"] = True
        elif e.type == "children.LeftBehindExited":
            doc["left_behind"] = False
        elif e.type == "children.AssessmentRecorded":
            doc["last_assessed_on"] = d["assessed_on"]
            doc["help_level"] = d["help_level"]
        if "birth_date" in doc:  # documents made before the ledger kept it: rebuild the view
            doc["allowance"] = _allowance(doc)
        docs.put(CHILDREN, e.stream, doc)

    @staticmethod
    def _claim(e: Envelope, docs: Docs) -> None:
        """Who holds an identity claim; files found sharing one by the backfill (ADR 0005 §7)
        or by a move of household (§6) are flagged (R-CH-1). Claims carry no personal data:
        only file ids."""
        claim = docs.get(CLAIMS, e.stream) or {"holders": []}
        child = e.data["child"]
        if e.type == "claims.Released":
            claim["holders"] = [h for h in claim["holders"] if h != child]
        elif child not in claim["holders"]:
            claim["holders"].append(child)
        docs.put(CLAIMS, e.stream, claim)
        if e.type in {
            "claims.DuplicateFound",
            "claims.FoundOnMove",
            "claims.FoundBesideCorrectedAway",
        }:
            for holder in claim["holders"]:
                doc = docs.get(CHILDREN, holder)
                if doc is not None:
                    doc["possible_duplicate"] = True
                    docs.put(CHILDREN, holder, doc)

    @staticmethod
    def _report(e: Envelope, docs: Docs) -> None:
        d = e.data
        if e.type == "reports.ReportFiled":
            docs.put(
                REPORTS,
                e.stream,
                {
                    "report_id": e.stream,
                    "area": d["area"],
                    "child_id": d["child_id"],
                    "situations": sorted(d["situations"]),
                    "institution_kind": d["institution_kind"],
                    "noticed_at": d["noticed_at"],
                    "reported_at": d["reported_at"],
                    "stage": "reported",
                    "responded_at": None,
                    "town_informed_at": None,
                    "arranged_on": None,
                    "closed_at": None,
                    "failures_to_report": [],
                    "commended": None,
                },
            )
            return
        doc = docs.get(REPORTS, e.stream)
        if doc is None:
            return
        if e.type == "reports.ChildLinked":
            doc["child_id"] = d["child_id"]
            if d.get("area"):  # the report moved to the child's village
                doc["area"] = d["area"]
        elif e.type == "reports.PoliceResponded":
            doc.update(stage="responded", responded_at=d["responded_at"])
        elif e.type == "reports.TownInformed":
            doc.update(stage="town_informed", town_informed_at=d["informed_at"])
        elif e.type == "reports.TownArrangementMade":
            doc.update(stage="assessed", arranged_on=d["arranged_on"])
        elif e.type == "reports.ReportClosed":
            doc.update(stage="closed", closed_at=d["closed_at"])
        elif e.type == "reports.FailureToReportFound":  # listed for oversight (R-RP-2)
            found = {k: d[k] for k in ("institution_kind", "institution", "known_since",
                                       "found_on")}  # fmt: skip
            doc["failures_to_report"] = [*doc.get("failures_to_report", []), found]
        elif e.type == "reports.ReporterCommended":
            doc["commended"] = {"form": d["form"], "commended_on": d["commended_on"]}
        docs.put(REPORTS, e.stream, doc)

    @staticmethod
    def _staff(e: Envelope, docs: Docs) -> None:
        """A roster of named child-protection staff (R-AC-2)."""
        d = e.data
        if e.type == "staff.RosterOpened":
            docs.put(STAFF, e.stream, {"area": d["area"], "appointments": []})
            return
        doc = docs.get(STAFF, e.stream)
        if doc is None:
            return
        if e.type == "staff.StaffAppointed":
            doc["appointments"].append(
                {k: d[k] for k in ("appointment_no", "staff_actor", "title", "from_on",
                                   "until_on")} | {"ended_on": None}
            )  # fmt: skip
        elif e.type == "staff.StaffAppointmentEnded":
            doc["appointments"][d["appointment_no"] - 1]["ended_on"] = d["ended_on"]
        docs.put(STAFF, e.stream, doc)
