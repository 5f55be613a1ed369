# Long because: one class per refusal of children's files, reports, staff and petitions, each
# with its stable code, drawn as one tree in the docstring below.
"""Errors of children's files, guardianship, reports and petitions (R-CH, R-GD, R-AS, R-RP, R-EM).

Each class has a stable ``code`` (public contract, never changed once released) and
subclasses the class of :mod:`domain.records.errors` that gives its HTTP status (in
brackets). A missing guardianship precondition has a class of its own, so a client (and a
test table) can tell exactly which item was missing (``guardianship.py`` lists them).
Messages name fields and rules, never the values of a child's or a family's personal data
(R-CH-4)::

    JianzhengError                                  error
    ├── InvalidInput                                invalid-input                          (422)
    │   ├── AssessmentCriteriaMismatch              assessment-criteria-mismatch
    │   ├── ChildReferenceRequired                  child-reference-required
    │   ├── DateBeforeBirth                         date-before-birth
    │   ├── DateTooEarly                            date-too-early
    │   ├── GuardianshipPreconditionMissing         guardianship-precondition-missing
    │   │   ├── AdmissionDocumentRequired           admission-document-required
    │   │   ├── AgreementDocumentRequired           agreement-document-required
    │   │   ├── AppointmentDocumentRequired         appointment-document-required
    │   │   ├── AppointmentGroundRequired           appointment-ground-required
    │   │   ├── CareArrangementRequired             care-arrangement-required
    │   │   ├── CommitteeConsentRequired            committee-consent-required
    │   │   ├── CommitteeFilingRequired             committee-filing-required
    │   │   ├── CourtRulingRequired                 court-ruling-required
    │   │   ├── EntrustedGuardianSignatureRequired  entrusted-guardian-signature-required
    │   │   ├── ExclusionCheckRequired              exclusion-check-required
    │   │   ├── GuardianAcceptanceRequired          guardian-acceptance-required
    │   │   ├── GuardianCapacityAssessmentRequired  guardian-capacity-assessment-required
    │   │   ├── GuardianSignatureRequired           guardian-signature-required
    │   │   ├── GuardianshipFeeRequired             guardianship-fee-required
    │   │   ├── HomeAssessmentRequired              home-assessment-required
    │   │   ├── InstitutionalGroundRequired         institutional-ground-required
    │   │   ├── NewGuardianRequired                 new-guardian-required
    │   │   ├── SupervisorSignatureRequired         supervisor-signature-required
    │   │   ├── TownFilingRequired                  town-filing-required
    │   │   └── WrittenHandoverRequired             written-handover-required
    │   ├── InvalidDocumentHash                     invalid-document-hash
    │   ├── InvalidField                            invalid-field
    │   ├── LeftBehindByEntryAndExit                left-behind-by-entry-and-exit
    │   ├── NotADirectRelative                      not-a-direct-relative
    │   ├── ReportedBeforeNoticed                   reported-before-noticed
    │   ├── RulingForAnotherChild                   ruling-for-another-child
    │   └── UnknownTerm                             unknown-term
    ├── NotFound                                    not-found                              (404)
    │   ├── AppointmentNotFound                     appointment-not-found
    │   └── HelperNotFound                          helper-not-found
    ├── PermissionDenied                            forbidden                              (403)
    │   └── RoleNotAllowed                          role-not-allowed
    └── RuleViolation                               rule-violation                         (409)
        ├── AppointmentAlreadyEnded                 appointment-already-ended
        ├── ChildAlreadyLinked                      child-already-linked
        ├── CourtAppointmentInForce                 court-appointment-in-force
        ├── CourtRulingNotOnRecord                  court-ruling-not-on-record
        ├── DuplicateChildFile                      duplicate-child-file
        │   ├── ChildAlreadyRegistered              child-already-registered
        │   └── ChildPossiblyRegistered             child-possibly-registered
        ├── EffectiveDateBeforeCurrent              effective-date-before-current
        ├── FailureToReportAlreadyRecorded          failure-to-report-already-recorded
        ├── FailureToReportNotShown                 failure-to-report-not-shown
        ├── GuardianAlreadyAbsent                   guardian-already-absent
        ├── GuardianExcluded                        guardian-excluded
        ├── GuardianNotCapable                      guardian-not-capable
        ├── GuardianRevoked                         guardian-revoked
        ├── LeftBehindCriteriaNotMet                left-behind-criteria-not-met
        ├── LeftBehindStatusConflict                left-behind-status-conflict
        ├── NoGuardianToReturnTo                    no-guardian-to-return-to
        ├── NotAParent                              not-a-parent
        ├── NotCurrentGuardian                      not-current-guardian
        ├── NotInEmergencyCare                      not-in-emergency-care
        ├── ParentalGuardianshipInForce             parental-guardianship-in-force
        ├── PetitionAlreadyRuled                    petition-already-ruled
        ├── PoliceActionRequired                    police-action-required
        ├── PoliceActionUnfit                       police-action-unfit
        ├── ReportAlreadyClosed                     report-closed
        ├── ReportNotOnRecord                       report-not-on-record
        ├── ReportStepOutOfOrder                    report-step-out-of-order
        │   ├── ReportTimesOutOfOrder               report-times-out-of-order
        │   ├── TownArrangementRequired             town-arrangement-required
        │   └── TownNotificationRequired            town-notification-required
        ├── ReporterNotCommendable                  reporter-not-commendable
        ├── RestorationNotAllowed                   restoration-not-allowed
        │   ├── NoRevocationToRestore               no-revocation-to-restore
        │   └── RestorationOutsideWindow            restoration-outside-window
        ├── RevocationGroundNotMet                  revocation-ground-not-met
        ├── RulingAlreadyApplied                    ruling-already-applied
        ├── RulingDoesNotAppointCivilAffairs        ruling-does-not-appoint-civil-affairs
        ├── StaffActorUnfit                         staff-actor-unfit
        ├── StaffAlreadyAppointed                   staff-already-appointed
        ├── SubsidyNotEligible                      subsidy-not-eligible
        └── TownAppointmentInForce                  town-appointment-in-force

An error about one input member names it in the problem's ``field`` and, for a vocabulary,
lists its values in ``allowed`` (:class:`domain.records.errors.JianzhengError`).

The module runs over 600 lines because it is one short class per refusal, each with its
stable code, in the order of the tree above: splitting it would split the tree.
"""

