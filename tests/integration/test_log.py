"""The transparency log over a real store: leaves, proofs, checkpoints, tampering, witnesses."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.proof import merkle
from domain.proof.bundle import verify_bundle
from domain.proof.chain import canonical_envelope, encode_state, hash_canonical, split_state
from infra.application import OPERATOR, Jianzheng
from infra.bundle import export_case
from infra.ledger import append_leaves
from infra.settings import Settings
from infra.witness import WitnessRefused, generate_witness_key, witness_once
from tests.conftest import cli_env, register
from tests.integration.casekit import draft, make_cast, open_case, review
from tests.rawstore import RawStore
from tests.unit.test_checkpoint_keys import other_log_vkey


def run_verify(settings: Settings) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "api", "verify", "--json"],
        env=cli_env(settings), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout)


def kinds(report: dict[str, Any]) -> set[str]:
    return {p["kind"] for p in report["log_problems"]}


def test_every_event_is_a_leaf_in_commit_order_and_writes_answer_their_leaf(
    jz: Jianzheng,
) -> None:
    """Leaf i is the i-th stored event, with its hash; writes answer their leaf index."""
    registered = register(jz)
    events = jz.suspend_actor(OPERATOR, registered.actor.id, "test")
    assert events[0].leaf_index is not None
    leaves = list(jz.log.leaves())
    rows = list(jz.store.rows())
    assert [p for _, p, _ in leaves] == [r.position for r in rows]
    assert [h.hex() for _, _, h in leaves] == [split_state(r.state)[0] for r in rows]
    assert leaves[events[0].leaf_index][2].hex() == events[0].event_hash


def test_stored_proofs_agree_with_an_in_memory_reference_tree(jz: Jianzheng) -> None:
    """Every inclusion and consistency proof from storage equals the reference tree's."""
    actor = register(jz).actor
    for i in range(40):
        jz.suspend_actor(OPERATOR, actor.id, f"s{i}")
        jz.reinstate_actor(OPERATOR, actor.id, f"r{i}")
    reference = merkle.MemoryTree(merkle.leaf_hash(h) for _, _, h in jz.log.leaves())
    size = jz.log.size()
    assert size == reference.size
    for n in (1, 2, 3, 7, 8, 9, 31, 64, size):
        assert jz.log.root(n) == reference.root(n)
        for i in range(n):
            assert jz.log.inclusion_proof(i, n) == reference.inclusion_proof(i, n)
        for m in range(1, n + 1):
            assert jz.log.consistency_proof(m, n) == reference.consistency_proof(m, n)


def test_checkpoints_are_signed_notes_that_only_grow_consistently(jz: Jianzheng) -> None:
    """A new checkpoint is signed only when the log grew, and extends the previous one."""
    first = jz.log.sign_checkpoint()
    assert jz.log.sign_checkpoint() == first  # nothing new, nothing signed
    register(jz)
    second = jz.log.sign_checkpoint()
    assert second.size > first.size
    proof = jz.log.consistency_proof(first.size, second.size)
    merkle.verify_consistency(first.size, second.size, proof, first.root, second.root)
    from domain.proof.checkpoint import verify_checkpoint
    from domain.proof.note import parse_vkey

    checkpoint, _ = verify_checkpoint(second.note, parse_vkey(jz.log_key.vkey))
    assert (checkpoint.size, checkpoint.root) == (second.size, second.root)


@pytest.fixture
def tampered(jz: Jianzheng) -> Iterator[tuple[Jianzheng, str, RawStore]]:
    """A store with two actors and a signed checkpoint, plus raw access to its rows."""
    first = register(jz, name="张三").actor
    register(jz, name="李四")
    jz.suspend_actor(OPERATOR, first.id, "a")
    jz.log.sign_checkpoint()
    raw = RawStore(jz.settings)
    try:
        yield jz, str(first.id), raw
    finally:
        raw.close()


def test_deleting_the_last_event_of_a_stream_is_caught_by_the_log(tampered: Any) -> None:
    """The chain cannot see it; the leaf without its event can."""
    jz, stream, raw = tampered
    last = raw.rows(stream)[-1]
    raw.delete(stream, last.seq)
    code, report = run_verify(jz.settings)
    assert code == 1
    assert report["breaks"] == []
    orphans = [p for p in report["log_problems"] if p["kind"] == "leaf-without-event"]
    assert [p["position"] for p in orphans] == [last.position]


