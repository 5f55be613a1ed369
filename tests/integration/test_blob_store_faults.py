"""The evidence blob store fails under an upload: read-only, full, or broken.

Faults, each made for real where the test may (it runs as root in CI):

* ``read-only``: the blob directory is bind-mounted read-only over itself (as root), or
  made unwritable with ``chmod`` (as anyone else; root ignores modes);
* ``disk-full``: the blob directory is a 256 KiB tmpfs and the upload is larger; without
  permission to mount, the full disk is simulated by making the temporary directory a file;
* ``store-read-only``: only the content-addressed tree is read-only, so the upload is written
  to a temporary file in full and then cannot be moved into place;
* ``tmp-is-a-file``: the store's temporary directory is a regular file.

Expected (README: ``storage-unavailable`` 503 with ``Retry-After``; "A refused request changes
nothing in the store"; R-AV-4, R-AV-6): the upload answers a 503 ``application/problem+json``
with ``Retry-After``; no event is appended and no temporary file is left behind; nothing
can reference the blob that was not stored (a step citing it is ``evidence-not-found``);
``jianzheng verify`` stays ok; once the fault is gone, the same upload succeeds without a
restart.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from infra.application import Jianzheng
from infra.settings import Settings
from tests.conftest import cli_env
from tests.integration.casekit import Cast, mp4, open_case

PROBLEM = "application/problem+json"
TMPFS_BYTES = 256 * 1024
SMALL = mp4(payload=b"small clip " + bytes(range(256)) * 32)
LARGE = mp4(payload=b"large clip " + os.urandom(1024 * 1024))


def sh(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


def can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def read_only(blobs: Path) -> Iterator[None]:
    """The blob directory cannot be written: a read-only bind mount (root) or modes (others)."""
    with unwritable(blobs):
        yield


@contextmanager
def store_read_only(blobs: Path) -> Iterator[None]:
    """Only the content-addressed tree is read-only: the upload is written, then cannot move."""
    with unwritable(blobs / "sha256"):
        yield


@contextmanager
def unwritable(blobs: Path) -> Iterator[None]:
    if can_mount():
        done = sh("mount", "--bind", str(blobs), str(blobs))
        assert done.returncode == 0, done.stderr
        try:
            done = sh("mount", "-o", "remount,bind,ro", str(blobs))
            assert done.returncode == 0, done.stderr
            yield
        finally:
            sh("umount", "-l", str(blobs))
        return
    dirs = [blobs, *(p for p in blobs.rglob("*") if p.is_dir())]
    for d in dirs:
        d.chmod(0o555)
    try:
        yield
    finally:
        for d in dirs:
            d.chmod(0o755)


@contextmanager
def tmp_is_a_file(blobs: Path) -> Iterator[None]:
    """The store's temporary directory is a regular file: no upload can start."""
    tmp = blobs / "tmp"
    if tmp.is_dir():
        shutil.rmtree(tmp)
    tmp.write_bytes(b"not a directory")
    try:
        yield
    finally:
        tmp.unlink()


@contextmanager
def disk_full(blobs: Path) -> Iterator[None]:
    """The upload does not fit: the store lives on a tmpfs far smaller than the upload."""
    if not can_mount():
        with tmp_is_a_file(blobs):  # a stand-in: the write fails before any byte is stored
            yield
        return
    yield  # the tmpfs was mounted before the store was used (see ``blob_root``)


FAULTS: dict[str, Callable[[Path], AbstractContextManager[None]]] = {
    "read-only": read_only,
    "store-read-only": store_read_only,
    "disk-full": disk_full,
    "tmp-is-a-file": tmp_is_a_file,
}


