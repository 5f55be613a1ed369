# Long because: the records' one error tree — each class with its stable code, grouped by the
# records it guards, under the drawing of the whole tree that a test holds to the classes.
"""Domain errors, each with a stable machine ``code``: the project's one error tree.

The API maps these to RFC 9457 problem documents (``api/problems.py``, which sets the HTTP
status shown in brackets; the rest inherit theirs); the ``code`` is part of the public
contract and never changes once released. The root and the verifiable format's input errors
live in the proof room (``domain/proof/errors.py``) and are re-exported here; the enforcement
errors are below, the catalogue's and the working-day calendar's beside their records. The
children's files, reports and petitions grow the same branches with their own classes, drawn
in ``domain/records/children/errors.py``. ``tests/unit/test_error_tree.py`` holds this
drawing to the classes::

    JianzhengError                        error
    ├── AuthenticationError               unauthenticated                (401)
    │   ├── ActorInactive                 actor-revoked
    │   ├── ReadTicketInvalid             read-ticket-invalid
    │   │   └── ReadTicketExpired         read-ticket-expired
    │   └── TokenRevoked                  token-revoked
    ├── ChainBroken                       chain-broken                   (500)
    ├── ChainConflict                     chain-conflict                 (409)
    ├── EvidenceCorrupt                   evidence-corrupt               (500)
    ├── InvalidInput                      invalid-input                  (422)
    │   ├── AvRecordRequired              av-record-required
    │   ├── CollectiveQuorumNotMet        collective-quorum-not-met
    │   ├── ComplaintSubjectNotFound      complaint-subject-not-found
    │   ├── DateBeforeDecision            date-before-decision
    │   ├── DateBeforeFiling              date-before-filing
    │   ├── DateBeforePublication         date-before-publication
    │   ├── DateBeforeSetAside            date-before-set-aside
    │   ├── DateBeforeStep                date-before-step
    │   ├── DateInFuture                  date-in-future
    │   ├── DecisionDatedTooEarly         decision-dated-too-early
    │   ├── EvidenceNotForThisCase        evidence-not-for-this-case
    │   ├── EvidenceNotFound              evidence-not-found
    │   ├── EvidenceTooSmall              evidence-too-small
    │   ├── EvidenceTypeMismatch          evidence-type-mismatch
    │   ├── EvidenceTypeUnsupported       evidence-type-unsupported
    │   ├── ExtensionNotLater             extension-not-later
    │   ├── ExtensionTooLong              extension-too-long
    │   ├── FieldNotAllowed               field-not-allowed
    │   ├── FloatNotAllowed               float-not-allowed
    │   ├── IntegerOutOfRange             integer-out-of-range
    │   ├── InvalidCatalogue              invalid-catalogue
    │   ├── InvalidCursor                 invalid-cursor
    │   ├── InvalidDraftFacts             invalid-draft-facts
    │   ├── InvalidEventData              invalid-event-data
    │   ├── InvalidFileReview             invalid-file-review
    │   ├── InvalidJurisdiction           invalid-jurisdiction
    │   ├── JurisdictionUnfitForRole      jurisdiction-unfit-for-role
    │   ├── ParticipantNotAgencyHead      participant-not-agency-head
    │   ├── PayloadTooLarge               body-too-large                 (413)
    │   ├── ReadReasonRequired            read-reason-required
    │   ├── SanctionBasisInvalid          sanction-basis-invalid
    │   ├── SimplifiedProcedureExceeded   simplified-procedure-exceeded
    │   ├── TwoOfficersRequired           two-officers-required
    │   ├── UnknownActionType             unknown-action-type
    │   └── UnknownRole                   unknown-role
    ├── LogInconsistent                   log-inconsistent
    ├── NotFound                          not-found                      (404)
    │   ├── DraftNotFound                 draft-not-found
    │   ├── EvidenceUnknown               evidence-unknown
    │   ├── ProposalNotFound              proposal-not-found
    │   └── ReviewNotFound                review-not-found
    ├── PermissionDenied                  forbidden                      (403)
    │   ├── ActorSuspended                actor-suspended
    │   ├── CertificateInvalid            certificate-expired
    │   ├── CertificateSanctioned         certificate-sanctioned
    │   ├── DecisionAuthorityRequired     decision-authority-required
    │   ├── HeadApprovalRequired          agency-head-approval-required
    │   ├── LegalOfficeRequired           legal-office-required
    │   ├── LegalQualificationRequired    legal-qualification-required
    │   ├── NotAssignedOfficer            not-assigned-officer
    │   ├── NotComplaintHandler           not-complaint-handler
    │   ├── ReviewerOutsideLegalOffice    reviewer-outside-legal-office
    │   ├── SecondApproverRequired        second-approver-required
    │   ├── SelfGrantForbidden            self-grant-forbidden
    │   └── WrongAgency                   outside-authority
    ├── RuleViolation                     rule-violation                 (409)
    │   ├── ActorNotActive                actor-not-active
    │   ├── AlreadyRecorded               already-recorded
    │   ├── ApprovalRequired              approval-required
    │   ├── CaseAlreadyEnded              case-already-ended
    │   ├── CaseClosed                    case-closed
    │   ├── CertificateNumberTaken        certificate-number-taken
    │   ├── ClosureRefused                closure-refused
    │   │   ├── ExecutionMissing          execution-missing
    │   │   ├── NoEnding                  no-ending
    │   │   ├── PublicationMissing        publication-missing
    │   │   └── ServiceMissing            service-missing
    │   ├── CollectiveExtensionRequired   collective-extension-required
    │   ├── ComplaintStepOutOfOrder       complaint-step-out-of-order
    │   ├── DecisionAlreadyMade           decision-already-made
    │   ├── DecisionImposesObligation     decision-imposes-obligation
    │   ├── DecisionRefused               legal-review-required
    │   │   ├── CollectiveMissing         collective-discussion-missing
    │   │   ├── CollectiveNotAgreed       collective-not-agreed
    │   │   ├── CredentialsShownRequired  credentials-shown-required
    │   │   ├── CrimeTransferRequired     crime-transfer-required
    │   │   ├── DraftSuperseded           draft-superseded
    │   │   ├── LegalReviewPending        legal-review-pending
    │   │   ├── LegalReviewRejected       legal-review-rejected
    │   │   ├── LegalReviewRequired       legal-review-required
    │   │   ├── LegalReviewStale          legal-review-stale
    │   │   └── ReviewerConflict          reviewer-conflict
    │   ├── DecisionSetAside              decision-set-aside
    │   ├── DraftRejected                 draft-rejected
    │   ├── ExtensionAfterExpiry          extension-after-expiry
    │   ├── FourEyesRequired              four-eyes-required
    │   ├── NoDecisionYet                 no-decision
    │   ├── NotAPenaltyCase               not-a-penalty-case
    │   ├── NothingToWithdraw             nothing-to-withdraw
    │   ├── ProposalAlreadyDecided        proposal-already-decided
    │   ├── ProposalLapsed                proposal-lapsed
    │   ├── ProposalNotPending            proposal-not-pending
    │   ├── ProposalStale                 proposal-stale
    │   ├── ReviewAlreadyPending          review-already-pending
    │   ├── SeparationOfDuties            separation-of-duties
    │   ├── StepAfterDecision             step-after-decision
    │   └── UnboundedJurisdiction         unbounded-jurisdiction
    └── StorageUnavailable                storage-unavailable            (503)
"""

