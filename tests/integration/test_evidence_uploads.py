"""Evidence uploads: content checked against its type, who uploads for what, blobs sealed at rest.

R-AV-2/3 are met by citing an audio-video record; R-AV-4 wants records that cannot be
altered; R-GD-9 has children's documents cited by hash. So an upload's media type is checked
against the container's signature, audio-video has a minimum size, only those who record
steps or children's documents upload, each upload names its uploader and purpose, a step cites
only recordings uploaded for its case's agency, and the bytes are sealed with the data key.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.records.errors import StorageUnavailable
from domain.records.evidence import Evidence
from infra.application import OPERATOR, Jianzheng, Principal
from infra.blobs import MAGIC, BlobStore
from tests.integration.casekit import AGENCY, AREA, Cast, mp4, open_case, upload, wav
from tests.integration.test_authz_matrix import new_child

PROBLEM = "application/problem+json"
VILLAGE = "370303001001"


def post(client: TestClient, token: str | None, data: bytes, media_type: str, **params: Any) -> Any:
    headers = {"Content-Type": media_type}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    query = {k: str(v) for k, v in params.items()}
    return client.post("/v1/evidence", params=query, content=data, headers=headers)


def actor(jz: Jianzheng, role: str, agency: str, area: str, **extra: str) -> tuple[Principal, str]:
    if role == "officer":
        # each officer's own number: a number is issued to one actor only (R-SV-4)
        number = f"鲁执-01{agency}{area}"
        extra = {"certificate": number, "valid_from": "2020-01-01", **extra}
        extra.setdefault("valid_until", "2035-12-31")
    registered = jz.register_actor(
        OPERATOR, name=f"{role}-{agency}", role=role, agency=agency, jurisdiction=area, **extra
    )
    return Principal.of(registered.actor), registered.token


def evidence_events(jz: Jianzheng, sha: str, purpose: str = "case") -> list[dict[str, Any]]:
    stream = str(Evidence.create_id(sha, purpose))
    return [
        {"type": row.topic, **jz.store.envelope(row).data}
        for row in jz.store.rows()
        if row.stream == stream
    ]


def blob_files(jz: Jianzheng) -> list[Path]:
    root = jz.blobs.root
    return [p for d in ("sha256", "tmp") if (root / d).is_dir() for p in (root / d).rglob("*")]


# -- the content matches its declared type (R-AV-2) -------------------------------------------


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"x" * 8192, "video/mp4"),
        (b"\xff\xd8\xff" + bytes(8192), "video/mp4"),
        (mp4(), "audio/mpeg"),
        (b"RIFF\x00\x00\x00\x00AVI " + bytes(8192), "audio/wav"),
        (b"not a picture", "image/png"),
        (b"plain text, not a PDF", "application/pdf"),
    ],
    ids=["text-as-mp4", "jpeg-as-mp4", "mp4-as-mp3", "avi-as-wav", "text-as-png", "text-as-pdf"],
)
def test_a_declared_media_type_that_the_content_does_not_match_is_refused_and_leaves_nothing(
    client: TestClient, jz: Jianzheng, cast: Cast, data: bytes, media_type: str
) -> None:
    """422 evidence-type-mismatch; no event, no blob, no temporary file."""
    case = open_case(jz, cast)
    before = jz.store.event_count()
    response = post(client, cast.tokens["a"], data, media_type, purpose="case", case_id=case)
    assert (response.status_code, response.json()["code"]) == (422, "evidence-type-mismatch")
    assert response.headers["content-type"] == PROBLEM
    assert jz.store.event_count() == before
    assert [p for p in blob_files(jz) if p.is_file()] == []


def test_an_audio_or_video_type_that_cannot_be_checked_does_not_count_as_a_recording(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """A video/x-anything upload is refused: only checkable recording formats are recordings."""
    case = open_case(jz, cast)
    response = post(
        client, cast.tokens["a"], mp4(), "video/x-made-up", purpose="case", case_id=case
    )
    assert (response.status_code, response.json()["code"]) == (422, "evidence-type-unsupported")


def test_a_recording_below_the_minimum_size_is_refused_and_the_minimum_is_a_setting(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """A 100-byte "video" cannot meet R-AV-2; JIANZHENG_MIN_AV_BYTES sets the floor."""
    case = open_case(jz, cast)
    tiny = mp4(100)
    before = jz.store.event_count()
    refused = post(client, cast.tokens["a"], tiny, "video/mp4", purpose="case", case_id=case)
    assert (refused.status_code, refused.json()["code"]) == (422, "evidence-too-small")
    assert "4096" in refused.json()["detail"]
    assert jz.store.event_count() == before
    assert not jz.blobs.exists(hashlib.sha256(tiny).hexdigest())
    photo = post(
        client, cast.tokens["a"], b"\xff\xd8\xff tiny", "image/jpeg", purpose="case", case_id=case
    )
    assert photo.status_code == 201, "the minimum is for audio-video only"
    jz.settings.min_av_bytes = 64
    assert post(
        client, cast.tokens["a"], tiny, "video/mp4", purpose="case", case_id=case
    ).is_success


def test_evidence_sent_as_application_json_is_stored_as_its_bytes_not_parsed(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """A JSON file with floats, duplicates and over 1 MiB is evidence, not a request body."""
    case = open_case(jz, cast)
    data = b'{"reading": 1.5, "reading": 2e400, "pad": "' + b"x" * (1024 * 1024) + b'"}'
    response = post(
        client, cast.tokens["a"], data, "application/json", purpose="case", case_id=case
    )
    assert response.status_code == 201, response.text
    assert response.json()["sha256"] == hashlib.sha256(data).hexdigest()
    assert b"".join(jz.blobs.read(response.json()["sha256"])) == data


# -- who uploads, for what --------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["court", "oversight", "admin", "legal_reviewer", "agency_head", "reporter"]
)
def test_roles_that_record_neither_steps_nor_childrens_documents_may_not_upload(
    client: TestClient, jz: Jianzheng, cast: Cast, role: str
) -> None:
    """403 before a byte is stored: courts, oversight, admins, reviewers, heads, reporters."""
    case = open_case(jz, cast)
    _, token = actor(jz, role, AGENCY, AREA if role != "reporter" else VILLAGE)
    before = jz.store.event_count()
    for params in ({"purpose": "case", "case_id": case}, {"purpose": "child", "child_id": case}):
        response = post(client, token, mp4(), "video/mp4", **params)
        assert response.status_code == 403, (params, response.text)
    assert jz.store.event_count() == before
    assert [p for p in blob_files(jz) if p.is_file()] == []


def test_an_officer_uploads_only_for_a_case_of_their_agency_and_area(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Another agency's officer, or one whose area does not cover the case: 403."""
    case = open_case(jz, cast)
    _, stranger = actor(jz, "officer", "另一机关", AREA)
    _, elsewhere = actor(jz, "officer", AGENCY, "370305")
    for token in (stranger, elsewhere):
        response = post(client, token, mp4(), "video/mp4", purpose="case", case_id=case)
        assert (response.status_code, response.json()["code"]) == (403, "outside-authority")
    missing = post(client, cast.tokens["a"], mp4(), "video/mp4", purpose="case")
    assert missing.status_code == 422


