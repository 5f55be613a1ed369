"""The legal review's time limit (法制审核时限, R-LR-7: T74 "规定法制审核时限").

Each agency sets its limit in working days (工作日) as catalogue data
(``review_time_limit_workdays``; the deployment's default where its catalogue sets none).
When a review is requested, its due date is computed from the date on the request — the
limit's working days counted from the next day (``domain.records.workdays``: statutory
holidays off, adjusted weekend days on) — and stored in the ``ReviewRequested`` event, so
a later calendar or catalogue never changes what was due. Oversight sorts open reviews by
where they stand on the day it asks (:func:`review_standing`, on the one scale of
``domain.records.enforcement.deadlines``).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from domain.records import errors
from domain.records.enforcement.deadlines import Counting, DeadlineStatus, deadline_status
from domain.records.workdays import Deadline, add_working_days

DUE_SOON_WORKDAYS: Final = 2
"""An open review is "due soon" when its due date is at most this many working days away."""


def review_due(requested_on: date, workdays: int) -> Deadline:
    """The last day of a review requested on ``requested_on`` with a limit of ``workdays``
    working days (the request's own day not counted)."""
    return add_working_days(requested_on, workdays)


def review_standing(due_on: date, on: date) -> DeadlineStatus:
    """Where a review due on ``due_on`` stands on day ``on``: overdue once the day has
    passed; due soon within :data:`DUE_SOON_WORKDAYS` working days; else on time."""
    return deadline_status(due_on, on, DUE_SOON_WORKDAYS, Counting.WORKING)


def check_opinion_date(requested_on: str, reviewed_on: str | None) -> None:
    """An opinion answers a request: it is not dated before the date on the review request
    (R-LR-1: the order is draft, review requested, opinion, decision; R-EN-2 lets a late
    entry carry an earlier date, never one before what it answers). A request recorded
    before requests carried a date (``requested_on`` empty) is not compared."""
    if not requested_on or reviewed_on is None:
        return
    if date.fromisoformat(reviewed_on) < date.fromisoformat(requested_on):
        raise errors.DecisionDatedTooEarly(
            f"reviewed_on {reviewed_on} is before the review was requested ({requested_on}): "
            "an opinion answers a request already made (R-LR-1)",
            field="reviewed_on",
        )
