"""The words of an enforcement case (行政执法): action types (R-EN-1), step kinds
(R-AV-1..3), stages, review contents (R-LR-4), and the records a case keeps of its
drafts and reviews.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from domain.proof.jcs import canonical_json


class ActionType(StrEnum):
    """The six kinds of enforcement action (R-EN-1)."""

    PENALTY = "penalty"  # 行政处罚
    LICENSING = "licensing"  # 行政许可
    COERCION = "coercion"  # 行政强制
    LEVY = "levy"  # 行政征收
    FEE = "fee"  # 行政收费
    INSPECTION = "inspection"  # 行政检查

    @property
    def label(self) -> str:
        """The action in the user's words: English and the Chinese term."""
        return ACTION_TYPE_LABELS[self]


class StepKind(StrEnum):
    """Recorded steps of a case (R-AV-1, 行政处罚法 第47条)."""

    CREDENTIALS_SHOWN = "credentials_shown"  # 出示证件、告知 (事中公示, R-EN-4)
    ON_SITE_INSPECTION = "on_site_inspection"  # 现场检查
    RANDOM_CHECK = "random_check"  # 随机抽查
    INVESTIGATION = "investigation"  # 调查取证
    EVIDENCE_PRESERVATION = "evidence_preservation"  # 证据保全
    HEARING = "hearing"  # 听证
    COERCIVE_MEASURE = "coercive_measure"  # 行政强制
    SERVICE = "service"  # 送达
    OTHER = "other"

    @property
    def label(self) -> str:
        """The step in the user's words: English and the Chinese term."""
        return STEP_KIND_LABELS[self]


INQUIRY_STEPS = frozenset(
    {
        StepKind.ON_SITE_INSPECTION,
        StepKind.RANDOM_CHECK,
        StepKind.INVESTIGATION,
        StepKind.EVIDENCE_PRESERVATION,
        StepKind.HEARING,
    }
)
"""Steps that establish the facts a decision rests on: none after the decision."""

CONTESTED_STEPS = INQUIRY_STEPS | {StepKind.COERCIVE_MEASURE, StepKind.SERVICE}
"""Steps that "容易引发争议" and must reference an audio-video record (R-AV-2)."""


class Touches(StrEnum):
    """What a step directly touches; any of these needs full-process AV (R-AV-3)."""

    PERSONAL_FREEDOM = "personal_freedom"  # 人身自由
    LIFE_HEALTH = "life_health"  # 生命健康
    MAJOR_PROPERTY = "major_property"  # 重大财产权益

    @property
    def label(self) -> str:
        """What is touched, in the user's words: English and the Chinese term."""
        return TOUCHES_LABELS[self]


class PartyKind(StrEnum):
    """The party (当事人) of a case."""

    PERSON = "person"
    ORGANISATION = "organisation"


class Stage(StrEnum):
    """Where a case stands."""

    OPEN = "open"
    DECIDED = "decided"
    CLOSED = "closed"


class ReviewStatus(StrEnum):
    """Legal-review status of a draft (R-LR-6)."""

    NONE = "none"
    PENDING = "pending"
    PASSED = "passed"
    REJECTED = "rejected"
    STALE = "stale"


REVIEW_ITEMS_T74 = (
    "subject",
    "jurisdiction",
    "procedure",
    "facts",
    "discretion",
    "law_application",
)
"""The six review contents of T74 (R-LR-4): 执法主体, 管辖权限, 执法程序, 事实认定,
行政裁量权运用, 法律适用 — the list opinions answered until issue 13 (list version 1)."""

CRIME_TRANSFER_ITEM = "crime_transfer"
"""The review content whose finding says whether a crime is suspected (R-LR-4)."""

REVIEW_ITEM_LISTS: Final = MappingProxyType(
    {
        1: REVIEW_ITEMS_T74,
        # 国办发〔2018〕118号 adds: 执法人员是否具备执法资格, 证据是否合法充分, 文书是否完备规范,
        # 违法行为是否涉嫌犯罪需要移送司法机关.
        2: (*REVIEW_ITEMS_T74, "qualification", "evidence", "documents", CRIME_TRANSFER_ITEM),
    }
)
"""Every list of review contents an opinion was recorded under, by version: an opinion
records the version it answered (``items_version``; stored without it: version 1), so an
opinion recorded under the six items stays valid."""

REVIEW_ITEMS_VERSION: Final = 2
"""The list new opinions answer."""

REVIEW_ITEMS = REVIEW_ITEM_LISTS[REVIEW_ITEMS_VERSION]
"""The review contents a new opinion covers (R-LR-4): T74's six and 国办发〔2018〕118号's four."""

# -- labels: each code with the words a user knows it by (for refusals and the screens) ----