from __future__ import annotations

from domain.records.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation

# -- 422: input that cannot be accepted as it stands -------------------------------------


class InvalidField(InvalidInput):
    """A field is missing or malformed; the message names the field, never its value (R-CH-4)."""

    code = "invalid-field"
    title = "Invalid field"


class InvalidDocumentHash(InvalidInput):
    """A document reference is not a lower-case hex SHA-256 (R-GD-9: documents by hash)."""

    code = "invalid-document-hash"
    title = "Invalid document hash"


class UnknownTerm(InvalidInput):
    """A value outside a controlled vocabulary (categories, situations, actions, grounds…)."""

    code = "unknown-term"
    title = "Unknown term"


class LeftBehindByEntryAndExit(InvalidInput):
    """The ``left_behind`` category follows the entry and exit events only (R-CH-3)."""

    code = "left-behind-by-entry-and-exit"
    title = "Left-behind status is recorded by entry and exit"


class NotADirectRelative(InvalidInput):
    """Entrustment to a relative is for grandparents and adult siblings (R-GD-3); others: R-GD-4."""

    code = "not-a-direct-relative"
    title = "Not a grandparent or adult sibling"


class AssessmentCriteriaMismatch(InvalidInput):
    """Every criterion recorded must be one that C5 lists for the result given (R-AS-2)."""

    code = "assessment-criteria-mismatch"
    title = "Assessment criteria do not fit the result"


class ChildReferenceRequired(InvalidInput):
    """A report names a child's file or describes an unidentified child, exactly one of them."""

    code = "child-reference-required"
    title = "Child reference required"


class ReportedBeforeNoticed(InvalidInput):
    """A report cannot be made before the situation was noticed (R-RP-2)."""

    code = "reported-before-noticed"
    title = "Reported before noticed"


