"""What an event says, in a few Chinese lines, and the blobs it cites.

One small function per event type whose data people need to read beside its label (a step's
kind and summary, a draft's measures, an opinion's result…)； a type without one shows its
label alone. Actor ids are named (:class:`~api.web.directory.Directory`), codes are given
their Chinese labels； a child's personal fields are taken only from the file as the API
answered it to the caller (``document``), never from the stored event (R-CH-4).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from api.web.directory import Directory, EvidenceItem, term, yuan
from domain.proof.chain import Envelope
from domain.records.enforcement.vocabulary import REVIEW_ITEM_LABELS

Data = Mapping[str, Any]


@dataclass(frozen=True)
class Shown:
    """What a detail may name beyond the event: actors (by the directory) and, for a child's
    file, the file as the API answered the caller."""

    directory: Directory
    document: Data | None = None


Detail = Callable[[Data, Shown], list[str]]

_PARENTHESISED = re.compile(r"\(([^()]*)\)\s*$")


def review_item_label(name: str) -> str:
    """The Chinese name of a review content (R-LR-4): 执法主体, 管辖权限 …"""
    found = _PARENTHESISED.search(REVIEW_ITEM_LABELS.get(name, ""))
    return found.group(1) if found else name


def _names(ids: object, directory: Directory) -> str:
    return "、".join(directory.name(str(i)) for i in ids) if isinstance(ids, list) else ""


def _officers(officers: object) -> str:
    if not isinstance(officers, list):
        return ""
    return "、".join(f"{o.get('name', '')}(证号 {o.get('certificate', '—')})" for o in officers)


def _on_time(data: Data) -> str:
    if data.get("on_time") is None:
        return ""
    return "按期" if data["on_time"] else "逾期"


def _case_opened(data: Data, _: Shown) -> list[str]:
    party = data.get("party") or {}
    lines = [
        f"{term('action_type', data.get('action_type'))}：{data.get('title', '')}",
        f"当事人：{party.get('name', '')}({term('party_kind', party.get('kind'))})",
        f"执法人员：{_officers(data.get('officers'))}",
    ]
    if data.get("simplified"):
        lines.append("适用简易程序")
    return lines


def _officers_assigned(data: Data, _: Shown) -> list[str]:
    return [f"执法人员：{_officers(data.get('officers'))}"]


def _step(data: Data, shown: Shown) -> list[str]:
    lines = [f"第 {data.get('step_no')} 个环节 · {term('step_kind', data.get('kind'))}",
             str(data.get("summary", ""))]  # fmt: skip
    present = _names(data.get("present"), shown.directory)
    if present:
        lines.append(f"在场执法人员：{present}")
    touches = data.get("touches") or []
    if touches:
        lines.append("涉及：" + "、".join(term("touches", t) for t in touches) + "(全过程音像记录)")
    return lines


def _measures(content: Data) -> str:
    return "、".join(term("catalogue_measure", m) for m in content.get("measures") or [])


def _draft(data: Data, _: Shown) -> list[str]:
    content = data.get("content") or {}
    fine = yuan(content.get("fine_fen"))
    lines = [f"第 {data.get('number')} 稿：{_measures(content)}；罚款 {fine}"]
    lines.append("重大执法决定(须经法制审核)" if data.get("major") else "非重大执法决定")
    lines.append(f"草案哈希 {data.get('draft_hash')}")
    return lines


def _review_requested(data: Data, _: Shown) -> list[str]:
    lines = [f"草案哈希 {data.get('draft_hash')}"]
    if data.get("review_due_on"):
        lines.append(f"审核期限：{data['review_due_on']}")
    return lines


def _opinion(data: Data, _: Shown) -> list[str]:
    items = data.get("items") or {}
    problems = [review_item_label(n) for n, i in items.items() if not (i or {}).get("ok", True)]
    lines = [f"{term('review_result', data.get('result'))}；签名：{data.get('signature', '')}"]
    found = "发现问题：" + "、".join(problems) if problems else f"{len(items)} 项审核内容均无问题"
    lines.append(found)
    return lines


def _discussion(data: Data, shown: Shown) -> list[str]:
    participants = _names(data.get("participants"), shown.directory)
    return [
        f"结论：{term('collective_conclusion', data.get('conclusion'))}",
        f"参加人员：{participants}(法定人数 {data.get('quorum')})",
    ]


def _blocked(data: Data, _: Shown) -> list[str]:
    return [f"拦截代码 {data.get('code')}：{data.get('reason', '')}"]


def _decision(data: Data, _: Shown) -> list[str]:
    gate = data.get("gate") or {}
    lines = [f"草案哈希 {data.get('draft_hash')}"]
    lines.append("重大执法决定，经法制审核通过" if gate.get("major") else "非重大执法决定")
    for due, what in (("publication_due_on", "公示期限"), ("service_due_on", "送达期限")):
        if data.get(due):
            lines.append(f"{what}：{data[due]}")
    return lines


def _published(data: Data, _: Shown) -> list[str]:
    return [f"渠道：{data.get('channel', '')}；期限 {data.get('due_on')}，{_on_time(data)}",
            str(data.get("summary", ""))]  # fmt: skip


def _served(data: Data, _: Shown) -> list[str]:
    return [f"方式：{term('service_method', data.get('method'))}；期限 {data.get('due_on')}，"
            f"{_on_time(data)}"]  # fmt: skip


def _exempted(data: Data, _: Shown) -> list[str]:
    return [term("publication_exemption", data.get("ground")), str(data.get("reason", ""))]


def _execution(data: Data, _: Shown) -> list[str]:
    return [term("execution_status", data.get("status")), str(data.get("note", ""))]


def _no_penalty(data: Data, _: Shown) -> list[str]:
    return [term("no_penalty_ground", data.get("ground")), str(data.get("reason", ""))]


def _reason(data: Data, _: Shown) -> list[str]:
    return [f"理由：{data.get('reason', '')}"]


def _transferred(data: Data, _: Shown) -> list[str]:
    body = data.get("receiving_body", "")
    return [f"{term('transfer_kind', data.get('kind'))}；接收机关：{body}",
            f"理由：{data.get('reason', '')}"]  # fmt: skip


def _extended(data: Data, _: Shown) -> list[str]:
    return [f"期限由 {data.get('previous_due_on')} 延至 {data.get('due_on')}",
            f"理由：{data.get('reason', '')}"]  # fmt: skip


def _set_aside(data: Data, _: Shown) -> list[str]:
    by = term("set_aside_authority", data.get("authority"))
    lines = [f"{term('set_aside_how', data.get('how'))}({by})"]
    if data.get("reference"):
        lines.append(f"文号：{data['reference']}")
    return lines


def _withdrawn(data: Data, _: Shown) -> list[str]:
    return [f"理由：{data.get('reason', '')}；期限 {data.get('due_on')}，{_on_time(data)}"]


def _file_reviewed(data: Data, _: Shown) -> list[str]:
    return [term("file_review_rating", data.get("rating")), str(data.get("findings", ""))]


def _file_scored(data: Data, _: Shown) -> list[str]:
    return [f"得分 {data.get('score')} / {data.get('max_score')}，"
            f"{term('file_review_rating', data.get('rating'))}"]  # fmt: skip


def _complaint(data: Data, _: Shown) -> list[str]:
    return [f"渠道：{data.get('channel', '')}", str(data.get("summary", ""))]


def _complaint_linked(data: Data, _: Shown) -> list[str]:
    return [f"投诉举报受理日期：{data.get('received_on')}"]


def _uploaded(data: Data, _: Shown) -> list[str]:
    return [f"用途：{term('evidence_purpose', data.get('purpose'))}"]


def _access(data: Data, _: Shown) -> list[str]:
    lines = [f"理由：{data.get('reason', '')}"]
    if data.get("what"):
        lines.insert(0, f"查阅内容：{data['what']}")
    return lines


# -- a child's file: personal fields only from the file as the API answered it -------------


def _arrangement_from(document: Data | None, data: Data) -> Data:
    """The arrangement as the caller's answer holds it (matched by its number)."""
    number = (data.get("arrangement") or {}).get("no")
    for shown in (document or {}).get("guardianship") or []:
        if shown.get("no") == number:
            return dict(shown)
    return {}


