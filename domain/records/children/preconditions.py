# Long because: one short check function per precondition of the guardianship table, in its order.
"""The check behind each precondition of the guardianship table (``guardianship.py``).

A change of guardianship is checked as a :class:`Change`: the request's members, the role
that records it, the server's clock, and what the checks so far have found (the guardian,
the day it takes effect, the documents, the conditions the arrangement records). Each
function here checks one precondition, in the order the table lists them, and either
records what it found on the change or refuses with the error the table names for it.

Adding a precondition to a kind is one entry in the table and one function here. The
functions take the precondition's rule id from the table, so a refusal cites the rule the
table prints.

The module runs over 600 lines because it holds one short function per precondition of the
table (some sixty), in the table's sections; a reader looks one up by the name the table
prints.
"""

# Every check takes the rule id the table gives its precondition, to cite it in a refusal;
# the checks whose refusals come from a shared method (the record's own checks) do not use it.
# ruff: noqa: ARG001

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import domain.records.children.errors as ce
from domain.records.actors import Role
from domain.records.children.arrangements import ArrangementsMixin
from domain.records.children.dates import parse_past_day
from domain.records.children.fields import check_sha256, check_term, require_dict, require_text
from domain.records.children.identity import (
    SINGLE_PARENT_RELATIONS,
    is_parent_record,
    may_be_revoked_person,
    relation_key,
    same_person,
)
from domain.records.children.values import (
    Fee,
    Guardian,
    Institution,
    check_capacity_recorded,
    check_dated,
    check_documents,
    check_exclusion_check_recorded,
    check_home_assessment_recorded,
    check_party,
)
from domain.records.children.vocabulary import (
    DIRECT_RELATIVE_RELATIONS,
    EMERGENCY_KINDS,
    INSTITUTIONAL_GROUNDS,
    NO_GUARDIAN_GROUNDS,
    PARENT_RELATIONS,
    TEMPORARY_RECEIVERS,
    GuardianshipKind,
)


