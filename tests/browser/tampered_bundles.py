"""Tampered court bundles for the verifiers' tests (tests/browser/test_verify_page.py).

Each builder starts from a bundle vector of ``docs/test-vectors/`` and changes it as someone
handling the file could; ``TAMPERED`` says, for each, the keys a clerk gives and the checks of
docs/spec.md §8.1 that must fail, in both ``jianzheng verify-bundle`` and ``docs/verify.html``.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.proof.chain import hash_canonical
from domain.proof.checkpoint import format_witness_vkey, sign_note
from domain.proof.note import format_vkey

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "verify.html"
PACKAGED = ROOT / "api" / "static" / "verify.html"
VECTORS = ROOT / "docs" / "test-vectors"

KEYS: dict[str, Any] = json.loads((VECTORS / "checkpoint.json").read_text("utf-8"))
LOG_VKEY: str = KEYS["log_key"]["vkey"]
LOG_NAME: str = KEYS["log_key"]["name"]
WITNESS_VKEY: str = KEYS["witness_key"]["vkey"]
WITNESS_NAME: str = KEYS["witness_key"]["name"]
LOG_PRIVATE = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(KEYS["log_key"]["seed_hex"]))

CASE_BYTES = (VECTORS / "bundle.json").read_bytes()
CHILD_BYTES = (VECTORS / "child-bundle.json").read_bytes()
CASE: dict[str, Any] = json.loads(CASE_BYTES)
CHILD: dict[str, Any] = json.loads(CHILD_BYTES)


def reencoded(bundle: dict[str, Any]) -> bytes:
    return json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")


def made_up_key(label: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())


def body_of(note: str) -> str:
    return note[: note.rindex("\n\n") + 1]


def lines_of(note: str) -> list[str]:
    return note[note.rindex("\n\n") + 2 :].splitlines(keepends=True)


def changed_data_byte() -> bytes:
    """One byte of an event's data changed (张三 becomes 张上): its hash, inclusion and the
    next event's prev fail."""
    bundle = copy.deepcopy(CASE)
    event = bundle["streams"][0]["events"][0]
    canonical = base64.b64decode(event["canonical"])
    at = canonical.index("张三".encode()) + 5
    changed = canonical[:at] + bytes([canonical[at] ^ 0x03]) + canonical[at + 1 :]
    assert changed.decode("utf-8") != canonical.decode("utf-8")
    event["canonical"] = base64.b64encode(changed).decode("ascii")
    return reencoded(bundle)


def dropped_middle_event() -> bytes:
    bundle = copy.deepcopy(CASE)
    del bundle["streams"][0]["events"][1]
    return reencoded(bundle)


def reordered_events() -> bytes:
    bundle = copy.deepcopy(CASE)
    events = bundle["streams"][0]["events"]
    events[1], events[2] = events[2], events[1]
    return reencoded(bundle)


def wrong_proof_node() -> bytes:
    bundle = copy.deepcopy(CASE)
    proof = bundle["streams"][0]["events"][2]["inclusion_proof"]
    proof[1] = hashlib.sha256(b"not a node of this tree").hexdigest()
    return reencoded(bundle)


def wrong_leaf_index() -> bytes:
    bundle = copy.deepcopy(CASE)
    bundle["streams"][0]["events"][0]["leaf_index"] = 6
    return reencoded(bundle)


def wrong_tree_size() -> bytes:
    """The checkpoint's size line changed: its signatures no longer hold."""
    bundle = copy.deepcopy(CASE)
    bundle["checkpoint"] = bundle["checkpoint"].replace(f"{LOG_NAME}\n10\n", f"{LOG_NAME}\n11\n")
    return reencoded(bundle)


def signed_by_another_key() -> bytes:
    """The same checkpoint body signed by a key that is not the log's (same key name)."""
    bundle = copy.deepcopy(CASE)
    body = body_of(bundle["checkpoint"])
    forged = sign_note(body, LOG_NAME, made_up_key("not the log"))
    bundle["checkpoint"] = forged + lines_of(bundle["checkpoint"])[1]
    return reencoded(bundle)


