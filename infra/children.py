"""Children's files, mandatory reports and guardianship petitions: the application service.

Authority (DESIGN §5, R-AC-3): a village committee acts on and sees its village, a town
office its town, civil affairs its county (by division-code prefix); the police act on
reports and emergencies in their area; a court sees the children of its petitions.
The domain decides which role may record what; an actor holding several roles acts in the
first role the command allows.

Reads (R-CH-4, R-AC-3). The child-protection staff of the child's own area
(:data:`AREA_KEEPERS`) keep the file and read it unrecorded; after the household moves,
that is the new area's staff, and the former area's staff read it as another department.
Every other reader is "another department" — the police, oversight and courts always, and
the staff of an area the household left — and reads only with a reason, recorded as a
chained (and sealed) event in the access stream of what was read:
``("child", id)`` for a file (which carries the guardianship history, petitions' rulings
included), ``("report", id)`` for a report. The reporter reading its own report reads
what it wrote: no other department's data, so no reason and no record. Lists (the ledger,
alerts, the report pipeline) carry no personal data and are not recorded.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

import domain.records.children.errors as ce
from domain.records import errors
from domain.records.access import AccessLog
from domain.records.actors import Role
from domain.records.aggregate import ChainedAggregate
from domain.records.children import ChildRecord
from domain.records.jurisdiction import check_village_code, covers
from domain.records.reports import GuardianshipPetition, Report
from domain.records.reports.duty import civil_day
from domain.records.text import visible
from infra.child_identity import ChildIdentity
from infra.context import Context
from infra.principal import Principal
from infra.store import Appended

A = TypeVar("A", bound=ChainedAggregate)

AREA_KEEPERS = (Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE)
"""The child's own area's child-protection staff (R-AC-2): their reads are not recorded."""

RECORDED_READERS = (Role.POLICE, Role.OVERSIGHT, Role.COURT)
"""Other departments that may read a child's file, each read recorded with its reason."""

REPORT_READERS = (Role.POLICE, Role.OVERSIGHT)
"""Other departments that may read a report of their area, each read recorded."""

GUARDIANSHIP_COMMANDS = {
    "parent": "record_parental_guardianship",
    "entrusted_relative": "entrust_to_relative",
    "entrusted_other": "entrust_to_other",
    "appointed": "appoint_guardian",
    "institutional": "place_in_institution",
    "temporary": "place_in_temporary_care",
    "absent": "record_guardian_absent",
    "return": "return_to_guardian",
}
"""Guardianship kinds recorded directly (court-appointed and restored ones come by ruling)."""


PERSON_FIELDS = {"temporary": "receiver", "institutional": "institution"}
"""The request member naming the person who takes charge, by guardianship kind (else
``guardian``)."""


def _person_field(kind: str) -> str:
    return PERSON_FIELDS.get(kind, "guardian")


def server_now() -> datetime:
    """The server's clock, timezone-aware: claimed dates may not lie after it.

    Commands that carry claimed dates get it from here, so that the domain refuses dates
    in the future without reading a clock itself.
    """
    return datetime.now(UTC)


