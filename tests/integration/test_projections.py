"""Projections: rebuild from zero equals incremental catch-up, and positions resume exactly once."""

from __future__ import annotations

import json
import random
from uuid import UUID

import pytest

from domain.proof.chain import Envelope
from domain.records import errors
from infra.application import Jianzheng
from infra.views import ALL_PROJECTIONS, Views
from projections.base import Doc, Docs
from projections.cases import CaseStates
from tests.integration.casekit import Cast, draft, heads_discuss, make_cast, open_case, review


def snapshot(views: Views) -> dict[tuple[str, str, str], object]:
    """Every document of every projection."""
    return {
        (name, collection, str(doc.get("case_id") or doc.get("draft_hash") or i)): doc
        for name in views.projections
        for collection in ("cases", "drafts", "current_draft", "pending_reviews", "blocked",
                           "publications", "case_facts")
        for i, doc in enumerate(views.documents(name, collection))
    }  # fmt: skip


def random_history(jz: Jianzheng, cast: Cast, rng: random.Random, target_events: int) -> int:
    """Drive random, mostly valid commands on many cases until ``target_events`` are stored."""
    cases: list[UUID] = []
    drafts: dict[UUID, str] = {}
    while (jz.store.recorder.max_notification_id() or 0) < target_events:
        roll = rng.random()
        try:
            if not cases or roll < 0.08:
                cases.append(open_case(jz, cast, title=f"案件{len(cases)}"))
                continue
            case = rng.choice(cases)
            if roll < 0.45:
                jz.cases.record_step(
                    cast.officer_a, case, kind=rng.choice(["credentials_shown", "other"]),
                    summary="记录", evidence=[], touches=[], full_process_recording=None,
                    present=[], occurred_at=None,
                )  # fmt: skip
            elif roll < 0.6:
                measure = rng.choice(["warning", "licence_revocation", "suspension", "fine"])
                drafts[case] = draft(jz, cast, case, measure, fine_fen=rng.choice([0, 10**7]))
            elif roll < 0.75 and case in drafts:
                review(jz, cast, case, drafts[case], rng.choice(["passed", "rejected", None]))
            elif roll < 0.9 and case in drafts:
                decider = rng.choice([cast.head, cast.head, cast.officer_b])
                jz.cases.decide(decider, case, drafts[case])
            elif roll < 0.95:
                jz.cases.publish(cast.officer_a, case, channel="公示平台", summary="摘要")
            else:
                jz.cases.close(cast.head, case, "结案")
        except errors.JianzhengError:
            pass  # refused commands are part of a realistic history
        if rng.random() < 0.05:
            jz.views.catch_up()
    return len(cases)


@pytest.mark.parametrize("seed", [7])
def test_rebuild_from_zero_equals_incremental_catch_up(jz: Jianzheng, seed: int) -> None:
    """After a few thousand random events, rebuilding every projection gives identical documents."""
    cast = make_cast(jz)
    n_cases = random_history(jz, cast, random.Random(seed), target_events=2500)
    jz.views.catch_up()
    incremental = snapshot(jz.views)
    assert len(jz.views.documents("case_state", "cases")) == n_cases
    assert jz.views.documents("oversight", "blocked"), "the history should include blocked attempts"
    applied = jz.views.rebuild()
    assert applied > 0
    assert snapshot(jz.views) == incremental


def test_a_restarted_runner_resumes_without_applying_anything_twice(jz: Jianzheng) -> None:
    """A second Views over the same store continues from the saved position."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    jz.views.catch_up()
    position = jz.views.position("case_state")
    jz.cases.record_step(
        cast.officer_a, case, kind="other", summary="一", evidence=[], touches=[],
        full_process_recording=None, present=[], occurred_at=None,
    )  # fmt: skip
    restarted = Views(jz.settings, jz.store)
    try:
        assert restarted.position("case_state") == position
        # the step, once each, for case_state and review_status (a step after a draft makes
        # its passed review stale: gate.review_verdict)
        assert restarted.catch_up() == 1 + 1
        assert restarted.catch_up() == 0
        doc = restarted.document("case_state", "cases", str(case))
        assert doc is not None
        assert doc["steps"] == 1
    finally:
        restarted.close()


def test_the_case_state_agrees_with_the_aggregate(jz: Jianzheng) -> None:
    """The projection's summary of a case matches what the aggregate decides."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    hashed = draft(jz, cast, case, "suspension")
    with pytest.raises(errors.LegalReviewRequired):
        jz.cases.decide(cast.head, case, hashed)
    review(jz, cast, case, hashed, "passed")
    heads_discuss(jz, cast, case, hashed)  # decided collectively by the heads (R-EN-7)
    jz.cases.decide(cast.head, case, hashed)
    jz.views.catch_up()
    doc = jz.views.document("case_state", "cases", str(case))
    aggregate = jz.cases._case(case)
    assert doc is not None
    assert (doc["stage"], doc["blocked_attempts"], doc["major"]) == ("decided", 1, True)
    assert doc["seq"] == aggregate.version
    status = jz.views.document("review_status", "drafts", hashed)
    assert status is not None
    assert (status["status"], status["decided"]) == ("passed", True)


def record_step(jz: Jianzheng, cast: Cast, case: UUID) -> None:
    """One more step on ``case``."""
    jz.cases.record_step(
        cast.officer_a, case, kind="other", summary="一", evidence=[], touches=[],
        full_process_recording=None, present=[], occurred_at=None,
    )  # fmt: skip


