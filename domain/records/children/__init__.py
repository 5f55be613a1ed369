"""Children's files (困境儿童 / 农村留守儿童 台账): one chained stream per child (R-CH-1).

A :class:`ChildRecord` holds the child's identity (``personal``, encrypted at rest by the
storage layer, R-CH-4), birth date, sex and household location; the categories of
difficulty (R-CH-2, several at once, changing over time); left-behind entry and exit
with the parents' situation (R-CH-3); the key-child flag (重点对象, R-AS-1);
guardianship (监护, R-GD-1…10); assessments, one-to-one helpers and visits (R-AS-1…3);
and reads of the file by other departments, courts and oversight (R-CH-4, R-AC-3).

Read it by its modules:

=================  ==========================================================================
``vocabulary``     thresholds, controlled vocabularies, who records what (with sources)
``guardianship``   the law as a table: each guardianship kind, its recorders, members and
                   ordered preconditions (R-GD-1…10); assessment criteria (R-AS-2)
``dates``          claimed dates and times, ages, calendar months (R-EN-2)
``identity``       people compared as the law reads them (R-GD-8)
``fields``         checks of one input field (text, term, hash, UUID, role)
``values``         the nested objects (guardian, documents, signatures, filings, fee…)
``errors``         the refusals, each with a stable code (one tree under JianzhengError)
``base``           the state the concerns below share (declarations for the type checker)
``file``           personal details, location, categories, key child, reads (R-CH-1…5)
``left_behind``    the left-behind ledger (R-CH-3)
``arrangements``   guardianship arrangements and the checks every change passes (R-GD-9, 10)
``parental``       parents, entrustment, town appointment (R-GD-1, 3, 4, 5)
``public_care``    institution, temporary care, no guardian, return (R-GD-2, 6, 7)
``rulings``        court revocation and restoration (R-GD-8)
``alerts``         the under-16 alert (R-GD-2)
``assessments``    assessments, helpers, visits (R-AS-1…3)
``record``         :class:`ChildRecord`: registration and every event it records
=================  ==========================================================================

Error messages name fields and rules, never personal values (R-CH-4). Every name this
package exported as a single module (``domain.records.children``) is still importable from
here.
"""

from __future__ import annotations

from domain.records.children.arrangements import (
    claimed_date,
    is_court_made,
    made_by_petition,
    new_arrangement,
)
from domain.records.children.dates import (
    CHINA_STANDARD_TIME,
    CLOCK_SKEW,
    EARLIEST_DAY,
    EARLIEST_MOMENT,
    add_months,
    age_reached_on,
    birthday,
    check_moment_not_future,
    check_not_before,
    check_not_future,
    civil_today,
    first_of_next_month,
    is_under,
    parse_day,
    parse_past_day,
)
from domain.records.children.fields import (
    check_role,
    check_sha256,
    check_term,
    check_uuid,
    require_dict,
    require_text,
)
from domain.records.children.guardianship import (
    GUARDIANSHIP_CHANGES,
    GUARDIANSHIP_RECORDERS,
    RESTORERS,
    RETURN_RECORDERS,
    GuardianshipChange,
    Member,
    Precondition,
    check_change,
)
from domain.records.children.identity import (
    SINGLE_PARENT_RELATIONS,
    id_number_key,
    identity_key,
    is_parent_record,
    may_be_revoked_person,
    relation_key,
    same_person,
    same_person_as_first_recorded,
)
from domain.records.children.left_behind import is_left_behind_situation
from domain.records.children.record import ChildRecord
from domain.records.children.values import (
    CapacityAssessment,
    CourtRulingCitation,
    Dated,
    Document,
    ExclusionCheck,
    Fee,
    Guardian,
    Helper,
    HomeAssessment,
    Institution,
    Location,
    ParentsSituation,
    Personal,
    Signed,
    Stored,
    check_capacity_recorded,
    check_categories,
    check_dated,
    check_documents,
    check_exclusion_check_recorded,
    check_guardian,
    check_home_assessment_recorded,
    check_location,
    check_parents,
    check_party,
    check_personal,
)
from domain.records.children.vocabulary import (
    ADULT_AGE,
    ALLOWANCE_MONTHS_AFTER_ADULTHOOD,
    ASSESSMENT_CRITERIA,
    ASSESSMENT_INTERVAL_MONTHS,
    ASSESSMENT_TABLE,
    ASSESSORS,
    CIVIL_AFFAIRS_RELATIONS,
    DIRECT_RELATIVE_RELATIONS,
    EMERGENCY_KINDS,
    ENTRUSTED_KINDS,
    EXCLUSION_GROUNDS,
    FEE_PAYERS,
    FEE_PERIODS,
    FILE_KEEPERS,
    HELP_LEVEL,
    HELPER_KINDS,
    HOME_ASSESSORS,
    INSTITUTIONAL_GROUNDS,
    LEFT_BEHIND_AGE,
    LIVING_ALONE_AGE,
    NO_GUARDIAN_GROUNDS,
    PARENT_RELATIONS,
    PARENTAL_KINDS,
    RESTORATION_WINDOW_MONTHS,
    TEMPORARY_RECEIVERS,
    VISIT_KINDS,
    AssessmentOutcome,
    AssessmentResult,
    Category,
    GuardianshipKind,
    HelpLevel,
    LeftBehindExit,
    ParentSituation,
    Sex,
)

