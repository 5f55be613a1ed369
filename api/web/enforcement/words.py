"""What the enforcement screens say, in Chinese: one table per kind of word (ADR 0006).

Codes come from the domain; the labels of the API's vocabularies are the domain's own
(``domain.records.vocabulary``, what ``GET /v1/vocabularies`` serves), so a screen and the API
never name one code two ways. What no vocabulary holds — the gate's states, stages and
refusals in words — is here, as data; events are named by the shared timeline
(``api/web/event_labels.py``). A code without a label is shown as itself, never as nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from api.web.event_details import review_item_label
from domain.records.catalogue import MEASURES, REVIEW_ALL_NON_SIMPLIFIED
from domain.records.enforcement import REVIEW_ITEMS
from domain.records.vocabulary import VOCABULARIES


def term(vocabulary: str, code: str | None) -> str:
    """The Chinese label of ``code`` in an API vocabulary (the code itself if it has none)."""
    if code is None or code == "":
        return "—"
    found = VOCABULARIES.get(vocabulary)
    if found is None:
        return code
    return found.labels.get(code, code)


def choices(vocabulary: str) -> list[tuple[str, str]]:
    """Every ``(code, label)`` of an API vocabulary, in the domain's order (for a select)."""
    found = VOCABULARIES[vocabulary]
    return [(code, found.labels.get(code, code)) for code in found.codes]


REVIEW_ITEM_WORDS: Final[Mapping[str, str]] = MappingProxyType(
    {name: review_item_label(name) for name in REVIEW_ITEMS}
)
"""The review contents (R-LR-4) as the opinion form names them, in the domain's order
(``REVIEW_ITEMS``, items_version 2): T74's six, then the four of 国办发〔2018〕118号 — the
Chinese of the domain's own labels, as the timeline names them (``api/web/event_details.py``)."""

GATE_STATES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "no_draft": ("尚无决定草案", "muted"),
        "not_required": ("非重大执法决定，无需法制审核", "info"),
        "required": ("需要法制审核", "warn"),
        "pending": ("审核中", "info"),
        "passed": ("审核通过", "ok"),
        "rejected": ("审核未通过", "bad"),
        "stale": ("审核已失效（草案或案卷已变化）", "bad"),
    }
)
"""The legal-review gate of a draft (R-LR-1, R-LR-6): its words and the badge's colour."""

STAGES: Final[Mapping[str, str]] = MappingProxyType(
    {"open": "办理中", "decided": "已作出决定", "closed": "已结案"}
)

MATCHED_OPTION: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        REVIEW_ALL_NON_SIMPLIFIED: (
            "本机关目录规定：简易程序以外的执法决定均须法制审核",
            "R-LR-3；淄政办字〔2017〕74号“探索对法定简易程序以外的所有执法决定进行法制审核”",
        )
    }
)
"""Matched "rules" that are catalogue options, not rules: their title and basis."""

MEASURE_WORDS: Final[Mapping[str, str]] = MEASURES