from __future__ import annotations

# The root of the tree and the input errors of the verifiable format live in the proof room,
# which imports nothing from here: the same classes, re-exported (``__all__`` below).
from domain.proof.errors import (
    FloatNotAllowed,
    IntegerOutOfRange,
    InvalidEventData,
    InvalidInput,
    JianzhengError,
)

__all__ = [  # the re-exported ones; every class defined below is public too
    "FloatNotAllowed",
    "IntegerOutOfRange",
    "InvalidEventData",
    "InvalidInput",
    "JianzhengError",
]


class DateInFuture(InvalidInput):
    """A claimed date or time lies in the future (R-EN-2): facts are recorded as they
    happen or later (back-dated entries stay allowed and visible), never ahead.

    Dates are compared with today in China Standard Time, times with the server's clock
    plus a few minutes' skew. The problem document names the field in ``field``.
    """

    code = "date-in-future"
    title = "Date in the future"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.field = field
        if field is not None:
            self.extra["field"] = field


class UnknownRole(InvalidInput):
    """A role name outside the roles of DESIGN §5 (R-AC-1)."""

    code = "unknown-role"
    title = "Unknown role"


class AuthenticationError(JianzhengError):
    """No credentials, or credentials that do not identify an active actor."""

    code = "unauthenticated"
    title = "Authentication required"


