"""Sanctions on officers (R-SV-4, S75 "暂扣或者没收行政执法证件"): what they are, what each
needs, and on which days it bars an officer's enforcement certificate.

A sanction is recorded on the officer's own actor stream (``Actor.record_sanction``) by
oversight or an admin, and takes effect the day it is recorded: a suspension (暂扣) bars the
certificate from ``effective_from`` to ``effective_until`` (both inclusive), a withdrawal
(吊销/收回) from ``effective_from`` on; a public criticism (通报批评) bars nothing. Neither
may start before the day it is recorded — the acts the officer did before stay as they were.

Every sanction cites the finding it rests on (:data:`BASIS_KINDS`); the application checks
that the finding is on record and about this officer before the domain records it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Final

from domain.records.errors import InvalidInput
from domain.records.text import visible

PUBLIC_CRITICISM: Final = "public_criticism"
SUSPENSION: Final = "certificate_suspension"
WITHDRAWAL: Final = "certificate_withdrawal"

SANCTION_KINDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        PUBLIC_CRITICISM: "通报批评",
        SUSPENSION: "暂扣行政执法证件",
        WITHDRAWAL: "吊销(收回)行政执法证件",
    }
)
"""Kinds of sanction (S75), with their Chinese names."""

BARS_CERTIFICATE: Final = frozenset({SUSPENSION, WITHDRAWAL})
"""Kinds that bar the enforcement certificate while in force (R-EN-3)."""

BASIS_KINDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "file_review": "案卷评查发现的问题",
        "complaint": "经查属实的投诉举报",
        "blocked_decision": "被拦截的未经法制审核的决定",
    }
)
"""What a sanction may rest on (R-SV-4): a scored case-file review with deductions on one of
the officer's cases (``case_id``, ``review_id``), a complaint naming the officer whose outcome
is substantiated or partly so (``complaint_id``), or a blocked major decision the officer
attempted (``case_id``, ``seq`` of the ``DecisionBlocked`` event)."""

BASIS_MEMBERS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "file_review": ("case_id", "review_id"),
        "complaint": ("complaint_id",),
        "blocked_decision": ("case_id", "seq"),
    }
)
"""The members each kind of basis names."""


@dataclass(frozen=True)
class Sanction:
    """One sanction as recorded on the officer's stream."""

    sanction_id: str
    kind: str
    basis: dict[str, Any]
    reason: str
    effective_from: date
    effective_until: date | None
    recorded_on: date
    recorded_by: str
    seq: int

    def bars_on(self, day: date) -> bool:
        """Whether this sanction bars the certificate on ``day``."""
        if self.kind not in BARS_CERTIFICATE or day < self.effective_from:
            return False
        return self.effective_until is None or day <= self.effective_until

    def in_force_on(self, day: date) -> bool:
        """A bar in force on ``day``; a criticism from the day it was recorded on."""
        if self.kind == PUBLIC_CRITICISM:
            return day >= self.effective_from
        return self.bars_on(day)

    def as_dict(self, on: date | None) -> dict[str, Any]:
        """JSON-ready form, with whether it is in force ``on`` (``None``: not said)."""
        return {
            "sanction_id": self.sanction_id,
            "kind": self.kind,
            "label": SANCTION_KINDS[self.kind],
            "basis": dict(self.basis),
            "reason": self.reason,
            "effective_from": self.effective_from.isoformat(),
            "effective_until": (
                None if self.effective_until is None else self.effective_until.isoformat()
            ),
            "recorded_on": self.recorded_on.isoformat(),
            "recorded_by": self.recorded_by,
            "in_force": None if on is None else self.in_force_on(on),
        }


def _day(text: object, field: str) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise InvalidInput(f"{field}: not a date (YYYY-MM-DD)", field=field) from None


def check_sanction(
    *,
    kind: str,
    basis: Mapping[str, Any],
    reason: str,
    effective_from: str | None,
    effective_until: str | None,
    today: date,
) -> tuple[date, date | None]:
    """The sanction's period (from, until) after checking its fields (R-SV-4).

    A suspension names its last day; a criticism or a withdrawal names none. No sanction
    starts before the day it is recorded (it takes effect at once, never backwards).
    """
    if kind not in SANCTION_KINDS:
        raise InvalidInput("kind: not a kind of sanction", field="kind", allowed=SANCTION_KINDS)
    if basis.get("kind") not in BASIS_KINDS:
        raise InvalidInput(
            "basis.kind: a sanction cites a finding", field="basis.kind", allowed=BASIS_KINDS
        )
    if visible(reason) is None:
        raise InvalidInput("reason: say why the officer is sanctioned", field="reason")
    start = today if effective_from is None else _day(effective_from, "effective_from")
    if start < today:
        raise InvalidInput(
            f"effective_from: a sanction takes effect from the day it is recorded ({today}) "
            "or later, never backwards (R-SV-4)",
            field="effective_from",
        )
    if kind != SUSPENSION:
        if effective_until is not None:
            raise InvalidInput(
                f"effective_until: only a suspension has a last day, not a {kind}",
                field="effective_until",
            )
        return start, None
    if effective_until is None:
        raise InvalidInput(
            "effective_until: a suspension (暂扣) names its last day", field="effective_until"
        )
    end = _day(effective_until, "effective_until")
    if end < start:
        raise InvalidInput(
            f"effective_until: {end} is before effective_from {start}", field="effective_until"
        )
    return start, end
