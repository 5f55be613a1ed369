"""The in-browser bundle verifier (``docs/verify.html``, ``GET /verify``) in real Chromium.

A court's clerk drops a bundle and pastes the log's and the witnesses' vkeys; the page runs
each check of docs/spec.md §8.1 with WebCrypto and must reach the same outcome, with the same
words, as ``jianzheng verify-bundle`` (run here as the clerk would, in a subprocess, with
``--json``). The page's JavaScript was written from the spec alone; these tests hold it to
the vectors of ``docs/test-vectors/`` and to tampered bundles built from them, through
``window.jianzhengVerify`` and through the file input a person uses.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page

from domain.proof.chain import hash_canonical
from domain.proof.checkpoint import format_witness_vkey, sign_note
from domain.proof.note import format_vkey
from tests.browser.conftest import Served, screenshot

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

KEY_SETS = {
    "log-and-witness": (LOG_VKEY, [WITNESS_VKEY]),
    "log-only": (LOG_VKEY, []),
    "no-key": (None, []),
}


# -- the two verifiers ----------------------------------------------------------------------


def verify_bundle_cli(
    data: bytes, log_key: str | None, witnesses: list[str], tmp_path: Path
) -> tuple[int, dict[str, Any] | None, str]:
    """``jianzheng verify-bundle FILE --json`` on ``data``: exit status, report, stderr."""
    path = tmp_path / f"bundle-{hashlib.sha256(data).hexdigest()[:12]}.json"
    path.write_bytes(data)
    args = [sys.executable, "-m", "api", "verify-bundle", str(path), "--json"]
    if log_key is not None:
        args += ["--log-key", log_key]
    for witness in witnesses:
        args += ["--witness-key", witness]
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    report = json.loads(done.stdout) if done.returncode in (0, 1) else None
    return done.returncode, report, done.stderr


def open_verifier(page: Page, url: str | None = None) -> None:
    page.goto(url or PAGE.as_uri())
    page.wait_for_selector("body[data-state=ready]")


def verify_in_page(
    page: Page, data: bytes, log_key: str | None, witnesses: list[str]
) -> dict[str, Any]:
    """``window.jianzhengVerify`` on the bytes of a file (passed as base64)."""
    result: dict[str, Any] = page.evaluate(
        """async ([b64, logKey, witnesses]) => {
             const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
             return await window.jianzhengVerify(bytes, logKey, witnesses);
           }""",
        [base64.b64encode(data).decode("ascii"), log_key, witnesses],
    )
    return result


def failing_checks(report: dict[str, Any]) -> list[str]:
    return [check["id"] for check in report["checks"] if check["status"] == "fail"]


def assert_agree(page_report: dict[str, Any], cli_report: dict[str, Any]) -> None:
    """Every member the CLI prints with ``--json`` is the page's, problems word for word, and
    each problem is shown under exactly one check of §8.1, which then fails."""
    assert {key: page_report[key] for key in cli_report} == cli_report
    shown = [problem for check in page_report["checks"] for problem in check["problems"]]
    assert sorted(shown) == sorted(cli_report["problems"])
    for check in page_report["checks"]:
        assert (check["status"] == "fail") == bool(check["problems"]), check


# -- the page is one self-contained file ----------------------------------------------------


def test_docs_verify_html_is_the_page_the_app_serves_byte_for_byte() -> None:
    """docs/verify.html (for clerks, opened from disk) is api/static/verify.html (served)."""
    assert PAGE.read_bytes() == PACKAGED.read_bytes(), (
        "docs/verify.html and api/static/verify.html differ: edit api/static/verify.html, "
        "then `cp api/static/verify.html docs/verify.html`"
    )


def test_the_page_references_no_file_and_no_address_to_load() -> None:
    """Inline CSS and JavaScript only: no src/href but data:, no network API is called."""
    html = PAGE.read_text("utf-8")
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?!data:)([^"'\s>]+)""", html) == []
    for call in ("fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "import("):
        assert call not in html, call
    assert "connect-src 'none'" in html  # and the page's own policy forbids any connection


# -- the vectors: OK in the page as in the CLI ----------------------------------------------


@pytest.mark.parametrize("keys", list(KEY_SETS), ids=list(KEY_SETS))
@pytest.mark.parametrize(
    "data", [CASE_BYTES, CHILD_BYTES], ids=["bundle.json", "child-bundle.json"]
)
def test_every_bundle_vector_verifies_in_the_page_as_in_verify_bundle(
    page: Page, tmp_path: Path, data: bytes, keys: str
) -> None:
    """§8.1: both bundle vectors hold in Chromium, with the CLI's story, notes and counts."""
    log_key, witnesses = KEY_SETS[keys]
    status, cli_report, _ = verify_bundle_cli(data, log_key, witnesses, tmp_path)
    open_verifier(page)
    report = verify_in_page(page, data, log_key, witnesses)
    assert status == 0
    assert cli_report is not None
    assert report["ok"] is True
    assert_agree(report, cli_report)
    assert failing_checks(report) == []
    assert report["trusted"] is (log_key is not None)  # without a log key: self-consistent only
    statuses = {check["id"]: check["status"] for check in report["checks"]}
    if data == CHILD_BYTES:
        assert statuses["7.3"] == "pass"
        assert statuses["7.5"] == "n/a"
    else:
        assert statuses["7.3"] == "n/a"
        assert statuses["7.5"] == "pass"


def test_the_event_vectors_canonicalise_and_hash_in_the_page(page: Page) -> None:
    """§1.2–§1.3: the page's JCS and event hash give every vector of events.json."""
    open_verifier(page)
    vectors = json.loads((VECTORS / "events.json").read_text("utf-8"))["vectors"]
    for vector in vectors:
        envelope = json.dumps(vector["envelope"], ensure_ascii=False)
        canonical = primitive(page, "canonical", envelope)
        assert canonical == vector["canonical_base64"], vector["name"]
        assert primitive(page, "eventHash", canonical) == vector["event_hash"], vector["name"]
        decoded = primitive(page, "envelope", canonical)
        assert decoded["event_hash"] == vector["event_hash"]
        assert decoded["data"] == vector["envelope"]["data"]


def test_the_tree_vectors_hash_and_prove_in_the_page(page: Page) -> None:
    """§2.2–§3.2: leaf hashes, every root, every inclusion and consistency proof of tree.json;
    each proof fails against another root."""
    open_verifier(page)
    tree = json.loads((VECTORS / "tree.json").read_text("utf-8"))
    leaves = [primitive(page, "leafHash", leaf["event_hash"]) for leaf in tree["leaves"]]
    assert leaves == [leaf["leaf_hash"] for leaf in tree["leaves"]]
    roots = {r["size"]: r["root"] for r in tree["roots"]}
    for size, root in roots.items():
        assert primitive(page, "root", leaves[:size]) == root, size
    other = "00" * 32
    for proof in tree["inclusion_proofs"]:
        args = [leaves[proof["index"]], proof["index"], proof["size"], proof["proof"]]
        assert outcome(page, "verifyInclusion", *args, roots[proof["size"]])["ok"], proof
        assert not outcome(page, "verifyInclusion", *args, other)["ok"], proof
    for proof in tree["consistency_proofs"]:
        args = [proof["size1"], proof["size2"], proof["proof"], roots[proof["size1"]]]
        assert outcome(page, "verifyConsistency", *args, roots[proof["size2"]])["ok"], proof
        if 0 < proof["size1"] < proof["size2"]:  # from size 0, any second root is consistent
            assert not outcome(page, "verifyConsistency", *args, other)["ok"], proof


def test_the_checkpoint_vectors_verify_in_the_page(page: Page) -> None:
    """§4.3–§5.6: key IDs, the signed note, and the cosigned note with its time."""
    open_verifier(page)
    log = primitive(page, "parseLogVkey", LOG_VKEY)
    assert log == {
        "name": LOG_NAME, "key_id": "1c8ae201", "public_key": KEYS["log_key"]["public_key_hex"],
    }  # fmt: skip
    witness = primitive(page, "parseWitnessVkey", WITNESS_VKEY)
    assert witness["key_id"] == "7de049e4"
    signed = primitive(page, "verifyCheckpoint", KEYS["signed_note"], LOG_VKEY, [])
    assert (signed["size"], signed["root"]) == (13, KEYS["checkpoint"]["root_hex"])
    cosigned = primitive(page, "verifyCheckpoint", KEYS["cosigned_note"], LOG_VKEY, [WITNESS_VKEY])
    assert cosigned["cosignatures"] == [{"witness": WITNESS_NAME, "time": 1767225600}]
    missing = outcome(page, "verifyCheckpoint", KEYS["signed_note"], LOG_VKEY, [WITNESS_VKEY])
    required = f"{WITNESS_NAME}+7de049e4"
    assert missing == {
        "ok": False,
        "error": f"NoteError: signed note: no signature by the required key {required}",
    }
    # A witness vkey is not a log vkey (type 0x04, not 0x01).
    assert not outcome(page, "parseLogVkey", WITNESS_VKEY)["ok"]


def test_the_reporter_commitment_of_the_spec_is_the_child_bundles_filing(page: Page) -> None:
    """§7.8: the example opening gives the commitment in the second report's filing."""
    open_verifier(page)
    reporter = json.dumps({"name": "李医生", "phone": "13800001234", "unit": "张店区人民医院"})
    salt = bytes(range(32)).hex()
    value = primitive(page, "commitment", "7b8c9d0e-1f2a-4b3c-8d5e-6f7a8b9c0d1e", reporter, salt)
    assert value == "1e78ecbb51025d35bb607bb00caad0b2000ff6ef1cfa00a17a5d29dbc00ed4ee"
    filing = json.loads(base64.b64decode(CHILD["streams"][2]["events"][0]["canonical"]))
    assert filing["data"]["reporter"]["commitment"] == value


def outcome(page: Page, name: str, *args: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        "([name, args]) => window.jianzhengVerify.primitives[name](...args)", [name, list(args)]
    )
    return result


def primitive(page: Page, name: str, *args: Any) -> Any:
    result = outcome(page, name, *args)
    assert result["ok"], result
    return result["value"]


# -- the readers that word the CLI's messages read as Python's do ---------------------------

BASE64_INPUTS = ["QQ==", "QR==", "QQ=", "QQ", "Q", "QUJD=", "QQ==QQ==", "Q Q==", "", "=", "QU=D",
                 "QUJDRA==", "QUJD=Q", "QQ===", "中"]  # fmt: skip
HEX_INPUTS = ["aa bb", " aa", "a a", "AABB", "aa\tbb", "a", "aag0", "aa\u3000bb", "", " "]
JSON_INPUTS = [
    b'{"a":1,"a":2}', b"NaN", b"[1e400]", b'"\\ud800"', b"[-0]", b"[1.0]", b'{"a":1', b"[1,]",
    b'"abc', b'{"a" 1}', b"[01]", b" [1] ", b"[1] x", b'"\x01"', b"{", b"", b"[", b'"\\x"',
    b'"\\u12"', b'{"a":1,}', b"tru", b"-", b"1.", b"1e5", b"[\xe5\x8f", b"[\xc3]",
    b'["\xed\xa0\x80"]', b"\xff\xfe[\x00]\x00", b"\xef\xbb\xbf[1]", b'"\\ud83d\\ude00"',
    b'{"k": [true, false, null, "\xe5\xbc\xa0"]}', b"1" * 4301,
]  # fmt: skip


def python_outcome(run: Callable[[], Any]) -> dict[str, Any]:
    """What the reference verifier's reader gives: the value, or the exception's class and
    words (``Error`` is binascii's)."""
    try:
        return {"ok": True, "value": run()}
    except (ValueError, TypeError) as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def test_base64_hex_and_json_are_read_as_the_reference_verifier_reads_them(page: Page) -> None:
    """The messages of §8.1 quote Python's readers; the page's give the same values and
    refuse the same inputs with the same words (binascii, bytes.fromhex, json)."""
    open_verifier(page)
    for text in BASE64_INPUTS:
        expected = python_outcome(lambda t=text: base64.b64decode(t, validate=True).hex())
        assert outcome(page, "b64decode", text) == expected, text
    for text in HEX_INPUTS:
        expected = python_outcome(lambda t=text: bytes.fromhex(t).hex())
        assert outcome(page, "fromHex", text) == expected, text
    for data in JSON_INPUTS:
        expected = python_outcome(lambda d=data: repr(json.loads(d)))
        found = outcome(page, "pyJson", list(data))
        assert found == expected, data


# -- tampered bundles: the page fails where, and as, the CLI fails --------------------------


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
    "truncated-file": (truncated, LOG_VKEY, [WITNESS_VKEY], ["1"]),
    "not-json": (not_json, LOG_VKEY, [WITNESS_VKEY], ["1"]),
    "wrong-log-vkey": (lambda: CASE_BYTES, ANOTHER_LOG_VKEY, [WITNESS_VKEY], ["4"]),
    "malformed-log-vkey": (lambda: CASE_BYTES, "jianzheng.example/test-log+zz+AA", [], ["3", "4"]),
}


@pytest.mark.parametrize("case", list(TAMPERED), ids=list(TAMPERED))
def test_a_tampered_bundle_fails_in_the_page_at_the_check_where_verify_bundle_fails(
    page: Page, tmp_path: Path, case: str
) -> None:
    """Each tampering fails both verifiers, with the same problems, at the expected step."""
    make, log_key, witnesses, expected = TAMPERED[case]
    data = make()
    status, cli_report, stderr = verify_bundle_cli(data, log_key, witnesses, tmp_path)
    assert status == 1, stderr
    assert cli_report is not None
    open_verifier(page)
    report = verify_in_page(page, data, log_key, witnesses)
    assert report["ok"] is False
    assert_agree(report, cli_report)
    assert failing_checks(report) == expected


def test_a_witness_key_that_is_not_a_cosignature_key_stops_both_before_the_file(
    page: Page, tmp_path: Path
) -> None:
    """§8.3: a log vkey given as a witness key is a usage error (exit 2), not a verdict."""
    status, _, stderr = verify_bundle_cli(CASE_BYTES, LOG_VKEY, [LOG_VKEY], tmp_path)
    open_verifier(page)
    report = verify_in_page(page, CASE_BYTES, LOG_VKEY, [LOG_VKEY])
    assert status == 2
    assert stderr.strip() == f"error: {report['usage_error']}"
    assert report["ok"] is False
    assert failing_checks(report) == ["3"]


UI_CASES = ["changed-data-byte", "truncated-file", "withheld-hash-altered", "forged-cosignature"]


def choose_and_verify(page: Page, path: Path, log_key: str | None, witnesses: list[str]) -> None:
    """What a clerk does: paste the keys, pick the file (the page verifies it at once)."""
    page.fill("#log-key", log_key or "")
    page.fill("#witness-keys", "\n".join(witnesses))
    page.evaluate("document.body.dataset.state = 'waiting'")
    page.set_input_files("#bundle-file", str(path))
    page.wait_for_selector("body[data-state=done]")


@pytest.mark.parametrize("case", UI_CASES, ids=UI_CASES)
def test_a_tampered_file_picked_in_the_page_shows_the_failing_checks(
    page: Page, tmp_path: Path, case: str
) -> None:
    """Through the file input: the verdict is FAILED, the failing rows are the expected
    steps, and each problem is shown in the CLI's words."""
    make, log_key, witnesses, expected = TAMPERED[case]
    path = tmp_path / f"{case}.json"
    path.write_bytes(make())
    _, cli_report, _ = verify_bundle_cli(path.read_bytes(), log_key, witnesses, tmp_path)
    assert cli_report is not None
    open_verifier(page)
    choose_and_verify(page, path, log_key, witnesses)
    verdict = page.locator("#verdict")
    assert verdict.get_attribute("data-ok") == "false"
    assert verdict.get_attribute("data-verdict") == "failed"
    assert f"发现 {len(cli_report['problems'])} 个问题" in verdict.inner_text()
    failing = page.locator("#checks tr[data-status=fail]")
    assert [failing.nth(i).get_attribute("data-check") for i in range(failing.count())] == expected
    shown = page.locator("#problems li .cli").all_inner_texts()
    assert sorted(shown) == sorted(cli_report["problems"])


# -- the page works opened from disk and served ---------------------------------------------


def test_a_verified_bundle_from_disk_shows_every_check_passed(page: Page, tmp_path: Path) -> None:
    """file://: the child bundle with the log and witness keys: OK, complete as of its heads
    (in Beijing time), the withheld reporter events listed; a screenshot for the README."""
    path = tmp_path / "child-bundle.json"
    path.write_bytes(CHILD_BYTES)
    open_verifier(page)
    choose_and_verify(page, path, LOG_VKEY, [WITNESS_VKEY])
    verdict = page.locator("#verdict")
    assert verdict.get_attribute("data-verdict") == "ok"
    assert "通过" in verdict.inner_text()
    assert page.locator("#checks tr[data-status=fail]").count() == 0
    assert page.locator("#checks tr[data-status=pass]").count() == 18  # 7.5 does not apply
    facts = page.locator("#facts").inner_text()
    assert "2026-11-30 16:00:00.000001（北京时间）" in facts  # heads at 08:00:00.000001Z
    assert f"{WITNESS_NAME}（2026-12-01 08:00:00 北京时间）" in facts
    assert page.locator("#withheld li").count() == 2
    screenshot(page, "verify-bundle")


def test_a_bundle_and_key_files_dropped_on_the_page_are_verified(page: Page) -> None:
    """What a clerk does with files at hand: drop the .vkey files on the key fields (their
    text, trimmed), then the bundle on the drop zone; the page verifies it."""
    open_verifier(page)

    def drop(selector: str, name: str, content: bytes) -> None:
        transfer = page.evaluate_handle(
            """([name, bytes]) => {
                 const transfer = new DataTransfer();
                 transfer.items.add(new File([new Uint8Array(bytes)], name));
                 return transfer;
               }""",
            [name, list(content)],
        )
        page.dispatch_event(selector, "drop", {"dataTransfer": transfer})

    drop("#log-key", "log.vkey", f"{LOG_VKEY}\n".encode())
    page.wait_for_function(f"document.getElementById('log-key').value === {LOG_VKEY!r}")
    drop("#witness-keys", "oversight.vkey", f"{WITNESS_VKEY}\n".encode())
    page.wait_for_function(f"document.getElementById('witness-keys').value === {WITNESS_VKEY!r}")
    page.evaluate("document.body.dataset.state = 'waiting'")
    drop("#drop-zone", "case.json", CASE_BYTES)
    page.wait_for_selector("body[data-state=done]")
    assert page.locator("#verdict").get_attribute("data-verdict") == "ok"
    assert "case.json" in page.locator("#bundle-name").inner_text()


def test_a_disclosed_reporter_is_checked_against_the_filing_in_the_page(
    page: Page, tmp_path: Path
) -> None:
    """§7.8 on the page: the opening of the spec's example matches the second report's
    filing; the same opening with another salt matches none."""
    path = tmp_path / "child-bundle.json"
    path.write_bytes(CHILD_BYTES)
    open_verifier(page)
    choose_and_verify(page, path, LOG_VKEY, [WITNESS_VKEY])
    page.fill("#opening-actor", "7b8c9d0e-1f2a-4b3c-8d5e-6f7a8b9c0d1e")
    reporter = '{"name":"李医生","phone":"13800001234","unit":"张店区人民医院"}'
    page.fill("#opening-reporter", reporter)
    page.fill("#opening-salt", bytes(range(32)).hex())
    page.click("#opening-button")
    result = page.locator("#opening-result")
    assert result.get_attribute("data-match") == "true"
    assert f"流 {CHILD['streams'][2]['stream']} 第 1 个事件" in result.inner_text()
    page.fill("#opening-salt", bytes(range(1, 33)).hex())
    page.click("#opening-button")
    assert result.get_attribute("data-match") == "false"


def test_without_a_log_key_the_page_says_self_consistent_not_verified(
    page: Page, tmp_path: Path
) -> None:
    """§8.1 step 3, DESIGN §9: no log key given: the checks hold, the page says it trusted
    the key inside the file and does not call the bundle verified."""
    path = tmp_path / "bundle.json"
    path.write_bytes(CASE_BYTES)
    open_verifier(page)
    choose_and_verify(page, path, None, [])
    assert page.locator("#verdict").get_attribute("data-verdict") == "untrusted"
    assert "未提供日志公钥" in page.locator("#notes").inner_text()


def test_the_served_page_is_the_file_and_verifies_a_bundle(
    served: Served, page: Page, tmp_path: Path
) -> None:
    """GET /verify over each backend's app: the same bytes, a policy that forbids loading or
    sending anything, and the case bundle verified through the file input."""
    response = page.goto(f"{served.url}/verify")
    assert response is not None
    assert response.status == 200
    assert response.body() == PAGE.read_bytes()
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "connect-src 'none'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.wait_for_selector("body[data-state=ready]")
    path = tmp_path / "bundle.json"
    path.write_bytes(CASE_BYTES)
    choose_and_verify(page, path, LOG_VKEY, [WITNESS_VKEY])
    assert page.locator("#verdict").get_attribute("data-verdict") == "ok"
    story = page.locator("#story tbody tr")
    assert story.count() == 3
    assert "enforcement.CaseOpened" in story.nth(0).inner_text()
    assert "2026-04-01 16:30:00.000000" in story.nth(0).inner_text()  # 08:30Z in Beijing


def test_without_webcrypto_the_page_says_how_to_open_it(page: Page) -> None:
    """Over plain http on an intranet host the browser gives no WebCrypto: the page says to
    open the file from disk or over https, instead of failing silently."""
    page.add_init_script(
        "Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined })"
    )
    open_verifier(page)
    fatal = page.locator("#fatal")
    assert fatal.is_visible()
    assert "file://" in fatal.inner_text()