class TokenRevoked(AuthenticationError):
    """The bearer token was revoked."""

    code = "token-revoked"
    title = "Token revoked"


class ActorInactive(AuthenticationError):
    """The token's actor was revoked: it may not act again (R-SV-4)."""

    code = "actor-revoked"
    title = "Actor revoked"


class PermissionDenied(JianzhengError):
    """An authenticated actor asked for something its role or jurisdiction does not allow."""

    code = "forbidden"
    title = "Forbidden"


class ActorSuspended(PermissionDenied):
    """The actor is suspended (R-SV-4): authenticated, but may not act until reinstated."""

    code = "actor-suspended"
    title = "Actor suspended"


class NotFound(JianzhengError):
    """No such stream or resource."""

    code = "not-found"
    title = "Not found"


class RuleViolation(JianzhengError):
    """A command that a domain rule forbids in the aggregate's current state."""

    code = "rule-violation"
    title = "Rule violation"


class ActorNotActive(RuleViolation):
    """The command needs an active actor (not suspended, not revoked)."""

    code = "actor-not-active"
    title = "Actor not active"


class ChainConflict(JianzhengError):
    """Another writer appended to the same stream first (optimistic concurrency on ``seq``)."""

    code = "chain-conflict"
    title = "Concurrent append to the same stream"


class ChainBroken(JianzhengError):
    """A stored stream does not hash-link: the service refuses to build on it."""

    code = "chain-broken"
    title = "Stored chain is broken"


class LogInconsistent(JianzhengError):
    """The store and its transparency log disagree: a stream's last stored event is not
    the log's last leaf of that stream (a row deleted, forged or altered behind the
    service's back), or the stored tree no longer gives a signed checkpoint's root. The
    service refuses to act on it and signs no checkpoint until a verification passes."""

    code = "log-inconsistent"
    title = "Stored log does not match the stored events"


# -- enforcement cases (R-EN, R-AV, R-LR) ---------------------------------------------------


class TwoOfficersRequired(InvalidInput):
    """Enforcement needs at least two certified officers (R-EN-3, 行政处罚法 第42条)."""

    code = "two-officers-required"
    title = "At least two certified officers are required"


class CertificateInvalid(PermissionDenied):
    """An officer without an enforcement certificate valid that day may not act (R-EN-3)."""

    code = "certificate-expired"
    title = "No valid enforcement certificate"


class NotAssignedOfficer(PermissionDenied):
    """Only officers assigned to the case record its steps."""

    code = "not-assigned-officer"
    title = "Not an officer of this case"


class WrongAgency(PermissionDenied):
    """The actor's agency or jurisdiction does not cover the case (DESIGN §5)."""

    code = "outside-authority"
    title = "Outside the actor's agency or jurisdiction"


class AvRecordRequired(InvalidInput):
    """A contested step needs an audio-video record; some need full-process AV (R-AV-2, R-AV-3)."""

    code = "av-record-required"
    title = "Audio-video record required"


class EvidenceNotFound(InvalidInput):
    """A step referenced evidence that was never uploaded."""

    code = "evidence-not-found"
    title = "Evidence not found"


class CaseClosed(RuleViolation):
    """A closed case is sealed: only oversight events may follow."""

    code = "case-closed"
    title = "Case closed"


