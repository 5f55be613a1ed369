"""Names for people: who an actor id is, what a blob is, what a code says, and times in Beijing.

The screens and the dossier never show a bare actor id where a name is on record, nor a UTC
time: an actor id is resolved through the store (the actor's own stream: its name and the
roles it holds), a stored blob through its registration (media type and size), a vocabulary
code through ``domain.records.vocabulary`` (its Chinese label), and a time is shown in China
Standard Time (UTC+8) as ``2026-12-07 14:03``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.proof.chain import SYSTEM_ACTOR
from domain.records.actors import Actor, Role
from domain.records.children.dates import CHINA_STANDARD_TIME
from domain.records.errors import NotFound
from domain.records.evidence import Evidence
from domain.records.vocabulary import ROLE_LABELS, VOCABULARIES
from infra.store import EventStore

OPERATOR_NAME = "系统(控制台操作员)"
"""Who ``system`` is: the console operator or the server itself (DESIGN §2)."""

UNKNOWN_ACTOR = "(未登记的人员)"
"""An actor id the store holds no record of (never expected: every actor is registered)."""

EVIDENCE_URL = "/v1/evidence/{sha256}"
"""Where a blob is fetched by its hash (the evidence route, issue 14)."""


def beijing(moment: datetime | str) -> str:
    """A time as people read it: China Standard Time, to the minute (``2026-12-07 14:03``).

    ``moment`` is a timezone-aware datetime or RFC 3339 text with an offset (the envelope's
    ``at``, a step's ``occurred_at``).
    """
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a time shown to people must carry its offset")
    return moment.astimezone(CHINA_STANDARD_TIME).strftime("%Y-%m-%d %H:%M")


def parse_claimed(value: str) -> date | datetime:
    """A claimed date (``YYYY-MM-DD``) or time (RFC 3339 with its offset) as stored."""
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def shown_claimed(value: date | datetime) -> str:
    """A claimed date as written, a claimed time in Beijing time."""
    return beijing(value) if isinstance(value, datetime) else value.isoformat()


def term(vocabulary: str, code: object) -> str:
    """The Chinese label of ``code`` in ``vocabulary``; the code itself if it has none (a code
    stored by an earlier version)."""
    return VOCABULARIES[vocabulary].labels.get(str(code), str(code))


def yuan(fen: object) -> str:
    """An amount in fen as yuan (``12345`` → ``123.45 元``); money is stored as integers."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        return "—"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d} 元"


def size_text(size: int | None) -> str:
    """A byte count as people read it (``8.0 KB``), with the exact figure for 1 KB and more."""
    if size is None:
        return "—"
    if size < 1024:
        return f"{size} 字节"
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit} ({size:,} 字节)"
    raise AssertionError("unreachable: every size of 1 KB or more has a unit")


@dataclass(frozen=True)
class Person:
    """Who acted: name and the role they acted in, in Chinese, beside the stable id."""

    actor_id: str
    name: str
    role: str
    """The role's Chinese label (行政执法人员 …); empty where no role applies."""

    @property
    def shown(self) -> str:
        """``张三(行政执法人员)``, or the name alone."""
        return f"{self.name}({self.role})" if self.role else self.name


@dataclass(frozen=True)
class EvidenceItem:
    """One blob an event cites: its hash, what it is, and where to fetch it."""

    sha256: str
    media_type: str | None
    size: int | None
    title: str = ""
    """A document's title (决定书, 送达回证 …); empty for a step's evidence."""

    @property
    def url(self) -> str:
        """The download route of the blob."""
        return EVIDENCE_URL.format(sha256=self.sha256)

    @property
    def size_shown(self) -> str:
        """The size as people read it."""
        return size_text(self.size)


class Directory:
    """Resolves actor ids and blob hashes through the store, each once per directory."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        self._actors: dict[str, Actor | None] = {}
        self._blobs: dict[str, tuple[str, int] | None] = {}

    def actor(self, actor_id: str) -> Actor | None:
        """The actor's record, or None for ``system`` and ids with no record."""
        if actor_id not in self._actors:
            found: Actor | None = None
            if actor_id != SYSTEM_ACTOR:
                try:
                    found = self.store.load(Actor, UUID(actor_id))
                except (ValueError, NotFound):
                    found = None
            self._actors[actor_id] = found
        return self._actors[actor_id]

    def name(self, actor_id: str) -> str:
        """The actor's name as registered."""
        if actor_id == SYSTEM_ACTOR:
            return OPERATOR_NAME
        actor = self.actor(actor_id)
        return UNKNOWN_ACTOR if actor is None else actor.name

    def person(
        self,
        actor_id: str,
        roles: tuple[Role, ...] = (),
        *,
        recorded_role: str | None = None,
        officers: frozenset[str] = frozenset(),
    ) -> Person:
        """The actor with the role they acted in.

        ``recorded_role`` (stated by the event) wins; else an officer of the case acting in a
        role an officer may act in is its officer; else the first of ``roles`` the actor
        holds; else the first role the actor holds at all.
        """
        name = self.name(actor_id)
        if actor_id == SYSTEM_ACTOR:
            return Person(actor_id, name, "")
        if recorded_role:
            return Person(actor_id, name, ROLE_LABELS.get(recorded_role, recorded_role))
        actor = self.actor(actor_id)
        if Role.OFFICER in roles and actor_id in officers:
            return Person(actor_id, name, ROLE_LABELS[Role.OFFICER])
        held = actor.roles if actor is not None else set()
        chosen = next((r for r in roles if r in held), None)
        if chosen is None and held:
            chosen = min(held, key=list(Role).index)
        return Person(actor_id, name, ROLE_LABELS[chosen] if chosen is not None else "")

    def sha_of_stream(self, stream: str) -> str:
        """The hash an evidence stream registers (its ``Registered`` event names it)."""
        return self.store.load(Evidence, UUID(stream)).sha256

    def blob(self, sha256: str) -> EvidenceItem:
        """What the store registered of a blob (media type and size), by its hash."""
        if sha256 not in self._blobs:
            found: tuple[str, int] | None = None
            for purpose in ("case", "child"):
                try:
                    evidence = self.store.load(Evidence, Evidence.create_id(sha256, purpose))
                except NotFound:
                    continue
                found = (evidence.media_type, evidence.size)
                break
            self._blobs[sha256] = found
        known = self._blobs[sha256]
        return EvidenceItem(sha256, *(known if known is not None else (None, None)))