REFUSALS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # who may act
        "forbidden": "您的角色不能办理此事项。",
        "outside-authority": "该案件不属于您所在机关或管辖区域。",
        "not-assigned-officer": "您不是本案的承办执法人员。",
        "certificate-expired": "执法证件不在有效期内，不能办理（持证上岗，R-EN-3）。",
        "certificate-sanctioned": "执法证件已被暂扣或吊销，不能办理（R-SV-4）。",
        "two-officers-required": (
            "执法人员不得少于两人，且均须持有有效执法证件（行政处罚法第42条，R-EN-3）。"
        ),
        "actor-not-active": "所选人员的账户未处于正常状态。",
        "separation-of-duties": "同一人不得在本案中既承办又审核或决定（R-LR-5）。",
        "reviewer-outside-legal-office": "只有本机关法制机构的审核人员才能审核本案草案（R-LR-5）。",
        "legal-qualification-required": (
            "首次从事行政处罚决定法制审核的人员须取得法律职业资格（行政处罚法第58条，R-LR-5）。"
        ),
        "decision-authority-required": "只有本机关负责人才能作出决定（R-EN-7）。",
        "participant-not-agency-head": "集体讨论的参加人须为本机关负责人（R-EN-7）。",
        "collective-quorum-not-met": "参加集体讨论的负责人人数不足（R-EN-7）。",
        # the record itself
        "av-record-required": (
            "现场检查、调查取证、证据保全、听证、行政强制、送达等环节须附音像记录（R-AV-2）；"
            "直接涉及人身自由、生命健康、重大财产权益的，须附全过程音像记录（R-AV-3）。"
        ),
        "evidence-not-found": "所引用的证据尚未为本案上传。",
        "evidence-not-for-this-case": (
            "所引用的证据不是为本机关案件上传的，或也曾为儿童档案上传（R-AV-1）。"
        ),
        "evidence-type-mismatch": "文件内容与其类型不符。",
        "evidence-type-unsupported": "不支持此类文件。",
        "evidence-too-small": "音像记录过短，不足以记录执法过程（R-AV-2）。",
        "date-in-future": "日期或时间不能晚于现在。",
        "date-too-early": "日期过早。",
        "date-before-filing": "日期不能早于立案日期。",
        "step-after-decision": "作出决定后，不能再记录调查类步骤，也不能记录早于决定日期的步骤。",
        "case-closed": "案件已结案，不能再添加记录。",
        "case-already-ended": "案件已以其他方式终结。",
        "simplified-procedure-exceeded": (
            "超出简易程序的范围（警告，或对公民200元以下、"
            "对法人或其他组织3000元以下罚款，行政处罚法第51条，R-LR-9）。"
        ),
        "invalid-draft-facts": "决定草案中的处罚种类或情形不在目录词表中。",
        "rule-violation": "不符合办案规则。",
        # the gate (R-LR-1, R-LR-8)
        "legal-review-required": "该草案属于重大执法决定，未经法制审核，不得作出决定（R-LR-1）。",
        "legal-review-pending": "该草案的法制审核尚未出具意见，不得作出决定（R-LR-1）。",
        "legal-review-rejected": (
            "法制审核未通过该草案，不得作出决定；请承办人员修改后重新提交（R-LR-1）。"
        ),
        "legal-review-stale": (
            "法制审核通过后案卷或草案已有变化，原审核意见已失效，须重新审核（R-LR-1）。"
        ),
        "draft-superseded": "该草案已被新的草案取代，只能就现行草案作出决定。",
        "reviewer-conflict": "通过审核的人员曾参与本案执法，审核无效（R-LR-5）。",
        "collective-discussion-missing": (
            "该案件应当由负责人集体讨论决定，尚无对现行草案的集体讨论记录"
            "（行政处罚法第57条第2款，R-EN-7）。"
        ),
        "collective-not-agreed": "负责人集体讨论未同意按草案作出决定（R-EN-7）。",
        "crime-transfer-required": (
            "法制审核认定涉嫌犯罪，案件应移送司法机关，不得在本机关作出决定（R-LR-4）。"
        ),
        "credentials-shown-required": (
            "作出处罚决定前，须记录出示执法证件并告知当事人的步骤（行政处罚法第44、55条，R-EN-4）。"
        ),
        "decision-already-made": "本案已作出决定。",
        "decision-dated-too-early": "日期早于其所依据的审核、讨论或告知，请核对日期。",
        # reviews
        "review-already-pending": "该草案已在法制审核中，请等待审核意见。",
        "draft-rejected": "法制审核未通过该草案，须修改后提交新的草案再送审（R-LR-6）。",
        "review-not-found": "未找到该审核申请。",
        "draft-not-found": "未找到该决定草案。",
        # the form itself
        "invalid-request": "填写有误，请按提示修改。",
        "invalid-input": "填写有误，请按提示修改。",
        "invalid-field": "填写有误，请按提示修改。",
        "integer-out-of-range": "数额超出可记录的范围，请核对。",
        "ambiguous-request": "同一项填写了不止一次，请只填写一次。",
        "form-outdated": (
            "您打开此页后案卷已有变化，本次提交未办理、未记录；请核对下面的最新情况后再提交。"
        ),
        "csrf-refused": "表单已过期或不是从本系统页面提交的，请刷新页面后重试。",
        "sign-in-required": "未登录或登录已失效，请重新登录。",
        "body-too-large": "文件过大，超过允许的大小。",
        "unsupported-media-type": "不支持此文件类型。",
        "unknown-term": "所选内容不在可选范围内。",
        "invalid-jurisdiction": "管辖区域代码无效（6、9或12位行政区划代码）。",
        "not-found": "未找到。",
    }
)
"""A refusal's ``code`` in the words people read on a form (the problem's ``detail`` is shown
beside it for the specialist)."""

CHECKS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "missing": "必须填写",
        "string_too_short": "不能为空",
        "string_too_long": "内容过长",
        "string_pattern_mismatch": "格式不正确",
        "value_error": "须包含文字或数字，不能只有空格",
        "literal_error": "不在可选范围内",
        "unknown_term": "不在可选范围内",
        "too_short": "至少选择一项",
        "too_long": "选择过多",
        "list_type": "格式不正确",
        "int_type": "须为整数",
        "greater_than_equal": "不能为负数",
        "extra_forbidden": "不接受此项",
    }
)
"""Why a form field was refused by the API's typed schema (pydantic's error ``type``), in words."""


def refusal_words(code: str) -> str:
    """A refusal in words (a generic sentence for a code without its own)."""
    return REFUSALS.get(code, "未能办理：不符合规则。")