def test_deleting_a_whole_stream_is_caught_by_the_log(tampered: Any) -> None:
    """Every deleted event leaves a leaf behind."""
    jz, stream, raw = tampered
    rows = raw.rows(stream)
    for row in rows:
        raw.delete(stream, row.seq)
    code, report = run_verify(jz.settings)
    assert code == 1
    orphans = [p for p in report["log_problems"] if p["kind"] == "leaf-without-event"]
    assert {p["position"] for p in orphans} == {r.position for r in rows}


def rewrite_consistently(raw: RawStore, stream: str) -> None:
    """Change an early event and recompute every later hash and prev: chains verify again."""
    prev = "0" * 64
    for row in raw.rows(stream):
        _, body = split_state(row.state)
        envelope = json.loads(body)
        if row.seq == 1:
            envelope["data"]["name"] = "王五"
        envelope["prev"] = prev
        canonical = canonical_envelope(
            stream=envelope["stream"], seq=envelope["seq"], event_type=envelope["type"],
            at=envelope["at"], actor=envelope["actor"], data=envelope["data"], prev=prev,
        )  # fmt: skip
        prev = hash_canonical(canonical)
        raw.set_state(stream, row.seq, encode_state(prev, canonical))


def rebuild_tree(raw: RawStore) -> None:
    """What a thorough attacker would do next: rebuild leaves and subtree hashes."""
    raw.execute("DELETE FROM jz_log_leaves")
    raw.execute("DELETE FROM jz_log_nodes")
    rows = raw.execute(
        f"SELECT {raw.pos}, state, originator_id, originator_version"
        f" FROM {raw.table} ORDER BY {raw.pos}"
    )

    class Stored:
        def __init__(self, state: bytes, stream: Any, seq: int) -> None:
            self.state = state
            self.originator_id = stream
            self.originator_version = seq

    class Cursor:
        def __init__(self) -> None:
            self.result: list[dict[str, Any]] = []

        def execute(self, sql: str, params: Any = ()) -> None:
            found = raw.execute(sql.replace("%s", "?"), *params)
            names = ["n"] if "MAX" in sql else ["level", "idx", "hash"]
            self.result = [dict(zip(names, r, strict=False)) for r in found]

        def fetchone(self) -> dict[str, Any] | None:
            return self.result[0] if self.result else None

        def fetchall(self) -> list[dict[str, Any]]:
            return self.result

        def executemany(self, sql: str, rows: list[Any]) -> None:
            for r in rows:
                raw.execute(sql.replace("%s", "?"), *r)

    for position, state, stream, seq in rows:
        append_leaves(Cursor(), "?", [int(position)], [Stored(bytes(state), stream, seq)])  # type: ignore[list-item]


def test_a_consistent_rewrite_of_a_stream_is_caught(tampered: Any) -> None:
    """All hashes recomputed: every chain holds, but the leaves no longer match."""
    jz, stream, raw = tampered
    rewrite_consistently(raw, stream)
    code, report = run_verify(jz.settings)
    assert code == 1
    assert report["breaks"] == []
    assert "leaf-differs-from-event" in kinds(report)


def test_a_rewrite_with_a_rebuilt_tree_contradicts_the_signed_checkpoint(tampered: Any) -> None:
    """Rebuilding the tree to match makes the signed checkpoint's root unreachable."""
    jz, stream, raw = tampered
    rewrite_consistently(raw, stream)
    rebuild_tree(raw)
    code, report = run_verify(jz.settings)
    assert code == 1
    assert report["breaks"] == []
    assert "checkpoint-root-differs" in kinds(report)


def test_truncating_the_log_is_caught(tampered: Any) -> None:
    """Deleting the newest leaves leaves events without leaves and a checkpoint beyond."""
    jz, _, raw = tampered
    raw.execute("DELETE FROM jz_log_leaves WHERE leaf_index >= 3")
    raw.execute("DELETE FROM jz_log_nodes WHERE level = 0 AND idx >= 3")
    code, report = run_verify(jz.settings)
    assert code == 1
    assert {"event-without-leaf", "checkpoint-beyond-log"} <= kinds(report)


def test_a_leaf_that_is_not_a_hash_is_reported_not_crashed_on(tampered: Any) -> None:
    """A stored leaf shortened to 31 bytes: named, and the checks after it still run."""
    jz, _, raw = tampered
    raw.execute("UPDATE jz_log_leaves SET event_hash = ? WHERE leaf_index = 2", b"\x01" * 31)
    code, report = run_verify(jz.settings)
    assert code == 1
    malformed = [p for p in report["log_problems"] if p["kind"] == "leaf-malformed"]
    assert malformed == [
        {
            "kind": "leaf-malformed",
            "leaf_index": 2,
            "position": malformed[0]["position"],
            "bytes": 31,
        }
    ]
    assert "checkpoint-root-differs" in kinds(report)
    assert report["leaves_checked"] == jz.log.size()


