"""``flask --app intake_api office backup|verify-backup|restore``: thin commands over backup."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from intake_api.office.access_log import record_access
from intake_api.office.backup.archive import (
    QUEUE_IN_POSTGRES,
    BackupError,
    make_backup,
    restore_backup,
)
from intake_api.office.backup.verify import QUEUE_COPY, find_backup, verify_backup
from intake_api.office.extension import current_office

_FOLDER = click.argument("folder", type=click.Path(path_type=Path))


def _actor() -> str:
    """Who made the backup, for the access log: the account on this computer."""
    try:
        return f"命令行（{getpass.getuser()}）"
    except (OSError, KeyError):  # no user name for this process's id (a bare container)
        return "命令行"


def _counts(counts: dict[str, int]) -> str:
    return (
        f"cases {counts['cases']}, events {counts['events']}, accounts {counts['users']}, "
        f"queue lines {counts['queue_lines']}"
    )


@click.command("backup")
@with_appcontext
@_FOLDER
def backup_command(folder: Path) -> None:
    """Back up the casework database and the queue into a new folder FOLDER/<date and time>/.

    The database is copied consistently while the app runs (SQLite's online backup, or
    pg_dump), then the queue under its lock; manifest.json holds each file's checksum.
    FOLDER is created (mode 0700) if needed; a failed backup leaves nothing behind.

    \b
    Example:
        flask --app intake_api office backup /var/backups/jiefang
    """
    office = current_office()
    site = Path(current_app.config["SITE_DIR"]).resolve()
    if folder.resolve().is_relative_to(site):
        raise click.ClickException(
            f"{folder} is inside the site folder {site}, which is published: a backup holds "
            "every worker's personal data"
        )
    try:
        backup = make_backup(office.database.engine, office.queue_path, folder, office.now())
        with office.session() as session:
            detail = f"{backup.folder.name}: {backup.manifest['counts']['cases']} cases"
            record_access(session, _actor(), "backup", [], office.now(), detail=detail)
            session.commit()
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        raise click.ClickException(f"cannot read the casework database: {_reason(error)}") from None
    manifest = backup.manifest
    click.echo(f"backup written to {backup.folder}: {_counts(manifest['counts'])}")
    if office.queue_path is None:
        click.echo(f"note: {QUEUE_IN_POSTGRES}")
    elif QUEUE_COPY not in manifest["files"]:
        click.echo(f"warning: no queue file at {office.queue_path}; only the database was copied")
    left_out = manifest["queue"].get("torn_bytes_left_out", 0)
    if left_out:
        click.echo(f"note: {left_out} bytes of a line torn by a crash were left out of the copy")


@click.command("verify-backup")
@with_appcontext
@_FOLDER
def verify_backup_command(folder: Path) -> None:
    """Check a backup: checksums, the database copy, every queue line; exit 1 on any problem.

    FOLDER is one backup folder, or the folder given to `office backup` (then the newest
    backup in it is checked).

    \b
    Example:
        flask --app intake_api office verify-backup /var/backups/jiefang
    """
    try:
        result = verify_backup(find_backup(folder))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    for line in result.summary:
        click.echo(line)
    if result.problems:
        for problem in result.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"the backup in {result.folder} does not verify")
    click.echo("backup verified")


@click.command("restore")
@with_appcontext
@_FOLDER
def restore_command(folder: Path) -> None:
    """Restore a backup into the configured database, which must hold no cases yet.

    FOLDER is one backup folder, or the folder of backups (then the newest). The backup is
    verified first. The queue file is copied back only if there is none at the queue's
    path: an existing queue is never overwritten. Stop the app servers first.

    \b
    Example:
        flask --app intake_api office restore /var/backups/jiefang/2021-06-01T023000
    """
    office = current_office()
    office.database.dispose()  # this process's own connections, before the file is replaced
    try:
        restored = restore_backup(folder, office.database.url, office.queue_path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        raise click.ClickException(f"cannot use the casework database: {_reason(error)}") from None
    target = make_url(office.database.url).render_as_string(hide_password=True)
    click.echo(f"restored {restored.folder} into {target}: {_counts(restored.counts)}")
    for note in restored.notes:
        click.echo(note)
    click.echo(
        "next: flask --app intake_api complaints sync  "
        "(imports the complaints received after the backup)"
    )


def _reason(error: SQLAlchemyError) -> str:
    """The driver's own message, without SQLAlchemy's SQL text and links."""
    return str(getattr(error, "orig", None) or error).strip()


COMMANDS = (backup_command, verify_backup_command, restore_command)
