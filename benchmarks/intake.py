"""Intake throughput and latency, durable, on both queues, against a no-op endpoint.

Starts one gunicorn per queue backend, each with 4 worker processes on 127.0.0.1 (sync
workers, as in the deploy command of docs/intake.md; ``--workers N`` tries another count,
``--threads N`` gthread workers):
one on a queue file (group-commit fsync), one on a PostgreSQL queue (a throwaway cluster of
tests/database_server.py, restarted with ``fsync=on`` so that a commit waits for the disk as
in production; skipped with a message when PostgreSQL is not installed). It warms every path
up, then alternates equal-length phases of closed-loop load against ``POST /bench/noop``
(same app, same middleware, same body; answers without doing anything) and
``POST /api/complaints`` on each backend. Prints the median over the rounds of requests per
second, p50/p99 latency, the app server's CPU per request and the PostgreSQL server's, the
load generator's own CPU (it shares the machine), and the ratios of each backend to the
no-op ceiling side by side. The load itself is in ``intake_load.py``; ``intake_path.py``
measures each request path's CPU in one process.

    python benchmarks/intake.py [--seconds 5] [--rounds 3] [--connections 8] [--workers 4]
        [--threads 1] [--backends file,postgresql]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from flask import Blueprint, Flask, Response, jsonify, request
from intake_load import Phase, http_request, phase
from sqlalchemy import text
from sqlalchemy.engine import make_url

from intake_api.queue.postgres_queue import is_postgres_setting, queue_engine

REPO = Path(__file__).resolve().parent.parent
COMPLAINT = {
    "name": "王小明",
    "phone": "13812345678",
    "employer": "宜良某建筑劳务有限公司",
    "work_location": "宜良县匡远街道某小区二期工地",
    "workers_affected": 12,
    "amount_owed": "86000.00",
    "owed_since": "2021-01",
    "description": "2020年10月到2021年1月在工地做钢筋工，包工头说年底结清，至今未付。" * 3,
    "reported_elsewhere": False,
    "rural_low_income": True,
    "consent": True,
}


def bench_app() -> Flask:
    """The real intake app plus a no-op endpoint behind the same front door.

    The no-op passes the same middleware, headers and per-address rate limit as the intake
    (in its own blueprint), reads the body and answers 201 without parsing or storing it.
    """
    from intake_api import create_app

    bench = Blueprint("bench", __name__)

    @bench.post("/bench/noop")
    def noop() -> tuple[Response, int]:
        request.get_data()
        return jsonify(receipt="0" * 12, received_at="2021-04-12T09:00:00+08:00"), 201

    app = create_app()
    app.register_blueprint(bench)
    [limiter] = app.extensions["limiter"]
    limiter.shared_limit(app.config["RATE_LIMIT"], scope="bench", methods=["POST"])(bench)
    return app


def bench_settings(queue: str, folder: Path) -> dict[str, str]:
    """The app's settings for a benchmark on ``queue``: limits far above any load."""
    return {
        "SECRET_KEY": secrets.token_hex(32),
        "INTAKE_QUEUE": queue,
        "INTAKE_INSTANCE_PATH": str(folder / "instance"),
        "INTAKE_RATE_LIMIT": "10000000 per minute",
        "INTAKE_GLOBAL_PER_MINUTE": "10000000",
        "INTAKE_GLOBAL_PER_HOUR": "10000000",
        "INTAKE_SERVE_SITE": "false",
    }


def backend_queues(stack: contextlib.ExitStack, folder: Path, wanted: list[str]) -> dict[str, str]:
    """The queue setting of each wanted backend (a throwaway PostgreSQL where installed)."""
    queues = {"file": str(folder / "file" / "complaints.jsonl")} if "file" in wanted else {}
    if "postgresql" in wanted:
        url = stack.enter_context(durable_postgres())
        if url is None:
            print(NO_POSTGRES)
        else:
            queues["postgresql"] = url
    return queues


def start_server(
    queue: str, folder: Path, port: int, workers: int, threads: int
) -> subprocess.Popen:
    """gunicorn: ``workers`` of ``threads`` threads on 127.0.0.1 on ``queue``, or exit."""
    env = {**os.environ, **bench_settings(queue, folder)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--pythonpath",
            str(REPO / "benchmarks"),
            "--log-level",
            "warning",
            "intake:bench_app()",
        ],
        cwd=REPO,
        env=env,
        start_new_session=True,
        # The app logs one line per complaint, as in production: to a file, not the terminal.
        stderr=(folder / "server.log").open("ab"),
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"gunicorn on {queue} did not start (see {folder / 'server.log'})")


@contextlib.contextmanager
def durable_postgres() -> Iterator[str | None]:
    """A throwaway PostgreSQL cluster with ``fsync=on``: its URL, or None if not installed."""
    sys.path.insert(0, str(REPO / "tests"))
    from database_server import find_bindir, stop_cluster, throwaway_cluster

    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    with throwaway_cluster(bindir) as url:
        # The tests' clusters run without fsync; a benchmark of durable commits needs it.
        stop_cluster(bindir, url)
        root = Path(make_url(url).query["host"])
        options = f"-k {shlex.quote(str(root))} -c listen_addresses='' -c fsync=on"
        as_server = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        command = [str(bindir / "pg_ctl"), "start", "-w", "-D", str(root / "data")]
        command += ["-l", str(root / "server.log"), "-o", options]
        subprocess.run([*as_server, *command], cwd=root, check=True, capture_output=True)
        yield url


