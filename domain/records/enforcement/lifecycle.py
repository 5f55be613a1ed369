"""How an enforcement case ends, and what must be on record before it is closed
(R-EN-5, R-EN-6, R-PB-2, R-LR-4 移送).

A case ends in exactly one recorded way (:class:`Ending`):

* ``decided`` — the decision through the gate (``EnforcementCase.decide``, R-LR-1);
* ``no_penalty`` — 不予行政处罚, on a legal ground of :data:`NO_PENALTY_GROUNDS`;
* ``withdrawn`` — 撤销立案, with its reason;
* ``transferred`` — 移送: to the agency with jurisdiction, or to the judicial organs when a
  crime is suspected (刑事司法衔接), naming the receiving body, the reason and the documents.

The last three are approved by a head of the case's agency who is not one of its officers
(:func:`check_head_approval`): the head's role and agency come from the actor's record, the
"not an officer" from the case's history.

Once a case has ended it takes only what its ending allows (:data:`AFTER_ENDING`,
:func:`check_allowed_after_ending`): after 不予处罚, 撤销立案 or 移送 nothing but its closure;
after a decision its service, publication or exemption, execution, setting aside and closure
— and the steps and officers that serve and execute it. Drafts, reviews, opinions,
collective discussions and a second decision are refused (``decision-already-made`` after a
decision, ``case-already-ended`` after another ending). Oversight (complaints, file reviews)
is not the case's own work and stays open at every stage.

A decision is closed only when its **closing facts** are recorded (:data:`CLOSING_FACTS`,
checked in order): the service (送达), the publication or a recorded exemption (公开), and the
execution status (执行). Whether "nothing to execute" fits a decision is read from the decided
draft's content (:func:`imposes_obligation`): no fine, no confiscation, and only measures of
:data:`NO_OBLIGATION_MEASURES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, Protocol

from domain.records import errors
from domain.records.children.errors import InvalidDocumentHash
from domain.records.enforcement.gate import last_step_day, standing_crime_finding
from domain.records.enforcement.vocabulary import Draft, Review


class EnforcementCase(Protocol):
    """What the lifecycle reads of a case (``case.py``'s :class:`EnforcementCase`)."""

    filed_on: date
    decision: dict[str, Any] | None
    ending: dict[str, Any] | None
    service: dict[str, Any] | None
    publication: dict[str, Any] | None
    publication_exemption: dict[str, Any] | None
    executions: list[dict[str, Any]]
    closure: dict[str, Any] | None
    reviewed_by: set[str]
    current_draft: str | None
    reviews: dict[str, Review]
    set_asides: list[dict[str, Any]]
    steps: list[dict[str, Any]]

    def draft(self, hashed: str) -> Draft:
        """A draft by its hash (refused if the case has none)."""
        ...

    def civil_date_of(self, seq: int) -> date | None:
        """The date (China Standard Time) on which event ``seq`` was recorded."""
        ...

    def acted_as_officer_on(self, actor_id: str) -> bool:
        """Assigned as an officer, or took part in a step, of this case."""
        ...

    def check_not_closed(self) -> None:
        """Refuse when the case is closed (R-SV-2)."""
        ...


class Ending(StrEnum):
    """The recorded ways a case ends."""

    DECIDED = "decided"  # 作出决定
    NO_PENALTY = "no_penalty"  # 不予行政处罚
    WITHDRAWN = "withdrawn"  # 撤销立案
    TRANSFERRED = "transferred"  # 移送


ENDING_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        Ending.DECIDED: "作出行政执法决定",
        Ending.NO_PENALTY: "不予行政处罚",
        Ending.WITHDRAWN: "撤销立案",
        Ending.TRANSFERRED: "移送",
    }
)

