"""Guardianship arrangements (R-GD-9): which is current, which is in force, and the checks
every change passes — its date, revoked people, who may replace whom (R-GD-10), rulings and
reports on record.

Guardianship is a list of *arrangements*. Exactly one is current at any time (the first
comes with registration: the parents, or "none — emergency"); every change installs a
new one that names the one it replaces, so the history is complete (R-GD-9).
"""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

import domain.records.children.errors as ce
from domain.records.actors import Role
from domain.records.children.base import ChildFile
from domain.records.children.dates import add_months, check_not_before, civil_today, parse_past_day
from domain.records.children.fields import check_uuid
from domain.records.children.identity import (
    is_parent_record,
    may_be_revoked_person,
    relation_key,
    same_person,
)
from domain.records.children.values import CourtRulingCitation
from domain.records.children.vocabulary import (
    CIVIL_AFFAIRS_RELATIONS,
    EMERGENCY_KINDS,
    ENTRUSTED_KINDS,
    PARENTAL_KINDS,
    RESTORATION_WINDOW_MONTHS,
    GuardianshipKind,
)


def new_arrangement(
    *,
    no: int,
    previous: dict[str, Any] | None,
    kind: GuardianshipKind,
    guardian: dict[str, Any] | None,
    legal_basis: str,
    documents: list[dict[str, Any]],
    approved_by: dict[str, Any] | None,
    filed_with: list[dict[str, Any]],
    effective_on: str,
    conditions: dict[str, Any],
) -> dict[str, Any]:
    """One arrangement as recorded in an event: everything R-GD-9 asks a change to name."""
    return {
        "no": no,
        "kind": kind.value,
        "guardian": copy.deepcopy(guardian),
        "legal_basis": legal_basis,
        "documents": copy.deepcopy(documents),
        "approved_by": copy.deepcopy(approved_by),
        "filed_with": copy.deepcopy(filed_with),
        "effective_on": effective_on,
        "previous_no": None if previous is None else previous["no"],
        "previous_kind": None if previous is None else previous["kind"],
        "conditions": copy.deepcopy(conditions),
    }


def made_by_petition(arrangement: dict[str, Any]) -> str | None:
    """The petition whose ruling made ``arrangement``: a court appointment's or restoration's
    ``petition_id``, or the ruling an institutional arrangement carries out; else None."""
    conditions = arrangement.get("conditions") or {}
    if arrangement["kind"] == GuardianshipKind.INSTITUTIONAL:
        cited = conditions.get("court_ruling")
        return cited.get("petition_id") if isinstance(cited, dict) else None
    found = conditions.get("petition_id")
    return found if isinstance(found, str) else None


def is_court_made(arrangement: dict[str, Any]) -> bool:
    """Whether a court ruling made ``arrangement`` (R-GD-10): a court appointment, a parent's
    restoration, or institutional guardianship on a court's appointment of civil affairs."""
    conditions = arrangement.get("conditions") or {}
    kind = arrangement["kind"]
    return (
        kind == GuardianshipKind.COURT_APPOINTED
        or conditions.get("restored") is True
        or (
            kind == GuardianshipKind.INSTITUTIONAL
            and conditions.get("ground") == "court_appointed_civil_affairs"
        )
    )


def claimed_date(effective_on: str, day: date) -> dict[str, str]:
    """The claimed date, kept beside an emergency's effective day when they differ (R-EN-2)."""
    return {} if effective_on == day.isoformat() else {"claimed_effective_on": effective_on}


