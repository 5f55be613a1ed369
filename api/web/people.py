"""Who an actor id is, in the words people read: name, roles and agency (never a bare id).

Screens show the people of a record by name and role, resolved through the actors' own
streams as the API resolves them (``Jianzheng.get_actor``); each page keeps what it looked
up, so a list naming one head twenty times loads the head once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from api.web.labels import role_label
from domain.proof.chain import SYSTEM_ACTOR
from domain.records.actors import Role
from domain.records.errors import NotFound
from infra.application import Jianzheng


@dataclass(frozen=True)
class Person:
    """An actor as a screen names them."""

    actor_id: str
    name: str
    roles: str
    agency: str

    def __str__(self) -> str:
        return f"{self.name}（{self.roles}）" if self.roles else self.name


OPERATOR_PERSON = Person(SYSTEM_ACTOR, "控制台操作员", "系统", "")
"""``system``: the console operator, or the server's own events."""


class People:
    """Actors by id for one page."""

    def __init__(self, jz: Jianzheng) -> None:
        self.jz = jz
        self._known: dict[str, Person] = {}

    def __call__(self, actor_id: str | None) -> Person:
        """The person behind ``actor_id`` (an unknown id is shown as it is, marked)."""
        key = str(actor_id or "")
        if key == SYSTEM_ACTOR:
            return OPERATOR_PERSON
        if key not in self._known:
            self._known[key] = self._look_up(key)
        return self._known[key]

    def _look_up(self, key: str) -> Person:
        try:
            actor = self.jz.get_actor(UUID(key))
        except (ValueError, NotFound):
            return Person(key, f"未知人员 {key[:8]}", "", "")
        roles = "、".join(role_label(r) for r in Role if r in actor.roles)
        return Person(key, actor.name, roles, actor.agency)


def ago(moment: int | float | str | datetime | None, now: datetime | None = None) -> str:
    """How long ago ``moment`` was, in words: 刚刚, 5 分钟前, 3 小时前, 2 天前."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, int | float):
        when = datetime.fromtimestamp(moment, UTC)
    elif isinstance(moment, str):
        when = datetime.fromisoformat(moment)
    else:
        when = moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = int(((now or datetime.now(UTC)) - when).total_seconds())
    if seconds < 0:
        return "刚刚"
    for size, unit in ((86400, "天"), (3600, "小时"), (60, "分钟")):
        if seconds >= size:
            return f"{seconds // size} {unit}前"
    return "刚刚"
