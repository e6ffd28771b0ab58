"""Backups: made while the app runs, verified, and restored into a new database unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from intake_support import SECRET  # tests/intake, put on the path by conftest.py
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from intake_api.office.accounts import create_user
from intake_api.office.backup.archive import BackupError, make_backup, restore_backup
from intake_api.office.casework import Actor
from intake_api.office.database import MIGRATIONS, make_engine, upgrade
from intake_api.office.extension import Office
from intake_api.office.models import AccessRecord, Case, CaseEvent, User

REPO = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()
NOW = datetime(2021, 5, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CLERK = Actor("张敏", "clerk")
UNIT = Actor("住建局账号", "unit", "zjj")


def office_of(app: Flask) -> Office:
    return app.extensions["office"]


def act(app: Flask, method: str, *args: object, **kwargs: object) -> None:
    with office_of(app).session() as session:
        getattr(office_of(app).casework(session), method)(*args, **kwargs)


def sync(app: Flask) -> int:
    with office_of(app).session() as session:
        return office_of(app).sync(session).imported


def tables(app: Flask) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the cases, events and accounts, in a fixed order."""
    with office_of(app).session() as session:
        return {
            table.name: [
                tuple(row)
                for row in session.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in (Case.__table__, CaseEvent.__table__, User.__table__)
        }


def cli(app: Flask, *args: object) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=[str(arg) for arg in args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def fresh_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second new, empty database of the same kind, to restore into."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'office.sqlite3'}"
        return
    name = f"restored_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def worked_month(app: Flask, file_complaint: Callable[..., str], clock) -> list[str]:
    """A clerk's account; three complaints in May 2021: two assigned, one of them closed."""
    office = office_of(app)
    with office.session() as session:
        create_user(
            session,
            CLERK.name,
            "clerk",
            "a long password",
            unit_id=None,
            units={},
            now=office.now(),
        )
    receipts = [
        file_complaint(),
        file_complaint(employer="乙公司", workers_affected=2, amount_owed="8000"),
        file_complaint(name="李四", phone="13900001111", employer="丙公司"),
    ]
    sync(app)
    deadline = date(2021, 5, 25)
    act(app, "assign", receipts[1], 1, CLERK, unit_id="zjj", deadline=deadline, person="王工")
    act(app, "close", receipts[1], 2, UNIT, result="已足额支付", amount_recovered="8000")
    act(app, "assign", receipts[2], 1, CLERK, unit_id="zjj", deadline=deadline, leader="县长")
    clock.set("2021-06-01T10:00")
    return receipts


def test_a_backup_restored_into_a_new_database_gives_the_same_cases_and_report(
    app: Flask,
    make_app: Callable[..., Flask],
    worked_month: list[str],
    fresh_database_url: str,
    queue_path: Path,
    tmp_path: Path,
    file_complaint: Callable[..., str],
) -> None:
    backups = tmp_path / "backups"
    code, output = cli(app, "office", "backup", backups)
    assert (code, output) == (
        0,
        f"backup written to {backups / '2021-06-01T100000'}: "
        "cases 3, events 3, accounts 1, queue lines 3\n",
    )
    assert backups.stat().st_mode & 0o777 == 0o700
    folder = backups / "2021-06-01T100000"
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in folder.iterdir())
    with office_of(app).session() as session:
        logged = session.execute(select(AccessRecord.action, AccessRecord.detail)).all()
    assert logged == [("backup", "2021-06-01T100000: 3 cases")]
    before = tables(app)
    report = ["complaints", "report", "--month", "2021-05", "--format", "json", "--as", "张敏"]
    report_before = cli(app, *report)
    assert report_before[0] == 0, report_before
    assert json.loads(report_before[1])["closed"] == 1

    # The machine is lost: a new database, and no queue file at the queue's path.
    queue_path.unlink()
    restored = make_app(OFFICE_DATABASE_URL=fresh_database_url)
    code, output = cli(restored, "office", "restore", backups)
    target = make_url(fresh_database_url).render_as_string(hide_password=True)
    assert (code, output) == (
        0,
        f"restored {folder} into {target}: cases 3, events 3, accounts 1, queue lines 3\n"
        f"complaints.jsonl restored to {queue_path}\n"
        "next: flask --app intake_api complaints sync  "
        "(imports the complaints received after the backup)\n",
    )
    assert tables(restored) == before
    assert cli(restored, *report) == report_before
    # The restored queue file is a new file, yet the import carries on with it.
    file_complaint(employer="丁公司")
    assert sync(restored) == 1


def test_an_existing_queue_is_kept_and_imported_from_where_the_backup_left_off(
    app: Flask,
    make_app: Callable[..., Flask],
    worked_month: list[str],
    fresh_database_url: str,
    queue_path: Path,
    tmp_path: Path,
    file_complaint: Callable[..., str],
) -> None:
    assert cli(app, "office", "backup", tmp_path / "backups")[0] == 0
    file_complaint(employer="备份之后公司")  # after the backup: only in the queue file
    queued = queue_path.read_bytes()
    restored = make_app(OFFICE_DATABASE_URL=fresh_database_url)
    code, output = cli(restored, "office", "restore", tmp_path / "backups")
    assert code == 0
    assert f"{queue_path} exists and was kept as it is (a restore never overwrites it)" in output
    assert queue_path.read_bytes() == queued
    assert sync(restored) == 1


def test_a_database_with_cases_is_never_restored_over(
    app: Flask, worked_month: list[str], tmp_path: Path, database_url: str
) -> None:
    assert cli(app, "office", "backup", tmp_path / "backups")[0] == 0
    before = tables(app)
    code, output = cli(app, "office", "restore", tmp_path / "backups")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        where, aside = url.database, f"or move {url.database} aside "
    else:
        where, aside = url.render_as_string(hide_password=True), ""
    assert (code, output) == (
        1,
        f"Error: the database {where} already holds 3 cases; a restore never writes over "
        f"cases: point OFFICE_DATABASE_URL at a new, empty database {aside}"
        "and run restore again\n",
    )
    assert tables(app) == before


def test_a_backup_verifies_and_a_tampered_one_does_not(
    app: Flask, worked_month: list[str], tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    assert cli(app, "office", "backup", backups)[0] == 0
    folder = backups / "2021-06-01T100000"
    database = json.loads((folder / "manifest.json").read_text())["database"]
    copy = "office.sqlite3" if database == "sqlite" else "office.pgdump"
    checked = "integrity check ok" if database == "sqlite" else "pg_restore reads its contents"
    assert cli(app, "office", "verify-backup", backups) == (
        0,
        f"backup {folder}: made 2021-06-01T10:00:00+08:00 from a {database} database at "
        f"schema revision {HEAD}\n"
        "2 files: sizes and SHA-256 checksums as in the manifest\n"
        f"{copy}: {checked}; cases 3, events 3, accounts 1\n"
        "complaints.jsonl: 3 lines, each a whole JSON record\n"
        "backup verified\n",
    )
    queue_copy = folder / "complaints.jsonl"
    queue_copy.write_bytes(queue_copy.read_bytes().replace(b"13900001111", b"13900001112"))
    (folder / copy).unlink()
    code, output = cli(app, "office", "verify-backup", folder)
    assert code == 1
    assert output.splitlines()[-3:] == [
        "error: complaints.jsonl: checksum differs from the manifest (changed?)",
        f"error: {copy}: missing",
        f"Error: the backup in {folder} does not verify",
    ]
    assert cli(app, "office", "restore", folder) == (
        1,
        f"Error: {folder} failed verification; nothing was restored:\n"
        "complaints.jsonl: checksum differs from the manifest (changed?)\n"
        f"{copy}: missing\n",
    )


def test_a_wal_file_left_from_a_moved_database_stops_the_restore(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    upgrade(engine)
    backup = make_backup(engine, tmp_path / "complaints.jsonl", tmp_path / "backups", NOW)
    engine.dispose()
    target = tmp_path / "new" / "office.sqlite3"
    target.parent.mkdir()
    (target.parent / "office.sqlite3-wal").write_bytes(b"frames of the old database")
    with pytest.raises(BackupError) as refused:
        restore_backup(backup.folder, f"sqlite:///{target}", tmp_path / "complaints.jsonl")
    assert str(refused.value) == (
        f"{target}-wal is left from a database that is no longer there: move it and "
        "office.sqlite3-shm aside with the old database, then run restore again"
    )
    assert not target.exists()


def test_a_file_or_the_published_site_is_refused_as_the_backup_folder(
    app: Flask, tmp_path: Path
) -> None:
    taken = tmp_path / "backups"
    taken.write_text("not a folder")
    assert cli(app, "office", "backup", taken) == (1, f"Error: {taken} is a file, not a folder\n")
    published = tmp_path / "output" / "backups"
    assert cli(app, "office", "backup", published) == (
        1,
        f"Error: {published} is inside the site folder {tmp_path / 'output'}, which is "
        "published: a backup holds every worker's personal data\n",
    )
    assert not published.exists()


# Appends complaints of about 3 KB each until the stop file appears.
APPENDER = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from intake_api.queue.complaint_queue import ComplaintQueue

queue, stop = ComplaintQueue(Path(sys.argv[1])), Path(sys.argv[2])
fields = {"name": "王小明", "phone": "13812345678", "description": "工资没有发。" * 500}
print("appending", flush=True)
while not stop.exists():
    queue.append(fields, received_at=datetime.now(timezone.utc), channel="online", source="t")
"""


def test_a_backup_while_complaints_are_appended_copies_only_whole_lines(tmp_path: Path) -> None:
    queue, stop = tmp_path / "queue" / "complaints.jsonl", tmp_path / "stop"
    engine = make_engine(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    upgrade(engine)
    with subprocess.Popen(
        [sys.executable, "-c", APPENDER, str(queue), str(stop)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    ) as appender:
        try:
            assert appender.stdout.readline() == "appending\n"
            backups = [make_backup(engine, queue, tmp_path / "backups", NOW) for _ in range(8)]
        finally:
            stop.touch()
            assert appender.wait(timeout=30) == 0
            engine.dispose()
    final = queue.read_bytes()
    counts = []
    for backup in backups:
        copy = (backup.folder / "complaints.jsonl").read_bytes()
        assert copy.endswith(b"\n") and final.startswith(copy)
        lines = copy.splitlines()
        assert all(json.loads(line)["fields"]["description"].endswith("发。") for line in lines)
        assert len(lines) == backup.manifest["counts"]["queue_lines"]
        counts.append(len(lines))
    assert counts == sorted(counts) and len(set(counts)) > 1  # taken while the queue grew


# Runs the backup command with files limited to 1 MB, as on a nearly full disk.
LIMITED = """
import resource, runpy, signal, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write instead of a killed process
sys.argv = ["flask", "--app", "intake_api", "office", "backup", sys.argv[1]]
runpy.run_module("flask", run_name="__main__")
"""


def test_a_backup_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path) -> None:
    pytest.importorskip("resource")
    queue, backups = tmp_path / "queue" / "complaints.jsonl", tmp_path / "backups"
    queue.parent.mkdir()
    line = json.dumps({"receipt": "x", "fields": {"description": "工资没有发。" * 200}})
    queue.write_text((line + "\n") * 1000, encoding="utf-8")  # about 3.6 MB
    queue.chmod(0o600)
    environment = {
        **os.environ,
        "SECRET_KEY": SECRET,
        "INTAKE_QUEUE": str(queue),
        "INTAKE_INSTANCE_PATH": str(tmp_path / "instance"),
        "INTAKE_SITE_DIR": str(tmp_path / "output"),
        "OFFICE_DATABASE_URL": f"sqlite:///{tmp_path / 'office.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, str(backups)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: cannot write the backup in {backups}: File too large\n",
    )
    assert list(backups.iterdir()) == []