class DraftNotFound(NotFound):
    """No draft with that hash in the case."""

    code = "draft-not-found"
    title = "Draft not found"


class ReviewNotFound(NotFound):
    """No review with that id in the case."""

    code = "review-not-found"
    title = "Review not found"


class SeparationOfDuties(RuleViolation):
    """Nobody reviews or decides a case on which they acted as an officer (DESIGN §5, R-LR-5)."""

    code = "separation-of-duties"
    title = "Separation of duties"


class CertificateNumberTaken(RuleViolation):
    """An enforcement certificate number is another actor's: numbers are unique across actors,
    and one withdrawn by a sanction (吊销/收回) is never issued again (R-SV-4, R-EN-3)."""

    code = "certificate-number-taken"
    title = "Certificate number already issued"


class DecisionAlreadyMade(RuleViolation):
    """A case is decided once."""

    code = "decision-already-made"
    title = "Decision already made"


class DecisionRefused(RuleViolation):
    """A decision refused at the gate (R-LR-1); a refused major decision is recorded (R-LR-8)."""

    code = "legal-review-required"
    title = "Legal review required"


class LegalReviewRequired(DecisionRefused):
    """No legal review was requested for this draft."""

    code = "legal-review-required"
    title = "Legal review required"


class LegalReviewPending(DecisionRefused):
    """The legal review of this draft has no opinion yet."""

    code = "legal-review-pending"
    title = "Legal review pending"


class LegalReviewRejected(DecisionRefused):
    """The legal review of this draft found problems."""

    code = "legal-review-rejected"
    title = "Legal review rejected the draft"


class LegalReviewStale(DecisionRefused):
    """A review passed, but for an earlier draft; this draft has none."""

    code = "legal-review-stale"
    title = "Legal review is for an earlier draft"


class DraftSuperseded(DecisionRefused):
    """The draft named is not the case's current draft."""

    code = "draft-superseded"
    title = "Draft superseded"


class ReviewerConflict(DecisionRefused):
    """The passing reviewer acted as an officer on the case (DESIGN §5)."""

    code = "reviewer-conflict"
    title = "Reviewer acted as an officer on this case"


class ReviewerOutsideLegalOffice(PermissionDenied):
    """Only the legal office of the case's own agency reviews its drafts (R-LR-5); a
    passing opinion by anyone else does not open the gate."""

    code = "reviewer-outside-legal-office"
    title = "Reviewer is not of the case agency's legal office"


class LegalOfficeRequired(PermissionDenied):
    """Only the designated legal office of a catalogue's scope proposes, approves or
    rejects its revisions (R-LR-10)."""

    code = "legal-office-required"
    title = "Only the scope's legal office may change its catalogue"


class DraftRejected(RuleViolation):
    """A draft the legal review rejected goes back for revision: it is not reviewed again
    until someone passes it; a revised draft is (R-LR-6)."""

    code = "draft-rejected"
    title = "Draft rejected by the legal review"


class ReviewAlreadyPending(RuleViolation):
    """The draft is already with the legal office."""

    code = "review-already-pending"
    title = "Review already pending"


class DecisionDatedTooEarly(InvalidInput):
    """``decided_on`` before the draft, or a major decision dated before its review."""

    code = "decision-dated-too-early"
    title = "Decision dated before its draft or review"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        if field is not None:
            self.extra["field"] = field


class DateBeforeFiling(InvalidInput):
    """A date of a case's document before the case was filed (立案): a decision, a review
    opinion or a collective discussion of the case cannot predate it."""

    code = "date-before-filing"
    title = "Date before the case was filed"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        if field is not None:
            self.extra["field"] = field


class StepAfterDecision(RuleViolation):
    """After the decision only its service and execution are recorded: an inquiry step (a
    hearing, an inspection, an investigation…) after it, or dated before it, would make
    the file say the decision rested on facts it did not see (R-EN-2, 行政处罚法 第63–65条)."""

    code = "step-after-decision"
    title = "Step after the decision"


