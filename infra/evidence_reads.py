"""Evidence reads: who may download a blob, which reads are recorded, and read tickets.

**Who** (R-AV-5, R-CH-4, R-AC-3). Evidence is read through what it was uploaded for: every
upload names its purpose and subject (``domain.records.evidence``), and the blob is read as
that subject is read —

* uploaded for a **case**: as the case (``CaseService.reading_role``): officers, heads and
  legal reviewers of the case's agency whose area covers the case read it unrecorded; the
  court and oversight of the case's area read it recorded, with a reason. Not the admin:
  admins manage actors, not recordings of people (least privilege).
* uploaded for a **child's file**: as the file (``ChildService.file_reader``): the staff of
  the child's area unrecorded; the police and oversight of the area, a court of the child's
  petitions and the staff of an area the household left, recorded, with a reason.

When several subjects let the caller in, an unrecorded way is taken first, else the first
recorded one, in whose access stream the read is recorded (``what``: ``evidence:<sha256>``).
A role that never reads evidence (reporter, admin) is refused with 403 ``forbidden``,
whatever the hash; any other caller who may read no subject of the blob gets the answer of a
hash never uploaded (404 ``evidence-unknown``): anyone holding a file can compute its hash,
so "exists, not yours" would confirm what the store holds. Registrations by versions before
uploads had purposes name no subject and are read by nobody here.

**Records: one per request, or one per ticket.** A request with a bearer token by another
department gives ``?reason=`` and is recorded, one event per request. A video player makes
a request per seek, so ``POST /v1/evidence/{sha256}/reads`` records the read once (with the
reason, from other departments) and answers a **read ticket**: valid
``JIANZHENG_EVIDENCE_TICKET_MINUTES``, bound to the actor, the token it was asked with and
the blob; requests carrying it (``?ticket=``) record nothing more. A ticket is not a bearer
capability: each request with it also carries the credentials of the actor it was issued to —
its bearer token, or (a ``<video>`` element sends cookies, never ``Authorization``) the
screens' session cookie of that actor, accepted on that request alone; without them, or with
another actor's, it is 401 ``read-ticket-invalid``. Each such request checks again that the
ticket's token is not revoked, the actor neither suspended nor revoked, and that it may still
read the blob.

Ticket format (the service alone makes and checks them; clients treat them as opaque)::

    ticket  = "v1." ‖ base64url(payload) ‖ "." ‖ base64url(HMAC-SHA256(ticket key, label ‖ payload))
    payload = JSON {"actor", "token", "sha256", "subject", "recorded", "expires"}
    label   = "jianzheng:evidence-ticket:v1\\n"
    ticket key = HMAC-SHA256(data key, "jianzheng:evidence-ticket-key:v1")

``recorded`` is the role the read was recorded in (null for the owner's own staff), and
``expires`` Unix seconds. No reason and no personal data is in a ticket.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.records import errors
from domain.records.actors import Actor, Role, Status
from domain.records.children import ChildRecord
from domain.records.enforcement import EnforcementCase
from domain.records.evidence import PURPOSES, Evidence
from domain.records.text import visible
from infra.blob_reads import open_read
from infra.blobs import BlobStore
from infra.cases import CaseService
from infra.children import ChildService
from infra.context import Context
from infra.principal import Principal, require_role
from infra.settings import Settings
from infra.store import Appended

READER_ROLES = (
    Role.OFFICER,
    Role.LEGAL_REVIEWER,
    Role.AGENCY_HEAD,
    Role.OVERSIGHT,
    Role.COURT,
    Role.CIVIL_AFFAIRS,
    Role.TOWN_OFFICE,
    Role.VILLAGE_COMMITTEE,
    Role.POLICE,
)
"""Roles that read some evidence; the others (reporter, admin) read none."""

TICKET_VERSION = "v1"
TICKET_KEY_LABEL = b"jianzheng:evidence-ticket-key:v1"
TICKET_LABEL = b"jianzheng:evidence-ticket:v1\n"


@dataclass(frozen=True)
class EvidenceAccess:
    """What a caller may read, and how: through which subject, recorded in which role."""

    sha256: str
    size: int
    media_type: str
    subject_kind: str
    subject_id: str
    recorded_as: Role | None
    """The role in which the read is recorded; None for the subject's own staff."""