@pytest.fixture(params=list(FAULTS))
def fault(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def blob_root(fault: str, tmp_path: Path) -> Iterator[Path]:
    """The blob directory; for ``disk-full`` (as root) a tmpfs of 256 KiB from the start."""
    blobs = tmp_path / "var" / "blobs"
    blobs.mkdir(parents=True)
    mounted = False
    if fault == "disk-full" and can_mount():
        done = sh(
            "mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES},mode=0755", "tmpfs", str(blobs)
        )
        assert done.returncode == 0, done.stderr
        mounted = True
    try:
        yield blobs
    finally:
        if mounted:
            sh("umount", "-l", str(blobs))


@pytest.fixture
def jz(blob_root: Path, tmp_path: Path) -> Iterator[Jianzheng]:
    app = Jianzheng(Settings(data_dir=tmp_path / "var", blob_dir=blob_root))
    app.initialise()
    try:
        yield app
    finally:
        app.close()


def upload(client: TestClient, cast: Cast, data: bytes, case_id: object) -> Any:
    headers = {"Authorization": f"Bearer {cast.tokens['a']}", "Content-Type": "video/mp4"}
    params = {"purpose": "case", "case_id": str(case_id)}
    return client.post("/v1/evidence", content=data, params=params, headers=headers)


def verify_cli(jz: Jianzheng) -> dict[str, Any]:
    """``jianzheng verify --json`` against the store, as an operator would run it."""
    env = cli_env(jz.settings) | {"JIANZHENG_BLOB_DIR": str(jz.blobs.root)}
    done = subprocess.run(
        [sys.executable, "-m", "api", "verify", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"verify exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def leftovers(blobs: Path) -> list[Path]:
    tmp = blobs / "tmp"
    return sorted(p for p in tmp.iterdir()) if tmp.is_dir() else []


def test_an_upload_into_a_failing_blob_store_is_a_clean_503_and_leaves_nothing(
    fault: str, jz: Jianzheng, cast: Cast
) -> None:
    """The upload is a 503 problem with Retry-After; no event, no temp file, verify stays ok."""
    blobs = jz.blobs.root
    data = LARGE if fault == "disk-full" else SMALL
    sha = hashlib.sha256(data).hexdigest()
    case_id = open_case(jz, cast)
    with TestClient(create_app(jianzheng=jz)) as client:
        before_fault = upload(client, cast, mp4(), case_id)
        assert before_fault.status_code == 201, before_fault.text
        position = jz.store.recorder.max_notification_id()
        with FAULTS[fault](blobs):
            refused = upload(client, cast, data, case_id)
            assert refused.status_code == 503, (fault, refused.status_code, refused.text)
            assert refused.headers["content-type"].startswith(PROBLEM)
            assert refused.json()["code"] == "storage-unavailable", refused.text
            assert refused.headers.get("retry-after"), "no Retry-After on the 503"
            assert jz.store.recorder.max_notification_id() == position, "an event was appended"
            assert leftovers(blobs) == [], "a temporary file was left behind"
            assert not jz.blobs.exists(sha)
            step = client.post(
                f"/v1/cases/{case_id}/steps",
                json={"kind": "on_site_inspection", "summary": "现场检查", "evidence": [sha]},
                headers={"Authorization": f"Bearer {cast.tokens['a']}"},
            )
            assert (step.status_code, step.json()["code"]) == (422, "evidence-not-found")
        report = verify_cli(jz)
        assert report["ok"], report
        assert (report["blobs_checked"], report["blob_problems"]) == (1, []), report
        again = upload(client, cast, SMALL, case_id)
        assert again.status_code == 201, f"no recovery after the fault: {again.text}"
        assert b"".join(jz.blobs.read(again.json()["sha256"])) == SMALL
    report = verify_cli(jz)
    assert report["ok"], report


@pytest.mark.parametrize("fault", ["disk-full"], indirect=True)
def test_a_full_disk_keeps_nothing_of_the_uploads_that_did_not_fit(
    jz: Jianzheng, cast: Cast, fault: str
) -> None:
    """After uploads that did not fit, small uploads still fit: nothing partial stays on disk."""
    case_id = open_case(jz, cast)
    with TestClient(create_app(jianzheng=jz)) as client, FAULTS[fault](jz.blobs.root):
        for _ in range(3):
            assert upload(client, cast, LARGE, case_id).status_code == 503
        assert leftovers(jz.blobs.root) == []
    with TestClient(create_app(jianzheng=jz)) as client:
        for n in range(3):
            answer = upload(client, cast, SMALL + bytes([n]), case_id)
            assert answer.status_code == 201, answer.text
    assert jz.verify().ok