class CollectiveMissing(DecisionRefused):
    """A penalty the catalogue marks serious or complex is decided collectively by the
    agency's heads (R-EN-7, 行政处罚法 第57条第2款): no collective discussion of this exact
    draft is recorded (one of an earlier draft does not count)."""

    code = "collective-discussion-missing"
    title = "Collective discussion by the heads required"


class CollectiveNotAgreed(DecisionRefused):
    """The heads' discussion of this draft did not conclude "decide as drafted" (R-EN-7)."""

    code = "collective-not-agreed"
    title = "The collective discussion did not agree to this draft"


class CredentialsShownRequired(DecisionRefused):
    """A penalty decision without a recorded step in which the officers showed their
    credentials and informed the party (出示证件、告知, R-EN-4; 行政处罚法 第44条、第55条)
    before it."""

    code = "credentials-shown-required"
    title = "Credentials shown and party informed: no record"


class CrimeTransferRequired(DecisionRefused):
    """The legal review found a crime suspected (涉嫌犯罪): the case goes to the judicial
    organs, not to a decision (R-LR-4; 行政处罚法 第27条、第57条第1款第(四)项)."""

    code = "crime-transfer-required"
    title = "Suspected crime: transfer the case instead of deciding"


class ParticipantNotAgencyHead(InvalidInput):
    """A participant of a collective discussion is not an active head of the case's agency
    by the actor records (R-EN-7); ``field`` names the participant."""

    code = "participant-not-agency-head"
    title = "Participant is not a head of the case's agency"


class CollectiveQuorumNotMet(InvalidInput):
    """Fewer heads took part in a collective discussion than the catalogue's quorum (R-EN-7)."""

    code = "collective-quorum-not-met"
    title = "Too few heads for a collective discussion"


class LegalQualificationRequired(PermissionDenied):
    """A reviewer of a penalty draft holds the national legal professional qualification
    (法律职业资格), unless their recorded history shows they reviewed penalty decisions before
    2021-07-15 (R-LR-5, 行政处罚法 第58条第2款)."""

    code = "legal-qualification-required"
    title = "Legal professional qualification required"


class DecisionAuthorityRequired(PermissionDenied):
    """Only an agency head decides (R-EN-7); on a major draft the attempt is recorded."""

    code = "decision-authority-required"
    title = "Only an agency head may decide"


class PayloadTooLarge(InvalidInput):
    """A body or upload larger than the configured limit (413)."""

    code = "body-too-large"
    title = "Payload too large"


class StorageUnavailable(JianzhengError):
    """The store or blob store cannot take writes now (503, retry later)."""

    code = "storage-unavailable"
    title = "Storage unavailable"


# -- evidence uploads (R-AV-2..4) ------------------------------------------------------------


class EvidenceTypeMismatch(InvalidInput):
    """The content does not begin with the signature of its declared media type."""

    code = "evidence-type-mismatch"
    title = "Content does not match its media type"


class EvidenceTypeUnsupported(InvalidInput):
    """An audio or video type whose container cannot be checked: not a recording here."""

    code = "evidence-type-unsupported"
    title = "Recording format not supported"


class EvidenceTooSmall(InvalidInput):
    """An audio-video upload smaller than ``JIANZHENG_MIN_AV_BYTES`` (R-AV-2)."""

    code = "evidence-too-small"
    title = "Recording too small"


class EvidenceNotForThisCase(InvalidInput):
    """A step cites a recording that was not uploaded for the case's agency (R-AV-2)."""

    code = "evidence-not-for-this-case"
    title = "Evidence not uploaded for this case"


# -- evidence reads (R-AV-4, R-AV-5, R-CH-4, R-AC-3) -----------------------------------------


class EvidenceUnknown(NotFound):
    """No evidence with this SHA-256 that the caller may read. A blob the caller may not read
    answers exactly as one never uploaded: anyone holding a file can compute its hash, so
    telling "exists, not yours" from "absent" would confirm what the store holds (R-CH-4)."""

    code = "evidence-unknown"
    title = "No such evidence"