@dataclass
class Change:
    """A change of guardianship under check: the request and what its checks found."""

    record: ArrangementsMixin
    kind: GuardianshipKind
    """The kind of arrangement the change installs (a return: the kind it reinstates)."""
    role: Role
    now: datetime
    request: dict[str, Any]
    """The request's members, by the names the table gives them."""
    guardian: dict[str, Any] | None = None
    legal_basis: str = ""
    day: date | None = None
    documents: list[dict[str, Any]] = field(default_factory=list)
    conditions: dict[str, Any] = field(default_factory=dict)
    """What the arrangement records of its preconditions (``conditions``, R-GD-9)."""
    found: dict[str, Any] = field(default_factory=dict)
    """Other findings the command records elsewhere (the approver, the ruling…)."""

    def arrangement(
        self,
        *,
        approved_by: dict[str, Any] | None,
        lead: tuple[str, str] | None = None,
        filed_with: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The arrangement this change installs (R-GD-9): its kind, guardian, legal basis,
        documents and conditions as its checks found them; ``lead`` is the document whose
        hash a precondition recorded (``("agreement_sha256", "agreement")``), listed first."""
        documents = self.documents
        if lead is not None:
            documents = [{"sha256": self.conditions[lead[0]], "title": lead[1]}, *documents]
        return self.record._next(
            kind=self.kind,
            guardian=self.guardian,
            legal_basis=self.legal_basis,
            documents=documents,
            approved_by=approved_by,
            filed_with=filed_with or [],
            effective_on=self.effective_day,
            conditions=self.conditions,
        )

    @property
    def born(self) -> date:
        """The child's birth: no date of the file lies before it."""
        return self.record.birth_date

    @property
    def new_guardian(self) -> dict[str, Any]:
        """The guardian the change names, once a check before has found it."""
        if self.guardian is None:
            raise RuntimeError("the table names the guardian before checking it")
        return self.guardian

    @property
    def effective_day(self) -> date:
        """The day the change takes effect, once :func:`takes_effect_in_order` (or
        :func:`takes_effect_overriding`) has found it."""
        if self.day is None:
            raise RuntimeError("the effective date is checked before it is used")
        return self.day


Check = Callable[[Change, str], None]
"""A precondition's check: the change, and the rule id the table gives the precondition."""


# -- every change (R-GD-9: it names the guardian, the legal basis, the date, the documents) ------


def guardian_named(change: Change, rule: str) -> None:
    """The request names the new guardian (``guardian``: at least ``name`` and ``relation``)."""
    change.guardian = Guardian.parse(change.request["guardian"]).stored()


def receiver_named(change: Change, rule: str) -> None:
    """The request names who receives the child (``receiver``: ``name`` and ``relation``)."""
    change.guardian = Guardian.parse(change.request["receiver"], "receiver").stored()


def institution_named(change: Change, rule: str) -> None:
    """The request names the institution (``institution.name``); its guardian record is the
    institution's, with relation ``institution``."""
    change.found["institution"] = Institution.parse(change.request["institution"])


def legal_basis_named(change: Change, rule: str) -> None:
    """The request names the legal basis (``legal_basis``)."""
    change.legal_basis = require_text(change.request["legal_basis"], "legal_basis")


def reason_given(change: Change, rule: str) -> None:
    """The request says why no guardian is present (``reason``)."""
    require_text(change.request["reason"], "reason")
    change.conditions["reason"] = change.request["reason"]


def takes_effect_in_order(change: Change, rule: str) -> None:
    """``effective_on``: not in the future, not before the current arrangement took effect."""
    change.day = change.record.check_effective_on(change.request["effective_on"], now=change.now)


def takes_effect_overriding(change: Change, rule: str) -> None:
    """``effective_on``: not in the future; never refused for the file's order (an emergency),
    the claimed date kept beside the day it takes effect when they differ (R-EN-2)."""
    claimed = change.request["effective_on"]
    change.day = change.record.check_effective_on(claimed, now=change.now, overriding=True)
    if claimed != change.day.isoformat():
        change.conditions["claimed_effective_on"] = claimed


def documents_by_hash(change: Change, rule: str) -> None:
    """Further documents (``documents``), each ``{"sha256", "title"}``."""
    change.documents = check_documents(change.request["documents"])


# -- who may be the guardian -----------------------------------------------------------------


def guardian_is_a_parent(change: Change, rule: str) -> None:
    """The guardian's relation is father, mother or parents."""
    if not is_parent_record(change.new_guardian):
        raise ce.NotAParent(
            f"guardian.relation must be one of {', '.join(sorted(PARENT_RELATIONS))} ({rule})",
            field="guardian.relation",
            allowed=sorted(PARENT_RELATIONS),
        )


def guardian_is_a_direct_relative(change: Change, rule: str) -> None:
    """The guardian is a grandparent or an adult sibling."""
    if change.new_guardian["relation"] not in DIRECT_RELATIVE_RELATIONS:
        raise ce.NotADirectRelative(
            "guardian.relation must be one of "
            f"{', '.join(sorted(DIRECT_RELATIVE_RELATIONS))}; anyone else is entrusted as "
            f"kind entrusted_other ({rule}, R-GD-4)",
            field="guardian.relation",
            allowed=sorted(DIRECT_RELATIVE_RELATIONS),
        )


def guardian_is_not_a_parent(change: Change, rule: str) -> None:
    """A parent is the guardian by law, not by entrustment or appointment."""
    if is_parent_record(change.new_guardian):
        what = (
            "appointed by the town"
            if change.kind == GuardianshipKind.APPOINTED
            else "an entrusted guardian"
        )
        raise ce.InvalidField(
            f"guardian.relation: a parent is not {what} ({rule})", field="guardian.relation"
        )


def receiver_may_receive(change: Change, rule: str) -> None:
    """The receiver is a relative, the committee, another adult or an institution."""
    check_term(change.new_guardian["relation"], TEMPORARY_RECEIVERS, "receiver.relation")


def guardian_not_revoked(change: Change, rule: str) -> None:
    """Nobody whose guardianship a court revoked comes back but by a restoration ruling."""
    if change.guardian is not None:
        change.record.check_not_revoked(change.guardian)


def institution_not_revoked(change: Change, rule: str) -> None:
    """The institution is not one whose guardianship a court revoked."""
    change.guardian = change.found["institution"].as_guardian()
    change.record.check_not_revoked(change.guardian, "institution")


def receiver_not_revoked(change: Change, rule: str) -> None:
    """Nobody whose guardianship a court revoked receives the child."""
    change.record.check_not_revoked(change.new_guardian, "receiver")


def may_replace(change: Change, rule: str) -> None:
    """The guardian in force may be replaced by this kind, by this role (R-GD-10)."""
    change.record.check_may_replace(
        change.kind, change.role, carries_out=change.found.get("carries_out")
    )


# -- entrustment and appointment (R-GD-3, R-GD-4, R-GD-5) ------------------------------------


def capacity_assessed(change: Change, rule: str) -> None:
    """The committee assessed the guardian's capacity (``capacity_assessment``)."""
    change.conditions["capacity_assessment"] = check_capacity_recorded(
        change.request["capacity_assessment"], rule, change.now, change.born
    )
    change.found["approver"] = change.conditions["capacity_assessment"]["by"]


def found_capable(change: Change, rule: str) -> None:
    """The capacity assessment found the guardian capable."""
    if not change.conditions["capacity_assessment"]["capable"]:
        raise ce.GuardianNotCapable(
            "capacity_assessment.capable: the assessment found the guardian not capable; "
            f"choose another ({rule})",
            field="capacity_assessment.capable",
        )


def exclusion_check_recorded(change: Change, rule: str) -> None:
    """The check against 未成年人保护法 第22条 was made (``exclusion_check``)."""
    change.conditions["exclusion_check"] = check_exclusion_check_recorded(
        change.request["exclusion_check"], rule, change.now, change.born
    )


def no_exclusion_found(change: Change, rule: str) -> None:
    """The check found none of the grounds that exclude a person."""
    found = change.conditions["exclusion_check"]["found"]
    if found:
        raise ce.GuardianExcluded(
            f"exclusion_check.found: the person is excluded by 未成年人保护法 第22条 "
            f"({', '.join(sorted(found))}) ({rule})",
            field="exclusion_check.found",
        )


def committee_consented(change: Change, rule: str) -> None:
    """The village or residents' committee consented (``committee_consent``)."""
    consent = change.request["committee_consent"]
    if consent is None:
        raise ce.CommitteeConsentRequired(
            f"committee_consent: the village or residents' committee must consent ({rule})",
            field="committee_consent",
        )
    checked = check_dated(
        require_dict(consent, "committee_consent"), "committee_consent", change.now, change.born
    )
    change.conditions["committee_consent"] = checked
    change.found["approver"] = checked["by"]


def agreement_in_writing(change: Change, rule: str) -> None:
    """The written entrusted-guardianship agreement, by hash (``agreement_sha256``)."""
    change.conditions["agreement_sha256"] = _document(
        change,
        "agreement_sha256",
        ce.AgreementDocumentRequired,
        f"agreement_sha256: the written entrusted-guardianship agreement ({rule})",
    )


def _signed_by(party: str, error: type[ce.GuardianshipPreconditionMissing]) -> Check:
    def check(change: Change, rule: str) -> None:
        signatures = require_dict(change.request["signatures"], "signatures")
        change.conditions.setdefault("signatures", {})[party] = check_party(
            signatures, "signatures", party, error, rule, change.now, change.born,
            "the agreement must carry this signature",
        )  # fmt: skip

    check.__name__ = f"signed_by_the_{party}"
    check.__doc__ = f"The agreement carries the signature ``signatures.{party}`` (``{{on, …}}``)."
    return check


signed_by_the_guardian = _signed_by("guardian", ce.GuardianSignatureRequired)
signed_by_the_entrusted_guardian = _signed_by(
    "entrusted_guardian", ce.EntrustedGuardianSignatureRequired
)
signed_by_the_supervisor = _signed_by("supervisor", ce.SupervisorSignatureRequired)


def _filed_with(where: str, error: type[ce.GuardianshipPreconditionMissing]) -> Check:
    def check(change: Change, rule: str) -> None:
        filings = require_dict(change.request["filings"], "filings")
        change.found.setdefault("filings", {})[where] = check_party(
            filings, "filings", where, error, rule, change.now, change.born,
            "the agreement must be filed here",
        )  # fmt: skip

    check.__name__ = f"filed_with_the_{where}"
    check.__doc__ = f"The agreement is filed (备案): ``filings.{where}`` (``{{on, …}}``)."
    return check


filed_with_the_town = _filed_with("town", ce.TownFilingRequired)
filed_with_the_committee = _filed_with("committee", ce.CommitteeFilingRequired)


def parents_could_not_entrust(change: Change, rule: str) -> None:
    """The parents could name no entrusted guardian (``parents_unable_to_entrust``: true)."""
    if change.request["parents_unable_to_entrust"] is not True:
        raise ce.AppointmentGroundRequired(
            "parents_unable_to_entrust: the town appoints only when the parents could not "
            f"name an entrusted guardian ({rule})",
            field="parents_unable_to_entrust",
        )
    change.conditions["parents_unable_to_entrust"] = True


def guardian_accepted(change: Change, rule: str) -> None:
    """The appointed guardian is willing (``acceptance``: ``{"by", "on"}``)."""
    acceptance = change.request["acceptance"]
    if acceptance is None:
        raise ce.GuardianAcceptanceRequired(
            f"acceptance: the appointed guardian must be willing (有意愿, {rule})",
            field="acceptance",
        )
    change.conditions["acceptance"] = check_dated(
        require_dict(acceptance, "acceptance"), "acceptance", change.now, change.born
    )


def fee_set(change: Change, rule: str) -> None:
    """The appointment sets the guardianship fee (``fee``)."""
    if change.request["fee"] is None:
        raise ce.GuardianshipFeeRequired(
            f"fee: the appointment sets the guardianship fee ({rule})", field="fee"
        )
    fee = Fee.parse(change.request["fee"])
    change.found["fee"] = fee
    change.conditions["fee"] = fee.stored()


def subsidy_only_on_minimum_living_support(change: Change, rule: str) -> None:
    """The county or town subsidises the fee only for families on minimum living support."""
    fee: Fee = change.found["fee"]
    if fee.subsidised and not fee.minimum_living_support:
        raise ce.SubsidyNotEligible(
            "fee.paid_by: the county or town subsidises only families on minimum living "
            f"support ({rule})",
            field="fee.paid_by",
        )


def appointment_formalities(change: Change, rule: str) -> None:
    """The appointment formalities, by hash (``appointment_sha256``)."""
    change.conditions["appointment_sha256"] = _document(
        change,
        "appointment_sha256",
        ce.AppointmentDocumentRequired,
        f"appointment_sha256: the appointment formalities (相关手续, {rule})",
    )


# -- institutional and emergency care (R-GD-6, R-GD-7, R-GD-2) ---------------------------------


def ground_given(change: Change, rule: str) -> None:
    """The ground of institutional guardianship (``ground``)."""
    ground = change.request["ground"]
    if ground is None:
        raise ce.InstitutionalGroundRequired(
            f"ground: one of {', '.join(INSTITUTIONAL_GROUNDS)} ({rule})",
            field="ground",
            allowed=list(INSTITUTIONAL_GROUNDS),
        )
    check_term(ground, INSTITUTIONAL_GROUNDS, "ground")
    change.conditions["ground"] = ground


def ruling_cited(change: Change, rule: str) -> None:
    """On the ground ``court_appointed_civil_affairs``, the ruling is cited (``court_ruling``)."""
    if change.conditions["ground"] != "court_appointed_civil_affairs":
        return
    if change.request["court_ruling"] is None:
        raise ce.CourtRulingRequired(
            f"court_ruling: the ruling that appoints civil affairs ({rule}, R-GD-8)",
            field="court_ruling",
        )


def ruling_on_record(change: Change, rule: str) -> None:
    """The cited ruling appointed civil affairs and was applied to this file."""
    if change.conditions["ground"] != "court_appointed_civil_affairs":
        return
    cited = change.record.check_civil_affairs_appointed(
        change.request["court_ruling"], change.request["recorded_ruling"]
    )
    change.conditions["court_ruling"] = cited
    change.found["carries_out"] = cited["petition_id"]


def nobody_guards_the_child(change: Change, rule: str) -> None:
    """On the grounds orphan and no_guardian_available, no parent's guardianship is in force."""
    if change.conditions["ground"] in NO_GUARDIAN_GROUNDS:
        change.record.check_no_parental_guardianship()


def admission_recorded(change: Change, rule: str) -> None:
    """The institution's admission record, by hash (``admission_sha256``)."""
    change.conditions["admission_sha256"] = _document(
        change,
        "admission_sha256",
        ce.AdmissionDocumentRequired,
        f"admission_sha256: the institution's admission record ({rule})",
    )


def report_on_record(change: Change, rule: str) -> None:
    """A report the change follows (``report_id``) is on record about this child."""
    report_id = change.request["report_id"]
    change.record.check_report_reference(report_id, change.request["recorded_report"])
    change.conditions["report_id"] = report_id


def written_handover(change: Change, rule: str) -> None:
    """The written hand-over record, by hash (``handover_sha256``)."""
    change.conditions["handover_sha256"] = _document(
        change,
        "handover_sha256",
        ce.WrittenHandoverRequired,
        f"handover_sha256: the written hand-over record (书面交接手续, {rule})",
    )


def not_already_absent(change: Change, rule: str) -> None:
    """The child is not already recorded as without a guardian."""
    if change.record.arrangements[-1]["kind"] == GuardianshipKind.NONE_EMERGENCY:
        raise ce.GuardianAlreadyAbsent(
            "kind absent: the child is already recorded as without a guardian", field="kind"
        )


def in_emergency_care(change: Change, rule: str) -> None:
    """The child is in temporary care or without a guardian: there is something to end."""
    current = change.record.arrangements[-1]
    if current["kind"] not in EMERGENCY_KINDS:
        raise ce.NotInEmergencyCare(
            "the child is neither in temporary care nor without a guardian: there is "
            f"nothing to return from ({rule})"
        )
    change.conditions["returned_from_no"] = current["no"]


def a_guardian_to_return_to(change: Change, rule: str) -> None:
    """The file had a guardian before the emergency: the child returns to that arrangement."""
    standing = change.record.standing_arrangement()
    if standing is None:
        raise ce.NoGuardianToReturnTo(
            "the file has had no guardian to return to; record the new arrangement "
            "(kind parent, entrusted_relative, entrusted_other, appointed or institutional)"
        )
    change.kind = GuardianshipKind(standing["kind"])
    change.guardian = standing["guardian"]
    change.conditions["reinstates_no"] = standing["no"]


def _from_temporary_care(change: Change) -> bool:
    return bool(change.record.arrangements[-1]["kind"] == GuardianshipKind.TEMPORARY)


def home_assessed(change: Change, rule: str) -> None:
    """From temporary care, civil affairs assessed the home (``home_assessment``)."""
    if _from_temporary_care(change):
        change.conditions["home_assessment"] = check_home_assessment_recorded(
            change.request["home_assessment"], rule, change.now, change.born
        )


def home_found_suitable(change: Change, rule: str) -> None:
    """From temporary care, the home assessment found the home suitable."""
    if _from_temporary_care(change) and not change.conditions["home_assessment"]["suitable"]:
        raise ce.GuardianNotCapable(
            "home_assessment.suitable: the home assessment found the guardian not ready to "
            f"resume care ({rule})",
            field="home_assessment.suitable",
        )


# -- court rulings (R-GD-8) ------------------------------------------------------------------


def ruling_given(change: Change, rule: str) -> None:
    """``ruling``: the change is made by a court's ruling."""
    ruling = change.request["ruling"]
    if ruling is None:
        raise ce.CourtRulingRequired(
            f"ruling: this change is made by a court ruling ({rule})", field="ruling"
        )
    change.found["ruling"] = require_dict(ruling, "ruling")


def ruling_about_this_child(change: Change, rule: str) -> None:
    """``ruling.child_id``: the ruling is on a petition about this child."""
    if change.found["ruling"].get("child_id") != str(change.record.id):
        raise ce.RulingForAnotherChild(
            "ruling.child_id does not name this child's file", field="ruling.child_id"
        )


def _ruling_outcome(outcome: str) -> Check:
    def check(change: Change, rule: str) -> None:
        ruling = change.found["ruling"]
        if ruling.get("outcome") != outcome:
            raise ce.InvalidField(
                f"ruling.outcome must be {outcome} for this change",
                field="ruling.outcome",
                allowed=[outcome],
            )
        require_text(ruling.get("petition_id"), "ruling.petition_id")

    check.__name__ = f"ruling_{outcome}"
    check.__doc__ = f"``ruling.outcome`` is ``{outcome}``, on a petition (``ruling.petition_id``)."
    return check


ruling_revoked = _ruling_outcome("revoked")
ruling_restored = _ruling_outcome("restored")
ruling_dismissed = _ruling_outcome("dismissed")


def ruling_not_applied_before(change: Change, rule: str) -> None:
    """A ruling is applied to the file once."""
    if change.found["ruling"]["petition_id"] in change.record.applied_rulings:
        raise ce.RulingAlreadyApplied(
            "ruling.petition_id: this ruling was applied to the file already",
            field="ruling.petition_id",
        )


def ruling_documented(change: Change, rule: str) -> None:
    """The ruling's document (``ruling.ruling_sha256``), date (``ruled_on``), legal basis,
    the guardian concerned, and whether it found an intentional crime against the child."""
    ruling = change.found["ruling"]
    if ruling.get("ruling_sha256") is None:
        raise ce.CourtRulingRequired(
            f"ruling.ruling_sha256: the ruling document ({rule})", field="ruling.ruling_sha256"
        )
    check_sha256(ruling["ruling_sha256"], "ruling.ruling_sha256")
    parse_past_day(ruling.get("ruled_on"), "ruling.ruled_on", change.now, change.born)
    require_text(ruling.get("legal_basis"), "ruling.legal_basis")
    Guardian.parse(ruling.get("guardian_concerned"), "ruling.guardian_concerned")
    if not isinstance(ruling.get("intentional_crime_against_child"), bool):
        raise ce.InvalidField(
            "ruling.intentional_crime_against_child must be true or false",
            field="ruling.intentional_crime_against_child",
        )
    change.found["ruling"] = copy.deepcopy(ruling)


def new_guardian_named(change: Change, rule: str) -> None:
    """The ruling names the new guardian (``ruling.new_guardian``)."""
    ruling = change.found["ruling"]
    if ruling.get("new_guardian") is None:
        raise ce.NewGuardianRequired(
            f"ruling.new_guardian: a revocation appoints another guardian ({rule})",
            field="ruling.new_guardian",
        )
    change.guardian = Guardian.parse(ruling["new_guardian"], "ruling.new_guardian").stored()


def not_revoked_already(change: Change, rule: str) -> None:
    """The guardian concerned is not one whose guardianship is revoked already."""
    concerned = change.found["ruling"]["guardian_concerned"]
    revocations = change.record.revocations
    if any(same_person(r["guardian"], concerned) for r in revocations if r["restored_on"] is None):
        raise ce.GuardianRevoked(
            f"ruling.guardian_concerned: this guardian's guardianship is already revoked ({rule})",
            field="ruling.guardian_concerned",
        )


def concerned_is_a_guardian(change: Change, rule: str) -> None:
    """The guardian concerned is a parent or the guardian in force (民法典 第36条)."""
    change.record.check_is_guardian(change.found["ruling"]["guardian_concerned"])


def new_guardian_not_revoked(change: Change, rule: str) -> None:
    """The new guardian is nobody whose guardianship is revoked, on this file or by this ruling."""
    change.record.check_not_revoked(change.new_guardian, "ruling.new_guardian")
    if may_be_revoked_person(change.found["ruling"]["guardian_concerned"], change.new_guardian):
        raise ce.GuardianRevoked(
            f"ruling.new_guardian: the ruling revokes this person's guardianship ({rule})",
            field="ruling.new_guardian",
        )


def concerned_is_a_parent(change: Change, rule: str) -> None:
    """Only a parent's guardianship is restored (民法典 第38条)."""
    parent = change.found["ruling"]["guardian_concerned"]
    if relation_key(parent) not in SINGLE_PARENT_RELATIONS:
        raise ce.NotAParent(
            "ruling.guardian_concerned: only a parent's guardianship is restored "
            f"(father or mother; {rule}, 民法典 第38条)",
            field="ruling.guardian_concerned",
            allowed=sorted(SINGLE_PARENT_RELATIONS),
        )
    change.guardian = parent


def restorable(change: Change, rule: str) -> None:
    """A revocation of this parent on the file, not for an intentional crime against the
    child, applied for 3 months to 1 year after it (``ruling.applied_on``)."""
    ruling = change.found["ruling"]
    applied = parse_past_day(ruling.get("applied_on"), "ruling.applied_on", change.now, change.born)
    change.found["revocation"] = change.record.restorable_revocation(
        change.new_guardian,
        applied,
        "ruling.applied_on",
        crime_found=ruling["intentional_crime_against_child"],
    )
    change.found["applied_on"] = applied.isoformat()


def takes_effect_when_ruled(change: Change, rule: str) -> None:
    """The ruling takes effect on ``ruling.ruled_on``, whatever the file's dates."""
    change.day = change.record.check_effective_on(
        change.found["ruling"]["ruled_on"], "ruling.ruled_on", now=change.now, overriding=True
    )


def _document(
    change: Change,
    member: str,
    missing: type[ce.GuardianshipPreconditionMissing],
    message: str,
) -> str:
    """A required document's hash, or the precondition's own refusal when it is missing."""
    value = change.request[member]
    if value is None:
        raise missing(message, field=member)
    return check_sha256(value, member)