NO_PENALTY_GROUNDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "first_offence_corrected": "初次违法且危害后果轻微并及时改正 (行政处罚法 第33条第1款)",
        "minor_corrected_no_harm": (
            "违法行为轻微并及时改正, 没有造成危害后果 (行政处罚法 第33条第1款)"
        ),
        "no_fault": "当事人有证据足以证明没有主观过错 (行政处罚法 第33条第2款)",
        "under_fourteen": "不满十四周岁的未成年人有违法行为 (行政处罚法 第30条)",
        "mental_illness": (
            "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为 (行政处罚法 第31条)"
        ),
        "time_barred": "违法行为在二年内未被发现 (行政处罚法 第36条)",
        "facts_unproven": "违法事实不能成立 (行政处罚法 第57条第1款第三项)",
    }
)  # fmt: skip
"""Legal grounds of 不予行政处罚, each with the article that gives it."""

TRANSFER_KINDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "jurisdiction": "移送有管辖权的行政机关 (行政处罚法 第22条、第25条)",
        "judicial": (
            "涉嫌犯罪, 移送司法机关 (行政处罚法 第27条; 行政执法机关移送涉嫌犯罪案件的规定)"
        ),
    }
)  # fmt: skip
"""To whom a case is transferred (移送), R-LR-4 (国办发〔2018〕118号: 涉嫌犯罪需要移送司法机关)."""

SERVICE_METHODS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "on_the_spot": "宣告后当场交付 (行政处罚法 第61条第1款)",
        "direct": "直接送达",
        "left_at_residence": "留置送达",
        "post": "邮寄送达",
        "entrusted": "委托送达",
        "electronic": "电子送达 (当事人同意并签订确认书, 行政处罚法 第61条第2款)",
        "public_notice": "公告送达",
    }
)  # fmt: skip
"""How a decision is served (R-EN-6): on the spot, or by a method of 民事诉讼法 (第61条)."""

PUBLICATION_EXEMPTIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_social_impact": "不具有一定社会影响的行政处罚决定 (行政处罚法 第48条第1款)",
        "state_secret": "涉及国家秘密 (国办发〔2018〕118号)",
        "commercial_secret_or_privacy": "涉及商业秘密、个人隐私等不宜公开 (国办发〔2018〕118号)",
        "security_or_stability": (
            "公开后可能危及国家安全、公共安全、经济安全、社会稳定 (国办发〔2018〕118号)"
        ),
    }
)  # fmt: skip
"""Recorded grounds for not publishing a decision (R-PB-2)."""

PENALTY_ONLY_EXEMPTIONS: Final = frozenset({"no_social_impact"})
"""Exemptions 行政处罚法 gives, and so only to penalty decisions."""

EXECUTION_STATUSES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "paid": "罚没款已缴纳",
        "performed": "当事人自觉履行",
        "enforced": "行政机关依法强制执行",
        "court_enforcement_applied": "申请人民法院强制执行",
        "nothing_to_execute": "无需执行 (决定未课以义务)",
    }
)
"""The execution status of a decision (行政处罚法 第47条 执行; 第72条 强制执行)."""

NO_OBLIGATION_MEASURES: Final = frozenset(
    {"warning", "notice_of_criticism", "licence_grant", "licence_refusal"}
)
"""Measures that leave the party nothing to do or pay (警告, 通报批评, 准予许可, 不予许可): a
decision of only these, with no fine and no confiscation, may be "nothing to execute"."""

SET_ASIDE_HOW: Final[Mapping[str, str]] = MappingProxyType(
    {
        "changed": "被依法变更",
        "revoked": "被依法撤销",
        "found_unlawful": "被确认违法",
        "found_void": "被确认无效",
    }
)
"""What happened to a decision (行政处罚法 第48条第2款)."""

SET_ASIDE_AUTHORITIES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "agency_head": "本机关负责人 (自行纠正)",
        "reconsideration": "行政复议机关 (复议决定)",
        "court": "人民法院 (裁判文书)",
    }
)
"""Who set the decision aside; a reconsideration body or a court is cited by reference."""

CITED_AUTHORITIES: Final = frozenset({"reconsideration", "court"})
"""Authorities whose act is cited by its document's reference (文号, 案号)."""


def check_term(value: str, terms: Mapping[str, str], field: str, what: str) -> str:
    """``value`` if it is one of ``terms``; otherwise a refusal naming the allowed codes."""
    if value not in terms:
        allowed = sorted(terms)
        raise errors.InvalidInput(
            f"{field}: {value!r} is not a {what}; one of {', '.join(allowed)}",
            field=field,
            allowed=allowed,
        )
    return value


