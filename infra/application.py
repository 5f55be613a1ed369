"""The Jianzheng application service: commands and queries shared by the API and the CLI.

Each command loads its stream, calls one domain method, and appends in one
transaction (``EventStore.command``). Authorization by role is checked here so
that every entry point enforces the same rules (least privilege, DESIGN §5).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import hmac
import logging
import secrets
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from domain.proof.chain import SYSTEM_ACTOR, format_at
from domain.proof.checkpoint import WitnessKey, parse_witness_vkey
from domain.proof.verify import PAGE_ROWS, ChainScanner, Report, StoredRow, pages
from domain.records.access import AccessLog
from domain.records.actors import (
    FOUR_EYES_ROLES,
    Actor,
    PendingGrant,
    Role,
    Status,
    TokenIndex,
    parse_role,
)
from domain.records.catalogue import CATALOGUE_STREAM, DEFAULT_CATALOGUE, Catalogue
from domain.records.children import ChildRecord
from domain.records.deployment import DEPLOYMENT_STREAM, Deployment
from domain.records.enforcement import EnforcementCase
from domain.records.errors import (
    ActorInactive,
    ActorSuspended,
    AuthenticationError,
    ChainConflict,
    EvidenceTooSmall,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TokenRevoked,
    WrongAgency,
)
from domain.records.evidence import PURPOSES, Evidence, Upload, check_media_type, media_type_charset
from domain.records.jurisdiction import covers
from domain.records.media import ContentCheck, check_allowed, is_audio_video
from infra.blobs import BlobStore, StoredBlob
from infra.idempotency import IdempotencyRecords
from infra.keys import (
    LogKey,
    create_rotated_key,
    load_log_key,
    load_or_create_log_key,
    rotated_key_path,
)
from infra.log import TransparencyLog
from infra.sealing import load_or_create_data_key
from infra.settings import Settings
from infra.sql import Database
from infra.store import Appended, EventStore
from infra.views import Views

log = logging.getLogger("jianzheng.evidence")

CHILD_DOCUMENT_ROLES = (Role.CIVIL_AFFAIRS, Role.TOWN_OFFICE, Role.VILLAGE_COMMITTEE, Role.POLICE)
"""Who records a child's documents, and so may upload them (R-GD-9, DESIGN §5)."""

TOKEN_PREFIX = "jz_"  # noqa: S105 -- a marker that makes leaked tokens easy to scan for, not a secret


def now_at() -> str:
    """The current UTC time in the envelope's ``at`` format."""
    return format_at(datetime.now(UTC))


def new_token() -> tuple[str, str, str]:
    """(token, token_id, sha256 hex): 256 random bits, shown once, stored as a hash."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, uuid.uuid4().hex[:16], token_sha256(token)


def token_sha256(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is acting: an authenticated actor, or the operator at the console.

    ``roles`` are the roles in force (``Actor.roles_in_force``: a role whose level the
    jurisdiction does not fit is dormant). A ``suspended`` principal holds no role at all and
    may only revoke its own tokens (:meth:`Jianzheng.revoke_token`).
    """

    actor_id: str
    roles: frozenset[Role]
    agency: str
    jurisdiction: str
    suspended: bool = False

    @classmethod
    def of(cls, actor: Actor) -> Principal:
        """The principal for an authenticated actor (a suspended one holds no role)."""
        if actor.status is Status.SUSPENDED:
            return cls(str(actor.id), frozenset(), actor.agency, actor.jurisdiction, True)
        return cls(str(actor.id), actor.roles_in_force(), actor.agency, actor.jurisdiction)

    def has(self, *roles: Role) -> bool:
        """Whether the principal holds any of ``roles``."""
        return not self.roles.isdisjoint(roles)


OPERATOR = Principal(SYSTEM_ACTOR, frozenset(), "", "")
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
    """A newly registered actor and its first token (shown once); ``pending_approval`` is
    the proposal that holds its role back until a second admin approves, if any."""

    actor: Actor
    token: str
    token_id: str
    events: list[Appended]
    pending_approval: PendingGrant | None = None


@dataclass(frozen=True)
class RoleGrant:
    """What a grant did: ``granted`` at once, or ``proposed`` for a second admin."""

    status: str
    proposal_id: str | None
    events: list[Appended]


