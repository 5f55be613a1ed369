"""``domain.proof.checkpoint`` writes and verifies C2SP checkpoints, signed notes and cosignatures.

Known answers come from the specifications' own examples and from the test
vectors of Go's reference implementation, golang.org/x/mod/sumdb/note
(``note_test.go``: the PeterNeumann and EnochRoot keys and notes), and
transparency-dev/formats (``note/note_cosigv1_test.go``: a native 0x04 cosigner
vkey and a cosignature's timestamp).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.proof.checkpoint import (
    MAX_SIGNATURES,
    Checkpoint,
    NoteError,
    NoteSignature,
    WitnessKey,
    cosign,
    cosignature_message,
    format_checkpoint,
    format_note,
    format_witness_vkey,
    parse_checkpoint,
    parse_cosignature,
    parse_key,
    parse_note,
    parse_witness_vkey,
    sign_note,
    verify_checkpoint,
    verify_cosignature,
    verify_note,
    witness_key_id,
)
from domain.proof.note import (
    KeyFormatError,
    VerifierKey,
    format_vkey,
    key_id,
    parse_private_key,
    parse_vkey,
)

ROOT_DIR = Path(__file__).resolve().parents[2]
CHECKPOINT_VECTORS = ROOT_DIR / "docs" / "test-vectors" / "checkpoint.json"
SCRIPT = ROOT_DIR / "scripts" / "make_log_vectors.py"

# golang.org/x/mod/sumdb/note, note_test.go (TestSign, TestOpen).
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdng"
    "otpRZb6KE6RyyBwJnAM=\n"
)
GO_ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWL"
    "ox33WWd1RvMc+QQ=\n"
)

# c2sp.org/tlog-cosignature, the example checkpoint's cosignature line, whose signed
# message the spec prints with "time 1679315147".
SPEC_COSIGNATURE_LINE = (
    "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrD"
    "JsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="
)
# transparency-dev/formats note/note_cosigv1_test.go (TestCoSigV1NewVerifier, TestCoSigV1Timestamp).
TD_WITNESS_VKEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
TD_ED25519_VKEY = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"
TD_COSIGNATURE = (
    "ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEB"
    "YJXORmnFBOBA=="
)
TD_PLAIN_SIGNATURE = (
    "eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY="
)

ORIGIN = "jianzheng.example/unit-test-log"
ROOT = hashlib.sha256(b"a root").digest()
LOG_KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"unit test log key").digest())
LOG_VKEY = parse_vkey(format_vkey(ORIGIN, LOG_KEY.public_key().public_bytes_raw()))
WITNESS_NAME = "witness.jianzheng.example/unit"
WITNESS_KEY = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"unit witness").digest())
WITNESS = parse_witness_vkey(
    format_witness_vkey(WITNESS_NAME, WITNESS_KEY.public_key().public_bytes_raw())
)
BODY = format_checkpoint(ORIGIN, 42, ROOT)
TIME = 1767225600
SIGNED = sign_note(BODY, ORIGIN, LOG_KEY)
COSIGNATURE = cosign(BODY, WITNESS_NAME, WITNESS_KEY, TIME)
COSIGNED = SIGNED + COSIGNATURE


def flip_each_byte(text: str) -> list[bytes]:
    """The UTF-8 bytes of ``text`` with one bit flipped, for every byte position."""
    raw = text.encode("utf-8")
    return [raw[:i] + bytes([raw[i] ^ 0x01]) + raw[i + 1 :] for i in range(len(raw))]


# --- Checkpoint text ------------------------------------------------------------------


def test_a_checkpoint_is_origin_size_and_base64_root_each_on_its_own_line() -> None:
    """The body is exactly three newline-terminated lines, root in padded standard base64."""
    root = bytes(range(32))
    assert format_checkpoint("example.com/log", 13, root) == (
        "example.com/log\n13\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    )


def test_the_c2sp_example_checkpoint_parses() -> None:
    """The tlog-checkpoint spec's own example body parses to its origin, size and root."""
    body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    checkpoint = parse_checkpoint(body)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert base64.b64encode(checkpoint.root).decode() == (
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
    )
    assert checkpoint.body() == body