def test_every_upload_is_recorded_with_its_uploader_and_purpose(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Registered names the first upload; other uploaders add UploadRecorded; a child's
    upload of the same bytes is registered in a stream of its own (F5)."""
    case = open_case(jz, cast)
    village, village_token = actor(jz, "village_committee", "某村委会", VILLAGE)
    child, _ = jz.children.register(village, **new_child())
    clip = mp4()
    sha = hashlib.sha256(clip).hexdigest()
    first = post(client, cast.tokens["a"], clip, "video/mp4", purpose="case", case_id=case)
    assert [e["type"] for e in first.json()["events"]] == ["evidence.Registered"]
    again = post(client, cast.tokens["a"], clip, "video/mp4", purpose="case", case_id=case)
    assert again.json()["events"] == [], "the same uploader and purpose again: nothing new"
    by_b = post(client, cast.tokens["b"], clip, "video/mp4", purpose="case", case_id=case)
    for_child = post(client, village_token, clip, "video/mp4", purpose="child", child_id=child.id)
    assert [e["type"] for e in by_b.json()["events"]] == ["evidence.UploadRecorded"]
    assert [e["type"] for e in for_child.json()["events"]] == ["evidence.Registered"]
    events = evidence_events(jz, sha)
    assert [(e["type"], e["purpose"], e["subject_id"], e["agency"], e["area"]) for e in events] == [
        ("evidence.Registered", "case", str(case), AGENCY, AREA),
        ("evidence.UploadRecorded", "case", str(case), AGENCY, AREA),
    ]
    childs = evidence_events(jz, sha, "child")
    assert [(e["type"], e["purpose"], e["subject_id"], e["agency"], e["area"]) for e in childs] == [
        ("evidence.Registered", "child", str(child.id), "某村委会", VILLAGE),
    ]
    assert jz.verify().ok


def test_a_step_cites_only_recordings_uploaded_for_its_cases_agency(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """R-AV-2: another agency's or a child's recording is evidence-not-for-this-case."""
    case = open_case(jz, cast)
    other, _ = actor(jz, "officer", "另一机关", AREA)
    partner, _ = actor(jz, "officer", "另一机关", AREA, certificate="鲁执-0200")
    theirs, _ = jz.cases.open_case(
        other, action_type="penalty", title="他案", agency="另一机关", jurisdiction=AREA,
        officers=[other.actor_id, partner.actor_id], party={"kind": "person", "name": "某"},
    )  # fmt: skip
    village, _ = actor(jz, "village_committee", "某村委会", VILLAGE)
    child, _ = jz.children.register(village, **new_child())
    foreign = upload(jz, other, mp4(), "video/mp4", case_id=theirs.id)
    childs = upload(jz, village, wav(), "audio/wav", child_id=child.id)
    step = {"kind": "on_site_inspection", "summary": "现场检查"}
    headers = {"Authorization": f"Bearer {cast.tokens['a']}"}
    before = jz.store.event_count()
    for sha, code in ((foreign, "evidence-not-for-this-case"), (childs, "evidence-not-found")):
        refused = client.post(
            f"/v1/cases/{case}/steps", json={**step, "evidence": [sha]}, headers=headers
        )
        assert (refused.status_code, refused.json()["code"]) == (422, code)
    assert jz.store.event_count() == before
    again = upload(jz, cast.officer_a, b"".join(jz.blobs.read(foreign)), "video/mp4", case_id=case)
    assert again == foreign
    done = client.post(
        f"/v1/cases/{case}/steps", json={**step, "evidence": [foreign]}, headers=headers
    )
    assert done.status_code == 201, done.text


# -- a blob never outlives a failed registration ----------------------------------------------


def test_a_failed_registration_removes_the_blob_it_created_but_never_a_registered_one(
    jz: Jianzheng, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store refusing the append leaves no unregistered blob; a registered one stays
    (R-AV-6)."""
    case = open_case(jz, cast)
    registered = mp4()
    registered_sha = upload(jz, cast.officer_a, registered, "video/mp4", case_id=case)

    def store_down(*_: Any, **__: Any) -> Any:
        raise StorageUnavailable("the database went away")

    monkeypatch.setattr(jz.store, "append", store_down)
    fresh = mp4()
    with pytest.raises(StorageUnavailable):
        upload(jz, cast.officer_a, fresh, "video/mp4", case_id=case)
    assert not jz.blobs.exists(hashlib.sha256(fresh).hexdigest())
    with pytest.raises(StorageUnavailable):
        upload(jz, cast.officer_b, registered, "video/mp4", case_id=case)
    assert jz.blobs.check(registered_sha, len(registered)) is None
    assert [p for p in (jz.blobs.root / "tmp").iterdir()] == []


# -- sealed at rest ---------------------------------------------------------------------------


def test_a_blob_is_sealed_at_rest_and_reads_and_verifies_as_its_plaintext(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """The file holds no plaintext; its name stays the plaintext's SHA-256; verify re-hashes it."""
    case = open_case(jz, cast)
    clip = mp4(3 * 1024 * 1024 + 5)
    answer = post(client, cast.tokens["a"], clip, "video/mp4", purpose="case", case_id=case).json()
    sha = answer["sha256"]
    assert sha == hashlib.sha256(clip).hexdigest()
    stored = jz.blobs.path(sha).read_bytes()
    assert stored.startswith(MAGIC)
    assert clip[32:1000] not in stored
    assert b"".join(jz.blobs.read(sha)) == clip
    report = jz.verify()
    assert report.ok
    assert report.blobs_checked == 1


def test_a_blob_stored_unsealed_by_an_older_version_still_reads_and_verifies(
    jz: Jianzheng, cast: Cast
) -> None:
    """Blobs written before sealing are plain bytes under their hash: still read, still checked."""
    case = open_case(jz, cast)
    clip = mp4()
    sha = upload(jz, cast.officer_a, clip, "video/mp4", case_id=case)
    path = jz.blobs.path(sha)
    path.chmod(0o640)
    path.write_bytes(clip)  # as the version before sealing left it
    assert b"".join(jz.blobs.read(sha)) == clip
    assert jz.verify().ok
    path.write_bytes(clip[:-1] + b"\x00")
    assert [p["problem"] for p in jz.verify().blob_problems] == ["altered"]


async def _chunks(data: bytes, size: int) -> AsyncIterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i : i + size]


def sealed(tmp_path: Path, data: bytes, key: bytes = b"k" * 32) -> tuple[BlobStore, str]:
    store = BlobStore(tmp_path / "blobs", 1 << 30, key=key, segment_bytes=64)
    blob = asyncio.run(store.put_stream(_chunks(data, 50)))
    return store, blob.sha256


def rewrite(store: BlobStore, sha: str, change: Any) -> None:
    path = store.path(sha)
    data = path.read_bytes()
    path.chmod(0o640)
    path.write_bytes(change(data))


HEADER = len(MAGIC) + 1 + 4 + 16
RECORD = 12 + 64 + 16


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d[: HEADER + 3 * RECORD],
        lambda d: d[: HEADER + RECORD] + d[HEADER + 2 * RECORD :],
        lambda d: d[:HEADER] + d[HEADER + RECORD : HEADER + 2 * RECORD] + d[HEADER + RECORD :],
        lambda d: d[: HEADER + 2 * RECORD] + d[HEADER + RECORD :],
        lambda d: d[:-1] + bytes([d[-1] ^ 1]),
        lambda d: d[:HEADER],
        lambda d: d[: len(MAGIC) + 1] + (1 << 30).to_bytes(4, "big") + d[len(MAGIC) + 5 :],
    ],
    ids=[
        "cut-at-a-boundary",
        "segment-dropped",
        "segments-swapped",
        "segment-repeated",
        "byte-flipped",
        "no-segments",
        "huge-segment-size",
    ],
)
def test_a_sealed_blob_cut_reordered_or_altered_is_found(tmp_path: Path, change: Any) -> None:
    """Each segment binds its index and the final flag: no edit of the file goes unseen."""
    data = bytes(range(256)) + b"tail"
    store, sha = sealed(tmp_path, data)
    assert store.check(sha, len(data)) is None
    rewrite(store, sha, change)
    assert store.check(sha, len(data)) == "altered"


