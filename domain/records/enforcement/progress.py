"""Where a case stands and what comes next, in the user's words: its status, the legal-review
gate's state for its current draft, its next step, and which of its time limits have run out
(R-EN-5, R-EN-6, R-LR-1, R-LR-7, R-PB-2).

A list of cases shows these beside each case, read from the facts the case-state projection
keeps (``projections/cases.py``); they are derived here, from a small frozen record of those
facts (:class:`CaseFacts`), so that one reading serves every list and screen. None of them
decides anything: the aggregate alone refuses a command (``gate.py``, ``lifecycle.py``). The
next step follows the law's order — inquiry, the draft, the legal review of a major draft
(R-LR-1), the heads' collective discussion where a refused decision asked for it (R-EN-7),
informing the party (R-EN-4), the decision; after it its service, publication and execution
(the closing facts of ``lifecycle.py``, in their order), then the closure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class CaseStatus(StrEnum):
    """Where a case stands: open, ended one of the four recorded ways, or closed."""

    OPEN = "open"  # 办理中
    DECIDED = "decided"  # 已作出决定
    NO_PENALTY = "no_penalty"  # 不予处罚
    WITHDRAWN = "withdrawn"  # 已撤销立案
    TRANSFERRED = "transferred"  # 已移送
    CLOSED = "closed"  # 已结案


CASE_STATUS_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        CaseStatus.OPEN: "办理中",
        CaseStatus.DECIDED: "已作出决定",
        CaseStatus.NO_PENALTY: "不予行政处罚",
        CaseStatus.WITHDRAWN: "已撤销立案",
        CaseStatus.TRANSFERRED: "已移送",
        CaseStatus.CLOSED: "已结案",
    }
)


class GateState(StrEnum):
    """The legal-review gate for the case's current draft (R-LR-1, R-LR-6)."""

    NO_DRAFT = "no_draft"  # 尚无决定草案
    NOT_REQUIRED = "not_required"  # 非重大执法决定, 无需法制审核
    REQUIRED = "required"  # 重大执法决定, 须法制审核, 尚未提交
    PENDING = "pending"  # 法制审核中
    PASSED = "passed"  # 法制审核通过
    REJECTED = "rejected"  # 法制审核未通过
    STALE = "stale"  # 审核已失效: a later step changed the file it passed (R-LR-1)


GATE_STATE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        GateState.NO_DRAFT: "尚无决定草案",
        GateState.NOT_REQUIRED: "无需法制审核",
        GateState.REQUIRED: "须经法制审核",
        GateState.PENDING: "法制审核中",
        GateState.PASSED: "法制审核通过",
        GateState.REJECTED: "法制审核未通过",
        GateState.STALE: "法制审核已失效(其后记录了新的环节)",
    }
)


class NextStep(StrEnum):
    """What must happen next on a case, and by whom (:data:`NEXT_STEP_ROLES`)."""

    INVESTIGATE = "investigate"
    SUBMIT_DRAFT = "submit_draft"
    REQUEST_REVIEW = "request_review"
    AWAIT_REVIEW = "await_review"
    REVISE_DRAFT = "revise_draft"
    COLLECTIVE_DISCUSSION = "collective_discussion"
    TRANSFER_TO_JUDICIARY = "transfer_to_judiciary"
    INFORM_PARTY = "inform_party"
    DECIDE = "decide"
    WITHDRAW_PUBLICATION = "withdraw_publication"
    SERVE = "serve"
    PUBLISH = "publish"
    RECORD_EXECUTION = "record_execution"
    CLOSE = "close"
    NONE = "none"


NEXT_STEP_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        NextStep.INVESTIGATE: "调查取证并记录执法过程",
        NextStep.SUBMIT_DRAFT: "提交决定草案",
        NextStep.REQUEST_REVIEW: "提交法制审核",
        NextStep.AWAIT_REVIEW: "等待法制审核意见",
        NextStep.REVISE_DRAFT: "按审核意见修改决定草案",
        NextStep.COLLECTIVE_DISCUSSION: "提请负责人集体讨论",
        NextStep.TRANSFER_TO_JUDICIARY: "移送司法机关",
        NextStep.INFORM_PARTY: "出示执法证件并告知当事人",
        NextStep.DECIDE: "由行政机关负责人作出决定",
        NextStep.WITHDRAW_PUBLICATION: "撤回已公开的决定信息",
        NextStep.SERVE: "送达决定书",
        NextStep.PUBLISH: "公开执法决定或记录不予公开的理由",
        NextStep.RECORD_EXECUTION: "记录执行情况",
        NextStep.CLOSE: "办理结案",
        NextStep.NONE: "已结案, 无待办事项",
    }
)

NEXT_STEP_ROLES: Final[Mapping[str, str | None]] = MappingProxyType(
    {
        NextStep.INVESTIGATE: "officer",
        NextStep.SUBMIT_DRAFT: "officer",
        NextStep.REQUEST_REVIEW: "officer",
        NextStep.AWAIT_REVIEW: "legal_reviewer",
        NextStep.REVISE_DRAFT: "officer",
        NextStep.COLLECTIVE_DISCUSSION: "agency_head",
        NextStep.TRANSFER_TO_JUDICIARY: "agency_head",
        NextStep.INFORM_PARTY: "officer",
        NextStep.DECIDE: "agency_head",
        NextStep.WITHDRAW_PUBLICATION: "officer",
        NextStep.SERVE: "officer",
        NextStep.PUBLISH: "officer",
        NextStep.RECORD_EXECUTION: "officer",
        NextStep.CLOSE: "officer",
        NextStep.NONE: None,
    }
)
"""Who takes each next step (a role of DESIGN §5; the README's route tables say who else may)."""


