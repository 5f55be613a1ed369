"""Temporary stores for the benchmarks: a temporary directory and ``jz_bench_*`` databases.

Everything a run creates lives under one :class:`Workspace` and is removed when it
closes: the directory is deleted and every PostgreSQL database it created is dropped
(``WITH (FORCE)``, so a connection left open cannot keep one alive).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import psycopg

from infra.application import Jianzheng
from infra.settings import Settings

DEFAULT_POSTGRES_URL = os.environ.get(
    "JIANZHENG_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
"""The maintenance URL (the same server and variable the test suite uses)."""

BACKENDS = ("sqlite", "postgres")


def with_dbname(url: str, dbname: str) -> str:
    """``url`` pointing at database ``dbname``."""
    base, _, _ = url.rpartition("/")
    return f"{base}/{dbname}"


class Workspace:
    """See the module docstring."""

    def __init__(self, postgres_url: str | None) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="jz-bench-")
        self.root = Path(self._tmp.name)
        self.postgres_url = postgres_url
        self._tag = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self._databases: list[str] = []

    def settings(self, backend: str, purpose: str) -> Settings:
        """Settings for a new, empty store named ``purpose`` on ``backend``.

        Every path is given explicitly, so no ``JIANZHENG_*`` variable of the caller's
        environment (a real store, a real log key) can leak into a benchmark.
        """
        data_dir = self.root / f"{backend}-{purpose}"
        if backend == "sqlite":
            url = f"sqlite:///{(data_dir / 'jianzheng.sqlite3').as_posix()}"
        else:
            url = with_dbname(self._server(), self.create_database(purpose))
        return Settings(
            data_dir=data_dir,
            database_url=url,
            log_key_path=data_dir / "log.key",
            blob_dir=data_dir / "blobs",
            log_origin="bench.jianzheng.example/log",
        )

    def app(self, backend: str, purpose: str) -> Jianzheng:
        """An initialised application over a new store (catalogue, deployment, admin)."""
        app = Jianzheng(self.settings(backend, purpose))
        app.initialise()
        return app

    def create_database(self, purpose: str) -> str:
        """Create ``jz_bench_<pid>_<random>_<purpose>``; it is dropped at :meth:`close`."""
        name = f"jz_bench_{self._tag}_{purpose}"
        with psycopg.connect(self._server(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        return name

    def postgres_version(self) -> str:
        """The server's version string."""
        with psycopg.connect(self._server(), connect_timeout=5) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "unknown"

    def _server(self) -> str:
        if self.postgres_url is None:
            raise RuntimeError("PostgreSQL was not selected (--backends)")
        return self.postgres_url

    def close(self) -> None:
        """Drop every database created and delete the directory."""
        if self._databases:
            with psycopg.connect(self._server(), autocommit=True, connect_timeout=5) as conn:
                for name in self._databases:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._databases.clear()
        self._tmp.cleanup()


def check_postgres(url: str) -> str | None:
    """None if the server answers, else a message saying how to start one."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return (
            f"PostgreSQL is not answering at {url} ({exc}).\n"
            "Start the local server, e.g.\n"
            "    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
            "or pass --postgres-url, or --backends sqlite to measure SQLite only."
        )
    return None