def forged_cosignature() -> bytes:
    """The witness's line keeps its name, key ID and time, with a signature it never made."""
    bundle = copy.deepcopy(CASE)
    log_line, witness_line = lines_of(bundle["checkpoint"])
    name, blob = witness_line[len("\u2014 ") : -1].split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[20] ^= 0x01
    forged = f"\u2014 {name} {base64.b64encode(bytes(raw)).decode()}\n"
    bundle["checkpoint"] = body_of(bundle["checkpoint"]) + "\n" + log_line + forged
    return reencoded(bundle)


def changed_root_resigned() -> bytes:
    """Another root, signed by the (published test) log key itself; the witness's
    cosignature is kept, as a log that rewrote history would have to."""
    bundle = copy.deepcopy(CASE)
    other_root = base64.b64encode(hashlib.sha256(b"another history").digest()).decode()
    body = f"{LOG_NAME}\n10\n{other_root}\n"
    bundle["checkpoint"] = sign_note(body, LOG_NAME, LOG_PRIVATE) + lines_of(CASE["checkpoint"])[1]
    return reencoded(bundle)


def altered_withheld_hash() -> bytes:
    """The child bundle's withheld filing (the first report, seq 1) under another hash."""
    bundle = copy.deepcopy(CHILD)
    withheld = bundle["streams"][1]["events"][0]
    assert "withheld" in withheld
    withheld["event_hash"] = hashlib.sha256(b"someone else reported").hexdigest()
    return reencoded(bundle)


def altered_commitment() -> bytes:
    """The second report's filing commits to another reporter; its hash is recomputed, as a
    forger would."""
    bundle = copy.deepcopy(CHILD)
    event = bundle["streams"][2]["events"][0]
    envelope = json.loads(base64.b64decode(event["canonical"]))
    envelope["data"]["reporter"]["commitment"] = "ab" * 32
    canonical = json.dumps(
        envelope, ensure_ascii=False, separators=(",", ":"), sort_keys=True
    ).encode()
    event["canonical"] = base64.b64encode(canonical).decode("ascii")
    event["event_hash"] = hash_canonical(canonical)
    return reencoded(bundle)


def ruling_hidden_as_withheld() -> bytes:
    """The petition's ruling replaced by a withheld marker the heads do not list (R-RP-3)."""
    bundle = copy.deepcopy(CHILD)
    ruling = bundle["streams"][3]["events"][1]
    del ruling["canonical"]
    ruling["withheld"] = "reporter-identity (R-RP-3)"
    return reencoded(bundle)


def report_cut_short() -> bytes:
    """A report's last event dropped: the stream no longer ends at its logged head."""
    bundle = copy.deepcopy(CHILD)
    del bundle["streams"][1]["events"][-1]
    return reencoded(bundle)


def downgraded_to_case() -> bytes:
    """Attack round 1, #1, as reproduced: the child bundle called a case bundle, its heads
    deleted and every stream but the child's file dropped (its reports and petitions gone,
    and no "complete as of")."""
    bundle = copy.deepcopy(CHILD)
    bundle["subject"]["kind"] = "case"
    bundle.pop("heads")
    bundle["streams"] = [s for s in bundle["streams"] if s["role"] == "subject"]
    return reencoded(bundle)


def downgraded_to_anything() -> bytes:
    """The same, with a subject kind that is neither ``case`` nor ``child``."""
    bundle = json.loads(downgraded_to_case())
    bundle["subject"]["kind"] = "anything"
    return reencoded(bundle)


def anything_with_heads() -> bytes:
    """A subject kind that is neither ``case`` nor ``child``, everything else intact."""
    bundle = copy.deepcopy(CHILD)
    bundle["subject"]["kind"] = "anything"
    return reencoded(bundle)


