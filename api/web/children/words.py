"""What people read on the child-protection screens, in Chinese: one table per kind of word.

Labels are data (screens-common): the field labels of the generated forms (keyed by the
member's path without row numbers, then by its last name), the words of the timeline, the
alerts, the report stages, and the refusals in words. Vocabulary codes take their labels from
``domain/records/vocabulary.py``; what is here is what no vocabulary says. A code without a
label is shown as the code, never as nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.records.children.guardianship import GUARDIANSHIP_CHANGES
from domain.records.vocabulary import VOCABULARIES

FIELD_LABELS: Mapping[str, str] = {
    # a change of guardianship (POST /v1/children/{id}/guardianship)
    "kind": "变更类型",
    "guardian": "监护人",
    "institution": "儿童福利机构",
    "receiver": "临时照料接收人",
    "legal_basis": "法律依据",
    "effective_on": "生效日期",
    "reason": "原因",
    "home_assessment": "家庭监护能力评估（民政部门）",
    "home_assessment.suitable": "评估认为家庭具备监护条件",
    "capacity_assessment": "监护能力评估",
    "capacity_assessment.capable": "评估认为具备监护能力",
    "exclusion_check": "《未成年人保护法》第二十二条情形审查",
    "exclusion_check.found": "审查发现的情形（没有则不勾选）",
    "committee_consent": "村(居)民委员会同意",
    "agreement_sha256": "书面委托监护协议",
    "signatures": "协议签字",
    "signatures.guardian": "监护人（父母）签字",
    "signatures.entrusted_guardian": "被委托监护人签字",
    "signatures.supervisor": "监督人签字",
    "filings": "协议备案",
    "filings.town": "镇政府(街道办事处)备案",
    "filings.committee": "村(居)民委员会备案",
    "parents_unable_to_entrust": "父母确实无法委托监护人",
    "acceptance": "被指定人同意担任监护人",
    "fee": "监护报酬",
    "fee.amount_fen": "金额（分）",
    "fee.period": "支付周期",
    "fee.paid_by": "承担方",
    "fee.minimum_living_support": "低保家庭",
    "appointment_sha256": "指定手续文书",
    "ground": "收留抚养情形",
    "admission_sha256": "机构收留记录",
    "court_ruling": "人民法院裁判",
    "court_ruling.petition_id": "申请编号",
    "court_ruling.ruling_sha256": "裁判文书",
    "court_ruling.ruled_on": "裁判日期",
    "handover_sha256": "书面交接记录",
    "report_id": "所依据的强制报告编号（选填）",
    "documents": "其他文书（选填）",
    "documents.sha256": "文书",
    "documents.title": "文书名称",
    # people and what they did
    "name": "姓名",
    "relation": "与儿童关系",
    "id_number": "公民身份号码",
    "phone": "联系电话",
    "by": "经办人（或单位）",
    "on": "日期",
    # registration (POST /v1/children)
    "personal": "儿童身份信息（加密保存）",
    "personal.address": "住址",
    "personal.contacts": "家庭联系人",
    "birth_date": "出生日期",
    "sex": "性别",
    "location": "户籍所在地（行政区划代码）",
    "location.county": "县(市、区)代码（6位）",
    "location.town": "镇(街道)代码（9位）",
    "location.village": "村(居)代码（12位）",
    "categories": "困境儿童类别",
    "registered_on": "建档日期",
    "key_child": "重点对象",
    "distinct_child_reason": "同名同生日儿童已有档案时：为何是另一名儿童",
    # the file's other records
    "changed_on": "变更日期",
    "entered_on": "纳入留守儿童台账日期",
    "parents": "父母情况",
    "parents.father": "父亲",
    "parents.mother": "母亲",
    "exited_on": "退出日期",
    "result": "评估结果",
    "criteria": "评估依据（可多选）",
    "help_plan": "帮扶计划",
    "assessed_on": "评估日期",
    "helper": "一对一帮扶人",
    "helper.kind": "帮扶人身份",
    "assigned_on": "结对日期",
    "visit_kind": "走访方式",
    "visited_on": "走访日期",
    "summary": "情况摘要",
    "helper_no": "帮扶人序号（选填）",
    "moved_on": "迁移日期",
    "field": "更正项目",
    "value": "更正后的内容",
    "corrected_on": "更正日期",
    "level": "学段",
    "from_on": "起始日期",
    "until_on": "结束日期（在读则不填）",
    "able_to_work": "具备劳动能力",
    "full_civil_capacity": "具有完全民事行为能力",
    "basis": "依据",
    "assessed_on.capacity": "评估日期",
    "marked_on": "标记日期",
    # a mandatory report (POST /v1/reports) and the police's steps
    "reporter": "报告人（仅公安机关和报告人本人可见）",
    "reporter.unit": "所在单位",
    "reporter.contacts": "其他联系人",
    "institution_kind": "报告单位类别",
    "situations": "发现的情形（可多选）",
    "noticed_at": "发现时间（北京时间）",
    "reported_at": "报告时间（北京时间）",
    "area": "儿童所在村(居)代码（12位，仅儿童尚无档案时填写）",
    "child_id": "儿童档案编号（已知时填写）",
    "unidentified_child": "儿童尚无档案或不知档案编号时：儿童情况",
    "unidentified_child.apparent_age": "看上去的年龄（周岁）",
    "unidentified_child.description": "外貌特征等能识别儿童的情况",
    "responded_at": "处置时间（北京时间）",
    "actions": "采取的措施（可多选）",
    "parents_reached": "已联系上父母",
    "notes": "处置情况说明",
    "town": "通报的镇(街道)代码（9位）",
    "informed_at": "通报时间（北京时间）",
    "parent": "被羁押的父(母)",
    "measure": "羁押措施",
    "detained_at": "羁押时间（北京时间）",
    "needs_care": "儿童需要照料",
    "care": "照料安排",
    "no_care_reason": "无需另行安排照料的原因（由谁照料）",
}
"""Field labels of the generated forms."""


def label_of(path: str) -> str:
    """The Chinese label of a form member (its path without row numbers): the full path's,
    else its last name's; the path itself when none is known (a test forbids that)."""
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    last = path.rsplit(".", 1)[-1]
    return FIELD_LABELS.get(last, path)


