"""Collective discussion by the agency's heads (集体讨论, R-EN-7; 行政处罚法 第57条第2款):
"对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定".

Which penalty drafts need it is catalogue data (``domain.records.catalogue``:
``COLLECTIVE_DISCUSSION``, a rule's ``collective: true``, ``collective_quorum``); the
service judges the draft and hands the matched rules and the quorum in. The discussion
itself is a recorded case event (``CollectiveDiscussionRecorded``) naming one exact draft,
its participants by actor id (each an active head of the case's agency by the actor
records, at least the quorum), the date it was held (not before the draft, not in the
future), its conclusion (:class:`Conclusion`) and the minutes by hash (an uploaded blob of
the case). A decision on a draft that needs one rests on the latest discussion of *that*
draft: a later draft makes it stale, and a conclusion other than "decide as drafted"
refuses the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from domain.records import errors


class Conclusion(StrEnum):
    """What the heads concluded (第57条第1款 lists the outcomes of a penalty case)."""

    DECIDE_AS_DRAFTED = "decide_as_drafted"  # 同意按草案作出行政处罚决定, 第(一)项
    REVISE_DRAFT = "revise_draft"  # 退回修改草案
    NO_PENALTY = "no_penalty"  # 不予行政处罚, 第(二)(三)项
    TRANSFER_TO_JUDICIARY = "transfer_to_judiciary"  # 移送司法机关, 第(四)项

    @property
    def label(self) -> str:
        """The conclusion in the user's words: English and the Chinese term."""
        return CONCLUSION_LABELS[self]


CONCLUSION_LABELS: Final = MappingProxyType(
    {
        Conclusion.DECIDE_AS_DRAFTED: "decide as drafted (同意按草案作出决定)",
        Conclusion.REVISE_DRAFT: "revise the draft (退回修改草案)",
        Conclusion.NO_PENALTY: "no penalty (不予行政处罚)",
        Conclusion.TRANSFER_TO_JUDICIARY: "transfer to the judicial organs (移送司法机关)",
    }
)


@dataclass(frozen=True)
class CollectiveDiscussion:
    """One recorded collective discussion of one draft."""

    seq: int
    draft_hash: str
    participants: tuple[str, ...]
    held_on: str
    conclusion: str
    minutes_sha256: str
    recorded_by: str
    quorum: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (what the case answers and the decision cites)."""
        return {
            "seq": self.seq,
            "draft_hash": self.draft_hash,
            "participants": list(self.participants),
            "held_on": self.held_on,
            "conclusion": self.conclusion,
            "minutes_sha256": self.minutes_sha256,
            "recorded_by": self.recorded_by,
            "quorum": self.quorum,
        }


def parse_conclusion(text: str) -> Conclusion:
    """The conclusion named by ``text``, or a refusal listing the conclusions."""
    try:
        return Conclusion(text)
    except ValueError:
        raise errors.InvalidInput(
            f"conclusion {text!r} is not a conclusion of a collective discussion: "
            + ", ".join(f"{c.value} = {c.label}" for c in Conclusion),
            field="conclusion",
            allowed=[c.value for c in Conclusion],
        ) from None


def check_participants(
    participants: Iterable[str], heads: frozenset[str], quorum: int
) -> list[str]:
    """The participants, each once, in the order given: every one a head of the case's
    agency (``heads``, resolved from the actor records), at least ``quorum`` of them."""
    people = list(dict.fromkeys(participants))
    for index, person in enumerate(people):
        if person not in heads:
            raise errors.ParticipantNotAgencyHead(
                f"participants[{index}]: actor {person} is not an active head (行政机关负责人) "
                "of the case's agency; a collective discussion is by the agency's heads (R-EN-7)",
                field=f"participants[{index}]",
            )
    if len(people) < quorum:
        raise errors.CollectiveQuorumNotMet(
            f"participants: {len(people)} head(s) listed; a collective discussion needs at "
            f"least {quorum} heads of the agency (R-EN-7, the catalogue's quorum)",
            field="participants",
        )
    return people


def check_independent(
    recorder: str, people: list[str], acted_as_officer: Callable[[str], bool], reviewers: set[str]
) -> None:
    """The heads who discuss and decide are none of the case's officers nor its legal
    reviewers, and neither is the head who records the discussion: the discussion *is* how
    the heads decide (行政处罚法 第57条第2款 集体讨论决定), and whoever investigated or
    reviewed a case never decides it (R-LR-5, R-EN-7; 第58条 法制审核 by others than the
    investigators). Judged from the case's history, whatever roles the person holds."""
    named = [("recorder", recorder)] + [(f"participants[{i}]", p) for i, p in enumerate(people)]
    for field, person in named:
        if acted_as_officer(person):
            raise errors.SeparationOfDuties(
                f"{field}: actor {person} acted as an officer on this case and may not sit in, "
                "or record, the heads' collective discussion that decides it (R-EN-7, R-LR-5)",
                field=None if field == "recorder" else field,
            )
        if person in reviewers:
            raise errors.SeparationOfDuties(
                f"{field}: actor {person} reviewed a draft of this case and may not sit in, or "
                "record, the heads' collective discussion that decides it (R-LR-5)",
                field=None if field == "recorder" else field,
            )


def check_held_on(held_on: date, *, drafted_on: date | None, filed_on: date) -> None:
    """The discussion is of the draft: held on or after the day it was submitted (and so
    after the filing). Not in the future is the service's check (its clock)."""
    if held_on < filed_on:
        raise errors.DateBeforeFiling(
            f"held_on {held_on} is before the case was filed ({filed_on})", field="held_on"
        )
    if drafted_on is not None and held_on < drafted_on:
        raise errors.DecisionDatedTooEarly(
            f"held_on {held_on} is before the draft discussed was submitted ({drafted_on}): "
            "the heads discuss a draft that exists (R-EN-7)",
            field="held_on",
        )


def latest_held(discussions: Iterable[CollectiveDiscussion]) -> CollectiveDiscussion:
    """The discussion held last: by ``held_on``, ties by the order recorded. A meeting
    entered late with an earlier date (R-EN-2) never overrides a later meeting's conclusion
    (R-EN-7)."""
    return max(discussions, key=lambda d: (d.held_on, d.seq))


def collective_refusal(
    discussions: list[CollectiveDiscussion], hashed: str, rules: list[str], number: int
) -> errors.DecisionRefused | None:
    """Why draft ``hashed`` (number ``number``) may not be decided yet for want of a
    collective discussion, or None. ``rules`` are the catalogue rules that require one
    (empty: none is required)."""
    if not rules:
        return None
    why = ", ".join(rules)
    mine = [d for d in discussions if d.draft_hash == hashed]
    if not mine:
        earlier = (
            " (one was recorded for an earlier draft: it does not cover this one)"
            if (discussions)
            else ""
        )
        return errors.CollectiveMissing(
            f"draft {number} is a penalty the heads decide collectively (rules: {why}; "
            f"行政处罚法 第57条第2款, R-EN-7), and no collective discussion of it is "
            f"recorded{earlier}; record one (POST /v1/cases/{{id}}/collective-discussions)"
        )
    latest = latest_held(mine)
    if latest.conclusion != Conclusion.DECIDE_AS_DRAFTED:
        said = Conclusion(latest.conclusion).label
        return errors.CollectiveNotAgreed(
            f"the heads' collective discussion of {latest.held_on} concluded: {said}; a "
            f"decision on draft {number} needs the conclusion "
            f"{Conclusion.DECIDE_AS_DRAFTED.label} (R-EN-7)"
        )
    return None