def test_the_log_refuses_to_sign_after_its_tree_was_altered(tampered: Any) -> None:
    """Never two inconsistent checkpoints: a rebuilt tree stops the signer."""
    from infra.log import LogInconsistent

    jz, stream, raw = tampered
    rewrite_consistently(raw, stream)
    rebuild_tree(raw)
    register(jz, name="赵六")
    with pytest.raises(LogInconsistent):
        jz.log.sign_checkpoint()
    with pytest.raises(LogInconsistent), TestClient(create_app(jianzheng=jz)):
        pass  # the server refuses to start over it


@pytest.fixture
def served(jz: Jianzheng) -> Iterator[tuple[Jianzheng, str, Any]]:
    """A served log that witnesses can reach through a stub opener."""
    with TestClient(create_app(jianzheng=jz)) as client:
        yield jz, "http://testserver", client


def _witness(monkeypatch: pytest.MonkeyPatch, client: TestClient) -> None:
    """Route the witness's HTTP calls to the in-process server."""
    import infra.witness as witness

    def get(url: str) -> bytes:
        response = client.get(url.replace("http://testserver", ""))
        assert response.status_code == 200, response.text
        return response.content

    def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
        response = client.post(url.replace("http://testserver", ""), json=body)
        if response.status_code != 201:
            raise witness.WitnessRefused(response.text)
        answer: dict[str, Any] = response.json()
        return answer

    monkeypatch.setattr(witness, "_get", get)
    monkeypatch.setattr(witness, "_post", post)