def downgraded_keeping_the_petition() -> bytes:
    """Only the child's file and the petition kept, called a case bundle: the reports go."""
    bundle = copy.deepcopy(CHILD)
    bundle["subject"]["kind"] = "case"
    bundle.pop("heads")
    bundle["streams"] = [s for s in bundle["streams"] if s["role"] in ("subject", "petition")]
    return reencoded(bundle)


def case_holding_a_petition() -> bytes:
    """A real case bundle with a child's petition stream (from the child bundle) added:
    a bundle without heads may hold only the kinds of a case bundle (§7.3). The petition's
    leaves are of another log, so its proofs fail too."""
    bundle = copy.deepcopy(CASE)
    bundle["streams"].append(copy.deepcopy(CHILD["streams"][3]))
    return reencoded(bundle)


def case_with_a_child_subject() -> bytes:
    """A case bundle whose subject is the child's file, with its heads kept: the heads
    state a child subject (7.2), and a case's subject is an enforcement stream (6)."""
    bundle = copy.deepcopy(CHILD)
    bundle["subject"]["kind"] = "case"
    return reencoded(bundle)


def child_without_heads() -> bytes:
    """A child bundle whose heads member is deleted: step 7 still runs and fails."""
    bundle = copy.deepcopy(CHILD)
    bundle.pop("heads")
    return reencoded(bundle)


def both_canonical_and_withheld() -> bytes:
    """Attack round 1, #10: an event with both ``canonical`` and ``withheld`` (§7.1)."""
    bundle = copy.deepcopy(CASE)
    bundle["streams"][0]["events"][1]["withheld"] = "reporter-identity (R-RP-3)"
    return reencoded(bundle)


def neither_canonical_nor_withheld() -> bytes:
    bundle = copy.deepcopy(CASE)
    del bundle["streams"][0]["events"][1]["canonical"]
    return reencoded(bundle)


def heads_seq_written_as_a_float() -> bytes:
    """Attack round 1, #10: ``heads.seq`` written ``2.0``, refused as ``leaf_index`` ``7.0`` is."""
    text = CHILD_BYTES.decode("utf-8")
    stream, seq = CHILD["heads"]["stream"], CHILD["heads"]["seq"]
    written = f' "heads": {{\n  "stream": "{stream}",\n  "seq": {seq}\n }}'
    assert text.count(written) == 1
    return text.replace(written, written.replace(f'"seq": {seq}', f'"seq": {seq}.0')).encode()


def leaf_index_written_as_a_float() -> bytes:
    text = CASE_BYTES.decode("utf-8")
    assert text.count('"leaf_index": 7,') == 1
    return text.replace('"leaf_index": 7,', '"leaf_index": 7.0,').encode()


def heads_seq_written_as_true() -> bytes:
    bundle = copy.deepcopy(CHILD)
    bundle["heads"]["seq"] = True
    return reencoded(bundle)


