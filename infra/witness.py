"""A witness (run by an oversight body on its own machine, DESIGN §3).

It keeps the last checkpoint it cosigned in a state file; each run fetches the log's
newest checkpoint, verifies the log's signature and a consistency proof from the
state's checkpoint, cosigns (C2SP tlog-cosignature, Ed25519, type 0x04), submits the
cosignature, and only then advances its state. A checkpoint that is not consistent
with the state is refused: both checkpoints and the proof are written beside the state
as evidence, and the run fails.
"""

from __future__ import annotations

import base64
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from domain.proof import merkle
from domain.proof.checkpoint import (
    cosign,
    format_witness_vkey,
    parse_checkpoint,
    verify_checkpoint,
    witness_key_id,
)
from domain.proof.note import parse_vkey

WITNESS_ALGORITHM = 0x04


class WitnessRefused(Exception):
    """The witness will not cosign; the message says why."""


@dataclass(frozen=True)
class WitnessSigner:
    """A witness's private key and name."""

    name: str
    private_key: Ed25519PrivateKey

    @property
    def vkey(self) -> str:
        """The public witness vkey (type 0x04)."""
        public = self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return format_witness_vkey(self.name, public)


def generate_witness_key(name: str, path: Path) -> WitnessSigner:
    """Create a witness key file (0600) and return the signer."""
    private = Ed25519PrivateKey.generate()
    signer = WitnessSigner(name, private)
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    blob = base64.b64encode(bytes([WITNESS_ALGORITHM]) + private.private_bytes_raw()).decode()
    text = f"PRIVATE+KEY+{name}+{witness_key_id(name, public).hex()}+{blob}\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    return signer


def load_witness_key(path: Path) -> WitnessSigner:
    """Read a witness key file written by :func:`generate_witness_key`."""
    parts = path.read_text().strip().split("+", 4)
    raw = base64.b64decode(parts[4], validate=True)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"] or raw[0] != WITNESS_ALGORITHM:
        raise WitnessRefused(f"{path} is not a witness private key")
    return WitnessSigner(parts[2], Ed25519PrivateKey.from_private_bytes(raw[1:]))


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 -- operator's URL
            data: bytes = response.read()
            return data
    except (OSError, ValueError) as exc:
        raise WitnessRefused(f"cannot fetch {url}: {exc}") from None


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310
        url, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            answer: dict[str, Any] = json.loads(response.read())
            return answer
    except urllib.error.HTTPError as exc:
        raise WitnessRefused(f"the log refused the cosignature: {exc.read().decode()}") from None


def witness_once(log_url: str, log_vkey: str, signer: WitnessSigner, state_path: Path) -> str:
    """One witnessing round; returns a one-line account, or raises :class:`WitnessRefused`."""
    base = log_url.rstrip("/")
    key = parse_vkey(log_vkey)
    note = _get(f"{base}/v1/log/checkpoint").decode("utf-8")
    try:
        checkpoint, _ = verify_checkpoint(note, key, origin=key.name)
    except ValueError as exc:
        raise WitnessRefused(f"the checkpoint does not verify with the log key: {exc}") from None
    state = json.loads(state_path.read_text()) if state_path.exists() else None
    if state is not None:
        old = parse_checkpoint(state["checkpoint_body"])
        if checkpoint.origin != old.origin:
            raise WitnessRefused(f"origin changed from {old.origin} to {checkpoint.origin}")
        proof: list[bytes] = []
        try:
            if checkpoint.size < old.size:
                raise ValueError(f"the tree shrank from {old.size} to {checkpoint.size}")
            if checkpoint.size > old.size:
                answer = json.loads(
                    _get(f"{base}/v1/log/proof/consistency?from={old.size}&to={checkpoint.size}")
                )
                if not isinstance(answer, dict) or not isinstance(answer.get("proof"), list):
                    raise ValueError("the consistency proof answer is malformed")
                proof = [bytes.fromhex(str(h)) for h in answer["proof"]]
            merkle.verify_consistency(old.size, checkpoint.size, proof, old.root, checkpoint.root)
        except ValueError as exc:
            evidence = state_path.with_name(
                f"{state_path.name}.inconsistent-{int(time.time())}.json"
            )
            evidence.write_text(json.dumps(
                {"previous": state["checkpoint_note"], "presented": note,
                 "proof": [h.hex() for h in proof], "error": str(exc)}, indent=1,
            ))  # fmt: skip
            raise WitnessRefused(
                f"the log presented a checkpoint inconsistent with the one cosigned before "
                f"({exc}); evidence kept in {evidence}"
            ) from None
    body = note.split("\n\n", 1)[0] + "\n"
    line = cosign(body, signer.name, signer.private_key, int(time.time()))
    _post(f"{base}/v1/log/cosignatures", {"size": checkpoint.size, "cosignature": line})
    state_path.write_text(json.dumps({"checkpoint_body": body, "checkpoint_note": note}, indent=1))
    return f"cosigned {checkpoint.origin} at size {checkpoint.size}"
