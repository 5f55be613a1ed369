"""Large stores of enforcement-case events, made quickly but correctly.

Events are real chained events: each case is an :class:`EnforcementCase` driven through
its domain methods (so every invariant holds and every ``prev`` links), and each event
becomes a row through the store's own :class:`ChainMapper`. Cases are interleaved in
groups, as concurrent cases would be committed.

The rows are then inserted directly, tens of thousands per transaction: the events table
and, in the same transaction, the log's leaves and subtree hashes through
:func:`infra.ledger.append_leaves` — the function the event recorder itself calls — so
the store is exactly what appending one command at a time would have left, which
``Jianzheng.verify()`` confirms (the benchmarks check that it reports ok).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.domain import CanMutateAggregate
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.rows import dict_row

from domain.records.enforcement import CRIME_TRANSFER_ITEM, REVIEW_ITEMS, EnforcementCase
from infra import ledger
from infra.application import Jianzheng

AGENCY = "淄博市市场监督管理局"
AREA = "370303"
GROUP = 100
"""Cases whose events are interleaved with one another."""

_OFFICERS = [
    {"actor_id": str(uuid.uuid4()), "name": name, "certificate": number,
     "valid_until": "2035-12-31"}
    for name, number in (("张三", "鲁执-0001"), ("李四", "鲁执-0002"))
]  # fmt: skip
_OFFICER = _OFFICERS[0]["actor_id"]
_HEAD = str(uuid.uuid4())
_DEPUTY = str(uuid.uuid4())
_REVIEWER = str(uuid.uuid4())
_VIDEO = {"sha256": "5f" * 32, "media_type": "video/mp4", "size": 48_211_337}
_PHOTO = {"sha256": "a3" * 32, "media_type": "image/jpeg", "size": 2_311_870}


def _items(ok: bool) -> dict[str, Any]:
    items = {name: {"ok": ok or name != "facts", "note": "核查无误" if ok else "事实不清"}
             for name in REVIEW_ITEMS}  # fmt: skip
    items[CRIME_TRANSFER_ITEM]["crime_suspected"] = False
    return items


def _draft(case: EnforcementCase, n: int, fine_fen: int) -> str:
    return case.submit_draft(
        actor=_OFFICER,
        content={
            "measures": ["warning", "fine"],
            "fine_fen": fine_fen,
            "confiscation_fen": 0,
            "facts": f"经查，当事人于2026年11月销售超过保质期的食品{n % 40 + 1}批次。",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
            "discretion": "首次违法，积极配合调查，从轻处罚",
            "flags": [],
        },
        major=True,
        matched_rules=["penalty.fine_over_threshold"],
        catalogue_version=1,
        catalogue_event_hash="c4" * 32,
    )


def _review(case: EnforcementCase, draft: str, result: str) -> None:
    review_id = str(uuid.uuid4())
    case.request_review(actor=_OFFICER, review_id=review_id, draft_hash=draft)
    case.record_opinion(
        actor=_REVIEWER,
        review_id=review_id,
        result=result,
        items=_items(result == "passed"),
        signature="赵法制 2026年11月17日",
        reviewed_on="2026-11-17",  # the day on the opinion: before the decision (R-LR-1)
    )


def case_events(n: int) -> list[CanMutateAggregate[UUID]]:
    """The events of case number ``n``: a penalty case from opening to closure, with variety.

    Every 10th case first records a blocked decision (no review yet), every 13th has a
    rejected review and a second draft, every 7th stops with its review pending, and
    every 5th closed case receives a complaint afterwards.
    """
    case = EnforcementCase.open(
        actor=_OFFICER,
        action_type="penalty",
        title=f"淄博某食品有限公司销售过期食品案（{n}号）",
        agency=AGENCY,
        jurisdiction=AREA,
        party={"kind": "organisation", "name": f"淄博某食品有限公司第{n % 97}分店",
               "credit_code": f"91370303MA{n:08d}"},
        officers=_OFFICERS,
        filed_on="2026-11-02",
    )  # fmt: skip
    for kind, summary, evidence in (
        ("credentials_shown", "出示执法证件，告知当事人权利义务。", []),
        ("on_site_inspection", "现场检查，货架发现超过保质期的食品。", [_VIDEO, _PHOTO]),
        ("investigation", "询问负责人，调取进货台账。", [_VIDEO]),
    ):
        case.record_step(
            actor=_OFFICER, kind=kind, summary=summary, evidence=evidence, touches=[],
            full_process_recording=None, present=[], occurred_at="2026-11-03T09:30:00+08:00",
        )  # fmt: skip
    draft = _draft(case, n, 500_000 + 1_000 * (n % 50))
    if n % 10 == 3:
        case.decide(
            actor=_HEAD, is_agency_head=True, draft_hash=draft, decided_on="2026-11-18",
            publication_due_on="2026-11-25",
            publication_due_provisional=False,
        )  # fmt: skip
    if n % 13 == 0:
        _review(case, draft, "rejected")
        draft = _draft(case, n, 300_000)
    if n % 7 == 5:
        case.request_review(actor=_OFFICER, review_id=str(uuid.uuid4()), draft_hash=draft)
        return list(case.collect_events())
    _review(case, draft, "passed")
    case.record_collective_discussion(
        actor=_HEAD, draft_hash=draft, participants=[_HEAD, _DEPUTY],
        heads=frozenset({_HEAD, _DEPUTY}), quorum=2, held_on="2026-11-19",
        conclusion="decide_as_drafted", minutes_sha256="d1" * 32,
    )  # fmt: skip
    case.decide(
        actor=_HEAD, is_agency_head=True, draft_hash=draft, decided_on="2026-11-20",
        publication_due_on="2026-11-27", publication_due_provisional=False,
    )  # fmt: skip
    case.publish(
        actor=_HEAD, channel="淄博市市场监督管理局网站", summary="行政处罚决定公示",
        published_on="2026-11-25",
    )  # fmt: skip
    case.record_service(actor=_OFFICER, method="direct", served_on="2026-11-23", documents=[])
    case.record_execution(
        actor=_OFFICER, status="paid", executed_on="2026-11-30", note="罚款已缴纳", documents=[]
    )
    case.close(actor=_OFFICER, reason="罚款已缴纳，结案")
    if n % 5 == 0:
        case.record_complaint(actor=_HEAD, channel="12345热线", summary="当事人对罚款数额有异议")
    return list(case.collect_events())


class CaseRows:
    """An endless supply of stored rows of case events, interleaved GROUP cases at a time.

    Rows are made by ``mapper``, the store's own (``EventStore.mapper``).
    """

    def __init__(self, mapper: Mapper[UUID]) -> None:
        self._mapper = mapper
        self._buffer: deque[StoredEvent] = deque()
        self._next_case = 0

    def take(self, count: int) -> list[StoredEvent]:
        """The next ``count`` rows (a case may continue in the next call)."""
        while len(self._buffer) < count:
            self._buffer.extend(self._group())
        return [self._buffer.popleft() for _ in range(count)]

    def _group(self) -> Iterator[StoredEvent]:
        cases = [case_events(self._next_case + i) for i in range(GROUP)]
        self._next_case += GROUP
        for step in range(max(len(c) for c in cases)):
            for events in cases:
                if step < len(events):
                    yield self._mapper.to_stored_event(events[step])


def bulk_load(app: Jianzheng, rows: Sequence[StoredEvent], chunk: int = 50_000) -> None:
    """Append ``rows`` to the store: events and log leaves together, ``chunk`` per transaction.

    On PostgreSQL the load ends with ``VACUUM ANALYZE`` of the tables it filled, the
    state autovacuum keeps a long-lived store in (the events table is created with an
    analyze threshold of 1,000 rows), so the planner is not timed on empty statistics.
    """
    recorder = app.store.recorder
    if not isinstance(recorder, SQLiteApplicationRecorder | PostgresApplicationRecorder):
        raise TypeError(f"cannot bulk-load through {type(recorder).__name__}")
    table = recorder.events_table_name
    if app.settings.backend == "sqlite":
        _load_sqlite(app, table, rows, chunk)
    else:
        _load_postgres(app, table, rows, chunk)


def _load_sqlite(app: Jianzheng, table: str, rows: Sequence[StoredEvent], chunk: int) -> None:
    conn = sqlite3.connect(app.settings.sqlite_path, isolation_level=None, timeout=30)
    conn.row_factory = sqlite3.Row
    insert = (
        f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, state) "  # noqa: S608 -- the recorder's own table name
        "VALUES (?, ?, ?, ?, ?)"
    )
    try:
        cur = conn.cursor()
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            cur.execute("BEGIN IMMEDIATE")
            top = cur.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0  # noqa: S608
            positions = list(range(top + 1, top + 1 + len(part)))
            cur.executemany(
                insert,
                [(p, str(s.originator_id).replace("-", ""), s.originator_version, s.topic, s.state)
                 for p, s in zip(positions, part, strict=True)],
            )  # fmt: skip
            ledger.append_leaves(cur, "?", positions, part, stream_key=lambda u: u.hex)
            cur.execute("COMMIT")
    finally:
        conn.close()


def _load_postgres(app: Jianzheng, table: str, rows: Sequence[StoredEvent], chunk: int) -> None:
    url = app.settings.resolved_database_url
    insert = (
        f"INSERT INTO {table} (notification_id, originator_id, originator_version, topic, "  # noqa: S608 -- the recorder's own table name
        "state) VALUES (%s, %s, %s, %s, %s)"
    )
    with psycopg.connect(url, row_factory=dict_row, connect_timeout=5) as conn:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            with conn.transaction(), conn.cursor() as cur:
                # The lock every recorder insert takes (DESIGN §8): commit order = id order.
                cur.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
                cur.execute(f"SELECT MAX(notification_id) AS n FROM {table}")  # noqa: S608
                found = cur.fetchone()
                top = int(found["n"]) if found and found["n"] is not None else 0
                positions = list(range(top + 1, top + 1 + len(part)))
                cur.executemany(
                    insert,
                    [(p, s.originator_id, s.originator_version, s.topic, s.state)
                     for p, s in zip(positions, part, strict=True)],
                )  # fmt: skip
                ledger.append_leaves(cur, "%s", positions, part)
        # Later appends through the recorder take ids from the sequence: move it past ours.
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'notification_id'), "  # noqa: S608
            f"(SELECT MAX(notification_id) FROM {table}))"
        )
        conn.commit()
        conn.autocommit = True
        for name in (table, "jz_log_leaves", "jz_log_nodes"):
            conn.execute(f"VACUUM ANALYZE {name}")