def with_clock(command: Callable[..., Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs``, with the server's clock for a command that takes one (``now``)."""
    if "now" in inspect.signature(command).parameters:
        return {**kwargs, "now": server_now()}
    return kwargs


def roles_in_order(by: Principal) -> list[Role]:
    """The principal's roles, in a stable order."""
    return sorted(by.roles, key=lambda r: list(Role).index(r))


def as_role(by: Principal, call: Callable[[str], Any]) -> Any:
    """Run ``call(role)`` in the first of the principal's roles the domain allows."""
    last: Exception | None = None
    for role in roles_in_order(by):
        try:
            return call(role.value)
        except ce.RoleNotAllowed as exc:
            last = exc
    raise last or errors.PermissionDenied("no role")


class ChildService:
    """Commands and queries on children's files, reports and petitions."""

    def __init__(self, app: Context) -> None:
        self.app = app
        self.store = app.store
        self.identity = ChildIdentity(app.store)
        self.claims = self.identity.claims
        self.bars = self.identity.bars

    # -- authority ------------------------------------------------------------------------

    def _child(self, child_id: UUID | str) -> ChildRecord:
        try:
            stream = child_id if isinstance(child_id, UUID) else UUID(str(child_id))
        except ValueError:
            raise errors.InvalidInput("child_id is not a UUID", field="child_id") from None
        return self.store.load(ChildRecord, stream)

    def _check_area(self, by: Principal, area: str) -> None:
        # Admin manages actors, not children: no special authority here (least privilege).
        if not covers(by.jurisdiction, area):
            raise errors.WrongAgency("outside the actor's jurisdiction")

    def child_in_area(self, by: Principal, child_id: UUID | str) -> ChildRecord:
        """The child's file named in a request body, if the caller's area covers the child.

        A child outside the caller's area and a child id that names no file answer alike
        (403 ``outside-authority``, same words): the answer must not tell whether a child
        exists somewhere else (R-CH-4).
        """
        try:
            child = self._child(child_id)
        except errors.NotFound:
            child = None
        if child is None or not covers(by.jurisdiction, str(child.location["village"])):
            raise errors.WrongAgency(
                "child_id: no child's file with this id lies within the caller's jurisdiction"
            )
        return child

    def _court_may_read(self, by: Principal, child_id: str) -> bool:
        """A court reads the children of petitions filed with it (in its area)."""
        views = self.app.views
        views.catch_up()
        doc = views.document("children_ledger", "petitions_by_child", child_id)
        return doc is not None and covers(by.jurisdiction, str(doc.get("area", "")))

    def _command(
        self, cls: type[A], stream: UUID, by: Principal, method: str, **kwargs: Any
    ) -> list[Appended]:
        def action(aggregate: A) -> None:
            if isinstance(aggregate, ChildRecord):
                self._check_area(by, str(aggregate.location["village"]))
            elif isinstance(aggregate, Report):
                self._check_area(by, aggregate.area)
            command = getattr(aggregate, method)
            given = with_clock(command, kwargs)
            as_role(by, lambda role: command(actor=by.actor_id, actor_role=role, **given))

        return self.store.command(cls, stream, action)

    # -- children --------------------------------------------------------------------------

    def register(
        self, by: Principal, *, distinct_child_reason: str | None = None, **fields: Any
    ) -> tuple[ChildRecord, list[Appended]]:
        """Open a child's file (R-CH-1): one per child (一人一档案, ADR 0005).

        The file claims its identities (:mod:`domain.records.children.claims`) in the
        transaction that registers it. A child who has a file is refused (409
        ``child-already-registered``, or ``child-possibly-registered`` for a name, birth date
        and village, which ``distinct_child_reason`` may overcome, recorded); the refusal
        names the file only to a caller whose area covers it (``IdentityClaims.pointer``).
        """
        location = fields.get("location") or {}
        self._check_area(by, str(location.get("village", "")))
        return self.identity.register(
            by, lambda: self._registration(by, fields), distinct_child_reason
        )

    @staticmethod
    def _registration(by: Principal, fields: dict[str, Any]) -> ChildRecord:
        """The new file, decided on the server's clock now (not yet stored)."""
        now = server_now()
        child: ChildRecord = as_role(
            by,
            lambda role: ChildRecord.register(
                actor=by.actor_id, actor_role=role, now=now, **fields
            ),
        )
        return child

    def child_command(
        self, by: Principal, child_id: UUID, method: str, **kwargs: Any
    ) -> list[Appended]:
        """Run one command on a child's file."""
        return self._command(ChildRecord, child_id, by, method, **kwargs)

    def identity_change(
        self, by: Principal, child_id: UUID, method: str, **kwargs: Any
    ) -> list[Appended]:
        """A correction of personal data or a move of the household (R-CH-1), with the
        identity claims it moves in the same transaction (ADR 0005 §6): refused, with
        nothing recorded, if another file holds the new identity.

        The caller's area covers the household before the change: a move is recorded by the
        staff who kept the file (or whose area covers both), and then the new area keeps it.
        """

        if method == "correct_personal" and kwargs.get("field") == "birth_date":
            kwargs = {**kwargs, "recorded_elsewhere": self._recorded_about(str(child_id))}

        def decide(child: ChildRecord) -> None:
            self._check_area(by, str(child.location["village"]))
            command = getattr(child, method)
            given = with_clock(command, kwargs)
            as_role(by, lambda role: command(actor=by.actor_id, actor_role=role, **given))

        return self.identity.change(by, child_id, method, decide, str(kwargs.get("reason")))

    def _recorded_about(self, child_id: str) -> list[tuple[str, date]]:
        """The dated records about a child kept outside its file (R-CH-1): the day each
        report about it was noticed (China time) and the day its petition was filed."""
        views = self.app.views
        views.catch_up()
        found: list[tuple[str, date]] = []
        for report in views.documents("children_ledger", "reports"):
            if report.get("child_id") == child_id and report.get("noticed_at"):
                noticed = datetime.fromisoformat(str(report["noticed_at"]))
                found.append(("a report about the child noticed", civil_day(noticed)))
        petition = views.document("children_ledger", "petitions_by_child", child_id)
        if petition is not None and petition.get("filed_on"):
            found.append(("a petition filed", date.fromisoformat(str(petition["filed_on"]))))
        return found

    def guardianship(
        self, by: Principal, child_id: UUID, kind: str, **kwargs: Any
    ) -> list[Appended]:
        """Record a change of guardianship of one kind (R-GD-1…9).

        Institutional guardianship on a court's appointment cites a ruling; the record of that
        ruling — the petition stream it names, whatever the caller claims of it — goes to the
        domain beside the citation, which checks the two against each other and against the
        rulings applied to the file (R-GD-6, R-GD-8, R-GD-10).
        """
        if kind == "institutional" and kwargs.get("court_ruling") is not None:
            kwargs = {**kwargs, "recorded_ruling": self._recorded_ruling(kwargs["court_ruling"])}
        if kind in {"temporary", "absent"} and kwargs.get("report_id") is not None:
            kwargs = {**kwargs, "recorded_report": self._recorded_report(kwargs["report_id"])}
        method = GUARDIANSHIP_COMMANDS[kind]

        def action(child: ChildRecord) -> list[ChainedAggregate]:
            self._check_area(by, str(child.location["village"]))
            before = len(child.arrangements)
            command = getattr(child, method)
            given = with_clock(command, kwargs)
            as_role(by, lambda role: command(actor=by.actor_id, actor_role=role, **given))
            if len(child.arrangements) > before:
                # Nobody a court revoked on another file takes charge (R-GD-8, ADR 0005 §8).
                return [*self.bars.check_current(child, _person_field(kind), by=by)]
            return []

        appended = self.store.command(ChildRecord, child_id, action)
        # A namesake's flag on a bar is civil affairs' to read, not the caller's (R-GD-8).
        return [e for e in appended if not e.type.startswith("guardian_bars.")]

    def _recorded_report(self, report_id: object) -> dict[str, Any] | None:
        """What the store holds under ``report_id``: ``{"report_id", "child_id"}`` (the child
        it is linked to, or None), or None when no report has that id."""
        try:
            stream = UUID(str(report_id))
        except ValueError:
            return None
        if str(stream) != report_id:
            return None
        try:
            report = self.store.load(Report, stream)
        except errors.NotFound:
            return None
        return {"report_id": report_id, "child_id": report.child_id}

    def _recorded_ruling(self, cited: object) -> dict[str, Any] | None:
        """What the store holds under the petition id ``cited`` names: the petition's ruling
        as :meth:`GuardianshipPetition.ruling_for_child` gives it (``outcome`` None while
        unruled), or None when no petition has that id. Petitions are ruled once, so the
        answer cannot change before the command's transaction commits."""
        petition_id = cited.get("petition_id") if isinstance(cited, dict) else None
        try:
            stream = UUID(str(petition_id))
        except ValueError:
            return None
        if str(stream) != petition_id:
            return None
        try:
            petition = self.store.load(GuardianshipPetition, stream)
        except errors.NotFound:
            return None
        if petition.ruling is None:
            return {"petition_id": petition_id, "child_id": petition.child_id, "outcome": None}
        return petition.ruling_for_child()

    def read_child(self, by: Principal, child_id: UUID, reason: str | None) -> dict[str, Any]:
        """A child's file, if ``by`` may read it; reads by other departments are recorded.

        The file's keepers see in ``reads`` who read it, when, in which role and why (from the
        access stream, R-CH-4, R-AC-3); other departments see the file without them
        (``reads`` is null): whom another department consulted is not theirs to know.
        """
        child = self._child(child_id)
        role = self.file_reader(by, child)
        if role is None:  # the child's own protection chain: not an access to record
            return {**child.state(), "reads": self._reads_of(child)}
        self._record(by, "child", child_id, role, "file", reason)
        return {**child.state(), "reads": None}

    def file_reader(self, by: Principal, child: ChildRecord | UUID | str) -> Role | None:
        """How ``by`` reads the child's file (and what belongs to it, such as the documents
        uploaded for it): ``None`` for the staff of the child's area, who keep the file and
        read it unrecorded; the role in which another department reads it, recorded with a
        reason (police and oversight of the area, a court of the child's petitions, the staff
        of an area the household left); :class:`PermissionDenied` for anyone else (R-CH-4,
        R-AC-3)."""
        if not isinstance(child, ChildRecord):
            child = self._child(child)
        area = str(child.location["village"])
        if by.has(*AREA_KEEPERS) and covers(by.jurisdiction, area):
            return None
        for role in RECORDED_READERS:
            if by.has(role) and self._may_read_file(by, role, area, str(child.id)):
                return role
        former = self._former_keeper(by, child)
        if former is not None:
            return former
        raise errors.PermissionDenied("this child's file is outside the caller's authority")

    @staticmethod
    def _former_keeper(by: Principal, child: ChildRecord) -> Role | None:
        """The role in which the staff of an area the household moved away from read the file:
        as another department, with a reason, recorded (R-AC-3) — they answer for what they
        did while they kept it, and keep no other authority over it (``file.py``)."""
        for move in child.moves:
            if covers(by.jurisdiction, str(move["from"]["village"])):
                return next((r for r in AREA_KEEPERS if by.has(r)), None)
        return None

    def _reads_of(self, child: ChildRecord) -> list[dict[str, Any]]:
        """Every recorded read of the child's file, oldest first (:meth:`_recorded_reads`).
        Reads recorded on the file itself by early versions (``FileRead``, no time) come
        first."""
        reads: list[dict[str, Any]] = [
            {"actor": r["actor"], "role": r["role"], "what": "file", "reason": r["purpose"],
             "at": None}
            for r in child.reads
        ]  # fmt: skip
        return reads + self._recorded_reads("child", child.id)

    def _recorded_reads(self, kind: str, subject: UUID) -> list[dict[str, Any]]:
        """The reads recorded in the access stream of ``(kind, subject)``, oldest first:
        ``actor``, ``role``, ``what``, ``reason`` and ``at`` (when the read was recorded, the
        event's ``at``). A court's bundle of the child taken away (``access.BundleExported``)
        is one too, ``what`` ``bundle``, with the ``sha256`` and ``size`` of exactly the bytes
        handed over (docs/courts.md). Shown to the subject's keepers only (R-CH-4, R-AC-3)."""
        reads: list[dict[str, Any]] = []
        try:
            events = self.store.history(AccessLog.create_id(kind, str(subject)))
        except errors.NotFound:
            return reads
        for stored in events:
            envelope = stored.envelope
            if envelope.type == "access.Read":
                data = envelope.data
                reads.append(
                    {"actor": envelope.actor, "role": data["role"], "what": data["what"],
                     "reason": data["reason"], "at": envelope.at}
                )  # fmt: skip
            elif envelope.type == "access.BundleExported":
                data = envelope.data
                reads.append(
                    {"actor": envelope.actor, "role": data["role"], "what": "bundle",
                     "reason": data["reason"], "at": envelope.at, "sha256": data["sha256"],
                     "size": data["size"]}
                )  # fmt: skip
        return reads

    def _may_read_file(self, by: Principal, role: Role, area: str, child_id: str) -> bool:
        """Police and oversight read the files of their area, a court those of its petitions."""
        if role is Role.COURT:
            return self._court_may_read(by, child_id)
        return covers(by.jurisdiction, area)

    def _record(
        self, by: Principal, kind: str, subject: UUID, role: Role, what: str, reason: str | None
    ) -> None:
        """Record another department's read in the subject's access stream (R-AC-3), or
        refuse it — appending nothing — when it gives no reason."""
        reason = visible(reason)
        if reason is None:
            raise errors.InvalidInput(
                f"a {role.value} read of a child's data needs a reason (?reason=…); it is recorded",
                field="reason",
            )
        self.app.record_read(by, kind, str(subject), role.value, what, reason)

    # -- reports (R-RP, R-EM) -----------------------------------------------------------------

    def file_report(self, by: Principal, **fields: Any) -> tuple[Report, list[Appended]]:
        """A mandatory report (R-RP-1, R-RP-2).

        A report about a child's file belongs to the child's village, whoever files it: an
        ``area`` beside ``child_id`` is refused (422 ``field-not-allowed``, ``field: area``)
        whatever its value,
        so the answer never tells a reporter where a child lives. A school or hospital
        (reporter) names a child from anywhere; the village committee and police file only
        about children of their area (a child elsewhere answers as one that does not
        exist). A report about an unidentified child needs the village code of ``area``.
        """
        if fields.get("child_id"):
            if fields.get("area") is not None:
                raise errors.FieldNotAllowed(
                    "area: a report about a child's file belongs to the child's village; give "
                    "area only with unidentified_child",
                    field="area",
                )
            if by.has(Role.REPORTER):  # a hospital or school reports children from anywhere
                child = self._child(str(fields["child_id"]))
            else:
                child = self.child_in_area(by, str(fields["child_id"]))
            fields["area"] = str(child.location["village"])
            fields["child_born_on"] = child.birth_date  # from the file, never the caller
        elif fields.get("area") is None:
            raise errors.InvalidJurisdiction(
                "area (the village code) is required when no child is named", field="area"
            )
        else:
            check_village_code(fields["area"], "area")
        if not by.has(Role.REPORTER):
            self._check_area(by, str(fields["area"]))
        now = server_now()
        report = as_role(
            by, lambda role: Report.file(actor=by.actor_id, actor_role=role, now=now, **fields)
        )
        return report, self.store.append(report)

    def link_child(self, by: Principal, report_id: UUID, child_id: str) -> list[Appended]:
        """Link an unidentified child's report to the child's file; the report moves to the
        child's village (a named child's report belongs to its own area).

        The caller's area covers the report's area and the child's; a child outside it, or
        an id that names no file, answers alike (403 ``outside-authority``).
        """
        child = self.child_in_area(by, child_id)
        village = str(child.location["village"])

        def action(report: Report) -> None:
            self._check_area(by, report.area)
            as_role(
                by,
                lambda role: report.link_child(
                    actor=by.actor_id, actor_role=role, child_id=child_id, area=village,
                    child_born_on=child.birth_date,
                ),
            )  # fmt: skip

        return self.store.command(Report, report_id, action)

    def report_command(
        self, by: Principal, report_id: UUID, method: str, **kwargs: Any
    ) -> list[Appended]:
        """Advance a report through its pipeline (R-EM-1, R-EM-2). A failure to report is
        bounded by the birth of the child named, as the child's file records it (R-RP-2)."""
        if method != "record_failure_to_report":
            return self._command(Report, report_id, by, method, **kwargs)

        def action(report: Report) -> None:
            self._check_area(by, report.area)
            born = None if report.child_id is None else self._child(report.child_id).birth_date
            given = with_clock(report.record_failure_to_report, kwargs)
            as_role(
                by,
                lambda role: report.record_failure_to_report(
                    actor=by.actor_id, actor_role=role, child_born_on=born, **given
                ),
            )

        return self.store.command(Report, report_id, action)

    def read_report(
        self, by: Principal, report_id: UUID, reason: str | None = None
    ) -> dict[str, Any]:
        """A report as the caller may see it: the reporter is hidden unless needed (R-RP-3).

        The reporter reads its own report, and the area's child-protection staff theirs,
        unrecorded; the police and oversight give a reason and the read is recorded. The
        area's staff see in ``reads`` who read the report, when, in which role and why;
        everyone else gets ``reads`` null. A caller with none of these roles is refused
        before the report's area is looked at (403 ``forbidden``), so that the refusal never
        tells where the child lives; the reporter sees no area (:meth:`Report.view`).
        """
        report = self.store.load(Report, report_id)
        if by.actor_id == report.filed_by:
            role = roles_in_order(by)[0].value if by.roles else "operator"
            return {**report.view(role, by.actor_id), "reads": None}
        keeper = next((r for r in AREA_KEEPERS if by.has(r)), None)
        reading = keeper or next((r for r in REPORT_READERS if by.has(r)), None)
        if reading is None:  # refused before the area is looked at: the answer names no place
            raise errors.PermissionDenied("reports are for the police and child protection")
        self._check_area(by, report.area)
        if reading is keeper:
            reads = self._recorded_reads("report", report_id)
            return {**report.view(reading.value, by.actor_id), "reads": reads}
        self._record(by, "report", report_id, reading, "report", reason)
        return {**report.view(reading.value, by.actor_id), "reads": None}

    # -- petitions and rulings (R-GD-8, R-IV-1) ------------------------------------------------

    def file_petition(
        self, by: Principal, **fields: Any
    ) -> tuple[GuardianshipPetition, list[Appended]]:
        """A petition to a court to revoke (or restore) guardianship. A child outside the
        caller's area answers as one that does not exist (:meth:`child_in_area`)."""
        child = self.child_in_area(by, str(fields["child_id"]))
        now = server_now()
        petition = as_role(
            by,
            lambda role: GuardianshipPetition.file(
                actor=by.actor_id, actor_role=role, now=now, **fields
            ),
        )
        # The file admits the petition (R-GD-8): dated after the child's birth, naming a report
        # about this child if any; a restoration within its window, never after a crime
        # against the child — the court registers no application the law bars, and nothing
        # is recorded.
        child.check_petition(
            kind=petition.kind.value,
            guardian_concerned=petition.guardian_concerned,
            filed_on=petition.filed_on,
            report_id=petition.report_id,
            recorded_report=(
                None if petition.report_id is None else self._recorded_report(petition.report_id)
            ),
        )
        return petition, self.store.append(petition)

    def rule(self, by: Principal, petition_id: UUID, **fields: Any) -> list[Appended]:
        """The court's ruling; when it revokes and appoints (or restores), the child's
        guardianship changes in the same transaction."""
        if not by.has(Role.COURT):
            raise errors.PermissionDenied("only a court rules on a petition")
        now = server_now()
        for _ in range(4):
            petition = self.store.load(GuardianshipPetition, petition_id)
            child = self._child(UUID(petition.child_id))
            self._check_area(by, str(child.location["village"]))

            def rule(role: str, petition: GuardianshipPetition = petition) -> None:
                petition.rule(actor=by.actor_id, actor_role=role, now=now, **fields)

            def apply(
                role: str, petition: GuardianshipPetition = petition, child: ChildRecord = child
            ) -> None:
                child.apply_court_ruling(
                    actor=by.actor_id, actor_role=role, ruling=petition.ruling_for_child(), now=now
                )

            as_role(by, rule)
            as_role(by, apply)
            ruling = petition.ruling_for_child()
            flagged = []
            if ruling.get("outcome") == "revoked":
                flagged = self.bars.check_current(child, "ruling.new_guardian", by=by)
            # The revoked person is barred on every file; a restoration lifts it (R-GD-8).
            bars = [*flagged, *self.bars.after_ruling(by.actor_id, child, ruling)]
            try:
                appended = self.store.append(petition, child, *bars)
            except errors.ChainConflict:
                continue
            # The bars are recorded, not listed: whether a key was barred before by another
            # file's ruling is not the court's answer to read (ADR 0005 §8).
            return [e for e in appended if e.stream in {str(petition.id), str(child.id)}]
        raise errors.ChainConflict("the child's file kept changing; retry the ruling")