def check_text(value: str, field: str) -> str:
    """A non-blank text, stripped of surrounding blanks."""
    if not value.strip():
        raise errors.InvalidInput(f"{field}: must not be blank", field=field)
    return value.strip()


def check_documents(documents: list[dict[str, Any]], field: str = "documents") -> None:
    """Documents are named by their SHA-256 (lower-case hex) and a title."""
    for i, doc in enumerate(documents):
        sha = str(doc.get("sha256", ""))
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise InvalidDocumentHash(
                f"{field}[{i}].sha256: a document is named by its SHA-256 (64 hex digits)",
                field=f"{field}[{i}].sha256",
            )
        check_text(str(doc.get("title", "")), f"{field}[{i}].title")


# -- who approves ------------------------------------------------------------------------------


def check_head_approval(case: EnforcementCase, actor: str, is_agency_head: bool, what: str) -> None:
    """A head of the case's agency, not one of its officers nor its legal reviewers, approves
    ``what``. ``is_agency_head`` comes from the actor's record (role and agency); the rest
    from the case's history."""
    if not is_agency_head:
        raise errors.HeadApprovalRequired(
            f"{what} is approved by a head of the case's agency (行政机关负责人)"
        )
    if case.acted_as_officer_on(actor):
        raise errors.HeadApprovalRequired(
            f"{what} is approved by a head who is not an officer of the case; actor {actor} "
            "acted as its officer"
        )
    if actor in case.reviewed_by:
        raise errors.HeadApprovalRequired(
            f"{what} is approved by a head who did not review the case (R-LR-5)"
        )


# -- endings -----------------------------------------------------------------------------------


def ending_of(case: EnforcementCase) -> dict[str, Any] | None:
    """The case's recorded ending, if any: the decision, or the ending event's facts."""
    if case.decision is not None:
        return {
            "kind": Ending.DECIDED.value,
            "on": case.decision["decided_on"],
            "by": case.decision["decided_by"],
        }
    return case.ending


CASE_COMMANDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "officers": "assign officers (执法人员变更)",
        "step": "record a step (执法过程记录)",
        "draft": "submit a draft decision (决定草案)",
        "review": "request a legal review (法制审核)",
        "opinion": "record a legal review opinion (审核意见)",
        "collective_discussion": "record a collective discussion (集体讨论)",
        "decision": "make a decision (作出决定)",
        "deadline_extension": "extend the decision's time limit (延长办案期限)",
        "service": "record the service (送达)",
        "publication": "record the publication (公开)",
        "publication_exemption": "record a publication exemption (不予公开)",
        "execution": "record the execution (执行)",
        "set_aside": "record that the decision was set aside (变更、撤销、确认违法或无效)",
        "publication_withdrawal": "withdraw the publication (撤下公开信息)",
        "closure": "close the case (结案)",
    }
)  # fmt: skip
"""The commands that do a case's own work, each in the user's words."""

_AFTER_DECISION: Final = frozenset(
    {"officers", "step", "service", "publication", "publication_exemption", "execution",
     "set_aside", "publication_withdrawal", "closure"}
)  # fmt: skip

AFTER_ENDING: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        # A decision is served, published (or exempted), executed, perhaps set aside, then
        # closed (行政处罚法 第61条、第48条、第47条); the steps of service and execution (送达,
        # 行政强制) and the officers who take them are recorded (R-EN-3, R-AV-2): an inquiry
        # step is refused by the gate (StepAfterDecision).
        Ending.DECIDED: _AFTER_DECISION,
        # 不予处罚, 撤销立案, 移送 end the case's own work: it is closed, nothing else.
        Ending.NO_PENALTY: frozenset({"closure"}),
        Ending.WITHDRAWN: frozenset({"closure"}),
        Ending.TRANSFERRED: frozenset({"closure"}),
    }
)
"""What a case that ended may still take, by its ending (:data:`CASE_COMMANDS`)."""