@dataclass(frozen=True)
class ReadTicket:
    """An issued read ticket, when it ends, and the read it recorded (if any)."""

    ticket: str
    expires_at: str
    access: EvidenceAccess
    events: list[Appended]


class EvidenceReads:
    """Downloads of evidence: access, records, tickets, and the bytes (module docstring)."""

    def __init__(
        self,
        app: Context,
        cases: CaseService,
        children: ChildService,
        blobs: BlobStore,
        settings: Settings,
    ) -> None:
        self.app = app
        self.store = app.store
        self.cases = cases
        self.children = children
        self.blobs = blobs
        self.ticket_seconds = settings.evidence_ticket_minutes * 60
        self.clock: Callable[[], float] = time.time
        """Unix seconds now: when tickets end, and whether one has (replaced in tests)."""

    # -- who may read ----------------------------------------------------------------------

    def access(self, by: Principal, sha256: str) -> EvidenceAccess:
        """How ``by`` may read the blob ``sha256`` (403 for a role that reads no evidence,
        404 ``evidence-unknown`` when it may read no subject the blob was uploaded for)."""
        require_role(by, *READER_ROLES)
        recorded: EvidenceAccess | None = None
        for evidence in self._registrations(sha256):
            seen: set[tuple[str, str]] = set()
            for upload in evidence.uploads:
                if (upload.purpose, upload.subject_id) in seen:
                    continue
                seen.add((upload.purpose, upload.subject_id))
                try:
                    role = self._reading_role(by, upload.purpose, upload.subject_id)
                except (errors.PermissionDenied, errors.NotFound, ValueError):
                    continue
                found = EvidenceAccess(
                    sha256,
                    evidence.size,
                    evidence.media_type,
                    upload.purpose,
                    upload.subject_id,
                    role,
                )
                if role is None:
                    return found
                recorded = recorded or found
        if recorded is None:
            raise errors.EvidenceUnknown(
                f"no evidence with SHA-256 {sha256} that the caller may read"
            )
        return recorded

    def _registrations(self, sha256: str) -> Iterator[Evidence]:
        for purpose in PURPOSES:
            try:
                yield self.store.load(Evidence, Evidence.create_id(sha256, purpose))
            except errors.NotFound:
                continue

    def _reading_role(self, by: Principal, purpose: str, subject_id: str) -> Role | None:
        stream = UUID(subject_id)
        if purpose == "case":
            case = self.store.load(EnforcementCase, stream)
            return self.cases.reading_role(by, case, admin=False)
        if purpose == "child":
            return self.children.file_reader(by, self.store.load(ChildRecord, stream))
        raise errors.PermissionDenied(f"nobody reads evidence uploaded for {purpose!r}")

    def require_reason(self, access: EvidenceAccess, reason: str | None) -> str | None:
        """The visible reason another department's read needs (R-AC-3); None for the
        subject's own staff, who give none. Refuses before anything is recorded."""
        if access.recorded_as is None:
            return None
        said = visible(reason)
        if said is None:
            raise errors.ReadReasonRequired(
                f"a {access.recorded_as.value} read of evidence needs a reason, which is "
                f"recorded: ?reason=… on the request, or POST /v1/evidence/{access.sha256}/reads "
                'with {"reason": …} for a ticket a player can use'
            )
        return said

    def record(self, by: Principal, access: EvidenceAccess, reason: str) -> list[Appended]:
        """Record one read by another department in its subject's access stream."""
        assert access.recorded_as is not None
        return self.app.record_read(
            by,
            access.subject_kind,
            access.subject_id,
            access.recorded_as.value,
            f"evidence:{access.sha256}",
            reason,
        )

    # -- tickets ---------------------------------------------------------------------------

    def issue_ticket(
        self, by: Principal, token_id: str, sha256: str, reason: str | None
    ) -> ReadTicket:
        """Record the read once (another department, with its reason) and answer a ticket
        for the player's requests (module docstring)."""
        access = self.access(by, sha256)
        said = self.require_reason(access, reason)
        events = self.record(by, access, said) if said is not None else []
        expires = int(self.clock()) + self.ticket_seconds
        payload = {
            "actor": by.actor_id,
            "token": token_id,
            "sha256": sha256,
            "subject": f"{access.subject_kind}:{access.subject_id}",
            "recorded": access.recorded_as.value if access.recorded_as else None,
            "expires": expires,
        }
        encoded = _b64(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode())
        ticket = f"{TICKET_VERSION}.{encoded}.{_b64(self._ticket_mac(encoded))}"
        at = datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return ReadTicket(ticket, at, access, events)

    def through_ticket(
        self, ticket: str, sha256: str, holder: str | None
    ) -> tuple[Principal, EvidenceAccess]:
        """The actor a ticket was issued to, and its access to ``sha256`` now.

        ``holder`` is the actor whose credentials came with the request (a bearer token, or
        the screens' session cookie: ``api/routes/evidence.py``); a ticket is no bearer
        capability — a forwarded URL is useless to anyone else. 401 ``read-ticket-invalid``
        for a ticket not made here, for another blob, presented without credentials or with
        another actor's, whose token was revoked or whose actor was suspended or revoked, or
        issued to the subject's own staff when the actor now reads as another department;
        401 ``read-ticket-expired`` past its time. The access is decided again, as for any
        read (404/403 when no longer allowed).
        """
        payload = self._payload(ticket)
        if payload.get("sha256") != sha256:
            raise errors.ReadTicketInvalid("the ticket was issued for another piece of evidence")
        if holder is None:
            raise errors.ReadTicketInvalid(
                "a ticket is used with the credentials of the actor it was issued to: its "
                "bearer token, or the screens' session of that actor"
            )
        if payload.get("actor") != holder:
            raise errors.ReadTicketInvalid("the ticket was issued to another actor")
        expires = payload.get("expires")
        if not isinstance(expires, int) or self.clock() >= expires:
            raise errors.ReadTicketExpired(
                f"the ticket has expired; ask POST /v1/evidence/{sha256}/reads for a new one"
            )
        by = self._ticket_actor(payload)
        access = self.access(by, sha256)
        if access.recorded_as is not None and payload.get("recorded") is None:
            raise errors.ReadTicketInvalid(
                "the ticket was issued without a recorded read, and the actor now reads this "
                "evidence as another department: ask for a new ticket with a reason"
            )
        return by, access

    def _ticket_mac(self, encoded_payload: str) -> bytes:
        if self.blobs.key is None:
            raise errors.ReadTicketInvalid("read tickets need the data key")
        key = hmac.new(self.blobs.key, TICKET_KEY_LABEL, hashlib.sha256).digest()
        return hmac.new(key, TICKET_LABEL + encoded_payload.encode(), hashlib.sha256).digest()

    def _payload(self, ticket: str) -> dict[str, Any]:
        version, _, rest = ticket.partition(".")
        encoded, _, mac = rest.partition(".")
        invalid = errors.ReadTicketInvalid("the ticket is not one this service issued")
        if version != TICKET_VERSION or not encoded or not mac:
            raise invalid
        try:  # the MAC first: nothing a client made up is parsed
            if not hmac.compare_digest(_unb64(mac), self._ticket_mac(encoded)):
                raise invalid
            payload = json.loads(_unb64(encoded))
        except (ValueError, binascii.Error):
            raise invalid from None
        if not isinstance(payload, dict):
            raise invalid
        return payload

    def _ticket_actor(self, payload: dict[str, Any]) -> Principal:
        """The ticket's actor, still holding the token the ticket was asked with."""
        try:
            actor = self.store.load(Actor, UUID(str(payload.get("actor"))))
        except (ValueError, errors.NotFound):
            raise errors.ReadTicketInvalid("the ticket's actor is not known") from None
        record = actor.tokens.get(str(payload.get("token")))
        if record is None or record.revoked:
            raise errors.ReadTicketInvalid("the token the ticket was asked with was revoked")
        if actor.status is not Status.ACTIVE:
            raise errors.ReadTicketInvalid(f"the ticket's actor is {actor.status.value}")
        return Principal.of(actor)

    # -- the bytes ---------------------------------------------------------------------------

    def open(self, access: EvidenceAccess, start: int, end: int) -> Iterator[bytes]:
        """The plaintext bytes ``[start, end)``, proved as ``infra.blob_reads`` says (500
        ``evidence-corrupt`` before the first byte, or a cut-off read after it)."""
        return open_read(self.blobs, access.sha256, access.size, start, end)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
