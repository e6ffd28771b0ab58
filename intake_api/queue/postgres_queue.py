"""The complaint queue as rows of one PostgreSQL table, for several app servers at once.

Each complaint is one INSERT, committed with ``synchronous_commit = on`` (the commit returns
only once the server has flushed its write-ahead log) before the receipt is given out. The
INSERT runs on its own (autocommit): the server commits it before it reports the statement
done, so one round trip does what BEGIN, INSERT and COMMIT did in three.
The row's ``line`` is exactly the JSON line the file queue would write (without its
newline): text, not jsonb, so that the office reads the same bytes from either backend. The
``id`` gives the queue's order; rows are never updated or deleted.

The file queue's own concerns (free-space reserve, size cap, torn lines) are the database
server's here: a row is committed whole or not at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError
from sqlalchemy.pool import ConnectionPoolEntry

from intake_api.queue.complaint_queue import Acknowledgement, QueueUnavailable, make_record
from intake_api.queue.journal import encode_line

TABLE = "complaint_queue"
# Any number: PostgreSQL's advisory lock id for "creating the complaint queue table".
_CREATE_LOCK = 7_262_010
_CREATE = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id bigserial PRIMARY KEY,
    receipt text NOT NULL UNIQUE,
    received_at text NOT NULL,
    line text NOT NULL
)
"""
_INSERT = text(
    f"INSERT INTO {TABLE} (receipt, received_at, line) VALUES (:receipt, :received_at, :line)"
)
_RECEIPT_TRIES = 3  # a clash of two random receipts is already one in 10^14
# A pooled connection idle for longer is pinged before use (a restart or a failover of the
# server, or a firewall, may have cut it meanwhile); one used more recently is not: under
# load, a ping per complaint cost as much as the INSERT itself.
IDLE_BEFORE_PING = 1.0  # seconds


def is_postgres_setting(setting: str) -> bool:
    """Whether ``INTAKE_QUEUE`` names a PostgreSQL database rather than a file."""
    return setting.startswith(("postgresql://", "postgresql+psycopg://"))


def queue_engine(url: str) -> Engine:
    """An engine for the queue's database: psycopg 3, pings idle connections, durable commits."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(
        parsed,
        hide_parameters=True,  # an error must never write a complaint's fields into the log
        # Set per connection, so a server whose default is "off" cannot weaken a receipt.
        connect_args={"connect_timeout": 5, "options": "-c synchronous_commit=on"},
    )
    _ping_after_idle(engine)
    return engine


def _ping_after_idle(engine: Engine) -> None:
    """Ping a pooled connection before use when it sat idle for ``IDLE_BEFORE_PING``.

    Instead of SQLAlchemy's ``pool_pre_ping``, which pings on every checkout. A connection
    that fails the ping is replaced (the pool's documented way: DisconnectionError from a
    checkout listener); one that breaks in use is reported (503), and the pool replaces it
    and every connection older than it, so the next post after a restart gets a fresh one.
    """

    @event.listens_for(engine, "checkin")
    def returned(dbapi_connection: object, entry: ConnectionPoolEntry) -> None:
        entry.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def taken(dbapi_connection: object, entry: ConnectionPoolEntry, proxy: object) -> None:
        returned_at = entry.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < IDLE_BEFORE_PING:
            return  # new, or in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(str(error)) from None


def display_url(url: str) -> str:
    """``url`` without its password, for messages and the office's records."""
    return make_url(url).set(password=None).render_as_string(hide_password=False)


def create_table(connection: Connection) -> None:
    """Create the queue table if it is missing (one process at a time); the caller commits."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _CREATE_LOCK})
    connection.execute(text(_CREATE))


class PostgresQueue:
    """Appends complaints as committed rows; any number of app servers may share the table."""

    def __init__(self, url: str) -> None:
        self.url = display_url(url)  # for the log: never the password
        self.engine = queue_engine(url)
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._table_ready = False  # set once this process knows the table exists
        self._ready_lock = threading.Lock()

    def append(
        self, fields: Mapping[str, object], *, received_at: datetime, channel: str, source: str
    ) -> Acknowledgement:
        """Queue one validated complaint; return its receipt only once the row is committed."""
        for _ in range(_RECEIPT_TRIES):
            record = make_record(fields, received_at=received_at, channel=channel, source=source)
            row = {
                "receipt": record["receipt"],
                "received_at": record["received_at"],
                "line": encode_line(record),
            }
            try:
                with self._connection(self._autocommit) as connection:
                    connection.execute(_INSERT, row)  # committed when it returns
            except IntegrityError:
                continue  # the receipt is taken already: draw another
            except DBAPIError as error:
                raise QueueUnavailable(
                    f"cannot write to the queue at {self.url}: {_reason(error)}"
                ) from None
            return Acknowledgement(receipt=str(row["receipt"]), received_at=str(row["received_at"]))
        raise QueueUnavailable(f"no unused receipt in {_RECEIPT_TRIES} draws")

    def check_writable(self) -> None:
        """Raise QueueUnavailable unless the database answers and the table is there."""
        try:
            with self._connection() as connection:
                connection.execute(text("SELECT 1"))
        except DBAPIError as error:
            raise QueueUnavailable(
                f"cannot reach the queue at {self.url}: {_reason(error)}"
            ) from None

    def recover(self) -> None:
        """Nothing to repair: a row is committed whole or not at all."""

    def close(self) -> None:
        """Close the pooled connections (at shutdown; a later append opens new ones)."""
        self.engine.dispose()

    def _connection(self, engine: Engine | None = None) -> Connection:
        """A pooled connection, after creating the table the first time in this process."""
        if not self._table_ready:
            with self._ready_lock, self.engine.connect() as connection:
                create_table(connection)
                connection.commit()
                self._table_ready = True
        return (engine or self.engine).connect()


def _reason(error: DBAPIError) -> str:
    """The driver's first line (never the statement or its values: they hold personal data)."""
    message = str(error.orig) if error.orig is not None else type(error).__name__
    return message.strip().splitlines()[0] if message.strip() else type(error).__name__