@settings(max_examples=150, deadline=None, database=None)
@given(
    origin=st.text(
        st.characters(min_codepoint=0x20, exclude_categories=["Cs"]), min_size=1, max_size=40
    ),
    size=st.integers(0, 2**64 - 1),
    root=st.binary(min_size=32, max_size=32),
    extensions=st.lists(
        st.text(st.characters(min_codepoint=0x20, exclude_categories=["Cs"]), min_size=1),
        max_size=2,
    ),
)
def test_a_checkpoint_serialised_then_parsed_comes_back_byte_for_byte(
    origin: str, size: int, root: bytes, extensions: list[str]
) -> None:
    """format then parse gives the same values, and formatting those gives the same text."""
    body = format_checkpoint(origin, size, root, extensions=extensions)
    parsed = parse_checkpoint(body)
    assert parsed == Checkpoint(origin, size, root, tuple(extensions))
    assert parsed.body() == body


@pytest.mark.parametrize(
    ("body", "step"),
    [
        ("log\n13\n" + base64.b64encode(ROOT).decode(), "end with a newline"),
        ("log\n13\n", "at least 3 lines"),
        ("\n13\n" + base64.b64encode(ROOT).decode() + "\n", "line 1"),
        ("log\n013\n" + base64.b64encode(ROOT).decode() + "\n", "line 2"),
        ("log\n+13\n" + base64.b64encode(ROOT).decode() + "\n", "line 2"),
        ("log\n-1\n" + base64.b64encode(ROOT).decode() + "\n", "line 2"),
        ("log\n1_3\n" + base64.b64encode(ROOT).decode() + "\n", "line 2"),
        ("log\n\uff11\uff13\n" + base64.b64encode(ROOT).decode() + "\n", "line 2"),
        ("log\n\u0661\u0663\n" + base64.b64encode(ROOT).decode() + "\n", "line 2"),
        ("log\n 13\n" + base64.b64encode(ROOT).decode() + "\n", "line 2"),
        (f"log\n{2**64}\n" + base64.b64encode(ROOT).decode() + "\n", "line 2"),
        ("log\n13\n" + base64.b64encode(ROOT).decode().rstrip("=") + "\n", "line 3"),
        ("log\n13\n" + base64.b64encode(ROOT[:31]).decode() + "\n", "line 3"),
        ("log\n13\n" + base64.urlsafe_b64encode(b"\xfb" * 32).decode() + "\n", "line 3"),
        ("log\n13\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=\n", "canonical"),
        ("log\n13\n" + base64.b64encode(ROOT).decode() + "\n\n", "line 4"),
        ("log\r\n13\n" + base64.b64encode(ROOT).decode() + "\n", "control"),
    ],
    ids=[
        "no-final-newline",
        "two-lines",
        "empty-origin",
        "leading-zero",
        "plus-sign",
        "negative",
        "underscore",
        "fullwidth-digits",
        "arabic-indic-digits",
        "space",
        "beyond-uint64",
        "unpadded-root",
        "31-byte-root",
        "urlsafe-base64",
        "noncanonical-base64",
        "empty-extension",
        "crlf",
    ],
)
def test_a_checkpoint_that_is_not_canonical_is_refused(body: str, step: str) -> None:
    """Anything format_checkpoint would not write is refused, naming the line at fault."""
    with pytest.raises(NoteError, match=step):
        parse_checkpoint(body)


@pytest.mark.parametrize(
    ("origin", "size", "root"),
    [
        ("", 1, ROOT),
        ("a\nb", 1, ROOT),
        ("log", -1, ROOT),
        ("log", 2**64, ROOT),
        ("log", True, ROOT),
        ("log", 1, ROOT[:31]),
    ],
    ids=["empty-origin", "newline-in-origin", "negative", "beyond-uint64", "bool", "short-root"],
)
def test_format_refuses_what_no_checkpoint_may_hold(origin: str, size: Any, root: bytes) -> None:
    """Origins with newlines, sizes outside uint64 and short roots are never written."""
    with pytest.raises(NoteError):
        format_checkpoint(origin, size, root)


# --- Signed notes ---------------------------------------------------------------------


def test_a_signed_note_is_the_body_an_empty_line_and_one_em_dash_line() -> None:
    """sign_note appends '\\n— <name> <base64(key id ‖ 64-byte signature)>\\n' to the body."""
    assert SIGNED.startswith(BODY + "\n\u2014 " + ORIGIN + " ")
    assert SIGNED.endswith("\n")
    blob = base64.b64decode(SIGNED[len(BODY) + 1 :].split(" ")[2])
    public_key = LOG_KEY.public_key().public_bytes_raw()
    assert blob[:4] == hashlib.sha256(ORIGIN.encode() + b"\n\x01" + public_key).digest()[:4]
    Ed25519PublicKey.from_public_bytes(public_key).verify(blob[4:], BODY.encode())
    assert len(blob) == 68


