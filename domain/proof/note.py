"""C2SP signed-note keys (https://c2sp.org/signed-note), Ed25519 only.

A verifier key ("vkey") is ``<name>+<key id, 8 hex digits>+<base64(0x01 ‖ public key)>``
and the key id is the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
The private key text follows Go's ``golang.org/x/mod/sumdb/note``:
``PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ 32-byte seed)>``.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

ED25519_ALGORITHM = 0x01


class KeyFormatError(ValueError):
    """Text that is not a well-formed signed-note key."""


def key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte key id of an Ed25519 signed-note key."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519_ALGORITHM]) + public_key).digest()[
        :4
    ]


def _check_name(name: str) -> None:
    if not name or "+" in name or any(c.isspace() for c in name):
        raise KeyFormatError(f"key name {name!r} must be non-empty, without '+' or spaces")


def format_vkey(name: str, public_key: bytes) -> str:
    """The C2SP vkey text for an Ed25519 public key."""
    _check_name(name)
    blob = base64.b64encode(bytes([ED25519_ALGORITHM]) + public_key).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{blob}"


def format_private_key(name: str, seed: bytes, public_key: bytes) -> str:
    """Go-note private key text for an Ed25519 seed."""
    _check_name(name)
    blob = base64.b64encode(bytes([ED25519_ALGORITHM]) + seed).decode()
    return f"PRIVATE+KEY+{name}+{key_id(name, public_key).hex()}+{blob}"


@dataclass(frozen=True)
class VerifierKey:
    """A parsed vkey."""

    name: str
    key_id: bytes
    public_key: bytes


def parse_vkey(text: str) -> VerifierKey:
    """Parse a vkey, checking its key id against its name and key."""
    parts = text.strip().split("+", 2)  # the base64 key may itself hold '+'
    if len(parts) != 3:
        raise KeyFormatError("a vkey has three '+'-separated parts: name, key id, key")
    name, hex_id, blob = parts
    _check_name(name)
    try:
        raw = base64.b64decode(blob, validate=True)
        kid = bytes.fromhex(hex_id)
    except ValueError as exc:
        raise KeyFormatError(f"vkey is not well-formed: {exc}") from None
    if len(raw) != 33 or raw[0] != ED25519_ALGORITHM:
        raise KeyFormatError("vkey is not an Ed25519 (0x01) key of 32 bytes")
    if kid != key_id(name, raw[1:]):
        raise KeyFormatError("vkey's key id does not match its name and key")
    return VerifierKey(name, kid, raw[1:])


def parse_private_key(text: str) -> tuple[str, bytes]:
    """(name, 32-byte seed) from Go-note private key text."""
    parts = text.strip().split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
        raise KeyFormatError("a private key reads PRIVATE+KEY+<name>+<id>+<key>")
    try:
        raw = base64.b64decode(parts[4], validate=True)
    except ValueError as exc:
        raise KeyFormatError(f"private key is not well-formed: {exc}") from None
    if len(raw) != 33 or raw[0] != ED25519_ALGORITHM:
        raise KeyFormatError("private key is not an Ed25519 (0x01) seed of 32 bytes")
    return parts[2], raw[1:]