def test_small_batches_and_tiny_caches_give_the_same_documents(jz: Jianzheng) -> None:
    """Batching, caching and loading ahead change no document, however small, cold or warm.

    The runner catches up from positions another runner left (reading documents from
    the database), then rebuilds from zero (where it knows every document it wrote).
    """
    cast = make_cast(jz)
    random_history(jz, cast, random.Random(11), target_events=500)
    small = Views(jz.settings, jz.store, batch_size=7, cache_size=3)
    try:
        small.catch_up()
        random_history(jz, cast, random.Random(12), target_events=900)
        small.catch_up()
        incremental = snapshot(small)
        assert small.rebuild() > 0
        assert snapshot(small) == incremental
    finally:
        small.close()


def test_a_runner_rereads_documents_after_another_runner_applied_a_batch(jz: Jianzheng) -> None:
    """A cached document is not trusted once another process has moved the position."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    jz.views.catch_up()
    other = Views(jz.settings, jz.store)
    try:
        record_step(jz, cast, case)
        assert other.catch_up() == 2  # case_state and review_status
        record_step(jz, cast, case)
        assert jz.views.catch_up() == 2
        doc = jz.views.document("case_state", "cases", str(case))
        assert doc is not None
        assert doc["steps"] == 2
    finally:
        other.close()


class FailingCaseStates(CaseStates):
    """Case state under another name, that fails after applying a step while ``failing``."""

    name = "failing_case_state"
    failing = False

    def apply(self, e: Envelope, position: int, docs: Docs) -> None:
        """Apply, then fail on a step if asked to."""
        super().apply(e, position, docs)
        if self.failing and e.type == "enforcement.StepRecorded":
            raise RuntimeError("projection failed")


def test_a_failed_batch_leaves_no_trace_in_documents_positions_or_cache(jz: Jianzheng) -> None:
    """After a failure mid-batch the events are applied again, and only once."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    projection = FailingCaseStates()
    views = Views(jz.settings, jz.store, projections=[projection])
    try:
        views.catch_up()
        position = views.position(projection.name)
        record_step(jz, cast, case)
        projection.failing = True
        with pytest.raises(RuntimeError):
            views.catch_up()
        assert views.position(projection.name) == position
        projection.failing = False
        assert views.catch_up() == 1
        doc = views.document(projection.name, "cases", str(case))
        assert doc is not None
        assert doc["steps"] == 1
    finally:
        views.close()


class RecordingDocs:
    """Documents in a dict, remembering which ones were read."""

    def __init__(self) -> None:
        self.docs: dict[tuple[str, str], Doc] = {}
        self.read: list[tuple[str, str]] = []

    def get(self, collection: str, key: str) -> Doc | None:
        """The document, or None; the read is remembered."""
        self.read.append((collection, key))
        return self.docs.get((collection, key))

    def put(self, collection: str, key: str, doc: Doc) -> None:
        """Create or replace a document."""
        self.docs[(collection, key)] = doc

    def delete(self, collection: str, key: str) -> None:
        """Remove a document if present."""
        self.docs.pop((collection, key), None)


def test_each_projection_names_the_documents_it_reads(jz: Jianzheng) -> None:
    """`reads` lists every document `apply` reads, so a batch loads them in a few queries.

    The one exception is the review status of a case's earlier draft (for a new draft) or of
    its current draft (for a step), whose hash is known only from the current-draft document.
    """
    cast = make_cast(jz)
    random_history(jz, cast, random.Random(5), target_events=600)
    for projection in ALL_PROJECTIONS:
        docs = RecordingDocs()
        for row in jz.store.rows(topics=sorted(projection.types)):
            envelope = jz.store.envelope(row)
            named = set(projection.reads(envelope))
            docs.read.clear()
            projection.apply(envelope, row.position, docs)
            unnamed = set(docs.read) - named
            if envelope.type in {"enforcement.DraftSubmitted", "enforcement.StepRecorded"}:
                unnamed = {r for r in unnamed if r[0] != "drafts"}
            assert not unnamed, f"{projection.name} read {unnamed} for {envelope.type}"


def test_documents_an_older_version_wrote_are_rebuilt_when_the_runner_starts(
    jz: Jianzheng,
) -> None:
    """A store whose case-state documents version 1 wrote (no ``officer_names``, no
    ``review``…) is rebuilt from the events by the next runner, so no list reads a document
    without the members it expects; a projection whose version is unchanged keeps its
    documents and position."""
    cast = make_cast(jz)
    case = open_case(jz, cast)
    record_step(jz, cast, case)
    jz.views.catch_up()
    current = jz.views.document("case_state", "cases", str(case))
    assert current is not None
    assert current["officer_names"]
    old = {k: v for k, v in current.items() if k not in ("officer_names", "review", "updated_at")}
    reviews_at = jz.views.position("review_status")
    db, sql = jz.views.db, jz.views.db.sql
    with db.transaction() as cur:  # as version 1 left it: its documents, no version stored
        cur.execute(
            sql("UPDATE jz_view_docs SET doc = ? WHERE projection = ? AND key = ?"),
            (json.dumps(old, ensure_ascii=False), "case_state", str(case)),
        )
        cur.execute(sql("DELETE FROM jz_view_versions WHERE projection = ?"), ("case_state",))
    restarted = Views(jz.settings, jz.store)
    try:
        assert restarted.position("case_state") == 0  # reset as the runner started
        assert restarted.position("review_status") == reviews_at  # its version did not change
        restarted.catch_up()
        assert restarted.document("case_state", "cases", str(case)) == current
        again = Views(jz.settings, jz.store)  # the stored version now matches: no reset
        try:
            assert again.position("case_state") == restarted.position("case_state")
        finally:
            again.close()
    finally:
        restarted.close()