ACTION_TYPE_LABELS: Final = MappingProxyType(
    {
        ActionType.PENALTY: "penalty (行政处罚)",
        ActionType.LICENSING: "licensing (行政许可)",
        ActionType.COERCION: "coercive measure (行政强制)",
        ActionType.LEVY: "levy (行政征收)",
        ActionType.FEE: "fee (行政收费)",
        ActionType.INSPECTION: "inspection (行政检查)",
    }
)

STEP_KIND_LABELS: Final = MappingProxyType(
    {
        StepKind.CREDENTIALS_SHOWN: "showing credentials and informing the party (出示证件、告知)",
        StepKind.ON_SITE_INSPECTION: "on-site inspection (现场检查)",
        StepKind.RANDOM_CHECK: "random check (随机抽查)",
        StepKind.INVESTIGATION: "investigation and evidence gathering (调查取证)",
        StepKind.EVIDENCE_PRESERVATION: "preservation of evidence (证据保全)",
        StepKind.HEARING: "hearing (听证)",
        StepKind.COERCIVE_MEASURE: "coercive measure (行政强制)",
        StepKind.SERVICE: "service of documents (送达)",
        StepKind.OTHER: "other step (其他)",
    }
)

TOUCHES_LABELS: Final = MappingProxyType(
    {
        Touches.PERSONAL_FREEDOM: "personal freedom (人身自由)",
        Touches.LIFE_HEALTH: "life and health (生命健康)",
        Touches.MAJOR_PROPERTY: "major property rights (重大财产权益)",
    }
)

REVIEW_ITEM_LABELS: Final = MappingProxyType(
    {
        "subject": "the enforcing body (执法主体)",
        "jurisdiction": "jurisdiction (管辖权限)",
        "procedure": "procedure (执法程序)",
        "facts": "findings of fact (事实认定)",
        "discretion": "use of discretion (行政裁量权运用)",
        "law_application": "application of law (法律适用)",
        "qualification": "the officers' enforcement qualification (执法人员是否具备执法资格)",
        "evidence": "evidence lawful and sufficient (证据是否合法充分)",
        "documents": "documents complete and in order (文书是否完备规范)",
        CRIME_TRANSFER_ITEM: (
            "suspected crime to transfer to the judicial organs "
            "(违法行为是否涉嫌犯罪需要移送司法机关)"
        ),
    }
)

DRAFT_HASH_PREFIX = b"jianzheng:draft:v1\n"

CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
"""The authorities' civil time (UTC+8): a recorded moment's date is its date there."""


def is_audio_video(media_type: str) -> bool:
    """Whether a media type is an audio or video recording (音像记录)."""
    return media_type.split("/", 1)[0] in {"audio", "video"}


def draft_hash(content: dict[str, Any]) -> str:
    """SHA-256 naming one exact draft: the prefix and the JCS of its content."""
    return hashlib.sha256(DRAFT_HASH_PREFIX + canonical_json(content)).hexdigest()


@dataclass
class Draft:
    """A decision draft (决定书草案) and what the catalogue judged of it."""

    number: int
    draft_hash: str
    content: dict[str, Any]
    major: bool
    matched_rules: list[str]
    catalogue_version: int
    seq: int = 0
    """The seq of the event that submitted it: its place in the log decides which
    catalogue version was in force (R-LR-10)."""
    catalogue_stream: str | None = None
    """The catalogue stream it was judged by (None: the deployment's baseline)."""


@dataclass
class Review:
    """A legal review (法制审核) of one draft."""

    review_id: str
    draft_hash: str
    requested_by: str
    requested_at: str
    """The date on the request (empty: recorded before requests carried it)."""
    result: str | None = None
    reviewer: str | None = None
    items: dict[str, Any] = field(default_factory=dict)
    opinion_seq: int | None = None
    """The seq of the opinion's event."""
    reviewed_on: str | None = None
    """The date on the written opinion (R-EN-2: may be earlier than its recording)."""
    items_version: int = 1
    """Which list of review contents the opinion answered (``REVIEW_ITEM_LISTS``)."""
    requested_seq: int = 0
    """The seq of the ``ReviewRequested`` event."""
    due_on: str | None = None
    """The last day of the review time limit, computed when requested (R-LR-7; None: the
    request was recorded before time limits were)."""
    time_limit_workdays: int | None = None
    """The agency's time limit the due date was computed with, in working days."""

    def crime_suspected(self) -> bool:
        """Whether the opinion found the conduct suspected of a crime (R-LR-4)."""
        finding = self.items.get(CRIME_TRANSFER_ITEM)
        return isinstance(finding, dict) and finding.get("crime_suspected") is True
