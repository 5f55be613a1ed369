"""Encryption at rest of sensitive streams (R-CH-4): bound to its row, useless elsewhere."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from domain.proof.chain import EnvelopeError
from infra.sealing import Sealer, load_or_create_data_key

PLAIN = '{"data":{"personal":{"name":"李小红"}}}'.encode()


def test_a_sealed_body_opens_only_for_its_own_row() -> None:
    """The stream and seq are authenticated data: a ciphertext moved to another row fails."""
    sealer = Sealer(os.urandom(32))
    body = sealer.seal("7d3c6c1e-0000-4000-8000-000000000001", 3, PLAIN)
    assert PLAIN not in body
    assert "李小红".encode() not in body
    assert sealer.open("7d3c6c1e-0000-4000-8000-000000000001", 3, body) == PLAIN
    with pytest.raises(EnvelopeError):
        sealer.open("7d3c6c1e-0000-4000-8000-000000000001", 4, body)
    with pytest.raises(EnvelopeError):
        sealer.open("7d3c6c1e-0000-4000-8000-000000000002", 3, body)


def test_a_wrong_key_or_a_flipped_byte_does_not_open() -> None:
    """AES-GCM refuses tampering and other keys."""
    body = Sealer(os.urandom(32)).seal("s", 1, PLAIN)
    with pytest.raises(EnvelopeError):
        Sealer(os.urandom(32)).open("s", 1, body)
    flipped = bytearray(body)
    flipped[-1] ^= 1
    with pytest.raises(EnvelopeError):
        Sealer(os.urandom(32)).open("s", 1, bytes(flipped))


def test_the_data_key_file_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    """Without JIANZHENG_DATA_KEY a key file is created, private, and reused."""
    path = tmp_path / "data.key"
    first = load_or_create_data_key("", path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_or_create_data_key("", path) == first
    configured = base64.b64encode(os.urandom(32)).decode()
    assert load_or_create_data_key(configured, path) == base64.b64decode(configured)
    with pytest.raises(ValueError, match="32 bytes"):
        load_or_create_data_key(base64.b64encode(b"short").decode(), path)
