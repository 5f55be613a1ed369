# Long because: three C2SP formats read top to bottom, byte for byte — tlog-checkpoint (the
# note text), signed-note (signature lines, key ids, verification rules) and tlog-cosignature
# (cosignature/v1) — each parse beside its serialisation, so the two cannot drift apart.
"""Checkpoints of the transparency log, as C2SP signed notes, and witness cosignatures.

Three C2SP specifications, byte for byte (DESIGN §3):

* **tlog-checkpoint** (c2sp.org/tlog-checkpoint): the note text is the origin line,
  the tree size in decimal (no leading zeros), the base64 (RFC 4648 §4, with
  padding) root hash, each ending in U+000A, then optional non-empty extension
  lines — the log writes none. The checkpoint of ``docs/test-vectors/tree.json``'s
  13-leaf tree (``docs/test-vectors/checkpoint.json``)::

      jianzheng.example/test-log
      13
      XzB3ZAy72loB1cmdMyu7JDzzYzzh6b5nOGPLBQgIGUE=

* **signed-note** (c2sp.org/signed-note): the text, one empty line, then one or
  more signature lines ``— <key name> <base64(4-byte key id ‖ signature)>``, each
  ending in U+000A, where ``—`` is U+2014 followed by U+0020. An Ed25519 key
  (type 0x01) has key id ``SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]``
  (``domain.proof.note``) and signs the text's UTF-8 bytes.
* **tlog-cosignature** (c2sp.org/tlog-cosignature), Ed25519 ``cosignature/v1``
  (type 0x04): the key id is ``SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]``; the
  signed message is ``cosignature/v1\\n``, ``time <POSIX seconds>\\n``, then the
  whole checkpoint text; the signature is ``key id ‖ uint64 big-endian time ‖
  64-byte Ed25519 signature``.

Verification follows signed-note's rules: signatures by unknown keys (name and
key id not both matching a given key) are ignored, a signature by a known key
that does not verify rejects the whole note, and a note with no verified
signature by a required key is rejected. Errors are ``NoteError`` naming the
failing step; malformed key text raises ``domain.proof.note.KeyFormatError``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeAlias

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain.proof.merkle import HASH_SIZE
from domain.proof.note import ED25519_ALGORITHM, KeyFormatError, VerifierKey, key_id, parse_vkey

COSIGNATURE_V1_ALGORITHM = 0x04
"""signed-note signature type of Ed25519 ``cosignature/v1`` (c2sp.org/tlog-cosignature)."""

SIGNATURE_LINE_PREFIX = "\u2014 "
"""Every signature line starts with an em dash (U+2014) and a space."""

KEY_ID_SIZE = 4
ED25519_SIGNATURE_SIZE = 64
TIMESTAMP_SIZE = 8

MAX_SIGNATURES = 100
"""Signature lines accepted in one note: signed-note says at least 16; Go's note takes 100."""

MAX_TREE_SIZE = 2**64 - 1
"""Tree sizes are uint64 in every tlog implementation; a larger size line is refused."""

MAX_TIMESTAMP = 2**63 - 1
"""tlog-cosignature: the timestamp MUST NOT exceed 2^63 - 1."""

COSIGNATURE_V1_HEADER = "cosignature/v1\n"
"""tlog-cosignature: the first line of the signed message, for domain separation."""

_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class NoteError(ValueError):
    """A checkpoint, signed note or cosignature that is malformed or does not verify.

    ``step`` names what failed (``"signed note"``, ``"checkpoint line 2"``,
    ``"cosignature"``…); ``expected`` and ``found`` carry the evidence when any.
    """

    def __init__(
        self, step: str, reason: str, *, expected: object = None, found: object = None
    ) -> None:
        message = f"{step}: {reason}"
        if expected is not None or found is not None:
            message += f" (expected {expected!r}, found {found!r})"
        super().__init__(message)
        self.step = step
        self.reason = reason
        self.expected = expected
        self.found = found


