"""The reporting duty and what follows from it (R-RP-1, R-RP-2; C5 "在第一时间向公安机关报告
… 未履行报告义务的, 其上级机关和有关部门要严肃追责. 其他公民、社会组织积极向公安机关报告的, 要给予
表扬, 必要时可给予适当奖励").

Three things are recorded on the report's own stream (``domain.records.reports.report``), each
from the report's recorded history, never from what a caller claims of it:

* a **late report**: the delay between ``noticed_at`` and ``reported_at`` beyond
  :data:`LATE_REPORT_LIMIT` (data; "在第一时间" has no figure in the seed, so the limit is the
  deployment's policy, kept here) — read by :func:`is_late`, shown in the alerts;
* a **failure to report** (``FailureToReportFound``): another institution under the duty
  knew before this report was made and did not report. Recorded by :data:`FINDING_ROLES`:
  the police, who learn it while investigating (R-EM-1), and civil affairs, which leads the
  work and supervises it (C5 "民政部门要履行监督指导责任"); listed for oversight;
* a **commendation** (``ReporterCommended``) of a reporter without the duty
  (:data:`COMMENDABLE_KINDS`), once the police have acted on the report, by
  :data:`COMMENDING_ROLES` (civil affairs and the town: the government's praise and reward).

The order of the pipeline's times (:func:`check_not_before`) is enforced here as well: a
later step never carries a time before an earlier one on record (R-EM-1, R-EM-2).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

import domain.records.children.errors as ce
from domain.records.actors import Role
from domain.records.children import CHINA_STANDARD_TIME
from domain.records.reports.situations import InstitutionKind

LATE_REPORT_LIMIT = timedelta(hours=24)
"""A report made more than this long after the situation was noticed is late (R-RP-2).

The seed says "在第一时间" (at once) and the 2020 意见 "立即"; neither gives a figure. One day is
a policy to be confirmed by the county's civil-affairs bureau; change it here — it decides no
stored event, only which reports the alerts list."""

DUTY_BOUND_KINDS = frozenset(InstitutionKind) - {InstitutionKind.CITIZEN}
"""Institutions under the mandatory-reporting duty (R-RP-1): a failure to report is recorded
only against one of these."""

COMMENDABLE_KINDS = frozenset({InstitutionKind.CITIZEN})
"""Reporters who are commended (C5 "其他公民、社会组织积极向公安机关报告的, 要给予表扬"): those
without the duty. A mandatory reporter does what the law requires of it."""

FINDING_ROLES = frozenset({Role.POLICE, Role.CIVIL_AFFAIRS})
"""Who records a failure to report (see the module docstring)."""

COMMENDING_ROLES = frozenset({Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE})
"""Who records a commendation (see the module docstring)."""


class CommendationForm(StrEnum):
    """How a reporter is commended (C5)."""

    PRAISE = "praise"  # 表扬
    REWARD = "reward"  # 适当奖励


COMMENDATION_FORMS = {
    CommendationForm.PRAISE.value: "表扬",
    CommendationForm.REWARD.value: "适当奖励",
}


def report_delay(noticed: datetime, reported: datetime) -> timedelta:
    """How long the reporter took (R-RP-2)."""
    return reported - noticed


def is_late(noticed: datetime, reported: datetime, limit: timedelta = LATE_REPORT_LIMIT) -> bool:
    """Whether a report was made later than :data:`LATE_REPORT_LIMIT` after noticing."""
    return report_delay(noticed, reported) > limit


def civil_day(moment: datetime) -> date:
    """The day of ``moment`` in China Standard Time (a step dated by day is compared there)."""
    return moment.astimezone(CHINA_STANDARD_TIME).date()


def check_not_before(later: datetime, earlier: datetime, field: str, step: str) -> None:
    """``later`` (the member ``field``) lies not before ``earlier``, the time on record of
    ``step``; else :class:`ReportTimesOutOfOrder` (R-EM-1, R-EM-2)."""
    if later < earlier:
        raise ce.ReportTimesOutOfOrder(
            f"{field} must not lie before {step} on record (R-EM-1, R-EM-2)", field=field
        )


def check_day_not_before(later: date, earlier: datetime, field: str, step: str) -> None:
    """A step dated by day (``later``) lies not before the day of ``earlier``, China time."""
    if later < civil_day(earlier):
        raise ce.ReportTimesOutOfOrder(
            f"{field} must not lie before the day of {step} on record (R-EM-1, R-EM-2)",
            field=field,
        )
