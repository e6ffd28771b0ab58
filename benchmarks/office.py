"""The office's casework at 100,000 complaints: importing the queue, and the case list.

1. **sync**: writes a queue file of N realistic complaints (varied names, phones with many
   repeats for the duplicate finder, employers, amounts, months, walk-ins at sessions),
   then times ``complaints sync`` of all N new lines into a fresh database, in a fresh
   process (aim: under 20 s for 100,000), with that process's peak memory during it.
2. **case list**: with those cases in the database (some assigned to units, some closed,
   a few duplicates and junk), times ``GET /office/cases?...`` through the real Flask app,
   signed in as a clerk, over a set of varied filters and searches, and the same queries
   through ``select_cases`` + ``page_of`` alone (aim: p95 under 200 ms).

    python benchmarks/office.py [--complaints 100000] [--requests 200] [--postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Flask
from office_data import CLERK, PASSWORD, bulk_handle, list_queries, write_queue

REPO = Path(__file__).resolve().parent.parent

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2023, 1, 16, 10, 0, tzinfo=SHANGHAI)  # after the last complaint (2022-12)


def make_app(folder: Path, database_url: str) -> Flask:
    """The real app on the benchmark's queue and database, with a fixed clock."""
    from intake_api import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(32),
            "QUEUE_PATH": str(folder / "complaints.jsonl"),
            "OFFICE_DATABASE_URL": database_url,
            "INSTANCE_PATH": str(folder / "instance"),
            "SITE_DIR": str(folder / "output"),
            "SERVE_SITE": False,
            "WTF_CSRF_ENABLED": False,
            "CLOCK": lambda: NOW,
        }
    )


def _memory_mib(field: str) -> float | None:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process in MiB; None outside Linux."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    line = next((line for line in status.splitlines() if line.startswith(field + ":")), None)
    return None if line is None else int(line.split()[1]) / 1024


def _sync_child(folder: str, database_url: str, out: multiprocessing.Queue) -> None:
    """In a fresh process: open (and migrate) the database, then time one sync of everything.

    The peak is reset after start-up (Linux keeps a process's peak across fork and exec, so
    it would otherwise be the parent's), and read after the sync: the sync's own peak.
    """
    app = make_app(Path(folder), database_url)
    office = app.extensions["office"]
    office.database.engine  # noqa: B018  (migrate before the clock starts)
    before = _memory_mib("VmRSS")
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # peak := now
    started = time.perf_counter()
    with office.session() as session:
        result = office.sync(session)
    seconds = time.perf_counter() - started
    out.put((seconds, result.imported, len(result.problems), before, _memory_mib("VmHWM")))