def truncated() -> bytes:
    return CASE_BYTES[: len(CASE_BYTES) // 2]


def not_json() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"


ANOTHER_LOG_VKEY = format_vkey(LOG_NAME, made_up_key("a stranger").public_key().public_bytes_raw())
UNKNOWN_WITNESS_VKEY = format_witness_vkey(
    "witness.example/unknown", made_up_key("a witness").public_key().public_bytes_raw()
)

TAMPERED: dict[str, tuple[Callable[[], bytes], str | None, list[str], list[str]]] = {
    # name: (the file, the log key given, the witness keys given, the checks that fail)
    "changed-data-byte": (changed_data_byte, LOG_VKEY, [WITNESS_VKEY], ["5.2", "5.5", "5.6"]),
    "dropped-middle-event": (dropped_middle_event, LOG_VKEY, [WITNESS_VKEY], ["5.4", "5.5"]),
    "reordered-events": (reordered_events, LOG_VKEY, [WITNESS_VKEY], ["5.4", "5.5"]),
    "wrong-proof-node": (wrong_proof_node, LOG_VKEY, [WITNESS_VKEY], ["5.6"]),
    "wrong-leaf-index": (wrong_leaf_index, LOG_VKEY, [WITNESS_VKEY], ["5.6"]),
    "wrong-tree-size": (wrong_tree_size, LOG_VKEY, [WITNESS_VKEY], ["4"]),
    "signed-by-another-key": (signed_by_another_key, LOG_VKEY, [WITNESS_VKEY], ["4"]),
    "forged-cosignature": (forged_cosignature, LOG_VKEY, [WITNESS_VKEY], ["4"]),
    "cosigned-by-a-witness-not-given": (
        lambda: CASE_BYTES,
        LOG_VKEY,
        [UNKNOWN_WITNESS_VKEY],
        ["4"],
    ),
    "changed-root-resigned-with-witness": (changed_root_resigned, LOG_VKEY, [WITNESS_VKEY], ["4"]),
    "changed-root-resigned-log-key-only": (changed_root_resigned, LOG_VKEY, [], ["5.6"]),
    "withheld-hash-altered": (altered_withheld_hash, LOG_VKEY, [WITNESS_VKEY], ["5.5", "5.6"]),
    # The next event is withheld (its prev cannot be read): the log alone catches it.
    "commitment-altered": (altered_commitment, LOG_VKEY, [WITNESS_VKEY], ["5.6"]),
    "ruling-hidden-as-withheld": (ruling_hidden_as_withheld, LOG_VKEY, [WITNESS_VKEY], ["7.3"]),
    "report-cut-short": (report_cut_short, LOG_VKEY, [WITNESS_VKEY], ["7.3"]),
    "downgraded-to-case": (downgraded_to_case, LOG_VKEY, [WITNESS_VKEY], ["6", "7.5"]),
    "downgraded-to-anything": (downgraded_to_anything, LOG_VKEY, [WITNESS_VKEY], ["6", "7.5"]),
    "downgraded-keeping-the-petition": (
        downgraded_keeping_the_petition,
        LOG_VKEY,
        [WITNESS_VKEY],
        ["6", "7.5"],
    ),
    "anything-with-heads": (anything_with_heads, LOG_VKEY, [WITNESS_VKEY], ["6", "7.2"]),
    "case-holding-a-petition": (
        case_holding_a_petition,
        LOG_VKEY,
        [WITNESS_VKEY],
        ["5.6", "7.5"],
    ),
    "case-with-a-child-subject": (
        case_with_a_child_subject,
        LOG_VKEY,
        [WITNESS_VKEY],
        ["6", "7.2"],
    ),
    "child-without-heads": (child_without_heads, LOG_VKEY, [WITNESS_VKEY], ["7.1"]),
    "both-canonical-and-withheld": (
        both_canonical_and_withheld,
        LOG_VKEY,
        [WITNESS_VKEY],
        ["5.1"],
    ),
    "neither-canonical-nor-withheld": (
        neither_canonical_nor_withheld,
        LOG_VKEY,
        [WITNESS_VKEY],
        ["5.1"],
    ),
    "heads-seq-written-as-a-float": (
        heads_seq_written_as_a_float,
        LOG_VKEY,
        [WITNESS_VKEY],
        ["7.1"],
    ),
    "heads-seq-written-as-true": (heads_seq_written_as_true, LOG_VKEY, [WITNESS_VKEY], ["7.1"]),
    "leaf-index-written-as-a-float": (
        leaf_index_written_as_a_float,
        LOG_VKEY,
        [WITNESS_VKEY],
        ["5.6"],
    ),
    "truncated-file": (truncated, LOG_VKEY, [WITNESS_VKEY], ["1"]),
    "not-json": (not_json, LOG_VKEY, [WITNESS_VKEY], ["1"]),
    "wrong-log-vkey": (lambda: CASE_BYTES, ANOTHER_LOG_VKEY, [WITNESS_VKEY], ["4"]),
    "malformed-log-vkey": (lambda: CASE_BYTES, "jianzheng.example/test-log+zz+AA", [], ["3", "4"]),
}
