"""The transparency log's Ed25519 signing key: created once, 0600 whatever the umask
(``infra/files.py``), never logged; its public ``.vkey`` beside it, 0644."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from domain.proof.note import format_private_key, format_vkey, parse_private_key
from infra.files import PRIVATE_FILE, create_private, make_dirs, set_mode, write_public


@dataclass(frozen=True)
class LogKey:
    """The log's key pair and its signed-note name."""

    name: str
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> bytes:
        """Raw 32-byte public key."""
        return self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def vkey(self) -> str:
        """C2SP vkey text (public)."""
        return format_vkey(self.name, self.public_key)


def load_log_key(path: Path) -> LogKey:
    """Read a private key file (made 0600 if it was looser)."""
    set_mode(path, PRIVATE_FILE)
    key_name, seed = parse_private_key(path.read_text())
    return LogKey(key_name, Ed25519PrivateKey.from_private_bytes(seed))


def rotated_key_path(first: Path, vkey: str) -> Path:
    """Where a key introduced by rotation lives: beside the first, named by its key id."""
    key_id = vkey.split("+", 2)[1]
    return first.with_name(f"{first.stem}-{key_id}{first.suffix}")


def load_or_create_log_key(path: Path, name: str) -> tuple[LogKey, bool]:
    """Load the key at ``path``, or create it (mode 0600) — returns (key, created)."""
    if path.exists():
        return load_log_key(path), False
    make_dirs(path.parent)
    private = Ed25519PrivateKey.generate()
    key = LogKey(name, private)
    seed = private.private_bytes_raw()
    text = format_private_key(name, seed, key.public_key) + "\n"
    try:
        fd = create_private(path)  # 0600 exactly, whatever the umask
    except FileExistsError:  # another process created it first
        return load_log_key(path), False
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    write_public(path.with_suffix(".vkey"), key.vkey + "\n")
    return key, True


def create_rotated_key(first: Path, name: str) -> LogKey:
    """A new key for rotation, stored 0600 beside the first key."""
    private = Ed25519PrivateKey.generate()
    key = LogKey(name, private)
    path = rotated_key_path(first, key.vkey)
    text = format_private_key(name, private.private_bytes_raw(), key.public_key) + "\n"
    fd = create_private(path)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    write_public(path.with_suffix(".vkey"), key.vkey + "\n")
    return key