# --- Checkpoint text (c2sp.org/tlog-checkpoint) ---------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """A parsed checkpoint: origin, tree size, root hash and any extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        """The note text of this checkpoint, exactly as ``format_checkpoint`` writes it."""
        return format_checkpoint(self.origin, self.size, self.root, extensions=self.extensions)


def format_checkpoint(
    origin: str, size: int, root: bytes, *, extensions: Sequence[str] = ()
) -> str:
    """The checkpoint note text: ``<origin>\\n<size>\\n<base64 root>\\n`` (+ extensions).

    The log itself writes no extension lines (tlog-checkpoint does not recommend
    them); ``extensions`` exists so that a parsed checkpoint serialises back exactly.
    """
    _check_line("checkpoint line 1 (origin)", origin)
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_TREE_SIZE:
        raise NoteError(
            "checkpoint line 2 (tree size)",
            "tree size must be an integer in 0..2^64-1",
            found=size,
        )
    if not isinstance(root, bytes) or len(root) != HASH_SIZE:
        raise NoteError(
            "checkpoint line 3 (root hash)",
            "root hash must be a SHA-256 digest",
            expected=f"{HASH_SIZE} bytes",
            found=len(root) if isinstance(root, bytes) else type(root).__name__,
        )
    for number, extension in enumerate(extensions, start=4):
        _check_line(f"checkpoint line {number} (extension)", extension)
    lines = [origin, str(size), base64.b64encode(root).decode("ascii"), *extensions]
    return "".join(f"{line}\n" for line in lines)


def parse_checkpoint(body: str) -> Checkpoint:
    """Parse checkpoint note text (without signatures), refusing anything not canonical.

    Canonical means: what ``format_checkpoint`` would write for the parsed values,
    so parsing and formatting again gives back the same bytes.
    """
    _check_note_text("checkpoint", body)
    lines = body[:-1].split("\n")
    if len(lines) < 3:
        raise NoteError(
            "checkpoint",
            "a checkpoint has an origin, a tree size and a root hash line",
            expected="at least 3 lines",
            found=f"{len(lines)} lines",
        )
    origin, size_line, root_line, *extensions = lines
    _check_line("checkpoint line 1 (origin)", origin)
    if not _DECIMAL.fullmatch(size_line) or int(size_line) > MAX_TREE_SIZE:
        raise NoteError(
            "checkpoint line 2 (tree size)",
            "tree size must be ASCII decimal without leading zeros, at most 2^64-1",
            found=size_line,
        )
    root = _decode_base64("checkpoint line 3 (root hash)", root_line)
    if len(root) != HASH_SIZE:
        raise NoteError(
            "checkpoint line 3 (root hash)",
            "root hash must be a SHA-256 digest",
            expected=f"{HASH_SIZE} bytes",
            found=f"{len(root)} bytes",
        )
    for number, extension in enumerate(extensions, start=4):
        _check_line(f"checkpoint line {number} (extension)", extension)
    return Checkpoint(origin, int(size_line), root, tuple(extensions))


def _check_line(step: str, line: object) -> None:
    """A checkpoint line is non-empty text with no newline and no control character."""
    if not isinstance(line, str) or not line:
        raise NoteError(step, "line must be non-empty text", found=line)
    if any(ord(c) < 0x20 for c in line):
        raise NoteError(step, "line must not contain control characters or newlines", found=line)


# --- Signed notes (c2sp.org/signed-note) ----------------------------------------------


class NoteSignature(NamedTuple):
    """One signature line: key name, 4-byte key id, and the signature bytes after the id."""

    name: str
    key_id: bytes
    signature: bytes

    def line(self) -> str:
        """The signature line, ``— <name> <base64(key id ‖ signature)>\\n``."""
        blob = base64.b64encode(self.key_id + self.signature).decode("ascii")
        return f"{SIGNATURE_LINE_PREFIX}{self.name} {blob}\n"


