"""Legal reviewers' qualification (R-LR-5; 行政处罚法 第58条第2款): "行政机关中初次从事行政处罚
决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格".

Two facts are recorded on the reviewer's actor stream, by an admin (who records every fact of
an actor, as for enforcement certificates), each from a document:

* ``LegalQualificationRecorded``: the certificate number of the 法律职业资格 and the date it
  was obtained;
* ``PriorPenaltyReviewRecorded``: the reviewer already reviewed penalty decisions before the
  law took effect (:data:`LAW_IN_FORCE`, 2021-07-15), with the date service began and the
  document that shows it (appointment, earlier opinions): such a reviewer is not "初次从事"
  and needs no qualification.

A reviewer records an opinion on a penalty draft only if, by these recorded facts, they hold
a qualification obtained on or before the opinion's date, or served before the law took
effect (:func:`penalty_review_refusal`). The other five action types are not under 第58条.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from domain.records.errors import DateInFuture, InvalidInput, LegalQualificationRequired

LAW_IN_FORCE: Final = date(2021, 7, 15)
"""行政处罚法 (2021 revision) took effect: review service before this day is prior service."""

ACTION_TYPES_REQUIRING: Final = ("penalty",)
"""The action types whose reviewers 第58条第2款 speaks of (行政处罚决定)."""


@dataclass(frozen=True)
class LegalQualification:
    """A 法律职业资格 (certificate number, date obtained)."""

    number: str
    obtained_on: date

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"number": self.number, "obtained_on": self.obtained_on.isoformat()}


@dataclass(frozen=True)
class PriorService:
    """Penalty-review service that began before the law took effect (not 初次从事)."""

    served_from: date
    basis: str

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"served_from": self.served_from.isoformat(), "basis": self.basis}


def check_qualification(number: str, obtained_on: date, today: date) -> None:
    """A qualification names its certificate number and was obtained by ``today`` (R-EN-2)."""
    if not number.strip():
        raise InvalidInput("number: the certificate number must not be empty", field="number")
    if obtained_on > today:
        raise DateInFuture(
            f"obtained_on {obtained_on} is after today ({today})", field="obtained_on"
        )


def check_prior_service(served_from: date, basis: str) -> None:
    """Prior service began before the law took effect, and says what shows it."""
    if served_from >= LAW_IN_FORCE:
        raise InvalidInput(
            f"served_from: {served_from} is not before {LAW_IN_FORCE}, when 行政处罚法 (2021) "
            "took effect: a reviewer who began later is 初次从事 and needs the legal "
            "professional qualification (R-LR-5, 第58条第2款)",
            field="served_from",
        )
    if not basis.strip():
        raise InvalidInput(
            "basis: name the document that shows the earlier service (任命文件, 审核意见…)",
            field="basis",
        )


def penalty_review_refusal(
    reviewer: str,
    action_type: str,
    on: date,
    qualifications: Sequence[LegalQualification],
    prior: Sequence[PriorService],
) -> LegalQualificationRequired | None:
    """Why ``reviewer`` may not record an opinion dated ``on`` on a draft of ``action_type``,
    or None (R-LR-5, 第58条第2款)."""
    if action_type not in ACTION_TYPES_REQUIRING:
        return None
    if any(q.obtained_on <= on for q in qualifications):
        return None
    if any(p.served_from < LAW_IN_FORCE for p in prior):
        return None
    later = [q.obtained_on.isoformat() for q in qualifications]
    held = f" (the one recorded was obtained {', '.join(later)}, after {on})" if later else ""
    return LegalQualificationRequired(
        f"reviewer {reviewer} holds no legal professional qualification (法律职业资格) obtained "
        f"by {on}{held}, and no penalty-review service before {LAW_IN_FORCE} is recorded: a "
        "first-time reviewer of penalty decisions must hold it (R-LR-5, 行政处罚法 第58条第2款); "
        "an admin records it (POST /v1/actors/{id}/legal-qualifications)"
    )