def test_a_segment_from_another_blob_or_another_key_does_not_open(tmp_path: Path) -> None:
    """The file id is in every segment's associated data; the key is the deployment's."""
    data = bytes(range(200))
    store, sha = sealed(tmp_path / "a", data)
    other, other_sha = sealed(tmp_path / "b", bytes(reversed(data)))
    theirs = other.path(other_sha).read_bytes()
    rewrite(
        store, sha, lambda d: d[:HEADER] + theirs[HEADER : HEADER + RECORD] + d[HEADER + RECORD :]
    )
    assert store.check(sha, len(data)) == "altered"
    again, again_sha = sealed(tmp_path / "c", data)
    stranger = BlobStore(again.root, 1 << 30, key=b"x" * 32)
    assert stranger.check(again_sha, len(data)) == "altered"


def test_an_upload_streams_through_the_sealing_in_bounded_memory(tmp_path: Path) -> None:
    """A 64 MiB upload never holds more than a few segments in memory."""
    store = BlobStore(tmp_path / "blobs", 1 << 30, key=b"k" * 32)
    piece = bytes(range(256)) * 256

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(1024):
            yield piece

    tracemalloc.start()
    try:
        blob = asyncio.run(store.put_stream(chunks()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert blob.size == 64 * 1024 * 1024
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes"
    assert store.check(blob.sha256, blob.size) is None


def test_the_uploads_of_a_case_name_the_officer_as_uploader(jz: Jianzheng, cast: Cast) -> None:
    """The registration's actor is the uploader, the envelope's actor too."""
    case = open_case(jz, cast)
    sha = upload(jz, cast.officer_b, mp4(), "video/mp4", case_id=case)
    evidence = jz.store.load(Evidence, Evidence.create_id(sha))
    assert evidence.registered_by == cast.officer_b.actor_id
    assert [u.actor for u in evidence.uploads] == [cast.officer_b.actor_id]
    assert isinstance(case, UUID)


# -- a case cites only its agency's case evidence, whatever the type (F5) ----------------------

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"
PHOTO = b"\xff\xd8\xff\xe0" + bytes(600)


def cite(client: TestClient, cast: Cast, case: UUID, sha: str) -> Any:
    step = {"kind": "other", "summary": "调取书证", "evidence": [sha]}
    return client.post(
        f"/v1/cases/{case}/steps",
        json=step,
        headers={"Authorization": f"Bearer {cast.tokens['a']}"},
    )


def test_a_childs_document_of_any_type_is_never_cited_in_a_case_step(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """A PDF or photo uploaded for a child's file: evidence-not-found (as if never uploaded),
    nothing stored; the case's bundle could otherwise carry the child's id and village."""
    case = open_case(jz, cast)
    village, _ = actor(jz, "village_committee", "某村委会", VILLAGE)
    child, _ = jz.children.register(village, **new_child())
    before = jz.store.event_count()
    for data, media_type in ((PDF, "application/pdf"), (PHOTO, "image/jpeg")):
        sha = upload(jz, village, data, media_type, child_id=child.id)
        before = jz.store.event_count()
        refused = cite(client, cast, case, sha)
        assert (refused.status_code, refused.json()["code"]) == (422, "evidence-not-found")
        assert jz.store.event_count() == before


def test_another_agencys_photo_or_document_is_not_this_cases_evidence(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Not only recordings: every cited blob was uploaded for a case of the case's agency."""
    case = open_case(jz, cast)
    other, _ = actor(jz, "officer", "另一机关", AREA)
    partner, _ = actor(jz, "officer", "另一机关", AREA, certificate="鲁执-0300")
    theirs, _ = jz.cases.open_case(
        other, action_type="penalty", title="他案", agency="另一机关", jurisdiction=AREA,
        officers=[other.actor_id, partner.actor_id], party={"kind": "person", "name": "某"},
    )  # fmt: skip
    before = jz.store.event_count()
    for data, media_type in ((PDF, "application/pdf"), (PHOTO, "image/jpeg")):
        sha = upload(jz, other, data, media_type, case_id=theirs.id)
        before = jz.store.event_count()
        refused = cite(client, cast, case, sha)
        assert (refused.status_code, refused.json()["code"]) == (422, "evidence-not-for-this-case")
        assert jz.store.event_count() == before


def test_bytes_uploaded_for_a_child_and_for_the_case_reach_the_bundle_without_the_child(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """The same photo in a child's file and in the case: the case cites its own upload, and
    the court bundle holds no trace of the child (id, village, purpose)."""
    case = open_case(jz, cast)
    village, _ = actor(jz, "village_committee", "某村委会", VILLAGE)
    child, _ = jz.children.register(village, **new_child())
    upload(jz, village, PHOTO, "image/jpeg", child_id=child.id)
    sha = upload(jz, cast.officer_a, PHOTO, "image/jpeg", case_id=case)
    step = cite(client, cast, case, sha)
    assert step.status_code == 201, step.text
    bundle = client.get(f"/v1/cases/{case}/bundle", params={"reason": "移送法院"},
                        headers={"Authorization": f"Bearer {cast.tokens['a']}"})  # fmt: skip
    assert bundle.status_code == 200, bundle.text
    envelopes = [
        json.loads(base64.b64decode(event["canonical"]))
        for stream in bundle.json()["streams"]
        for event in stream["events"]
    ]
    cited = [e for e in envelopes if e["type"].startswith("evidence.")]
    assert [(e["type"], e["data"]["purpose"]) for e in cited] == [("evidence.Registered", "case")]
    text = json.dumps(envelopes, ensure_ascii=False)
    assert str(child.id) not in text
    assert VILLAGE not in text


def test_a_stream_an_earlier_version_shared_with_a_childs_upload_is_not_cited(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """Stored before children's uploads had streams of their own: registered for a child,
    then uploaded for the case — citing it would put the child in the bundle, so it is
    refused (evidence-not-for-this-case)."""
    case = open_case(jz, cast)
    village, _ = actor(jz, "village_committee", "某村委会", VILLAGE)
    child, _ = jz.children.register(village, **new_child())
    sha = upload(jz, village, PDF, "application/pdf", child_id=child.id)
    # What an earlier version stored: the child's registration under the blob's one stream id.
    shared = Evidence._create(
        Evidence.Registered, id=Evidence.create_id(sha), actor=village.actor_id, sha256=sha,
        size=len(PDF), media_type="application/pdf", purpose="child", subject_id=str(child.id),
        agency="某村委会", area=VILLAGE,
    )  # fmt: skip
    jz.store.append(shared)
    upload(jz, cast.officer_a, PDF, "application/pdf", case_id=case)
    before = jz.store.event_count()
    refused = cite(client, cast, case, sha)
    assert (refused.status_code, refused.json()["code"]) == (422, "evidence-not-for-this-case")
    assert jz.store.event_count() == before


# -- an allow-list of media types, each checked against the content (F6) ------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(300)


@pytest.mark.parametrize(
    ("data", "media_type", "code"),
    [
        (PDF, "image/svg+xml", "evidence-type-unsupported"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "image/svg+xml",
         "evidence-type-unsupported"),
        (EXE, "text/plain", "evidence-type-mismatch"),
        (b"<html><body><script>alert(1)</script></body></html>", "text/plain",
         "evidence-type-mismatch"),
        (b"this is not JSON at all", "application/json", "evidence-type-mismatch"),
        (b"<p>x</p>", "text/html", "evidence-type-unsupported"),
        (EXE, "application/octet-stream", "evidence-type-unsupported"),
        ("笔录".encode("gbk"), "text/plain; charset=gbk", "evidence-type-unsupported"),
    ],
    ids=["pdf-as-svg", "svg-script", "exe-as-text", "html-as-text", "text-as-json", "html",
         "octet-stream", "gbk-text"],
)  # fmt: skip
def test_active_or_mislabelled_uploads_are_refused_and_leave_nothing(
    client: TestClient, jz: Jianzheng, cast: Cast, data: bytes, media_type: str, code: str
) -> None:
    """The outside review's uploads: 422 with a stable code; no event, no blob, no temp file."""
    case = open_case(jz, cast)
    before = jz.store.event_count()
    response = post(client, cast.tokens["a"], data, media_type, purpose="case", case_id=case)
    assert (response.status_code, response.json()["code"]) == (422, code), response.text
    assert jz.store.event_count() == before
    assert [p for p in blob_files(jz) if p.is_file()] == []


def test_utf8_text_csv_and_json_documents_are_accepted(
    client: TestClient, jz: Jianzheng, cast: Cast
) -> None:
    """A Chinese text note, a CSV with a byte-order mark, a JSON export: 201."""
    case = open_case(jz, cast)
    for data, media_type in (
        ("现场笔录：当事人在场。\r\n".encode(), "text/plain; charset=utf-8"),
        ("\ufeff品名,数量\r\n猪肉,3\r\n".encode(), "text/csv"),
        (b'{"readings": [1.5, 2.25], "unit": "mg/kg"}', "application/json"),
    ):
        response = post(client, cast.tokens["a"], data, media_type, purpose="case", case_id=case)
        assert response.status_code == 201, response.text