def check_allowed_after_ending(case: EnforcementCase, command: str) -> None:
    """Refuse ``command`` (one of :data:`CASE_COMMANDS`) on a case whose ending does not
    allow it: ``decision-already-made`` after a decision, ``case-already-ended`` after 不予处罚,
    撤销立案 or 移送; the refusal lists in ``still_allowed`` what the case still takes."""
    found = ending_of(case)
    if found is None or command in AFTER_ENDING[found["kind"]]:
        return
    allowed = sorted(AFTER_ENDING[found["kind"]])
    detail = (
        f"the case ended: {ENDING_LABELS[found['kind']]} ({found['kind']}) on {found['on']}; "
        f"it may not {CASE_COMMANDS[command]} — it takes only: "
        + ", ".join(CASE_COMMANDS[c] for c in allowed)
    )
    if found["kind"] == Ending.DECIDED:
        refusal: errors.JianzhengError = errors.DecisionAlreadyMade(detail)
        refusal.extra["still_allowed"] = allowed
        raise refusal
    raise errors.CaseAlreadyEnded(detail, still_allowed=allowed)


def check_takes_evidence(case: EnforcementCase) -> None:
    """Evidence is uploaded for a case while its work goes on: never once it is closed
    (``case-closed``, R-SV-2), and after an ending only while that ending still takes steps —
    a decision's service and execution may need evidence; 不予处罚, 撤销立案 and 移送 take
    none (``case-already-ended``)."""
    case.check_not_closed()
    found = ending_of(case)
    if found is None or "step" in AFTER_ENDING[found["kind"]]:
        return
    allowed = sorted(AFTER_ENDING[found["kind"]])
    raise errors.CaseAlreadyEnded(
        f"the case ended: {ENDING_LABELS[found['kind']]} ({found['kind']}) on {found['on']}; "
        "no evidence is uploaded for it any more — it takes only: "
        + ", ".join(CASE_COMMANDS[c] for c in allowed),
        still_allowed=allowed,
    )


def check_may_end(case: EnforcementCase, on: date, field: str) -> None:
    """A case ends once, dated not before its filing nor before any step on record."""
    case.check_not_closed()
    found = ending_of(case)
    if found is not None:
        raise errors.CaseAlreadyEnded(
            f"the case already ended: {ENDING_LABELS[found['kind']]} ({found['kind']}) on "
            f"{found['on']}"
        )
    if on < case.filed_on:
        raise errors.DateBeforeFiling(
            f"{field} {on} is before the case was filed ({case.filed_on})", field=field
        )
    last = last_step_day(case)
    if last is not None and on < last:
        raise errors.DateBeforeStep(
            f"{field} {on} is before a step recorded on this case ({last}): a case ends "
            "after the work done on it",
            field=field,
        )


CRIME_TRANSFER_KIND: Final = "judicial"
"""The only ending left once the legal review found a crime suspected (R-LR-4)."""


def check_crime_transfer(case: EnforcementCase, ending: str, kind: str | None = None) -> None:
    """Once an opinion on any draft of the case found the conduct suspected of a crime
    (涉嫌犯罪) and no later opinion cleared it (:func:`~.gate.standing_crime_finding`: a
    later passing opinion on a later draft that finds no crime), the case ends only by 移送
    to the judicial organs (``transfer`` of kind :data:`CRIME_TRANSFER_KIND`): the decision
    is refused by the gate, and 不予处罚, 撤销立案 and a transfer to another agency here,
    with the same code (R-LR-4; 行政处罚法 第27条, 第57条第1款第(四)项;
    行政执法机关移送涉嫌犯罪案件的规定 第3条: 必须向公安机关移送)."""
    if kind == CRIME_TRANSFER_KIND:
        return
    found = standing_crime_finding(case)
    if found is not None:
        raise errors.CrimeTransferRequired(
            f"the legal review ({found.reviewed_on or 'on record'}) found the conduct "
            f"suspected of a crime: the case is transferred to the judicial organs "
            f"(transfer, kind {CRIME_TRANSFER_KIND}), not ended by {ending} (R-LR-4; "
            "行政处罚法 第27条, 第57条第1款第(四)项; 行政执法机关移送涉嫌犯罪案件的规定)"
        )


