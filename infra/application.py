# Long because: the composition root — it builds every service and holds the actor and token
# commands beside authentication, which read the same streams; the records live in the services.
"""The Jianzheng application: commands and queries shared by the API and the CLI.

Each command loads its stream, calls one domain method, and appends in one
transaction (``EventStore.command``). Authorization by role is checked in the
application and its services so that every entry point enforces the same rules
(least privilege, DESIGN §5; who acts: ``infra.principal``).

``Jianzheng`` composes the services and hands each what it needs (``infra.context``);
no service imports this module:

* here: the deployment (log keys, witnesses), actors and their tokens, authentication;
* ``infra.cases``, ``infra.catalogues``, ``infra.children``: the records' commands;
* ``infra.evidence``: uploads; ``infra.evidence_reads``: downloads and read tickets;
  ``infra.access``: access records;
* ``infra.verification``: verifying the whole store; ``infra.verification_runs``: its runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from domain.proof.chain import SYSTEM_ACTOR, format_at
from domain.proof.checkpoint import WitnessKey, parse_witness_vkey
from domain.proof.verify import Report
from domain.records.actors import (
    Actor,
    CertificateClaim,
    PendingGrant,
    Role,
    Status,
    TokenIndex,
    parse_role,
)
from domain.records.catalogue import CATALOGUE_STREAM, DEFAULT_CATALOGUE, Catalogue
from domain.records.deployment import DEPLOYMENT_STREAM, Deployment
from domain.records.errors import (
    ActorInactive,
    ActorSuspended,
    AuthenticationError,
    ChainConflict,
    InvalidInput,
    NotFound,
    TokenRevoked,
)
from domain.records.evidence import Evidence
from infra.access import AccessRecords
from infra.blobs import BlobStore
from infra.cases import CaseService
from infra.catalogues import CatalogueService
from infra.children import ChildService
from infra.clock import today
from infra.complaints import CaseOversight, ComplaintService, SanctionService
from infra.detentions import DetentionService
from infra.evidence import EvidenceService
from infra.evidence_reads import EvidenceReads
from infra.idempotency import IdempotencyRecords
from infra.keys import (
    LogKey,
    create_rotated_key,
    load_log_key,
    load_or_create_log_key,
    rotated_key_path,
)
from infra.lists import Lists
from infra.log import TransparencyLog
from infra.oversight_queues import OversightQueues
from infra.principal import OPERATOR, Principal, needs_second_admin, require_role
from infra.sealing import load_or_create_data_key
from infra.sessions import SessionStore
from infra.settings import Settings
from infra.sql import Database
from infra.staff import StaffService
from infra.store import Appended, EventStore
from infra.verification import verify_store
from infra.verification_runs import VerificationRuns
from infra.views import Views

__all__ = [
    "OPERATOR",
    "Initialised",
    "Jianzheng",
    "Principal",
    "Registered",
    "RoleGrant",
    "needs_second_admin",
    "new_token",
    "now_at",
    "require_role",
    "token_sha256",
]
"""``Principal``, ``OPERATOR``, ``require_role`` and ``needs_second_admin`` live in
``infra.principal``; they are named here too, where callers have always found them."""

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
        # The server's follower thread and request threads both reach the lazily made log,
        # views and idempotency records: one lock, so each is made once and the connection
        # of a second copy is never left open.
        self._making = threading.RLock()
        self._views: Views | None = None
        self._log: TransparencyLog | None = None
        self._idempotency: IdempotencyRecords | None = None
        self._sessions: SessionStore | None = None
        self._verifications: VerificationRuns | None = None
        # The application composes its services; each receives what it needs (``Context``:
        # store, log, views, baseline catalogue, access records; the cases also the
        # catalogues that judge their drafts) and none imports this module.
        self.access = AccessRecords(self.store)
        self.catalogues = CatalogueService(self)
        self.cases = CaseService(
            self, self.catalogues, review_workdays=settings.review_time_limit_workdays
        )
        self.children = ChildService(self)
        self.staff = StaffService(self)
        self.detentions = DetentionService(self, self.children)
        self.complaints = ComplaintService(self)
        self.sanctions = SanctionService(self)
        self.case_oversight = CaseOversight(self)
        self.oversight_queues = OversightQueues(self, settings.deadline_due_soon_days)
        self.evidence = EvidenceService(settings, self.store, self.blobs, self.children)
        self.lists = Lists(self)
        """Every list, filtered, sorted and paged (``infra/lists``): the API's and the screens'."""
        self.evidence_reads = EvidenceReads(self, self.cases, self.children, self.blobs, settings)

    @property
    def log(self) -> TransparencyLog:
        """The transparency log over this store (DESIGN §3)."""
        with self._making:
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
        with self._making:
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
        with self._making:
            if self._views is None:
                self._views = Views(self.settings, self.store)
            return self._views

    @property
    def idempotency(self) -> IdempotencyRecords:
        """Claimed ``Idempotency-Key``s and the answers kept for them."""
        with self._making:
            if self._idempotency is None:
                self._idempotency = IdempotencyRecords(Database(self.settings), self.store.sealer)
            return self._idempotency

    @property
    def sessions(self) -> SessionStore:
        """The screens' sign-in sessions (``infra/sessions.py``)."""
        with self._making:
            if self._sessions is None:
                self._sessions = SessionStore(
                    Database(self.settings),
                    self.store.sealer,
                    idle_seconds=self.settings.session_idle_minutes * 60,
                    max_seconds=self.settings.session_max_hours * 3600,
                )
            return self._sessions

    @property
    def verifications(self) -> VerificationRuns:
        """Runs of the whole-store verification, recorded (``infra/verification_runs.py``)."""
        with self._making:
            if self._verifications is None:
                self._verifications = VerificationRuns(
                    Database(self.settings),
                    self.verify,
                    lambda: int(self.store.recorder.max_notification_id() or 0),
                )
            return self._verifications

    def close(self) -> None:
        """Release database connections."""
        if self._verifications is not None:
            self._verifications.db.close()
        if self._idempotency is not None:
            self._idempotency.db.close()
        if self._sessions is not None:
            self._sessions.db.close()
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
        claims: list[CertificateClaim] = []
        if certificate is not None or valid_until is not None:
            actor.record_certificate(
                actor=by.actor_id,
                number=certificate or "",
                valid_from=valid_from or date.today().isoformat(),
                valid_until=valid_until or "",
            )
            claims = self._certificate_claim(
                by, certificate or "", str(actor.id), "certificate.number"
            )
        try:
            events = self.store.append(actor, index, *claims)
        except ChainConflict:
            # Another registration claimed the number meanwhile: refused as taken (R-SV-4).
            if claims:
                self._certificate_claim(by, claims[0].number, str(actor.id), "certificate.number")
            raise
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
        """Record an enforcement certificate (持证上岗, R-EN-3); its number is this actor's
        alone: one another actor holds, or one withdrawn from another, is refused (R-SV-4)."""

        def record(actor: Actor) -> list[CertificateClaim]:
            actor.record_certificate(
                actor=by.actor_id, number=number, valid_from=valid_from, valid_until=valid_until
            )
            return self._certificate_claim(by, number, str(actor.id), "number")

        require_role(by, Role.ADMIN)
        return self.store.command(Actor, actor_id, record)

    def _certificate_claim(
        self, by: Principal, number: str, holder: str, field: str
    ) -> list[CertificateClaim]:
        """The claim to store with a certificate recorded for ``holder``: none if it holds the
        number already; refused if another actor does (``certificate-number-taken``). A number
        recorded before claims existed is found on the actors' streams and stays theirs.
        Creating the claim's stream is what makes two concurrent registrations race: the
        store lets one create it."""
        stream = CertificateClaim.create_id(number)
        if self.store.exists(stream):
            self.store.load(CertificateClaim, stream).check_free_for(holder, field)
            return []
        rows = self.store.rows(topics=("actors.CertificateRecorded",))
        for other_id in {row.stream for row in rows} - {holder}:
            other = self.store.load(Actor, UUID(other_id))
            if any(CertificateClaim.create_id(c.number) == stream for c in other.certificates):
                legacy = CertificateClaim(actor=by.actor_id, number=number, holder=other_id)
                legacy.check_free_for(holder, field)
        return [CertificateClaim(actor=by.actor_id, number=number, holder=holder)]

    def record_legal_qualification(
        self, by: Principal, actor_id: UUID, *, number: str, obtained_on: str
    ) -> list[Appended]:
        """Record a legal reviewer's 法律职业资格 (R-LR-5), by an admin; not dated ahead."""
        return self._actor_command(by, actor_id, lambda a: a.record_legal_qualification(
            actor=by.actor_id, number=number, obtained_on=obtained_on, today=today()))  # fmt: skip

    def record_prior_review_service(
        self, by: Principal, actor_id: UUID, *, served_from: str, basis: str
    ) -> list[Appended]:
        """Record that a reviewer reviewed penalty decisions before 2021-07-15 (R-LR-5)."""
        return self._actor_command(by, actor_id, lambda a: a.record_prior_review_service(
            actor=by.actor_id, served_from=served_from, basis=basis))  # fmt: skip

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
        return self.authenticate_token(token, allow_suspended=allow_suspended)[0]

    def authenticate_token(
        self, token: str | None, *, allow_suspended: bool = False
    ) -> tuple[Actor, str]:
        """:meth:`authenticate`, with the id of the token (what a read ticket is bound to)."""
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
        return actor, index.token_id

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
        """Stream an upload into the blob store and record it (``EvidenceService.upload``)."""
        return await self.evidence.upload(
            by, chunks, media_type, purpose=purpose, subject_id=subject_id
        )

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
        """Record a bundle handed over, with the SHA-256 of exactly its bytes."""
        return self.access.record_export(by, subject_kind, subject_id, role, reason, sha256, size)

    def record_read(
        self, by: Principal, subject_kind: str, subject_id: str, role: str, what: str, reason: str
    ) -> list[Appended]:
        """Record a read by a court or oversight actor in the subject's access stream."""
        return self.access.record_read(by, subject_kind, subject_id, role, what, reason)

    # -- verification -------------------------------------------------------------------

    def verify(
        self,
        progress: Callable[[int], None] | None = None,
        *,
        deep: bool = False,
        blobs: bool = True,
    ) -> Report:
        """Recompute every hash and link of every stream; re-hash every registered blob
        (``infra.verification.verify_store``)."""
        return verify_store(self.store, self.log, self.blobs, progress, deep=deep, blobs=blobs)
