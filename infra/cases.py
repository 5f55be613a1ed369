# Long because: one application service per aggregate — every enforcement-case command, each a
# short load–check–append, from opening through review, collective discussion and decision.
"""Enforcement-case commands and queries: the application service for
``domain.records.enforcement``.

Facts that live in other streams are resolved here and handed to the aggregate:
officers' certificates (R-EN-3), evidence media types (R-AV-2/3), the catalogue's
judgement of a draft (R-LR-2). Authority is checked here against role, agency and
jurisdiction (DESIGN §5); the case's own invariants are the aggregate's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from domain.records import errors
from domain.records.actors import Actor, Role, Status
from domain.records.catalogue import (
    ACTION_TYPE_LABELS,
    CATALOGUE_STREAM,
    DEFAULT_REVIEW_TIME_LIMIT_WORKDAYS,
    SIMPLIFIED_PROCEDURE,
    AgencyCatalogue,
    Catalogue,
    CatalogueJudgement,
    SimplifiedProcedureExceeded,
    collective_quorum,
    judge_by,
    review_time_limit,
    simplified_refusal,
)
from domain.records.enforcement import EnforcementCase
from domain.records.enforcement.review import review_due
from domain.records.evidence import Evidence, check_sha256
from domain.records.jurisdiction import check_division_code, covers
from domain.records.qualification import penalty_review_refusal
from domain.records.text import visible
from domain.records.workdays import publication_deadline
from infra.case_lifecycle import CaseLifecycle, require_certificate_in_force
from infra.catalogues import CatalogueService
from infra.clock import check_not_future_day, check_not_future_time, today
from infra.context import Context
from infra.principal import Principal
from infra.store import Appended

__all__ = [
    "AGENCY_READERS",
    "CASE_READERS",
    "READERS_WHO_ARE_RECORDED",
    "CaseService",
    "may_open_case",
    "reads_as_insider",
    "today",
]
"""``today`` lives in ``infra.clock``; it is named here too, where callers found it."""

READERS_WHO_ARE_RECORDED = frozenset({Role.COURT, Role.OVERSIGHT})
"""Reads by these roles are themselves recorded, with a reason (DESIGN §5)."""

AGENCY_READERS = frozenset({Role.OFFICER, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER})
"""Roles that read the cases of their own agency in their area (R-LR-5: a legal reviewer only
its own agency's legal office's)."""

CASE_READERS = AGENCY_READERS | READERS_WHO_ARE_RECORDED | {Role.ADMIN}
"""Every role that may open some case; any other caller opens none."""


def reads_as_insider(by: Principal, agency: str, jurisdiction: str) -> bool:
    """Whether ``by`` reads a case of ``agency`` in ``jurisdiction`` as its own agency's:
    officer, head or legal reviewer of that agency, with an area covering the case (DESIGN §5:
    both are checked)."""
    return by.has(*AGENCY_READERS) and by.agency == agency and covers(by.jurisdiction, jurisdiction)


def may_open_case(by: Principal, agency: str, jurisdiction: str) -> bool:
    """Whether ``by`` may open a case of ``agency`` in ``jurisdiction`` at all: as an insider,
    as an admin, or as a court or oversight body of the area (with a reason, recorded). The one
    rule behind ``GET /v1/cases/{id}`` and every list of cases: a list never shows a case its
    caller could not open."""
    if reads_as_insider(by, agency, jurisdiction) or by.has(Role.ADMIN):
        return True
    return by.has(*READERS_WHO_ARE_RECORDED) and covers(by.jurisdiction, jurisdiction)


class CaseService:
    """Commands and queries on enforcement cases."""

    def __init__(
        self,
        app: Context,
        catalogues: CatalogueService,
        review_workdays: int = DEFAULT_REVIEW_TIME_LIMIT_WORKDAYS,
    ) -> None:
        self.app = app
        self.store = app.store
        self.catalogues = catalogues
        self.review_workdays = review_workdays
        """The deployment's review time limit where a catalogue sets none (R-LR-7)."""
        self.lifecycle = CaseLifecycle(app)
        """Endings, closing facts, deadlines (R-EN-5/6, R-PB-2): ``infra/case_lifecycle.py``."""

    # -- helpers ------------------------------------------------------------------------

    def _officer_credential(
        self, actor_id: str, agency: str, on: date, jurisdiction: str | None = None
    ) -> dict[str, Any]:
        """An officer's certificate valid on ``on``, as recorded in the case (R-EN-3)."""
        try:
            actor = self.store.load(Actor, UUID(actor_id))
        except (ValueError, errors.NotFound):
            raise errors.InvalidInput(f"officer {actor_id} is not a registered actor") from None
        if not actor.has_role(Role.OFFICER):
            raise errors.InvalidInput(f"actor {actor_id} is not an enforcement officer")
        if actor.status is not Status.ACTIVE:
            raise errors.CertificateInvalid(f"officer {actor_id} is {actor.status.value}")
        if actor.agency != agency:
            raise errors.WrongAgency(f"officer {actor_id} belongs to another agency")
        self._check_not_sanctioned(actor, on)
        if jurisdiction is not None and not covers(actor.jurisdiction, jurisdiction):
            raise errors.WrongAgency(
                f"officer {actor_id}'s area ({actor.jurisdiction}) does not cover the case's "
                f"({jurisdiction}): they could never act on it (R-EN-3)"
            )
        certificate = actor.certificate_valid_on(on)
        if certificate is None:
            raise errors.CertificateInvalid(
                f"officer {actor_id} holds no enforcement certificate valid on {on} (R-EN-3)"
            )
        return {
            "actor_id": actor_id,
            "name": actor.name,
            "certificate": certificate.number,
            "valid_until": certificate.valid_until.isoformat(),
        }

    def _case(self, case_id: UUID) -> EnforcementCase:
        return self.store.load(EnforcementCase, case_id)

    def _command(
        self, case_id: UUID, action: Callable[[EnforcementCase], object]
    ) -> list[Appended]:
        def run(case: EnforcementCase) -> None:
            action(case)

        return self.store.command(EnforcementCase, case_id, run)

    @staticmethod
    def _insider(by: Principal, case: EnforcementCase) -> bool:
        """Of the case's agency, with a jurisdiction covering the case's (DESIGN §5: both)."""
        return by.agency == case.agency and covers(by.jurisdiction, case.jurisdiction)

    def _require_officer(self, by: Principal, case: EnforcementCase) -> None:
        if not by.has(Role.OFFICER):
            raise errors.PermissionDenied("this needs the role officer")
        if not self._insider(by, case):
            raise errors.WrongAgency("the case belongs to another agency or area")
        require_certificate_in_force(self.store, by, today())

    @staticmethod
    def _check_not_sanctioned(actor: Actor, on: date) -> None:
        """A certificate a sanction bars acts on no case from the day it is recorded (R-SV-4)."""
        barred = actor.certificate_barred_on(on)
        if barred is not None:
            raise errors.CertificateSanctioned(
                f"officer {actor.id}'s enforcement certificate is barred on {on} by a sanction "
                f"recorded on {barred.recorded_on} ({barred.kind}, R-SV-4)"
            )

    # -- opening and officers -----------------------------------------------------------

    def open_case(
        self,
        by: Principal,
        *,
        action_type: str,
        title: str,
        agency: str,
        jurisdiction: str,
        officers: list[str],
        party: dict[str, Any],
        simplified: bool = False,
        filed_on: str | None = None,
    ) -> tuple[EnforcementCase, list[Appended]]:
        """Open a case (officer of the agency, two certified officers: R-EN-3).

        ``filed_on`` (立案日期, default today) may be earlier than the recording (R-EN-2);
        the officers' certificates must be valid on it and today.
        """
        if not by.has(Role.OFFICER):
            raise errors.PermissionDenied("only an officer opens a case")
        if agency != by.agency:
            raise errors.WrongAgency("an officer opens cases of their own agency only")
        check_division_code(jurisdiction, "jurisdiction")  # a real area, or nobody covers it
        if not covers(by.jurisdiction, jurisdiction):
            raise errors.WrongAgency(f"jurisdiction {jurisdiction} is outside the officer's")
        filed = today() if filed_on is None else date.fromisoformat(filed_on)
        check_not_future_day(filed, "filed_on")
        if simplified and action_type not in SIMPLIFIED_PROCEDURE["action_types"]:
            raise SimplifiedProcedureExceeded(
                "the simplified procedure (简易程序) is for penalties (行政处罚), not for "
                f"{ACTION_TYPE_LABELS.get(action_type, action_type)} "
                f"({SIMPLIFIED_PROCEDURE['basis']})",
                field="simplified",
            )
        for o in dict.fromkeys(officers):
            self._officer_credential(o, agency, today(), jurisdiction)
        credentials = [
            self._officer_credential(o, agency, filed, jurisdiction)
            for o in dict.fromkeys(officers)
        ]
        if len(officers) != len(credentials):
            raise errors.InvalidInput("an officer is listed twice")
        case = EnforcementCase.open(
            actor=by.actor_id,
            action_type=action_type,
            title=title,
            agency=agency,
            jurisdiction=jurisdiction,
            party=party,
            officers=credentials,
            filed_on=filed.isoformat(),
            simplified=simplified,
        )
        return case, self.store.append(case)

    def assign_officers(self, by: Principal, case_id: UUID, officers: list[str]) -> list[Appended]:
        """Add certified officers to a case."""

        def action(case: EnforcementCase) -> None:
            self._require_officer(by, case)
            creds = [
                self._officer_credential(o, case.agency, today(), case.jurisdiction)
                for o in officers
            ]
            case.assign_officers(actor=by.actor_id, officers=creds)

        return self._command(case_id, action)

    # -- steps --------------------------------------------------------------------------

    def evidence_refs(self, hashes: list[str], agency: str | None = None) -> list[dict[str, Any]]:
        """Resolve evidence hashes to registered blobs, refusing unknown ones.

        With ``agency``, every cited blob — a recording, a photo, a document alike — must
        have been uploaded for a case of that agency (R-AV-1, R-AV-2), and its stream must
        record no upload for a child's file: the court bundle carries the stream of each
        cited blob, and a child's id and village have no place in it. Evidence uploaded
        only for a child's file has a stream of its own, which a case never finds
        (``evidence-not-found``, the same answer as for bytes never uploaded).
        """
        refs = []
        for sha in dict.fromkeys(hashes):
            check_sha256(sha)
            try:
                evidence = self.store.load(Evidence, Evidence.create_id(sha))
            except errors.NotFound:
                raise errors.EvidenceNotFound(
                    f"no evidence with sha256 {sha} was uploaded for a case"
                ) from None
            if agency is not None and (
                not evidence.uploaded_for_agency(agency) or evidence.uploaded_for_a_child()
            ):
                raise errors.EvidenceNotForThisCase(
                    f"the evidence {sha} was not uploaded for a case of {agency}, or was also "
                    "uploaded for a child's file; upload it with purpose=case and this case's "
                    "case_id (R-AV-1)"
                )
            refs.append(evidence.ref())
        return refs

    def record_step(
        self,
        by: Principal,
        case_id: UUID,
        *,
        kind: str,
        summary: str,
        evidence: list[str],
        touches: list[str],
        full_process_recording: str | None,
        present: list[str],
        occurred_at: str | None,
    ) -> list[Appended]:
        """Record a step (R-AV-1..3) by an assigned officer with a valid certificate."""
        check_not_future_time(occurred_at, "occurred_at")

        def action(case: EnforcementCase) -> None:
            self._require_officer(by, case)
            if case.simplified and kind == "hearing":
                raise SimplifiedProcedureExceeded(
                    "a hearing (听证) has no place in the simplified procedure, whose facts are "
                    "certain (行政处罚法 第51条); the case needs the ordinary procedure (R-LR-9)"
                )
            refs = self.evidence_refs(evidence, agency=case.agency)
            for officer in {by.actor_id, *present}:
                if officer in case.officers:
                    self._officer_credential(officer, case.agency, today())
            case.record_step(
                actor=by.actor_id,
                kind=kind,
                summary=summary,
                evidence=refs,
                touches=touches,
                full_process_recording=full_process_recording,
                present=present,
                occurred_at=occurred_at,
            )

        return self._command(case_id, action)

    # -- drafts and reviews ---------------------------------------------------------------

    @staticmethod
    def _beyond_simplified(case: EnforcementCase, content: dict[str, Any]) -> str | None:
        """Why a draft of ``case`` is outside the simplified procedure's caps, or None."""
        return simplified_refusal(
            action_type=case.action_type.value,
            measures=content["measures"],
            fine_fen=content["fine_fen"],
            confiscation_fen=content["confiscation_fen"],
            party_kind=case.party["kind"],
        )

    def judge_draft(
        self,
        case: EnforcementCase,
        content: dict[str, Any],
        catalogue: Catalogue | AgencyCatalogue,
        version: int,
    ) -> CatalogueJudgement:
        """Judge a draft by one catalogue version, with the facts the case's record
        establishes (R-LR-9 simplified caps, a recorded hearing) over the drafter's word."""
        simplified = case.simplified and self._beyond_simplified(case, content) is None
        return judge_by(
            catalogue.data_of(version),
            stream=catalogue.id,
            version=version,
            event_hash=catalogue.version_hashes[version],
            action_type=case.action_type.value,
            measures=content["measures"],
            fine_fen=content["fine_fen"],
            confiscation_fen=content["confiscation_fen"],
            party_kind=case.party["kind"],
            flags=list(dict.fromkeys([*content["flags"], *case.recorded_flags()])),
            simplified=simplified,
        )

    def submit_draft(
        self, by: Principal, case_id: UUID, content: dict[str, Any]
    ) -> tuple[str, dict[str, Any], list[Appended]]:
        """Submit a draft; the catalogue in force for the case judges whether it is major
        (R-LR-2, R-LR-10). A simplified-procedure case refuses a draft beyond the caps of
        第51条 (R-LR-9)."""
        outcome: dict[str, Any] = {}

        def action(case: EnforcementCase) -> None:
            self._require_officer(by, case)
            if case.simplified:
                beyond = self._beyond_simplified(case, content)
                contested = sorted({"hearing_held", "complex_case"} & set(content["flags"]))
                if beyond is None and contested:
                    beyond = (
                        f"flags {contested} contradict the simplified procedure, whose facts "
                        "are certain and whose law is clear (第51条)"
                    )
                if beyond is not None:
                    raise SimplifiedProcedureExceeded(
                        f"this case was opened under the simplified procedure, but {beyond}; "
                        "open a case under the ordinary procedure (R-LR-9)"
                    )
            catalogue, version = self.catalogues.catalogue_in_force(case.agency, case.jurisdiction)
            judged = self.judge_draft(case, content, catalogue, version)
            outcome.update(
                major=judged.major,
                matched_rules=list(judged.matched_rules),
                collective_rules=list(judged.collective_rules),  # the heads decide (R-EN-7)
                catalogue_version=judged.catalogue_version,
                catalogue_stream=judged.catalogue_stream,
            )
            outcome["draft_hash"] = case.submit_draft(
                actor=by.actor_id,
                content=content,
                major=judged.major,
                matched_rules=list(judged.matched_rules),
                catalogue_version=judged.catalogue_version,
                catalogue_event_hash=judged.catalogue_event_hash,
                catalogue_stream=(
                    None
                    if judged.catalogue_stream == str(CATALOGUE_STREAM)
                    else judged.catalogue_stream
                ),
            )

        events = self._command(case_id, action)
        return outcome["draft_hash"], outcome, events

    def request_review(
        self, by: Principal, case_id: UUID, draft_hash: str, requested_on: str | None = None
    ) -> tuple[str, list[Appended]]:
        """Send the current draft to legal review; returns the review id.

        ``requested_on`` is the date on the request (default today; not in the future nor
        before the filing, R-EN-2). The review is due the agency's time limit in working
        days later (R-LR-7): the limit of the catalogue in force for the case, else the
        deployment's; the due date is stored with the request.
        """
        review_id = str(uuid.uuid4())
        on = today() if requested_on is None else date.fromisoformat(requested_on)
        check_not_future_day(on, "requested_on")

        def action(case: EnforcementCase) -> None:
            self._require_officer(by, case)
            if on < case.filed_on:
                raise errors.DateBeforeFiling(
                    f"requested_on {on} is before the case was filed ({case.filed_on})",
                    field="requested_on",
                )
            catalogue, version = self.catalogues.catalogue_in_force(case.agency, case.jurisdiction)
            workdays = review_time_limit(catalogue.data_of(version), self.review_workdays)
            case.request_review(
                actor=by.actor_id,
                review_id=review_id,
                draft_hash=draft_hash,
                requested_on=on.isoformat(),
                review_due_on=review_due(on, workdays).due.isoformat(),
                time_limit_workdays=workdays,
            )

        return review_id, self._command(case_id, action)

    def record_opinion(
        self,
        by: Principal,
        case_id: UUID,
        review_id: str,
        *,
        result: str,
        items: dict[str, Any],
        signature: str,
        reviewed_on: str | None = None,
    ) -> list[Appended]:
        """A legal reviewer's opinion (R-LR-5, R-LR-6), dated ``reviewed_on`` (default
        today; never in the future nor before the case was filed)."""
        on = today() if reviewed_on is None else date.fromisoformat(reviewed_on)
        check_not_future_day(on, "reviewed_on")

        def action(case: EnforcementCase) -> None:
            if not by.has(Role.LEGAL_REVIEWER):
                raise errors.PermissionDenied("only a legal reviewer records an opinion")
            if not self._insider(by, case):
                raise errors.ReviewerOutsideLegalOffice(
                    "only a legal reviewer of the case's own agency, with a jurisdiction "
                    "covering the case, reviews its drafts (R-LR-5)"
                )
            if on < case.filed_on:
                raise errors.DateBeforeFiling(
                    f"reviewed_on {on} is before the case was filed ({case.filed_on})",
                    field="reviewed_on",
                )
            # R-LR-5, 第58条第2款: from the reviewer's actor record, never their word.
            reviewer = self.store.load(Actor, UUID(by.actor_id))
            unqualified = penalty_review_refusal(
                by.actor_id, case.action_type.value, on,
                reviewer.legal_qualifications, reviewer.prior_review_service,
            )  # fmt: skip
            if unqualified is not None:
                raise unqualified
            case.record_opinion(
                actor=by.actor_id,
                review_id=review_id,
                result=result,
                items=items,
                signature=signature,
                reviewed_on=on.isoformat(),
            )

        return self._command(case_id, action)

    # -- collective discussion (R-EN-7) -------------------------------------------------------

    def _heads_of(self, case: EnforcementCase, people: list[str]) -> frozenset[str]:
        """Those of ``people`` who are, by their actor records, active heads of the case's
        agency with a jurisdiction covering the case (R-EN-7)."""
        heads = set()
        for person in people:
            try:
                actor = self.store.load(Actor, UUID(person))
            except (ValueError, errors.NotFound):
                continue
            if (actor.has_role(Role.AGENCY_HEAD) and actor.status is Status.ACTIVE
                    and actor.agency == case.agency
                    and covers(actor.jurisdiction, case.jurisdiction)):  # fmt: skip
                heads.add(person)
        return frozenset(heads)

    def _catalogue_of_draft(self, case: EnforcementCase, draft_hash: str) -> dict[str, Any]:
        """The catalogue data in force when the draft was submitted (its place in the log)."""
        draft = case.draft(draft_hash)
        at = self.app.log.leaf_indexes_of(case.id, [draft.seq]).get(draft.seq)
        catalogue, version = self.catalogues.catalogue_in_force(case.agency, case.jurisdiction, at)
        return catalogue.data_of(version)

    def record_collective_discussion(
        self,
        by: Principal,
        case_id: UUID,
        *,
        draft_hash: str,
        participants: list[str],
        held_on: str,
        conclusion: str,
        minutes_sha256: str,
    ) -> list[Appended]:
        """Record the heads' collective discussion of the current draft (R-EN-7), by a head
        of the case's agency: participants are heads by the actor records, at least the
        quorum of the catalogue that judged the draft; held on a day not in the future; the
        minutes an uploaded blob of the agency's cases."""
        held = date.fromisoformat(held_on)
        check_not_future_day(held, "held_on")

        def action(case: EnforcementCase) -> None:
            if not (by.has(Role.AGENCY_HEAD) and self._insider(by, case)):
                raise errors.DecisionAuthorityRequired(
                    "only a head of the case's agency records its heads' collective discussion "
                    "(R-EN-7)"
                )
            (minutes,) = self.evidence_refs([minutes_sha256], agency=case.agency)
            case.record_collective_discussion(
                actor=by.actor_id,
                draft_hash=draft_hash,
                participants=participants,
                heads=self._heads_of(case, participants),
                quorum=collective_quorum(self._catalogue_of_draft(case, draft_hash)),
                held_on=held.isoformat(),
                conclusion=conclusion,
                minutes_sha256=str(minutes["sha256"]),
            )

        return self._command(case_id, action)

    # -- the decision ---------------------------------------------------------------------

    def decide(
        self,
        by: Principal,
        case_id: UUID,
        draft_hash: str,
        decided_on: str | None = None,
    ) -> list[Appended]:
        """Decide on a draft — or record the blocked attempt and raise (R-LR-1, R-LR-8).

        ``decided_on`` is the date on the decision document (default: today); it may be
        earlier than the recording, which stays visible beside it (R-EN-2), but never
        later than today nor before the case was filed. Where the catalogue makes the draft
        a penalty the heads decide collectively, the decision rests on the recorded
        collective discussion of that draft (R-EN-7), never on the caller's word.
        """
        refused: list[errors.JianzhengError | None] = [None]
        on = today() if decided_on is None else date.fromisoformat(decided_on)
        check_not_future_day(on, "decided_on")

        def action(case: EnforcementCase) -> None:
            if on < case.filed_on:
                raise errors.DateBeforeFiling(
                    f"decided_on {on} is before the case was filed ({case.filed_on})",
                    field="decided_on",
                )
            if not self._insider(by, case):
                # Outsiders are refused without a record: only the agency's own attempts to
                # bypass review are evidence for oversight (R-LR-8).
                raise errors.WrongAgency("the case belongs to another agency or area")
            is_head = by.has(Role.AGENCY_HEAD)
            deadline = publication_deadline(case.action_type.value, on)
            refused[0] = case.decide(
                actor=by.actor_id,
                is_agency_head=is_head,
                draft_hash=draft_hash,
                decided_on=on.isoformat(),
                publication_due_on=deadline.due.isoformat(),
                publication_due_provisional=deadline.provisional,
                gate=self._gate(case, draft_hash),
                legal_office=self._legal_office(case),
            )

        events = self._command(case_id, action)
        if refused[0] is not None:
            refused[0].extra["recorded"] = [e.as_dict() for e in events]
            raise refused[0]
        return events

    def _gate(self, case: EnforcementCase, draft_hash: str) -> dict[str, Any]:
        """The gate's judgement of a draft at decision time, from the recorded history.

        The draft is judged again by the catalogue version that was in force when it was
        submitted — found by the draft's place in the log, so a revision that raced with the
        submission is not missed — with the facts the record holds now (a hearing recorded
        since, the simplified caps). It is major if this or its own judgement says so.
        """
        draft = case.draft(draft_hash)
        at = self.app.log.leaf_indexes_of(case.id, [draft.seq]).get(draft.seq)
        catalogue, version = self.catalogues.catalogue_in_force(case.agency, case.jurisdiction, at)
        judged = self.judge_draft(case, draft.content, catalogue, version)
        return {
            "major": judged.major or draft.major,
            "matched_rules": judged.matched_rules,
            "catalogue_stream": judged.catalogue_stream,
            "catalogue_version": judged.catalogue_version,
            "collective_rules": judged.collective_rules,
        }

    def _legal_office(self, case: EnforcementCase) -> frozenset[str]:
        """The case's reviewers who are, by their actor records, legal reviewers of the
        case's own agency with a jurisdiction covering it (R-LR-5)."""
        office = set()
        for reviewer in {r.reviewer for r in case.reviews.values() if r.reviewer}:
            try:
                actor = self.store.load(Actor, UUID(reviewer))
            except (ValueError, errors.NotFound):
                continue
            if (actor.has_role(Role.LEGAL_REVIEWER) and actor.agency == case.agency
                    and covers(actor.jurisdiction, case.jurisdiction)):  # fmt: skip
                office.add(reviewer)
        return frozenset(office)

    # -- publicity, closure, oversight -----------------------------------------------------

    def publish(
        self,
        by: Principal,
        case_id: UUID,
        *,
        channel: str,
        summary: str,
        published_on: str | None = None,
    ) -> tuple[dict[str, Any], list[Appended]]:
        """Record the publication of the decision against its deadline (R-PB-2), dated
        ``published_on`` (default today; never in the future, R-EN-2)."""
        answer: dict[str, Any] = {}
        on = today() if published_on is None else date.fromisoformat(published_on)
        check_not_future_day(on, "published_on")

        def action(case: EnforcementCase) -> None:
            self.lifecycle.require_agency_officer_or_head(by, case, "publish")
            case.publish(
                actor=by.actor_id,
                channel=channel,
                summary=summary,
                published_on=on.isoformat(),
            )
            answer.update(case.publication or {})
            answer.pop("summary", None)

        events = self._command(case_id, action)
        return answer, events

    def close(self, by: Principal, case_id: UUID, reason: str) -> list[Appended]:
        """Close and seal the case (agency head, or an officer of the case)."""

        def action(case: EnforcementCase) -> None:
            head = by.has(Role.AGENCY_HEAD) and self._insider(by, case)
            if head and case.acted_as_officer_on(by.actor_id):
                # An officer of this case closes it as its officer, whatever other roles
                # they hold: their own certificate is checked (R-EN-3, R-SV-4).
                require_certificate_in_force(self.store, by, today())
            elif not head:
                self._require_officer(by, case)
                case.check_is_officer(by.actor_id)
            case.close(actor=by.actor_id, reason=reason)

        return self._command(case_id, action)

    def _require_oversight(self, by: Principal, case: EnforcementCase) -> None:
        if not by.has(Role.OVERSIGHT) or not covers(by.jurisdiction, case.jurisdiction):
            raise errors.PermissionDenied("only an oversight body of the case's area")

    def record_file_review(
        self, by: Principal, case_id: UUID, *, rating: str, findings: str
    ) -> list[Appended]:
        """案卷评查 result (R-SV-1); allowed after closure (R-SV-2)."""

        def action(case: EnforcementCase) -> None:
            self._require_oversight(by, case)
            case.record_file_review(actor=by.actor_id, rating=rating, findings=findings)

        return self._command(case_id, action)

    def record_complaint(
        self, by: Principal, case_id: UUID, *, channel: str, summary: str
    ) -> list[Appended]:
        """A complaint about the enforcement (R-SV-3)."""

        def action(case: EnforcementCase) -> None:
            self._require_oversight(by, case)
            case.record_complaint(actor=by.actor_id, channel=channel, summary=summary)

        return self._command(case_id, action)

    # -- reading ----------------------------------------------------------------------------

    def readable(
        self, by: Principal, case_id: UUID, what: str, reason: str | None, *, record: bool = True
    ) -> EnforcementCase:
        """The case, if ``by`` may read it; court and oversight reads are recorded."""
        case = self._case(case_id)
        role = self.reading_role(by, case)
        if role is not None:
            reason = visible(reason)
            if reason is None:
                raise errors.InvalidInput("court and oversight reads need a reason (?reason=…)")
            if record:
                self.app.record_read(by, "case", str(case_id), role.value, what, reason)
        return case

    def reading_role(
        self, by: Principal, case: EnforcementCase, *, admin: bool = True
    ) -> Role | None:
        """How ``by`` reads ``case``: ``None`` for its own agency (officers, heads, legal
        reviewers of the agency with an area covering the case), unrecorded; the court or
        oversight role of a reader in the case's area, whose reads are recorded with a reason
        (DESIGN §5); ``None`` for the admin when ``admin``; :class:`PermissionDenied` for
        anyone else — :func:`may_open_case`, the rule every list of cases follows too."""
        # Legal reviewers read the cases of their own agency's legal office only: only that
        # office reviews them (R-LR-5).
        if reads_as_insider(by, case.agency, case.jurisdiction):
            return None
        if by.has(*READERS_WHO_ARE_RECORDED) and covers(by.jurisdiction, case.jurisdiction):
            return next(r for r in (Role.COURT, Role.OVERSIGHT) if by.has(r))
        if admin and by.has(Role.ADMIN):
            return None
        raise errors.PermissionDenied("the case is outside the caller's agency and area")

    def case_events(self, case_id: UUID) -> list[dict[str, Any]]:
        """The case's events as envelopes with their hashes and leaf indexes."""
        out = []
        for e in self.store.history(case_id):
            envelope = e.envelope.as_dict()
            envelope["event_hash"] = e.hash
            envelope["leaf_index"] = self.app.log.leaf_index(e.hash)
            out.append(envelope)
        return out