# -- after a decision --------------------------------------------------------------------------


def decided_on(case: EnforcementCase) -> date:
    """The date of the decision, refusing when there is none."""
    if case.decision is None:
        raise errors.NoDecisionYet(
            "the case has no decision: service, publication and execution follow a decision"
        )
    return date.fromisoformat(str(case.decision["decided_on"]))


def check_after_decision(case: EnforcementCase, on: date, field: str) -> None:
    """A fact about the decision is dated on or after the decision."""
    decided = decided_on(case)
    if on < decided:
        raise errors.DateBeforeDecision(
            f"{field} {on} is before the decision ({decided})", field=field
        )


def check_publishable(case: EnforcementCase, on: date) -> None:
    """The decision is published on a day not before it, and only while it stands: one
    changed, revoked or found unlawful or void is not published afterwards — a publication
    it had is withdrawn (行政处罚法 第48条第2款, R-PB-2)."""
    check_after_decision(case, on, "published_on")
    if case.set_asides:
        last = case.set_asides[-1]
        raise errors.DecisionSetAside(
            f"the decision was {SET_ASIDE_HOW[last['how']]} ({last['how']}) on "
            f"{last['set_aside_on']}: it is not published afterwards (行政处罚法 第48条第2款, "
            "R-PB-2)"
        )


def check_not_set_aside(case: EnforcementCase, what: str) -> None:
    """Nothing is decided about the publication of a decision already set aside: it is not
    published, nor exempted from publication, afterwards (行政处罚法 第48条第2款, R-PB-2)."""
    if case.set_asides:
        last = case.set_asides[-1]
        raise errors.DecisionSetAside(
            f"the decision was {SET_ASIDE_HOW[last['how']]} ({last['how']}) on "
            f"{last['set_aside_on']}: {what} is not recorded afterwards (行政处罚法 第48条第2款, "
            "R-PB-2)"
        )


SET_ASIDE_FOR_GOOD: Final = frozenset({"revoked", "found_void"})
"""Set-asides after which the decision has no effect left (撤销, 确认无效)."""

ACTS_ON_DECISION_IN_FORCE: Final = frozenset({"changed", "revoked"})
"""Set-asides that act on a decision in force (变更, 撤销): not recorded once it was set aside
for good; a finding that it was unlawful or void may still follow (a court's review)."""


def check_may_set_aside(case: EnforcementCase, how: str, on: str) -> None:
    """A decision revoked or found void is not changed or revoked again; a set-aside is not
    dated before the decision's publication on record (its withdrawal follows it, R-PB-2)."""
    gone = [a for a in case.set_asides if a["how"] in SET_ASIDE_FOR_GOOD]
    if gone and how in ACTS_ON_DECISION_IN_FORCE:
        raise errors.DecisionSetAside(
            f"how: the decision was already {SET_ASIDE_HOW[gone[0]['how']]} ({gone[0]['how']}) "
            f"on {gone[0]['set_aside_on']}; no decision is left to {how.replace('_', ' ')} "
            "(行政处罚法 第48条第2款, R-PB-2)"
        )
    published = (case.publication or {}).get("published_on")
    if published is not None and on < str(published):
        raise errors.DateBeforePublication(
            f"set_aside_on {on} is before the decision's publication on record ({published}): "
            "a decision is not published after it was set aside",
            field="set_aside_on",
        )


def check_withdrawal_date(case: EnforcementCase, withdrawn_on: str) -> None:
    """A publication is withdrawn on or after the day it was published (R-PB-2)."""
    published = (case.publication or {}).get("published_on")
    if published is not None and withdrawn_on < str(published):
        raise errors.DateBeforePublication(
            f"withdrawn_on {withdrawn_on} is before the decision was published ({published})",
            field="withdrawn_on",
        )


def decided_content(case: EnforcementCase) -> dict[str, Any]:
    """The content of the decided draft (measures, amounts)."""
    decided_on(case)
    decision = case.decision or {}
    return case.draft(str(decision["draft_hash"])).content


