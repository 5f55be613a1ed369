"""Enforcement-case commands and queries (the application service for ``domain.enforcement``).

Facts that live in other streams are resolved here and handed to the aggregate:
officers' certificates (R-EN-3), evidence media types (R-AV-2/3), the catalogue's
judgement of a draft (R-LR-2). Authority is checked here against role, agency and
jurisdiction (DESIGN §5); the case's own invariants are the aggregate's.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain import errors
from domain.actors import Actor, Role, Status
from domain.enforcement import EnforcementCase
from domain.evidence import Evidence, check_sha256
from domain.jurisdiction import covers
from domain.media import is_audio_video
from domain.workdays import publication_deadline
from infra.store import Appended

if TYPE_CHECKING:
    from infra.application import Jianzheng, Principal

READERS_WHO_ARE_RECORDED = frozenset({Role.COURT, Role.OVERSIGHT})
"""Reads by these roles are themselves recorded, with a reason (DESIGN §5)."""


CHINA_STANDARD_TIME = timezone(timedelta(hours=8))


def today() -> date:
    """The authorities' civil date (China Standard Time, UTC+8), for filing and deadlines."""
    return datetime.now(CHINA_STANDARD_TIME).date()


class CaseService:
    """Commands and queries on enforcement cases."""

    def __init__(self, app: Jianzheng) -> None:
        self.app = app
        self.store = app.store

    # -- helpers ------------------------------------------------------------------------

    def _officer_credential(self, actor_id: str, agency: str, on: date) -> dict[str, Any]:
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
        if not covers(by.jurisdiction, jurisdiction):
            raise errors.WrongAgency(f"jurisdiction {jurisdiction} is outside the officer's")
        filed = today() if filed_on is None else date.fromisoformat(filed_on)
        if filed > today():
            raise errors.InvalidInput(f"filed_on {filed} is in the future")
        for o in dict.fromkeys(officers):
            self._officer_credential(o, agency, today())
        credentials = [self._officer_credential(o, agency, filed) for o in dict.fromkeys(officers)]
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
            creds = [self._officer_credential(o, case.agency, today()) for o in officers]
            case.assign_officers(actor=by.actor_id, officers=creds)

        return self._command(case_id, action)

    # -- steps --------------------------------------------------------------------------

    def evidence_refs(self, hashes: list[str], agency: str | None = None) -> list[dict[str, Any]]:
        """Resolve evidence hashes to registered blobs, refusing unknown ones.

        With ``agency``, an audio-video record must have been uploaded for a case of that
        agency (R-AV-2): a recording uploaded by another agency, for a child's file, or
        before uploads named their purpose does not record this agency's step.
        """
        refs = []
        for sha in dict.fromkeys(hashes):
            check_sha256(sha)
            try:
                evidence = self.store.load(Evidence, Evidence.create_id(sha))
            except errors.NotFound:
                raise errors.EvidenceNotFound(
                    f"no evidence with sha256 {sha} was uploaded"
                ) from None
            if (
                agency is not None
                and is_audio_video(evidence.media_type)
                and not evidence.uploaded_for_agency(agency)
            ):
                raise errors.EvidenceNotForThisCase(
                    f"the recording {sha} was not uploaded for a case of {agency}; upload it "
                    "with purpose=case and this case's case_id (R-AV-2)"
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

        def action(case: EnforcementCase) -> None:
            self._require_officer(by, case)
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

    def submit_draft(
        self, by: Principal, case_id: UUID, content: dict[str, Any]
    ) -> tuple[str, dict[str, Any], list[Appended]]:
        """Submit a draft; the catalogue judges whether it is major (R-LR-2)."""
        catalogue = self.app.catalogue()
        outcome: dict[str, Any] = {}

        def action(case: EnforcementCase) -> None:
            self._require_officer(by, case)
            judged = catalogue.judge_draft(
                action_type=case.action_type.value,
                measures=content["measures"],
                fine_fen=content["fine_fen"],
                confiscation_fen=content["confiscation_fen"],
                party_kind=case.party["kind"],
                flags=content["flags"],
                simplified=case.simplified,
            )
            outcome.update(
                major=judged.major,
                matched_rules=list(judged.matched_rules),
                catalogue_version=judged.catalogue_version,
            )
            outcome["draft_hash"] = case.submit_draft(
                actor=by.actor_id,
                content=content,
                major=judged.major,
                matched_rules=list(judged.matched_rules),
                catalogue_version=judged.catalogue_version,
                catalogue_event_hash=judged.catalogue_event_hash,
            )

        events = self._command(case_id, action)
        return outcome["draft_hash"], outcome, events

    def request_review(
        self, by: Principal, case_id: UUID, draft_hash: str
    ) -> tuple[str, list[Appended]]:
        """Send the current draft to legal review; returns the review id."""
        review_id = str(uuid.uuid4())

        def action(case: EnforcementCase) -> None:
            self._require_officer(by, case)
            case.request_review(actor=by.actor_id, review_id=review_id, draft_hash=draft_hash)

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
    ) -> list[Appended]:
        """A legal reviewer's opinion (R-LR-5, R-LR-6)."""

        def action(case: EnforcementCase) -> None:
            if not by.has(Role.LEGAL_REVIEWER):
                raise errors.PermissionDenied("only a legal reviewer records an opinion")
            if not covers(by.jurisdiction, case.jurisdiction):
                raise errors.WrongAgency("the case is outside the reviewer's area")
            case.record_opinion(
                actor=by.actor_id,
                review_id=review_id,
                result=result,
                items=items,
                signature=signature,
            )

        return self._command(case_id, action)

    # -- the decision ---------------------------------------------------------------------

    def decide(
        self,
        by: Principal,
        case_id: UUID,
        draft_hash: str,
        collective_discussion: dict[str, Any] | None = None,
        decided_on: str | None = None,
    ) -> list[Appended]:
        """Decide on a draft — or record the blocked attempt and raise (R-LR-1, R-LR-8).

        ``decided_on`` is the date on the decision document (default: today); it may be
        earlier than the recording, which stays visible beside it (R-EN-2), but never
        later than today nor before the case was filed.
        """
        refused: list[errors.JianzhengError | None] = [None]
        on = today() if decided_on is None else date.fromisoformat(decided_on)
        if on > today():
            raise errors.InvalidInput(f"decided_on {on} is in the future")

        def action(case: EnforcementCase) -> None:
            if on < case.filed_on:
                raise errors.InvalidInput(f"decided_on {on} is before the case was filed")
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
                collective_discussion=collective_discussion,
                publication_due_on=deadline.due.isoformat(),
                publication_due_provisional=deadline.provisional,
            )

        events = self._command(case_id, action)
        if refused[0] is not None:
            refused[0].extra["recorded"] = [e.as_dict() for e in events]
            raise refused[0]
        return events

    # -- publicity, closure, oversight -----------------------------------------------------

    def publish(
        self, by: Principal, case_id: UUID, *, channel: str, summary: str
    ) -> tuple[dict[str, Any], list[Appended]]:
        """Record the publication of the decision against its deadline (R-PB-2)."""
        answer: dict[str, Any] = {}

        def action(case: EnforcementCase) -> None:
            if not (by.has(Role.AGENCY_HEAD, Role.OFFICER) and self._insider(by, case)):
                raise errors.PermissionDenied("the agency's officers or head publish")
            case.publish(
                actor=by.actor_id,
                channel=channel,
                summary=summary,
                published_on=today().isoformat(),
            )
            answer.update(case.publication or {})
            answer.pop("summary", None)

        events = self._command(case_id, action)
        return answer, events

    def close(self, by: Principal, case_id: UUID, reason: str) -> list[Appended]:
        """Close and seal the case (agency head, or an officer of the case)."""

        def action(case: EnforcementCase) -> None:
            head = by.has(Role.AGENCY_HEAD) and self._insider(by, case)
            if not head:
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
        same_agency = self._insider(by, case) and by.has(
            Role.OFFICER, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER
        )
        in_area = covers(by.jurisdiction, case.jurisdiction)
        recorded = by.has(*READERS_WHO_ARE_RECORDED) and in_area
        if not (same_agency or by.has(Role.ADMIN) or recorded or
                (by.has(Role.LEGAL_REVIEWER) and in_area)):  # fmt: skip
            raise errors.PermissionDenied("the case is outside the caller's agency and area")
        if recorded and not same_agency:
            if not reason or not reason.strip():
                raise errors.InvalidInput("court and oversight reads need a reason (?reason=…)")
            if record:
                role = next(r for r in (Role.COURT, Role.OVERSIGHT) if by.has(r))
                self.app.record_read(by, "case", str(case_id), role.value, what, reason)
        return case

    def case_events(self, case_id: UUID) -> list[dict[str, Any]]:
        """The case's events as envelopes with their hashes and leaf indexes."""
        out = []
        for e in self.store.events.get(case_id):
            envelope = e.envelope.as_dict()  # type: ignore[attr-defined]
            envelope["event_hash"] = e.hash  # type: ignore[attr-defined]
            envelope["leaf_index"] = self.app.log.leaf_index(e.hash)  # type: ignore[attr-defined]
            out.append(envelope)
        return out