def test_a_witness_cosigns_a_growing_log_and_refuses_a_rewritten_one(
    served: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Cosignatures are stored and served; a rewritten log is refused, with evidence kept."""
    jz, base, client = served
    _witness(monkeypatch, client)
    signer = generate_witness_key("sfj-witness", tmp_path / "w.key")
    jz.add_witness(OPERATOR, signer.vkey)
    state = tmp_path / "state.json"
    register(jz, name="张三")
    jz.log.sign_checkpoint()
    assert "cosigned" in witness_once(base, jz.log_key.vkey, signer, state)
    assert "— sfj-witness " in client.get("/v1/log/checkpoint").text
    actor = register(jz, name="李四").actor
    jz.log.sign_checkpoint()
    assert "cosigned" in witness_once(base, jz.log_key.vkey, signer, state)

    raw = RawStore(jz.settings)
    try:
        rewrite_consistently(raw, str(actor.id))
        rebuild_tree(raw)
        raw.execute("DELETE FROM jz_log_checkpoints")  # hide the log's own evidence too
    finally:
        raw.close()
    register(jz, name="王五")
    jz.log.sign_checkpoint()
    with pytest.raises(WitnessRefused, match="inconsistent"):
        witness_once(base, jz.log_key.vkey, signer, state)
    assert list(tmp_path.glob("state.json.inconsistent-*.json"))


def test_a_bundle_verifies_offline_and_any_change_is_refused(jz: Jianzheng, tmp_path: Path) -> None:
    """The court bundle verifies; a flipped byte, a dropped event, or another key fail (R-AV-5)."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "licence_revocation")
    review(jz, cast, case, hashed, "passed")
    jz.cases.decide(cast.head, case, hashed)
    data = export_case(jz, OPERATOR, case, "行政诉讼调卷", "operator")
    good = verify_bundle(data, jz.log_key.vkey)
    assert good.ok, good.problems
    assert [s["type"] for s in good.story][-1] == "enforcement.DecisionMade"

    bundle = json.loads(data)
    events = bundle["streams"][0]["events"]
    canonical = bytearray(base64.b64decode(events[1]["canonical"]))
    canonical[canonical.index(b'"seq":2') + 6] ^= 0x01  # seq 2 → seq 3
    events[1]["canonical"] = base64.b64encode(bytes(canonical)).decode()
    assert not verify_bundle(json.dumps(bundle).encode(), jz.log_key.vkey).ok

    dropped = json.loads(data)
    del dropped["streams"][0]["events"][2]
    report = verify_bundle(json.dumps(dropped).encode(), jz.log_key.vkey)
    assert any("missing" in p for p in report.problems)

    assert not verify_bundle(data, other_log_vkey(jz.settings.log_origin)).ok
    for offset in (10, len(data) // 2, len(data) - 5):
        flipped = bytearray(data)
        flipped[offset] ^= 0x01
        assert not verify_bundle(bytes(flipped), jz.log_key.vkey).ok


def test_verify_bundle_cli_exits_0_then_1(jz: Jianzheng, tmp_path: Path) -> None:
    """`jianzheng verify-bundle` works offline on the file, and names the failure."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    path = tmp_path / "bundle.json"
    path.write_bytes(export_case(jz, OPERATOR, case, "复议", "operator"))
    vkey = tmp_path / "log.vkey"
    vkey.write_text(jz.log_key.vkey)
    ok = subprocess.run(
        [sys.executable, "-m", "api", "verify-bundle", str(path), "--log-key", str(vkey)],
        capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "enforcement.CaseOpened" in ok.stdout
    text = path.read_text()
    path.write_text(text.replace('"leaf_index": 1', '"leaf_index": 2', 1))
    bad = subprocess.run(
        [sys.executable, "-m", "api", "verify-bundle", str(path), "--log-key", str(vkey)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 1
    assert "FAILED" in bad.stdout


def test_the_export_is_recorded_with_the_bundles_hash(jz: Jianzheng) -> None:
    """The access stream names who exported, why, and the SHA-256 of the exact bytes (R-AV-5)."""
    import hashlib

    from domain.records.access import AccessLog

    cast = make_cast(jz)
    case = open_case(jz, cast)
    data = export_case(jz, OPERATOR, case, "法院调卷", "operator")
    log = jz.store.load(AccessLog, AccessLog.create_id("case", str(case)))
    assert log.exports == [
        {"actor": "system", "role": "operator", "reason": "法院调卷",
         "sha256": hashlib.sha256(data).hexdigest()}
    ]  # fmt: skip


def test_key_rotation_keeps_old_checkpoints_and_bundles_valid(jz: Jianzheng) -> None:
    """During the overlap both keys sign; after retirement old checkpoints still verify."""
    from domain.proof.checkpoint import parse_note, verify_checkpoint
    from domain.proof.note import parse_vkey

    cast = make_cast(jz)
    case = open_case(jz, cast)
    old_vkey = jz.log_key.vkey
    old_bundle = export_case(jz, OPERATOR, case, "旧密钥", "operator")
    new_vkey = jz.rotate_log_key(OPERATOR)
    register(jz, name="轮换期间")
    overlap = jz.log.sign_checkpoint()
    assert len(parse_note(overlap.note)[1]) == 2  # signed by both keys
    verify_checkpoint(overlap.note, parse_vkey(old_vkey))
    verify_checkpoint(overlap.note, parse_vkey(new_vkey))

    jz.retire_log_key(OPERATOR, old_vkey)
    register(jz, name="轮换之后")
    after = jz.log.sign_checkpoint()
    assert len(parse_note(after.note)[1]) == 1
    verify_checkpoint(after.note, parse_vkey(new_vkey))
    with pytest.raises(ValueError, match=r"sign|key"):
        verify_checkpoint(after.note, parse_vkey(old_vkey))

    assert verify_bundle(old_bundle, old_vkey).ok  # an old bundle still verifies
    new_bundle = export_case(jz, OPERATOR, case, "新密钥", "operator")
    assert verify_bundle(new_bundle, new_vkey).ok
    assert old_vkey in json.loads(new_bundle)["log_keys"]
    windows = {k["vkey"]: k for k in jz.deployment().log_keys}
    assert windows[old_vkey]["until"] is not None
    assert windows[new_vkey]["until"] is None
    assert jz.verify().ok
    with pytest.raises(Exception, match="last active"):
        jz.retire_log_key(OPERATOR, new_vkey)


def test_malformed_bundles_are_reported_not_crashed_on(jz: Jianzheng) -> None:
    """Wrong shapes, duplicate streams and a missing origin are problems, never exceptions."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    bundle = json.loads(export_case(jz, OPERATOR, case, "调卷", "operator"))
    shapes = [
        {**bundle, "streams": "not a list of streams"},
        {**bundle, "subject": None},
        {**bundle, "streams": [bundle["streams"][0], bundle["streams"][0]]},
        {k: v for k, v in bundle.items() if k != "origin"},
        {**bundle, "streams": [{**bundle["streams"][0], "events": [{"leaf_index": "0"}]}]},
    ]
    for shape in shapes:
        report = verify_bundle(json.dumps(shape).encode(), jz.log_key.vkey)
        assert not report.ok
        assert report.problems


def test_a_bundle_signed_only_by_a_rotated_key_verifies_with_its_own_keys(jz: Jianzheng) -> None:
    """Without --log-key, any of the bundle's keys may have signed (after a rotation)."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    old = jz.log_key.vkey
    jz.rotate_log_key(OPERATOR)
    jz.retire_log_key(OPERATOR, old)
    register(jz, name="轮换后")
    report = verify_bundle(export_case(jz, OPERATOR, case, "调卷", "operator"))
    assert report.ok, report.problems