def _check_note_text(step: str, text: object) -> None:
    """signed-note: valid UTF-8, no control characters but newline, ending in newline."""
    if not isinstance(text, str) or not text:
        raise NoteError(step, "text must be non-empty", found=text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise NoteError(step, "text must be valid UTF-8 (it holds a lone surrogate)") from None
    for position, c in enumerate(text):
        if ord(c) < 0x20 and c != "\n":
            raise NoteError(
                step,
                f"text must not contain control characters other than newline (at {position})",
                found=f"U+{ord(c):04X}",
            )
    if not text.endswith("\n"):
        raise NoteError(step, "text must end with a newline", found=text[-20:])


def _check_key_name(step: str, name: object) -> None:
    """signed-note: key names are non-empty, without Unicode spaces or '+'."""
    if (
        not isinstance(name, str)
        or not name
        or "+" in name
        or any(c.isspace() or ord(c) < 0x20 for c in name)
    ):
        raise NoteError(step, "key name must be non-empty, without spaces or '+'", found=name)


def _decode_base64(step: str, text: str) -> bytes:
    """Standard base64 with padding (RFC 4648 §4), in its one canonical spelling.

    Refusing other spellings (unused bits set, missing padding) keeps a signature
    line or root line from having two texts for the same bytes.
    """
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise NoteError(step, "not standard base64 with padding", found=text) from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise NoteError(step, "base64 is not in canonical form", found=text)
    return raw


def parse_signature_line(line: str) -> NoteSignature:
    """Parse one signature line (its final newline optional) into a ``NoteSignature``."""
    step = "signature line"
    text = line[:-1] if line.endswith("\n") else line
    if not text.startswith(SIGNATURE_LINE_PREFIX):
        raise NoteError(
            step, "must start with an em dash (U+2014) and a space", found=text[:20] or line
        )
    fields = text[len(SIGNATURE_LINE_PREFIX) :].split(" ")
    if len(fields) != 2:
        raise NoteError(step, "must be '— <key name> <base64 signature>'", found=text)
    name, blob = fields
    _check_key_name(step, name)
    raw = _decode_base64(f"signature line of {name}", blob)
    if len(raw) <= KEY_ID_SIZE:
        raise NoteError(
            f"signature line of {name}",
            "signature must hold a 4-byte key id and signature bytes",
            expected=f"more than {KEY_ID_SIZE} bytes",
            found=f"{len(raw)} bytes",
        )
    return NoteSignature(name, raw[:KEY_ID_SIZE], raw[KEY_ID_SIZE:])


def parse_note(text: str) -> tuple[str, list[NoteSignature]]:
    """Split a signed note into its text (body) and signatures, checking its syntax only.

    The body ends at the last empty line (signed-note), keeps its final newline,
    and is what every signature signs. Nothing is verified here: see ``verify_note``.
    """
    _check_note_text("signed note", text)
    split = text.rfind("\n\n")
    if split < 0:
        raise NoteError("signed note", "no empty line separates the text from its signatures")
    body, block = text[: split + 1], text[split + 2 :]
    if not block:
        raise NoteError("signed note", "a signed note has at least one signature line")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(
            "signed note",
            "too many signature lines",
            expected=f"at most {MAX_SIGNATURES}",
            found=len(lines),
        )
    return body, [parse_signature_line(line) for line in lines]


def format_note(body: str, signatures: Iterable[NoteSignature]) -> str:
    """A signed note: ``body``, an empty line, then one line per signature, in order."""
    _check_note_text("signed note text", body)
    listed = list(signatures)
    if not listed:
        raise NoteError("signed note", "a signed note has at least one signature line")
    for signature in listed:
        _check_key_name("signature line", signature.name)
    return body + "\n" + "".join(signature.line() for signature in listed)


def sign_note(body: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """Sign ``body`` with an Ed25519 (type 0x01) key; return the signed note text.

    The signature is Ed25519 over the body's UTF-8 bytes (final newline included),
    behind the key id ``SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]``.
    """
    _check_note_text("signed note text", body)
    _check_key_name("signer", name)
    public_key = private_key.public_key().public_bytes_raw()
    signature = private_key.sign(body.encode("utf-8"))
    return format_note(body, [NoteSignature(name, key_id(name, public_key), signature)])


# --- Witness keys and cosignatures (c2sp.org/tlog-cosignature) ------------------------


@dataclass(frozen=True)
class WitnessKey:
    """A parsed Ed25519 ``cosignature/v1`` verifier key (vkey type 0x04)."""

    name: str
    key_id: bytes
    public_key: bytes


def witness_key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte key id of an Ed25519 cosigner: SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4]."""
    digest = hashlib.sha256(
        name.encode("utf-8") + b"\n" + bytes([COSIGNATURE_V1_ALGORITHM]) + public_key
    )
    return digest.digest()[:KEY_ID_SIZE]


def format_witness_vkey(name: str, public_key: bytes) -> str:
    """The vkey text of a cosigner: ``<name>+<key id hex>+<base64(0x04 ‖ public key)>``."""
    if not isinstance(name, str) or not name or "+" in name or any(c.isspace() for c in name):
        raise KeyFormatError(f"key name {name!r} must be non-empty, without '+' or spaces")
    if len(public_key) != 32:
        raise KeyFormatError("an Ed25519 public key has 32 bytes")
    blob = base64.b64encode(bytes([COSIGNATURE_V1_ALGORITHM]) + public_key).decode("ascii")
    return f"{name}+{witness_key_id(name, public_key).hex()}+{blob}"


def parse_witness_vkey(text: str) -> WitnessKey:
    """Parse a cosigner vkey (type 0x04), checking its key id against name and key.

    A plain Ed25519 note key (type 0x01) is refused: the same public key has a
    different key id as a cosigner, and a witness publishes its 0x04 vkey.
    """
    parts = text.strip().split("+", 2)  # the base64 key may itself hold '+'
    if len(parts) != 3:
        raise KeyFormatError("a vkey has three '+'-separated parts: name, key id, key")
    name, hex_id, blob = parts
    if not name or any(c.isspace() for c in name):
        raise KeyFormatError(f"key name {name!r} must be non-empty, without '+' or spaces")
    try:
        raw = base64.b64decode(blob, validate=True)
        kid = bytes.fromhex(hex_id)
    except ValueError as exc:
        raise KeyFormatError(f"vkey is not well-formed: {exc}") from None
    if len(kid) != KEY_ID_SIZE:
        raise KeyFormatError("a vkey's key id is 8 hex digits")
    if not raw or raw[0] != COSIGNATURE_V1_ALGORITHM:
        found = f"0x{raw[0]:02x}" if raw else "nothing"
        raise KeyFormatError(
            f"not an Ed25519 cosignature/v1 key: type byte must be 0x04, found {found}"
        )
    if len(raw) != 33:
        raise KeyFormatError("an Ed25519 cosignature/v1 vkey holds 0x04 and a 32-byte key")
    if kid != witness_key_id(name, raw[1:]):
        raise KeyFormatError("vkey's key id does not match its name and key (type 0x04)")
    return WitnessKey(name, kid, raw[1:])


def parse_key(text: str) -> VerifierKey | WitnessKey:
    """Parse a vkey of either type we verify: Ed25519 note key (0x01) or cosigner (0x04)."""
    parts = text.strip().split("+", 2)
    try:
        raw = base64.b64decode(parts[-1], validate=True) if len(parts) == 3 else b""
    except ValueError:
        raw = b""
    if raw[:1] == bytes([COSIGNATURE_V1_ALGORITHM]):
        return parse_witness_vkey(text)
    if raw[:1] == bytes([ED25519_ALGORITHM]):
        return parse_vkey(text)
    raise KeyFormatError("not a vkey of type 0x01 (Ed25519) or 0x04 (Ed25519 cosignature/v1)")


class Cosignature(NamedTuple):
    """A parsed ``cosignature/v1`` signature line."""

    name: str
    key_id: bytes
    timestamp: int
    signature: bytes


def cosignature_message(body: str, timestamp: int) -> bytes:
    """What a ``cosignature/v1`` signs: the header, ``time <t>``, then the checkpoint text."""
    parse_checkpoint(body)  # only a checkpoint can be cosigned
    _check_timestamp("cosignature", timestamp)
    return f"{COSIGNATURE_V1_HEADER}time {timestamp}\n{body}".encode()


def _check_timestamp(step: str, timestamp: object) -> None:
    if (
        not isinstance(timestamp, int)
        or isinstance(timestamp, bool)
        or not 0 <= timestamp <= MAX_TIMESTAMP
    ):
        raise NoteError(step, "timestamp must be POSIX seconds in 0..2^63-1", found=timestamp)


def cosign(body: str, name: str, private_key: Ed25519PrivateKey, timestamp: int) -> str:
    """A witness's ``cosignature/v1`` of checkpoint text ``body`` at ``timestamp``.

    Returns the signature line, final newline included, to append to the
    checkpoint's signed note.
    """
    _check_key_name("cosigner", name)
    message = cosignature_message(body, timestamp)
    public_key = private_key.public_key().public_bytes_raw()
    payload = timestamp.to_bytes(TIMESTAMP_SIZE, "big") + private_key.sign(message)
    return NoteSignature(name, witness_key_id(name, public_key), payload).line()


def parse_cosignature(line: str) -> Cosignature:
    """Parse a ``cosignature/v1`` signature line (unverified): name, key id, time, signature."""
    name, kid, payload = parse_signature_line(line)
    return _split_cosignature(NoteSignature(name, kid, payload))


def _split_cosignature(signature: NoteSignature) -> Cosignature:
    step = f"cosignature of {signature.name}"
    expected = TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE
    if len(signature.signature) != expected:
        raise NoteError(
            step,
            "an Ed25519 cosignature/v1 holds an 8-byte timestamp and a 64-byte signature",
            expected=f"{expected} bytes after the key id",
            found=f"{len(signature.signature)} bytes",
        )
    timestamp = int.from_bytes(signature.signature[:TIMESTAMP_SIZE], "big")
    _check_timestamp(step, timestamp)
    return Cosignature(
        signature.name, signature.key_id, timestamp, signature.signature[TIMESTAMP_SIZE:]
    )


def _verify_cosignature(body: str, signature: NoteSignature, key: WitnessKey) -> int:
    """Check a cosignature by a known witness key over ``body``; return its timestamp."""
    cosignature = _split_cosignature(signature)
    message = cosignature_message(body, cosignature.timestamp)
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(cosignature.signature, message)
    except InvalidSignature:
        raise NoteError(
            f"cosignature of {_key_label(key)}",
            f"signature does not verify over the checkpoint at time {cosignature.timestamp}",
        ) from None
    return cosignature.timestamp


def verify_cosignature(body: str, line: str, witness_key: WitnessKey) -> int:
    """Verify one ``cosignature/v1`` line over checkpoint text ``body``; return its time.

    The line must carry the witness's key name and key id, and the signature must
    verify over ``cosignature/v1``, ``time <t>`` and ``body``. Raises ``NoteError``.
    """
    signature = parse_signature_line(line)
    if (signature.name, signature.key_id) != (witness_key.name, witness_key.key_id):
        raise NoteError(
            "cosignature",
            "signature line is not by this witness key (key name and key id)",
            expected=_key_label(witness_key),
            found=f"{signature.name}+{signature.key_id.hex()}",
        )
    return _verify_cosignature(body, signature, witness_key)


# --- Verifying a signed note by known keys --------------------------------------------

Key: TypeAlias = VerifierKey | WitnessKey
"""A key we verify with: an Ed25519 note key (0x01) or an Ed25519 cosigner (0x04)."""


@dataclass(frozen=True)
class VerifiedSignature:
    """A signature that verified: the key, and the cosignature's time (None for 0x01)."""

    key: Key
    timestamp: int | None


@dataclass(frozen=True)
class VerifiedNote:
    """The outcome of ``verify_note``: the text, what verified, and what was ignored."""

    body: str
    verified: tuple[VerifiedSignature, ...]
    unverified: tuple[NoteSignature, ...]
    """Signatures by keys we were not given, ignored as signed-note requires."""

    def signed_by(self, key: Key) -> bool:
        """Whether ``key`` has a verified signature on the note."""
        return any(signature.key == key for signature in self.verified)

    def timestamp_of(self, key: WitnessKey) -> int:
        """The time of ``key``'s verified cosignature; ``NoteError`` if it has none."""
        for signature in self.verified:
            if signature.key == key and signature.timestamp is not None:
                return signature.timestamp
        raise NoteError("signed note", f"no verified cosignature by {_key_label(key)}")


def _key_label(key: Key) -> str:
    return f"{key.name}+{key.key_id.hex()}"


def _index_keys(keys: Iterable[Key]) -> dict[tuple[str, bytes], Key]:
    """Keys by (name, key id); two different keys with the same pair are ambiguous."""
    index: dict[tuple[str, bytes], Key] = {}
    for key in keys:
        known = index.setdefault((key.name, key.key_id), key)
        if known != key:
            raise NoteError(
                "verifier keys",
                f"two different keys share the name and key id {_key_label(key)}",
            )
    return index


def _verify_ed25519(body: str, signature: NoteSignature, key: VerifierKey) -> None:
    step = f"signature of {_key_label(key)}"
    if len(signature.signature) != ED25519_SIGNATURE_SIZE:
        raise NoteError(
            step,
            "an Ed25519 signature has 64 bytes",
            expected=f"{ED25519_SIGNATURE_SIZE} bytes after the key id",
            found=f"{len(signature.signature)} bytes",
        )
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(
            signature.signature, body.encode("utf-8")
        )
    except InvalidSignature:
        raise NoteError(step, "signature does not verify over the note text") from None


def verify_note(text: str, required: Sequence[Key], optional: Sequence[Key] = ()) -> VerifiedNote:
    """Verify a signed note: every ``required`` key must have signed it.

    Per signed-note: a signature line whose name and key id match a given key
    (required or optional) MUST verify, or the whole note is rejected; lines of
    unknown keys are ignored (returned in ``unverified``); a note with no verified
    signature is rejected. ``WitnessKey`` lines are checked as ``cosignature/v1``
    over the note text, which must then be a checkpoint. Raises ``NoteError``.
    """
    known = _index_keys([*required, *optional])
    body, signatures = parse_note(text)
    verified: list[VerifiedSignature] = []
    unverified: list[NoteSignature] = []
    seen: set[NoteSignature] = set()
    for signature in signatures:
        if signature in seen:  # the same line twice adds nothing
            continue
        seen.add(signature)
        key = known.get((signature.name, signature.key_id))
        if key is None:
            unverified.append(signature)
        elif isinstance(key, WitnessKey):
            verified.append(VerifiedSignature(key, _verify_cosignature(body, signature, key)))
        else:
            _verify_ed25519(body, signature, key)
            verified.append(VerifiedSignature(key, None))
    result = VerifiedNote(body, tuple(verified), tuple(unverified))
    for key in required:
        if not result.signed_by(key):
            raise NoteError("signed note", f"no signature by the required key {_key_label(key)}")
    if not verified:
        raise NoteError("signed note", "no signature by any given key")
    return result


def verify_checkpoint(
    text: str,
    log_key: VerifierKey,
    *,
    witnesses: Sequence[WitnessKey] = (),
    origin: str | None = None,
) -> tuple[Checkpoint, VerifiedNote]:
    """Verify a checkpoint signed by ``log_key`` and cosigned by every given witness.

    With ``origin``, the checkpoint's origin line must be exactly it. Returns the
    parsed checkpoint and the verification outcome (cosignature times included).
    """
    verified = verify_note(text, required=[log_key, *witnesses])
    checkpoint = parse_checkpoint(verified.body)
    if origin is not None and checkpoint.origin != origin:
        raise NoteError(
            "checkpoint line 1 (origin)",
            "checkpoint is of another log",
            expected=origin,
            found=checkpoint.origin,
        )
    return checkpoint, verified