def time_sync(
    folder: Path, database_url: str
) -> tuple[float, int, int, float | None, float | None]:
    """(seconds, imported, problems, MiB before, peak MiB) of one sync in a fresh process."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=_sync_child, args=(str(folder), database_url, out))
    child.start()
    figures = out.get(timeout=3600)
    child.join()
    return figures


def _quantiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and max, in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, max(samples) * 1000


def time_case_list(folder: Path, database_url: str, requests: int) -> dict[str, object]:
    """Latency of the case list over HTTP and of the query alone, for varied queries."""
    from sqlalchemy import func, select
    from werkzeug.datastructures import MultiDict

    from intake_api.office.accounts import create_user
    from intake_api.office.case_query import page_of, select_cases
    from intake_api.office.casework import Actor
    from intake_api.office.console.case_filter_form import read_filter
    from intake_api.office.models import Case
    from intake_api.public.content import channel_names

    app = make_app(folder, database_url)
    office = app.extensions["office"]
    with office.session() as session:
        handled = bulk_handle(session, office.unit_names(), random.Random(7))
        create_user(session, CLERK, "clerk", PASSWORD, unit_id=None, units={}, now=NOW)
        samples = session.execute(select(Case.receipt, Case.phone, Case.name, Case.employer))
        queries = list_queries(samples.all(), office, random.Random(11), requests)
        total = session.execute(select(func.count()).select_from(Case)).scalar_one()
    client = app.test_client()
    answer = client.post("/office/login", data={"name": CLERK, "password": PASSWORD})
    if answer.status_code != 303:
        raise SystemExit(f"could not sign in: {answer.status_code}")
    for query in queries[:5]:  # warm up the pool, the templates and SQLite's page cache
        client.get("/office/cases", query_string=query)
    http, direct, both, slowest = [], [], [], []
    actor, rules = Actor(CLERK, "clerk"), office.rules()
    units, channels = office.unit_names(), channel_names(office.site)
    for query in queries:
        started = time.perf_counter()
        answer = client.get("/office/cases", query_string=query)
        elapsed = time.perf_counter() - started
        if answer.status_code != 200:
            raise SystemExit(f"/office/cases?{query} answered {answer.status_code}")
        http.append(elapsed)
        slowest = sorted([*slowest, (elapsed, urlencode(query))], reverse=True)[:3]
        if query.get("q") and len(query) > 1:
            both.append(elapsed)
        wanted, _ = read_filter(MultiDict(query), units, channels)
        started = time.perf_counter()
        with office.session() as session:
            page_of(session, select_cases(wanted, actor, rules), int(query.get("page", 1)))
        direct.append(time.perf_counter() - started)
    office.database.dispose()
    return {
        "cases": total,
        "handled": handled,
        "http": _quantiles(http),
        "filter_and_search": (_quantiles(both), len(both)),
        "query": _quantiles(direct),
        "requests": len(queries),
        "slowest": slowest,
    }


def run(folder: Path, database_url: str, complaints: int, requests: int, label: str) -> None:
    """Both measurements on one database; prints the figures."""
    started = time.perf_counter()
    size = write_queue(folder / "complaints.jsonl", complaints, random.Random(3), REPO)
    print(
        f"[{label}] queue of {complaints:,} complaints written ({size / 2**20:.0f} MiB) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    seconds, imported, problems, before, peak = time_sync(folder, database_url)
    memory = "n/a" if peak is None else f"{peak:.0f} MiB (at start {before:.0f} MiB)"
    print(
        f"[{label}] sync: {imported:,} imported, {problems} problems in {seconds:.1f} s "
        f"= {imported / seconds:,.0f} lines/s (aim: {complaints:,} in < 20 s); "
        f"peak RSS {memory}"
    )
    figures = time_case_list(folder, database_url, requests)
    handled = figures["handled"]
    print(
        f"[{label}] case list over {figures['cases']:,} cases ({handled}), "
        f"{figures['requests']} requests of varied filters and searches, 50 a page:"
    )
    (both, count) = figures["filter_and_search"]
    for name, (p50, p95, worst) in (
        ("GET /office/cases (all)", figures["http"]),
        (f"GET, filter + search ({count})", both),
        ("select_cases + page_of", figures["query"]),
    ):
        print(f"  {name:<32} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {worst:6.1f} ms")
    print("  (aim: p95 < 200 ms); slowest requests:")
    for elapsed, query in figures["slowest"]:
        print(f"  {elapsed * 1000:6.1f} ms  /office/cases?{query}")


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster's empty database (tests/database_server.py)."""
    sys.path.insert(0, str(REPO / "tests"))
    from database_server import find_bindir, throwaway_cluster

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed here (apt-get install postgresql)")
    with throwaway_cluster(bindir) as url:
        yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="case list requests")
    parser.add_argument(
        "--postgres", action="store_true", help="also on a throwaway PostgreSQL cluster"
    )
    parser.add_argument(
        "--keep", type=Path, help="work in this new folder and leave it there (SQLite only)"
    )
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPU(s)")
    with contextlib.ExitStack() as stack:
        if args.keep:
            args.keep.mkdir(parents=True)
            root = args.keep
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="office-bench-")))
        (root / "sqlite").mkdir()
        url = f"sqlite:///{root / 'sqlite' / 'office.sqlite3'}"
        run(root / "sqlite", url, args.complaints, args.requests, "SQLite")
        if args.postgres:
            (root / "postgresql").mkdir()
            with postgres_cluster() as url:
                run(root / "postgresql", url, args.complaints, args.requests, "PostgreSQL")


if __name__ == "__main__":
    main()