def test_a_signed_note_verifies_with_its_key_and_gives_back_the_body() -> None:
    """verify_note returns the body and the key that signed it."""
    verified = verify_note(SIGNED, required=[LOG_VKEY])
    assert verified.body == BODY
    assert verified.signed_by(LOG_VKEY)
    assert verified.unverified == ()


def test_parse_note_then_format_note_gives_back_the_same_text() -> None:
    """A note split into body and signatures and written again is byte-identical."""
    body, signatures = parse_note(COSIGNED)
    assert body == BODY
    assert [s.name for s in signatures] == [ORIGIN, WITNESS_NAME]
    assert format_note(body, signatures) == COSIGNED


def test_any_flipped_byte_of_a_signed_note_is_rejected() -> None:
    """Flipping any bit of the note's bytes makes it fail to decode, parse or verify."""
    for tampered in flip_each_byte(SIGNED):
        try:
            text = tampered.decode("utf-8")
        except UnicodeDecodeError:
            continue  # not UTF-8: no verifier can even read it as a note
        with pytest.raises(NoteError):
            verify_note(text, required=[LOG_VKEY])


def test_any_flipped_byte_of_a_cosigned_checkpoint_is_rejected() -> None:
    """With the log and the witness required, no single flipped bit gets through."""
    for tampered in flip_each_byte(COSIGNED):
        try:
            text = tampered.decode("utf-8")
        except UnicodeDecodeError:
            continue
        with pytest.raises(NoteError):
            verify_checkpoint(text, LOG_VKEY, witnesses=[WITNESS])


def test_a_note_signed_by_another_key_is_rejected() -> None:
    """A note whose only signature is by a different key has no signature by the required one."""
    other = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
    with pytest.raises(NoteError, match=f"no signature by the required key {ORIGIN}"):
        verify_note(sign_note(BODY, ORIGIN, other), required=[LOG_VKEY])


def test_a_wrong_key_behind_a_matching_name_and_key_id_is_rejected() -> None:
    """A known name and key id whose signature fails rejects the note (no fallback)."""
    impostor = VerifierKey(
        LOG_VKEY.name,
        LOG_VKEY.key_id,
        Ed25519PrivateKey.from_private_bytes(b"\x09" * 32).public_key().public_bytes_raw(),
    )
    with pytest.raises(NoteError, match="does not verify"):
        verify_note(SIGNED, required=[impostor])


def test_key_ids_are_sha256_of_name_newline_type_byte_and_key() -> None:
    """Note keys hash type 0x01 and cosigners type 0x04, so one key has two distinct ids."""
    public_key = WITNESS_KEY.public_key().public_bytes_raw()
    name = WITNESS_NAME.encode()
    assert (
        key_id(WITNESS_NAME, public_key)
        == (hashlib.sha256(name + b"\n\x01" + public_key).digest()[:4])
    )
    assert (
        witness_key_id(WITNESS_NAME, public_key)
        == (hashlib.sha256(name + b"\n\x04" + public_key).digest()[:4])
    )
    assert WITNESS.key_id == witness_key_id(WITNESS_NAME, public_key)
    assert key_id(WITNESS_NAME, public_key) != WITNESS.key_id


def test_signatures_by_unknown_keys_are_ignored_and_reported() -> None:
    """Unknown signature lines do not fail the note; they are returned as unverified."""
    stranger = Ed25519PrivateKey.from_private_bytes(b"\x05" * 32)
    _, signatures = parse_note(sign_note(BODY, "stranger.example", stranger))
    note = format_note(BODY, [*parse_note(SIGNED)[1], *signatures])
    verified = verify_note(note, required=[LOG_VKEY])
    assert verified.unverified == tuple(signatures)


def test_a_note_with_no_signature_by_any_given_key_is_rejected() -> None:
    """With only optional keys, at least one of them must have signed."""
    with pytest.raises(NoteError, match="no signature by any given key"):
        verify_note(SIGNED, required=[], optional=[WITNESS])


