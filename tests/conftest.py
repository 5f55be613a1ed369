"""Shared fixtures: one test suite, parametrised over SQLite and a real PostgreSQL.

PostgreSQL is found through ``JIANZHENG_TEST_POSTGRES_URL`` (default: the local server,
``postgresql://postgres@127.0.0.1:5432/postgres``). Every test that uses it gets a
database of its own, created for it and dropped afterwards. If no server answers, those
tests fail with instructions — they are never skipped silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from infra.application import OPERATOR, Jianzheng, Registered
from infra.settings import Settings

PG_URL = os.environ.get(
    "JIANZHENG_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
HOW_TO_START = (
    "PostgreSQL is not answering at {url} ({error}).\n"
    "Start the local server, e.g.\n"
    "    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
    "or point JIANZHENG_TEST_POSTGRES_URL at a server where this user may CREATE DATABASE."
)


def _with_dbname(url: str, dbname: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{dbname}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The PostgreSQL maintenance URL, checked once per run."""
    try:
        with psycopg.connect(PG_URL, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        pytest.fail(HOW_TO_START.format(url=PG_URL, error=exc), pytrace=False)
    return PG_URL


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database for one test; dropped afterwards."""
    name = f"jz_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_dbname(postgres_server, name)
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh store on each backend."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        return Settings(data_dir=tmp_path / "var", database_url=url)
    return Settings(data_dir=tmp_path / "var")


@pytest.fixture
def jz(settings: Settings) -> Iterator[Jianzheng]:
    """An initialised application over the fresh store."""
    app = Jianzheng(settings)
    app.initialise()
    try:
        yield app
    finally:
        app.close()


def register(jz: Jianzheng, role: str = "officer", name: str = "张三", **extra: str) -> Registered:
    """Register an actor as the console operator."""
    return jz.register_actor(
        OPERATOR,
        name=name,
        role=role,
        agency=extra.pop("agency", "淄博市市场监督管理局"),
        jurisdiction=extra.pop("jurisdiction", "370303"),
        **extra,
    )


def cli_env(settings: Settings) -> dict[str, str]:
    """Process environment for running ``jianzheng`` against ``settings``' store."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIANZHENG_")}
    env["JIANZHENG_DATA_DIR"] = str(settings.data_dir)
    env["JIANZHENG_DATABASE_URL"] = settings.resolved_database_url
    return env