class EvidenceCorrupt(JianzhengError):
    """A stored blob does not prove to be the bytes registered under its hash (altered,
    truncated, swapped, missing): it is never answered as good (R-AV-4, 500)."""

    code = "evidence-corrupt"
    title = "Stored evidence does not match its hash"

    def __init__(self, detail: str, *, sha256: str) -> None:
        super().__init__(detail)
        self.extra["sha256"] = sha256


class ReadReasonRequired(InvalidInput):
    """Another department reads evidence only with a reason, which is recorded (R-AC-3)."""

    code = "read-reason-required"
    title = "A reason is required for this read"

    def __init__(self, detail: str, *, field: str | None = "reason") -> None:
        super().__init__(detail, field=field)


class ReadTicketInvalid(AuthenticationError):
    """A read ticket that is not one the service issued for this evidence and this actor, or
    whose actor or token no longer acts (401)."""

    code = "read-ticket-invalid"
    title = "Read ticket not valid"


class ReadTicketExpired(ReadTicketInvalid):
    """A read ticket past its validity (``JIANZHENG_EVIDENCE_TICKET_MINUTES``): ask again."""

    code = "read-ticket-expired"
    title = "Read ticket expired"


# -- role grants (R-AC-1…3, R-CH-4) --------------------------------------------------------------


class SelfGrantForbidden(PermissionDenied):
    """Nobody grants, proposes or approves a role for itself (an admin least of all)."""

    code = "self-grant-forbidden"
    title = "A role may not be granted to oneself"


class SecondApproverRequired(PermissionDenied):
    """A four-eyes grant is approved by an admin other than the one who proposed it."""

    code = "second-approver-required"
    title = "A different admin must approve"


class ProposalNotFound(NotFound):
    """No role proposal with that id for the actor."""

    code = "proposal-not-found"
    title = "Role proposal not found"


class UnboundedJurisdiction(RuleViolation):
    """Only an admin's jurisdiction may be ``*``: for any other role it would cover every
    child and every case (``domain.records.actors.ROLE_LEVELS``)."""

    code = "unbounded-jurisdiction"
    title = "Only an admin may have the jurisdiction '*'"


class ApprovalRequired(RuleViolation):
    """A role that opens children's files (or ``admin``) takes two admins to grant."""

    code = "approval-required"
    title = "A second admin's approval is required"


class ProposalAlreadyDecided(RuleViolation):
    """The proposal was already approved or rejected."""

    code = "proposal-already-decided"
    title = "Role proposal already decided"


class ProposalLapsed(RuleViolation):
    """The admin who proposed the grant was suspended or revoked after proposing it: the
    proposal lapsed for good and is never approved (reject it, and propose anew)."""

    code = "proposal-lapsed"
    title = "Role proposal lapsed"


# -- division codes (行政区划代码) ---------------------------------------------------------------


class InvalidJurisdiction(InvalidInput):
    """Not a division code (``domain/records/jurisdiction.py``): 6, 9 or 12 ASCII digits of a real
    province, each level inside the one above, or ``*`` where allowed. ``field`` names it."""

    code = "invalid-jurisdiction"
    title = "Not a division code"

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail)
        self.field = field
        self.extra["field"] = field


class JurisdictionUnfitForRole(InvalidInput):
    """A division code of the wrong level for the role (a village committee needs a village,
    a town office a town…, ``domain.records.actors.ROLE_LEVELS``). ``field`` names the field."""

    code = "jurisdiction-unfit-for-role"
    title = "Jurisdiction of the wrong level for the role"

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail)
        self.field = field
        self.extra["field"] = field


class FieldNotAllowed(InvalidInput):
    """A field given where another decides it (``area`` beside ``child_id``: a child's report
    belongs to the child's village). ``field`` names it; refused whatever its value."""

    code = "field-not-allowed"
    title = "Field not allowed here"

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail)
        self.field = field
        self.extra["field"] = field


# -- lists: cursor paging -----------------------------------------------------------------------