def test_two_different_keys_with_the_same_name_and_id_are_ambiguous() -> None:
    """Given two keys sharing name and key id, the verifier refuses to guess."""
    twin = VerifierKey(LOG_VKEY.name, LOG_VKEY.key_id, b"\x00" * 32)
    with pytest.raises(NoteError, match="share the name and key id"):
        verify_note(SIGNED, required=[LOG_VKEY], optional=[twin])


def test_a_note_may_carry_many_signatures_but_not_unboundedly_many() -> None:
    """Up to MAX_SIGNATURES lines are read (signed-note needs 16); one more is refused."""
    line = SIGNED[len(BODY) + 1 :]
    verify_note(BODY + "\n" + line * MAX_SIGNATURES, required=[LOG_VKEY])
    with pytest.raises(NoteError, match="too many signature lines"):
        verify_note(BODY + "\n" + line * (MAX_SIGNATURES + 1), required=[LOG_VKEY])


# --- Known answers from Go's golang.org/x/mod/sumdb/note ------------------------------


def test_signing_reproduces_the_go_note_test_vector_byte_for_byte() -> None:
    """The PeterNeumann key signs Go's example text into exactly Go's published note."""
    name, seed = parse_private_key(GO_SKEY)
    key = Ed25519PrivateKey.from_private_bytes(seed)
    assert format_vkey(name, key.public_key().public_bytes_raw()) == GO_VKEY
    assert sign_note(GO_TEXT, name, key) == GO_TEXT + "\n" + GO_PETER_SIG


def test_the_go_note_with_a_known_and_an_unknown_signature_verifies() -> None:
    """As in Go's TestOpen: Peter's signature verifies, Enoch's is unverified, then both."""
    note = GO_TEXT + "\n" + GO_PETER_SIG + GO_ENOCH_SIG
    peter, enoch = parse_vkey(GO_VKEY), parse_vkey(GO_ENOCH_VKEY)
    verified = verify_note(note, required=[peter])
    assert verified.body == GO_TEXT
    assert [s.name for s in verified.unverified] == ["EnochRoot"]
    assert verified.unverified[0].key_id == bytes.fromhex("af0cfe78")
    both = verify_note(note, required=[peter, enoch])
    assert both.signed_by(peter)
    assert both.signed_by(enoch)


def test_the_go_note_with_a_corrupted_signature_is_rejected() -> None:
    """As in Go's TestOpen: 'ABCD' inserted into Peter's signature rejects the note."""
    corrupted = GO_PETER_SIG[:60] + "ABCD" + GO_PETER_SIG[60:]
    with pytest.raises(NoteError, match="PeterNeumann"):
        verify_note(GO_TEXT + "\n" + corrupted, required=[parse_vkey(GO_VKEY)])


@pytest.mark.parametrize(
    "note",
    [
        GO_TEXT,
        GO_TEXT + "\n",
        GO_TEXT + "\n" + GO_PETER_SIG[:-1],
        "\x01" + GO_TEXT + "\n" + GO_PETER_SIG,
        "\udcff" + GO_TEXT + "\n" + GO_PETER_SIG,
        GO_TEXT + "\n" + "— Bad Name " + GO_PETER_SIG.split(" ")[2],
        GO_TEXT + "\n" + GO_PETER_SIG + "Unexpected line.\n",
        GO_TEXT + "\n" + GO_PETER_SIG.replace("\u2014", "-"),
        GO_TEXT.replace("\n", "\r\n") + "\r\n" + GO_PETER_SIG,
    ],
    ids=[
        "no-signatures",
        "empty-signature-block",
        "no-final-newline",
        "control-character",
        "invalid-utf8",
        "space-in-name",
        "trailing-text",
        "hyphen-not-em-dash",
        "crlf",
    ],
)
def test_malformed_notes_are_rejected_as_go_rejects_them(note: str) -> None:
    """Go's TestOpen malformed messages (and a CRLF note) are refused before any check."""
    with pytest.raises(NoteError):
        verify_note(note, required=[parse_vkey(GO_VKEY)])


# --- Cosignatures ---------------------------------------------------------------------


