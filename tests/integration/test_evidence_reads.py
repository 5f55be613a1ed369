# Long because: one behaviour seen from every side a court, a player and an attacker see it —
# bytes and ranges, conditions, who reads and what is recorded, tickets, corruption, Chromium.
"""Evidence downloads (issue 14, point 4): a court gets the video, not only its hash.

`GET /v1/evidence/{sha256}` streams the blob whole or by range (RFC 9110 §14), with the
upload's media type and the hash as its strong ETag; it is read as the case or child's file
it was uploaded for is read (R-AV-5, R-CH-4), another department's reads recorded with their
reason (R-AC-3) — once per request, or once per read ticket for a player's many range
requests; and no byte of an altered blob is ever answered as good (R-AV-4).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import http.client
import json
import logging
import shutil
import socket
import threading
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import uvicorn
from fastapi.testclient import TestClient
from playwright.sync_api import sync_playwright

from api.app import create_app
from domain.records.access import AccessLog
from infra import blob_reads
from infra.application import OPERATOR, Jianzheng
from infra.blobs import HEADER_BYTES, NONCE_BYTES, TAG_BYTES
from tests.browser.conftest import ARGS, CHROMIUM
from tests.integration.areakit import enrol, register_wang_xiaoming
from tests.integration.casekit import Cast, mp4, open_case, upload
from tests.integration.webmkit import webm

PROBLEM = "application/problem+json"
VILLAGE = "370303001001"
REASON = "(2026)鲁0303行初12号 审理需要"
SEGMENT = 64 * 1024
"""Small segments, so that small test blobs have many of them (the format allows 1 B…16 MiB)."""


@pytest.fixture
def small_segments(jz: Jianzheng) -> None:
    """Blobs uploaded in this test are sealed in 64 KiB segments."""
    jz.blobs.segment_bytes = SEGMENT


def evidence(jz: Jianzheng, cast: Cast, data: bytes | None = None) -> tuple[str, bytes]:
    """A recording uploaded by officer A for a new case: (sha256, bytes)."""
    data = data if data is not None else mp4(300_000)
    sha = upload(jz, cast.officer_a, data, "video/mp4", case_id=open_case(jz, cast))
    return sha, data


def fetch(
    client: TestClient, token: str | None, sha: str, method: str = "GET", **options: Any
) -> Any:
    headers = dict(options.pop("headers", {}))
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.request(method, f"/v1/evidence/{sha}", headers=headers, **options)


def access_reads(jz: Jianzheng, kind: str, subject: str) -> list[dict[str, Any]]:
    """The access.Read events of a subject's access stream: who, in which role, what, why."""
    stream = str(AccessLog.create_id(kind, subject))
    return [
        {"actor": envelope.actor, **envelope.data}
        for envelope in (jz.store.envelope(row) for row in jz.store.rows())
        if envelope.stream == stream and envelope.type == "access.Read"
    ]


def blob_file(jz: Jianzheng, sha: str) -> Path:
    path = jz.blobs.path(sha)
    path.chmod(0o640)  # blobs are stored read-only; the test plays the one who alters them
    return path


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def segment_offset(index: int) -> int:
    """Where sealed segment ``index`` of a blob in 64 KiB segments starts in its file."""
    return HEADER_BYTES + index * (NONCE_BYTES + SEGMENT + TAG_BYTES)


# -- the bytes -------------------------------------------------------------------------------


def test_a_full_read_answers_exactly_the_uploaded_bytes_with_the_evidence_headers(
    client: TestClient, jz: Jianzheng, cast: Cast, small_segments: None
) -> None:
    """200 with the bytes uploaded, the recorded media type, the hash as a strong ETag, a
    name made of the hash, and headers that keep it out of caches and sniffers."""
    sha, data = evidence(jz, cast)
    response = fetch(client, cast.tokens["a"], sha)
    assert response.status_code == 200
    assert response.content == data
    assert hashlib.sha256(response.content).hexdigest() == sha
    headers = response.headers
    assert headers["content-type"] == "video/mp4"
    assert headers["content-length"] == str(len(data))
    assert headers["etag"] == f'"{sha}"'
    assert headers["accept-ranges"] == "bytes"
    assert headers["cache-control"] == "private, no-store"
    assert headers["content-disposition"] == f'inline; filename="{sha}.mp4"'
    assert headers["x-content-type-options"] == "nosniff"
    assert "content-range" not in headers