def postmaster_pid(url: str) -> int:
    """The pid of the PostgreSQL server of a throwaway cluster's URL (its postmaster.pid)."""
    data = Path(make_url(url).query["host"]) / "data"
    return int((data / "postmaster.pid").read_text().split()[0])


def queue_lines(queue: str) -> int:
    """How many complaints ``queue`` (a file path or a PostgreSQL URL) holds."""
    if not is_postgres_setting(queue):
        return sum(1 for _ in Path(queue).open("rb"))
    engine = queue_engine(queue)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM complaint_queue")).scalar_one()
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


NO_POSTGRES = "postgresql: skipped, PostgreSQL is not installed here (apt-get install postgresql)"
_ROWS = (
    ("req/s", "rate", "{:.0f}"),
    ("p50 ms", "p50", "{:.2f}"),
    ("p99 ms", "p99", "{:.2f}"),
    ("server CPU ms/req", "server_cpu", "{:.2f}"),
    ("  of which system", "server_system", "{:.2f}"),
    ("PostgreSQL CPU", "database_cpu", "{:.2f}"),
    ("client CPU ms/req", "client_cpu", "{:.2f}"),
)


def report(noop: Phase, backends: dict[str, Phase], written: dict[str, int]) -> None:
    """The figures of the no-op and of each backend side by side, then the ratios."""
    columns = {"noop": noop, **backends}
    print(f"{'':20}" + "".join(f"{name:>12}" for name in columns))
    for label, attribute, form in _ROWS:
        if attribute == "database_cpu" and "postgresql" not in backends:
            continue
        values = (form.format(getattr(figures, attribute)) for figures in columns.values())
        print(f"{label:20}" + "".join(f"{value:>12}" for value in values))
    print(f"{'written':20}{'':12}" + "".join(f"{written[name]:>12}" for name in backends))
    ratios = (
        ("throughput / noop", lambda f: f.rate / noop.rate, ">= 0.85"),
        ("p99 / noop", lambda f: f.p99 / noop.p99, "<= 1.2"),
    )
    for label, ratio, aim in ratios:
        values = "".join(f"{ratio(figures):>12.2f}" for figures in backends.values())
        print(f"{label:20}{'':12}{values}   (aim {aim})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=3, help="phases per endpoint")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--backends", default="file,postgresql", help="queues to measure")
    parser.add_argument("--verbose", action="store_true", help="print every round")
    args = parser.parse_args()
    wanted = args.backends.split(",")
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        queues = backend_queues(stack, folder, wanted)
        if not queues:
            raise SystemExit("no backend to measure")
        servers: dict[str, tuple[int, subprocess.Popen]] = {}
        for name, queue in queues.items():
            (folder / name).mkdir(exist_ok=True)
            port = free_port()
            server = start_server(queue, folder / name, port, args.workers, args.threads)
            servers[name] = port, server
            stack.callback(_stop, servers[name][1])
        database = postmaster_pid(queues["postgresql"]) if "postgresql" in queues else None
        body = json.dumps(COMPLAINT, ensure_ascii=False).encode()
        # The no-op on the first server: every server runs the same app, the no-op is theirs.
        loads = [("noop", *servers[next(iter(servers))], "/bench/noop")]
        loads += [(name, *servers[name], "/api/complaints") for name in servers]
        for _, port, server, path in loads:  # every worker, every path
            phase(port, http_request(path, port, body), args.warmup, args.connections, server.pid)
        results: dict[str, list[Phase]] = {name: [] for name, *_ in loads}
        for number in range(args.rounds):
            for name, port, server, path in loads:
                payload = http_request(path, port, body)
                on_database = database if name == "postgresql" else None
                figures = phase(
                    port, payload, args.seconds, args.connections, server.pid, on_database
                )
                results[name].append(figures)
                if args.verbose:
                    print(f"round {number + 1} {_line(name, figures)}")
        written = {name: queue_lines(queue) for name, queue in queues.items()}
    medians = {name: Phase.median(phases) for name, phases in results.items()}
    print(
        f"gunicorn -w {args.workers} --threads {args.threads}, {args.connections} connections, "
        f"{args.rounds}x{args.seconds:g} s per endpoint (medians), every acknowledgement after "
        f"its fsync or commit, {os.cpu_count()} CPUs shared with the load generator"
        + (" and PostgreSQL" if "postgresql" in queues else "")
    )
    report(medians.pop("noop"), medians, written)


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def _line(name: str, figures: Phase) -> str:
    return (
        f"{name:>10}: {figures.rate:7.1f} req/s  p50 {figures.p50:6.2f} ms  "
        f"p99 {figures.p99:6.2f} ms  server CPU {figures.server_cpu:4.2f} ms/req "
        f"({figures.server_system:4.2f} system)  PostgreSQL CPU {figures.database_cpu:4.2f} "
        f"ms/req  client CPU {figures.client_cpu:4.2f} ms/req"
    )


if __name__ == "__main__":
    main()