def test_a_cosignature_is_key_id_big_endian_time_and_signature_over_the_v1_message() -> None:
    """The line holds the 0x04 key id, the 8-byte time and Ed25519 over the v1 message."""
    assert COSIGNATURE.startswith(f"\u2014 {WITNESS_NAME} ")
    assert COSIGNATURE.endswith("\n")
    blob = base64.b64decode(COSIGNATURE.split(" ")[2])
    assert len(blob) == 4 + 8 + 64
    assert blob[:4] == WITNESS.key_id
    assert int.from_bytes(blob[4:12], "big") == TIME
    message = f"cosignature/v1\ntime {TIME}\n".encode() + BODY.encode()
    assert cosignature_message(BODY, TIME) == message
    Ed25519PublicKey.from_public_bytes(WITNESS.public_key).verify(blob[12:], message)


def test_a_cosignature_verifies_and_gives_back_its_time() -> None:
    """verify_cosignature and verify_note both return the witness's timestamp."""
    assert verify_cosignature(BODY, COSIGNATURE, WITNESS) == TIME
    checkpoint, verified = verify_checkpoint(COSIGNED, LOG_VKEY, witnesses=[WITNESS], origin=ORIGIN)
    assert checkpoint == parse_checkpoint(BODY)
    assert verified.timestamp_of(WITNESS) == TIME


def test_a_cosignature_with_a_changed_timestamp_is_rejected() -> None:
    """Changing any bit of the 8 timestamp bytes breaks the signature."""
    name, kid, payload = parse_note(COSIGNED)[1][1]
    for position in range(8):
        tampered = bytearray(payload)
        tampered[position] ^= 0x01
        line = NoteSignature(name, kid, bytes(tampered)).line()
        with pytest.raises(NoteError, match="does not verify"):
            verify_cosignature(BODY, line, WITNESS)


def test_a_cosignature_of_another_checkpoint_is_rejected() -> None:
    """A cosignature is bound to the exact checkpoint text it was made for."""
    other = format_checkpoint(ORIGIN, 43, ROOT)
    with pytest.raises(NoteError, match="does not verify"):
        verify_cosignature(other, COSIGNATURE, WITNESS)


def test_a_plain_signature_and_a_cosignature_are_not_interchangeable() -> None:
    """The 0x01 and 0x04 key ids differ, so neither kind of line passes as the other."""
    plain_vkey = parse_vkey(format_vkey(WITNESS_NAME, WITNESS.public_key))
    with pytest.raises(NoteError, match="no signature by the required key"):
        verify_note(COSIGNED, required=[plain_vkey])
    plain_line = sign_note(BODY, WITNESS_NAME, WITNESS_KEY)[len(BODY) + 1 :]
    with pytest.raises(NoteError, match="not by this witness key"):
        verify_cosignature(BODY, plain_line, WITNESS)


def test_a_checkpoint_without_the_required_cosignature_is_rejected() -> None:
    """verify_checkpoint needs every listed witness, and the expected origin."""
    with pytest.raises(NoteError, match=f"required key {WITNESS_NAME}"):
        verify_checkpoint(SIGNED, LOG_VKEY, witnesses=[WITNESS])
    with pytest.raises(NoteError, match="another log"):
        verify_checkpoint(COSIGNED, LOG_VKEY, origin="other.example/log")


def test_only_checkpoints_are_cosigned() -> None:
    """cosignature/v1 covers checkpoint text only; other text is refused."""
    with pytest.raises(NoteError, match="checkpoint"):
        cosign("just a note\n", WITNESS_NAME, WITNESS_KEY, TIME)


@pytest.mark.parametrize("timestamp", [-1, 2**63, True])
def test_cosignature_times_outside_0_to_2_63_minus_1_are_refused(timestamp: Any) -> None:
    """tlog-cosignature: the timestamp MUST NOT exceed 2^63 - 1; negatives are not times."""
    with pytest.raises(NoteError, match="timestamp"):
        cosign(BODY, WITNESS_NAME, WITNESS_KEY, timestamp)


def test_a_cosignature_line_claiming_a_time_beyond_2_63_is_refused() -> None:
    """A line whose 8 time bytes exceed 2^63 - 1 is refused when parsed."""
    name, kid, payload = parse_note(COSIGNED)[1][1]
    line = NoteSignature(name, kid, b"\x80" + payload[1:]).line()
    with pytest.raises(NoteError, match="timestamp"):
        parse_cosignature(line)


def test_the_c2sp_example_cosignature_carries_the_time_of_its_signed_message() -> None:
    """The spec's example line parses to key id 8d66cf3f and time 1679315147."""
    cosignature = parse_cosignature(SPEC_COSIGNATURE_LINE)
    assert cosignature.name == "witness.example.com/w1"
    assert cosignature.key_id == bytes.fromhex("8d66cf3f")
    assert cosignature.timestamp == 1679315147
    assert len(cosignature.signature) == 64


