"""What people read on the screens, in Chinese first: roles and times (ADR 0006).

Labels are data: a screen looks a code up here and shows the code itself when it has no
label, never nothing.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from markupsafe import Markup

from domain.records.actors import Role

BEIJING = timezone(timedelta(hours=8), "CST")
"""China Standard Time (UTC+8): the time every screen shows to people."""

ROLE_LABELS: dict[Role, str] = {
    Role.OFFICER: "执法人员",
    Role.LEGAL_REVIEWER: "法制审核人员",
    Role.AGENCY_HEAD: "机关负责人",
    Role.OVERSIGHT: "执法监督机构",
    Role.COURT: "人民法院",
    Role.CIVIL_AFFAIRS: "民政部门",
    Role.TOWN_OFFICE: "乡镇（街道）",
    Role.VILLAGE_COMMITTEE: "村（居）委会",
    Role.POLICE: "公安机关",
    Role.REPORTER: "强制报告责任人",
    Role.ADMIN: "系统管理员",
}


def role_label(role: str | Role) -> str:
    """The Chinese name of a role (the code itself if unknown)."""
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return str(role)


def beijing(value: str | datetime | None, *, seconds: bool = False) -> str:
    """A moment as people in China read it: ``2026-12-07 14:03`` in Beijing time.

    Accepts an aware ``datetime`` or an ISO 8601 string (``Z`` or an offset); a naive
    value is taken as UTC, as the store records every time in UTC. ``None`` or ``""`` is
    shown as ``—``.
    """
    if value is None or value == "":
        return "—"
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that reorder the text around them (Unicode bidi embeddings, overrides,
isolates and marks): recorded text holding one would be shown in an order other than the
one recorded and hashed — a fine of ``0005`` read as ``5000``."""


def shown(value: Any) -> Any:
    """A value as every page and print shows it: bidi controls made visible as
    ``⟦U+202E⟧`` instead of taking effect (the Jinja environments' ``finalize``)."""
    if isinstance(value, str) and BIDI_CONTROLS.search(value):
        visible = BIDI_CONTROLS.sub(lambda m: f"⟦U+{ord(m.group()):04X}⟧", str(value))
        # Markup was escaped already; the markers added are plain text, safe as they are.
        return Markup(visible) if isinstance(value, Markup) else visible  # noqa: S704
    return value
