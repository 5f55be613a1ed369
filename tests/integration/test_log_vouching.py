"""The service never acts on a stream the log cannot vouch for (DESIGN §9, issue: holes 5, 15).

Each test changes the database behind the service's back, as someone with database
access could, then drives the service as a user would. Loading a stream checks that its
last stored event is the log's last leaf of that stream; otherwise the command or read is
refused with ``log-inconsistent`` naming the stream, and no checkpoint is signed until a
verification passes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.proof.chain import canonical_envelope, encode_state, hash_canonical, split_state
from domain.records.errors import ChainConflict, LogInconsistent
from infra.application import Jianzheng
from infra.settings import Settings
from tests.integration.casekit import Cast, draft, make_cast, open_case
from tests.rawstore import RawStore


@pytest.fixture(params=[0, 64], ids=["no-cache", "cache"])
def vouched(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Jianzheng]:
    """An application over a fresh store, with the aggregate cache off and on."""
    app = Jianzheng(settings.model_copy(update={"aggregate_cache_size": request.param}))
    app.initialise()
    try:
        yield app
    finally:
        app.close()


@pytest.fixture
def decided(vouched: Jianzheng) -> Iterator[tuple[Jianzheng, Cast, UUID, RawStore]]:
    """A case decided on a warning (not major), with a signed checkpoint after it."""
    jz = vouched
    cast = make_cast(jz)
    case_id = open_case(jz, cast)
    hashed = draft(jz, cast, case_id, "warning")
    jz.cases.decide(cast.head, case_id, hashed)
    jz.log.sign_checkpoint()
    raw = RawStore(jz.settings)
    try:
        yield jz, cast, case_id, raw
    finally:
        raw.close()


def test_deleting_the_decision_stops_the_case_from_being_decided_again(decided: Any) -> None:
    """A case whose DecisionMade row was deleted is not reopened: log-inconsistent, named."""
    jz, cast, case_id, raw = decided
    last = raw.rows(str(case_id))[-1]
    assert last.topic == "enforcement.DecisionMade"
    raw.delete(str(case_id), last.seq)
    hashed = draft_current(jz, case_id)
    with pytest.raises(LogInconsistent) as refused:
        jz.cases.decide(cast.head, case_id, hashed)
    assert refused.value.extra["stream"] == str(case_id)
    assert f"seq {last.seq}" in refused.value.detail


def draft_current(jz: Jianzheng, case_id: UUID) -> str:
    """The current draft's hash, read from the stored rows (the service refuses to load)."""
    for event in jz.store.events.get(case_id):  # type: ignore[attr-defined]
        if event.TYPE == "enforcement.DraftSubmitted":
            hashed = str(event.draft_hash)
    return hashed


def test_a_read_of_a_case_with_a_deleted_last_event_answers_log_inconsistent(
    decided: Any,
) -> None:
    """Over HTTP the read answers problem+json log-inconsistent with the stream, not the case."""
    jz, cast, case_id, raw = decided
    raw.delete(str(case_id), raw.rows(str(case_id))[-1].seq)
    with TestClient(create_app(jianzheng=jz), raise_server_exceptions=False) as client:
        answer = client.get(
            f"/v1/cases/{case_id}", headers={"Authorization": f"Bearer {cast.tokens['a']}"}
        )
        events = client.get(
            f"/v1/cases/{case_id}/events", headers={"Authorization": f"Bearer {cast.tokens['a']}"}
        )
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == "log-inconsistent"
    assert answer.json()["stream"] == str(case_id)
    assert events.json()["code"] == "log-inconsistent"


