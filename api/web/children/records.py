"""The file's other records, each a form generated from its route's model: left-behind entry
and exit (R-CH-3), assessments (R-AS-1, R-AS-2), visits and one-to-one helpers (R-AS-3),
categories (R-CH-2), key children (R-AS-1), schooling and capacity after 18 (R-CH-5), the
household's moves and corrections of personal data (R-CH-1).

One table: the path of the form, its model (the one ``POST /v1/children/{id}/…`` takes),
the domain command, who records it (the domain's own constants, so the screen offers the
form only to whom the service would allow it) and, up front, what the law requires.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from api.schemas.child_bodies import (
    AssessmentIn,
    CapacityIn,
    CategoriesIn,
    CorrectionIn,
    HelperIn,
    KeyChildIn,
    LeftBehindExitIn,
    LeftBehindIn,
    MoveIn,
    SchoolingIn,
    VisitIn,
)
from domain.records.actors import Role
from domain.records.children.vocabulary import ASSESSORS, FILE_KEEPERS
from infra.principal import Principal


@dataclass(frozen=True)
class Record:
    """One kind of record of a child's file."""

    path: str
    title: str
    model: type[BaseModel]
    command: str
    recorders: frozenset[Role]
    requires: tuple[str, ...]
    """What the law requires, in Chinese, with its rule id — shown before the form."""
    identity: bool = False
    """A move or a correction: it moves the file's identity claims (ADR 0005)."""
    left_behind: bool | None = None
    """Offered only while the child is (True) or is not (False) in the left-behind ledger."""

    def offered_to(self, by: Principal, file: dict[str, Any]) -> bool:
        """Whether to offer it: the person holds a role that records it, and the file is in
        the state it applies to (the service decides)."""
        if self.left_behind is not None and is_left_behind(file) != self.left_behind:
            return False
        return by.has(*self.recorders)


def is_left_behind(file: dict[str, Any]) -> bool:
    """Whether the file shows the child in the left-behind ledger now (R-CH-3)."""
    return any(p.get("exited_on") is None for p in file.get("left_behind") or [])


RECORDS: Mapping[str, Record] = {
    r.path: r
    for r in (
        Record(
            "left-behind", "纳入留守儿童台账（父母外出务工登记）", LeftBehindIn,
            "enter_left_behind", FILE_KEEPERS,
            ("儿童在纳入之日未满十六周岁（R-CH-3）",
             "父母均外出务工，或一方外出务工、另一方无监护能力（R-CH-3）",
             "纳入日期不早于建档日期，不早于上次退出（R-CH-3）"),
            left_behind=False,
        ),
        Record(
            "left-behind-exit", "退出留守儿童台账", LeftBehindExitIn, "exit_left_behind",
            FILE_KEEPERS,
            ("儿童在留守儿童台账中（R-CH-3）", "写明退出原因与父母现在的情况（R-CH-3）"),
            left_behind=True,
        ),
        Record(
            "assessment", "评估（每年两次，重点对象随时）", AssessmentIn, "record_assessment",
            ASSESSORS,
            ("由镇政府(街道办事处)评估（R-AS-1）",
             "评估依据须属于所选结果：较好—关心式、一般—关爱式、差—保护式帮扶（R-AS-2）"),
        ),
        Record(
            "visit", "走访", VisitIn, "record_visit", FILE_KEEPERS,
            ("村(居)委会定期走访，并记录走访情况（R-AS-3）",),
        ),
        Record(
            "helper", "结对帮扶（一对一）", HelperIn, "assign_helper", FILE_KEEPERS,
            ("为儿童明确一对一帮扶人（R-AS-3）",),
        ),
        Record(
            "categories", "变更困境儿童类别", CategoriesIn, "change_categories", FILE_KEEPERS,
            ("类别随情况变化记录，写明原因（R-CH-2）",
             "留守儿童只能通过纳入、退出台账变更（R-CH-3）"),
        ),
        Record(
            "key-child", "标记为重点对象", KeyChildIn, "mark_key_child", FILE_KEEPERS,
            ("重点对象随时评估（R-AS-1）",),
        ),
        Record(
            "schooling", "全日制学校就读", SchoolingIn, "record_schooling", FILE_KEEPERS,
            ("成年后仍在全日制学校就读的，继续享受基本生活费（R-CH-5）",),
        ),
        Record(
            "capacity", "成年后劳动能力和民事行为能力", CapacityIn, "record_adult_capacity",
            FILE_KEEPERS,
            ("年满十八周岁、具备劳动能力和完全民事行为能力且未在读的，"
             "发放不少于 6 个月后停止（R-CH-5）",),
        ),
        Record(
            "move", "户籍迁移", MoveIn, "move_household", FILE_KEEPERS,
            ("由迁出前管辖该档案的民政、镇或村记录；迁移后由新辖区管理（R-CH-1、R-AC-3）",),
            identity=True,
        ),
        Record(
            "correction", "更正个人信息", CorrectionIn, "correct_personal", FILE_KEEPERS,
            ("写明更正原因；原内容不再显示（R-CH-1、R-CH-4）",
             "身份证号须为公民身份号码；他档已有的身份不能更正为本档（R-CH-1）"),
            identity=True,
        ),
    )
}  # fmt: skip
"""Every other record of a child's file, by the path of its form."""