def test_a_text_document_is_served_as_utf8_text(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Text evidence is checked to be UTF-8 at upload, and says so when read."""
    text = "询问笔录：当事人称不知道食品已过期。\n".encode()
    sha = upload(jz, cast.officer_a, text, "text/plain", case_id=open_case(jz, cast))
    response = fetch(client, cast.tokens["a"], sha)
    assert (response.status_code, response.content) == (200, text)
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"] == f'inline; filename="{sha}.txt"'


@pytest.mark.parametrize(
    ("asked", "start", "end"),
    [
        ("bytes=0-99", 0, 100),
        ("bytes=65500-65599", 65500, 65600),  # across the first segments' boundary
        ("bytes=100000-230000", 100000, 230001),  # three segments
        ("bytes=-500", 300_000 - 500, 300_000),
        ("bytes=299000-", 299000, 300_000),
        ("bytes=299990-400000", 299990, 300_000),  # a last-pos past the end is cut
        ("BYTES = 10-19", 10, 20),
    ],
    ids=["first", "boundary", "middle", "suffix", "open-ended", "past-the-end", "spelling"],
)
def test_a_range_answers_206_with_exactly_the_bytes_asked_for(
    client: TestClient,
    jz: Jianzheng,
    cast: Cast,
    small_segments: None,
    asked: str,
    start: int,
    end: int,
) -> None:
    """RFC 9110 §14: the bytes of the range, its Content-Range and Content-Length."""
    sha, data = evidence(jz, cast)
    response = fetch(client, cast.tokens["a"], sha, headers={"Range": asked})
    assert response.status_code == 206
    assert response.content == data[start:end]
    assert response.headers["content-range"] == f"bytes {start}-{end - 1}/{len(data)}"
    assert response.headers["content-length"] == str(end - start)
    assert response.headers["etag"] == f'"{sha}"'


@pytest.mark.parametrize("asked", ["bytes=300000-", "bytes=999999-1000000", "bytes=-0"])
def test_an_unsatisfiable_range_is_416_with_the_size(
    client: TestClient, jz: Jianzheng, cast: Cast, asked: str
) -> None:
    """416 problem+json with `Content-Range: bytes */size`; nothing of the file."""
    sha, data = evidence(jz, cast)
    response = fetch(client, cast.tokens["a"], sha, headers={"Range": asked})
    assert response.status_code == 416
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["content-range"] == f"bytes */{len(data)}"
    assert response.json()["code"] == "range-not-satisfiable"


@pytest.mark.parametrize(
    "asked",
    ["bytes=0-9,20-29", "bytes=0-9, -5", "bytes=9-0", "bytes=abc", "lines=1-2", "bytes=-"],
    ids=["two-ranges", "range-and-suffix", "backwards", "no-digits", "other-unit", "empty"],
)
def test_several_ranges_or_a_range_not_understood_answer_the_whole_file(
    client: TestClient, jz: Jianzheng, cast: Cast, asked: str
) -> None:
    """Several ranges: the whole file, 200 (documented; never multipart). A header that is
    not a valid bytes range is ignored (RFC 9110 §14.2)."""
    sha, data = evidence(jz, cast)
    response = fetch(client, cast.tokens["a"], sha, headers={"Range": asked})
    assert (response.status_code, response.content) == (200, data)


def test_head_answers_the_headers_of_the_file_without_it(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """HEAD: 200, the same headers and Content-Length as GET, no body; a Range is ignored."""
    sha, data = evidence(jz, cast)
    got = fetch(client, cast.tokens["a"], sha)
    head = fetch(client, cast.tokens["a"], sha, method="HEAD", headers={"Range": "bytes=0-9"})
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-length"] == str(len(data))
    for name in ("content-type", "etag", "cache-control", "content-disposition", "accept-ranges"):
        assert head.headers[name] == got.headers[name]


def test_conditions_on_the_etag_answer_304_412_or_decide_the_range(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """If-None-Match (weak comparison) → 304 with the ETag and no body; If-Match on another
    tag → 412; If-Range honours the range only for this exact strong tag."""
    sha, data = evidence(jz, cast)
    token, etag = cast.tokens["a"], f'"{sha}"'
    for matching in (etag, f"W/{etag}", f'"{"0" * 64}", {etag}', "*"):
        kept = fetch(client, token, sha, headers={"If-None-Match": matching})
        assert (kept.status_code, kept.content) == (304, b"")
        assert kept.headers["etag"] == etag
        assert kept.headers["cache-control"] == "private, no-store"
    other = fetch(client, token, sha, headers={"If-None-Match": f'"{"0" * 64}"'})
    assert (other.status_code, other.content) == (200, data)
    refused = fetch(client, token, sha, headers={"If-Match": f'"{"0" * 64}"'})
    assert (refused.status_code, refused.json()["code"]) == (412, "precondition-failed")
    assert fetch(client, token, sha, headers={"If-Match": etag}).status_code == 200
    ranged = fetch(client, token, sha, headers={"Range": "bytes=0-9", "If-Range": etag})
    assert (ranged.status_code, ranged.content) == (206, data[:10])
    for stale in (f'"{"0" * 64}"', f"W/{etag}", "Tue, 01 Dec 2026 00:00:00 GMT"):
        whole = fetch(client, token, sha, headers={"Range": "bytes=0-9", "If-Range": stale})
        assert (whole.status_code, whole.content) == (200, data)


def test_a_read_holds_a_few_segments_in_memory_whatever_the_size(jz: Jianzheng, cast: Cast) -> None:
    """A 32 MiB recording (1 MiB segments) read whole and by range holds a few segments at a
    time, never the file: the blob is streamed."""
    size = 32 * 1024 * 1024

    async def chunks() -> AsyncIterator[bytes]:
        yield mp4(1024 * 1024)
        for _ in range(size // (1024 * 1024) - 1):
            yield bytes(1024 * 1024)

    stored, _ = asyncio.run(
        jz.store_evidence(
            cast.officer_a, chunks(), "video/mp4", purpose="case", subject_id=open_case(jz, cast)
        )
    )
    access = jz.evidence_reads.access(cast.officer_a, stored.sha256)
    assert access.size == size
    for start, end in ((0, size), (100, size - 100)):
        digest = hashlib.sha256()
        tracemalloc.start()
        try:
            for piece in jz.evidence_reads.open(access, start, end):
                digest.update(piece)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 8 * 1024 * 1024, f"peak {peak} bytes reading [{start}, {end})"
    assert digest.hexdigest() != stored.sha256  # the range, not the whole
    whole = hashlib.sha256()
    for piece in jz.evidence_reads.open(access, 0, size):
        whole.update(piece)
    assert whole.hexdigest() == stored.sha256


# -- who may read ----------------------------------------------------------------------------


def test_evidence_a_caller_may_not_read_answers_as_a_hash_never_uploaded(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Another agency's officer and a court of another area get 404 evidence-unknown, word
    for word the answer for an unknown hash; reporters and admins, who read no evidence,
    403 whatever the hash. Nothing is recorded (R-CH-4)."""
    sha, _ = evidence(jz, cast)
    outsiders = enrol(
        jz,
        {
            "officer-elsewhere": ("officer", "370303"),
            "court-elsewhere": ("court", "370305"),
            "reporter": ("reporter", VILLAGE),
            "admin": ("admin", "*"),
        },
    )
    unknown_sha = hashlib.sha256(b"never uploaded").hexdigest()
    before = jz.store.event_count()
    for key in ("officer-elsewhere", "court-elsewhere"):
        token = outsiders.tokens[key]
        hidden = fetch(client, token, sha, params={"reason": REASON})
        unknown = fetch(client, token, unknown_sha, params={"reason": REASON})
        assert hidden.status_code == unknown.status_code == 404
        assert hidden.headers["content-type"] == PROBLEM
        assert hidden.json() == {**unknown.json(), "detail": unknown.json()["detail"].replace(
            unknown_sha, sha)}  # fmt: skip
        assert hidden.json()["code"] == "evidence-unknown"
        ticket = client.post(
            f"/v1/evidence/{sha}/reads",
            headers={"Authorization": f"Bearer {token}"},
            json={"reason": REASON},
        )
        assert (ticket.status_code, ticket.json()["code"]) == (404, "evidence-unknown")
    for key in ("reporter", "admin"):
        for asked in (sha, unknown_sha):
            refused = fetch(client, outsiders.tokens[key], asked)
            assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert fetch(client, None, sha).status_code == 401
    assert jz.store.event_count() == before


def test_a_court_reads_case_evidence_only_with_a_reason_recorded_once_per_request(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Without a reason: 422 read-reason-required, nothing recorded. With one: the bytes,
    and one access.Read per request in the case's access stream, naming the evidence. The
    case's own officers, head and reviewer read it unrecorded (R-AV-5, R-AC-3)."""
    case = open_case(jz, cast)
    data = mp4(20_000)
    sha = upload(jz, cast.officer_a, data, "video/mp4", case_id=case)
    before = jz.store.event_count()
    refused = fetch(client, cast.tokens["court"], sha)
    assert (refused.status_code, refused.json()["code"]) == (422, "read-reason-required")
    assert refused.json()["field"] == "reason"
    blank = fetch(client, cast.tokens["court"], sha, params={"reason": " \u3000"})
    assert blank.json()["code"] == "read-reason-required"
    assert jz.store.event_count() == before
    for token in ("a", "b", "head", "reviewer"):
        assert fetch(client, cast.tokens[token], sha).content == data
    assert jz.store.event_count() == before
    read = fetch(client, cast.tokens["court"], sha, params={"reason": REASON})
    assert (read.status_code, read.content) == (200, data)
    ranged = fetch(
        client, cast.tokens["oversight"], sha, params={"reason": "专项督查"},
        headers={"Range": "bytes=0-15"},
    )  # fmt: skip
    assert (ranged.status_code, ranged.content) == (206, data[:16])
    reads = access_reads(jz, "case", str(case))
    assert reads == [
        {"actor": cast.court.actor_id, "role": "court", "what": f"evidence:{sha}",
         "reason": REASON},
        {"actor": cast.oversight.actor_id, "role": "oversight", "what": f"evidence:{sha}",
         "reason": "专项督查"},
    ]  # fmt: skip


def test_a_childs_document_is_read_as_the_childs_file(client: TestClient, jz: Jianzheng) -> None:
    """The village's staff read it unrecorded; the police of the area with a reason,
    recorded in the child's access stream and shown to the staff in the file's `reads`;
    a case's officer and another village's staff as if it did not exist (R-CH-4, R-AC-3)."""
    people = enrol(
        jz,
        {
            "village": ("village_committee", VILLAGE),
            "police": ("police", "370303"),
            "other-village": ("village_committee", "370303001002"),
            "officer": ("officer", "370303"),
        },
    )
    child = register_wang_xiaoming(jz, people.principals["village"], VILLAGE)
    document = (
        b"%PDF-1.4 "
        + b"\xe5\xa7\x94\xe6\x89\x98\xe7\x9b\x91\xe6\x8a\xa4\xe5\x8d\x8f\xe8\xae\xae" * 50
    )
    sha = upload(
        jz, people.principals["village"], document, "application/pdf", child_id=UUID(child)
    )
    kept = fetch(client, people.tokens["village"], sha)
    assert (kept.status_code, kept.content) == (200, document)
    assert kept.headers["content-disposition"] == f'inline; filename="{sha}.pdf"'
    for key in ("officer", "other-village"):
        hidden = fetch(client, people.tokens[key], sha, params={"reason": REASON})
        assert (hidden.status_code, hidden.json()["code"]) == (404, "evidence-unknown")
    before = jz.store.event_count()
    refused = fetch(client, people.tokens["police"], sha)
    assert (refused.status_code, refused.json()["code"]) == (422, "read-reason-required")
    assert jz.store.event_count() == before
    read = fetch(client, people.tokens["police"], sha, params={"reason": "核查监护情况"})
    assert (read.status_code, read.content) == (200, document)
    assert access_reads(jz, "child", child) == [
        {"actor": people.ids["police"], "role": "police", "what": f"evidence:{sha}",
         "reason": "核查监护情况"},
    ]  # fmt: skip
    file = client.get(
        f"/v1/children/{child}", headers={"Authorization": f"Bearer {people.tokens['village']}"}
    ).json()
    assert [(r["role"], r["what"]) for r in file["reads"]] == [("police", f"evidence:{sha}")]


# -- read tickets: one record per viewing ----------------------------------------------------


def ask_ticket(client: TestClient, token: str, sha: str, body: Any = None) -> Any:
    return client.post(
        f"/v1/evidence/{sha}/reads",
        headers={"Authorization": f"Bearer {token}"},
        json=body if body is not None else {},
    )


def test_a_ticket_records_one_read_for_all_of_a_players_range_requests(
    client: TestClient, jz: Jianzheng, cast: Cast, small_segments: None
) -> None:
    """The court asks once with its reason: one access.Read; then thirty range requests with
    the ticket and the court's own credentials record nothing more (R-AC-3: recorded once per
    viewing, not once per seek)."""
    case = open_case(jz, cast)
    data = mp4(400_000)
    sha = upload(jz, cast.officer_a, data, "video/mp4", case_id=case)
    before = jz.store.event_count()
    refused = ask_ticket(client, cast.tokens["court"], sha)
    assert (refused.status_code, refused.json()["code"]) == (422, "read-reason-required")
    assert jz.store.event_count() == before
    issued = ask_ticket(client, cast.tokens["court"], sha, {"reason": REASON})
    assert issued.status_code == 201
    answer = issued.json()
    assert answer["recorded_as"] == "court"
    assert (answer["media_type"], answer["size"]) == ("video/mp4", len(data))
    assert answer["url"] == f"/v1/evidence/{sha}?ticket={answer['ticket']}"
    assert [e["type"] for e in answer["events"]] == ["access.Opened", "access.Read"]
    recorded = jz.store.event_count()
    court = {"Authorization": f"Bearer {cast.tokens['court']}"}
    for start in range(0, len(data), len(data) // 30):
        asked = {**court, "Range": f"bytes={start}-{start + 999}"}
        part = client.get(answer["url"], headers=asked)
        assert (part.status_code, part.content) == (206, data[start : start + 1000])
    assert client.get(answer["url"], headers=court).content == data
    assert jz.store.event_count() == recorded
    assert access_reads(jz, "case", str(case)) == [
        {"actor": cast.court.actor_id, "role": "court", "what": f"evidence:{sha}",
         "reason": REASON},
    ]  # fmt: skip


def test_the_subjects_own_staff_get_a_ticket_without_a_reason_and_nothing_is_recorded(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """An officer of the case needs no reason; no read is recorded for it."""
    sha, data = evidence(jz, cast)
    before = jz.store.event_count()
    issued = ask_ticket(client, cast.tokens["b"], sha)
    assert issued.status_code == 201
    assert (issued.json()["recorded_as"], issued.json()["events"]) == (None, [])
    own = {"Authorization": f"Bearer {cast.tokens['b']}"}
    assert client.get(issued.json()["url"], headers=own).content == data
    assert jz.store.event_count() == before


def test_a_ticket_serves_only_its_evidence_its_actor_and_its_time(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """401 read-ticket-invalid for another blob, an altered ticket, no credentials or another
    actor's, a revoked token (even with another token of the same actor) or a suspended
    actor; 401 read-ticket-expired past its minutes."""
    sha, _ = evidence(jz, cast)
    other_sha, _ = evidence(jz, cast)
    ticket = ask_ticket(client, cast.tokens["court"], sha, {"reason": REASON}).json()["ticket"]
    court = cast.tokens["court"]

    def with_ticket(asked: str, given: str, token: str | None = court) -> Any:
        return fetch(client, token, asked, params={"ticket": given})

    assert with_ticket(sha, ticket).status_code == 200
    version, payload, mac = ticket.split(".")
    forged = json.loads(unb64(payload))
    forged["sha256"] = other_sha
    altered = ".".join([version, b64(json.dumps(forged).encode()), mac])
    for asked, given, token in (
        (other_sha, ticket, None),
        (other_sha, altered, None),
        (sha, ticket[:-2] + ("AA" if not ticket.endswith("AA") else "BB"), None),
        (sha, "v1.e30.AAAA", None),
        (sha, "nonsense", None),
        (sha, ticket, cast.tokens["oversight"]),
        (sha, ticket, None),  # no credentials: a forwarded URL is no use to anyone else
    ):
        refused = with_ticket(asked, given, token)
        assert (refused.status_code, refused.json()["code"]) == (401, "read-ticket-invalid")
    jz.evidence_reads.clock = lambda: time.time() + 3601
    expired = with_ticket(sha, ticket)
    assert (expired.status_code, expired.json()["code"]) == (401, "read-ticket-expired")
    jz.evidence_reads.clock = time.time
    court_id = UUID(cast.court.actor_id)
    token_id = next(iter(jz.get_actor(court_id).tokens))
    second, _, _ = jz.issue_token(OPERATOR, court_id)
    jz.revoke_token(OPERATOR, court_id, token_id, "令牌泄露")
    revoked = with_ticket(sha, ticket, second)
    assert (revoked.status_code, revoked.json()["code"]) == (401, "read-ticket-invalid")
    oversight = cast.tokens["oversight"]
    oversight_ticket = ask_ticket(client, oversight, sha, {"reason": "督查"})
    jz.suspend_actor(OPERATOR, UUID(cast.oversight.actor_id), "停职")
    suspended = with_ticket(sha, oversight_ticket.json()["ticket"], oversight)
    assert (suspended.status_code, suspended.json()["code"]) == (403, "actor-suspended")
    alone = with_ticket(sha, oversight_ticket.json()["ticket"], None)
    assert (alone.status_code, alone.json()["code"]) == (401, "read-ticket-invalid")


def test_the_api_reads_the_screens_own_session_cookie() -> None:
    """The cookie name the ticketed download reads is the one the screens set."""
    from api.deps import SESSION_COOKIE
    from api.web.session import COOKIE

    assert SESSION_COOKIE == COOKIE


def session_cookie(jz: Jianzheng, token: str, actor_id: str) -> dict[str, str]:
    """The ``Cookie`` header of a screens' session signed in with ``token``."""
    value, _ = jz.sessions.open(token, actor_id)
    return {"Cookie": f"jz_session={value}"}


def test_a_ticket_works_with_its_actors_screen_session_and_nobody_elses(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """A <video> element sends the screens' session cookie, never Authorization: the ticket
    works with the session of the actor it was issued to (GET, ranges, HEAD), and with no
    other — not another actor's session (even one that may read the file with a reason), not
    an ended session, not none. Without a ticket the API ignores the cookie (no CSRF).
    Nothing is recorded but the ticket's one read."""
    sha, data = evidence(jz, cast)
    issued = ask_ticket(client, cast.tokens["court"], sha, {"reason": REASON}).json()
    url = issued["url"]
    recorded = jz.store.event_count()
    court = session_cookie(jz, cast.tokens["court"], cast.court.actor_id)
    assert client.get(url, headers=court).content == data
    part = client.get(url, headers={**court, "Range": "bytes=100-199"})
    assert (part.status_code, part.content) == (206, data[100:200])
    assert client.head(url, headers=court).status_code == 200
    other = session_cookie(jz, cast.tokens["oversight"], cast.oversight.actor_id)
    ended_value, ended = jz.sessions.open(cast.tokens["court"], cast.court.actor_id)
    jz.sessions.close(ended)
    for headers in (
        other,
        {"Cookie": f"jz_session={ended_value}"},
        {"Cookie": "jz_session=made-up"},
        {},
    ):
        for method in ("GET", "HEAD"):
            refused = client.request(method, url, headers=headers)
            assert refused.status_code == 401, (method, headers)
            if method == "GET":
                assert refused.json()["code"] == "read-ticket-invalid"
    no_ticket = client.get(f"/v1/evidence/{sha}", headers=court)
    assert (no_ticket.status_code, no_ticket.json()["code"]) == (401, "unauthenticated")
    assert jz.store.event_count() == recorded


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# -- unknown and malformed hashes ------------------------------------------------------------


def test_an_unknown_hash_is_a_404_problem_and_a_malformed_one_422(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """404 evidence-unknown; a hash that is not 64 lower-case hex digits: 422 naming it."""
    unknown = fetch(client, cast.tokens["a"], hashlib.sha256(b"x").hexdigest())
    assert (unknown.status_code, unknown.json()["code"]) == (404, "evidence-unknown")
    assert unknown.headers["content-type"] == PROBLEM
    for malformed in ("abc", "A" * 64, "g" * 64, "0" * 65):
        refused = fetch(client, cast.tokens["a"], malformed)
        assert refused.status_code == 422, malformed
        assert (refused.json()["code"], refused.json()["field"]) == ("invalid-request", "sha256")


# -- no altered byte answered as good (R-AV-4) -----------------------------------------------


def test_a_corrupted_blob_is_refused_before_its_first_byte_and_verify_still_says_altered(
    client: TestClient, jz: Jianzheng, cast: Cast, small_segments: None
) -> None:
    """One flipped bit: whole and range reads answer 500 evidence-corrupt (problem+json, no
    byte of the file), and `jianzheng verify` reports the blob `altered`, as before (R-AV-4)."""
    sha, _ = evidence(jz, cast)
    assert jz.verify().blob_problems == []
    flip_byte(blob_file(jz, sha), segment_offset(0) + NONCE_BYTES + 5)
    for headers in ({}, {"Range": "bytes=0-9"}, {"Range": "bytes=10-65600"}):
        refused = fetch(client, cast.tokens["a"], sha, headers=headers)
        assert refused.status_code == 500
        assert refused.headers["content-type"] == PROBLEM
        assert refused.json()["code"] == "evidence-corrupt"
        assert refused.json()["sha256"] == sha
    # a range whose segments are intact is still proved by their own tags
    intact = fetch(client, cast.tokens["a"], sha, headers={"Range": "bytes=70000-70009"})
    assert intact.status_code == 206
    problems = jz.verify().blob_problems
    assert [(p["sha256"], p["problem"]) for p in problems] == [(sha, "altered")]


def test_a_blob_swapped_for_another_sealed_blob_is_refused_even_for_a_range(
    client: TestClient, jz: Jianzheng, cast: Cast, small_segments: None
) -> None:
    """Every segment of another blob's sealed file opens; its binding names another file, so
    the read verifies the whole file first and finds another hash: 500, not the other video
    (R-AV-4)."""
    sha, _ = evidence(jz, cast)
    other, _ = evidence(jz, cast)
    shutil.copyfile(jz.blobs.path(other), blob_file(jz, sha))
    refused = fetch(client, cast.tokens["a"], sha, headers={"Range": "bytes=0-99"})
    assert (refused.status_code, refused.json()["code"]) == (500, "evidence-corrupt")
    assert [p["problem"] for p in jz.verify().blob_problems] == ["altered"]


def test_a_blob_without_its_binding_is_verified_whole_once_then_bound(
    client: TestClient, jz: Jianzheng, cast: Cast, small_segments: None
) -> None:
    """Blobs stored by earlier versions have no binding: the first read verifies the whole
    blob and binds it; an altered one without a binding is refused for any range."""
    sha, data = evidence(jz, cast)
    binding = jz.blobs.binding_path(sha)
    binding.unlink()
    part = fetch(client, cast.tokens["a"], sha, headers={"Range": "bytes=200000-200099"})
    assert (part.status_code, part.content) == (206, data[200000:200100])
    assert binding.is_file()
    bad, _ = evidence(jz, cast)
    jz.blobs.binding_path(bad).unlink()
    flip_byte(blob_file(jz, bad), segment_offset(4) + NONCE_BYTES)
    refused = fetch(client, cast.tokens["a"], bad, headers={"Range": "bytes=0-9"})
    assert (refused.status_code, refused.json()["code"]) == (500, "evidence-corrupt")
    assert not jz.blobs.binding_path(bad).exists()


def test_a_plain_blob_stored_before_sealing_is_verified_whole_for_every_read(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """A blob written before sealing (its plaintext) is read when it hashes to its name,
    whole or by range, and refused when a byte differs."""
    sha, data = evidence(jz, cast)
    blob_file(jz, sha).write_bytes(data)
    jz.blobs.binding_path(sha).unlink()
    assert fetch(client, cast.tokens["a"], sha).content == data
    part = fetch(client, cast.tokens["a"], sha, headers={"Range": "bytes=-10"})
    assert (part.status_code, part.content) == (206, data[-10:])
    flip_byte(blob_file(jz, sha), 1000)
    refused = fetch(client, cast.tokens["a"], sha, headers={"Range": "bytes=0-9"})
    assert (refused.status_code, refused.json()["code"]) == (500, "evidence-corrupt")


# -- over a real socket: a read cut off, and Chromium's player -------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(jz: Jianzheng) -> Iterator[str]:
    """The app under uvicorn on a loopback port, over the test's store."""
    port = free_port()
    config = uvicorn.Config(
        create_app(jianzheng=jz), host="127.0.0.1", port=port, log_level="critical"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def test_a_large_blob_altered_further_on_is_cut_off_mid_read_never_answered_whole(
    served: str,
    jz: Jianzheng,
    cast: Cast,
    small_segments: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A blob larger than what is verified before the first byte streams until the altered
    segment, then the connection is aborted: fewer bytes than Content-Length, logged as
    evidence-corrupt. What comes before it is proved, and still served by range (R-AV-4)."""
    monkeypatch.setattr(blob_reads, "VERIFY_FIRST_BYTES", 128 * 1024)
    sha, data = evidence(jz, cast, mp4(1024 * 1024))
    flip_byte(blob_file(jz, sha), segment_offset(10) + NONCE_BYTES + 1)
    request = urllib.request.Request(f"{served}/v1/evidence/{sha}")  # noqa: S310
    request.add_header("Authorization", f"Bearer {cast.tokens['a']}")
    with (
        caplog.at_level(logging.ERROR, logger="jianzheng.evidence"),
        urllib.request.urlopen(request, timeout=30) as response,  # noqa: S310
    ):
        assert response.status == 200
        assert response.headers["Content-Length"] == str(len(data))
        with pytest.raises(http.client.IncompleteRead) as cut:
            response.read()
    received = cut.value.partial
    assert len(received) <= 10 * SEGMENT
    assert received == data[: len(received)]
    assert any("evidence-corrupt" in r.getMessage() and sha in r.getMessage()
               for r in caplog.records)  # fmt: skip
    request.add_header("Range", "bytes=0-655359")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert (response.status, response.read()) == (206, data[:655360])
    request.remove_header("Range")
    request.add_header("Range", f"bytes={10 * SEGMENT}-")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310
    assert refused.value.code == 500
    assert json.loads(refused.value.read())["code"] == "evidence-corrupt"


def test_a_whole_read_that_does_not_hash_to_its_name_never_delivers_its_last_byte(
    served: str, jz: Jianzheng, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last line of defence: were the proof before the first byte skipped, a whole read
    still hashes what it sends and holds its last piece back until the hash matches, so the
    client never gets every byte Content-Length announced of a blob that is not its hash."""
    sha, data = evidence(jz, cast)
    blob_file(jz, sha).write_bytes(data)  # a plain blob, as stored before sealing
    flip_byte(blob_file(jz, sha), len(data) - 1)
    monkeypatch.setattr(blob_reads._Reader, "prove", lambda *_: None)
    monkeypatch.setattr(blob_reads, "VERIFY_FIRST_BYTES", 0)
    request = urllib.request.Request(f"{served}/v1/evidence/{sha}")  # noqa: S310
    request.add_header("Authorization", f"Bearer {cast.tokens['a']}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead) as cut:
            response.read()
    assert len(cut.value.partial) < len(data)


def test_chromium_plays_a_video_through_a_ticket_and_seeks_by_range(
    served: str, jz: Jianzheng, cast: Cast
) -> None:
    """A court's ticket URL as a <video src> in a browser signed in to the screens as that
    court (the session cookie is what a <video> element sends): Chromium reads the metadata,
    seeks to 6.5 s with a range request starting inside the file, and plays from there; one
    read recorded."""
    case = open_case(jz, cast)
    video = webm()
    sha = upload(jz, cast.officer_a, video, "video/webm", case_id=case)
    request = urllib.request.Request(  # noqa: S310
        f"{served}/v1/evidence/{sha}/reads",
        data=json.dumps({"reason": REASON}).encode(),
        headers={"Authorization": f"Bearer {cast.tokens['court']}",
                 "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        url = served + json.loads(response.read())["url"]
    recorded = jz.store.event_count()
    asked: list[str] = []
    problems: list[str] = []
    signed_in, _ = jz.sessions.open(cast.tokens["court"], cast.court.actor_id)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context()
            # The court's screens' session: what a <video> element sends with the ticket.
            context.add_cookies([{"name": "jz_session", "value": signed_in, "url": served}])
            page = context.new_page()
            page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
            page.on("request", lambda r: asked.append(r.headers.get("range", "")))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(f"{served}/healthz")
            seen = page.evaluate(SEEK, url)
        finally:
            browser.close()
    assert problems == []
    assert seen["duration"] == pytest.approx(8, abs=0.3)
    assert seen["time"] == pytest.approx(6.5, abs=0.3)
    assert seen["width"] == 640
    assert seen["ready"] >= 2
    starts = [int(r.removeprefix("bytes=").split("-")[0]) for r in asked if r]
    assert any(0 < start < len(video) for start in starts), asked
    assert jz.store.event_count() == recorded
    assert [r["role"] for r in access_reads(jz, "case", str(case))] == ["court"]


SEEK = """async (url) => {
  const video = document.createElement("video");
  video.preload = "metadata";
  video.muted = true;
  const failed = () => new Error("media error " + (video.error && video.error.code));
  const once = (name) => new Promise((resolve, reject) => {
    video.addEventListener(name, resolve, {once: true});
    video.addEventListener("error", () => reject(failed()), {once: true});
  });
  video.src = url;
  document.body.appendChild(video);
  await once("loadedmetadata");
  const duration = video.duration;
  const seeked = once("seeked");
  video.currentTime = 6.5;
  await seeked;
  if (video.readyState < 2) await once("canplay");
  await video.play();
  return {duration, time: video.currentTime, width: video.videoWidth, ready: video.readyState};
}"""
