"""The children's ledger (台账, R-CH-1) and its queues, without personal data.

Documents hold only what the ledger and the alerts need — division codes, categories,
left-behind status, the kind of the current guardianship, the day the child turns 16,
the last assessment and help level — never names, ID numbers, addresses or contacts
(R-CH-4): the projection tables are not encrypted, the event bodies are.

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
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from domain.proof.chain import Envelope
from projections.base import Docs

CHILDREN = "children"
REPORTS = "reports"
PETITIONS = "petitions_by_child"
STAFF = "staff_rosters"
STANDING = "staff_standing"

NO_GUARDIAN_KINDS = frozenset({"none_emergency"})


def _turns(birth: str, years: int) -> str:
    born = date.fromisoformat(birth)
    try:
        return born.replace(year=born.year + years).isoformat()
    except ValueError:  # 29 February
        return date(born.year + years, 3, 1).isoformat()


class ChildrenLedger:
    """Ledger documents and report pipeline."""

    name = "children_ledger"
    types = frozenset(
        {
            "children.Registered",
            "children.LocationChanged",
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
                    "turns_16_on": _turns(d["birth_date"], 16),
                    "turns_18_on": _turns(d["birth_date"], 18),
                    "registered_on": d["registered_on"],
                    "last_assessed_on": None,
                    "help_level": None,
                },
            )
            return
        doc = docs.get(CHILDREN, e.stream)
        if doc is None:
            return
        if "arrangement" in d:
            doc["guardianship"] = d["arrangement"]["kind"]
            doc["guardianship_since"] = d["arrangement"]["effective_on"]
        elif e.type == "children.LocationChanged":
            doc.update({k: d["location"][k] for k in ("county", "town", "village")})
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
        docs.put(CHILDREN, e.stream, doc)

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
