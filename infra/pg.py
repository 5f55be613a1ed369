"""PostgreSQL specifics of the event store."""

from __future__ import annotations

from eventsourcing.postgres import PostgresApplicationRecorder

SCHEMA_LOCK_KEY = 0x6A7A_0001
"""Advisory-lock key held while the event tables are created."""


class SerialisedSchemaRecorder(PostgresApplicationRecorder):
    """Creates the tables under a PostgreSQL advisory lock.

    Several processes starting at once (server workers, a CLI, a witness) would
    otherwise run ``CREATE TABLE IF NOT EXISTS`` concurrently, which PostgreSQL
    can refuse with "tuple concurrently updated".
    """

    def create_table(self) -> None:
        """Create the tables and indexes, one process at a time."""
        with self.datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK_KEY,))
            try:
                super().create_table()
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK_KEY,))