class RulingForAnotherChild(InvalidInput):
    """A court ruling applies only to the child it names."""

    code = "ruling-for-another-child"
    title = "Ruling names another child"


class DateBeforeBirth(InvalidInput):
    """A date of a child's file lies before the child's birth: nothing about the child's
    guardianship, care or help happened then. The message never gives the birth date (R-CH-4)."""

    code = "date-before-birth"
    title = "Date before the child's birth"


class DateTooEarly(InvalidInput):
    """A date before :data:`domain.records.children.EARLIEST_DAY` (1949-10-01), where no birth
    date is known (a report, a petition, a birth date itself): no record of these authorities
    is older.
    The problem names the earliest date allowed in ``earliest``."""

    code = "date-too-early"
    title = "Date too early"

    def __init__(self, detail: str, *, field: str, earliest: str) -> None:
        super().__init__(detail, field=field)
        self.extra["earliest"] = earliest


class GuardianshipPreconditionMissing(InvalidInput):
    """A guardianship change lacks an item its kind requires (R-GD-3…R-GD-8)."""

    code = "guardianship-precondition-missing"
    title = "Guardianship precondition missing"


class GuardianCapacityAssessmentRequired(GuardianshipPreconditionMissing):
    """The committee's assessment of the guardian's capacity is required (R-GD-3, R-GD-5)."""

    code = "guardian-capacity-assessment-required"
    title = "Guardian capacity assessment required"


class ExclusionCheckRequired(GuardianshipPreconditionMissing):
    """The check against 未成年人保护法 第22条 exclusions must be recorded (R-GD-4)."""

    code = "exclusion-check-required"
    title = "Exclusion check required"


class CommitteeConsentRequired(GuardianshipPreconditionMissing):
    """Entrustment to a non-direct relative or friend needs the committee's consent (R-GD-4)."""

    code = "committee-consent-required"
    title = "Committee consent required"


class AgreementDocumentRequired(GuardianshipPreconditionMissing):
    """The written entrusted-guardianship agreement (委托监护协议), by hash (R-GD-4)."""

    code = "agreement-document-required"
    title = "Entrusted-guardianship agreement required"


class GuardianSignatureRequired(GuardianshipPreconditionMissing):
    """The guardian (the parent who entrusts) signs the agreement (R-GD-4)."""

    code = "guardian-signature-required"
    title = "Guardian's signature required"


class EntrustedGuardianSignatureRequired(GuardianshipPreconditionMissing):
    """The entrusted guardian (受委托监护人) signs the agreement (R-GD-4)."""

    code = "entrusted-guardian-signature-required"
    title = "Entrusted guardian's signature required"


class SupervisorSignatureRequired(GuardianshipPreconditionMissing):
    """The supervisor (监督人) signs the agreement (R-GD-4)."""

    code = "supervisor-signature-required"
    title = "Supervisor's signature required"


class TownFilingRequired(GuardianshipPreconditionMissing):
    """The agreement is filed with the town government or street office (R-GD-4)."""

    code = "town-filing-required"
    title = "Filing with the town required"


class CommitteeFilingRequired(GuardianshipPreconditionMissing):
    """The agreement is filed with the village or residents' committee (R-GD-4)."""

    code = "committee-filing-required"
    title = "Filing with the committee required"


class AppointmentGroundRequired(GuardianshipPreconditionMissing):
    """The town appoints only when the parents could not name an entrusted guardian (R-GD-5)."""

    code = "appointment-ground-required"
    title = "Ground for appointment required"


class GuardianAcceptanceRequired(GuardianshipPreconditionMissing):
    """An appointed guardian must be willing (有意愿): their acceptance is recorded (R-GD-5)."""

    code = "guardian-acceptance-required"
    title = "Guardian's acceptance required"


class GuardianshipFeeRequired(GuardianshipPreconditionMissing):
    """An appointment sets the guardianship fee (监护报酬), R-GD-5."""

    code = "guardianship-fee-required"
    title = "Guardianship fee required"


class AppointmentDocumentRequired(GuardianshipPreconditionMissing):
    """The appointment formalities (相关手续), by hash (R-GD-5)."""

    code = "appointment-document-required"
    title = "Appointment document required"


