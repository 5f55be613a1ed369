"""One settings object, read from ``JIANZHENG_*`` environment variables.

* ``JIANZHENG_DATA_DIR`` (``./var``): the embedded store, keys and blobs; made ``0700``
  (its key and database files ``0600``) whatever the umask (``infra/files.py``).
* ``JIANZHENG_DATABASE_URL`` (``sqlite:///<data dir>/jianzheng.sqlite3``):
  ``sqlite:///PATH`` or ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME``.
* ``JIANZHENG_LOG_ORIGIN`` (``jianzheng.example/log``): the log's origin line.
* ``JIANZHENG_LOG_KEY_PATH`` (``<data dir>/log.key``): the log's Ed25519 key, 0600.
* ``JIANZHENG_HOST`` / ``JIANZHENG_PORT`` (``127.0.0.1`` / ``8000``): ``jianzheng serve``.
* ``JIANZHENG_POOL_SIZE`` (``8``): PostgreSQL connection pool size.
* ``JIANZHENG_LOCK_TIMEOUT_SECONDS`` (``5``): how long a write waits for the table lock.
* ``JIANZHENG_MAX_BODY_BYTES`` (``1048576``): largest JSON request body (413 beyond).
* ``JIANZHENG_BLOB_DIR`` (``<data dir>/blobs``): content-addressed evidence store.
* ``JIANZHENG_MAX_UPLOAD_BYTES`` (2 GiB): largest evidence upload (413 beyond).
* ``JIANZHENG_REVIEW_TIME_LIMIT_WORKDAYS`` (``5``): the legal-review time limit in working
  days where the agency's catalogue sets none (R-LR-7); the due date is stored with the
  request.
* ``JIANZHENG_REVIEW_TIME_LIMIT_DAYS`` (``7``): reviews requested before due dates were stored
  (no ``review_due_on``) and older than this are overdue
  in the oversight queue (R-LR-7).
* ``JIANZHENG_CHECKPOINT_INTERVAL_SECONDS`` (``5``): how often the server signs a new
  checkpoint when the log has grown.
* ``JIANZHENG_DATA_KEY`` (unset: ``<data dir>/data.key``, created 0600): base64 of the
  32-byte AES-GCM key that seals children's files and reports at rest (R-CH-4).
* ``JIANZHENG_REPORT_RESPONSE_MINUTES`` (``30``): a mandatory report without a police
  response after this long shows in the alerts (R-RP-2: "在第一时间").
* ``JIANZHENG_AGGREGATE_CACHE_SIZE`` (``0``: off): streams kept decoded in memory, so a
  command on a cached stream reads only the events appended since. Off by default: without
  it every command re-reads and re-checks its whole stream, so a row altered in the database
  behind the service's back stops the next command on that stream (``chain-broken``);
  with it, such an alteration is found by ``jianzheng verify`` and the log, not by commands.
* ``JIANZHENG_IDEMPOTENCY_TTL_HOURS`` (``24``): how long an ``Idempotency-Key`` and its
  answer are kept; a retry after that is a new request.
* ``JIANZHENG_MIN_AV_BYTES`` (``4096``): the smallest audio or video upload accepted; a
  smaller "recording" cannot meet an audio-video requirement (R-AV-2).
* ``JIANZHENG_PUBLIC_URL`` (unset): the address people use, e.g. ``https://jianzheng.gov.example``;
  when it is ``https``, the screens' session cookie is ``Secure`` (set it behind TLS).
* ``JIANZHENG_SESSION_IDLE_MINUTES`` (``30``) / ``JIANZHENG_SESSION_MAX_HOURS`` (``12``): a
  screen session ends after this long without a request, and in any case this long after
  sign-in.
* ``JIANZHENG_EVIDENCE_TICKET_MINUTES`` (``60``, 1…1440): how long a read ticket for one
  piece of evidence (``POST /v1/evidence/{sha256}/reads``) lets its actor fetch it — a
  player's range requests — without recording each request (``docs/evidence.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.records.enforcement.deadlines import DUE_SOON_DAYS
from infra.files import make_dirs


@dataclass(frozen=True)
class PostgresTarget:
    """Connection parameters parsed from a ``postgresql://`` URL."""

    dbname: str
    host: str
    port: int
    user: str
    password: str