def test_no_checkpoint_is_signed_until_a_verification_passes(decided: Any) -> None:
    """After an alarm the log signs nothing; a passing verify (row restored) lifts it."""
    jz, cast, case_id, raw = decided
    last = raw.rows(str(case_id))[-1]
    raw.delete(str(case_id), last.seq)
    with pytest.raises(LogInconsistent):
        jz.cases.readable(cast.officer_a, case_id, "state", None)
    with pytest.raises(LogInconsistent, match="jianzheng verify"):
        jz.log.sign_checkpoint()
    assert not jz.verify().ok  # the deleted row is still missing
    with pytest.raises(LogInconsistent):
        jz.log.sign_checkpoint()
    # The operator restores the row from a backup: the store verifies, signing resumes.
    raw.execute(
        f"INSERT INTO {raw.table} ({raw.pos}, originator_id, originator_version, topic, state) "
        "VALUES (?, ?, ?, ?, ?)",
        last.position,
        raw._id(str(case_id)),
        last.seq,
        last.topic,
        last.state,
    )
    assert jz.verify().ok
    assert jz.log.alarm() is None
    jz.cases.readable(cast.officer_a, case_id, "state", None)
    jz.log.sign_checkpoint()


def test_a_forged_row_with_a_correct_chain_but_no_leaf_is_refused(decided: Any) -> None:
    """A row appended behind the service's back, chained correctly, has no leaf: refused."""
    jz, cast, case_id, raw = decided
    last = raw.rows(str(case_id))[-1]
    stored_hash, _ = split_state(last.state)
    canonical = canonical_envelope(
        stream=str(case_id),
        seq=last.seq + 1,
        event_type="enforcement.CaseClosed",
        at="2026-12-01T08:00:00.000000Z",
        actor=cast.head.actor_id,
        data={"reason": "结案"},
        prev=stored_hash.decode() if isinstance(stored_hash, bytes) else stored_hash,
    )
    raw.insert(
        str(case_id),
        last.seq + 1,
        "enforcement.CaseClosed",
        encode_state(hash_canonical(canonical), canonical),
    )
    with pytest.raises(LogInconsistent, match="not a leaf of the log"):
        jz.cases.readable(cast.officer_a, case_id, "state", None)


def test_a_whole_deleted_stream_is_not_taken_for_an_unknown_one(decided: Any) -> None:
    """Deleting every row of a stream that the log holds is log-inconsistent, not not-found."""
    jz, cast, case_id, raw = decided
    raw.execute(f"DELETE FROM {raw.table} WHERE originator_id = ?", raw._id(str(case_id)))
    with pytest.raises(LogInconsistent, match="none is stored"):
        jz.cases.readable(cast.officer_a, case_id, "state", None)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_sqlite_after_deleted_trailing_rows_writes_answer_log_inconsistent(
    decided: Any,
) -> None:
    """SQLite reuses the row ids of deleted trailing rows: a write then collides with a leaf.

    It must answer log-inconsistent (an operator's matter), not chain-conflict forever.
    """
    jz, cast, case_id, raw = decided
    # SQLite only: PostgreSQL never reuses notification ids (a sequence).
    raw.delete(str(case_id), raw.rows(str(case_id))[-1].seq)
    for _ in range(2):  # not once, and not a retryable conflict
        with pytest.raises(LogInconsistent) as refused:
            open_case(jz, cast)
        assert not isinstance(refused.value, ChainConflict)


def test_a_store_from_before_the_leaf_streams_is_migrated_on_open(settings: Settings) -> None:
    """Leaves written without stream and seq get them from the events table when opened."""
    jz = Jianzheng(settings)
    jz.initialise()
    cast = make_cast(jz)
    case_id = open_case(jz, cast)
    jz.close()
    raw = RawStore(settings)
    try:
        raw.execute("DROP INDEX jz_log_leaves_by_stream")
        raw.execute("ALTER TABLE jz_log_leaves DROP COLUMN stream")
        raw.execute("ALTER TABLE jz_log_leaves DROP COLUMN seq")
        reopened = Jianzheng(settings)
        try:
            assert reopened.cases.readable(cast.officer_a, case_id, "state", None).version == 1
            missing = raw.execute("SELECT COUNT(*) FROM jz_log_leaves WHERE stream IS NULL")
            assert missing[0][0] == 0
            draft(reopened, cast, case_id, "warning")
        finally:
            reopened.close()
    finally:
        raw.close()
