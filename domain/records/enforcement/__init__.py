"""Enforcement cases (行政执法): whole-process records and the legal-review gate (三项制度).

One chained stream per case. The aggregate decides every invariant it can from its
own events; facts about other streams (an officer's certificate, an uploaded blob's
media type, the catalogue's judgement) are resolved by the application service and
passed in, and are recorded in the events so the record shows what was relied on.

Rules enforced here: R-EN-1 (six action types), R-EN-2 (recorded time vs claimed
occurrence time), R-EN-3 (two certified officers), R-AV-2/3 (audio-video records),
R-LR-1 (no major decision without a passed review of that exact draft), R-LR-5
(separation of duties), R-LR-4 and R-LR-6 (written opinion on the review contents), R-EN-7
(collective discussion of serious penalties), R-LR-7 (review due date), R-LR-8
(every blocked attempt recorded), R-PB-2 (publication deadline), R-SV-2 (after
closure only oversight events).

The package reads by its modules' names:

* ``vocabulary``: action types, step kinds, stages, review contents, each with its Chinese
  label, and the draft and review records a case keeps;
* ``checks``: what the commands refuse in their input, in the user's words;
* ``collective``: the heads' collective discussion of a draft (R-EN-7);
* ``gate``: whether a decision may be made on a draft (R-LR-1, R-LR-8), and its dates;
* ``case``: the :class:`EnforcementCase` aggregate.

Every name is importable from ``domain.records.enforcement`` as before.
"""

from __future__ import annotations

from domain.records.enforcement.case import EnforcementCase
from domain.records.enforcement.collective import (
    CONCLUSION_LABELS,
    CollectiveDiscussion,
    Conclusion,
)
from domain.records.enforcement.vocabulary import (
    ACTION_TYPE_LABELS,
    CHINA_STANDARD_TIME,
    CONTESTED_STEPS,
    CRIME_TRANSFER_ITEM,
    DRAFT_HASH_PREFIX,
    INQUIRY_STEPS,
    REVIEW_ITEM_LABELS,
    REVIEW_ITEM_LISTS,
    REVIEW_ITEMS,
    REVIEW_ITEMS_T74,
    REVIEW_ITEMS_VERSION,
    STEP_KIND_LABELS,
    TOUCHES_LABELS,
    ActionType,
    Draft,
    PartyKind,
    Review,
    ReviewStatus,
    Stage,
    StepKind,
    Touches,
    draft_hash,
    is_audio_video,
)

__all__ = [
    "ACTION_TYPE_LABELS",
    "CHINA_STANDARD_TIME",
    "CONCLUSION_LABELS",
    "CONTESTED_STEPS",
    "CRIME_TRANSFER_ITEM",
    "DRAFT_HASH_PREFIX",
    "INQUIRY_STEPS",
    "REVIEW_ITEMS",
    "REVIEW_ITEMS_T74",
    "REVIEW_ITEMS_VERSION",
    "REVIEW_ITEM_LABELS",
    "REVIEW_ITEM_LISTS",
    "STEP_KIND_LABELS",
    "TOUCHES_LABELS",
    "ActionType",
    "CollectiveDiscussion",
    "Conclusion",
    "Draft",
    "EnforcementCase",
    "PartyKind",
    "Review",
    "ReviewStatus",
    "Stage",
    "StepKind",
    "Touches",
    "draft_hash",
    "is_audio_video",
]
