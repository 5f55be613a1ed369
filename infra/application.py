"""The Jianzheng application service: commands and queries shared by the API and the CLI.

Each command loads its stream, calls one domain method, and appends in one
transaction (``EventStore.command``). Authorization by role is checked here so
that every entry point enforces the same rules (least privilege, DESIGN §5).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.actors import Actor, Role, Status, TokenIndex, parse_role
from domain.chain import SYSTEM_ACTOR
from domain.deployment import DEPLOYMENT_STREAM, Deployment
from domain.errors import (
    ActorInactive,
    ActorSuspended,
    AuthenticationError,
    ChainConflict,
    NotFound,
    PermissionDenied,
    TokenRevoked,
)
from domain.verify import Report, verify_rows
from infra.keys import LogKey, load_or_create_log_key
from infra.settings import Settings
from infra.store import Appended, EventStore

TOKEN_PREFIX = "jz_"  # noqa: S105 -- a marker that makes leaked tokens easy to scan for, not a secret


def new_token() -> tuple[str, str, str]:
    """(token, token_id, sha256 hex): 256 random bits, shown once, stored as a hash."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, uuid.uuid4().hex[:16], token_sha256(token)


def token_sha256(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is acting: an authenticated actor, or the operator at the console."""

    actor_id: str
    role: Role | None
    agency: str
    jurisdiction: str

    @classmethod
    def of(cls, actor: Actor) -> Principal:
        """The principal for an active actor."""
        return cls(str(actor.id), actor.role, actor.agency, actor.jurisdiction)


OPERATOR = Principal(SYSTEM_ACTOR, None, "", "")
"""The console operator (CLI with direct access to the store); recorded as ``system``."""


@dataclass(frozen=True)
class Initialised:
    """What :meth:`Jianzheng.initialise` did."""

    created: bool
    log_key_created: bool
    vkey: str
    admin_id: str | None = None
    admin_token: str | None = None


@dataclass(frozen=True)
class Registered:
    """A newly registered actor and its first token (shown once)."""

    actor: Actor
    token: str
    token_id: str
    events: list[Appended]


def require_role(principal: Principal, *roles: Role) -> None:
    """Refuse unless the principal has one of ``roles`` (the operator always may)."""
    if principal is OPERATOR:
        return
    if principal.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise PermissionDenied(f"this needs the role {allowed}")


class Jianzheng:
    """The application: one event store, one log key, the commands on them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = EventStore(settings)
        self._log_key: LogKey | None = None

    def close(self) -> None:
        """Release database connections."""
        self.store.close()

    @property
    def log_key(self) -> LogKey:
        """The log signing key (created at :meth:`initialise`)."""
        if self._log_key is None:
            self._log_key, _ = load_or_create_log_key(
                self.settings.resolved_log_key_path, self.settings.log_origin
            )
        return self._log_key

    # -- setup --------------------------------------------------------------------------

    def initialise(self) -> Initialised:
        """Create the log key and the first admin, once per store; idempotent."""
        key, key_created = load_or_create_log_key(
            self.settings.resolved_log_key_path, self.settings.log_origin
        )
        self._log_key = key
        if self.store.exists(DEPLOYMENT_STREAM):
            return Initialised(False, key_created, key.vkey)
        deployment = Deployment(
            actor=SYSTEM_ACTOR, origin=self.settings.log_origin, log_vkey=key.vkey
        )
        admin, token, _token_id, index = self._new_actor(
            OPERATOR, "Administrator", Role.ADMIN.value, "jianzheng", "*"
        )
        try:
            self.store.append(deployment, admin, index)
        except ChainConflict:  # another process initialised the store first
            return Initialised(False, key_created, key.vkey)
        return Initialised(True, key_created, key.vkey, str(admin.id), token)

    # -- actors -------------------------------------------------------------------------

    def _new_actor(
        self, by: Principal, name: str, role: str, agency: str, jurisdiction: str
    ) -> tuple[Actor, str, str, TokenIndex]:
        actor = Actor.register(
            actor=by.actor_id, name=name, role=role, agency=agency, jurisdiction=jurisdiction
        )
        token, token_id, digest = new_token()
        actor.issue_token(actor=by.actor_id, token_id=token_id, token_sha256=digest)
        index = TokenIndex(
            actor=by.actor_id, token_sha256=digest, actor_id=str(actor.id), token_id=token_id
        )
        return actor, token, token_id, index

    def register_actor(
        self,
        by: Principal,
        *,
        name: str,
        role: str,
        agency: str,
        jurisdiction: str,
        certificate: str | None = None,
        valid_from: str | None = None,
        valid_until: str | None = None,
    ) -> Registered:
        """Register an actor (admin only), with an optional enforcement certificate."""
        require_role(by, Role.ADMIN)
        parse_role(role)
        actor, token, token_id, index = self._new_actor(by, name, role, agency, jurisdiction)
        if certificate is not None or valid_until is not None:
            actor.record_certificate(
                actor=by.actor_id,
                number=certificate or "",
                valid_from=valid_from or date.today().isoformat(),
                valid_until=valid_until or "",
            )
        events = self.store.append(actor, index)
        return Registered(actor, token, token_id, events)

    def get_actor(self, actor_id: UUID) -> Actor:
        """An actor by id."""
        return self.store.load(Actor, actor_id)

    def _actor_command(
        self, by: Principal, actor_id: UUID, action: Callable[[Actor], object]
    ) -> list[Appended]:
        require_role(by, Role.ADMIN)

        def run(actor: Actor) -> None:
            action(actor)

        return self.store.command(Actor, actor_id, run)

    def record_certificate(
        self, by: Principal, actor_id: UUID, *, number: str, valid_from: str, valid_until: str
    ) -> list[Appended]:
        """Record an enforcement certificate (持证上岗, R-EN-3)."""
        return self._actor_command(
            by,
            actor_id,
            lambda a: a.record_certificate(
                actor=by.actor_id, number=number, valid_from=valid_from, valid_until=valid_until
            ),
        )

    def suspend_actor(self, by: Principal, actor_id: UUID, reason: str) -> list[Appended]:
        """Suspend at once (R-SV-4)."""
        return self._actor_command(
            by, actor_id, lambda a: a.suspend(actor=by.actor_id, reason=reason)
        )

    def reinstate_actor(self, by: Principal, actor_id: UUID, reason: str) -> list[Appended]:
        """Lift a suspension."""
        return self._actor_command(
            by, actor_id, lambda a: a.reinstate(actor=by.actor_id, reason=reason)
        )

    def revoke_actor(self, by: Principal, actor_id: UUID, reason: str) -> list[Appended]:
        """Revoke for good (R-SV-4)."""
        return self._actor_command(
            by, actor_id, lambda a: a.revoke(actor=by.actor_id, reason=reason)
        )

    def issue_token(self, by: Principal, actor_id: UUID) -> tuple[str, str, list[Appended]]:
        """A new token for an actor: (token, token_id, events); the token is shown once."""
        require_role(by, Role.ADMIN)
        token, token_id, digest = new_token()

        def action(actor: Actor) -> list[TokenIndex]:
            actor.issue_token(actor=by.actor_id, token_id=token_id, token_sha256=digest)
            index = TokenIndex(
                actor=by.actor_id, token_sha256=digest, actor_id=str(actor.id), token_id=token_id
            )
            return [index]

        return token, token_id, self.store.command(Actor, actor_id, action)

    def revoke_token(
        self, by: Principal, actor_id: UUID, token_id: str, reason: str
    ) -> list[Appended]:
        """Revoke one token (admin, or the token's own actor)."""
        if by.actor_id != str(actor_id):
            require_role(by, Role.ADMIN)

        def action(actor: Actor) -> None:
            actor.revoke_token(actor=by.actor_id, token_id=token_id, reason=reason)

        return self.store.command(Actor, actor_id, action)

    # -- authentication -----------------------------------------------------------------

    def authenticate(self, token: str | None) -> Actor:
        """Resolve a bearer token to its actor, or raise (401 unknown/revoked, 403 suspended)."""
        if not token:
            raise AuthenticationError("a bearer token is required (Authorization: Bearer …)")
        digest = token_sha256(token)
        try:
            index = self.store.load(TokenIndex, TokenIndex.create_id(digest))
            actor = self.store.load(Actor, index.actor_id)
        except NotFound:
            raise AuthenticationError("the bearer token is not known") from None
        record = actor.tokens.get(index.token_id)
        if record is None or not hmac.compare_digest(record.token_sha256, digest):
            raise AuthenticationError("the bearer token is not known")
        if record.revoked:
            raise TokenRevoked("the bearer token was revoked")
        if actor.status is Status.REVOKED:
            raise ActorInactive("the actor holding this token was revoked")
        if actor.status is Status.SUSPENDED:
            raise ActorSuspended("the actor holding this token is suspended")
        return actor

    # -- verification -------------------------------------------------------------------

    def verify(self, progress: Callable[[int], None] | None = None) -> Report:
        """Recompute every hash and link of every stored stream (DESIGN §2)."""
        return verify_rows(self.store.rows, progress=progress)
