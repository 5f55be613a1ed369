"""Helpers for tests that need a second, unrelated log key."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from domain.proof.note import format_vkey, parse_vkey


def other_log_vkey(name: str) -> str:
    """A fresh Ed25519 vkey under the same name as a log's."""
    public = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return format_vkey(name, public)


def test_another_key_under_the_same_name_has_another_id() -> None:
    """Two keys named alike differ in key id, so a note signed by one names the wrong key."""
    a, b = parse_vkey(other_log_vkey("log")), parse_vkey(other_log_vkey("log"))
    assert a.name == b.name
    assert a.key_id != b.key_id