__all__ = [
    "ADULT_AGE",
    "ALLOWANCE_MONTHS_AFTER_ADULTHOOD",
    "ASSESSMENT_CRITERIA",
    "ASSESSMENT_INTERVAL_MONTHS",
    "ASSESSMENT_TABLE",
    "ASSESSORS",
    "CHINA_STANDARD_TIME",
    "CIVIL_AFFAIRS_RELATIONS",
    "CLOCK_SKEW",
    "DIRECT_RELATIVE_RELATIONS",
    "EARLIEST_DAY",
    "EARLIEST_MOMENT",
    "EMERGENCY_KINDS",
    "ENTRUSTED_KINDS",
    "EXCLUSION_GROUNDS",
    "FEE_PAYERS",
    "FEE_PERIODS",
    "FILE_KEEPERS",
    "GUARDIANSHIP_CHANGES",
    "GUARDIANSHIP_RECORDERS",
    "HELPER_KINDS",
    "HELP_LEVEL",
    "HOME_ASSESSORS",
    "INSTITUTIONAL_GROUNDS",
    "LEFT_BEHIND_AGE",
    "LIVING_ALONE_AGE",
    "NO_GUARDIAN_GROUNDS",
    "PARENTAL_KINDS",
    "PARENT_RELATIONS",
    "RESTORATION_WINDOW_MONTHS",
    "RESTORERS",
    "RETURN_RECORDERS",
    "SINGLE_PARENT_RELATIONS",
    "TEMPORARY_RECEIVERS",
    "VISIT_KINDS",
    "AssessmentOutcome",
    "AssessmentResult",
    "CapacityAssessment",
    "Category",
    "ChildRecord",
    "CourtRulingCitation",
    "Dated",
    "Document",
    "ExclusionCheck",
    "Fee",
    "Guardian",
    "GuardianshipChange",
    "GuardianshipKind",
    "HelpLevel",
    "Helper",
    "HomeAssessment",
    "Institution",
    "LeftBehindExit",
    "Location",
    "Member",
    "ParentSituation",
    "ParentsSituation",
    "Personal",
    "Precondition",
    "Sex",
    "Signed",
    "Stored",
    "add_months",
    "age_reached_on",
    "birthday",
    "check_capacity_recorded",
    "check_categories",
    "check_change",
    "check_dated",
    "check_documents",
    "check_exclusion_check_recorded",
    "check_guardian",
    "check_home_assessment_recorded",
    "check_location",
    "check_moment_not_future",
    "check_not_before",
    "check_not_future",
    "check_parents",
    "check_party",
    "check_personal",
    "check_role",
    "check_sha256",
    "check_term",
    "check_uuid",
    "civil_today",
    "claimed_date",
    "first_of_next_month",
    "id_number_key",
    "identity_key",
    "is_court_made",
    "is_left_behind_situation",
    "is_parent_record",
    "is_under",
    "made_by_petition",
    "may_be_revoked_person",
    "new_arrangement",
    "parse_day",
    "parse_past_day",
    "relation_key",
    "require_dict",
    "require_text",
    "same_person",
    "same_person_as_first_recorded",
]
