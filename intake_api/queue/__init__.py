"""The durable queue: the append-only complaint journal, its files and the receipt numbers.

``INTAKE_QUEUE`` is a file path (``ComplaintQueue``) or a PostgreSQL URL (``PostgresQueue``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Protocol

from intake_api.queue.complaint_queue import Acknowledgement, ComplaintQueue
from intake_api.queue.postgres_queue import PostgresQueue, is_postgres_setting


class Queue(Protocol):
    """What the app needs of a queue, whichever backend holds it."""

    def append(
        self, fields: Mapping[str, object], *, received_at: datetime, channel: str, source: str
    ) -> Acknowledgement:
        """Queue one complaint; return its receipt only once it is durable."""

    def check_writable(self) -> None:
        """Raise QueueUnavailable unless a complaint could be queued now."""

    def recover(self) -> None:
        """Repair what a crash left, if anything."""

    def close(self) -> None:
        """Release files and connections."""


def open_queue(setting: str, max_bytes: int | None) -> Queue:
    """The queue ``INTAKE_QUEUE`` names; nothing is opened or created yet."""
    if is_postgres_setting(setting):
        return PostgresQueue(setting)
    return ComplaintQueue(Path(setting), max_bytes)


def cap_counts_path(queue: Queue, instance: Path) -> Path:
    """Where the global cap counts complaints: beside a queue file, else in ``instance``."""
    if isinstance(queue, ComplaintQueue):
        return queue.path.with_name(queue.path.name + ".rate")
    return instance / "complaints.rate"