def term(vocabulary: str, code: object) -> str:
    """A vocabulary code in Chinese (the code itself when unknown)."""
    found = VOCABULARIES.get(vocabulary)
    if found is None or code is None:
        return "—" if code is None else str(code)
    return found.labels.get(str(code), str(code))


KIND_TITLES: Mapping[str, str] = {
    code: VOCABULARIES["guardianship_change"].labels.get(code, code)
    for code in GUARDIANSHIP_CHANGES
    if code in VOCABULARIES["guardianship_change"].labels
} | {"court_appointed": "人民法院另行指定监护", "restoration": "人民法院恢复监护人资格"}
"""Each kind of change of guardianship by its Chinese name."""

ARRANGEMENT_KINDS: Mapping[str, str] = dict(VOCABULARIES["guardianship_kind"].labels)
"""Each kind of arrangement in force by its Chinese name."""

ALERTS: Mapping[str, str] = {
    "under_16_without_guardian": "未满十六周岁无人监护",
    "minor_without_guardian": "未成年人无人监护",
    "assessment_overdue": "评估逾期（超过六个月）",
    "report_without_police_response": "报告后公安机关未及时处置",
    "no_police_response": "报告后公安机关未及时处置",
    "late_report": "迟报（发现后超过24小时才报告）",
    "area_without_staff": "未明确儿童关爱保护工作人员",
}
"""Alerts of the ledger, a file and the report pipeline (R-GD-2, R-AS-1, R-EM-1, R-RP-2,
R-AC-2), by their Chinese names."""

STAGES: Mapping[str, str] = dict(VOCABULARIES["report_stage"].labels)
"""Where a report stands (R-EM-1, R-EM-2)."""

YES_NO = {True: "是", False: "否", None: "—"}

READ_WHAT = {"file": "儿童档案", "report": "报告", "bundle": "导出档案包（法院）"}
"""What another department read, by its Chinese name."""