def imposes_obligation(content: Mapping[str, Any]) -> bool:
    """Whether a decision leaves the party something to do or pay: a fine, a confiscation,
    or any measure outside :data:`NO_OBLIGATION_MEASURES`."""
    if int(content.get("fine_fen", 0)) > 0 or int(content.get("confiscation_fen", 0)) > 0:
        return True
    return any(m not in NO_OBLIGATION_MEASURES for m in content.get("measures", []))


def check_execution_status(case: EnforcementCase, status: str) -> None:
    """ "Nothing to execute" fits only a decision that imposes no obligation."""
    check_term(status, EXECUTION_STATUSES, "status", "execution status")
    content = decided_content(case)
    if status == "nothing_to_execute" and imposes_obligation(content):
        raise errors.DecisionImposesObligation(
            "the decision imposes an obligation (measures "
            f"{', '.join(content.get('measures', []))}; fine {content.get('fine_fen', 0)} fen, "
            f"confiscation {content.get('confiscation_fen', 0)} fen): record it as "
            "paid, performed, enforced or court_enforcement_applied",
            field="status",
            allowed=sorted(set(EXECUTION_STATUSES) - {"nothing_to_execute"}),
        )


# -- closing facts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingFact:
    """What must be on record before a case is closed, and the refusal when it is not."""

    code: str
    rule: str
    statement: str
    applies: Callable[[EnforcementCase], bool]
    met: Callable[[EnforcementCase], bool]
    error: type[errors.ClosureRefused]

    def describe(self) -> dict[str, str]:
        """The fact as a refusal lists it."""
        return {"code": self.code, "rule": self.rule, "statement": self.statement}


def _always(_case: EnforcementCase) -> bool:
    return True


def _decided(case: EnforcementCase) -> bool:
    return case.decision is not None


CLOSING_FACTS: Final[tuple[ClosingFact, ...]] = (
    ClosingFact(
        "no-ending", "R-EN-5",
        "案件以记录在案的方式终结: 作出决定、不予处罚、撤销立案或者移送 — "
        "a case ends by a recorded decision, no-penalty decision, withdrawal or transfer",
        _always, lambda case: ending_of(case) is not None, errors.NoEnding,
    ),
    ClosingFact(
        "service-missing", "R-EN-6",
        "决定书宣告后当场交付, 或者七个工作日内送达 (行政处罚法 第61条、第85条) — the decision's "
        "service is recorded",
        _decided, lambda case: case.service is not None, errors.ServiceMissing,
    ),
    ClosingFact(
        "publication-missing", "R-PB-2",
        "决定依法公开, 或者记录不予公开的法定理由 (行政处罚法 第48条; 国办发〔2018〕118号) — the "
        "publication or a recorded exemption",
        _decided,
        lambda case: case.publication is not None or case.publication_exemption is not None,
        errors.PublicationMissing,
    ),
    ClosingFact(
        "execution-missing", "R-AV-1",
        "记录执行情况: 已缴纳、自觉履行、强制执行、申请法院强制执行或者无需执行 "
        "(行政处罚法 第47条) — the execution status is recorded",
        _decided, lambda case: bool(case.executions), errors.ExecutionMissing,
    ),
)  # fmt: skip
"""The closing facts in the order a refusal names them."""


def missing_for_closure(case: EnforcementCase) -> list[ClosingFact]:
    """The closing facts the case still lacks, in order."""
    return [f for f in CLOSING_FACTS if f.applies(case) and not f.met(case)]


def closure_refusal(case: EnforcementCase) -> errors.ClosureRefused | None:
    """The refusal of a closure, naming the first missing fact and listing all, or None."""
    missing = missing_for_closure(case)
    if not missing:
        return None
    first = missing[0]
    names = ", ".join(f.code for f in missing)
    return first.error(
        f"the case cannot be closed: missing {names} — {first.statement} ({first.rule})",
        missing=[f.describe() for f in missing],
    )


def closable(case: EnforcementCase) -> dict[str, Any]:
    """The closure summary the case answer shows."""
    missing = missing_for_closure(case)
    return {"closable": not missing and case.closure is None, "missing": [f.code for f in missing]}
