"""Files at rest: the data directory is 0700, the store's files and keys 0600, whatever the
umask of the process that created them (R-CH-4: children's files, reports and the data key
live there)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.application import OPERATOR, Jianzheng
from infra.settings import Settings


@pytest.fixture(params=[0o000, 0o022], ids=["umask000", "umask022"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test under this process umask, restored afterwards."""
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def private_files(settings: Settings) -> list[Path]:
    """The data key, the log's private key and, on SQLite, the database and its companions."""
    files = [settings.data_dir / "data.key", settings.resolved_log_key_path]
    if settings.backend == "sqlite":
        db = settings.sqlite_path
        files += [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    return files


def test_a_new_store_is_private_whatever_the_umask(settings: Settings, umask: int) -> None:
    """Data directory 0700; data key, log key, database, -wal and -shm 0600."""
    jz = Jianzheng(settings)
    try:
        jz.initialise()
        jz.register_actor(OPERATOR, name="张三", role="officer", agency="某局",
                          jurisdiction="370303")  # fmt: skip
        jz.views.catch_up()
        assert mode(settings.data_dir) == 0o700, oct(mode(settings.data_dir))
        for path in private_files(settings):
            assert path.exists(), path
            assert mode(path) == 0o600, (path.name, oct(mode(path)))
    finally:
        jz.close()


def test_an_existing_store_with_loose_modes_is_tightened_when_opened(
    settings: Settings, umask: int
) -> None:
    """A store made by an older version (or by hand) is made private again at the next start."""
    first = Jianzheng(settings)
    try:
        first.initialise()
    finally:
        first.close()
    settings.data_dir.chmod(0o755)
    loose = [p for p in private_files(settings) if p.exists()]
    for path in loose:
        path.chmod(0o644)
    again = Jianzheng(settings)
    try:
        again.initialise()
        assert mode(settings.data_dir) == 0o700
        for path in loose:
            assert mode(path) == 0o600, (path.name, oct(mode(path)))
    finally:
        again.close()
