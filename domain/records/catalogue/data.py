"""The catalogue's vocabularies and shipped data (R-LR-2, R-LR-3, R-LR-9, R-LR-10): action
types, measures and flags, the default catalogue, the statutory floor every catalogue
keeps, and the simplified procedure's caps. Thresholds are data, never code.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

ACTION_TYPES: Final = ("penalty", "licensing", "coercion", "levy", "fee", "inspection")
"""The six action types of R-EN-1 (处罚、许可、强制、征收、收费、检查)."""

PARTY_KINDS: Final = ("person", "organisation")
"""公民 (a natural person) and 法人或者其他组织: 较大数额 differs between them."""

MEASURES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "warning": "警告",
        "notice_of_criticism": "通报批评",
        "fine": "罚款",
        "confiscation": "没收违法所得、没收非法财物",
        "licence_downgrade": "降低资质等级",
        "licence_revocation": "吊销许可证件",
        "suspension": "责令停产停业",
        "closure": "责令关闭",
        "practice_restriction": "限制从业",
        "detention": "行政拘留",
        "licence_grant": "准予许可",
        "licence_refusal": "不予许可",
        "coercive_measure": "行政强制措施",
        "enforcement": "强制执行",
        "levy": "征收",
        "fee": "收费",
        "other": "其他",
    }
)
"""Measures a draft decision may contain, with their Chinese terms."""

FLAGS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "hearing_held": "经过听证程序",
        "major_public_interest": "涉及重大公共利益",
        "complex_case": "案件情况疑难复杂、涉及多个法律关系",
        "major_social_impact": "可能造成重大社会影响或者引发社会风险",
        "referral_to_judiciary": "涉嫌犯罪需要移送司法机关",
    }
)
"""Yes/no facts about a draft that a catalogue rule may test."""

REVIEW_ALL_NON_SIMPLIFIED: Final = "review_all_non_simplified"
"""Top-level option (R-LR-3); also the name reported in ``matched_rules`` when it applies."""

CONDITIONS: Final = ("measure_any", "fine_at_least_fen", "confiscation_at_least_fen", "flag")
_WHEN_KEYS: Final = frozenset({*CONDITIONS, "action_types"})
_RULE_KEYS: Final = ("id", "title", "basis", "when")
_RULE_OPTIONAL_KEYS: Final = ("collective",)
_TOP_KEYS: Final = (REVIEW_ALL_NON_SIMPLIFIED, "rules")
COLLECTIVE_QUORUM: Final = "collective_quorum"
"""Optional top-level member: how many of the agency's heads a collective discussion
needs at least (R-EN-7); never below :data:`COLLECTIVE_DISCUSSION`'s ``quorum``."""
REVIEW_TIME_LIMIT: Final = "review_time_limit_workdays"
"""Optional top-level member: the agency's legal-review time limit in working days (R-LR-7)."""
_TOP_OPTIONAL_KEYS: Final = (COLLECTIVE_QUORUM, REVIEW_TIME_LIMIT)

_LOCAL_AMOUNT_NOTE = (
    "“较大数额”由各地、各部门按金额规定，各地不同：本默认值（公民 1 万元、"
    "法人或者其他组织 10 万元）取自一个县的标准，须按本地规定调整。"
)

_HEARING_MEASURES = [
    "licence_downgrade",
    "licence_revocation",
    "suspension",
    "closure",
    "practice_restriction",
]

DEFAULT_CATALOGUE: Final[dict[str, Any]] = {
    REVIEW_ALL_NON_SIMPLIFIED: False,
    "rules": [
        {
            "id": "hearing-eligible-measures",
            "title": "降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业",
            "basis": "行政处罚法 第63条第1款第(二)(三)项；第58条第1款第(二)项",
            "when": {"measure_any": _HEARING_MEASURES},
        },
        {
            "id": "large-fine",
            "title": "较大数额罚款",
            "basis": "行政处罚法 第63条第1款第(一)项；第58条第1款第(二)项。" + _LOCAL_AMOUNT_NOTE,
            "when": {"fine_at_least_fen": {"person": 1_000_000, "organisation": 10_000_000}},
        },
        {
            "id": "large-confiscation",
            "title": "没收较大数额违法所得、没收较大价值非法财物",
            "basis": "行政处罚法 第63条第1款第(二)项；第58条第1款第(二)项。" + _LOCAL_AMOUNT_NOTE,
            "when": {
                "confiscation_at_least_fen": {"person": 1_000_000, "organisation": 10_000_000}
            },
        },
        {
            "id": "hearing-held",
            "title": "直接关系当事人或者第三人重大权益，经过听证程序",
            "basis": "行政处罚法 第58条第1款第(二)项",
            "when": {"flag": "hearing_held"},
        },
        {
            "id": "major-public-interest",
            "title": "涉及重大公共利益",
            "basis": "行政处罚法 第58条第1款第(一)项；国办发〔2018〕118号",
            "when": {"flag": "major_public_interest"},
        },
        {
            "id": "complex-case",
            "title": "案件情况疑难复杂、涉及多个法律关系",
            "basis": "行政处罚法 第58条第1款第(三)项；国办发〔2018〕118号",
            "when": {"flag": "complex_case"},
        },
        {
            "id": "major-social-impact",
            "title": "可能造成重大社会影响或者引发社会风险",
            "basis": "国办发〔2018〕118号",
            "when": {"flag": "major_social_impact"},
        },
        {
            "id": "referral-to-judiciary",
            "title": "涉嫌犯罪需要移送司法机关",
            "basis": "国办发〔2018〕118号（法制审核内容）；作为重大执法决定情形由本地决定",
            "when": {"flag": "referral_to_judiciary"},
        },
    ],
}
"""The national defaults (R-LR-2); copy it (``copy.deepcopy``) before changing it."""