class InstitutionalGroundRequired(GuardianshipPreconditionMissing):
    """Institutional guardianship states its ground: orphan, no guardian, or court (R-GD-6)."""

    code = "institutional-ground-required"
    title = "Ground for institutional guardianship required"


class AdmissionDocumentRequired(GuardianshipPreconditionMissing):
    """The institution's admission record (收留抚养), by hash (R-GD-6)."""

    code = "admission-document-required"
    title = "Admission document required"


class WrittenHandoverRequired(GuardianshipPreconditionMissing):
    """Emergency hand-over of a child needs a written record (书面交接), by hash (R-GD-7)."""

    code = "written-handover-required"
    title = "Written hand-over required"


class HomeAssessmentRequired(GuardianshipPreconditionMissing):
    """Civil affairs assesses the home before a child in temporary care returns (R-EM-1)."""

    code = "home-assessment-required"
    title = "Home assessment required"


class CourtRulingRequired(GuardianshipPreconditionMissing):
    """The change needs a court ruling (R-GD-8: revocation, appointment, restoration)."""

    code = "court-ruling-required"
    title = "Court ruling required"


class NewGuardianRequired(GuardianshipPreconditionMissing):
    """A ruling that revokes names the new guardian (另行指定监护人), R-GD-8."""

    code = "new-guardian-required"
    title = "New guardian required"


# -- 403 -----------------------------------------------------------------------------------


class RoleNotAllowed(PermissionDenied):
    """The actor's role may not record this (R-AC-1; who may record each change, R-GD-3…8)."""

    code = "role-not-allowed"
    title = "Role not allowed"


# -- 404 -----------------------------------------------------------------------------------


class HelperNotFound(NotFound):
    """No one-to-one helper with that number on the child's file (R-AS-3)."""

    code = "helper-not-found"
    title = "Helper not found"


# -- 409: forbidden by a rule in the current state -----------------------------------------


class GuardianNotCapable(RuleViolation):
    """The assessment found the guardian not capable: the parents must change them (R-GD-3)."""

    code = "guardian-not-capable"
    title = "Guardian not capable"


class GuardianExcluded(RuleViolation):
    """The person is excluded from entrusted care by 未成年人保护法 第22条 (R-GD-4)."""

    code = "guardian-excluded"
    title = "Guardian excluded by law"


class SubsidyNotEligible(RuleViolation):
    """A guardianship fee is subsidised only for families on minimum living support (R-GD-5)."""

    code = "subsidy-not-eligible"
    title = "Not eligible for a guardianship-fee subsidy"


class NotAParent(RuleViolation):
    """Parental guardianship and its restoration are for parents only (R-GD-1, R-GD-8)."""

    code = "not-a-parent"
    title = "Not a parent"


class GuardianRevoked(RuleViolation):
    """A parent whose guardianship a court revoked returns only by a restoration ruling (R-GD-8)."""

    code = "guardian-revoked"
    title = "Guardianship was revoked"


class RestorationNotAllowed(RuleViolation):
    """Restoration is refused: never after an intentional crime against the child (R-GD-8)."""

    code = "restoration-not-allowed"
    title = "Restoration not allowed"


class NoRevocationToRestore(RestorationNotAllowed):
    """Only a guardianship revoked on this file can be restored (R-GD-8)."""

    code = "no-revocation-to-restore"
    title = "No revocation to restore"


class RestorationOutsideWindow(RestorationNotAllowed):
    """Restoration is applied for 3 months to 1 year after revocation (2014 意见 第38条, R-GD-8)."""

    code = "restoration-outside-window"
    title = "Restoration applied for outside the allowed period"


class RulingAlreadyApplied(RuleViolation):
    """A court ruling changes a child's guardianship once."""

    code = "ruling-already-applied"
    title = "Ruling already applied"


class EffectiveDateBeforeCurrent(RuleViolation):
    """A change cannot take effect before the current arrangement did: history stays in order."""

    code = "effective-date-before-current"
    title = "Takes effect before the current arrangement"


