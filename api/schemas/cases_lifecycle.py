"""Request bodies of how an enforcement case ends and is closed (R-EN-5, R-EN-6, R-PB-2,
R-LR-4 移送), as ``domain/records/enforcement/lifecycle.py`` checks them. Dates default to
today (China Standard Time) and are never in the future."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from api.schemas.base import IsoDate, LongText, Reason, Sha256, Strict, Words
from api.schemas.terms import coded, term

Documents = Annotated[list["CaseDocument"], Field(max_length=100)]


class CaseDocument(Strict):
    """A document by its hash, with its title (决定书, 送达回证, 移送书 …)."""

    sha256: Sha256
    title: Words


coded("documents[].sha256", "invalid-document-hash")


class NoPenaltyIn(Strict):
    """不予行政处罚, approved by the agency head who records it (not an officer of the case)."""

    ground: term("no_penalty_ground")  # type: ignore[valid-type]
    reason: Reason
    documents: Documents = Field(default_factory=list)
    decided_on: IsoDate | None = Field(default=None, description="default: today")


class CaseWithdrawalIn(Strict):
    """撤销立案, with its reason, approved by the agency head who records it."""

    reason: Reason
    withdrawn_on: IsoDate | None = Field(default=None, description="default: today")


class TransferIn(Strict):
    """移送: the receiving body, the reason and the documents handed over (by hash)."""

    kind: term("transfer_kind")  # type: ignore[valid-type]
    receiving_body: Words
    reason: Reason
    documents: Annotated[list[CaseDocument], Field(min_length=1, max_length=100)]
    transferred_on: IsoDate | None = Field(default=None, description="default: today")


class DeadlineExtensionIn(Strict):
    """A longer time limit for the decision, approved by the agency head (R-EN-5)."""

    reason: Reason
    due_on: IsoDate = Field(
        description="the new last day: later than the one in force, at most 30 days past it "
        "for a penalty (R-EN-5); approved before the limit in force runs out"
    )


class ServiceIn(Strict):
    """The decision's service (R-EN-6): ``on_the_spot`` on the day of the decision, or a
    method of 民事诉讼法 within 7 working days."""

    method: term("service_method")  # type: ignore[valid-type]
    served_on: IsoDate | None = Field(default=None, description="default: today")
    documents: Documents = Field(default_factory=list, description="送达回证 and the like")


class PublicationExemptionIn(Strict):
    """Why the decision is not published, on a legal ground (R-PB-2)."""

    ground: term("publication_exemption")  # type: ignore[valid-type]
    reason: Reason


class ExecutionIn(Strict):
    """The decision's execution status (执行)."""

    status: term("execution_status")  # type: ignore[valid-type]
    executed_on: IsoDate | None = Field(default=None, description="default: today")
    note: Annotated[str, Field(max_length=5000)] = ""
    documents: Documents = Field(default_factory=list)


class SetAsideIn(Strict):
    """The decision was changed, revoked, found unlawful or void (行政处罚法 第48条)."""

    how: term("set_aside_how")  # type: ignore[valid-type]
    authority: term("set_aside_authority")  # type: ignore[valid-type]
    reference: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        default=None, description="文号 or 案号: required for reconsideration and court"
    )
    set_aside_on: IsoDate | None = Field(default=None, description="default: today")


class PublicationWithdrawalIn(Strict):
    """Withdraw the published decision, with the reasons (R-PB-2)."""

    reason: LongText
    withdrawn_on: IsoDate | None = Field(default=None, description="default: today")


NoPenaltyIn.model_rebuild()
ServiceIn.model_rebuild()
ExecutionIn.model_rebuild()