FLOOR_AMOUNT_NOTE = (
    "法定底线：无论本地目录如何规定，罚款或没收金额达到公民 2 万元、法人或者其他组织 10 万元"
    "（本项目所引各地“较大数额”标准中的最高值）的，一律属于重大执法决定；本地标准更低的，以本地为准。"
)

STATUTORY_FLOOR: Final[dict[str, Any]] = {
    REVIEW_ALL_NON_SIMPLIFIED: False,
    "rules": [
        {
            "id": "hearing-eligible-measures",
            "title": "降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业",
            "basis": "行政处罚法 第63条第1款第(三)(四)项；第58条第1款第(二)项",
            "when": {"measure_any": _HEARING_MEASURES},
        },
        {
            "id": "large-fine",
            "title": "较大数额罚款",
            "basis": "行政处罚法 第63条第1款第(一)项；第58条第1款第(二)项。" + FLOOR_AMOUNT_NOTE,
            "when": {"fine_at_least_fen": {"person": 2_000_000, "organisation": 10_000_000}},
        },
        {
            "id": "large-confiscation",
            "title": "没收较大数额违法所得、没收较大价值非法财物",
            "basis": "行政处罚法 第63条第1款第(二)项；第58条第1款第(二)项。" + FLOOR_AMOUNT_NOTE,
            "when": {
                "confiscation_at_least_fen": {"person": 2_000_000, "organisation": 10_000_000}
            },
        },
        {
            "id": "hearing-held",
            "title": "直接关系当事人或者第三人重大权益，经过听证程序",
            "basis": "行政处罚法 第58条第1款第(二)项",
            "when": {"flag": "hearing_held"},
        },
        {
            "id": "major-public-interest",
            "title": "涉及重大公共利益",
            "basis": "行政处罚法 第58条第1款第(一)项",
            "when": {"flag": "major_public_interest"},
        },
        {
            "id": "complex-case",
            "title": "案件情况疑难复杂、涉及多个法律关系",
            "basis": "行政处罚法 第58条第1款第(三)项",
            "when": {"flag": "complex_case"},
        },
    ],
}
"""The statutory floor (R-LR-10): the categories of 行政处罚法 第58条 and the
hearing-eligible measures of 第63条 are major whatever a catalogue says. :func:`judge`
applies these rules beside every catalogue's own, so no revision can remove them; a
catalogue may add rules and set lower amounts, never fewer or higher. Its amounts are
the ceiling of 较大数额: the highest local figure this project cites (R-LR-2)."""

SIMPLIFIED_PROCEDURE: Final[dict[str, Any]] = {
    "action_types": ["penalty"],
    "measures": ["warning", "fine"],
    "fine_at_most_fen": {"person": 20_000, "organisation": 300_000},
    "basis": "行政处罚法 第51条：对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告",
}
"""The caps of the simplified procedure (简易程序, 当场处罚, R-LR-9): a penalty of a
warning or a fine up to ¥200 for a person and ¥3,000 for an organisation. A draft
outside them is not simplified, whatever the case claims."""

COLLECTIVE_DISCUSSION: Final[dict[str, Any]] = {
    "action_types": ["penalty"],
    "rules": [
        "hearing-eligible-measures",
        "large-fine",
        "large-confiscation",
        "hearing-held",
        "complex-case",
    ],
    "quorum": 2,
    "basis": (
        "行政处罚法 第57条第2款：对情节复杂或者重大违法行为给予行政处罚，"
        "行政机关负责人应当集体讨论决定"
    ),
}
"""Which penalty drafts the agency's heads decide collectively (集体讨论, R-EN-7).

A penalty draft that matches one of ``rules`` — the statutory categories of 第58条 and the
hearing-eligible measures of 第63条, read as "情节复杂或者重大" — or a catalogue rule that
carries ``"collective": true``, needs a recorded collective discussion of that exact
draft by at least ``quorum`` heads of the case's agency before the decision. A catalogue
may add rules (``collective: true``) and raise the quorum (``collective_quorum``), never
remove these rules nor lower the quorum below this floor."""

REVIEW_TIME_LIMIT_BOUNDS: Final = (1, 30)
"""The working days a catalogue may set as its review time limit, both ends included."""

DEFAULT_REVIEW_TIME_LIMIT_WORKDAYS: Final = 5
"""The deployment's review time limit (R-LR-7), in working days after the request, where
the catalogue in force sets none (T74 "规定法制审核时限": each agency sets its own)."""
