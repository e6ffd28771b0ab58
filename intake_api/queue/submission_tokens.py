"""One complaint per submission: the receipt given for each form token or Idempotency-Key.

A double tap on 提交, a browser resending the post, or an API client retrying after a
timeout must get the first receipt back, not queue the complaint twice. The receipts live in
a small SQLite file beside the queue (``complaints.jsonl.tokens``; ``complaints.tokens`` in
the instance folder for a PostgreSQL queue), which SQLite itself locks against every other
process and thread. A claim holds the write lock from the look-up until the receipt is
recorded, so two posts of one token cannot both queue. Neither the token nor anything the
worker typed is stored in the clear: only hashes, the receipt and when it was given. Rows
expire after a day.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

from intake_api.queue.complaint_queue import Acknowledgement
from intake_api.queue.journal import JournalUnavailable
from intake_api.queue.private_files import fork_generation, open_private

log = logging.getLogger(__name__)

LIFETIME_SECONDS = 24 * 3600
_SCHEMA = (
    # A commit is then one fsync of the write-ahead log, not the three of a rollback journal
    # (journal, database, journal removed): durable as before (synchronous=FULL, per
    # connection), a third of the disk waits on every post that carries a token.
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS submissions ("
    " token TEXT PRIMARY KEY, content TEXT NOT NULL, receipt TEXT NOT NULL,"
    " received_at TEXT NOT NULL, given REAL NOT NULL);"
    # Every post forgets the expired tokens: by index, not by reading a day's worth of rows.
    "CREATE INDEX IF NOT EXISTS submissions_given ON submissions (given);"
)


class TokenReused(Exception):
    """The token already brought a complaint with different content (``receipt`` is its)."""

    def __init__(self, receipt: Acknowledgement) -> None:
        super().__init__("submission token reused with different content")
        self.receipt = receipt


class Claim:
    """One token held under the write lock: its earlier receipt, or the right to record one."""

    def __init__(self, connection: sqlite3.Connection, token: str, content: str, now: float):
        self._connection = connection
        self._token = token
        self._content = content
        self._now = now
        self.earlier: Acknowledgement | None = None

    def record(self, receipt: Acknowledgement) -> None:
        """Remember ``receipt`` for this token (committed when the claim ends)."""
        with _logged("record"):
            self._connection.execute(
                "INSERT INTO submissions VALUES (?, ?, ?, ?, ?)",
                (self._token, self._content, receipt.receipt, receipt.received_at, self._now),
            )


class _Held:
    """One thread's connection, and the file (device, inode) it was opened on."""

    def __init__(self, connection: sqlite3.Connection, file: tuple[int, int]) -> None:
        self.connection = connection
        self.file = file
        # Runs when the thread ends (its local value goes), at close(), or at exit: a server
        # that starts a thread per request must not pile up open connections.
        self.close = weakref.finalize(self, _close_quietly, connection)


class SubmissionTokens:
    """The receipts given per token during the last day, shared by every worker process.

    Each thread keeps its connection open: opening one per post, and closing it (which in
    WAL mode checkpoints the log into the file and removes it), cost more than the post's
    own reads and writes. A connection is opened again if the file was replaced or removed
    (SQLite leaves the new file's log alone when it closes the old one: it checks that a
    file is still in place before it checkpoints or removes its log), and never carried
    across a fork.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._schema_made = False  # once per process, not on every post
        self._local = threading.local()
        self._held: weakref.WeakSet[_Held] = weakref.WeakSet()  # every thread's
        self._generation = fork_generation()

    @contextlib.contextmanager
    def claim(self, token: str, content: str, now: float) -> Iterator[Claim]:
        """Hold ``token`` for one submission of ``content`` at ``now`` (epoch seconds).

        ``claim.earlier`` is the receipt already given for the same content; TokenReused is
        raised when the token came with different content. JournalUnavailable when the file
        cannot be read or locked: nothing has been queued then.
        """
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        content_hash = hmac.new(token.encode(), content.encode(), hashlib.sha256).hexdigest()
        held = self._connection()
        connection = held.connection
        try:
            try:
                row = self._look_up(connection, token_hash, now)
            except JournalUnavailable:
                self._forget(held)  # the next post tries a new connection
                raise
            claim = Claim(connection, token_hash, content_hash, now)
            if row is not None:
                earlier = Acknowledgement(receipt=row[1], received_at=row[2])
                if not hmac.compare_digest(row[0], content_hash):
                    raise TokenReused(earlier)
                claim.earlier = earlier
            yield claim
            with _logged("commit"):
                connection.execute("COMMIT")
        finally:
            try:
                if held.close.alive and connection.in_transaction:
                    connection.execute("ROLLBACK")
            except sqlite3.Error:
                self._forget(held)  # a connection in an unknown state is not used again

    def close(self) -> None:
        """Close every thread's connection (at shutdown; a later claim opens a new one)."""
        for held in list(self._held):
            held.close()
        self._local = threading.local()

    def _connection(self) -> _Held:
        """This thread's connection to the file as it is now (created private if missing)."""
        if self._generation != fork_generation():
            for held in list(self._held):
                held.close.detach()  # the parent's connections: never closed in a child
            self._held, self._local = weakref.WeakSet(), threading.local()
            self._generation = fork_generation()
        try:
            current = os.stat(self.path)
        except FileNotFoundError:
            current = None
        except OSError as error:
            raise JournalUnavailable(f"cannot open {self.path.name}: {error}") from None
        held = getattr(self._local, "held", None)
        if held is not None:
            if current is not None and (current.st_dev, current.st_ino) == held.file:
                return held
            self._forget(held)  # the file was replaced or removed: follow the path
        connection = self._open(missing=current is None)
        opened = os.stat(self.path)
        held = _Held(connection, (opened.st_dev, opened.st_ino))
        self._local.held = held
        self._held.add(held)
        return held

    def _forget(self, held: _Held) -> None:
        """Close ``held`` and stop using it in this thread."""
        held.close()
        self._local.held = None

    def _open(self, *, missing: bool) -> sqlite3.Connection:
        """A new connection to the file (created private if ``missing``), or JournalUnavailable."""
        try:
            if missing:
                os.close(open_private(self.path, os.O_RDWR))  # 0600 before SQLite opens it
                self._schema_made = False
            # Not checked for the thread: close() and a thread's end may close it elsewhere;
            # only the thread that opened it uses it.
            connection = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA synchronous=FULL")  # a recorded receipt survives a crash
        except (OSError, sqlite3.Error) as error:
            raise JournalUnavailable(f"cannot open {self.path.name}: {error}") from None
        return connection

    def _look_up(
        self, connection: sqlite3.Connection, token_hash: str, now: float
    ) -> tuple[str, str, str] | None:
        """Take the write lock, forget expired tokens and read this one's row."""
        try:
            if not self._schema_made:
                connection.executescript(_SCHEMA)
                self._schema_made = True
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("DELETE FROM submissions WHERE given < ?", (now - LIFETIME_SECONDS,))
            return connection.execute(
                "SELECT content, receipt, received_at FROM submissions WHERE token = ?",
                (token_hash,),
            ).fetchone()
        except sqlite3.Error as error:
            raise JournalUnavailable(f"cannot read {self.path.name}: {error}") from None


@contextlib.contextmanager
def _logged(step: str) -> Iterator[None]:
    """Log, not raise, a failure once the complaint may be queued: the worker keeps the
    receipt, and only a repeat of this very post could then be queued once more."""
    try:
        yield
    except sqlite3.Error as error:
        log.error("submission token: %s failed: %s", step, error)


def _close_quietly(connection: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        connection.close()