TIMELINE: Mapping[str, str] = {
    "report_filed": "强制报告",
    "police_responded": "公安机关处置",
    "town_informed": "通报镇政府(街道办事处)",
    "town_arranged": "镇政府评估帮扶安排",
    "report_closed": "报告结案",
    "read": "他部门查阅",
}
"""The entries a child's timeline adds to the file's own events."""

REFUSALS: Mapping[str, str] = {
    "invalid-field": "填写有误，请检查此项。",
    "invalid-request": "填写有误，请检查此项。",
    "unknown-term": "所填内容不在可选范围内。",
    "invalid-document-hash": "文书须以 SHA-256 值记载（64 位十六进制）；可用“上传文件”自动填写。",
    "invalid-jurisdiction": "行政区划代码有误：县 6 位、镇 9 位、村 12 位，且须逐级包含。",
    "date-in-future": "日期（时间）不能晚于今天（现在）。",
    "date-before-birth": "日期不能早于儿童出生日期。",
    "date-too-early": "日期不能早于 1949-10-01。",
    "effective-date-before-current": "生效日期不能早于当前监护安排的生效日期：请按生效先后记录。",
    "role-not-allowed": "您的角色不能办理此项。",
    "outside-authority": "该儿童不在您的管辖范围内。",
    "forbidden": "您无权办理此项。",
    "field-not-allowed": "此项不属于该类变更，请删除。",
    "child-already-registered": "该儿童（同一身份证号）已有档案，请在原档案上更新。",
    "child-possibly-registered": (
        "同名、同出生日期、同村的儿童已有档案；如确为另一名儿童，请填写理由后再提交。"
    ),
    "left-behind-criteria-not-met": (
        "不符合留守儿童条件：未满十六周岁，且父母均外出务工或一方外出、另一方无监护能力。"
    ),
    "left-behind-status-conflict": "该儿童的留守状态与此不符。",
    "assessment-criteria-mismatch": "所选评估依据与评估结果不符。",
    "report-times-out-of-order": "时间先后有误：处置不能早于报告，通报不能早于处置。",
    "reported-before-noticed": "报告时间不能早于发现时间。",
    "child-reference-required": (
        "请填写儿童档案编号，或（儿童尚无档案时）描述儿童并填写所在村(居)代码，二者择一。"
    ),
    "police-action-required": "所报告的情形要求采取的措施未全部勾选。",
    "police-action-unfit": "所勾选的措施与报告的情形不符。",
    "report-closed": "该报告已结案。",
    "guardian-revoked": (
        "此人被人民法院撤销监护人资格，未经恢复不得担任监护人；请联系县民政部门核实。"
    ),
    "sign-in-required": "请先登录。",
    "csrf-refused": "表单已过期，请刷新页面后重新提交。",
    "invalid-cursor": "翻页位置已失效，请从第一页重新开始。",
}
"""Refusals in words, by problem ``code``; a missing precondition of a change of
guardianship is said in the law's own words (:func:`refusal_words`)."""


def _precondition_words() -> dict[str, str]:
    """Each precondition's refusal code → what the law requires, in Chinese (the part of the
    table's statement before its English gloss)."""
    found: dict[str, str] = {}
    for change in GUARDIANSHIP_CHANGES.values():
        for pre in change.preconditions:
            chinese = pre.statement.split(" — ", 1)[0]
            for code in (pre.code, *pre.also):
                if code not in {"invalid-field", "unknown-term", "date-in-future"}:
                    found.setdefault(code, f"未满足法定条件：{chinese}。")
    return found


PRECONDITION_WORDS = _precondition_words()


def refusal_words(code: str) -> str:
    """A refusal's ``code`` in words for the person at the screen."""
    return REFUSALS.get(code) or PRECONDITION_WORDS.get(code) or "不符合规则，未予记录。"


ALLOWANCE: Mapping[str, str] = {
    "not_applicable": "不适用（仅为留守儿童，无基本生活费）",
    "continues_in_school": "成年时仍在全日制学校就读，继续发放",
    "facts_needed": "待记录成年后劳动能力和民事行为能力",
    "not_stopped": "不具备劳动能力或完全民事行为能力，不停止",
    "stops": "将停止发放",
}
"""Where the basic living allowance after 18 stands (R-CH-5)."""