def needs_second_admin(by: Principal, role: Role) -> bool:
    """Whether a grant of ``role`` by ``by`` waits for a different admin's approval.

    Every admin's grant of a role that opens children's files, or of ``admin`` (which
    approves such grants), does; the console operator — the deployment's root, holding the
    store and its keys — grants at once (bootstrap: the second admin).
    """
    return by is not OPERATOR and role in FOUR_EYES_ROLES


def require_role(principal: Principal, *roles: Role) -> None:
    """Refuse unless the principal has one of ``roles`` (the operator always may)."""
    if principal is OPERATOR:
        return
    if principal.suspended:
        raise ActorSuspended("the actor holding this token is suspended")
    if not principal.has(*roles):
        allowed = ", ".join(r.value for r in roles)
        raise PermissionDenied(f"this needs the role {allowed}")


class Jianzheng:
    """The application: one event store, one log key, the commands on them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = EventStore(settings)
        self.blobs = BlobStore(
            settings.resolved_blob_dir,
            settings.max_upload_bytes,
            key=load_or_create_data_key(settings.data_key, settings.data_dir / "data.key"),
        )
        self._log_key: LogKey | None = None
        self._views: Views | None = None
        self._log: TransparencyLog | None = None
        self._idempotency: IdempotencyRecords | None = None
        from infra.cases import CaseService
        from infra.catalogues import CatalogueService
        from infra.children import ChildService

        self.cases = CaseService(self)
        self.catalogues = CatalogueService(self)
        self.children = ChildService(self)

    @property
    def log(self) -> TransparencyLog:
        """The transparency log over this store (DESIGN §3)."""
        if self._log is None:
            signing, published = self._log_keys()
            self._log = TransparencyLog(self.settings, self.store, signing, published)
        return self._log

    def _log_keys(self) -> tuple[list[LogKey], list[str]]:
        """(keys that sign now, every vkey ever used) from the deployment's key history."""
        first = self.log_key
        try:
            history = self.deployment().log_keys
        except NotFound:  # not initialised yet
            return [first], [first.vkey]
        signing = []
        for entry in history:
            vkey = str(entry["vkey"])
            if entry["until"] is not None:
                continue
            if vkey == first.vkey:
                signing.append(first)
            else:
                signing.append(
                    load_log_key(rotated_key_path(self.settings.resolved_log_key_path, vkey))
                )
        return signing, [str(e["vkey"]) for e in history]

    def rotate_log_key(self, by: Principal) -> str:
        """Introduce a new log key (admin); both keys sign until the old one is retired."""
        require_role(by, Role.ADMIN)
        key = create_rotated_key(self.settings.resolved_log_key_path, self.settings.log_origin)

        def action(deployment: Deployment) -> None:
            deployment.add_log_key(actor=by.actor_id, vkey=key.vkey, at=now_at())

        self.store.command(Deployment, DEPLOYMENT_STREAM, action)
        self._reset_log()
        return key.vkey

    def retire_log_key(self, by: Principal, vkey: str) -> None:
        """Stop signing with a key; it stays published for the checkpoints it signed."""
        require_role(by, Role.ADMIN)

        def action(deployment: Deployment) -> None:
            deployment.retire_log_key(actor=by.actor_id, vkey=vkey.strip(), at=now_at())

        self.store.command(Deployment, DEPLOYMENT_STREAM, action)
        self._reset_log()

    def _reset_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def deployment(self) -> Deployment:
        """The deployment's own stream."""
        return self.store.load(Deployment, DEPLOYMENT_STREAM)

    def add_witness(self, by: Principal, vkey: str) -> list[Appended]:
        """Register a witness key whose cosignatures the log accepts (admin)."""
        require_role(by, Role.ADMIN)
        try:
            key = parse_witness_vkey(vkey)
        except ValueError as exc:
            raise InvalidInput(f"not a witness vkey: {exc}") from None

        def action(deployment: Deployment) -> None:
            deployment.add_witness(actor=by.actor_id, vkey=vkey.strip(), name=key.name)

        return self.store.command(Deployment, DEPLOYMENT_STREAM, action)

    def witness_keys(self) -> list[WitnessKey]:
        """Witness keys registered with the deployment."""
        return [parse_witness_vkey(v) for v in self.deployment().witnesses.values()]

    @property
    def views(self) -> Views:
        """The projections (created, with their tables, on first use)."""
        if self._views is None:
            self._views = Views(self.settings, self.store)
        return self._views

    @property
    def idempotency(self) -> IdempotencyRecords:
        """Claimed ``Idempotency-Key``s and the answers kept for them."""
        if self._idempotency is None:
            self._idempotency = IdempotencyRecords(Database(self.settings), self.store.sealer)
        return self._idempotency

    def close(self) -> None:
        """Release database connections."""
        if self._idempotency is not None:
            self._idempotency.db.close()
        if self._views is not None:
            self._views.close()
        if self._log is not None:
            self._log.close()
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
        if not self.store.exists(CATALOGUE_STREAM):
            with contextlib.suppress(ChainConflict):  # another process published it first
                self.store.append(
                    Catalogue.publish(
                        actor=SYSTEM_ACTOR,
                        data=DEFAULT_CATALOGUE,
                        note="default catalogue from 行政处罚法 第58、63条 and 国办发〔2018〕118号",
                    )
                )
        if self.store.exists(DEPLOYMENT_STREAM):
            return Initialised(False, key_created, key.vkey)
        deployment = Deployment(
            actor=SYSTEM_ACTOR, origin=self.settings.log_origin, log_vkey=key.vkey
        )
        admin, token, _token_id, index = self._new_actor(
            OPERATOR, "Administrator", Role.ADMIN.value, "jianzheng", "*", None
        )
        try:
            self.store.append(deployment, admin, index)
        except ChainConflict:  # another process initialised the store first
            return Initialised(False, key_created, key.vkey)
        return Initialised(True, key_created, key.vkey, str(admin.id), token)

    # -- actors -------------------------------------------------------------------------

    def _new_actor(
        self,
        by: Principal,
        name: str,
        role: str,
        agency: str,
        jurisdiction: str,
        proposer_seq: int | None,
    ) -> tuple[Actor, str, str, TokenIndex]:
        actor = Actor.register(
            actor=by.actor_id, name=name, role=role, agency=agency, jurisdiction=jurisdiction
        )
        if needs_second_admin(by, parse_role(role)):
            # Registration is a grant like any other (R-CH-4): an admin's new actor holds a
            # four-eyes role only once a different admin approves; its token works meanwhile.
            actor.hold_for_approval(
                actor=by.actor_id, proposal_id=str(uuid.uuid4()), proposer_seq=proposer_seq
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
        """Register an actor (admin only), with an optional enforcement certificate.

        Registered by an admin with a role of ``FOUR_EYES_ROLES``, the actor holds that role
        only once a different admin approves (``pending_approval``); registered by the
        console operator, at once.
        """
        require_role(by, Role.ADMIN)
        granted = parse_role(role)
        seq = self._proposer_seq(by) if needs_second_admin(by, granted) else None
        actor, token, token_id, index = self._new_actor(by, name, role, agency, jurisdiction, seq)
        if certificate is not None or valid_until is not None:
            actor.record_certificate(
                actor=by.actor_id,
                number=certificate or "",
                valid_from=valid_from or date.today().isoformat(),
                valid_until=valid_until or "",
            )
        events = self.store.append(actor, index)
        pending = next(iter(actor.pending_grants.values()), None)
        return Registered(actor, token, token_id, events, pending)

    def get_actor(self, actor_id: UUID) -> Actor:
        """An actor by id."""
        return self.store.load(Actor, actor_id)

    def _proposer_seq(self, by: Principal) -> int:
        """The proposing admin's stream position, read now: a suspension or revocation
        recorded after it lapses the proposal (R-CH-4). An admin suspended since it
        authenticated proposes nothing."""
        proposer = self.store.load(Actor, UUID(by.actor_id))
        if proposer.status is Status.SUSPENDED:
            raise ActorSuspended("the actor holding this token is suspended")
        if proposer.status is Status.REVOKED:
            raise ActorInactive("the actor holding this token was revoked")
        return int(proposer.version)

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

    def grant_role(self, by: Principal, actor_id: UUID, role: str) -> RoleGrant:
        """Grant a further role (admin only; never to oneself).

        A role of ``FOUR_EYES_ROLES`` granted by an admin is only *proposed*: it takes
        effect when a different admin approves (:meth:`approve_role_grant`). The console
        operator grants at once.
        """
        granted = parse_role(role)
        if not needs_second_admin(by, granted):
            events = self._actor_command(
                by, actor_id, lambda a: a.grant_role(actor=by.actor_id, role=granted.value)
            )
            return RoleGrant("granted", None, events)
        require_role(by, Role.ADMIN)
        proposal_id = str(uuid.uuid4())
        seq = self._proposer_seq(by)
        events = self._actor_command(
            by,
            actor_id,
            lambda a: a.propose_role(
                actor=by.actor_id, proposal_id=proposal_id, role=granted.value, proposer_seq=seq
            ),
        )
        return RoleGrant("proposed", proposal_id, events)

    def approve_role_grant(self, by: Principal, actor_id: UUID, proposal_id: str) -> list[Appended]:
        """A second admin approves a proposed grant; the role takes effect now — unless its
        proposer was suspended or revoked since proposing (``proposal-lapsed``)."""

        def approve(actor: Actor) -> None:
            pending = actor.pending_grant(proposal_id)
            proposer = None
            if pending.proposed_by != SYSTEM_ACTOR:
                proposer = self.store.load(Actor, UUID(pending.proposed_by))
            actor.approve_role(actor=by.actor_id, proposal_id=proposal_id, proposer=proposer)

        return self._actor_command(by, actor_id, approve)

    def reject_role_grant(
        self, by: Principal, actor_id: UUID, proposal_id: str, reason: str
    ) -> list[Appended]:
        """An admin rejects a proposed grant; the role never takes effect."""
        return self._actor_command(
            by,
            actor_id,
            lambda a: a.reject_role(actor=by.actor_id, proposal_id=proposal_id, reason=reason),
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
        """Revoke one token (admin, or the token's own actor — also while suspended: a
        suspended actor whose token leaked must be able to stop it, and may do nothing else)."""
        if by.actor_id != str(actor_id):
            require_role(by, Role.ADMIN)

        def action(actor: Actor) -> None:
            actor.revoke_token(actor=by.actor_id, token_id=token_id, reason=reason)

        return self.store.command(Actor, actor_id, action)

    # -- authentication -----------------------------------------------------------------

    def authenticate(self, token: str | None, *, allow_suspended: bool = False) -> Actor:
        """Resolve a bearer token to its actor, or raise (401 unknown/revoked, 403 suspended).

        ``allow_suspended`` lets a suspended actor through, for the one route it may call
        (revoking its own token); its principal then holds no role (:meth:`Principal.of`).
        """
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
        if actor.status is Status.SUSPENDED and not allow_suspended:
            raise ActorSuspended("the actor holding this token is suspended")
        return actor

    # -- catalogue, evidence, access records ------------------------------------------------

    def catalogue(self) -> Catalogue:
        """The deployment's baseline catalogue, at its latest version (R-LR-2); agencies'
        own catalogues are in ``self.catalogues`` (R-LR-10)."""
        return self.store.load(Catalogue, CATALOGUE_STREAM)

    async def store_evidence(
        self,
        by: Principal,
        chunks: AsyncIterator[bytes],
        media_type: str,
        *,
        purpose: str,
        subject_id: UUID | str,
    ) -> tuple[Evidence, list[Appended]]:
        """Stream an upload into the blob store and record it, with its uploader and purpose.

        Who may upload is who records what the upload is for (R-AV-1, R-GD-9): an officer
        of the case's agency and area (``purpose="case"``), or the civil-affairs office,
        town, village committee or police of the child's area (``purpose="child"``). The
        media type must be one evidence may have, and the content must fit it
        (``domain.records.media``), audio-video at least ``min_av_bytes`` long (R-AV-2). The first
        upload of some bytes for a purpose appends ``evidence.Registered`` to that purpose's
        stream (``Evidence.create_id``: a child's uploads never share a stream with a
        case's, so no court bundle carries them); another uploader or subject appends
        ``evidence.UploadRecorded``. A blob this upload created is removed again if nothing
        registers it.
        """
        bare = check_media_type(media_type)
        upload = self._upload_for(by, purpose, subject_id)
        check_allowed(bare, media_type_charset(media_type))
        staged = await self.blobs.stage(_checked_content(chunks, bare, self.settings.min_av_bytes))
        try:
            return await asyncio.to_thread(self._place_and_record, staged, bare, upload)
        finally:
            self.blobs.discard(staged)

    def _upload_for(self, by: Principal, purpose: str, subject_id: UUID | str) -> Upload:
        """The upload's purpose, once the uploader is found to act for its subject."""
        Evidence.check_purpose(purpose)
        try:
            stream = subject_id if isinstance(subject_id, UUID) else UUID(str(subject_id))
        except ValueError:
            raise InvalidInput(f"{purpose}_id is not a UUID") from None
        if purpose == "case":
            require_role(by, Role.OFFICER)
            case = self.store.load(EnforcementCase, stream)
            if by is not OPERATOR and not (
                by.agency == case.agency and covers(by.jurisdiction, case.jurisdiction)
            ):
                raise WrongAgency("the case belongs to another agency or area")
            return Upload(by.actor_id, purpose, str(stream), case.agency, case.jurisdiction)
        require_role(by, *CHILD_DOCUMENT_ROLES)
        # A child outside the caller's area answers as one that does not exist (F2 class):
        # the answer does not tell whether a child id exists elsewhere.
        child = (
            self.store.load(ChildRecord, stream)
            if by is OPERATOR
            else self.children.child_in_area(by, stream)
        )
        area = str(child.location["village"])
        return Upload(by.actor_id, purpose, str(stream), by.agency, area)

    def _place_and_record(
        self, staged: StoredBlob, media_type: str, upload: Upload
    ) -> tuple[Evidence, list[Appended]]:
        """Move the staged blob under its hash and record the upload, under the blob's lock.

        Nothing else places, registers or removes this hash meanwhile, so a blob this
        upload created and could not register is removed, and a registered one never is.
        """
        with self.blobs.locked(staged.sha256):
            created = self.blobs.place(staged)
            try:
                return self._record_upload(staged, media_type, upload)
            except BaseException:
                if created:
                    self._remove_unregistered(staged.sha256)
                raise

    def _record_upload(
        self, blob: StoredBlob, media_type: str, upload: Upload
    ) -> tuple[Evidence, list[Appended]]:
        stream = Evidence.create_id(blob.sha256, upload.purpose)
        if not self.store.exists(stream):
            evidence = Evidence.register(upload.actor, blob.sha256, blob.size, media_type, upload)
            try:
                return evidence, self.store.append(evidence)
            except ChainConflict:  # registered meanwhile by a process without the lock
                pass
        recorded: list[Evidence] = []

        def action(evidence: Evidence) -> None:
            recorded[:] = [evidence]
            evidence.record_upload(upload, media_type)

        events = self.store.command(Evidence, stream, action)
        return recorded[0], events

    def _remove_unregistered(self, sha256: str) -> None:
        """Remove a blob whose registration failed, unless something registered it."""
        try:
            registered = any(
                self.store.exists(Evidence.create_id(sha256, purpose)) for purpose in PURPOSES
            )
        except Exception:  # cannot tell: keeping an unregistered blob is the safe side
            log.warning("kept blob %s: could not tell whether it is registered", sha256)
            return
        if not registered:
            with contextlib.suppress(OSError):
                self.blobs.remove(sha256)

    def record_export(
        self,
        by: Principal,
        subject_kind: str,
        subject_id: str,
        role: str,
        reason: str,
        sha256: str,
        size: int,
    ) -> list[Appended]:
        """Record a bundle handed over, with the SHA-256 of exactly its bytes."""  # fmt: skip
        return self._access(
            subject_kind, subject_id,
            lambda log: log.record_export(
                actor=by.actor_id, role=role, reason=reason, sha256=sha256, size=size
            ),
        )  # fmt: skip

    def _access(
        self, subject_kind: str, subject_id: str, action: Callable[[AccessLog], None]
    ) -> list[Appended]:
        stream = AccessLog.create_id(subject_kind, subject_id)
        for _ in range(5):
            try:
                log = self.store.load(AccessLog, stream)
            except NotFound:
                log = AccessLog(
                    actor=SYSTEM_ACTOR, subject_kind=subject_kind, subject_id=subject_id
                )
            action(log)
            try:
                return self.store.append(log)
            except ChainConflict:
                continue
        raise ChainConflict("could not record the access after five attempts; retry")

    def record_read(
        self, by: Principal, subject_kind: str, subject_id: str, role: str, what: str, reason: str
    ) -> list[Appended]:
        """Record a read by a court or oversight actor in the subject's access stream."""
        return self._access(
            subject_kind, subject_id,
            lambda log: log.record_read(actor=by.actor_id, role=role, what=what, reason=reason),
        )  # fmt: skip

    # -- verification -------------------------------------------------------------------

    def verify(
        self,
        progress: Callable[[int], None] | None = None,
        *,
        deep: bool = False,
        blobs: bool = True,
    ) -> Report:
        """Recompute every hash and link of every stream; re-hash every registered blob.

        One pass over the stored rows, in commit order, feeds the chain scanner (spec
        §1.5), the log scanner (spec §9, which reads the leaves beside the rows) and the
        blob check; only the rows of broken streams are read again, to name each break.
        """
        report = Report()
        chains = ChainScanner(self.store.open_body, deep=deep)
        log = self.log.scanner(report)

        def feed(rows: Iterator[StoredRow]) -> int | None:
            last = None
            for page in pages(rows):
                chains.feed_page(page)
                log.feed(page)
                if blobs:
                    self._verify_blobs(page, report)
                if progress is not None:
                    progress(len(page))
                last = page[-1].position
            return last

        with _long_lived_objects_frozen():
            last = feed(self.store.rows(batch=PAGE_ROWS))
            # On a live store the leaves read last may belong to rows committed after the
            # pass read its last page: read those rows too before calling a leaf unmatched.
            while log.leaves_left() and last is not None:
                more = feed(self.store.rows(batch=PAGE_ROWS, after=last))
                if more is None:
                    break
                last = more
            log.finish()
            if chains.broken:
                report.breaks = chains.breaks(self.store.rows())
        report.events, report.streams, report.bytes = chains.events, chains.streams, chains.bytes
        if report.ok:
            # The log vouches for every stream again: checkpoints may be signed (DESIGN §9).
            self.log.clear_alarms()
        return report

    def _verify_blobs(self, rows: list[StoredRow], report: Report) -> None:
        """Every registered evidence blob is present and hashes to its name (R-AV-4)."""
        for row in [row for row in rows if row.topic == "evidence.Registered"]:
            try:
                data = self.store.envelope(row).data
            except ValueError:
                continue  # an undecodable row is already a chain break
            report.blobs_checked += 1
            problem = self.blobs.check(str(data["sha256"]), int(data["size"]))
            if problem is not None:
                report.blob_problems.append(
                    {
                        "sha256": data["sha256"],
                        "problem": problem,
                        "stream": row.stream,
                        "position": row.position,
                    }
                )


@contextlib.contextmanager
def _long_lived_objects_frozen() -> Iterator[None]:
    """Keep the garbage collector's full passes off the objects that existed before.

    A verify allocates millions of short-lived rows; the collector promotes some of
    each page, and every few pages walks the whole heap — the application's tens of
    thousands of long-lived objects — which cost verify about a sixth of its time.
    Frozen (``gc.freeze``), those objects are skipped until the verify ends. Nothing
    is done if something else in the process froze objects already.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


async def _checked_content(
    chunks: AsyncIterator[bytes], media_type: str, min_av_bytes: int
) -> AsyncIterator[bytes]:
    """``chunks`` passed on while the content is checked against ``media_type``.

    Each chunk is checked before it is passed on (``domain.records.media.ContentCheck``), so a
    mislabelled upload stops as soon as it shows; what needs the whole content (JSON, the
    end of a UTF-8 text) is checked at its end, before anything is registered. Audio-video
    shorter than ``min_av_bytes`` is refused at its end (R-AV-2: a one-byte "video" records
    nothing).
    """
    check = ContentCheck(media_type)
    async for chunk in chunks:
        check.feed(chunk)
        yield chunk
    check.finish()
    size = check.size
    if is_audio_video(media_type) and size < min_av_bytes:
        raise EvidenceTooSmall(
            f"a {media_type} recording of {size} bytes is shorter than the minimum of "
            f"{min_av_bytes} bytes (JIANZHENG_MIN_AV_BYTES)"
        )
