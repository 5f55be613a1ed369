"""What each stored event type means to people: its Chinese label, the role its actor acts in,
and where it claims a time of its own (R-EN-2) — one table, as data.

Every event type the records define (``domain.records.aggregate.EVENT_TYPES``) has a row:
``tests/unit/test_timeline.py`` fails when a new type has none, so a screen or a dossier never
shows a bare type name. A label is display text: changing one changes no stored byte.

``roles`` lists the roles in which an actor records the event, the likeliest first; the
timeline names the first the actor holds (an officer of the case acts as its officer).
Events that carry ``recorded_role`` (children's files, reports) or ``role`` (access records)
say it themselves. ``claimed`` names the member holding the date or time the event says the
fact happened on (a path, for a member nested in ``arrangement``), with its Chinese name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from domain.records.actors import Role


@dataclass(frozen=True)
class EventLabel:
    """One row of :data:`EVENT_LABELS`."""

    label: str
    roles: tuple[Role, ...] = ()
    claimed: tuple[str, ...] = ()
    """The path of the member holding the claimed date or time (``("occurred_at",)``)."""
    claimed_label: str = ""
    """What the claimed date or time is called (发生时间, 决定日期 …)."""


_O, _H, _R, _OV = Role.OFFICER, Role.AGENCY_HEAD, Role.LEGAL_REVIEWER, Role.OVERSIGHT
_ADMIN = (Role.ADMIN,)
_CHILD_KEEPERS = (Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE, Role.POLICE)
_NEW_STREAM = "建立记录"
"""The library's own creation event of a stream kind whose first event has a name of its own
(never stored by this service; labelled so that the table is total)."""


def _row(
    label: str, *roles: Role, claimed: str = "", called: str = ""
) -> EventLabel:  # fmt: skip
    return EventLabel(label, tuple(roles), tuple(claimed.split(".")) if claimed else (), called)


EVENT_LABELS: Mapping[str, EventLabel] = MappingProxyType(
    {
        # -- enforcement cases (三项制度, R-EN, R-AV, R-LR, R-PB, R-SV) --------------------------
        "enforcement.Created": _row(_NEW_STREAM),
        "enforcement.CaseOpened": _row("立案", _O, claimed="filed_on", called="立案日期"),
        "enforcement.OfficersAssigned": _row("增加执法人员", _O),
        "enforcement.StepRecorded": _row(
            "记录执法环节", _O, claimed="occurred_at", called="发生时间"
        ),
        "enforcement.DraftSubmitted": _row("提交决定草案", _O),
        "enforcement.ReviewRequested": _row(
            "提请法制审核", _O, claimed="requested_on", called="提请日期"
        ),
        "enforcement.OpinionRecorded": _row(
            "出具法制审核意见", _R, claimed="reviewed_on", called="审核意见日期"
        ),
        "enforcement.CollectiveDiscussionRecorded": _row(
            "机关负责人集体讨论", _H, claimed="held_on", called="讨论日期"
        ),
        "enforcement.DecisionBlocked": _row("拦截未经法制审核的决定", _H, _O, _R),
        "enforcement.DecisionMade": _row("作出决定", _H, claimed="decided_on", called="决定日期"),
        "enforcement.DecisionPublished": _row(
            "公示决定", _O, _H, claimed="published_on", called="公示日期"
        ),
        "enforcement.DecisionServed": _row(
            "送达决定", _O, _H, claimed="served_on", called="送达日期"
        ),
        "enforcement.PublicationExempted": _row("决定不予公开", _H),
        "enforcement.ExecutionRecorded": _row(
            "记录执行情况", _O, _H, claimed="executed_on", called="执行日期"
        ),
        "enforcement.NoPenaltyDecided": _row(
            "决定不予行政处罚", _H, claimed="decided_on", called="决定日期"
        ),
        "enforcement.CaseWithdrawn": _row(
            "撤销立案", _H, claimed="withdrawn_on", called="撤销日期"
        ),
        "enforcement.CaseTransferred": _row(
            "移送案件", _H, claimed="transferred_on", called="移送日期"
        ),
        "enforcement.DecisionDeadlineExtended": _row("延长办案期限", _H),
        "enforcement.DecisionSetAside": _row(
            "决定被变更、撤销或确认违法", _H, claimed="set_aside_on", called="日期"
        ),
        "enforcement.PublicationWithdrawn": _row(
            "撤回公示", _O, _H, claimed="withdrawn_on", called="撤回日期"
        ),
        "enforcement.CaseClosed": _row("结案归档", _H, _O),
        "enforcement.CaseFileReviewed": _row("案卷评查", _OV),
        "enforcement.CaseFileScored": _row(
            "案卷评查(评分)", _OV, claimed="reviewed_on", called="评查日期"
        ),
        "enforcement.ComplaintRecorded": _row("记录投诉举报", _OV),
        "enforcement.ComplaintLinked": _row("关联投诉举报", _OV),
        # -- evidence (R-AV-4) --------------------------------------------------------------
        "evidence.Created": _row(_NEW_STREAM),
        "evidence.Registered": _row("上传证据材料", _O, *_CHILD_KEEPERS),
        "evidence.UploadRecorded": _row("再次上传同一证据材料", _O, *_CHILD_KEEPERS),
        # -- access records (R-CH-4, R-AC-3) ------------------------------------------------
        "access.Created": _row(_NEW_STREAM),
        "access.Opened": _row("建立查阅记录"),
        "access.Read": _row("查阅(已记录理由)"),
        "access.BundleExported": _row("导出法庭证据包"),
        "access.BundleHeadsRecorded": _row("记录证据包各记录流的末端"),
        # -- children's files (R-CH, R-GD, R-AS) --------------------------------------------
        "children.Created": _row(_NEW_STREAM),
        "children.Registered": _row("建立儿童档案", claimed="registered_on", called="建档日期"),
        "children.PersonalDetailsUpdated": _row("更新个人信息"),
        "children.PersonalDataCorrected": _row(
            "更正个人信息", claimed="corrected_on", called="更正日期"
        ),
        "children.CategoriesChanged": _row(
            "变更困境儿童类别", claimed="changed_on", called="变更日期"
        ),
        "children.KeyChildMarked": _row("列为重点对象", claimed="marked_on", called="日期"),
        "children.KeyChildUnmarked": _row("不再列为重点对象", claimed="unmarked_on", called="日期"),
        "children.LocationChanged": _row("变更居住地", claimed="moved_on", called="变更日期"),
        "children.HouseholdMoved": _row("户籍迁移", claimed="moved_on", called="迁移日期"),
        "children.LeftBehindEntered": _row(
            "纳入农村留守儿童台账", claimed="entered_on", called="纳入日期"
        ),
        "children.LeftBehindExited": _row(
            "退出农村留守儿童台账", claimed="exited_on", called="退出日期"
        ),
        "children.ParentalGuardianshipRecorded": _row(
            "记录父母监护", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.GuardianEntrusted": _row(
            "委托监护", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.GuardianAppointed": _row(
            "镇政府(街道办事处)指定监护", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.InstitutionalGuardianshipAssumed": _row(
            "民政部门儿童福利机构监护", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.TemporaryGuardianshipStarted": _row(
            "开始临时监护", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.GuardianAbsenceRecorded": _row(
            "记录无人监护(应急)", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.ReturnedToGuardian": _row(
            "结束临时监护, 回归原监护人", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.CourtGuardianAppointed": _row(
            "人民法院另行指定监护人", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.GuardianshipRestored": _row(
            "恢复监护人资格", claimed="arrangement.effective_on", called="生效日期"
        ),
        "children.AssessmentRecorded": _row(
            "记录评估结果", claimed="assessed_on", called="评估日期"
        ),
        "children.HelperAssigned": _row("确定一对一帮扶人", claimed="assigned_on", called="日期"),
        "children.HelperReleased": _row("解除一对一帮扶", claimed="released_on", called="日期"),
        "children.VisitRecorded": _row("记录走访", claimed="visited_on", called="走访日期"),
        "children.SchoolingRecorded": _row("记录全日制在校就读"),
        "children.AdultCapacityRecorded": _row(
            "记录成年后劳动能力和民事行为能力", claimed="assessed_on", called="认定日期"
        ),
        "children.FileRead": _row("查阅儿童档案(已记录理由)"),
        # -- identity claims and bars on a child's file (R-CH-1, R-GD-8) --------------------
        "claims.Created": _row(_NEW_STREAM),
        "claims.Claimed": _row("登记身份标识"),
        "claims.CorrectedAway": _row("更正后不再使用该身份标识"),
        "claims.CorrectedBack": _row("更正后重新使用该身份标识"),
        "claims.FoundBesideCorrectedAway": _row("发现与已更正档案相同的身份标识"),
        "claims.FoundOnMove": _row("迁移时发现相同的身份标识"),
        "claims.Retaken": _row("重新占用身份标识"),
        "claims.SharedByDistinctChild": _row("确认为不同儿童共用的身份标识"),
        "claims.Released": _row("释放身份标识"),
        "claims.DuplicateFound": _row("发现疑似重复档案"),
        "claims_backfill.Created": _row(_NEW_STREAM),
        "claims_backfill.Completed": _row("补建身份标识完成"),
        "guardian_bars.Created": _row(_NEW_STREAM),
        "guardian_bars.Barred": _row("记录被撤销监护人资格的人"),
        "guardian_bars.AlsoBarred": _row("另一裁判同样撤销其监护人资格"),
        "guardian_bars.Lifted": _row("恢复资格, 解除限制"),
        "guardian_bars.NamesakeFlagged": _row("标记同名同生日者"),
        "guardian_bars.NumbersKnown": _row("记录其身份号码"),
        "guardian_bars.RefusalRecorded": _row("记录拒绝登记被撤销资格者"),
        "guardian_bars_backfill.Created": _row(_NEW_STREAM),
        "guardian_bars_backfill.Completed": _row("补建监护限制完成"),
        # -- reports, petitions, detentions (R-RP, R-EM, R-GD-7/8) --------------------------
        "reports.Created": _row(_NEW_STREAM),
        "reports.ReportFiled": _row("强制报告"),
        "reports.ReporterSealed": _row("报告人信息密封保存"),
        "reports.ChildLinked": _row("关联儿童档案"),
        "reports.PoliceResponded": _row("公安机关出警处置"),
        "reports.TownInformed": _row("通报镇政府(街道办事处)"),
        "reports.TownArrangementMade": _row("镇政府组织评估帮扶"),
        "reports.ReportClosed": _row("报告办结"),
        "reports.FailureToReportFound": _row("认定未履行报告义务"),
        "reports.ReporterCommended": _row("表扬、奖励报告人"),
        "petitions.Created": _row(_NEW_STREAM),
        "petitions.PetitionFiled": _row("向人民法院提出申请"),
        "petitions.PetitionRuled": _row("人民法院作出裁判"),
        "detentions.Created": _row(_NEW_STREAM),
        "detentions.ParentDetained": _row("记录父母被羁押"),
        # -- complaints about enforcement (R-SV-3) ------------------------------------------
        "complaints.Created": _row(_NEW_STREAM),
        "complaints.ComplaintReceived": _row("受理投诉举报", _OV),
        "complaints.ComplaintAssigned": _row("交办投诉举报", _OV),
        "complaints.ComplaintFindingsRecorded": _row("记录调查情况", _OV),
        "complaints.ComplaintConcluded": _row("作出处理结论", _OV),
        "complaints.ComplaintAnswered": _row("答复投诉人", _OV),
        # -- named child-protection staff (R-AC-2) ------------------------------------------
        "staff.Created": _row(_NEW_STREAM),
        "staff.RosterOpened": _row("建立儿童关爱保护工作人员名册"),
        "staff.StaffAppointed": _row("确定儿童关爱保护工作人员"),
        "staff.StaffAppointmentEnded": _row("终止儿童关爱保护工作人员任职"),
        # -- catalogues (R-LR-2, R-LR-10) ---------------------------------------------------
        "catalogue.Created": _row(_NEW_STREAM),
        "catalogue.Published": _row("发布重大执法决定基准目录", *_ADMIN),
        "catalogue.Revised": _row("修订重大执法决定基准目录", *_ADMIN),
        "agency_catalogue.Created": _row(_NEW_STREAM),
        "agency_catalogue.Opened": _row("建立本机关重大执法决定法制审核目录", _R),
        "agency_catalogue.RevisionProposed": _row("提议修订目录", _R),
        "agency_catalogue.RevisionApproved": _row("批准目录修订", _R),
        "agency_catalogue.RevisionRejected": _row("驳回目录修订", _R),
        # -- actors, their certificates and tokens (R-AC-1, R-EN-3, R-SV-4) -----------------
        "actors.Created": _row(_NEW_STREAM),
        "actors.Registered": _row("登记人员", *_ADMIN),
        "actors.RoleGranted": _row("授予角色", *_ADMIN),
        "actors.RoleGrantProposed": _row("提议授予角色", *_ADMIN),
        "actors.RoleGrantApproved": _row("批准授予角色", *_ADMIN),
        "actors.RoleGrantRejected": _row("驳回授予角色", *_ADMIN),
        "actors.CertificateRecorded": _row("记录行政执法证件", *_ADMIN),
        "actors.LegalQualificationRecorded": _row("记录法律职业资格", *_ADMIN),
        "actors.PriorPenaltyReviewRecorded": _row("记录此前从事行政处罚审核的经历", *_ADMIN),
        "actors.SanctionRecorded": _row("记录对执法人员的处理", _OV, Role.ADMIN),
        "actors.Suspended": _row("暂停人员", *_ADMIN),
        "actors.Reinstated": _row("恢复人员", *_ADMIN),
        "actors.Revoked": _row("撤销人员", *_ADMIN),
        "actors.TokenIssued": _row("签发访问令牌", *_ADMIN),
        "actors.TokenRevoked": _row("吊销访问令牌", *_ADMIN),
        "certificate_claims.Created": _row(_NEW_STREAM),
        "certificate_claims.Claimed": _row("登记执法证号归属", *_ADMIN),
        "tokens.Created": _row(_NEW_STREAM),
        "tokens.TokenBound": _row("绑定访问令牌", *_ADMIN),
        # -- the deployment (DESIGN §3) -----------------------------------------------------
        "deployment.Created": _row(_NEW_STREAM),
        "deployment.Initialised": _row("初始化部署"),
        "deployment.LogKeyAdded": _row("添加日志签名密钥", *_ADMIN),
        "deployment.LogKeyRetired": _row("停用日志签名密钥", *_ADMIN),
        "deployment.WitnessAdded": _row("添加见证方", *_ADMIN),
    }
)
"""Event ``type`` → :class:`EventLabel`, for every type the records define."""


def label_of(event_type: str) -> EventLabel:
    """The row of ``event_type`` (KeyError for a type without one: a test keeps the table whole)."""
    return EVENT_LABELS[event_type]