def test_transparency_dev_cosignature_timestamps_read_the_same() -> None:
    """transparency-dev's cosignature parses to 1727964367; its plain signature is refused."""
    assert parse_cosignature(f"— w {TD_COSIGNATURE}").timestamp == 1727964367
    with pytest.raises(NoteError, match="8-byte timestamp"):
        parse_cosignature(f"— w {TD_PLAIN_SIGNATURE}")


# --- Witness keys ---------------------------------------------------------------------


def test_a_witness_vkey_round_trips_and_carries_type_0x04() -> None:
    """format then parse gives the same key; the key blob starts with 0x04."""
    text = format_witness_vkey(WITNESS_NAME, WITNESS.public_key)
    assert parse_witness_vkey(text) == WITNESS
    assert base64.b64decode(text.split("+", 2)[2])[0] == 0x04
    assert text.split("+")[1] == WITNESS.key_id.hex()


def test_a_published_native_cosigner_vkey_parses() -> None:
    """transparency-dev's 0x04 vkey for remora.n621.de parses with its key id da77ade7."""
    key = parse_witness_vkey(TD_WITNESS_VKEY)
    assert key == WitnessKey(
        "remora.n621.de",
        bytes.fromhex("da77ade7"),
        base64.b64decode("BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2")[1:],
    )
    assert parse_key(TD_WITNESS_VKEY) == key


def test_a_plain_ed25519_vkey_is_not_a_witness_key() -> None:
    """A 0x01 vkey is refused as a cosigner key, naming the type byte found."""
    with pytest.raises(KeyFormatError, match="found 0x01"):
        parse_witness_vkey(TD_ED25519_VKEY)
    assert parse_key(TD_ED25519_VKEY) == parse_vkey(TD_ED25519_VKEY)


@pytest.mark.parametrize(
    "text",
    [
        TD_WITNESS_VKEY.replace("da77ade7", "da77ade8"),
        TD_WITNESS_VKEY.replace("remora", "remorb"),
        "remora.n621.de+da77ade7",
        "remora.n621.de+da77ade7+BOvN63jn",
        "remora.n621.de+da77ade7+not base64!",
        "remora n621+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",
    ],
    ids=["wrong-id", "wrong-name", "two-parts", "short-key", "not-base64", "space-in-name"],
)
def test_malformed_witness_vkeys_are_refused(text: str) -> None:
    """A vkey whose id, name, length or encoding is off is refused."""
    with pytest.raises(KeyFormatError):
        parse_witness_vkey(text)


# --- Published vectors ----------------------------------------------------------------


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_log_vectors", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_published_checkpoint_vectors_are_current() -> None:
    """docs/test-vectors/checkpoint.json is exactly what scripts/make_log_vectors.py writes."""
    assert load_script().render()["checkpoint.json"] == CHECKPOINT_VECTORS.read_text("utf-8")


def test_the_published_checkpoint_vectors_hold() -> None:
    """The published seeds give the published vkeys, and the published notes verify."""
    document = json.loads(CHECKPOINT_VECTORS.read_text("utf-8"))
    log, witness = document["log_key"], document["witness_key"]
    log_key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(log["seed_hex"]))
    witness_key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(witness["seed_hex"]))
    assert format_vkey(log["name"], log_key.public_key().public_bytes_raw()) == log["vkey"]
    assert parse_private_key(log["private_key"]) == (log["name"], bytes.fromhex(log["seed_hex"]))
    assert (
        format_witness_vkey(witness["name"], witness_key.public_key().public_bytes_raw())
        == witness["vkey"]
    )
    body = document["checkpoint"]["body"]
    assert sign_note(body, log["name"], log_key) == document["signed_note"]
    assert (
        cosign(body, witness["name"], witness_key, document["cosignature"]["timestamp"])
        == (document["cosignature"]["line"])
    )
    checkpoint, verified = verify_checkpoint(
        document["cosigned_note"],
        parse_vkey(log["vkey"]),
        witnesses=[parse_witness_vkey(witness["vkey"])],
        origin=document["checkpoint"]["origin"],
    )
    assert checkpoint.root.hex() == document["checkpoint"]["root_hex"]
    assert verified.timestamp_of(parse_witness_vkey(witness["vkey"])) == 1767225600
