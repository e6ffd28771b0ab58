"""``flask --app intake_api complaints queue-to-postgres URL``: move the queue into PostgreSQL.

Every whole line of the queue file becomes one row, with its bytes unchanged and in file
order; a receipt already in the table is left as it is, so running the command again (after
the last complaints reached the file) copies only what is new.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from intake_api.queue.postgres_queue import (
    TABLE,
    create_table,
    display_url,
    is_postgres_setting,
    queue_engine,
)

_BATCH = 1000
_COPY = text(
    f"INSERT INTO {TABLE} (receipt, received_at, line) "
    "SELECT receipt, received_at, line FROM unnest("
    "CAST(:receipts AS text[]), CAST(:stamps AS text[]), CAST(:lines AS text[])"
    ") WITH ORDINALITY AS copied (receipt, received_at, line, position) "
    "ORDER BY position ON CONFLICT (receipt) DO NOTHING RETURNING receipt"
)
_EXISTING = text(
    f"SELECT receipt, line FROM {TABLE} WHERE receipt = ANY(CAST(:receipts AS text[]))"
)


@dataclass(frozen=True)
class _Row:
    receipt: str
    received_at: str
    line: str


@dataclass
class CopyResult:
    """What a copy found: rows added, rows there already, and lines it could not copy."""

    copied: int = 0
    already_there: int = 0
    problems: list[str] = field(default_factory=list)


def _rows(path: Path, result: CopyResult) -> Iterator[_Row]:
    """The file's whole lines as rows; unreadable ones go to ``result.problems``."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                result.problems.append(f"line {number}: incomplete last line (left out)")
                return
            try:
                line = raw[:-1].decode("utf-8")
                record = json.loads(line)
            except (UnicodeDecodeError, ValueError):
                result.problems.append(f"line {number}: not JSON text")
                continue
            receipt = record.get("receipt") if isinstance(record, dict) else None
            stamp = record.get("received_at") if isinstance(record, dict) else None
            if not isinstance(receipt, str) or not receipt or not isinstance(stamp, str):
                result.problems.append(f"line {number}: no receipt or time of receipt")
                continue
            yield _Row(receipt, stamp, line)


def _copy_batch(connection: Connection, batch: list[_Row], result: CopyResult) -> None:
    """Insert ``batch``; rows whose receipt is there already are counted or reported."""
    receipts = [row.receipt for row in batch]
    added = set(
        connection.execute(
            _COPY,
            {
                "receipts": receipts,
                "stamps": [row.received_at for row in batch],
                "lines": [row.line for row in batch],
            },
        ).scalars()
    )
    result.copied += len(added)
    rest = [row for row in batch if row.receipt not in added]
    if not rest:
        return
    existing = dict(connection.execute(_EXISTING, {"receipts": [r.receipt for r in rest]}).all())
    for row in rest:
        if existing.get(row.receipt) == row.line:
            result.already_there += 1
        else:
            result.problems.append(f"receipt {row.receipt}: already there with other content")


def copy_queue_file(path: Path, url: str) -> CopyResult:
    """Copy every whole line of the queue file at ``path`` into the PostgreSQL queue."""
    result, engine = CopyResult(), queue_engine(url)
    try:
        with engine.connect() as connection:
            create_table(connection)
            connection.commit()
            batch: list[_Row] = []
            for row in _rows(path, result):
                batch.append(row)
                if len(batch) >= _BATCH:
                    _copy_batch(connection, batch, result)
                    connection.commit()
                    batch.clear()
            if batch:
                _copy_batch(connection, batch, result)
                connection.commit()
    finally:
        engine.dispose()
    return result


@click.command("queue-to-postgres")
@click.argument("url")
@with_appcontext
def queue_to_postgres_command(url: str) -> None:
    """Copy the queue file (INTAKE_QUEUE) into the PostgreSQL queue at URL, idempotently.

    Each line keeps its bytes and its order; receipts already in the table are skipped, so
    the command can run again after the last complaints reached the file. Then set
    INTAKE_QUEUE=URL for every app server and run `complaints sync --adopt-replaced-file`
    once (docs/intake.md, "A PostgreSQL queue for several app servers").

    \b
    Example:
        flask --app intake_api complaints queue-to-postgres postgresql://intake@db.example/intake
    """
    if not is_postgres_setting(url):
        raise click.BadParameter("give a postgresql:// URL", param_hint="URL")
    setting = str(current_app.config["QUEUE_PATH"])
    if is_postgres_setting(setting):
        raise click.ClickException(
            "INTAKE_QUEUE is a PostgreSQL queue already: set it to the queue file to copy"
        )
    path = Path(setting)
    if not path.is_file():
        raise click.ClickException(f"no queue file at {path}: check INTAKE_QUEUE")
    try:
        result = copy_queue_file(path, url)
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise click.ClickException(f"cannot write to {display_url(url)}: {reason}") from None
    except OSError as error:
        raise click.ClickException(f"cannot read {path}: {error.strerror}") from None
    click.echo(f"queue: {path} -> {display_url(url)}")
    click.echo(f"copied: {result.copied}")
    click.echo(f"already there: {result.already_there}")
    click.echo(f"unreadable lines: {len(result.problems)}")
    for problem in result.problems:
        click.echo(f"  {problem}")
