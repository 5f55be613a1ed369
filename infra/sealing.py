"""Encryption at rest of sensitive streams (R-CH-4): children's files, mandatory reports and
complaints about enforcement (their complainants are protected like reporters, R-RP-3).

The chain hashes the plaintext envelope; the stored body of an event of a sealed kind is

    0x01 ‖ nonce (12 bytes) ‖ AES-256-GCM(key, canonical bytes, aad)

with ``aad = "jianzheng:state:v1\\n" ‖ stream ‖ "\\n" ‖ seq``, so a ciphertext moved to
another row no longer decrypts (the row binding that the library's own cipher lacks,
DESIGN §8). The stored ``event_hash`` before the body stays in clear: it is what the
transparency log holds anyway, and it reveals nothing of the plaintext.

The key comes from ``JIANZHENG_DATA_KEY`` (base64 of 32 bytes) or, by default, from
``<data dir>/data.key``, created 0600 on first use.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.proof.chain import ENCRYPTED_BODY_MARK, EnvelopeError
from infra.files import PRIVATE_FILE, create_private, make_dirs, set_mode

SEALED_KINDS = frozenset(
    {
        "children", "reports", "petitions", "access", "complaints", "detentions", "claims",
        "guardian_bars", "guardian_bars_backfill",
        "claims_backfill",
    }
)  # fmt: skip
"""Stream kinds whose events are encrypted at rest (access records, identity claims and
their backfill name children; complaints name their complainants; a parent's detention names
the parent's measure and who took the child, R-GD-7)."""

AAD_PREFIX = b"jianzheng:state:v1\n"


def _aad(stream: str, seq: int) -> bytes:
    return AAD_PREFIX + stream.encode() + b"\n" + str(seq).encode()


class Sealer:
    """Seals and opens event bodies with one AES-256-GCM key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes")
        self._aead = AESGCM(key)
        self._key = key

    def derived_secret(self, label: bytes) -> bytes:
        """A secret for one purpose, derived from the data key (HMAC-SHA-256 of ``label``):
        the identity claims' keyed hash (ADR 0005) never uses the encryption key itself."""
        return hmac.new(self._key, b"jianzheng:derive:v1\n" + label, hashlib.sha256).digest()

    def seal(self, stream: str, seq: int, canonical: bytes) -> bytes:
        """The stored body for an event of a sealed kind."""
        nonce = os.urandom(12)
        return (
            bytes([ENCRYPTED_BODY_MARK])
            + nonce
            + self._aead.encrypt(nonce, canonical, _aad(stream, seq))
        )

    def open(self, stream: str, seq: int, body: bytes) -> bytes:
        """The canonical bytes of a sealed body, or :class:`EnvelopeError`."""
        if body[:1] != bytes([ENCRYPTED_BODY_MARK]) or len(body) < 1 + 12 + 16:
            raise EnvelopeError("not a sealed body")
        try:
            return self._aead.decrypt(body[1:13], body[13:], _aad(stream, seq))
        except InvalidTag:
            raise EnvelopeError(
                "sealed body does not decrypt for this row (wrong key, or moved or altered)"
            ) from None


def load_or_create_data_key(configured: str | None, path: Path) -> bytes:
    """The data key: from settings if given, else the key file (0600, ``infra/files.py``)."""
    if configured:
        key = base64.b64decode(configured, validate=True)
        if len(key) != 32:
            raise ValueError("JIANZHENG_DATA_KEY must be base64 of exactly 32 bytes")
        return key
    if path.exists():
        set_mode(path, PRIVATE_FILE)  # a key file made loose by hand or an older version
        return base64.b64decode(path.read_text().strip(), validate=True)
    make_dirs(path.parent)
    key = AESGCM.generate_key(bit_length=256)
    try:
        fd = create_private(path)  # 0600 exactly, whatever the umask
    except FileExistsError:
        return base64.b64decode(path.read_text().strip(), validate=True)
    with os.fdopen(fd, "w") as handle:
        handle.write(base64.b64encode(key).decode() + "\n")
    return key