class ArrangementsMixin(ChildFile):
    """The arrangements of the file and the checks every change passes (R-GD-9, R-GD-10)."""

    @property
    def current_arrangement(self) -> dict[str, Any]:
        """The one current guardianship arrangement (R-GD-9)."""
        return copy.deepcopy(self.arrangements[-1])

    def arrangement_on(self, on: date) -> dict[str, Any] | None:
        """The arrangement in effect on ``on``, if any: of those taking effect by then, the one
        recorded last (an emergency or a ruling recorded over an arrangement dated later than
        itself ends that one before it took effect, see :meth:`check_effective_on`)."""
        found = None
        for arrangement in self.arrangements:
            if date.fromisoformat(arrangement["effective_on"]) <= on:
                found = arrangement
        return copy.deepcopy(found) if found is not None else None

    def standing_arrangement(self) -> dict[str, Any] | None:
        """The ordinary arrangement in force (R-GD-10), or None if the file never had one.

        That is the current arrangement, or — while the child is in emergency care or without
        a guardian (R-GD-7, R-GD-2) — the one the emergency stands in for; a return from
        emergency care stands for the arrangement it reinstated.
        """
        for arrangement in reversed(self.arrangements):
            if arrangement["kind"] in EMERGENCY_KINDS:
                continue
            original = (arrangement.get("conditions") or {}).get("reinstates_no")
            found: dict[str, Any] = self.arrangements[original - 1] if original else arrangement
            return copy.deepcopy(found)
        return None

    def check_effective_on(
        self,
        effective_on: str,
        field: str = "effective_on",
        *,
        now: datetime,
        overriding: bool = False,
    ) -> date:
        """The day a change takes effect in the file: not in the future, and no earlier than
        the current arrangement took effect (R-GD-9 order).

        No single change may freeze a file: an emergency record (R-GD-7, R-GD-2) or a court
        ruling (R-GD-8) is ``overriding`` and never refused for the file's history. Claimed
        earlier than the current arrangement, it takes effect when that one did — or today,
        if that one was entered as taking effect later than today (before dates were
        checked) — and the caller keeps the claimed date beside it (R-EN-2).
        """
        claimed = parse_past_day(effective_on, field, now, self.birth_date)
        current = date.fromisoformat(self.arrangements[-1]["effective_on"])
        if claimed >= current:
            return claimed
        if not overriding:
            raise ce.EffectiveDateBeforeCurrent(
                f"{field} is before the current arrangement took effect; "
                "record changes in the order they take effect",
                field=field,
            )
        return min(current, civil_today(now))

    def check_not_revoked(self, person: dict[str, Any], field: str = "guardian") -> None:
        """A person whose guardianship a court revoked comes back only by a restoration ruling
        (R-GD-8, 民法典 第38条) — not as a parent under another ID number, nor as an entrusted,
        appointed, temporary or court-appointed guardian (:func:`may_be_revoked_person`)."""
        for revocation in self._unrestored_revocations():
            if may_be_revoked_person(revocation["guardian"], person):
                raise ce.GuardianRevoked(
                    f"{field}: a court revoked this person's guardianship of the child; only a "
                    "restoration ruling brings it back (R-GD-8, 民法典 第38条)",
                    field=field,
                )

    def check_may_replace(
        self, kind: GuardianshipKind, role: Role, *, carries_out: str | None = None
    ) -> None:
        """Whether ``role`` may replace the arrangement in force by one of ``kind`` (R-GD-10).

        ``carries_out`` names the petition whose ruling an institutional arrangement carries
        out (:meth:`check_civil_affairs_appointed`): civil affairs taking the child into its
        institution on the court's appointment of civil affairs does not replace the court's
        guardian, it is that guardian.

        ================================  =================================================
        arrangement in force              replaced by
        ================================  =================================================
        made by a court ruling            a later ruling only. Emergency care (temporary,
        (:func:`is_court_made`)           none) stands in for it, and the child returns to
                                          the same guardian (:meth:`return_to_guardian`):
                                          指定监护人后, 不得擅自变更 (民法典 第31条, 第36条)
        appointed by the town (R-GD-5)    not by the village committee's entrustment: the
                                          town changes its own appointment; the parents'
                                          return, civil affairs, a court, emergencies may
        any other                         whatever its recorders may record
        ================================  =================================================

        Town appointments are not protected like a court's. 民法典 第31条 protects a guardian
        *designated* by the committee or civil affairs when the guardianship is disputed;
        C5's town appointment is different: a willing neighbour or volunteer cares for a
        left-behind child because the parents, who stay the guardians (民法典 第27条) and pay
        the fee, could find no one to entrust. Their return must always end it (R-GD-1). The
        principle of 不得擅自变更 still holds between authorities: the committee does not
        undo the town's appointment on its own.
        """
        if kind in EMERGENCY_KINDS:
            return
        standing = self.standing_arrangement()
        if standing is None:
            return
        if (
            carries_out is not None
            and kind == GuardianshipKind.INSTITUTIONAL
            and made_by_petition(standing) == carries_out
        ):
            return
        if is_court_made(standing) and self.made_by_ruling_on_file(standing):
            raise ce.CourtAppointmentInForce(
                "a guardian appointed by a court ruling is replaced only by a later ruling; "
                "until then only emergency care is recorded, and the child returns to that "
                "guardian (R-GD-10, 民法典 第31条、第36条)"
            )
        if (
            standing["kind"] == GuardianshipKind.APPOINTED
            and kind in ENTRUSTED_KINDS
            and role is Role.VILLAGE_COMMITTEE
        ):
            raise ce.TownAppointmentInForce(
                "the town changes the guardian it appointed; the committee does not replace "
                "the appointment on its own (R-GD-5, R-GD-10)"
            )

    def made_by_ruling_on_file(self, arrangement: dict[str, Any]) -> bool:
        """Whether the ruling that made a court-made ``arrangement`` was applied to this file.

        Court appointments and restorations are only ever made by applying their ruling. An
        institutional arrangement on ``court_appointed_civil_affairs`` cites one; an earlier
        version recorded it whatever petition id was claimed, so one citing a ruling this file
        never applied is no court's guardian and holds nobody off (R-GD-6, R-GD-10)."""
        if arrangement["kind"] != GuardianshipKind.INSTITUTIONAL:
            return True
        return made_by_petition(arrangement) in self.applied_rulings

    def check_is_guardian(
        self, person: dict[str, Any], field: str = "ruling.guardian_concerned"
    ) -> None:
        """A ruling revokes only a current guardian of the child (R-GD-8, 民法典 第36条).

        A parent is a guardian until a court revokes them (民法典 第27条): entrusting the
        child, a town's appointment or emergency care does not end it, so a parent may be
        revoked whatever arrangement the file shows. Anyone else must be the guardian of the
        arrangement in force (:meth:`standing_arrangement`) — not a temporary carer standing
        in for it, nor a guardian the file had before.
        """
        if is_parent_record(person):
            return
        standing = self.standing_arrangement()
        guardian = None if standing is None else standing["guardian"]
        if guardian is not None and same_person(guardian, person):
            return
        raise ce.NotCurrentGuardian(
            f"{field} is not a current guardian of the child: a ruling revokes the guardian in "
            "force or a parent (R-GD-8, 民法典 第36条)",
            field=field,
        )

    def check_no_parental_guardianship(self) -> None:
        """Civil affairs become the guardian as of an orphan, or of a child with no guardian
        available, only when nobody guards the child (民法典 第32条; 未成年人保护法 第92、94条).

        A parent is a guardian until a court revokes them (民法典 第27、36条), and so, for
        the file, while the arrangement in force is theirs: the parents themselves, or the
        relative, friend or neighbour caring under their entrustment or the town's
        appointment (R-GD-3…5). The file must first show that nobody guards the child — the
        child registered without a guardian, an ``absent`` record (parents dead, missing, or
        unable, and nobody else), or emergency care (R-GD-7) — or a court must remove the
        parent, and then civil affairs act on its ruling (``court_appointed_civil_affairs``).
        """
        current = self.arrangements[-1]
        if current["kind"] in PARENTAL_KINDS:
            raise ce.ParentalGuardianshipInForce(
                "ground: a parent's guardianship is in force (the parents, or someone caring "
                "under their entrustment or the town's appointment); record that no guardian "
                "is present first, or a court removes the parent (民法典 第27、32、36条)",
                field="ground",
            )

    def check_civil_affairs_appointed(
        self, cited: object, recorded: dict[str, Any] | None
    ) -> dict[str, Any]:
        """The ruling ``cited`` (``court_ruling``) is on record: ``recorded`` — what the store
        holds under its petition id — is a court's ruling on a petition about this child that
        revoked a guardian and appointed civil affairs (:data:`CIVIL_AFFAIRS_RELATIONS`), with
        the document hash cited, and this file applied it (R-GD-6, R-GD-8, R-GD-10; 民法典
        第31、36条). Returns what the arrangement records of it.
        """
        field = "court_ruling.petition_id"
        citation = CourtRulingCitation.parse(cited)
        petition_id, sha256 = citation.petition_id, citation.ruling_sha256
        if recorded is None or recorded.get("petition_id") != petition_id:
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.petition_id names no petition on record (R-GD-6, R-GD-8)",
                field=field,
            )
        if recorded.get("child_id") != str(self.id):
            raise ce.RulingForAnotherChild(
                "court_ruling.petition_id names a petition about another child", field=field
            )
        if recorded.get("outcome") is None:
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.petition_id: the court has not ruled on that petition", field=field
            )
        appointed = recorded.get("new_guardian")
        if recorded["outcome"] != "revoked" or not (
            isinstance(appointed, dict) and relation_key(appointed) in CIVIL_AFFAIRS_RELATIONS
        ):
            raise ce.RulingDoesNotAppointCivilAffairs(
                "court_ruling.petition_id: that ruling did not appoint civil affairs as the "
                "child's guardian (民法典 第36条, R-GD-6)",
                field=field,
            )
        if sha256 != recorded.get("ruling_sha256"):
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.ruling_sha256 is not the document of that ruling",
                field="court_ruling.ruling_sha256",
            )
        if citation.ruled_on is not None and citation.ruled_on != recorded.get("ruled_on"):
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.ruled_on is not the date of that ruling",
                field="court_ruling.ruled_on",
            )
        if petition_id not in self.applied_rulings or not any(
            a["kind"] == GuardianshipKind.COURT_APPOINTED and made_by_petition(a) == petition_id
            for a in self.arrangements
        ):
            raise ce.CourtRulingNotOnRecord(
                "court_ruling.petition_id: that ruling was not applied to this child's file",
                field=field,
            )
        return {
            "petition_id": petition_id,
            "ruling_sha256": sha256,
            "ruled_on": recorded["ruled_on"],
        }

    def check_report_reference(
        self, report_id: str | None, recorded: dict[str, Any] | None
    ) -> None:
        """A change or petition that names the mandatory report it follows names one on record
        about this child: ``recorded`` is what the store holds under ``report_id``
        (``{"report_id", "child_id"}``, or None when no report has that id). A report about
        an unidentified child is linked to the file first (R-RP-2, R-GD-9: the history is
        complete and true)."""
        if report_id is None:
            return
        check_uuid(report_id, "report_id")
        if recorded is None or recorded.get("report_id") != report_id:
            raise ce.ReportNotOnRecord("report_id names no report on record", field="report_id")
        if recorded.get("child_id") != str(self.id):
            raise ce.ReportNotOnRecord(
                "report_id names a report that is not linked to this child's file; link it "
                "first (POST /v1/reports/{id}/child)",
                field="report_id",
            )

    def check_petition(
        self,
        *,
        kind: str,
        guardian_concerned: dict[str, Any],
        filed_on: date,
        report_id: str | None = None,
        recorded_report: dict[str, Any] | None = None,
    ) -> None:
        """A petition about this child may be filed (R-GD-8): not dated before the child's
        birth, naming only a report on record about the child
        (:meth:`check_report_reference`), and a restoration only when
        :meth:`restorable_revocation` admits it — a court registers no application the law
        bars (不予受理)."""
        check_not_before(filed_on, "filed_on", self.birth_date)
        self.check_report_reference(report_id, recorded_report)
        if kind == "restore":
            self.restorable_revocation(guardian_concerned, filed_on, "filed_on")

    def restorable_revocation(
        self, parent: dict[str, Any], applied: date, field: str, *, crime_found: bool = False
    ) -> dict[str, Any]:
        """The revocation of ``parent`` that an application made on ``applied`` may restore.

        A revocation of this parent on this file, not yet restored; never one for an
        intentional crime against the child (民法典 第38条) — found by the revocation, or by
        the court now (``crime_found``); applied for 3 months to 1 year after it (2014 意见
        第38条). ``field`` names the application's date in errors.
        """
        revocation = next(
            (r for r in self._unrestored_revocations() if same_person(r["guardian"], parent)),
            None,
        )
        if revocation is None:
            raise ce.NoRevocationToRestore(
                "guardian_concerned: no revoked guardianship of this parent on the file (R-GD-8)",
                field="guardian_concerned",
            )
        if crime_found or revocation["intentional_crime_against_child"]:
            raise ce.RestorationNotAllowed(
                "guardian_concerned: a guardianship revoked for an intentional crime against the "
                "child is never restored (R-GD-8, 民法典 第38条)",
                field="guardian_concerned",
            )
        revoked_on = date.fromisoformat(revocation["revoked_on"])
        earliest, latest = (add_months(revoked_on, m) for m in RESTORATION_WINDOW_MONTHS)
        if not earliest <= applied <= latest:
            raise ce.RestorationOutsideWindow(
                f"{field} must be 3 months to 1 year after the revocation "
                "(2014 意见 第38条, R-GD-8)",
                field=field,
            )
        return revocation

    def _unrestored_revocations(self) -> list[dict[str, Any]]:
        return [r for r in self.revocations if r["restored_on"] is None]

    def _next(
        self,
        *,
        kind: GuardianshipKind,
        guardian: dict[str, Any] | None,
        legal_basis: str,
        documents: list[dict[str, Any]],
        approved_by: dict[str, Any] | None,
        filed_with: list[dict[str, Any]],
        effective_on: date,
        conditions: dict[str, Any],
    ) -> dict[str, Any]:
        """The next arrangement, naming the current one it replaces (R-GD-9)."""
        return new_arrangement(
            no=len(self.arrangements) + 1,
            previous=self.arrangements[-1],
            kind=kind,
            guardian=guardian,
            legal_basis=legal_basis,
            documents=documents,
            approved_by=approved_by,
            filed_with=filed_with,
            effective_on=effective_on.isoformat(),
            conditions=conditions,
        )

    def _install(self, actor: str, recorded_role: str, arrangement: dict[str, Any]) -> None:
        """Make ``arrangement`` the one current arrangement; the previous one ends (R-GD-9)."""
        new = copy.deepcopy(arrangement)
        if self.arrangements:
            previous = self.arrangements[-1]
            previous["current"] = False
            previous["ended_on"] = new["effective_on"]
            previous["superseded_by"] = new["no"]
        new.update(
            {
                "recorded_by": actor,
                "recorded_role": recorded_role,
                "current": True,
                "ended_on": None,
                "superseded_by": None,
            }
        )
        self.arrangements.append(new)
