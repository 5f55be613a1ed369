"""Mandatory reports, emergency handling and court petitions (强制报告 / 应急处置 / 监护干预).

:class:`Report` is one chained stream per mandatory report (R-RP-1…4): the reporter
and their kind of institution, the situations noticed, when they were noticed and
reported, and the child (a file, or an unidentified child linked later). Its pipeline
is enforced in order::

    reported → police responded (R-EM-1) → town informed (R-EM-1)
             → town arrangement (R-EM-2) → closed

The police's actions must fit the situations (:data:`RESPONSES`, R-EM-1), and an
incident is never closed before the town was informed. The reporter's identity is
kept in one field, ``reporter``, so that it can be hidden from roles that do not need
it (:meth:`Report.view`, R-RP-3).

:class:`GuardianshipPetition` is one stream per court petition to revoke or restore
guardianship (R-GD-8, R-IV-1). It is its own aggregate rather than events on a Report:
a petition may come without any report (a close relative applies; a restoration is
applied for up to a year later), it has its own parties and lifecycle (filed → ruled),
and a court bundle can then export the proceeding as a stream of its own. It may name
the report that led to it. A ruling carries everything
:meth:`domain.records.children.ChildRecord.apply_court_ruling` needs
(:meth:`GuardianshipPetition.ruling_for_child`), so the application layer saves the
petition and the child's file in one transaction.

Error messages name fields and rules, never personal values (R-CH-4).

The package reads by its modules' names:

* ``situations``: who must report (R-RP-1), the situations reported (R-RP-2, R-RP-4: data,
  one entry each) and what the police must do for each (R-EM-1), the town's arrangement
  vocabularies (R-EM-2);
* ``report``: the :class:`Report` aggregate;
* ``petitions``: the :class:`GuardianshipPetition` aggregate, its grounds and applicants;
* ``duty``: the reporting duty — late reports, failures to report, commendations, and the
  order of the pipeline's times (R-RP-1, R-RP-2);
* ``detention``: the :class:`ParentDetention` aggregate — a parent's detention and the care
  arranged for the child (R-GD-7).

Every name is importable from ``domain.records.reports`` as before.
"""

from __future__ import annotations

from domain.records.reports.detention import (
    DETAINED_PARENTS,
    DETENTION_MEASURES,
    DETENTION_RECORDERS,
    ParentDetention,
)
from domain.records.reports.duty import (
    COMMENDABLE_KINDS,
    COMMENDATION_FORMS,
    COMMENDING_ROLES,
    DUTY_BOUND_KINDS,
    FINDING_ROLES,
    LATE_REPORT_LIMIT,
    is_late,
)
from domain.records.reports.petitions import (
    APPLICANT_KINDS,
    BEGGING_WARNINGS,
    DUTY_REFUSAL_MONTHS,
    OUTCOMES,
    PETITION_FILERS,
    RESTORATION_FILERS,
    REVOCATION_GROUNDS,
    GuardianshipPetition,
    PetitionKind,
)
from domain.records.reports.report import (
    STEP_ROLES,
    Report,
    Stage,
    check_step_role,
    parse_moment,
    parse_past_moment,
)
from domain.records.reports.situations import (
    ALWAYS_FITTING,
    ASSESSMENT_ASPECTS,
    CLOSING_ROLES,
    DEPARTMENTS,
    ESCORTS,
    HANDOVER_ACTIONS,
    LINKING_ROLES,
    LOCATING_ROLES,
    MEASURES,
    PARENT_DEPENDENT,
    POLICE_ACTIONS,
    REPORTER_VISIBLE_ROLES,
    REPORTING_ROLES,
    RESPONSES,
    SITUATIONS,
    InstitutionKind,
    Response,
    Situation,
    check_police_actions,
    response_for,
)

__all__ = [
    "ALWAYS_FITTING",
    "APPLICANT_KINDS",
    "ASSESSMENT_ASPECTS",
    "BEGGING_WARNINGS",
    "CLOSING_ROLES",
    "COMMENDABLE_KINDS",
    "COMMENDATION_FORMS",
    "COMMENDING_ROLES",
    "DEPARTMENTS",
    "DETAINED_PARENTS",
    "DETENTION_MEASURES",
    "DETENTION_RECORDERS",
    "DUTY_BOUND_KINDS",
    "DUTY_REFUSAL_MONTHS",
    "ESCORTS",
    "FINDING_ROLES",
    "HANDOVER_ACTIONS",
    "LATE_REPORT_LIMIT",
    "LINKING_ROLES",
    "LOCATING_ROLES",
    "MEASURES",
    "OUTCOMES",
    "PARENT_DEPENDENT",
    "PETITION_FILERS",
    "POLICE_ACTIONS",
    "REPORTER_VISIBLE_ROLES",
    "REPORTING_ROLES",
    "RESPONSES",
    "RESTORATION_FILERS",
    "REVOCATION_GROUNDS",
    "SITUATIONS",
    "STEP_ROLES",
    "GuardianshipPetition",
    "InstitutionKind",
    "ParentDetention",
    "PetitionKind",
    "Report",
    "Response",
    "Situation",
    "Stage",
    "check_police_actions",
    "check_step_role",
    "is_late",
    "parse_moment",
    "parse_past_moment",
    "response_for",
]