class Overdue(StrEnum):
    """A time limit of a case that has run out without being met."""

    REVIEW = "review"  # 法制审核逾期 (R-LR-7)
    DECISION = "decision"  # 超过作出决定期限 (R-EN-5)
    SERVICE = "service"  # 逾期未送达 (R-EN-6)
    PUBLICATION = "publication"  # 逾期未公开 (R-PB-2)
    WITHDRAWAL = "withdrawal"  # 逾期未撤回公开 (R-PB-2)


OVERDUE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        Overdue.REVIEW: "法制审核逾期",
        Overdue.DECISION: "超过作出决定期限",
        Overdue.SERVICE: "逾期未送达",
        Overdue.PUBLICATION: "逾期未公开",
        Overdue.WITHDRAWAL: "逾期未撤回公开",
    }
)

COLLECTIVE_REFUSALS: Final = frozenset({"collective-discussion-missing", "collective-not-agreed"})
"""Refusal codes of a blocked decision that send the draft to the heads' discussion (R-EN-7)."""

CRIME_REFUSAL: Final = "crime-transfer-required"
"""The refusal code of a decision whose review found a crime suspected (R-LR-4)."""


@dataclass(frozen=True)
class CaseFacts:
    """What a list knows of a case: the facts the case-state projection keeps."""

    action_type: str
    closed: bool = False
    ending: str | None = None
    steps: int = 0
    credentials_shown: bool = False
    has_draft: bool = False
    major: bool | None = None
    review_status: str | None = None
    """The current draft's review as the gate reads it (``gate.review_verdict``): pending,
    passed, rejected or stale."""
    blocked_code: str | None = None  # the last refusal of a decision on the current draft
    served: bool = False
    published: bool = False
    publication_exempted: bool = False
    executed: bool = False
    withdrawal_due: bool = False  # a published decision set aside and not yet withdrawn


def case_status(facts: CaseFacts) -> CaseStatus:
    """Closed, else the recorded ending, else open."""
    if facts.closed:
        return CaseStatus.CLOSED
    return CaseStatus(facts.ending) if facts.ending else CaseStatus.OPEN


def gate_state(facts: CaseFacts) -> GateState:
    """The current draft's review if it has one, as the gate reads it (stale once a step was
    recorded after the draft it passed: ``gate.review_verdict``); else whether a major draft
    needs one."""
    if not facts.has_draft:
        return GateState.NO_DRAFT
    if facts.review_status in {"pending", "passed", "rejected", "stale"}:
        return GateState(facts.review_status)
    return GateState.REQUIRED if facts.major else GateState.NOT_REQUIRED


def next_step(facts: CaseFacts) -> NextStep:
    """What must happen next, in the law's order (module docstring)."""
    status = case_status(facts)
    if status is CaseStatus.CLOSED:
        return NextStep.NONE
    if status is CaseStatus.DECIDED:
        return _after_decision(facts)
    if status is not CaseStatus.OPEN:  # 不予处罚, 撤销立案, 移送: only the closure remains
        return NextStep.CLOSE
    return _before_decision(facts)


def _before_decision(facts: CaseFacts) -> NextStep:
    if not facts.has_draft:
        return NextStep.SUBMIT_DRAFT if facts.steps else NextStep.INVESTIGATE
    gate = gate_state(facts)
    if gate is GateState.REQUIRED:
        return NextStep.REQUEST_REVIEW
    if gate is GateState.PENDING:
        return NextStep.AWAIT_REVIEW
    if gate is GateState.REJECTED:
        return NextStep.REVISE_DRAFT
    if gate is GateState.STALE and facts.major:
        # The gate refuses a decision on it (legal-review-stale, R-LR-1): a new draft on the
        # whole file, then its review.
        return NextStep.SUBMIT_DRAFT
    if facts.blocked_code == CRIME_REFUSAL:
        return NextStep.TRANSFER_TO_JUDICIARY
    if facts.blocked_code in COLLECTIVE_REFUSALS:
        return NextStep.COLLECTIVE_DISCUSSION
    if facts.action_type == "penalty" and not facts.credentials_shown:
        return NextStep.INFORM_PARTY  # R-EN-4: before a penalty decision
    return NextStep.DECIDE


def _after_decision(facts: CaseFacts) -> NextStep:
    """The withdrawal when due (R-PB-2), then the closing facts in ``lifecycle``'s order."""
    if facts.withdrawal_due:
        return NextStep.WITHDRAW_PUBLICATION
    if not facts.served:
        return NextStep.SERVE
    if not (facts.published or facts.publication_exempted):
        return NextStep.PUBLISH
    if not facts.executed:
        return NextStep.RECORD_EXECUTION
    return NextStep.CLOSE