def _relation(code: object) -> str:
    for vocabulary in ("parent_relation", "direct_relative_relation", "temporary_receiver"):
        label = term(vocabulary, code)
        if label != str(code):
            return label
    return str(code)


def _arrangement(data: Data, shown: Shown) -> list[str]:
    stored = data.get("arrangement") or {}
    lines = [f"监护方式：{term('guardianship_kind', stored.get('kind'))}"]
    guardian = _arrangement_from(shown.document, data).get("guardian")
    if isinstance(guardian, dict) and guardian.get("name"):
        lines.append(f"监护人：{guardian['name']}({_relation(guardian.get('relation'))})")
    if stored.get("legal_basis"):
        lines.append(f"依据：{stored['legal_basis']}")
    return lines


def _categories(data: Data, _: Shown) -> list[str]:
    added = "、".join(term("category", c) for c in data.get("added") or [])
    removed = "、".join(term("category", c) for c in data.get("removed") or [])
    lines = [f"增加：{added}" if added else "", f"减少：{removed}" if removed else ""]
    return [*lines, f"理由：{data.get('reason', '')}"]


def _registered(data: Data, _: Shown) -> list[str]:
    categories = "、".join(term("category", c) for c in data.get("categories") or [])
    return [f"类别：{categories}" if categories else "类别：无"]


def _assessment(data: Data, _: Shown) -> list[str]:
    return [f"评估结果：{term('assessment_result', data.get('result'))}；"
            f"{term('help_level', data.get('help_level'))}"]  # fmt: skip