class GuardianAlreadyAbsent(RuleViolation):
    """The child is already recorded as without a guardian (none — emergency)."""

    code = "guardian-already-absent"
    title = "Guardian already recorded as absent"


class LeftBehindCriteriaNotMet(RuleViolation):
    """Left-behind: under 16, both parents away, or one away and the other incapable (R-CH-3)."""

    code = "left-behind-criteria-not-met"
    title = "Left-behind criteria not met"


class LeftBehindStatusConflict(RuleViolation):
    """Entry while already left-behind, exit while not, or exit while the criteria still hold."""

    code = "left-behind-status-conflict"
    title = "Left-behind status conflict"


class PoliceActionRequired(RuleViolation):
    """The police response lacks an action that R-EM-1 requires for the situation."""

    code = "police-action-required"
    title = "Police action required"


class PoliceActionUnfit(RuleViolation):
    """A police action that does not fit any situation of the report (R-EM-1)."""

    code = "police-action-unfit"
    title = "Police action does not fit the situation"


class ReportStepOutOfOrder(RuleViolation):
    """Report pipeline: reported → police responded → town informed → town arrangement → closed."""

    code = "report-step-out-of-order"
    title = "Report step out of order"


class TownNotificationRequired(ReportStepOutOfOrder):
    """An incident is not closed, nor arranged by the town, before the police inform it (R-EM-1)."""

    code = "town-notification-required"
    title = "Town notification required"


class TownArrangementRequired(ReportStepOutOfOrder):
    """An incident is not closed before the town's assessment-and-help arrangement (R-EM-2)."""

    code = "town-arrangement-required"
    title = "Town arrangement required"


class ReportAlreadyClosed(RuleViolation):
    """A closed report takes no further steps."""

    code = "report-closed"
    title = "Report closed"


class ChildAlreadyLinked(RuleViolation):
    """A report's child is linked once."""

    code = "child-already-linked"
    title = "Child already linked"


class RevocationGroundNotMet(RuleViolation):
    """A revocation ground whose threshold is not shown (6 months' refusal, 3 warnings), R-GD-8."""

    code = "revocation-ground-not-met"
    title = "Revocation ground not met"


class PetitionAlreadyRuled(RuleViolation):
    """A petition is ruled on once."""

    code = "petition-already-ruled"
    title = "Petition already ruled"


class CourtAppointmentInForce(RuleViolation):
    """A guardian appointed by a court ruling is replaced only by a later ruling; until then
    only emergency care stands in for them (R-GD-10, 民法典 第31条, 第36条)."""

    code = "court-appointment-in-force"
    title = "Court-appointed guardian in force"


class TownAppointmentInForce(RuleViolation):
    """The village committee does not replace the town's appointment on its own (R-GD-5,
    R-GD-10); the town, the parents' return, civil affairs or a court may."""

    code = "town-appointment-in-force"
    title = "Town-appointed guardian in force"


class NotCurrentGuardian(RuleViolation):
    """A ruling revokes only a current guardian: the guardian in force or a parent (R-GD-8)."""

    code = "not-current-guardian"
    title = "Not a current guardian"


class NotInEmergencyCare(RuleViolation):
    """A return to the guardian ends emergency care; the child is in none (R-GD-7)."""

    code = "not-in-emergency-care"
    title = "Not in emergency care"


class NoGuardianToReturnTo(RuleViolation):
    """The file never had a guardian in force to return the child to (R-GD-7)."""

    code = "no-guardian-to-return-to"
    title = "No guardian to return to"


class ParentalGuardianshipInForce(RuleViolation):
    """Civil affairs become the guardian (orphan, no guardian available) only when nobody
    guards the child: not while a parent's guardianship stands — the parents, or someone
    caring under their entrustment or the town's appointment (民法典 第27、32条). An absence
    or emergency care is recorded first, or a court removes the parent (第36条)."""

    code = "parental-guardianship-in-force"
    title = "A parent's guardianship is in force"


class CourtRulingNotOnRecord(RuleViolation):
    """The court ruling cited is not on record for this child's file: no such ruled petition,
    another document, or a ruling never applied to the file (R-GD-6, R-GD-8, R-GD-10)."""

    code = "court-ruling-not-on-record"
    title = "Court ruling not on record"