class Settings(BaseSettings):
    """Jianzheng's settings (see the module docstring for the variables)."""

    model_config = SettingsConfigDict(env_prefix="JIANZHENG_", extra="ignore")

    data_dir: Path = Path("var")
    database_url: str = ""
    log_origin: str = "jianzheng.example/log"
    log_key_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    pool_size: int = 8
    lock_timeout_seconds: int = 5
    max_body_bytes: int = 1024 * 1024
    blob_dir: Path | None = None
    review_time_limit_days: int = 7
    review_time_limit_workdays: int = Field(default=5, ge=1, le=30)
    deadline_due_soon_days: int = DUE_SOON_DAYS  # look-ahead of /v1/oversight/deadlines
    checkpoint_interval_seconds: float = 5.0
    data_key: str = ""
    report_response_minutes: int = 30
    max_upload_bytes: int = 2 * 1024**3
    aggregate_cache_size: int = 0
    idempotency_ttl_hours: int = 24
    min_av_bytes: int = 4096
    public_url: str = ""
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_max_hours: int = Field(default=12, ge=1, le=24 * 7)
    evidence_ticket_minutes: int = Field(default=60, ge=1, le=1440)

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the embedded SQLite file in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'jianzheng.sqlite3').as_posix()}"

    @property
    def resolved_blob_dir(self) -> Path:
        """Where evidence blobs live."""
        return self.blob_dir or self.data_dir / "blobs"

    @property
    def resolved_log_key_path(self) -> Path:
        """Where the log's private key lives."""
        return self.log_key_path or self.data_dir / "log.key"

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgres``."""
        scheme = urlsplit(self.resolved_database_url).scheme
        if scheme == "sqlite":
            return "sqlite"
        if scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
            return "postgres"
        raise ValueError(
            f"JIANZHENG_DATABASE_URL scheme {scheme!r} is not supported: "
            "use sqlite:///PATH or postgresql://USER@HOST:PORT/DBNAME"
        )

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file (``sqlite:///relative`` and ``sqlite:////absolute``)."""
        url = self.resolved_database_url
        if not url.startswith("sqlite:///"):
            raise ValueError(f"not a sqlite URL: {url}")
        return Path(url[len("sqlite:///") :])

    @property
    def postgres(self) -> PostgresTarget:
        """Connection parameters for PostgreSQL."""
        parts = urlsplit(self.resolved_database_url)
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise ValueError("JIANZHENG_DATABASE_URL names no database")
        return PostgresTarget(
            dbname=dbname,
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=unquote(parts.username or "postgres"),
            password=unquote(parts.password or ""),
        )

    def eventsourcing_env(self) -> dict[str, str]:
        """The mapping handed to ``eventsourcing.Application(env=...)`` (DESIGN §8)."""
        cache = (
            {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache_size)}
            if self.aggregate_cache_size > 0
            else {}
        )
        if self.backend == "sqlite":
            path = self.sqlite_path
            make_dirs(path.parent)  # 0700 when created (infra/files.py)
            return {
                **cache,
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "APPLICATION_RECORDER_TOPIC": "infra.ledger:SQLiteLedgerRecorder",
                "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout_seconds),
            }
        pg = self.postgres
        return {
            **cache,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": "infra.ledger:PostgresLedgerRecorder",
            "POSTGRES_DBNAME": pg.dbname,
            "POSTGRES_HOST": pg.host,
            "POSTGRES_PORT": str(pg.port),
            "POSTGRES_USER": pg.user,
            "POSTGRES_PASSWORD": pg.password,
            "POSTGRES_POOL_SIZE": str(self.pool_size),
            "POSTGRES_MAX_OVERFLOW": "4",
            "POSTGRES_CONNECT_TIMEOUT": "2",
            # The default waits forever for the table lock every insert takes (DESIGN §8).
            "POSTGRES_LOCK_TIMEOUT": str(self.lock_timeout_seconds),
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
            # No ping before each use: a round trip per checkout. A connection broken while
            # idle fails its first statement, before anything is written, and the one retry
            # (infra/ledger.py, _FAIL_FAST) takes a fresh one.
            "POSTGRES_PRE_PING": "n",
        }