def _helper(data: Data, _: Shown) -> list[str]:
    helper = data.get("helper") or {}
    return [f"帮扶人类别：{term('helper_kind', helper.get('kind'))}"]


def _visit(data: Data, _: Shown) -> list[str]:
    return [term("visit_kind", data.get("visit_kind"))]


def _left_behind_exit(data: Data, _: Shown) -> list[str]:
    return [f"退出原因：{term('left_behind_exit', data.get('reason'))}"]


def _correction(data: Data, _: Shown) -> list[str]:
    field = term("correctable_field", data.get("field"))
    return [f"更正项目：{field}；理由：{data.get('reason', '')}"]


_ARRANGEMENT_EVENTS = (
    "ParentalGuardianshipRecorded", "GuardianEntrusted", "GuardianAppointed",
    "InstitutionalGuardianshipAssumed", "TemporaryGuardianshipStarted", "GuardianAbsenceRecorded",
    "ReturnedToGuardian", "CourtGuardianAppointed", "GuardianshipRestored",
)  # fmt: skip

DETAILS: Mapping[str, Detail] = {
    "enforcement.CaseOpened": _case_opened,
    "enforcement.OfficersAssigned": _officers_assigned,
    "enforcement.StepRecorded": _step,
    "enforcement.DraftSubmitted": _draft,
    "enforcement.ReviewRequested": _review_requested,
    "enforcement.OpinionRecorded": _opinion,
    "enforcement.CollectiveDiscussionRecorded": _discussion,
    "enforcement.DecisionBlocked": _blocked,
    "enforcement.DecisionMade": _decision,
    "enforcement.DecisionPublished": _published,
    "enforcement.DecisionServed": _served,
    "enforcement.PublicationExempted": _exempted,
    "enforcement.ExecutionRecorded": _execution,
    "enforcement.NoPenaltyDecided": _no_penalty,
    "enforcement.CaseWithdrawn": _reason,
    "enforcement.CaseTransferred": _transferred,
    "enforcement.DecisionDeadlineExtended": _extended,
    "enforcement.DecisionSetAside": _set_aside,
    "enforcement.PublicationWithdrawn": _withdrawn,
    "enforcement.CaseClosed": _reason,
    "enforcement.CaseFileReviewed": _file_reviewed,
    "enforcement.CaseFileScored": _file_scored,
    "enforcement.ComplaintRecorded": _complaint,
    "enforcement.ComplaintLinked": _complaint_linked,
    "evidence.Registered": _uploaded,
    "evidence.UploadRecorded": _uploaded,
    "access.Read": _access,
    "access.BundleExported": _access,
    "children.Registered": _registered,
    "children.CategoriesChanged": _categories,
    "children.AssessmentRecorded": _assessment,
    "children.HelperAssigned": _helper,
    "children.HelperReleased": _reason,
    "children.VisitRecorded": _visit,
    "children.LeftBehindExited": _left_behind_exit,
    "children.KeyChildMarked": _reason,
    "children.KeyChildUnmarked": _reason,
    "children.PersonalDataCorrected": _correction,
    **{f"children.{name}": _arrangement for name in _ARRANGEMENT_EVENTS},
}
"""Event type → its detail lines (a type not here shows its label alone)."""


def details(envelope: Envelope, directory: Directory, document: Data | None = None) -> list[str]:
    """The event's detail lines, blank ones dropped."""
    shown = DETAILS.get(envelope.type)
    if shown is None:
        return []
    return [line for line in shown(envelope.data, Shown(directory, document)) if line.strip()]


def _documents(documents: object, directory: Directory) -> list[EvidenceItem]:
    if not isinstance(documents, list):
        return []
    items = []
    for document in documents:
        if isinstance(document, dict) and isinstance(document.get("sha256"), str):
            known = directory.blob(document["sha256"])
            items.append(EvidenceItem(known.sha256, known.media_type, known.size,
                                      str(document.get("title", ""))))  # fmt: skip
    return items


def evidence(envelope: Envelope, directory: Directory) -> list[EvidenceItem]:
    """The blobs the event cites, with media type and size (R-AV-1, R-AV-4)."""
    data = envelope.data
    if envelope.type == "enforcement.StepRecorded":
        return [
            EvidenceItem(str(e["sha256"]), e.get("media_type"), e.get("size"))
            for e in data.get("evidence") or []
        ]
    if envelope.type == "enforcement.CollectiveDiscussionRecorded" and data.get("minutes_sha256"):
        minutes = directory.blob(str(data["minutes_sha256"]))
        return [EvidenceItem(minutes.sha256, minutes.media_type, minutes.size, "会议纪要")]
    if envelope.type == "evidence.Registered":
        return [directory.blob(str(data["sha256"]))]
    if envelope.type == "evidence.UploadRecorded":
        return [directory.blob(directory.sha_of_stream(envelope.stream))]
    if "documents" in data:
        return _documents(data["documents"], directory)
    arrangement = data.get("arrangement")
    if isinstance(arrangement, dict):
        return _documents(arrangement.get("documents"), directory)
    return []