class RulingDoesNotAppointCivilAffairs(RuleViolation):
    """The ruling cited did not appoint civil affairs as the child's guardian (民法典 第36条),
    so civil affairs' institution is not the court's guardian (R-GD-6, R-GD-10)."""

    code = "ruling-does-not-appoint-civil-affairs"
    title = "Ruling does not appoint civil affairs"


class ReportNotOnRecord(RuleViolation):
    """The report a change or petition names is not on record about this child: no report
    has that id, or it concerns another child or is not yet linked to the file (R-GD-9)."""

    code = "report-not-on-record"
    title = "Report not on record"


# -- the reporting duty, named staff and a parent's detention (R-RP-2, R-AC-2, R-GD-7) -----


class ReportTimesOutOfOrder(ReportStepOutOfOrder):
    """A time of the report pipeline lies before the step it follows on record: the town is
    informed after the police responded, the town arranges help after it was informed, a
    report closes after all of them (R-EM-1, R-EM-2). The problem names the field."""

    code = "report-times-out-of-order"
    title = "Report times out of order"


class ReporterNotCommendable(RuleViolation):
    """Only a report by someone without the duty to report (其他公民、社会组织), acted upon by
    the police, is commended (C5 "要给予表扬", R-RP-2); once per report."""

    code = "reporter-not-commendable"
    title = "Reporter not commendable"


class FailureToReportNotShown(RuleViolation):
    """A failure to report is recorded only against an institution that knew before this
    report was made (R-RP-1, R-RP-2): knowing after it is no failure."""

    code = "failure-to-report-not-shown"
    title = "Failure to report not shown"


class FailureToReportAlreadyRecorded(RuleViolation):
    """The institution's failure to report is on this report's record already (R-RP-1): one
    finding per institution and report, the institution compared by its name as written
    (spaces, full-width forms and case aside). The problem names ``institution``."""

    code = "failure-to-report-already-recorded"
    title = "Failure to report already recorded"


class CareArrangementRequired(GuardianshipPreconditionMissing):
    """A detained parent's child who needs care needs the arrangement made for it: who took
    the child, and the written hand-over (C4 "办理书面交接手续", R-GD-7)."""

    code = "care-arrangement-required"
    title = "Care arrangement required"


class StaffActorUnfit(RuleViolation):
    """The actor named as child-protection staff does not hold, in force, the role of the
    area's level with the area as its jurisdiction, or is not active (R-AC-2)."""

    code = "staff-actor-unfit"
    title = "Actor unfit for the staff post"


class StaffAlreadyAppointed(RuleViolation):
    """The actor already holds an appointment in force on this area's roster (R-AC-2)."""

    code = "staff-already-appointed"
    title = "Staff already appointed"


class AppointmentNotFound(NotFound):
    """No appointment with this id on the area's roster."""

    code = "appointment-not-found"
    title = "Appointment not found"


class AppointmentAlreadyEnded(RuleViolation):
    """The appointment has ended already; a roster's history is never rewritten (R-AC-2)."""

    code = "appointment-already-ended"
    title = "Appointment already ended"


# -- one file per child (R-CH-1, ADR 0005) ------------------------------------------------


class DuplicateChildFile(RuleViolation):
    """Another file for a child who has one (一人一档案, R-CH-1). The problem names the
    existing file (``child_id``) only to a caller whose area covers it; anyone else learns
    that a file exists outside their area, never where (R-CH-4)."""

    code = "duplicate-child-file"
    title = "The child already has a file"


class ChildAlreadyRegistered(DuplicateChildFile):
    """A file holds this ID number already: an ID number names one child (R-CH-1)."""

    code = "child-already-registered"
    title = "A file for this child exists"


class ChildPossiblyRegistered(DuplicateChildFile):
    """A file holds this name, birth date and village already: refused unless the staff say
    in words why this is another child, which is recorded (R-CH-1, ADR 0005)."""

    code = "child-possibly-registered"
    title = "A file for a child of this name, birth date and village exists"
