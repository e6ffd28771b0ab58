"""A throwaway PostgreSQL cluster for the tests, on a Unix socket in a temporary folder."""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import stat
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEBIAN_VERSIONS = Path("/usr/lib/postgresql")
DATABASE = "test"
# UTF-8 without an OS locale (C collation): the same on every machine, whatever locales it has.
INITDB_OPTIONS = ("--auth=trust", "-U", "postgres", "--encoding=UTF8", "--no-locale")
# PostgreSQL refuses to run as root; Debian's package creates this user for it.
SERVER_USER = "postgres"


def find_bindir() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, else Debian's newest; None if absent."""
    on_path = shutil.which("initdb")
    candidates = [Path(on_path).resolve().parent] if on_path else []
    candidates += sorted(DEBIAN_VERSIONS.glob("*/bin"), key=_version, reverse=True)
    return next((bindir for bindir in candidates if (bindir / "pg_ctl").exists()), None)


def _version(bindir: Path) -> tuple[int, ...]:
    """``/usr/lib/postgresql/9.6/bin`` -> ``(9, 6)``, so that 16 sorts after 9.6."""
    return tuple(int(part) for part in bindir.parent.name.split(".") if part.isdigit())


@contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[str]:
    """Start a private cluster with an empty database; yield its SQLAlchemy URL; then remove it."""
    root = Path(tempfile.mkdtemp(prefix="pg-"))
    try:
        _hand_over(root)
        data = root / "data"
        _run(bindir / "initdb", "-D", data, *INITDB_OPTIONS, cwd=root)
        _start(bindir, data, socket_dir=root)
        try:
            _run(bindir / "createdb", "-h", root, "-U", "postgres", DATABASE, cwd=root)
            yield f"postgresql+psycopg://postgres@/{DATABASE}?host={root}"
        finally:
            _run(bindir / "pg_ctl", "stop", "-m", "immediate", "-D", data, cwd=root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def stop_cluster(bindir: Path, url: str) -> None:
    """Stop the server of a ``throwaway_cluster`` URL at once (as a crash would; tests only)."""
    root = Path(make_url(url).query["host"])
    _run(bindir / "pg_ctl", "stop", "-m", "immediate", "-D", root / "data", cwd=root)


def start_cluster(bindir: Path, url: str) -> None:
    """Start again the server of a ``throwaway_cluster`` URL that ``stop_cluster`` stopped."""
    root = Path(make_url(url).query["host"])
    _start(bindir, root / "data", socket_dir=root)


@contextmanager
def fresh_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty database on the server at ``server_url``; dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _as_server_user() -> list[str]:
    """The command prefix that runs a server program as a user PostgreSQL accepts."""
    return ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []


def _hand_over(root: Path) -> None:
    """When we are root, give the folder to the server user, who must be able to reach it."""
    if os.geteuid() != 0:
        return
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        raise RuntimeError(
            f"running as root needs the OS user {SERVER_USER!r} to run PostgreSQL"
        ) from None
    for parent in root.parents:
        if not parent.stat().st_mode & stat.S_IXOTH:
            raise RuntimeError(f"{SERVER_USER} cannot enter {parent}: set TMPDIR to another folder")
    shutil.chown(root, SERVER_USER, SERVER_USER)


def _start(bindir: Path, data: Path, socket_dir: Path) -> None:
    """Start the server on a socket in ``socket_dir`` only (no TCP), without fsync: tests only."""
    log = socket_dir / "server.log"
    options = f"-k {shlex.quote(str(socket_dir))} -c listen_addresses='' -c fsync=off"
    try:
        _run(bindir / "pg_ctl", "start", "-w", "-D", data, "-l", log, "-o", options, cwd=socket_dir)
    except RuntimeError as error:
        server_log = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        raise RuntimeError(f"{error}\n{server_log}") from None


def _run(*command: str | Path, cwd: Path) -> None:
    """Run a PostgreSQL program as the server user; raise with its output if it fails."""
    args = [*_as_server_user(), *map(str, command)]
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{shlex.join(args)} failed:\n{result.stdout}{result.stderr}")
