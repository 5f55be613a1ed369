"""Who an actor id is, in the words people read: name, every role held, and agency.

The timeline names the role an actor *acted in* (``api/web/directory.py``); the queues of
oversight and the admin's pages name everything a person holds — a blocked decision is read
against who the person is (an officer without a head's authority). Both resolve ids through
the same :class:`~api.web.directory.Directory`, each page once per actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from api.web.directory import OPERATOR_NAME, UNKNOWN_ACTOR, Directory
from api.web.labels import role_label
from domain.proof.chain import SYSTEM_ACTOR
from domain.records.actors import Role
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


OPERATOR_PERSON = Person(SYSTEM_ACTOR, OPERATOR_NAME, "", "")
"""``system``: the console operator, or the server's own events."""


class People:
    """Actors by id for one page."""

    def __init__(self, jz: Jianzheng) -> None:
        self.directory = Directory(jz.store)

    def __call__(self, actor_id: str | None) -> Person:
        """The person behind ``actor_id`` (an unknown id is shown as it is, marked)."""
        key = str(actor_id or "")
        if key == SYSTEM_ACTOR:
            return OPERATOR_PERSON
        actor = self.directory.actor(key)
        if actor is None:
            return Person(key, UNKNOWN_ACTOR, "", "")
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
