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
from collections.abc import Iterator
from pathlib import Path

from intake_api.queue.complaint_queue import Acknowledgement
from intake_api.queue.journal import JournalUnavailable
from intake_api.queue.private_files import open_private

log = logging.getLogger(__name__)

LIFETIME_SECONDS = 24 * 3600
_SCHEMA = (
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


class SubmissionTokens:
    """The receipts given per token during the last day, shared by every worker process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._schema_made = False  # once per process, not on every post

    @contextlib.contextmanager
    def claim(self, token: str, content: str, now: float) -> Iterator[Claim]:
        """Hold ``token`` for one submission of ``content`` at ``now`` (epoch seconds).

        ``claim.earlier`` is the receipt already given for the same content; TokenReused is
        raised when the token came with different content. JournalUnavailable when the file
        cannot be read or locked: nothing has been queued then.
        """
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        content_hash = hmac.new(token.encode(), content.encode(), hashlib.sha256).hexdigest()
        connection = self._open()
        try:
            row = self._look_up(connection, token_hash, now)
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
            with contextlib.suppress(sqlite3.Error):
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            connection.close()

    def _open(self) -> sqlite3.Connection:
        """A connection to the file (created private), or JournalUnavailable."""
        try:
            if not self.path.exists():
                os.close(open_private(self.path, os.O_RDWR))  # 0600 before SQLite opens it
                self._schema_made = False
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
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