class InvalidCursor(InvalidInput):
    """A list's ``cursor`` that this list did not hand out for this sort and order: not
    base64url, not a cursor, or made for another list, sort key or order (``infra/listing.py``).
    ``field`` is ``cursor``; the answer never echoes it."""

    code = "invalid-cursor"
    title = "Invalid cursor"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, field="cursor")


# -- oversight: complaints, sanctions, case-file reviews (R-SV-1, R-SV-3, R-SV-4) ----------


class ComplaintSubjectNotFound(InvalidInput):
    """A complaint names a case or an officer that the record does not hold (R-SV-3):
    ``field`` names which (``case_id``, ``officers[1]``)."""

    code = "complaint-subject-not-found"
    title = "The case or officer the complaint names is not on record"


class ComplaintStepOutOfOrder(RuleViolation):
    """A complaint's steps follow their order, judged from its history (R-SV-3): assignment,
    findings, one outcome, then one reply to the complainant."""

    code = "complaint-step-out-of-order"
    title = "Complaint step out of order"


class NotComplaintHandler(PermissionDenied):
    """Only the oversight actor the complaint is assigned to records its findings, outcome
    and reply (R-SV-3): they are who needs to know the complainant (R-RP-3)."""

    code = "not-complaint-handler"
    title = "Not the handler of this complaint"


class SanctionBasisInvalid(InvalidInput):
    """A sanction on an officer cites a finding that is not on record, or not about this
    officer (R-SV-4): a case-file review with deductions on one of the officer's cases, a
    complaint naming the officer with a substantiated outcome, or a blocked decision the
    officer attempted. ``field`` names the member of ``basis`` that fails."""

    code = "sanction-basis-invalid"
    title = "The finding a sanction cites is not on record for this officer"


class CertificateSanctioned(PermissionDenied):
    """The officer's enforcement certificate is suspended (暂扣) or withdrawn (吊销/收回) by a
    sanction on record (R-SV-4, R-EN-3): they may not be assigned to a case nor act on one."""

    code = "certificate-sanctioned"
    title = "Enforcement certificate suspended or withdrawn"


class InvalidFileReview(InvalidInput):
    """A scored case-file review that does not fit its checklist (R-SV-1): an item missing or
    unknown, or points outside ``0…max``. ``field`` names the item; ``allowed`` the items."""

    code = "invalid-file-review"
    title = "Case-file review does not fit the checklist"


# -- the end of a case: endings, closing facts, deadlines (R-EN-5/6, R-PB-2) -----------------


class HeadApprovalRequired(PermissionDenied):
    """The step needs the approval of a head of the case's agency who is not one of its
    officers, as the actor's record and the case's history show (不予处罚, 撤销立案, 移送, an
    extension of the time limit, a publication exemption, a decision set aside)."""

    code = "agency-head-approval-required"
    title = "Approval by the agency head required"


class CaseAlreadyEnded(RuleViolation):
    """The case already ended in a recorded way (decided, 不予处罚, 撤销立案 or 移送): it has
    one ending, never two, and takes only what its ending allows (``lifecycle.AFTER_ENDING``);
    ``still_allowed`` lists that."""

    code = "case-already-ended"
    title = "Case already ended"

    def __init__(self, detail: str, *, still_allowed: list[str] | None = None) -> None:
        super().__init__(detail)
        if still_allowed is not None:
            self.extra["still_allowed"] = still_allowed


class AlreadyRecorded(RuleViolation):
    """The fact was recorded already (a service, a publication or its exemption, a
    withdrawal); the record keeps the first."""

    code = "already-recorded"
    title = "Already recorded"


class NotAPenaltyCase(RuleViolation):
    """The step belongs to 行政处罚法 and this case is of another action type."""

    code = "not-a-penalty-case"
    title = "Not a penalty case"


class NoDecisionYet(RuleViolation):
    """The step follows a decision (service, publication, execution) and none was made."""

    code = "no-decision"
    title = "No decision made"


