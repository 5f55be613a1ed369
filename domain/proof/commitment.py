"""Salted commitments to a personal value (docs/spec.md §7.8; DESIGN §9, R-RP-3).

An event that must not carry a person in clear carries a **commitment** instead:

    commitment = hex( SHA-256( "jianzheng:commit:v1" || 0x0A || salt || JCS(value) ) )

with ``salt`` 32 random bytes and ``JCS`` the canonical JSON of ``value`` (RFC 8785,
``domain.proof.jcs``). The salt keeps a guess (a teacher's name, a phone number) from being
confirmed against the public hash; the value and its salt — the **opening** — are recorded
in another event, which can be left out of what is shown (a withheld event, §7.7) and
disclosed to whom the law allows. Whoever holds the opening checks it with :func:`opens`.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from domain.proof.jcs import canonical_json

COMMITMENT_PREFIX = b"jianzheng:commit:v1\n"
COMMITMENT_SCHEME = "jianzheng:commit:v1"
SALT_BYTES = 32


def commit(salt: bytes, value: Any) -> str:
    """The commitment to ``value`` under ``salt`` (32 bytes), as 64 hex characters."""
    if len(salt) != SALT_BYTES:
        raise ValueError(f"a commitment's salt is {SALT_BYTES} bytes, not {len(salt)}")
    return hashlib.sha256(COMMITMENT_PREFIX + salt + canonical_json(value)).hexdigest()


def opens(commitment: str, salt_hex: str, value: Any) -> bool:
    """Whether ``value`` with the salt ``salt_hex`` (64 hex) is what ``commitment`` commits to."""
    try:
        salt = bytes.fromhex(salt_hex)
        return hmac.compare_digest(commit(salt, value), commitment)
    except ValueError:
        return False
