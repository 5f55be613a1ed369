"""Complaints and reports about enforcement (投诉举报, R-SV-3, S75 "投诉举报制度"): the
:class:`Complaint` aggregate, one chained stream per complaint, sealed at rest.

A complaint is received by oversight (its channel, the complainant, a summary, the case it
concerns and/or the officers it names — each checked to exist by the application), assigned
to an oversight actor, investigated (findings), concluded (one outcome) and answered (one
reply to the complainant, with its date and channel). The order is enforced from the
complaint's own history. The reply is due :data:`TIME_LIMIT` days after the complaint was
received; the due date is computed at intake and stored in the intake event, so that a
later change of the limit never changes an old complaint's deadline.

The complainant is protected like a mandatory reporter (R-RP-3): only the oversight actor
who received the complaint and the one it is assigned to — who must answer them — see who
complained; everyone else reads the complaint without them (:meth:`Complaint.view`), and
the case, the queues and the logs never carry them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from eventsourcing.domain import event

from domain.records.aggregate import ChainedAggregate
from domain.records.errors import ComplaintStepOutOfOrder, InvalidInput, NotComplaintHandler
from domain.records.text import visible

CHANNELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "hotline_12345": "12345政务服务便民热线",
        "letter": "来信",
        "visit": "来访",
        "online_platform": "网上投诉举报平台",
        "phone": "投诉举报电话",
        "referred": "其他机关转办",
        "media": "新闻媒体反映",
    }
)
"""How a complaint reached oversight (S75 投诉举报制度)."""

REPLY_CHANNELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "letter": "书面答复",
        "phone": "电话答复",
        "in_person": "当面答复",
        "online_platform": "网上答复",
        "sms": "短信答复",
    }
)
"""How the complainant was answered."""


class Outcome(StrEnum):
    """What the investigation concluded (R-SV-3)."""

    SUBSTANTIATED = "substantiated"
    PARTLY_SUBSTANTIATED = "partly_substantiated"
    UNSUBSTANTIATED = "unsubstantiated"
    REFERRED = "referred"


OUTCOME_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        Outcome.SUBSTANTIATED: "属实",
        Outcome.PARTLY_SUBSTANTIATED: "部分属实",
        Outcome.UNSUBSTANTIATED: "不属实",
        Outcome.REFERRED: "移送有权机关处理",
    }
)

FOUNDED: Final = frozenset({Outcome.SUBSTANTIATED, Outcome.PARTLY_SUBSTANTIATED})
"""Outcomes on which a sanction may rest (R-SV-4)."""


class Stage(StrEnum):
    """Where a complaint stands."""

    RECEIVED = "received"
    ASSIGNED = "assigned"
    INVESTIGATED = "investigated"
    CONCLUDED = "concluded"
    REPLIED = "replied"


STAGE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        Stage.RECEIVED: "已受理",
        Stage.ASSIGNED: "已交办",
        Stage.INVESTIGATED: "已调查",
        Stage.CONCLUDED: "已作出处理结论",
        Stage.REPLIED: "已答复",
    }
)

TIME_LIMIT: Final[Mapping[str, Any]] = MappingProxyType(
    {
        "days": 60,
        "basis": (
            "信访工作条例(2022) 第三十二条: 自受理之日起60日内办结并书面答复 (as commonly cited)"
        ),
    }
)
"""The reply's time limit: calendar days after the day of receipt (the day of receipt is not
counted, 民法典 第201条), and where it comes from."""

QUEUE_STATUSES: Final = ("open", "due_soon", "overdue", "replied")
"""What the oversight queue lists: open (not answered), due soon (open, reply due within
:data:`DUE_SOON_DAYS`), overdue (open, past its due date), replied."""

DUE_SOON_DAYS: Final = 7
"""An open complaint whose reply is due within this many days is listed as due soon."""


def due_date(received_on: date, days: int) -> date:
    """The last day to reply: ``days`` calendar days after ``received_on``."""
    return received_on + timedelta(days=days)


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or visible(value) is None:
        raise InvalidInput(f"{field}: must say something", field=field)
    return value


def _term(value: object, terms: Mapping[str, str], field: str) -> str:
    if not isinstance(value, str) or value not in terms:
        raise InvalidInput(f"{field}: not one of the listed terms", field=field, allowed=terms)
    return value


class Complaint(ChainedAggregate):
    """One complaint or report about enforcement and its handling (R-SV-3)."""

    STREAM_KIND = "complaints"

    @event("ComplaintReceived")
    def __init__(
        self,
        actor: str,
        channel: str,
        received_on: str,
        complainant: dict[str, Any],
        summary: str,
        case_id: str | None,
        officers: list[str],
        jurisdiction: str,
        due_on: str,
        time_limit: dict[str, Any],
    ) -> None:
        self.received_by = actor
        self.channel = channel
        self.received_on = date.fromisoformat(received_on)
        self.complainant = copy.deepcopy(complainant)
        self.summary = summary
        self.case_id = case_id
        self.officers = list(officers)
        self.jurisdiction = jurisdiction
        self.due_on = date.fromisoformat(due_on)
        self.time_limit = dict(time_limit)
        self.stage = Stage.RECEIVED
        self.assigned_to: str | None = None
        self.assignments: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []
        self.outcome: dict[str, Any] | None = None
        self.reply: dict[str, Any] | None = None

    @classmethod
    def receive(
        cls,
        *,
        actor: str,
        channel: str,
        received_on: date,
        complainant: Mapping[str, Any],
        summary: str,
        case_id: str | None,
        officers: list[str],
        jurisdiction: str,
    ) -> Complaint:
        """Record a complaint received (R-SV-3); the reply falls due :data:`TIME_LIMIT`
        days later. ``case_id`` and ``officers`` have been checked to exist by the caller."""
        _term(channel, CHANNELS, "channel")
        if not isinstance(complainant, Mapping):
            raise InvalidInput(
                "complainant: an object with the complainant's name", field="complainant"
            )
        _text(complainant.get("name"), "complainant.name")
        _text(summary, "summary")
        if len(set(officers)) != len(officers):
            raise InvalidInput("officers: an officer is named twice", field="officers")
        days = int(TIME_LIMIT["days"])
        return cls(
            actor=actor,
            channel=channel,
            received_on=received_on.isoformat(),
            complainant=dict(complainant),
            summary=summary,
            case_id=case_id,
            officers=list(officers),
            jurisdiction=jurisdiction,
            due_on=due_date(received_on, days).isoformat(),
            time_limit={"days": days, "basis": str(TIME_LIMIT["basis"])},
        )

    # -- invariants -------------------------------------------------------------------------

    def check_open(self) -> None:
        """Nothing follows the reply: the complaint is answered."""
        if self.reply is not None:
            raise ComplaintStepOutOfOrder(f"complaint {self.id} was answered already")

    def check_handler(self, actor: str) -> None:
        """Findings, outcome and reply are the assigned handler's (R-SV-3, R-RP-3)."""
        if self.assigned_to is None:
            raise ComplaintStepOutOfOrder(
                "the complaint is not assigned yet: assign it to an oversight actor first"
            )
        if actor != self.assigned_to:
            raise NotComplaintHandler(
                "only the oversight actor the complaint is assigned to records its findings, "
                "outcome and reply"
            )

    # -- steps ------------------------------------------------------------------------------

    def assign(self, *, actor: str, assignee: str) -> None:
        """Assign (or reassign, until the outcome) to an oversight actor: by who received the
        complaint or who handles it now, never by another reader of the area — an assignment
        shows the complainant to the assignee, so nobody gives it to themselves to see who
        complained (R-RP-3, R-SV-3)."""
        self.check_open()
        if actor not in {self.received_by, self.assigned_to}:
            raise NotComplaintHandler(
                "only the oversight actor who received the complaint, or the one it is assigned "
                "to now, assigns it (R-SV-3); the complainant is shown to the assignee (R-RP-3)"
            )
        if self.outcome is not None:
            raise ComplaintStepOutOfOrder("the complaint has its outcome; it is not reassigned")
        if assignee == self.assigned_to:
            raise ComplaintStepOutOfOrder(f"the complaint is already assigned to {assignee}")
        self._assign(actor=actor, assignee=assignee)

    @event("ComplaintAssigned")
    def _assign(self, actor: str, assignee: str) -> None:
        self.assigned_to = assignee
        self.assignments.append({"assignee": assignee, "assigned_by": actor})
        if self.stage is Stage.RECEIVED:
            self.stage = Stage.ASSIGNED

    def record_findings(self, *, actor: str, findings: str) -> None:
        """What the investigation found (may be recorded in parts, until the outcome)."""
        self.check_open()
        self.check_handler(actor)
        if self.outcome is not None:
            raise ComplaintStepOutOfOrder("the outcome is recorded; findings come before it")
        _text(findings, "findings")
        self._record_findings(actor=actor, findings=findings)

    @event("ComplaintFindingsRecorded")
    def _record_findings(self, actor: str, findings: str) -> None:
        self.findings.append({"findings": findings, "recorded_by": actor})
        self.stage = Stage.INVESTIGATED

    def conclude(self, *, actor: str, outcome: str, reason: str, referred_to: str | None) -> None:
        """The one outcome, after findings (R-SV-3); ``referred`` names who it went to."""
        self.check_open()
        self.check_handler(actor)
        if self.outcome is not None:
            raise ComplaintStepOutOfOrder("the complaint has its outcome already; there is one")
        if not self.findings:
            raise ComplaintStepOutOfOrder("no outcome before findings: record the findings first")
        _term(outcome, OUTCOME_LABELS, "outcome")
        _text(reason, "reason")
        if outcome == Outcome.REFERRED:
            _text(referred_to, "referred_to")
        elif referred_to is not None:
            raise InvalidInput(
                "referred_to: only a referred complaint names where it went", field="referred_to"
            )
        self._conclude(actor=actor, outcome=outcome, reason=reason, referred_to=referred_to)

    @event("ComplaintConcluded")
    def _conclude(self, actor: str, outcome: str, reason: str, referred_to: str | None) -> None:
        self.outcome = {
            "outcome": outcome,
            "reason": reason,
            "referred_to": referred_to,
            "by": actor,
        }
        self.stage = Stage.CONCLUDED

    def answer(self, *, actor: str, replied_on: date, channel: str, summary: str) -> None:
        """The reply to the complainant, after the outcome, once; on time if by ``due_on``."""
        self.check_open()
        self.check_handler(actor)
        if self.outcome is None:
            raise ComplaintStepOutOfOrder(
                "no reply before the outcome: conclude the complaint first"
            )
        _term(channel, REPLY_CHANNELS, "channel")
        _text(summary, "summary")
        if replied_on < self.received_on:
            raise InvalidInput(
                f"replied_on: before the complaint was received ({self.received_on})",
                field="replied_on",
            )
        self._answer(
            actor=actor,
            replied_on=replied_on.isoformat(),
            channel=channel,
            summary=summary,
            on_time=replied_on <= self.due_on,
        )

    @event("ComplaintAnswered")
    def _answer(
        self, actor: str, replied_on: str, channel: str, summary: str, on_time: bool
    ) -> None:
        self.reply = {
            "replied_on": replied_on,
            "channel": channel,
            "summary": summary,
            "on_time": on_time,
        }
        self.stage = Stage.REPLIED

    # -- reading ----------------------------------------------------------------------------

    @property
    def founded(self) -> bool:
        """Whether the outcome is substantiated, wholly or partly (R-SV-4)."""
        return self.outcome is not None and self.outcome["outcome"] in FOUNDED

    def status(self, today: date) -> dict[str, Any]:
        """What the case and the queues show: no complainant, no summary (R-RP-3)."""
        open_ = self.reply is None
        return {
            "complaint_id": str(self.id),
            "stage": self.stage.value,
            "received_on": self.received_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "overdue": open_ and today > self.due_on,
            "outcome": None if self.outcome is None else self.outcome["outcome"],
            "replied_on": None if self.reply is None else self.reply["replied_on"],
        }

    def complainant_visible_to(self, viewer_id: str) -> bool:
        """Who may see the complainant (R-RP-3): who received the complaint, and the handler
        it is assigned to now — not one it was handed over from."""
        return viewer_id in {self.received_by, self.assigned_to}

    def view(self, viewer_id: str, today: date) -> dict[str, Any]:
        """The whole complaint as ``viewer_id`` may see it."""
        shown = self.complainant_visible_to(viewer_id)
        return {
            **self.status(today),
            "channel": self.channel,
            "complainant": copy.deepcopy(self.complainant) if shown else None,
            "complainant_hidden": not shown,
            "received_by": self.received_by if shown else None,
            "summary": self.summary,
            "case_id": self.case_id,
            "officers": list(self.officers),
            "jurisdiction": self.jurisdiction,
            "time_limit": dict(self.time_limit),
            "assigned_to": self.assigned_to,
            "findings": copy.deepcopy(self.findings),
            "conclusion": copy.deepcopy(self.outcome),
            "reply": copy.deepcopy(self.reply),
            "seq": self.version,
            "event_hash": self.chain_head,
        }