class DecisionImposesObligation(RuleViolation):
    """ "Nothing to execute" was claimed of a decision that imposes an obligation (a fine, a
    confiscation, an order): its execution is recorded as paid, performed or enforced."""

    code = "decision-imposes-obligation"
    title = "The decision imposes an obligation"


class DateBeforeDecision(InvalidInput):
    """A date of what follows a decision lies before the decision's own date."""

    code = "date-before-decision"
    title = "Date before the decision"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail, field=field)


class ExtensionNotLater(InvalidInput):
    """An extended time limit ends later than the one in force, or it is no extension."""

    code = "extension-not-later"
    title = "Extension does not extend"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail, field=field)


class DateBeforePublication(InvalidInput):
    """A publication's withdrawal, or a set-aside, dated before the publication on record
    (R-PB-2)."""

    code = "date-before-publication"
    title = "Date before the publication"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail, field=field)


class DateBeforeSetAside(InvalidInput):
    """A publication's withdrawal dated before the set-aside that calls for it (R-PB-2)."""

    code = "date-before-set-aside"
    title = "Date before the decision was set aside"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail, field=field)


class DateBeforeStep(InvalidInput):
    """A case's ending (撤销立案, 不予处罚, 移送) dated before a step already on record: the
    record would show work done on the case after it ended."""

    code = "date-before-step"
    title = "Date before a recorded step"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail, field=field)


class DecisionSetAside(RuleViolation):
    """The decision was changed, revoked or found unlawful or void: it is not published
    afterwards, its publication is withdrawn (行政处罚法 第48条第2款, R-PB-2)."""

    code = "decision-set-aside"
    title = "The decision was set aside"


class CollectiveExtensionRequired(RuleViolation):
    """A further extension of the decision's time limit, beyond what one head approves, is
    decided by the heads' collective discussion (R-EN-5; 市场监督管理行政处罚程序规定 第64条)."""

    code = "collective-extension-required"
    title = "Further extension needs the heads' collective discussion"


class ExtensionAfterExpiry(RuleViolation):
    """The decision's time limit is extended only while it runs: an extension recorded after
    the last day passed would rewrite an overdue case as on time (R-EN-5)."""

    code = "extension-after-expiry"
    title = "Time limit already expired"


class ExtensionTooLong(InvalidInput):
    """One extension of the decision's time limit reaches at most the days the extension
    limit (data) allows past the limit in force (R-EN-5)."""

    code = "extension-too-long"
    title = "Extension longer than allowed"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail, field=field)


class NothingToWithdraw(RuleViolation):
    """A publication is withdrawn only after the published decision was changed, revoked or
    found unlawful, and only once (R-PB-2)."""

    code = "nothing-to-withdraw"
    title = "Nothing to withdraw"


class ClosureRefused(RuleViolation):
    """Base of the closure refusals: a case is closed only after a recorded ending and, for a
    decision, its service, publication (or recorded exemption) and execution status. The
    problem names the first missing fact in ``code`` and every missing one in ``missing``
    (``{code, rule, statement}``), the other codes in ``also``. Never raised itself."""

    code = "closure-refused"
    title = "Case cannot be closed yet"

    def __init__(self, detail: str, *, missing: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        found = missing or []
        self.extra["missing"] = found
        self.extra["also"] = [m["code"] for m in found[1:]]


class NoEnding(ClosureRefused):
    """No recorded ending: no decision, 不予处罚, 撤销立案 or 移送 (R-EN-5)."""

    code = "no-ending"
    title = "The case has no recorded ending"


class ServiceMissing(ClosureRefused):
    """The decision's service is not recorded (R-EN-6, 行政处罚法 第61条)."""

    code = "service-missing"
    title = "Service of the decision not recorded"


class PublicationMissing(ClosureRefused):
    """Neither the decision's publication nor an exemption with its ground is recorded
    (R-PB-2)."""

    code = "publication-missing"
    title = "Publication not recorded"


class ExecutionMissing(ClosureRefused):
    """The decision's execution status is not recorded (行政处罚法 第47条: 执行)."""

    code = "execution-missing"
    title = "Execution status not recorded"
